"""One teacher's school year, gathered into plain dataclasses for the printed portfolio.

The choices about *what* to print live here, so they can be tested without a PDF:

- **Privacy**: private observation notes, private conversations and wellbeing
  check-ins are only read when ``include_private`` is true.
- **Summaries, not lists**: a year of 300 walkthroughs prints as counts, a trend
  chart of a few indicators and a handful of glows and evidence lines spread over
  the year (never the same words twice), so the portfolio stays a few pages long.
- **Fair**: the year at a glance leads with strengths and growth (indicators that
  rose, goals achieved, PD completed, celebrations), then names at most three focus
  areas, each with its goal or a next step. Strengths, focus areas and growth come
  from the one rule in :mod:`desktop.core.growth_profile`, as on screen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from db import observations, pd, rubrics, school_years, staff
from db import portfolio_queries as queries
from db.portfolio_queries import (
    ActionStepRow,
    CelebrationRow,
    CheckInRow,
    ConversationRow,
    EnrollmentRow,
    GoalRow,
    WellbeingRow,
)
from desktop.core import growth_profile as rule
from desktop.core import wording

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
    """The days one portfolio covers: the school year record's, as long as it is in force."""
    first: date
    last: date
    name: str = ""
    # The year's own first and last day, for a chart's time axis: the days in force above
    # run to 9999-12-31 for the latest year (and from 1900 for the earliest), which drew
    # the portfolio's indicator trend on an axis of eight thousand years.
    days: tuple[date, date] | None = None

    @property
    def label(self) -> str:
        """'2025–2026': the long form printed on the cover."""
        return self.name or f"{self.first.year}–{self.last.year}"

    @property
    def bounds(self) -> tuple[str, str]:
        return self.first.isoformat(), self.last.isoformat()


SchoolYearError = school_years.SchoolYearError


def portfolio_year(record: school_years.SchoolYear) -> SchoolYear:
    """Everything the year record holds: also what was recorded after its last day and
    before the next year began (and, for the earliest year, anything older)."""
    return SchoolYear(record.in_force_from or date(1900, 1, 1),
                      record.in_force_until or date(9999, 12, 31), record.long_label,
                      days=(record.first_day, record.last_day))


def default_school_year(db: Database, today: date) -> SchoolYear:
    """The current school year (the one in force *today*)."""
    return portfolio_year(school_years.current(db, today))


def parse_school_year(db: Database, text: str) -> SchoolYear:
    """'2025-2026' (or '2025–2026', '2025/26', the year's own name) -> that year's record."""
    return portfolio_year(school_years.named(db, text))


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
    observation_count: int = 0
    goal_achieved_on: str | None = None
    # This year's scores: the mean of the earliest few and of the latest few (None: too few).
    first_level: float | None = None
    last_level: float | None = None

    @property
    def rose_by(self) -> float | None:
        if self.first_level is None or self.last_level is None:
            return None
        return self.last_level - self.first_level


@dataclass(frozen=True)
class FocusArea:
    line: IndicatorLine
    goal_title: str = ""          # a goal in progress on this indicator
    next_step: str = ""           # else the latest next step from a visit that scored it
    next_step_on: str | None = None

    @property
    def tied_to(self) -> str:
        """What the focus area is tied to, in a few words."""
        if self.goal_title:
            return f"Goal in progress: ‘{self.goal_title}’"
        if self.next_step:
            return f"Next step from the {wording.day(self.next_step_on)} visit: {self.next_step}"
        return "Agree a first step together at the next conversation."


@dataclass(frozen=True)
class GrowthSummary:
    max_level: int
    level_labels: dict[int, str]
    indicators: list[IndicatorLine]
    strengths: list[IndicatorLine]
    focus: list[FocusArea]                # at most growth_profile.MAX_FOCUS_AREAS
    risen: list[IndicatorLine]            # rose this year, most first
    achieved: list[IndicatorLine]         # a goal on it was achieved
    strongest: list[IndicatorLine]        # observed, highest first: for "strongest so far"
    perception_gaps: list[IndicatorLine]  # never a strength
    gaps_total: int = 0                   # every gap, of which `focus` names the first few

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
    total_hours: float = 0.0            # db.pd.hours_credited: the Overview's and PD menu's figure


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

    @property
    def highlights(self) -> list[str]:
        """The year at a glance, in plain sentences: strengths and growth first."""
        return year_highlights(self)


