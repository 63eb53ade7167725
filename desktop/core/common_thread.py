"""The common thread for a group PD day: the few offerings that serve the most teachers.

Maximum coverage: choose K offerings so that as many teachers as possible have at
least one of their top needs addressed. For small catalogs the exact optimum is
found by trying every combination; beyond ``EXACT_LIMIT`` combinations the
greedy choice (best new coverage first) is used, which is always within 63% of
the optimum and in practice at or near it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import comb

EXACT_LIMIT = 20_000


@dataclass(frozen=True)
class Pick:
    offering_id: str
    serves: frozenset[str]          # teacher ids newly served by this pick
    also_serves: frozenset[str]     # served by it, but already served by an earlier pick


@dataclass(frozen=True)
class PdDayPlan:
    picks: list[Pick]
    served: frozenset[str]
    left_out: frozenset[str]
    method: str                     # "exact" or "greedy"


def _reach(needs: dict[str, set[str]], addresses: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """offering id -> teachers one of whose top needs it addresses."""
    return {
        offering: frozenset(teacher for teacher, codes in needs.items() if codes & set(codes_of))
        for offering, codes_of in addresses.items()
    }


def _order(chosen: list[str], reach: dict[str, frozenset[str]]) -> list[Pick]:
    """Lay picks out biggest contribution first, so 'serves' reads naturally."""
    remaining, served, picks = list(chosen), set(), []
    while remaining:
        best = max(remaining, key=lambda o: (len(reach[o] - served), len(reach[o]), o))
        picks.append(Pick(best, frozenset(reach[best] - served), frozenset(reach[best] & served)))
        served |= reach[best]
        remaining.remove(best)
    return picks


def greedy_choice(reach: dict[str, frozenset[str]], k: int) -> list[str]:
    chosen: list[str] = []
    served: set[str] = set()
    for _ in range(min(k, len(reach))):
        best, best_key = None, (-1, -1)
        for offering in sorted(reach):  # sorted: ties go to the first id, reproducibly
            key = (len(reach[offering] - served), len(reach[offering]))
            if offering not in chosen and key > best_key:
                best, best_key = offering, key
        if best is None or (best_key[0] == 0 and chosen):
            break
        chosen.append(best)
        served |= reach[best]
    return chosen


def exact_choice(reach: dict[str, frozenset[str]], k: int) -> list[str]:
    best: tuple[int, int] = (-1, -1)
    best_set: tuple[str, ...] = ()
    for combo in combinations(sorted(reach), min(k, len(reach))):
        covered = frozenset().union(*(reach[o] for o in combo))
        key = (len(covered), sum(len(reach[o]) for o in combo))
        if key > best:
            best, best_set = key, combo
    return list(best_set)


def plan_pd_day(needs: dict[str, set[str]], addresses: dict[str, set[str]], k: int) -> PdDayPlan:
    """*needs*: teacher id -> their top need indicator codes; *addresses*: offering id -> codes."""
    reach = _reach(needs, addresses)
    if k <= 0 or not reach:
        return PdDayPlan([], frozenset(), frozenset(needs), "exact")
    exact = comb(len(reach), min(k, len(reach))) <= EXACT_LIMIT
    chosen = exact_choice(reach, k) if exact else greedy_choice(reach, k)
    picks = _order(chosen, reach)
    served = frozenset().union(*(pick.serves for pick in picks)) if picks else frozenset()
    return PdDayPlan(picks, served, frozenset(needs) - served, "exact" if exact else "greedy")


def cohorts_by_need(needs_ranked: dict[str, list[str]], min_size: int = 2) -> dict[str, list[str]]:
    """Group teachers into cohorts (PLCs) by their first need shared with others.

    Each teacher joins the cohort of the highest-ranked need of theirs that at least
    *min_size* teachers share; teachers with no shared need are under ``""``.
    """
    counts: dict[str, int] = {}
    for codes in needs_ranked.values():
        for code in set(codes):
            counts[code] = counts.get(code, 0) + 1
    cohorts: dict[str, list[str]] = {}
    for teacher in sorted(needs_ranked):
        shared = [code for code in needs_ranked[teacher] if counts.get(code, 0) >= min_size]
        cohorts.setdefault(shared[0] if shared else "", []).append(teacher)
    return dict(sorted(cohorts.items(), key=lambda item: (item[0] == "", -len(item[1]), item[0])))
