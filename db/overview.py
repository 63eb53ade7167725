"""The figures on the Overview tab: the whole school at a glance, or one teacher's summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from db import celebrations, goals, observations, pd, school_years
from db.school_years import YearView


@dataclass(frozen=True)
class SchoolOverview:
    view: YearView
    teachers: int
    observations_this_term: int     # visits in the view's period: this term, else the year
    goals_active: int
    goals_met: int
    pd_hours_this_year: float


@dataclass(frozen=True)
class TeacherSummary:
    view: YearView
    staff_id: str
    observations_this_term: int
    observations_total: int         # visits in the school year
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


def school_overview(db: Database, today: date, *, year_id: str | None = None) -> SchoolOverview:
    view = school_years.view(db, today, year_id)
    since, until = view.period
    span = {"since": view.since, "until": view.year.until}
    return SchoolOverview(
        view=view,
        teachers=_teacher_count(db),
        observations_this_term=observations.count_visits(db, since=since, until=until),
        goals_active=goals.count_goals(db, status="active", **span),
        goals_met=goals.count_goals(db, status="met", **span),
        pd_hours_this_year=pd.hours_credited(db, since=view.since, until=view.until),
    )


def teacher_summary(db: Database, staff_id: str, today: date, *,
                    year_id: str | None = None) -> TeacherSummary:
    view = school_years.view(db, today, year_id)
    since, until = view.period
    span = {"since": view.since, "until": view.year.until}
    # Every level marked in the year's visits, look-fors too, as in the Observations list.
    average = db.execute(
        """SELECT avg(level) FROM (
             SELECT s.score AS level FROM observation_scores s
               JOIN observations o ON o.id = s.observation_id
              WHERE o.staff_id = :staff AND o.status = 'complete' AND o.observed_on >= :since
                AND o.observed_on <= :until AND s.score IS NOT NULL
             UNION ALL
             SELECT l.score FROM observation_look_fors l
               JOIN observations o ON o.id = l.observation_id
              WHERE o.staff_id = :staff AND o.status = 'complete' AND o.observed_on >= :since
                AND o.observed_on <= :until AND l.score IS NOT NULL)""",
        {"staff": staff_id, "since": view.since or "", "until": view.until},
    ).fetchone()[0]
    open_steps = db.execute(
        """SELECT count(*) FROM action_steps a JOIN goals g ON g.id = a.goal_id
           WHERE g.staff_id = ? AND g.status = 'active' AND a.status = 'open'""",
        [staff_id],
    ).fetchone()[0]
    return TeacherSummary(
        view=view,
        staff_id=staff_id,
        observations_this_term=observations.count_visits(
            db, staff_id=staff_id, since=since, until=until),
        observations_total=observations.count_visits(
            db, staff_id=staff_id, since=view.since, until=view.until),
        last_visit_on=observations.last_visit_on(db, staff_id, until=view.until),
        average_score_this_year=average,
        goals_active=goals.count_goals(db, status="active", staff_id=staff_id, **span),
        goals_met=goals.count_goals(db, status="met", staff_id=staff_id, **span),
        open_action_steps=open_steps,
        pd_hours_this_year=pd.hours_credited(
            db, since=view.since, until=view.until, staff_id=staff_id),
        celebrations=celebrations.count_celebrations(
            db, staff_id=staff_id, since=view.since, until=view.until),
    )


def teachers_not_visited(db: Database, today: date, *, days: int = 14) -> list[UnvisitedTeacher]:
    """Current teachers with no visit in the last *days* days; never-visited first.

    The same visits as Coverage (``observations.teacher_visits``): complete ones, on or
    before *today*."""
    # On or before the cutoff: visited *days* ago counts as not visited in *days* days.
    cutoff = (today - timedelta(days=days - 1)).isoformat()
    stale = [UnvisitedTeacher(*row) for row in observations.last_visits(
        db, until=today.isoformat(), before=cutoff)]
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
