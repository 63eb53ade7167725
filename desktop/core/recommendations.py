"""A teacher's personal PD menu: offerings ranked by fit, each with its reasons in words.

Fit adds up, in this order of weight: the offering addresses one of the teacher's
gaps (more for a lower level), it serves one of their active goals, it comes in a
format they prefer. Sessions that clash with what they are already enrolled in,
or a full offering, count against it. Completed, enrolled and retired offerings are
left out of the menu.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

GAP_POINTS = 3.0          # plus up to 1 more the lower the level
GOAL_POINTS = 3.0
FORMAT_POINTS = 1.5
PARTIAL_CLASH_PENALTY = 1.0
FULL_CLASH_PENALTY = 5.0
FULL_OFFERING_PENALTY = 0.5

FORMAT_NAMES = {
    "workshop": "a workshop", "online_course": "an online course", "micro_video": "a short video",
    "podcast": "a podcast", "webinar": "a webinar", "peer_coaching": "peer coaching",
    "plc": "a PLC", "mentoring": "mentoring", "book_study": "a book study",
    "conference": "a conference", "wellbeing": "a wellbeing offering",
}


@dataclass(frozen=True)
class SessionTime:
    starts_at: datetime
    ends_at: datetime

    def overlaps(self, other: SessionTime) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass(frozen=True)
class OfferingFacts:
    id: str
    title: str
    format: str
    indicator_codes: tuple[str, ...]
    sessions: tuple[SessionTime, ...] = ()
    seats_left: int | None = None       # None: unlimited
    retired: bool = False


@dataclass(frozen=True)
class Need:
    indicator_code: str
    indicator_name: str
    level: float


@dataclass(frozen=True)
class ActiveGoal:
    title: str
    indicator_code: str | None


@dataclass
class TeacherContext:
    gaps: list[Need]                               # lowest level first
    goals: list[ActiveGoal] = field(default_factory=list)
    preferred_formats: tuple[str, ...] = ()
    enrolled_sessions: tuple[SessionTime, ...] = ()
    completed_offering_ids: frozenset[str] = frozenset()
    enrolled_offering_ids: frozenset[str] = frozenset()


@dataclass
class Recommendation:
    offering: OfferingFacts
    score: float
    reasons: list[str]

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons) if self.reasons else "a general offering from the catalog"


def _gap_reasons(offering: OfferingFacts, context: TeacherContext) -> tuple[float, list[str]]:
    points, reasons = 0.0, []
    for rank, need in enumerate(context.gaps):
        if need.indicator_code not in offering.indicator_codes:
            continue
        points += GAP_POINTS + max(0.0, min(1.0, 3.0 - need.level))
        if rank == 0:
            reasons.append(f"addresses {need.indicator_name}, your lowest indicator")
        else:
            reasons.append(f"addresses {need.indicator_name}, one of your growth areas")
    return points, reasons


def _goal_reasons(offering: OfferingFacts, context: TeacherContext) -> tuple[float, list[str]]:
    points, reasons = 0.0, []
    for goal in context.goals:
        if goal.indicator_code and goal.indicator_code in offering.indicator_codes:
            points += GOAL_POINTS
            reasons.append(f"linked to your goal ‘{goal.title}’")
    return points, reasons


def _clash(offering: OfferingFacts, context: TeacherContext) -> tuple[float, list[str]]:
    if not offering.sessions or not context.enrolled_sessions:
        return 0.0, []
    clashing = [
        session for session in offering.sessions
        if any(session.overlaps(taken) for taken in context.enrolled_sessions)
    ]
    if not clashing:
        return 0.0, []
    if len(clashing) == len(offering.sessions):
        return -FULL_CLASH_PENALTY, ["every session clashes with PD you are already enrolled in"]
    return -PARTIAL_CLASH_PENALTY, [
        f"{len(clashing)} of {len(offering.sessions)} sessions clash with PD you are enrolled in"
    ]


def score_offering(offering: OfferingFacts, context: TeacherContext) -> Recommendation:
    score, reasons = 0.0, []
    for part in (_gap_reasons, _goal_reasons):
        points, words = part(offering, context)
        score += points
        reasons += words
    if offering.format in context.preferred_formats:
        score += FORMAT_POINTS
        reasons.append(f"{FORMAT_NAMES.get(offering.format, offering.format)}, one of your preferred formats")
    points, words = _clash(offering, context)
    score += points
    reasons += words
    if offering.seats_left == 0:
        score -= FULL_OFFERING_PENALTY
        reasons.append("full at the moment: you would join the waitlist")
    return Recommendation(offering, round(score, 3), reasons)


def personal_menu(offerings: list[OfferingFacts], context: TeacherContext) -> list[Recommendation]:
    """Offerings the teacher could still choose, best fit first (ties by title)."""
    excluded = context.completed_offering_ids | context.enrolled_offering_ids
    candidates = [item for item in offerings if not item.retired and item.id not in excluded]
    ranked = [score_offering(item, context) for item in candidates]
    return sorted(ranked, key=lambda rec: (-rec.score, rec.offering.title.lower()))
