"""Who has been visited, and who has not: days since each teacher's last visit, and how
many visits each had this term, so uneven attention shows at a glance.

The threshold is the per-user setting ``coverage.threshold_days`` (default 14).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from db import observations, school_years
from db.school_years import YearView

DEFAULT_THRESHOLD_DAYS = 14


@dataclass(frozen=True)
class TeacherCoverage:
    staff_id: str
    name: str
    last_visit_on: str | None
    days_since: int | None         # None: never visited
    visits_this_term: int
    visits_this_year: int
    overdue: bool                  # never visited, or past the threshold

    @property
    def since_text(self) -> str:
        if self.days_since is None:
            return "never visited"
        if self.days_since == 0:
            return "today"
        return "1 day" if self.days_since == 1 else f"{self.days_since} days"


@dataclass(frozen=True)
class Coverage:
    view: YearView
    threshold_days: int
    teachers: list[TeacherCoverage]
    visits_in_period: int = 0      # every visit in the period, staff since archived too

    @property
    def overdue(self) -> list[TeacherCoverage]:
        return [teacher for teacher in self.teachers if teacher.overdue]

    @property
    def visits_this_term(self) -> int:
        """The same count as the Overview's (``observations.count_visits``)."""
        return self.visits_in_period

    @property
    def spread(self) -> tuple[int, int]:
        """Fewest and most visits any teacher had this term."""
        counts = [teacher.visits_this_term for teacher in self.teachers]
        return (min(counts), max(counts)) if counts else (0, 0)

    def summary(self) -> str:
        if not self.teachers:
            return "No teachers on the staff list yet."
        low, high = self.spread
        overdue = len(self.overdue)
        people = "teacher" if overdue == 1 else "teachers"
        listed = sum(teacher.visits_this_term for teacher in self.teachers)
        left = self.visits_in_period - listed
        visits = f"{self.visits_in_period} visits in {self.view.period_label}"
        if left > 0:
            visits += f" ({left} of them to staff who have since left)"
        ended = f" · {self.view.year.ended_text()}" if self.view.is_current and self.view.has_ended else ""
        return (f"{overdue} {people} not visited in {self.threshold_days}+ days · "
                f"{visits} · between {low} and {high} visits each{ended}")


def school_coverage(db: Database, today: date, *,
                    threshold_days: int = DEFAULT_THRESHOLD_DAYS,
                    year_id: str | None = None, school_id: str | None = None) -> Coverage:
    """Every current teacher, the longest-unvisited first (never visited at the top).

    Visits are as everywhere else (``observations.VISIT``): complete observations of any
    kind, on or before the day the figures are for; drafts are not visits yet. Days since
    are counted to today; for an earlier school year, to its last day. *school_id*: that
    school's teachers and visits only (a district file; None: every school).
    """
    if threshold_days < 1:
        raise ValueError("The threshold is a number of days, 1 or more.")
    view = school_years.view(db, today, year_id)
    period_since, until = view.period
    as_of = view.as_of
    teachers = []
    for row in observations.teacher_visits(db, until=until, period_since=period_since,
                                           year_since=view.since, school_id=school_id):
        days = None if row.last_visit_on is None else (as_of - date.fromisoformat(row.last_visit_on[:10])).days
        teachers.append(TeacherCoverage(
            staff_id=row.staff_id, name=row.name, last_visit_on=row.last_visit_on,
            days_since=days, visits_this_term=row.in_period, visits_this_year=row.in_year,
            overdue=days is None or days >= threshold_days))
    never = 10 ** 9
    teachers.sort(key=lambda t: (-(never if t.days_since is None else t.days_since),
                                 t.visits_this_term, t.name.lower()))
    return Coverage(view, threshold_days, teachers,
                    observations.count_visits(db, since=period_since, until=until,
                                              school_id=school_id))


def threshold_from_settings(settings) -> int:
    """The user's threshold, never below one day whatever the settings file says."""
    value = settings.get("coverage.threshold_days")
    return value if isinstance(value, int) and value >= 1 else DEFAULT_THRESHOLD_DAYS
