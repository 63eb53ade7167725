"""The Overview's figures: the whole school, or one teacher, at a glance.

Plain Python over the storage functions, no SQL and no Qt, so the tab can gather them on a
worker thread and tests can check them against the database.

**One figure, one definition.** Each figure here is read from the one function every other
screen uses for it, never counted again its own way:

======================  ==========================================  =======================
figure                  function                                    also shown by
======================  ==========================================  =======================
visits                  ``observations.count_visits`` /             Observations list,
                        ``visit_figures``                           Coverage, portfolio
average level           ``observations.visit_figures``              Observations list
PD hours                ``pd.hours_credited`` / ``hours_by_format`` PD Menu, portfolio
goals by status, met    ``goals.goals_by_status``                   Goals list, portfolio
strengths, gaps, needs  ``desktop.core.growth_profile``             Goals, portfolio, PD
coverage, not visited   ``desktop.core.coverage.school_coverage``   Observations › Coverage
wellbeing trend         ``desktop.core.wellbeing.school_wellbeing`` Celebrations › Wellbeing
======================  ==========================================  =======================

**Archived staff and drafts, one rule per figure.** What *happened* keeps counting after a
person leaves: their visits, levels, PD hours, finished goals and celebrations. What is
*still to do* is about current staff only: the teachers, who needs a visit, live goals,
overdue steps, needs. Drafts are never visits (nor evidence) until finished. Everything is
counted up to the day the figures are for (``YearView.as_of``): something dated ahead has
not happened yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlite_utils import Database

from db import celebrations, goals, observations, overview, pd, school_years, staff
from db import wellbeing as wellbeing_db
from db.school_years import YearView
from desktop import pacing
from desktop.core import growth_profile as rule
from desktop.core import milestones, wellbeing
from desktop.core.coverage import Coverage, school_coverage
from desktop.core.growth_profile import GrowthProfile

# Ongoing, job-embedded PD (a teacher learns over weeks, in and about their own classroom)
# against one-off sessions and self-paced courses: what the research behind the product says
# changes practice, and what a principal wants the share of to grow.
ONGOING_FORMATS = ("peer_coaching", "plc", "mentoring", "book_study")
ONGOING_WORDS = "Ongoing, job-embedded"
ONE_OFF_WORDS = "One-off sessions and courses"

# The heat map's columns: a teacher's level on an indicator (growth_profile's rule), banded at
# the rule's own thresholds, so the "gap" band holds exactly the teachers counted as needing it.
BANDS = (
    ("below2", "Below 2 (gap)", None, 2.0),
    ("gap", f"2 to {rule.GAP_BELOW - 0.01:g} (gap)", 2.0, rule.GAP_BELOW),
    ("near", f"{rule.GAP_BELOW:g} to {rule.STRENGTH_AT - 0.01:g}", rule.GAP_BELOW, rule.STRENGTH_AT),
    ("strong", f"{rule.STRENGTH_AT:g} and above", rule.STRENGTH_AT, None),
    ("unseen", "No evidence", None, None),
)
SPREAD_TOP = 6      # visits per teacher: 0, 1, … and "6 or more"
RECENT = 5          # recent celebrations, last visits
UPCOMING = 6        # PD sessions coming up


def band_of(level: float | None) -> str:
    if level is None:
        return "unseen"
    for key, _, low, high in BANDS[:-1]:
        if (low is None or level >= low) and (high is None or level < high):
            return key
    return "strong"


# --- the whole school ----------------------------------------------------------------------

@dataclass(frozen=True)
class SpreadBar:
    visits: int                    # this many visits this term (the last bar: this many or more)
    teachers: tuple[str, ...]      # their staff ids
    names: tuple[str, ...]
    or_more: bool = False

    @property
    def label(self) -> str:
        return f"{self.visits}+" if self.or_more else str(self.visits)


@dataclass(frozen=True)
class PdHours:
    total: float
    by_format: dict[str, float]            # format code -> hours, most first
    ongoing: float                         # of the total: ongoing, job-embedded formats
    one_off: float

    @property
    def ongoing_share(self) -> float | None:
        return self.ongoing / self.total if self.total else None


@dataclass(frozen=True)
class SchoolOverview:
    view: YearView
    threshold_days: int
    teachers: int
    coverage: Coverage
    spread: list[SpreadBar]
    observers: list[overview.ObserverShare]
    visits: int                            # in the period (this term, else the year)
    goals_by_status: dict[str, int]
    overdue_steps: list[goals.ActionStep]
    pd_hours: PdHours
    upcoming: list[overview.UpcomingSession]
    celebrations: list[celebrations.Celebration]
    celebrations_total: int
    wellbeing: object                      # desktop.core.wellbeing.SchoolTrend: months of ≥ 5 people only
    follow_ups: int                        # people who asked for a follow-up conversation

    @property
    def not_visited(self) -> int:
        return len(self.coverage.overdue)


def _spread(coverage: Coverage) -> list[SpreadBar]:
    by_count: dict[int, list] = {}
    for teacher in coverage.teachers:
        by_count.setdefault(min(teacher.visits_this_term, SPREAD_TOP), []).append(teacher)
    bars = []
    for visits in range(SPREAD_TOP + 1):
        found = sorted(by_count.get(visits, []), key=lambda t: t.name.lower())
        bars.append(SpreadBar(visits, tuple(t.staff_id for t in found),
                              tuple(t.name for t in found), or_more=visits == SPREAD_TOP))
    while len(bars) > 4 and not bars[-1].teachers:   # 0 to 3 always; no empty bars beyond
        bars.pop()
    return bars


def pd_hours(db: Database, view: YearView, staff_id: str | None = None, *,
             school_id: str | None = None) -> PdHours:
    """The year's PD hours up to the day the figures are for (``pd.hours_credited``), by
    format, and how much of it was ongoing and job-embedded."""
    total = pd.hours_credited(db, since=view.since, until=view.until, staff_id=staff_id,
                              school_id=school_id)
    by_format = pd.hours_by_format(db, since=view.since, until=view.until, staff_id=staff_id,
                                   school_id=school_id)
    ongoing = sum((hours for code, hours in by_format.items() if code in ONGOING_FORMATS), 0.0)
    return PdHours(total, by_format, ongoing, max(total - ongoing, 0.0))


def school_overview(db: Database, today: date, *, year_id: str | None = None,
                    threshold_days: int, school_id: str | None = None) -> SchoolOverview:
    """Everything on the whole-school page but the profiles (see :func:`school_profiles`);
    *school_id*: one school of a district file (None: all of them). The wellbeing trend
    is always the whole file's: an unshared answer keeps no link to a person or a school.
    PD sessions coming up are the district's catalog, shared by every school."""
    view = school_years.view(db, today, year_id)
    since, until = view.period
    coverage = school_coverage(db, today, threshold_days=threshold_days, year_id=year_id,
                               school_id=school_id)
    trend = wellbeing.school_wellbeing(db, since=view.since or "0000-00-00", until=view.until)
    return SchoolOverview(
        view=view,
        threshold_days=threshold_days,
        teachers=len(coverage.teachers),
        coverage=coverage,
        spread=_spread(coverage),
        observers=overview.visits_by_observer(db, since=since, until=until, school_id=school_id),
        visits=coverage.visits_in_period,
        goals_by_status=goals.goals_by_status(db, since=view.since, until=view.year.until,
                                              school_id=school_id),
        overdue_steps=goals.list_overdue_action_steps(db, today=view.until, school_id=school_id),
        pd_hours=pd_hours(db, view, school_id=school_id),
        # Sessions still to come: only while the year shown is the current one.
        upcoming=overview.upcoming_sessions(db, after=f"{today.isoformat()}T00:00",
                                            limit=UPCOMING) if view.is_current else [],
        celebrations=celebrations.list_celebrations(db, since=view.since, until=view.until,
                                                    limit=RECENT, school_id=school_id),
        celebrations_total=celebrations.count_celebrations(db, since=view.since, until=view.until,
                                                           school_id=school_id),
        wellbeing=trend,
        follow_ups=len({item.staff_id for item in wellbeing_db.follow_ups(db, school_id=school_id)}),
    )


