"""The common thread for a group PD day: the few offerings that serve the most teachers.

The question: choose at most K offerings for the day, and who goes to which, so that as
many teachers as possible get a place in one that addresses one of their top needs,
where

* an offering holds no more people than its free seats (its capacity less the seats
  already taken, and no more than its rooms hold);
* a teacher only goes where they fit: an offering that names subjects, grades or a range
  of years of experience is for those teachers only;
* nobody is in two places at once: a teacher is not given an offering whose sessions
  overlap PD they are already enrolled in, nor two of the day's offerings that overlap;
* two of the day's offerings do not use the same room at the same time;
* a teacher already enrolled in an offering keeps their seat (and is served by it);
  one who completed it is not sent again.

For a chosen set of offerings, the most teachers that can be placed is a maximum flow
(teachers → offerings they may take → seats); teachers with the same choices are
counted together, so this costs the same for a district as for a school. The number
served is a monotone submodular function of the set (the rank of a transversal
matroid), so a branch-and-bound search that adds offerings one at a time can stop a
branch as soon as the sum of the best remaining single additions cannot beat the best
plan found. When that search finishes within :data:`SEARCH_LIMIT` evaluations, the plan
is **the best possible**; otherwise the plan is the best found (greedy, then improved by
swapping picks) and said to be **a good approximation**, with the most any plan could
serve (:attr:`PdDayPlan.bound`).

Once the day's offerings are set, teachers who are served and fit another of them that
serves a need, has a seat left and does not clash, get that place too (never a seat an
unserved teacher could have had: the flow is already maximal). Seats go in the order the
teachers are given (the caller states it; see :func:`desktop.core.pd_menu.common_thread`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

SEARCH_LIMIT = 60_000        # flow evaluations before the search settles for approximate
UNLIMITED = 10**9
ALL_SUBJECTS = "all subjects"


@dataclass(frozen=True)
class Slot:
    """A stretch of time, where it is held, and what it is (for saying what clashes)."""

    starts: datetime
    ends: datetime
    room: str = ""               # "" or "online": no room to clash over
    label: str = ""

    def overlaps(self, other: Slot) -> bool:
        return self.starts < other.ends and other.starts < self.ends

    @property
    def room_key(self) -> str:
        key = " ".join(self.room.split()).casefold()
        return "" if key in ("", "online") else key


@dataclass(frozen=True)
class Teacher:
    id: str
    needs: frozenset[str]                         # their top need indicator codes
    subjects: frozenset[str] = frozenset()        # as the staff list has them, any case
    grades: frozenset[str] = frozenset()
    years: int | None = None
    busy: tuple[Slot, ...] = ()                   # sessions of PD they are enrolled in
    enrolled_in: frozenset[str] = frozenset()     # offerings they hold a seat in
    completed: frozenset[str] = frozenset()
    waiting_for: frozenset[str] = frozenset()     # offerings they are on the waitlist of


@dataclass(frozen=True)
class Candidate:
    id: str
    codes: frozenset[str]
    seats: int | None = None                      # free places; None: no limit
    sessions: tuple[Slot, ...] = ()
    subjects: frozenset[str] = frozenset()        # who it is for; empty: everyone
    grades: frozenset[str] = frozenset()
    min_years: int | None = None
    max_years: int | None = None


@dataclass(frozen=True)
class Unserved:
    """Why a teacher has no place: *kind* and the offerings concerned, with plain words."""

    kind: str            # no_needs, not_addressed, not_for_them, clash, full, completed, waiting
    offering_ids: tuple[str, ...] = ()
    words: str = ""


@dataclass(frozen=True)
class PdDayPlan:
    picks: tuple[str, ...]                        # offering ids, the one serving most first
    places: dict[str, tuple[str, ...]]            # offering id -> teacher ids, in seat order
    first_places: dict[str, str]                  # teacher id -> the offering that serves them
    served: frozenset[str]
    unserved: dict[str, Unserved]
    method: str                                   # "exact" or "approximate"
    bound: int                                    # no plan serves more than this
    group_size: int
    evaluations: int = 0

    @property
    def exact(self) -> bool:
        return self.method == "exact"

    def places_of(self, teacher_id: str) -> list[str]:
        return [offering for offering in self.picks if teacher_id in self.places.get(offering, ())]


# --- who may go where ----------------------------------------------------------------------------

def _folded(values) -> frozenset[str]:
    return frozenset(" ".join(str(v).split()).casefold() for v in values if str(v).strip())


_GRADE_ORDER = ["pk", "k"] + [str(n) for n in range(1, 13)]
_GRADE_WORDS = {"prek": "pk", "pre-k": "pk", "pre k": "pk", "kindergarten": "k", "kg": "k", "0": "k"}


def _grade(word: str) -> str:
    word = " ".join(word.split()).casefold()
    word = _GRADE_WORDS.get(word, word)
    return word[len("grade "):] if word.startswith("grade ") else word


def grade_set(text: str) -> frozenset[str]:
    """'K, 1, 2' or 'K-2' or '6–8' -> {'k', '1', '2'} …; Pre-K and Kindergarten understood."""
    found: set[str] = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().casefold().replace("–", "-").replace("—", "-")
        for spelling in ("pre-k", "pre k", "prek"):
            part = part.replace(spelling, "pk")
        if not part:
            continue
        ends = [_grade(end) for end in part.split("-", 1)]
        if len(ends) == 2 and all(end in _GRADE_ORDER for end in ends):
            low, high = sorted(_GRADE_ORDER.index(end) for end in ends)
            found.update(_GRADE_ORDER[low:high + 1])
        else:
            found.add(_grade(part))
    return frozenset(found)


def subject_set(text: str) -> frozenset[str]:
    """'Mathematics, Art' -> {'Mathematics', 'Art'} (compared without regard to case)."""
    return frozenset(" ".join(part.split()) for part in (text or "").replace(";", ",").split(",")
                     if part.strip())


def years_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}–{high} years' experience"
    if high is not None:
        return f"up to {high} year{'s' if high != 1 else ''}' experience"
    return f"{low} or more years' experience"


def fit_problem(teacher: Teacher, offering: Candidate) -> str | None:
    """Why *offering* is not for *teacher* (plain words), or None when it fits."""
    if offering.subjects:
        theirs = _folded(teacher.subjects)
        if not theirs:
            return "it is for particular subjects and theirs are not on record"
        if ALL_SUBJECTS not in theirs and not theirs & _folded(offering.subjects):
            return f"it is for {', '.join(sorted(offering.subjects))} teachers"
    if offering.grades:
        theirs = frozenset().union(*(grade_set(g) for g in teacher.grades)) if teacher.grades else frozenset()
        if not theirs:
            return "it is for particular grades and theirs are not on record"
        wanted = frozenset().union(*(grade_set(g) for g in offering.grades))
        if not theirs & wanted:
            return f"it is for grades {', '.join(sorted(offering.grades))}"
    if offering.min_years is not None or offering.max_years is not None:
        words = years_words(offering.min_years, offering.max_years)
        if teacher.years is None:
            return f"it is for teachers with {words} and theirs is not on record"
        if offering.min_years is not None and teacher.years < offering.min_years or \
                offering.max_years is not None and teacher.years > offering.max_years:
            return f"it is for teachers with {words} (they have {teacher.years})"
    return None


def _clash(teacher: Teacher, offering: Candidate) -> Slot | None:
    for busy in teacher.busy:
        for session in offering.sessions:
            if busy.overlaps(session):
                return busy
    return None


def _sessions_clash(first: Candidate, second: Candidate) -> bool:
    return any(a.overlaps(b) for a in first.sessions for b in second.sessions)


def _room_clash(first: Candidate, second: Candidate) -> bool:
    return any(a.room_key and a.room_key == b.room_key and a.overlaps(b)
               for a in first.sessions for b in second.sessions)


@dataclass
class _Problem:
    teachers: list[Teacher]
    candidates: list[Candidate]
    eligible: list[int]                           # per teacher: bit mask over candidates
    holders: list[int]                            # per teacher: mask of candidates they hold a seat in
    caps: list[int]
    room_clashes: list[int]                       # per candidate: mask of candidates it clashes with
    # Column by column: per candidate, a bit per teacher who may take it (who holds a seat in it).
    may_take: list[int] = field(default_factory=list)
    holding: list[int] = field(default_factory=list)


def _problem(teachers: list[Teacher], candidates: list[Candidate]) -> _Problem:
    eligible, holders = [], []
    by_code: dict[str, set[int]] = {}
    for index, offering in enumerate(candidates):
        for code in offering.codes:
            by_code.setdefault(code, set()).add(index)
    positions = {offering.id: index for index, offering in enumerate(candidates)}
    for teacher in teachers:
        mask = hold = 0
        relevant = set().union(*(by_code.get(code, ()) for code in teacher.needs)) if teacher.needs else set()
        relevant |= {positions[o] for o in teacher.enrolled_in if o in positions}
        for index in sorted(relevant):
            offering = candidates[index]
            bit = 1 << index
            if offering.id in teacher.enrolled_in:
                if teacher.needs & offering.codes:
                    hold |= bit
                continue
            if offering.id in teacher.completed | teacher.waiting_for \
                    or not teacher.needs & offering.codes:
                continue
            if fit_problem(teacher, offering) is None and _clash(teacher, offering) is None:
                mask |= bit
        eligible.append(mask)
        holders.append(hold)
    caps = [UNLIMITED if c.seats is None else max(c.seats, 0) for c in candidates]
    clashes = [0] * len(candidates)
    by_room: dict[str, list[tuple[datetime, datetime, int]]] = {}
    for index, offering in enumerate(candidates):
        for session in offering.sessions:
            if session.room_key:
                by_room.setdefault(session.room_key, []).append((session.starts, session.ends, index))
    for booked in by_room.values():
        booked.sort()
        for position, (_starts, ends, index) in enumerate(booked):
            for other_starts, _other_ends, other in booked[position + 1:]:
                if other_starts >= ends:
                    break
                if other != index:
                    clashes[index] |= 1 << other
                    clashes[other] |= 1 << index
    problem = _Problem(teachers, candidates, eligible, holders, caps, clashes)
    problem.may_take = [0] * len(candidates)
    problem.holding = [0] * len(candidates)
    for number, (mask, hold) in enumerate(zip(eligible, holders, strict=True)):
        for column, bits in ((problem.may_take, mask), (problem.holding, hold)):
            while bits:
                low = bits & -bits
                column[low.bit_length() - 1] |= 1 << number
                bits ^= low
    return problem


# --- the number served by a set of offerings: a maximum flow --------------------------------------

def _partition(problem: _Problem, chosen: list[int], *, local: bool) -> tuple[int, list[tuple[int, int]]]:
    """The teachers holding a seat in one of *chosen* (a bit set), and the rest split by which
    of *chosen* they may take: (teachers, pattern) pairs, each pattern's bits the offerings'
    indexes (or, *local*, their positions in *chosen*)."""
    held = 0
    for index in chosen:
        held |= problem.holding[index]
    everyone = (1 << len(problem.teachers)) - 1
    parts = [(everyone & ~held, 0)]
    for position, index in enumerate(chosen):
        column, split, bit = problem.may_take[index], [], 1 << (position if local else index)
        for bits, pattern in parts:
            inside, outside = bits & column, bits & ~column
            if inside:
                split.append((inside, pattern | bit))
            if outside:
                split.append((outside, pattern))
        parts = split
    return held, parts


def _max_flow(problem: _Problem, chosen: list[int]) -> tuple[int, int, dict[tuple[int, int], int]]:
    """Teachers grouped by what they may take (restricted to *chosen*) into free seats.

    Teachers who hold a seat in one of *chosen* already are served without a new one.
    Returns how many hold a seat, the flow's size and, per (restricted mask, candidate
    index), how many with those choices are placed there.
    """
    caps = problem.caps
    held, parts = _partition(problem, chosen, local=False)
    holding = held.bit_count()
    types = {pattern: bits.bit_count() for bits, pattern in parts if pattern}
    if not types:
        return holding, 0, {}
    type_list = list(types)
    # Nodes: 0 source, 1..T types, T+1..T+K offerings, T+K+1 sink.
    t_count, k_count = len(type_list), len(chosen)
    sink = t_count + k_count + 1
    capacity: dict[tuple[int, int], int] = {}
    adjacency: list[list[int]] = [[] for _ in range(sink + 1)]

    def edge(a: int, b: int, c: int) -> None:
        if (a, b) not in capacity:
            adjacency[a].append(b)
            adjacency[b].append(a)
            capacity.setdefault((b, a), 0)
        capacity[(a, b)] = capacity.get((a, b), 0) + c

    for ti, mask in enumerate(type_list, start=1):
        edge(0, ti, types[mask])
        for kj, index in enumerate(chosen):
            if mask >> index & 1:
                edge(ti, t_count + 1 + kj, UNLIMITED)
    for kj, index in enumerate(chosen):
        edge(t_count + 1 + kj, sink, caps[index])
    flow = 0
    while True:
        parent = {0: 0}
        queue = deque([0])
        while queue and sink not in parent:
            node = queue.popleft()
            for nxt in adjacency[node]:
                if nxt not in parent and capacity[(node, nxt)] > 0:
                    parent[nxt] = node
                    queue.append(nxt)
        if sink not in parent:
            break
        bottleneck, node = UNLIMITED * 2, sink
        while node != 0:
            bottleneck = min(bottleneck, capacity[(parent[node], node)])
            node = parent[node]
        node = sink
        while node != 0:
            capacity[(parent[node], node)] -= bottleneck
            capacity[(node, parent[node])] += bottleneck
            node = parent[node]
        flow += bottleneck
    placed = {}
    for ti, mask in enumerate(type_list, start=1):
        for kj, index in enumerate(chosen):
            if mask >> index & 1:
                moved = capacity.get((t_count + 1 + kj, ti), 0)
                if moved:
                    placed[(mask, index)] = moved
    return holding, flow, placed


def _served_count(problem: _Problem, chosen: list[int]) -> int:
    """How many teachers the best seating of *chosen* serves, without the seating itself.

    By max-flow min-cut, the most teachers placed is the least, over every set C of the
    chosen offerings, of C's seats plus the teachers who may take something outside C.
    With at most ten offerings that is a sum over subsets, far quicker than augmenting paths.
    """
    if len(chosen) > 10:
        holding, flow, _placed = _max_flow(problem, chosen)
        return holding + flow
    held, parts = _partition(problem, chosen, local=True)
    size = 1 << len(chosen)
    within = [0] * size                 # teachers whose choices are exactly the set …
    for bits, pattern in parts:
        if pattern:
            within[pattern] += bits.bit_count()
    total = sum(within)
    for local in range(len(chosen)):    # … then, summed over subsets: whose choices lie inside it
        bit = 1 << local
        for subset in range(size):
            if subset & bit:
                within[subset] += within[subset ^ bit]
    seats = [0] * size
    for subset in range(1, size):
        low = subset & -subset
        seats[subset] = seats[subset ^ low] + problem.caps[chosen[low.bit_length() - 1]]
    return held.bit_count() + min(seats[c] + total - within[c] for c in range(size))


class _Evaluator:
    def __init__(self, problem: _Problem):
        self.problem = problem
        self.count = 0
        self._cache: dict[int, int] = {}

    def served(self, chosen: tuple[int, ...]) -> int:
        key = sum(1 << i for i in chosen)
        if key not in self._cache:
            self.count += 1
            self._cache[key] = _served_count(self.problem, list(chosen))
        return self._cache[key]


# --- choosing the offerings --------------------------------------------------------------------------

def _feasible_with(problem: _Problem, chosen: tuple[int, ...], index: int) -> bool:
    return not any(problem.room_clashes[index] >> other & 1 for other in chosen)


def _greedy(problem: _Problem, evaluate: _Evaluator, k: int, order: list[int]) -> tuple[int, ...]:
    chosen: tuple[int, ...] = ()
    while len(chosen) < k:
        base = evaluate.served(chosen)
        best, best_gain = None, 0
        for index in order:
            if index in chosen or not _feasible_with(problem, chosen, index):
                continue
            gain = evaluate.served(chosen + (index,)) - base
            if gain > best_gain:
                best, best_gain = index, gain
        if best is None:
            break
        chosen += (best,)
    return chosen


def _improve(problem: _Problem, evaluate: _Evaluator, chosen: tuple[int, ...], order: list[int],
             budget: int) -> tuple[int, ...]:
    """Swap one pick for another while that serves more (and the budget lasts)."""
    improved = True
    while improved and evaluate.count < budget:
        improved = False
        current = evaluate.served(chosen)
        for position in range(len(chosen)):
            rest = chosen[:position] + chosen[position + 1:]
            for index in order:
                if index in chosen or not _feasible_with(problem, rest, index):
                    continue
                trial = rest + (index,)
                if evaluate.served(trial) > current:
                    chosen, improved = trial, True
                    break
                if evaluate.count >= budget:
                    return chosen
            if improved:
                break
    return chosen


class _OutOfBudget(Exception):
    pass


def _branch_and_bound(problem: _Problem, evaluate: _Evaluator, k: int, order: list[int],
                      start: tuple[int, ...], budget: int) -> tuple[int, ...]:
    """The best set of at most *k* offerings; raises _OutOfBudget past *budget* evaluations.

    Each set is visited once, as its offerings in *order*; a branch stops when what it
    has plus the best single gains still open to it cannot beat the best set found.
    """
    best = [start, evaluate.served(start)]
    position_of = {index: position for position, index in enumerate(order)}

    def visit(chosen: tuple[int, ...], after: int) -> None:
        if evaluate.count > budget:
            raise _OutOfBudget
        here = evaluate.served(chosen)
        if here > best[1]:
            best[0], best[1] = chosen, here
        room = k - len(chosen)
        if room == 0:
            return
        gains = []
        for index in order[after:]:
            if _feasible_with(problem, chosen, index):
                gain = evaluate.served(chosen + (index,)) - here
                if gain > 0:
                    gains.append((gain, index))
        if here + sum(sorted((g for g, _ in gains), reverse=True)[:room]) <= best[1]:
            return
        for gain, index in sorted(gains, key=lambda item: (-item[0], position_of[item[1]])):
            position = position_of[index]
            later = sorted((g for g, i in gains if position_of[i] > position), reverse=True)
            if here + gain + sum(later[:room - 1]) <= best[1]:
                continue
            visit(chosen + (index,), position + 1)

    visit((), 0)
    return best[0]


def _upper_bound(problem: _Problem, evaluate: _Evaluator, k: int, order: list[int]) -> int:
    reachable = sum(1 for mask, hold in zip(problem.eligible, problem.holders, strict=True) if mask or hold)
    singles = sorted((evaluate.served((index,)) for index in order), reverse=True)
    return min(reachable, sum(singles[:k]))


# --- the plan ---------------------------------------------------------------------------------------

def plan_pd_day(teachers: list[Teacher], candidates: list[Candidate], k: int, *,
                search_limit: int | None = None) -> PdDayPlan:
    """The PD day for *teachers* (in the order seats go) from *candidates*, at most *k* of them."""
    limit = SEARCH_LIMIT if search_limit is None else search_limit
    problem = _problem(teachers, candidates)
    evaluate = _Evaluator(problem)
    useful = [i for i in range(len(candidates)) if problem.may_take[i] or problem.holding[i]]
    order = sorted(useful, key=lambda i: (-evaluate.served((i,)), candidates[i].id))
    if k <= 0 or not order:
        chosen: tuple[int, ...] = ()
        method, bound = "exact", 0
    else:
        greedy = _improve(problem, evaluate, _greedy(problem, evaluate, k, order), order, limit)
        bound = _upper_bound(problem, evaluate, k, order)
        if evaluate.served(greedy) >= bound:
            chosen, method = greedy, "exact"
        else:
            try:
                chosen = _branch_and_bound(problem, evaluate, k, order, greedy, evaluate.count + limit)
                method = "exact"
                bound = evaluate.served(chosen)
            except _OutOfBudget:
                chosen, method = greedy, "approximate"
    chosen = _fill_the_day(problem, chosen, k, order)
    return _assemble(problem, evaluate, chosen, method, bound)


def _fill_the_day(problem: _Problem, chosen: tuple[int, ...], k: int, order: list[int]) -> tuple[int, ...]:
    """Picks left over once nobody more can be served go to the offerings that give the
    most teachers a second need-serving place (they cannot lower the number served)."""
    while len(chosen) < k:
        best, best_value = None, 0
        for index in order:
            if index in chosen or not _feasible_with(problem, chosen, index):
                continue
            offering = problem.candidates[index]
            wanting = 0
            for mask, hold in zip(problem.eligible, problem.holders, strict=True):
                if not mask >> index & 1:
                    continue
                options = [i for i in chosen if (mask | hold) >> i & 1]
                if not options or not all(_sessions_clash(offering, problem.candidates[i])
                                          for i in options):
                    wanting += 1
            value = min(wanting, problem.caps[index])
            if value > best_value:
                best, best_value = index, value
        if best is None:
            break
        chosen += (best,)
    return chosen


def _assemble(problem: _Problem, evaluate: _Evaluator, chosen: tuple[int, ...], method: str,
              bound: int) -> PdDayPlan:
    teachers, candidates = problem.teachers, problem.candidates
    chosen_mask = sum(1 << i for i in chosen)
    _holding, _flow, placed = _max_flow(problem, list(chosen))
    # Hand the flow's places to teachers in the order given: a group's first members first.
    remaining = dict(placed)
    first: dict[str, int] = {}
    for number, teacher in enumerate(teachers):
        hold = problem.holders[number] & chosen_mask
        if hold:
            first[teacher.id] = next(i for i in chosen if hold >> i & 1)
            continue
        restricted = problem.eligible[number] & chosen_mask
        if not restricted:
            continue
        for index in chosen:
            if remaining.get((restricted, index), 0) > 0:
                remaining[(restricted, index)] -= 1
                first[teacher.id] = index
                break
    seats_left = dict((i, problem.caps[i]) for i in chosen)
    for number, teacher in enumerate(teachers):
        index = first.get(teacher.id)
        if index is not None and not problem.holders[number] >> index & 1:
            seats_left[index] -= 1
    places: dict[int, list[str]] = {i: [] for i in chosen}
    for teacher in teachers:
        if teacher.id in first:
            places[first[teacher.id]].append(teacher.id)
    # Further places for those already served, where a seat is left and nothing clashes.
    for number, teacher in enumerate(teachers):
        if teacher.id not in first:
            continue
        mine = [candidates[first[teacher.id]]]
        for index in chosen:
            offering = candidates[index]
            if teacher.id in places[index]:
                continue
            holds = bool(problem.holders[number] >> index & 1)
            if not holds and not (problem.eligible[number] >> index & 1 and seats_left[index] > 0):
                continue
            if any(_sessions_clash(offering, other) for other in mine):
                continue
            places[index].append(teacher.id)
            mine.append(offering)
            if not holds:
                seats_left[index] -= 1
    order = sorted(chosen, key=lambda i: (-sum(1 for t, j in first.items() if j == i),
                                          -len(places[i]), candidates[i].id))
    served = frozenset(first)
    unserved = {teacher.id: _why_not(teacher, [candidates[i] for i in order])
                for teacher in teachers if teacher.id not in served}
    return PdDayPlan(
        picks=tuple(candidates[i].id for i in order),
        places={candidates[i].id: tuple(places[i]) for i in order},
        first_places={t: candidates[i].id for t, i in first.items()},
        served=served, unserved=unserved, method=method, bound=max(bound, len(served)),
        group_size=len(teachers), evaluations=evaluate.count)


def _why_not(teacher: Teacher, picks: list[Candidate]) -> Unserved:
    """The most telling reason a teacher has no place on the day."""
    if not teacher.needs:
        return Unserved("no_needs", (), "no growth areas on record")
    addressing = [o for o in picks if teacher.needs & o.codes]
    if not addressing:
        return Unserved("not_addressed", (), "none of the day's offerings addresses their top needs")
    completed = [o for o in addressing if o.id in teacher.completed]
    waiting = [o for o in addressing if o.id in teacher.waiting_for]
    open_ones = [o for o in addressing if o.id not in teacher.completed | teacher.waiting_for]
    unfit = [(o, fit_problem(teacher, o)) for o in open_ones]
    fitting = [o for o, problem in unfit if problem is None]
    if not fitting:
        if not open_ones and waiting:
            return Unserved("waiting", tuple(o.id for o in waiting), "they are on its waitlist")
        if not open_ones:
            return Unserved("completed", tuple(o.id for o in completed), "they have completed it already")
        offering, problem = next((o, p) for o, p in unfit if p)
        return Unserved("not_for_them", tuple(o.id for o, _ in unfit), problem or "")
    clashing = [(o, _clash(teacher, o)) for o in fitting]
    free = [o for o, slot in clashing if slot is None]
    if not free:
        offering, slot = clashing[0]
        what = f" with {slot.label}" if slot and slot.label else " with PD they are enrolled in"
        return Unserved("clash", tuple(o.id for o, _ in clashing), f"its sessions clash{what}")
    return Unserved("full", tuple(o.id for o in free), "the offerings that serve them are full")


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