def _names(lines: list[IndicatorLine], most: int = 3) -> str:
    shown = [line.name for line in lines[:most]]
    if len(lines) > most:
        shown.append(f"{len(lines) - most} more")
    return wording.and_list(shown)


def year_highlights(portfolio: Portfolio) -> list[str]:
    growth, said = portfolio.growth, []
    if growth.strengths:
        said.append(f"Strengths seen in class: {_names(growth.strengths)}.")
    elif growth.strongest:
        said.append(f"Strongest practice so far: {_names(growth.strongest, 2)}, on the way to becoming "
                    "strengths.")
    if growth.risen:
        rises = [f"{line.name} (from {line.first_level:.1f} to {line.last_level:.1f})" for line in growth.risen[:3]]
        more = len(growth.risen) - len(rises)
        said.append(f"Rose over the year: {wording.and_list(rises + ([f'{more} more'] if more else []))}.")
    achieved = [story.goal for story in portfolio.goals if story.goal.status == "met"]
    if achieved:
        titles = wording.and_list([f"‘{goal.title}’" for goal in achieved])
        said.append(f"Goal{'s' if len(achieved) > 1 else ''} achieved: {titles}.")
    live = [story.goal for story in portfolio.goals if story.goal.status == "active"]
    if live:
        said.append(f"{wording.plural(len(live), 'goal')} in progress.")
    if portfolio.pd.completed:
        count = len(portfolio.pd.completed)
        said.append(f"Completed {wording.plural(count, 'professional learning offering')} "
                    f"({wording.hours_text(portfolio.pd.total_hours)}).")
    if portfolio.celebrations:
        count = len(portfolio.celebrations)
        titles = [wording.without_names(item.title, [portfolio.teacher.name]) for item in portfolio.celebrations[:2]]
        said.append(f"Celebrated {'once' if count == 1 else f'{count} times'}: {wording.and_list(titles)}"
                    + (f" and {count - 2} more" if count > 2 else "") + ".")
    visits = portfolio.observations
    if visits.total:
        by = f" by {wording.plural(visits.observers, 'observer')}" if visits.observers else ""
        said.append(f"{wording.plural(visits.total, 'classroom visit')}{by}, "
                    f"{wording.span(visits.first_on, visits.last_on)}.")
    if not said:
        said.append("Nothing recorded this year yet: the first visit, goal or course will start the story.")
    return said


# --- gathering ----------------------------------------------------------------------------

def gather_portfolio(db: Database, staff_id: str, *, year: SchoolYear, generated_on: date,
                     include_private: bool = False) -> Portfolio:
    person = staff.get(db, staff_id)
    if person is None:
        raise KeyError(f"No staff member with id {staff_id}")
    first, last = year.bounds
    # What happened counts up to the day the portfolio is made, as on every screen: a visit
    # or a course dated ahead is not one yet.
    upto = min(year.last, generated_on).isoformat()
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
        growth=_growth_summary(db, staff_id, as_of=min(year.last, generated_on), year=year,
                               goal_stories=goal_stories),
        goals=goal_stories,
        observations=_observation_summary(db, staff_id, first, upto, goal_codes, include_private),
        pd=_pd_summary(db, staff_id, first, upto),
        celebrations=queries.celebrations(db, staff_id, first, last),
        conversations=conversations[-MAX_CONVERSATIONS:],
        conversations_total=len(conversations),
        wellbeing=queries.wellbeing(db, staff_id, first, last) if include_private else [],
    )


