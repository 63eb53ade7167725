"""One teacher's school year, gathered into plain dataclasses for the printed portfolio.

The choices about *what* to print live here, so they can be tested without a PDF:

- **Privacy**: private observation notes, private conversations and wellbeing
  check-ins are only read when ``include_private`` is true.
- **Summaries, not lists**: a year of 300 walkthroughs prints as counts, a trend
  chart of a few indicators and a handful of glows and evidence lines spread over
  the year, so the portfolio stays a few pages long.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlite_utils import Database

from db import overview, preferences, rubrics, staff
from db import portfolio_queries as queries
from db.errors import NeedsCorrection
from db.portfolio_queries import (
    ActionStepRow,
    CelebrationRow,
    CheckInRow,
    ConversationRow,
    EnrollmentRow,
    GoalRow,
    WellbeingRow,
)

MAX_GLOWS = 6
MAX_EVIDENCE = 8
MAX_TREND_INDICATORS = 4
MAX_POINTS_BEFORE_MONTHLY = 24   # beyond this an indicator's trend is drawn as monthly means
MAX_CHECK_INS_PER_GOAL = 6
MAX_CONVERSATIONS = 12

# Codes whose plain label is not just the code with spaces and a capital.
_LABELS = {
    "plc": "PLC", "micro_video": "Micro-video", "pd_completed": "PD completed",
    "led_session": "Led a session", "shout_out": "Shout-out", "post_observation": "Post-observation",
}


def label(code: str | None) -> str:
    """'partly_met' -> 'Partly met', 'plc' -> 'PLC'."""
    code = code or ""
    return _LABELS.get(code, code.replace("_", " ").capitalize())


# --- the school year ----------------------------------------------------------------------

@dataclass(frozen=True)
class SchoolYear:
    first: date
    last: date

    @property
    def label(self) -> str:
        return f"{self.first.year}–{self.last.year}"

    @property
    def bounds(self) -> tuple[str, str]:
        return self.first.isoformat(), self.last.isoformat()


class SchoolYearError(NeedsCorrection):
    """``--year`` text that is not a school year; ``str()`` says what is expected."""


# When the year begins is the Overview's rule (the ``school_year.start`` preference, else 1 August).
year_start = overview.year_start_day


def _year_from(first_year: int, start: tuple[int, int]) -> SchoolYear:
    first = date(first_year, *start)
    return SchoolYear(first, date(first_year + 1, *start) - timedelta(days=1))


def school_year_containing(db: Database, day: date) -> SchoolYear:
    start = year_start(db)
    first_year = day.year if (day.month, day.day) >= start else day.year - 1
    return _year_from(first_year, start)


def default_school_year(db: Database, today: date) -> SchoolYear:
    """The year the file is about (the ``school.year`` preference), else the one *today* is in."""
    named = preferences.get(db, overview.SCHOOL_YEAR_KEY)
    if named:
        try:
            return parse_school_year(db, named)
        except SchoolYearError:
            pass
    return school_year_containing(db, today)


def parse_school_year(db: Database, text: str) -> SchoolYear:
    """'2025-2026' (or '2025–2026', '2025/26') -> that school year."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-–/]\s*(\d{2}|\d{4})\s*", text or "")
    if not match:
        raise SchoolYearError(f"“{text}” is not a school year; write it like 2025-2026.")
    first_year = int(match.group(1))
    second = match.group(2)
    second_year = int(second) if len(second) == 4 else (first_year // 100) * 100 + int(second)
    if second_year != first_year + 1:
        raise SchoolYearError(f"“{text}” is not a school year: the second year must follow the first.")
    return _year_from(first_year, year_start(db))


# --- what the portfolio holds -------------------------------------------------------------

@dataclass(frozen=True)
class TeacherProfile:
    id: str
    name: str
    role: str
    subjects: str
    grades: str
    years_experience: int | None
    hire_date: str | None
    career_goals: str
    preferred_formats: str
    interests: str
    leadership_strengths: str


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    level: float | None
    self_level: int | None
    observation_level: float | None
    reason: str


@dataclass(frozen=True)
class GrowthSummary:
    max_level: int
    level_labels: dict[int, str]
    indicators: list[IndicatorLine]
    strengths: list[IndicatorLine]
    gaps: list[IndicatorLine]
    perception_gaps: list[IndicatorLine]

    @property
    def has_evidence(self) -> bool:
        return any(line.level is not None for line in self.indicators)


@dataclass(frozen=True)
class GoalStory:
    goal: GoalRow
    steps: list[ActionStepRow]
    check_ins: list[CheckInRow]       # the latest few, oldest first
    check_ins_total: int


@dataclass(frozen=True)
class TrendLine:
    code: str
    name: str
    points: list[tuple[date, float]]
    monthly: bool                     # points are monthly means, not single visits


@dataclass(frozen=True)
class Glow:
    observed_on: str
    kind: str
    text: str


@dataclass(frozen=True)
class EvidenceLine:
    observed_on: str
    indicator: str
    text: str


@dataclass(frozen=True)
class PrivateNote:
    observed_on: str
    kind: str
    text: str


@dataclass(frozen=True)
class ObservationSummary:
    total: int
    by_kind: dict[str, int]
    first_on: str | None
    last_on: str | None
    observers: int
    trend: list[TrendLine]
    glows: list[Glow]
    glows_total: int
    evidence: list[EvidenceLine]
    private_notes: list[PrivateNote]  # always empty unless include_private


@dataclass(frozen=True)
class PdSummary:
    completed: list[EnrollmentRow]
    hours_by_format: dict[str, float]   # label -> hours, most hours first

    @property
    def total_hours(self) -> float:
        return sum(self.hours_by_format.values())


@dataclass(frozen=True)
class Portfolio:
    teacher: TeacherProfile
    school: str
    year: SchoolYear
    generated_on: date
    include_private: bool
    growth: GrowthSummary
    goals: list[GoalStory]
    observations: ObservationSummary
    pd: PdSummary
    celebrations: list[CelebrationRow]
    conversations: list[ConversationRow]
    conversations_total: int
    wellbeing: list[WellbeingRow] = field(default_factory=list)  # always empty unless include_private


# --- gathering ----------------------------------------------------------------------------

def gather_portfolio(db: Database, staff_id: str, *, year: SchoolYear, generated_on: date,
                     include_private: bool = False) -> Portfolio:
    person = staff.get(db, staff_id)
    if person is None:
        raise KeyError(f"No staff member with id {staff_id}")
    first, last = year.bounds
    teacher = TeacherProfile(
        id=person.id, name=person.full_name, role=label(person.role), subjects=person.subjects,
        grades=person.grades, years_experience=person.years_experience, hire_date=person.hire_date,
        career_goals=person.career_goals, preferred_formats=person.preferred_formats,
        interests=person.interests, leadership_strengths=person.leadership_strengths,
    )
    goal_stories = _goal_stories(db, staff_id, first, last)
    goal_codes = [story.goal.indicator_code for story in goal_stories if story.goal.indicator_code]
    conversations = queries.conversations(db, staff_id, first, last, include_private=include_private)
    return Portfolio(
        teacher=teacher,
        school=queries.school_name(db, person.school_id),
        year=year,
        generated_on=generated_on,
        include_private=include_private,
        growth=_growth_summary(db, staff_id, as_of=min(year.last, generated_on)),
        goals=goal_stories,
        observations=_observation_summary(db, staff_id, first, last, goal_codes, include_private),
        pd=_pd_summary(queries.completed_pd(db, staff_id, first, last)),
        celebrations=queries.celebrations(db, staff_id, first, last),
        conversations=conversations[-MAX_CONVERSATIONS:],
        conversations_total=len(conversations),
        wellbeing=queries.wellbeing(db, staff_id, first, last) if include_private else [],
    )


def _growth_summary(db: Database, staff_id: str, *, as_of: date) -> GrowthSummary:
    from desktop.core.profiles import growth_profile_for

    rubric = rubrics.default_rubric(db)
    labels = {level.level: level.label for level in rubric.levels} if rubric else {}
    profile = growth_profile_for(db, staff_id, as_of=as_of, with_evidence=False)

    def line(item) -> IndicatorLine:
        return IndicatorLine(item.indicator.code, item.indicator.name, item.level, item.self_level,
                             item.observation_level, item.reason)

    return GrowthSummary(
        max_level=max(labels, default=4),
        level_labels=labels,
        indicators=[line(item) for item in profile.levels],
        strengths=[line(item) for item in profile.strengths],
        gaps=[line(item) for item in profile.gaps],
        perception_gaps=[line(item) for item in profile.perception_gaps],
    )


def _goal_stories(db: Database, staff_id: str, first: str, last: str) -> list[GoalStory]:
    goals = queries.goals(db, staff_id, first, last)
    ids = [goal.id for goal in goals]
    steps: dict[str, list[ActionStepRow]] = {}
    for step in queries.action_steps(db, ids):
        steps.setdefault(step.goal_id, []).append(step)
    check_ins: dict[str, list[CheckInRow]] = {}
    for check_in in queries.check_ins(db, ids, last):
        check_ins.setdefault(check_in.goal_id, []).append(check_in)
    return [
        GoalStory(goal, steps.get(goal.id, []), check_ins.get(goal.id, [])[-MAX_CHECK_INS_PER_GOAL:],
                  len(check_ins.get(goal.id, [])))
        for goal in goals
    ]


def _observation_summary(db: Database, staff_id: str, first: str, last: str,
                         goal_codes: list[str], include_private: bool) -> ObservationSummary:
    visits = queries.observations(db, staff_id, first, last, include_private=include_private)
    scores = queries.indicator_scores(db, staff_id, first, last)
    trend = _trend_lines(scores, goal_codes)
    trend_codes = [line.code for line in trend]
    names = {row.indicator_code: row.indicator_name for row in scores}
    with_glow = [visit for visit in visits if visit.glow.strip()]
    glows = [Glow(visit.observed_on, visit.kind, visit.glow.strip())
             for visit in spread(with_glow, MAX_GLOWS)]
    evidence = [
        EvidenceLine(row.observed_on, names.get(row.indicator_code, ""), row.text.strip())
        for row in _selected_evidence(queries.evidence(db, [visit.id for visit in visits]), trend_codes)
    ]
    private_notes = [
        PrivateNote(visit.observed_on, visit.kind, visit.private_note.strip())
        for visit in visits if include_private and visit.private_note.strip()
    ]
    kinds = Counter(visit.kind for visit in visits)
    return ObservationSummary(
        total=len(visits),
        by_kind={kind: kinds[kind] for kind in ("formal", "informal", "walkthrough") if kinds[kind]},
        first_on=visits[0].observed_on if visits else None,
        last_on=visits[-1].observed_on if visits else None,
        observers=len({visit.observer_name for visit in visits if visit.observer_name}),
        trend=trend,
        glows=glows,
        glows_total=len(with_glow),
        evidence=evidence,
        private_notes=private_notes,
    )


def _trend_lines(scores, goal_codes: list[str]) -> list[TrendLine]:
    """The goals' indicators first, then the most observed, up to MAX_TREND_INDICATORS."""
    by_code: dict[str, list] = {}
    for row in scores:
        by_code.setdefault(row.indicator_code, []).append(row)
    most_observed = sorted(by_code, key=lambda code: (-len(by_code[code]), code))
    chosen: list[str] = []
    for code in [*goal_codes, *most_observed]:
        if code in by_code and code not in chosen:
            chosen.append(code)
    lines = []
    for code in chosen[:MAX_TREND_INDICATORS]:
        rows = by_code[code]
        points = [(date.fromisoformat(row.observed_on), float(row.score)) for row in rows]
        monthly = len(points) > MAX_POINTS_BEFORE_MONTHLY
        lines.append(TrendLine(code, rows[0].indicator_name,
                               monthly_means(points) if monthly else points, monthly))
    return lines


def monthly_means(points: list[tuple[date, float]]) -> list[tuple[date, float]]:
    """One point per month, on the 15th, at the month's mean score."""
    months: dict[date, list[float]] = {}
    for day, value in points:
        months.setdefault(date(day.year, day.month, 15), []).append(value)
    return [(month, sum(values) / len(values)) for month, values in sorted(months.items())]


def spread(items: list, count: int) -> list:
    """Up to *count* items evenly spaced through *items*, keeping the first and last."""
    if len(items) <= count:
        return list(items)
    if count == 1:
        return [items[-1]]
    step = (len(items) - 1) / (count - 1)
    return [items[round(index * step)] for index in range(count)]


def _selected_evidence(rows, trend_codes: list[str]):
    """Evidence on the charted indicators, spread over the year; other evidence if none."""
    rows = sorted(rows, key=lambda row: (row.observed_on, row.observation_id))
    on_trend = [row for row in rows if row.indicator_code in trend_codes]
    return spread(on_trend or rows, MAX_EVIDENCE)


def _pd_summary(completed: list[EnrollmentRow]) -> PdSummary:
    hours: dict[str, float] = {}
    for item in completed:
        key = label(item.format)
        hours[key] = hours.get(key, 0.0) + (item.hours_credited or 0.0)
    ordered = dict(sorted(hours.items(), key=lambda pair: (-pair[1], pair[0])))
    return PdSummary(completed, ordered)
