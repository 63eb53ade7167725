"""Coaching conversations, listed with private notes kept out of the list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from db._names import full_name

KINDS = ("goal_setting", "check_in", "post_observation", "reflection")


@dataclass(frozen=True)
class Conversation:
    id: str
    staff_id: str
    teacher_name: str
    leader_name: str
    kind: str
    held_on: str
    notes: str                 # empty for private conversations unless asked for
    is_private: bool
    next_meeting_on: str | None


def list_conversations(
    db: Database, *, staff_id: str | None = None, include_private_notes: bool = False,
    limit: int | None = None,
) -> list[Conversation]:
    """Newest first. Private notes are not even read unless *include_private_notes*."""
    notes = "c.notes" if include_private_notes else "CASE WHEN c.is_private THEN '' ELSE c.notes END"
    where, params = [], []
    if staff_id:
        where.append("c.staff_id = ?")
        params.append(staff_id)
    sql = f"""
        SELECT c.id, c.staff_id, {full_name('t')} AS teacher_name,
               coalesce({full_name('l')}, '') AS leader_name, c.kind, c.held_on,
               {notes} AS notes, c.is_private, c.next_meeting_on
        FROM conversations c
        JOIN staff t ON t.id = c.staff_id
        LEFT JOIN staff l ON l.id = c.leader_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY c.held_on DESC, c.created_at DESC
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = db.query(sql, params)
    return [Conversation(**{**row, "is_private": bool(row["is_private"])}) for row in rows]
