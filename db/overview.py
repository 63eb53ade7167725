"""What the Overview reads that no other list module already answers: each observer's share
of the visits, the PD sessions coming up with their seats, a teacher's open steps.

The figures themselves are gathered in ``desktop.core.overview`` from the one function
behind each (``observations.visit_figures``/``count_visits``, ``goals.goals_by_status``,
``pd.hours_credited``…), so the Overview never counts anything its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from db import observations, schools
from db._names import full_name
from db.pd import SEAT_HOLDING

NO_OBSERVER = "Observer not recorded"


@dataclass(frozen=True)
class ObserverShare:
    name: str            # as the Observations list's Observer filter names them
    visits: int


def visits_by_observer(db: Database, *, since: str | None, until: str,
                       school_id: str | None = None) -> list[ObserverShare]:
    """Visits (``observations.VISIT``) in *since*..*until* by observer, most first; visits
    with no observer recorded are named so. The shares add up to ``count_visits`` (of the
    same *school_id*: visits to that school's teachers, whoever the observer)."""
    name = f"coalesce(nullif({full_name('v')}, ''), nullif(o.observer_name, ''), '')"
    where = ["o." + observations.VISIT, "o.observed_on <= ?"]
    params: list = [until]
    if since:
        where.append("o.observed_on >= ?")
        params.append(since)
    term, values = schools.of_school("o.staff_id", school_id)
    where += term
    params += values
    rows = db.execute(
        f"""SELECT {name} AS observer, count(*) AS visits
            FROM observations o LEFT JOIN staff v ON v.id = o.observer_id
            WHERE {' AND '.join(where)}
            GROUP BY observer ORDER BY visits DESC, observer COLLATE NOCASE""", params)
    return [ObserverShare(observer or NO_OBSERVER, visits) for observer, visits in rows]


@dataclass(frozen=True)
class UpcomingSession:
    offering_id: str
    title: str
    format: str
    starts_at: str        # 'YYYY-MM-DDTHH:MM', local, as the timetable says
    location: str
    capacity: int | None
    seats_taken: int

    @property
    def seats_left(self) -> int | None:
        """None: no limit (the same rule as the PD menu's ``Offering.seats_left``)."""
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)


def upcoming_sessions(db: Database, *, after: str, limit: int = 8) -> list[UpcomingSession]:
    """The next sessions of offerings still on the menu, starting at or after *after*
    ('YYYY-MM-DDTHH:MM'), soonest first, with the seats their offering has taken."""
    marks = ", ".join("?" for _ in SEAT_HOLDING)
    rows = db.execute(
        f"""SELECT p.id, p.title, p.format, s.starts_at, s.location, p.capacity,
                   (SELECT count(*) FROM enrollments e WHERE e.offering_id = p.id
                     AND e.status IN ({marks}))
            FROM pd_sessions s JOIN pd_offerings p ON p.id = s.offering_id
            WHERE p.retired_at IS NULL AND s.starts_at >= ?
            ORDER BY s.starts_at, p.title LIMIT ?""",
        [*SEAT_HOLDING, after, int(limit)])
    return [UpcomingSession(*row) for row in rows]


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
