"""Classroom observations and walkthroughs, as the Observations tab lists them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from db._names import full_name

KINDS = ("walkthrough", "formal", "informal")


@dataclass(frozen=True)
class ObservationSummary:
    id: str
    staff_id: str
    teacher_name: str
    observed_on: str
    kind: str
    observer_name: str
    status: str
    glow: str
    grow: str
    average_score: float | None   # mean of the indicators scored; None when none were
    scored_count: int

    @property
    def kind_label(self) -> str:
        return self.kind.capitalize()


def list_observations(
    db: Database,
    *,
    staff_id: str | None = None,
    since: str | None = None,
    limit: int | None = None,
) -> list[ObservationSummary]:
    """Newest first; *since* is an ISO date (inclusive)."""
    where, params = [], []
    if staff_id:
        where.append("o.staff_id = ?")
        params.append(staff_id)
    if since:
        where.append("o.observed_on >= ?")
        params.append(since)
    sql = f"""
        SELECT o.id, o.staff_id, {full_name('t')} AS teacher_name, o.observed_on, o.kind,
               coalesce(nullif({full_name('v')}, ''), o.observer_name, '') AS observer_name,
               o.status, o.glow, o.grow,
               (SELECT avg(s.score) FROM observation_scores s
                 WHERE s.observation_id = o.id AND s.score IS NOT NULL) AS average_score,
               (SELECT count(*) FROM observation_scores s
                 WHERE s.observation_id = o.id AND s.score IS NOT NULL) AS scored_count
        FROM observations o
        JOIN staff t ON t.id = o.staff_id
        LEFT JOIN staff v ON v.id = o.observer_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY o.observed_on DESC, o.started_at DESC, o.created_at DESC
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [ObservationSummary(**row) for row in db.query(sql, params)]


def count_observations(
    db: Database, *, staff_id: str | None = None, since: str | None = None,
    until: str | None = None,
) -> int:
    where, params = [], []
    if staff_id:
        where.append("staff_id = ?")
        params.append(staff_id)
    if since:
        where.append("observed_on >= ?")
        params.append(since)
    if until:
        where.append("observed_on <= ?")
        params.append(until)
    sql = "SELECT count(*) FROM observations"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return db.execute(sql, params).fetchone()[0]


def last_visit_on(db: Database, staff_id: str) -> str | None:
    row = db.execute(
        "SELECT max(observed_on) FROM observations WHERE staff_id = ?", [staff_id]
    ).fetchone()
    return row[0]
