"""The figures on the Overview tab: the whole school at a glance, or one teacher's summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from db import celebrations, goals, observations, pd, preferences
from db._names import full_name

# Per-file preference (ISO date) that fixes when the school year begins; without it
# the year starts on 1 August, the common northern-hemisphere calendar.
SCHOOL_YEAR_START_KEY = "school_year.start"
# Per-file preference naming the school year the file is about, e.g. "2025-2026".
SCHOOL_YEAR_KEY = "school.year"


@dataclass(frozen=True)
class SchoolCalendar:
    year_start: date
    year_end: date
    term_start: date
    term_end: date
    term_label: str


def year_start_day(db: Database) -> tuple[int, int]:
    """(month, day) the school year begins: the ``school_year.start`` preference, else 1 August."""
    configured = preferences.get(db, SCHOOL_YEAR_START_KEY)
    if configured:
        try:
            first = date.fromisoformat(configured)
            return first.month, first.day
        except ValueError:
            pass
    return 8, 1


def reference_day(db: Database, today: date) -> date:
    """The day the figures are for: *today*, unless the file is about a school year that
    has already ended; then the last day anything was recorded in that year."""
    named = preferences.get(db, SCHOOL_YEAR_KEY) or ""
    try:
        first_year = int(named.strip()[:4])
    except ValueError:
        return today
    month, day = year_start_day(db)
    start = date(first_year, month, day)
    end = date(first_year + 1, month, day) - timedelta(days=1)
    if today <= end:
        return today
    bounds = [start.isoformat(), end.isoformat()]
    last = db.execute(
        """SELECT max(day) FROM (
             SELECT max(observed_on) AS day FROM observations WHERE observed_on BETWEEN ? AND ?
             UNION ALL SELECT max(held_on) FROM conversations WHERE held_on BETWEEN ? AND ?
             UNION ALL SELECT max(completed_on) FROM enrollments
                        WHERE completed_on BETWEEN ? AND ?)""",
        bounds * 3,
    ).fetchone()[0]
    return date.fromisoformat(last[:10]) if last else end


def school_calendar(db: Database, today: date) -> SchoolCalendar:
    """The school year and term that *today* falls in: term 1 runs to 31 December."""
    month, day = year_start_day(db)
    start = date(today.year, month, day)
    if start > today:
        start = date(today.year - 1, month, day)
    end = date(start.year + 1, month, day) - timedelta(days=1)
    new_year = date(start.year + 1, 1, 1)
    years = f"{start.year}–{str(start.year + 1)[2:]}"
    if today < new_year:
        return SchoolCalendar(start, end, start, new_year - timedelta(days=1), f"Term 1, {years}")
    return SchoolCalendar(start, end, new_year, end, f"Term 2, {years}")


@dataclass(frozen=True)
class SchoolOverview:
    calendar: SchoolCalendar
    teachers: int
    observations_this_term: int
    goals_active: int
    goals_met: int
    pd_hours_this_year: float


@dataclass(frozen=True)
class TeacherSummary:
    calendar: SchoolCalendar
    staff_id: str
    observations_this_term: int
    observations_total: int
    last_visit_on: str | None
    average_score_this_year: float | None
    goals_active: int
    goals_met: int
    open_action_steps: int
    pd_hours_this_year: float
    celebrations: int


@dataclass(frozen=True)
class UnvisitedTeacher:
    staff_id: str
    name: str
    last_visit_on: str | None

    def days_since(self, today: date) -> int | None:
        if self.last_visit_on is None:
            return None
        return (today - date.fromisoformat(self.last_visit_on[:10])).days


def _teacher_count(db: Database) -> int:
    return db.execute(
        "SELECT count(*) FROM staff WHERE role = 'teacher' AND archived_at IS NULL"
    ).fetchone()[0]


def school_overview(db: Database, today: date) -> SchoolOverview:
    cal = school_calendar(db, today)
    return SchoolOverview(
        calendar=cal,
        teachers=_teacher_count(db),
        observations_this_term=observations.count_observations(
            db, since=cal.term_start.isoformat(), until=cal.term_end.isoformat()),
        goals_active=goals.count_goals(db, status="active"),
        goals_met=goals.count_goals(db, status="met"),
        pd_hours_this_year=pd.hours_credited(
            db, since=cal.year_start.isoformat(), until=cal.year_end.isoformat()),
    )


def teacher_summary(db: Database, staff_id: str, today: date) -> TeacherSummary:
    cal = school_calendar(db, today)
    average = db.execute(
        """SELECT avg(s.score) FROM observation_scores s
           JOIN observations o ON o.id = s.observation_id
           WHERE o.staff_id = ? AND o.observed_on >= ? AND s.score IS NOT NULL""",
        [staff_id, cal.year_start.isoformat()],
    ).fetchone()[0]
    open_steps = db.execute(
        """SELECT count(*) FROM action_steps a JOIN goals g ON g.id = a.goal_id
           WHERE g.staff_id = ? AND g.status = 'active' AND a.status = 'open'""",
        [staff_id],
    ).fetchone()[0]
    return TeacherSummary(
        calendar=cal,
        staff_id=staff_id,
        observations_this_term=observations.count_observations(
            db, staff_id=staff_id, since=cal.term_start.isoformat(),
            until=cal.term_end.isoformat()),
        observations_total=observations.count_observations(db, staff_id=staff_id),
        last_visit_on=observations.last_visit_on(db, staff_id),
        average_score_this_year=average,
        goals_active=goals.count_goals(db, status="active", staff_id=staff_id),
        goals_met=goals.count_goals(db, status="met", staff_id=staff_id),
        open_action_steps=open_steps,
        pd_hours_this_year=pd.hours_credited(
            db, since=cal.year_start.isoformat(), until=cal.year_end.isoformat(),
            staff_id=staff_id),
        celebrations=celebrations.count_celebrations(db, staff_id=staff_id),
    )


@dataclass(frozen=True)
class TeacherVisits:
    staff_id: str
    name: str
    last_visit_on: str | None
    visits_this_term: int
    visits_this_year: int


def teacher_visits(db: Database, *, today: date, term_start: date,
                   year_start: date) -> list[TeacherVisits]:
    """Every active teacher's visits (observations of any kind, drafts included) on or
    before *today*: the last one, and how many this term and this school year."""
    rows = db.execute(
        f"""SELECT s.id, {full_name('s')},
                   (SELECT max(o.observed_on) FROM observations o
                     WHERE o.staff_id = s.id AND o.observed_on <= :today),
                   (SELECT count(*) FROM observations o WHERE o.staff_id = s.id
                     AND o.observed_on BETWEEN :term_start AND :today),
                   (SELECT count(*) FROM observations o WHERE o.staff_id = s.id
                     AND o.observed_on BETWEEN :year_start AND :today)
            FROM staff s WHERE s.role = 'teacher' AND s.archived_at IS NULL""",
        {"today": today.isoformat(), "term_start": term_start.isoformat(),
         "year_start": year_start.isoformat()},
    ).fetchall()
    return [TeacherVisits(*row) for row in rows]


def teachers_not_visited(db: Database, today: date, *, days: int = 14) -> list[UnvisitedTeacher]:
    """Current teachers with no observation in the last *days* days; never-visited first."""
    cutoff = (today - timedelta(days=days)).isoformat()
    sql = f"""
        SELECT t.id AS staff_id, {full_name('t')} AS name,
               (SELECT max(o.observed_on) FROM observations o
                 WHERE o.staff_id = t.id AND o.observed_on <= :today) AS last_visit_on
        FROM staff t
        WHERE t.role = 'teacher' AND t.archived_at IS NULL
    """
    # Visits after *today* do not count, as on the Coverage page (desktop/core/coverage.py).
    rows = [UnvisitedTeacher(**row) for row in db.query(sql, {"today": today.isoformat()})]
    stale = [row for row in rows if row.last_visit_on is None or row.last_visit_on[:10] <= cutoff]
    return sorted(stale, key=lambda row: (row.last_visit_on or "", row.name.lower()))


def most_active_teacher(db: Database) -> str | None:
    """The current teacher with the most goals, conversations and PD: a full example page."""
    row = db.execute(
        """SELECT t.id,
                  (SELECT count(*) FROM goals g WHERE g.staff_id = t.id)
                + (SELECT count(*) FROM conversations c WHERE c.staff_id = t.id)
                + (SELECT count(*) FROM enrollments e WHERE e.staff_id = t.id) AS activity
           FROM staff t WHERE t.role = 'teacher' AND t.archived_at IS NULL
           ORDER BY activity DESC, t.last_name COLLATE NOCASE, t.first_name COLLATE NOCASE
           LIMIT 1"""
    ).fetchone()
    return row[0] if row else None