@dataclass(frozen=True)
class HeatCell:
    indicator_code: str
    indicator_name: str
    band: str                       # a BANDS key
    band_label: str
    teachers: tuple[str, ...]       # staff ids
    names: tuple[str, ...]          # the same people, by name, in the same order
    levels: tuple[float | None, ...]


@dataclass(frozen=True)
class HeatRow:
    code: str
    name: str
    cells: tuple[HeatCell, ...]     # one per band, in BANDS order
    average: float | None           # mean of the teachers' levels on it (those with one)


@dataclass(frozen=True)
class CommonNeed:
    code: str
    name: str
    teachers: tuple[str, ...]       # those who have it as a gap (growth_profile's rule)
    names: tuple[str, ...]
    of_teachers: int                # how many teachers in all


@dataclass(frozen=True)
class SchoolProfiles:
    """The slow half of the whole-school page: every teacher's growth profile, summed up."""
    as_of: date
    teachers: int
    heat: list[HeatRow]
    needs: list[CommonNeed]         # the indicators most teachers have as a gap, most first


def school_profiles(db: Database, today: date, *, year_id: str | None = None,
                    school_id: str | None = None) -> SchoolProfiles:
    """The heat map (each indicator: how many teachers at each level band, and who) and the
    school's common needs, from every current teacher's growth profile as of the day the
    figures are for (of *school_id*'s teachers, when given)."""
    from desktop.core.profiles import school_growth_profiles

    view = school_years.view(db, today, year_id)
    # One pass over every teacher's levels, a profile at a time: the band each is in, and the
    # gaps (a district has thousands of teachers and a rubric a score of indicators).
    rows: dict[str, dict[str, list]] = {}
    gaps: dict[str, list] = {}
    indicator_order = []
    teachers = 0
    for staff_id, name, profile in school_growth_profiles(db, as_of=view.as_of, school_id=school_id):
        pacing.give_way()   # a profile at a time: the window's paints go first
        teachers += 1
        if not indicator_order:
            indicator_order = [item.indicator for item in profile.levels]
        for item in profile.levels:
            code = item.indicator.code
            bands = rows.get(code)
            if bands is None:
                bands = rows[code] = {key: [] for key, *_ in BANDS}
            bands[band_of(item.level)].append((name.lower(), staff_id, name, item.level))
            if item.is_gap:
                gaps.setdefault(code, []).append((name.lower(), staff_id, name))
    heat = []
    needs = []
    for indicator in indicator_order:
        bands = rows.get(indicator.code, {key: [] for key, *_ in BANDS})
        cells = []
        for key, label, *_ in BANDS:
            people = sorted(bands[key])
            cells.append(HeatCell(indicator.code, indicator.name, key, label,
                                  tuple(p[1] for p in people), tuple(p[2] for p in people),
                                  tuple(p[3] for p in people)))
        levels = [p[3] for key, *_ in BANDS for p in bands[key] if p[3] is not None]
        heat.append(HeatRow(indicator.code, indicator.name, tuple(cells),
                            sum(levels) / len(levels) if levels else None))
        if gapped := sorted(gaps.get(indicator.code, ())):
            needs.append(CommonNeed(indicator.code, indicator.name, tuple(g[1] for g in gapped),
                                    tuple(g[2] for g in gapped), teachers))
    position = {indicator.code: index for index, indicator in enumerate(indicator_order)}
    needs.sort(key=lambda need: (-len(need.teachers), position[need.code]))
    return SchoolProfiles(view.as_of, teachers, heat, needs)