def _growth_summary(db: Database, staff_id: str, *, as_of: date, year: SchoolYear,
                    goal_stories: list[GoalStory]) -> GrowthSummary:
    from desktop.core.profiles import growth_profile_for

    rubric = rubrics.default_rubric(db)
    labels = {level.level: level.label for level in rubric.levels} if rubric else {}
    profile = growth_profile_for(db, staff_id, as_of=as_of, with_evidence=False)
    first, last = year.bounds
    this_year: dict[str, list] = {}
    for item in profile.levels:
        this_year[item.indicator.code] = [score for score in item.evidence
                                          if first <= score.observed_on.isoformat() <= last]

    def line(item) -> IndicatorLine:
        first_level, last_level = rule.first_and_last(this_year.get(item.indicator.code, []))
        return IndicatorLine(item.indicator.code, item.indicator.name, item.level, item.self_level,
                             item.observation_level, item.reason, item.observation_count,
                             item.goal_achieved_on, first_level, last_level)

    lines = {item.indicator.code: line(item) for item in profile.levels}
    risen = sorted((found for found in lines.values() if (found.rose_by or 0) >= rule.ROSE_BY),
                   key=lambda found: -(found.rose_by or 0))
    return GrowthSummary(
        max_level=max(labels, default=4),
        level_labels=labels,
        indicators=list(lines.values()),
        strengths=[lines[item.indicator.code] for item in profile.strengths],
        focus=_focus_areas(db, [lines[item.indicator.code] for item in profile.focus_areas], goal_stories,
                           staff_id, first, last),
        risen=risen,
        achieved=[lines[item.indicator.code] for item in profile.achieved],
        strongest=[lines[item.indicator.code] for item in profile.strongest],
        perception_gaps=[lines[item.indicator.code] for item in profile.perception_gaps],
        gaps_total=len(profile.gaps),
    )


def _focus_areas(db: Database, lines: list[IndicatorLine], goal_stories: list[GoalStory], staff_id: str,
                 first: str, last: str) -> list[FocusArea]:
    """Each focus area tied to its goal in progress, else to the latest next step from a visit
    that scored it (a next step already named for another area is not named twice)."""
    areas, used = [], set()
    for line in lines:
        goal = next((story.goal for story in goal_stories
                     if story.goal.indicator_code == line.code and story.goal.status == "active"), None)
        if goal is not None:
            areas.append(FocusArea(line, goal_title=goal.title))
            continue
        found = queries.latest_next_step(db, staff_id, line.code, first, last, unlike=sorted(used))
        if found:
            used.add(found[1])
            areas.append(FocusArea(line, next_step=found[1], next_step_on=found[0]))
        else:
            areas.append(FocusArea(line))
    return areas


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
    with_glow = _unique([visit for visit in visits if visit.glow.strip()], lambda visit: visit.glow)
    glows = [Glow(visit.observed_on, visit.kind, visit.glow.strip())
             for visit in spread(with_glow, MAX_GLOWS)]
    glow_words = {_words(glow.text) for glow in glows}
    evidence_rows = _unique([row for row in queries.evidence(db, [visit.id for visit in visits])
                             if _words(row.text) not in glow_words], lambda row: row.text)
    evidence = [
        EvidenceLine(row.observed_on, names.get(row.indicator_code, ""), row.text.strip())
        for row in _selected_evidence(evidence_rows, trend_codes)
    ]
    private_notes = [
        PrivateNote(visit.observed_on, visit.kind, visit.private_note.strip())
        for visit in visits if include_private and visit.private_note.strip()
    ]
    kinds = Counter(visit.kind for visit in visits)
    return ObservationSummary(
        total=observations.count_visits(db, staff_id=staff_id, since=first, until=last),
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


def _words(text: str) -> str:
    """Text as compared for repeats: case, spacing and end punctuation do not count."""
    return " ".join(text.casefold().split()).rstrip(".!")


def _unique(items: list, text_of) -> list:
    """*items* without a second one saying the same words (the first is kept)."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = _words(text_of(item))
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


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


def _pd_summary(db: Database, staff_id: str, first: str, last: str) -> PdSummary:
    """The PD completed in the year, with the hours as every screen counts them (db.pd)."""
    hours = {label(code): value
             for code, value in pd.hours_by_format(db, since=first, until=last, staff_id=staff_id).items()}
    return PdSummary(queries.completed_pd(db, staff_id, first, last), hours,
                     pd.hours_credited(db, since=first, until=last, staff_id=staff_id))
