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
4. **Strengths** are indicators at or above ``STRENGTH_AT``, highest first; **gaps**
   are those below ``GAP_BELOW``, lowest first. Ties go to the indicator with more
   evidence, then rubric order. A gap of a full level or more between self and
   observation is reported as a *perception gap* to talk about, not as a fault.
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
    evidence: list[ScoredEvidence] = field(default_factory=list)

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
        rated = [item for item in self.levels if item.level is not None and item.level >= STRENGTH_AT]
        return sorted(rated, key=lambda item: (-item.level, -item.observation_count, item.indicator.position))

    @property
    def gaps(self) -> list[IndicatorLevel]:
        rated = [item for item in self.levels if item.level is not None and item.level < GAP_BELOW]
        return sorted(rated, key=lambda item: (item.level, -item.observation_count, item.indicator.position))

    @property
    def perception_gaps(self) -> list[IndicatorLevel]:
        return [
            item for item in self.levels
            if item.perception_gap is not None and abs(item.perception_gap) >= PERCEPTION_GAP
        ]


def recency_weight(observed_on: date, as_of: date, kind: str) -> float:
    age_days = max((as_of - observed_on).days, 0)
    weight = 0.5 ** (age_days / HALF_LIFE_DAYS)
    return weight * (FORMAL_WEIGHT if kind == "formal" else 1.0)


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
) -> GrowthProfile:
    """The profile as of *as_of*; scores after that date are ignored."""
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
            )
        )
    return GrowthProfile(levels)