def suggestions_waiting(db: Database, today: date, *, year_id: str | None = None,
                        school_id: str | None = None) -> int:
    """How many "Noticed for you" milestones wait to be celebrated or dismissed (the
    Celebrations tab's list, as of the day the figures are for; of *school_id*'s people)."""
    return len(milestones.noticed_for_you(db, as_of=school_years.view(db, today, year_id).as_of,
                                          school_id=school_id))


# --- one teacher -----------------------------------------------------------------------------

@dataclass(frozen=True)
class GoalWithNextStep:
    goal: goals.Goal
    next_step: goals.ActionStep | None     # the open step due soonest (None: no open step)


@dataclass(frozen=True)
class Attention:
    """Something about the teacher that needs doing, and where to do it."""
    kind: str            # overdue_step, no_visit, follow_up, goal_without_step
    text: str
    goal_id: str | None = None
    day: str | None = None


@dataclass(frozen=True)
class TeacherOverview:
    view: YearView
    member: staff.StaffMember
    threshold_days: int
    visits_this_term: int
    visits_this_year: int
    last_visit_on: str | None
    average_level: float | None
    levels_marked: int
    profile: GrowthProfile
    goals_by_status: dict[str, int]
    active_goals: list[GoalWithNextStep]
    overdue_steps: list[goals.ActionStep]
    last_visits: list[observations.ObservationSummary]
    pd: list[pd.Enrollment]                # chosen (enrolled, waitlisted) and completed this year
    pd_hours: PdHours
    celebrations: list[celebrations.Celebration]
    celebrations_total: int
    attention: list[Attention] = field(default_factory=list)


