"""A teacher's growth profile: one level per rubric indicator, with the evidence behind it.

The combining rule lives here and only here (README "How the growth profile is built"):

1. **Observation level** of an indicator is the weighted mean of its observation
   scores. A score's weight halves every ``HALF_LIFE_DAYS`` days of age (recent
   practice matters more), and a formal observation counts ``FORMAL_WEIGHT`` times
   a walkthrough (a full lesson rather than a few minutes). "Not seen" is no score.
2. **Self level** is the teacher's most recent self-assessment rating.
3. **Level** = ``OBSERVATION_SHARE`` × observation level + (1 − share) × self level
   when both exist; otherwise whichever exists. The teacher's own view always
   counts, but observed practice counts more.
4. **Strengths** are indicators whose level *and* observed level are at or above
   ``STRENGTH_AT``, highest first: a strength is seen in class, never a self-rating
   alone. **Gaps** are indicators below ``GAP_BELOW``, lowest first, except one whose
   goal was achieved (by *as_of*): that goal's own measure says it grew, so it is
   reported as growth, not as something still to fix. Ties go to the indicator with
   more evidence, then rubric order.
5. **Focus areas** are at most ``MAX_FOCUS_AREAS`` gaps: those with a goal in
   progress first, then the lowest. Everything printed or shown names these, so no
   page lists fifteen "areas to grow".
6. A difference of a full level or more between self and observation, on an
   indicator that is not a strength, is a *perception gap* to talk about, not a fault.
7. An indicator **rose** when its latest scores average at least ``ROSE_BY`` above its
   earliest ones (up to three of each, never the same score twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

HALF_LIFE_DAYS = 60
FORMAL_WEIGHT = 2.0
OBSERVATION_SHARE = 0.75
STRENGTH_AT = 3.0
GAP_BELOW = 2.75
PERCEPTION_GAP = 1.0
MAX_FOCUS_AREAS = 3
ROSE_BY = 0.5


@dataclass(frozen=True)
class ScoredEvidence:
    """One observation score on one indicator."""

    indicator_code: str
    observed_on: date
    score: int
    kind: str = "walkthrough"
    evidence: tuple[str, ...] = ()
    observation_id: str = ""


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name: str
    position: int = 0


@dataclass
class IndicatorLevel:
    indicator: IndicatorInfo
    level: float | None
    observation_level: float | None
    self_level: int | None
    observation_count: int
    evidence: list[ScoredEvidence] = field(default_factory=list)   # newest first
    goal_achieved_on: str | None = None    # a goal on this indicator was achieved then
    has_active_goal: bool = False

    @property
    def is_strength(self) -> bool:
        return (self.level is not None and self.level >= STRENGTH_AT
                and self.observation_level is not None and self.observation_level >= STRENGTH_AT)

    @property
    def is_gap(self) -> bool:
        return self.level is not None and self.level < GAP_BELOW and self.goal_achieved_on is None

    @property
    def change(self) -> float | None:
        """Latest scores minus earliest ones (see :func:`change`)."""
        return change(self.evidence)

    @property
    def rose(self) -> bool:
        return (self.change or 0) >= ROSE_BY

    @property
    def perception_gap(self) -> float | None:
        if self.observation_level is None or self.self_level is None:
            return None
        return self.self_level - self.observation_level

    @property
    def reason(self) -> str:
        parts = []
        if self.observation_level is not None:
            visits = "observation" if self.observation_count == 1 else "observations"
            parts.append(f"{self.observation_level:.1f} from {self.observation_count} {visits}")
        if self.self_level is not None:
            parts.append(f"self-rated {self.self_level}")
        if not parts:
            return "no evidence yet"
        return "; ".join(parts)


@dataclass
class GrowthProfile:
    levels: list[IndicatorLevel]

    def level_of(self, code: str) -> IndicatorLevel | None:
        return next((item for item in self.levels if item.indicator.code == code), None)

    @property
    def strengths(self) -> list[IndicatorLevel]:
        rated = [item for item in self.levels if item.is_strength]
        return sorted(rated, key=lambda item: (-item.level, -item.observation_count, item.indicator.position))

    @property
    def gaps(self) -> list[IndicatorLevel]:
        rated = [item for item in self.levels if item.is_gap]
        return sorted(rated, key=lambda item: (item.level, -item.observation_count, item.indicator.position))

    @property
    def focus_areas(self) -> list[IndicatorLevel]:
        """At most MAX_FOCUS_AREAS gaps: those with a goal in progress first, then the lowest."""
        gaps = self.gaps
        return ([item for item in gaps if item.has_active_goal]
                + [item for item in gaps if not item.has_active_goal])[:MAX_FOCUS_AREAS]

    @property
    def strongest(self) -> list[IndicatorLevel]:
        """Observed indicators other than the focus areas, highest observed level first: what to
        name when nothing is a strength yet ("strongest so far"), never a self-rating alone."""
        focus = {item.indicator.code for item in self.focus_areas}
        seen = [item for item in self.levels
                if item.observation_level is not None and item.indicator.code not in focus]
        return sorted(seen, key=lambda item: (-item.observation_level, -item.observation_count,
                                              item.indicator.position))

    @property
    def risen(self) -> list[IndicatorLevel]:
        """Indicators that rose, most first."""
        return sorted((item for item in self.levels if item.rose),
                      key=lambda item: (-(item.change or 0), item.indicator.position))

    @property
    def achieved(self) -> list[IndicatorLevel]:
        """Indicators whose goal was achieved."""
        return [item for item in self.levels if item.goal_achieved_on]

    @property
    def perception_gaps(self) -> list[IndicatorLevel]:
        return [
            item for item in self.levels
            if not item.is_strength and item.perception_gap is not None
            and abs(item.perception_gap) >= PERCEPTION_GAP
        ]


def recency_weight(observed_on: date, as_of: date, kind: str) -> float:
    age_days = max((as_of - observed_on).days, 0)
    weight = 0.5 ** (age_days / HALF_LIFE_DAYS)
    return weight * (FORMAL_WEIGHT if kind == "formal" else 1.0)


def first_and_last(scores: list[ScoredEvidence]) -> tuple[float | None, float | None]:
    """Mean of the earliest scores and of the latest (up to three each, never the same
    score twice); (None, None) with fewer than two scores."""
    ordered = sorted(scores, key=lambda item: item.observed_on)
    if len(ordered) < 2:
        return None, None
    take = min(3, len(ordered) // 2)
    return (sum(item.score for item in ordered[:take]) / take,
            sum(item.score for item in ordered[-take:]) / take)


def change(scores: list[ScoredEvidence]) -> float | None:
    """Latest scores minus earliest ones (see :func:`first_and_last`); None with too few."""
    first, last = first_and_last(scores)
    return None if first is None else last - first


def observation_level(scores: list[ScoredEvidence], as_of: date) -> float | None:
    weighted = [(recency_weight(item.observed_on, as_of, item.kind), item.score) for item in scores]
    total = sum(weight for weight, _ in weighted)
    if not weighted or total == 0:
        return None
    return sum(weight * score for weight, score in weighted) / total


def combine(observed: float | None, self_rated: int | None) -> float | None:
    if observed is not None and self_rated is not None:
        return OBSERVATION_SHARE * observed + (1 - OBSERVATION_SHARE) * self_rated
    if observed is not None:
        return observed
    if self_rated is not None:
        return float(self_rated)
    return None


def build_profile(
    indicators: list[IndicatorInfo],
    scores: list[ScoredEvidence],
    self_ratings: dict[str, int],
    as_of: date,
    *,
    goals: list[tuple[str, str, str | None]] = (),
) -> GrowthProfile:
    """The profile as of *as_of*; scores after that date are ignored.

    *goals*: (indicator code, status, achieved on) of the teacher's goals; an achieved
    goal counts from its date, and only up to *as_of*."""
    achieved: dict[str, str] = {}
    active: set[str] = set()
    for code, status, met_on in goals:
        if not code:
            continue
        if status == "met" and met_on and met_on[:10] <= as_of.isoformat():
            achieved[code] = max(achieved.get(code, ""), met_on[:10])
        elif status == "active":
            active.add(code)
    by_code: dict[str, list[ScoredEvidence]] = {}
    for item in scores:
        if item.observed_on <= as_of:
            by_code.setdefault(item.indicator_code, []).append(item)
    levels = []
    for indicator in indicators:
        own = sorted(by_code.get(indicator.code, []), key=lambda item: item.observed_on, reverse=True)
        observed = observation_level(own, as_of)
        self_rated = self_ratings.get(indicator.code)
        levels.append(
            IndicatorLevel(
                indicator=indicator,
                level=combine(observed, self_rated),
                observation_level=observed,
                self_level=self_rated,
                observation_count=len(own),
                evidence=own,
                goal_achieved_on=achieved.get(indicator.code),
                has_active_goal=indicator.code in active,
            )
        )
    return GrowthProfile(levels)
