"""Who has been visited, and who has not: days since each teacher's last visit, and how
many visits each had this term, so uneven attention shows at a glance.

The threshold is the per-user setting ``coverage.threshold_days`` (default 14).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from db.overview import SchoolCalendar, school_calendar, teacher_visits

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
    calendar: SchoolCalendar
    threshold_days: int
    teachers: list[TeacherCoverage]

    @property
    def overdue(self) -> list[TeacherCoverage]:
        return [teacher for teacher in self.teachers if teacher.overdue]

    @property
    def visits_this_term(self) -> int:
        return sum(teacher.visits_this_term for teacher in self.teachers)

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
        return (f"{overdue} {people} not visited in {self.threshold_days}+ days · "
                f"{self.visits_this_term} visits in {self.calendar.term_label} · "
                f"between {low} and {high} visits each")


def school_coverage(db: Database, today: date, *,
                    threshold_days: int = DEFAULT_THRESHOLD_DAYS) -> Coverage:
    """Every active teacher, the longest-unvisited first (never visited at the top).

    Visits are observations of any kind on or before *today*, drafts included: a
    walkthrough still being written was still a visit.
    """
    if threshold_days < 1:
        raise ValueError("The threshold is a number of days, 1 or more.")
    calendar = school_calendar(db, today)
    teachers = []
    for row in teacher_visits(db, today=today, term_start=calendar.term_start,
                              year_start=calendar.year_start):
        last = row.last_visit_on
        days = None if last is None else (today - date.fromisoformat(last[:10])).days
        teachers.append(TeacherCoverage(
            staff_id=row.staff_id, name=row.name, last_visit_on=last, days_since=days,
            visits_this_term=row.visits_this_term, visits_this_year=row.visits_this_year,
            overdue=days is None or days >= threshold_days))
    never = 10 ** 9
    teachers.sort(key=lambda t: (-(never if t.days_since is None else t.days_since),
                                 t.visits_this_term, t.name.lower()))
    return Coverage(calendar, threshold_days, teachers)


def threshold_from_settings(settings) -> int:
    """The user's threshold, never below one day whatever the settings file says."""
    value = settings.get("coverage.threshold_days")
    return value if isinstance(value, int) and value >= 1 else DEFAULT_THRESHOLD_DAYS