def teacher_overview(db: Database, staff_id: str, today: date, *, year_id: str | None = None,
                     threshold_days: int) -> TeacherOverview:
    from desktop.core.profiles import growth_profile_for

    member = staff.get(db, staff_id)
    if member is None:
        raise KeyError(staff_id)
    view = school_years.view(db, today, year_id)
    since, until = view.period
    year = observations.visit_figures(db, staff_id=staff_id, since=view.since, until=view.until)
    goal_list = goals.list_goals(db, staff_id=staff_id, since=view.since, until=view.year.until)
    steps: dict[str, list[goals.ActionStep]] = {}
    for step in goals.list_action_steps(db, staff_id=staff_id):
        steps.setdefault(step.goal_id, []).append(step)
    active = [GoalWithNextStep(goal, next((s for s in steps.get(goal.id, []) if s.status == "open"),
                                          None))
              for goal in goal_list if goal.status == "active"]
    overdue = goals.list_overdue_action_steps(db, today=view.until, staff_id=staff_id)
    last_visit = observations.last_visit_on(db, staff_id, until=view.until)
    visits = [row for row in observations.list_observations(
        db, staff_id=staff_id, since=view.since, until=view.until, limit=RECENT * 3)
        if row.is_visit][:RECENT]
    enrollments = [item for item in pd.list_enrollments(db, staff_id=staff_id, since=view.since,
                                                        until=view.year.until)
                   if item.status in ("enrolled", "waitlisted")
                   or (item.status == "completed" and (item.completed_on or "") <= view.until)]
    found = TeacherOverview(
        view=view, member=member, threshold_days=threshold_days,
        visits_this_term=observations.count_visits(db, staff_id=staff_id, since=since, until=until),
        visits_this_year=year.visits, last_visit_on=last_visit,
        average_level=year.average_level, levels_marked=year.levels_marked,
        profile=growth_profile_for(db, staff_id, as_of=view.as_of, with_evidence=False),
        goals_by_status=goals.goals_by_status(db, staff_id=staff_id, since=view.since,
                                              until=view.year.until),
        active_goals=active, overdue_steps=overdue, last_visits=visits,
        pd=enrollments, pd_hours=pd_hours(db, view, staff_id),
        celebrations=celebrations.list_celebrations(db, staff_id=staff_id, since=view.since,
                                                    until=view.until, limit=RECENT),
        celebrations_total=celebrations.count_celebrations(db, staff_id=staff_id,
                                                           since=view.since, until=view.until),
    )
    follow_ups = [item for item in wellbeing_db.follow_ups(db) if item.staff_id == staff_id]
    return _with_attention(found, follow_ups)


def _with_attention(found: TeacherOverview, follow_ups) -> TeacherOverview:
    """What needs doing for this teacher, most pressing first: overdue steps, a visit past
    the coverage threshold, a follow-up conversation asked for, a goal with no next step."""
    items: list[Attention] = []
    as_of = found.view.as_of
    for step in found.overdue_steps:
        late = (as_of - date.fromisoformat(step.due_on[:10])).days
        items.append(Attention("overdue_step", f"Action step overdue by {_days(late)}: "
                                               f"“{step.description}” (goal ‘{step.goal_title}’)",
                               goal_id=step.goal_id, day=step.due_on))
    if not found.member.is_archived and found.member.role == "teacher":
        if found.last_visit_on is None:
            items.append(Attention("no_visit", "Not visited yet"
                                   + (f" in {found.view.year.name}" if found.visits_this_year == 0
                                      else "")))
        else:
            since = (as_of - date.fromisoformat(found.last_visit_on[:10])).days
            if since >= found.threshold_days:
                items.append(Attention("no_visit", f"No visit for {_days(since)} (the coverage "
                                       f"threshold is {found.threshold_days} days)",
                                       day=found.last_visit_on))
    for item in follow_ups:
        # The month they asked in, never the answers (private ones are not theirs to show).
        items.append(Attention("follow_up", "Asked for a follow-up conversation in the "
                               f"wellbeing check-in of {wellbeing_db.month_words(item.month)}",
                               day=wellbeing_db.month_start(item.month).isoformat()))
    for entry in found.active_goals:
        if entry.next_step is None:
            items.append(Attention("goal_without_step",
                                   f"Goal ‘{entry.goal.title}’ has no open action step",
                                   goal_id=entry.goal.id))
    return replace(found, attention=items)


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"
