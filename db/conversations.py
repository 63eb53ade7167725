"""Coaching conversations: listed with private notes kept out, written with their linked goals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from db import records, schools
from db._names import dated, full_name
from db.errors import NeedsCorrection
from db.validation import iso_day

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


_NEWEST = "c.held_on DESC, c.created_at DESC, c.id"
# The orders the list can be read in: its columns' sorts, then the newest first among equals.
CONVERSATION_ORDERS = {
    "": _NEWEST,
    "date": "c.held_on {d}, c.created_at {d}, c.id",
    "teacher": "t.sort_key {d}, " + _NEWEST,
    "kind": "c.kind {d}, " + _NEWEST,
    "with": "l.sort_key {d}, " + _NEWEST,
    "next": "coalesce(c.next_meeting_on, '') {d}, " + _NEWEST,
}


def list_conversations(
    db: Database, *, staff_id: str | None = None, include_private_notes: bool = False,
    limit: int | None = None, since: str | None = None, until: str | None = None,
    ids: Iterable[str] | None = None, offset: int = 0, order: str = "", descending: bool = True,
    school_id: str | None = None,
) -> list[Conversation]:
    """Newest first (or in another of :data:`CONVERSATION_ORDERS`); *since*/*until* (ISO,
    inclusive) keep one school year's; *ids* keeps only those conversations; *limit* and
    *offset* read one page; *school_id*: that school's teachers' conversations. Private
    notes are not even read unless *include_private_notes*."""
    notes = "c.notes" if include_private_notes else "CASE WHEN c.is_private THEN '' ELSE c.notes END"
    where, params = dated("c.held_on", since, until)
    term, values = schools.of_school("c.staff_id", school_id)
    where += term
    params += values
    if ids is not None:
        term, values = records.among("c.id", ids)
        where.append(term)
        params.extend(values)
    if staff_id:
        where.append("c.staff_id = ?")
        params.append(staff_id)
    columns = f"""c.id, c.staff_id, {full_name('t')} AS teacher_name,
               coalesce({full_name('l')}, '') AS leader_name, c.kind, c.held_on,
               {notes} AS notes, c.is_private, c.next_meeting_on"""
    source = "FROM conversations c JOIN staff t ON t.id = c.staff_id LEFT JOIN staff l ON l.id = c.leader_id"
    ordering = CONVERSATION_ORDERS[order].format(d="DESC" if descending else "ASC")
    if limit:
        rows = records.read_page(db, alias="c", source=source, where=where, params=params,
                                 order=ordering, columns=columns, limit=limit, offset=offset)
    else:
        rows = db.query(f"""SELECT {columns} {source} {"WHERE " + " AND ".join(where) if where else ""}
                            ORDER BY {ordering}""", params)
    return [Conversation(**{**row, "is_private": bool(row["is_private"])}) for row in rows]


def count_listed(db: Database, *, staff_id: str | None = None, since: str | None = None,
                 until: str | None = None, school_id: str | None = None) -> int:
    """How many conversations :func:`list_conversations` lists for the same filters."""
    where, params = dated("held_on", since, until)
    term, values = schools.of_school("staff_id", school_id)
    where += term
    params += values
    if staff_id:
        where.append("staff_id = ?")
        params.append(staff_id)
    return records.count_where(db, "conversations", where, params)


# --- writing ------------------------------------------------------------------------------


KIND_NAMES = {"goal_setting": "Goal-setting", "check_in": "Check-in",
              "post_observation": "Post-observation", "reflection": "Reflection"}


class ConversationValidationError(NeedsCorrection):
    """A conversation value that cannot be saved; the message names the field."""


@dataclass(frozen=True)
class ConversationDetail:
    """One conversation in full, private notes included: for its own editor only."""

    id: str
    staff_id: str
    leader_id: str | None
    kind: str
    held_on: str
    notes: str
    is_private: bool
    next_meeting_on: str | None
    observation_id: str | None
    goal_ids: tuple[str, ...]


def _day(value, field: str, *, required: bool = False) -> str | None:
    return iso_day(value, field, required=required, error=ConversationValidationError)


def _clean(values: dict) -> dict:
    clean: dict = {}
    if "kind" in values:
        if values["kind"] not in KINDS:
            raise ConversationValidationError(
                "A conversation is goal-setting, check-in, post-observation or reflection.")
        clean["kind"] = values["kind"]
    if "held_on" in values:
        clean["held_on"] = _day(values["held_on"], "The date held", required=True)
    if "next_meeting_on" in values:
        clean["next_meeting_on"] = _day(values["next_meeting_on"], "The next meeting date")
    if "notes" in values:
        clean["notes"] = (values["notes"] or "").strip()
    if "is_private" in values:
        clean["is_private"] = 1 if values["is_private"] else 0
    for key in ("leader_id", "observation_id"):
        if key in values:
            clean[key] = values[key] or None
    held, following = clean.get("held_on"), clean.get("next_meeting_on")
    if held and following and following < held:
        raise ConversationValidationError("The next meeting comes before this one.")
    return clean


def add_conversation(db: Database, staff_id: str, *, goal_ids: tuple[str, ...] = (),
                     **values) -> str:
    clean = _clean({"kind": values.pop("kind", None), "held_on": values.pop("held_on", None),
                    **values})
    with db.atomic():
        conversation_id = records.insert(db, "conversations", {"staff_id": staff_id, **clean})
        link_goals(db, conversation_id, goal_ids)
    return conversation_id


def update_conversation(db: Database, conversation_id: str, *,
                        goal_ids: tuple[str, ...] | None = None, **changes) -> None:
    clean = _clean(changes)
    with db.atomic():
        if "next_meeting_on" in clean and "held_on" not in clean and clean["next_meeting_on"]:
            held = records.get(db, "conversations", conversation_id)["held_on"]
            if clean["next_meeting_on"] < held:
                raise ConversationValidationError("The next meeting comes before this one.")
        records.update(db, "conversations", conversation_id, clean)
        if goal_ids is not None:
            db.execute("DELETE FROM conversation_goals WHERE conversation_id = ? AND goal_id NOT IN "
                       f"({', '.join('?' for _ in goal_ids) or 'NULL'})",
                       [conversation_id, *goal_ids])
            link_goals(db, conversation_id, goal_ids)


def link_goals(db: Database, conversation_id: str, goal_ids) -> None:
    """Link goals agreed in (or discussed at) the conversation; existing links are kept."""
    for goal_id in dict.fromkeys(goal_ids):
        db.execute(
            "INSERT OR IGNORE INTO conversation_goals (id, conversation_id, goal_id, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?)",
            [records.new_id(), conversation_id, goal_id, records.utc_now(), records.utc_now()])


def get_conversation(db: Database, conversation_id: str) -> ConversationDetail | None:
    row = records.get(db, "conversations", conversation_id)
    if row is None:
        return None
    goal_ids = tuple(r[0] for r in db.execute(
        "SELECT goal_id FROM conversation_goals WHERE conversation_id = ? ORDER BY created_at",
        [conversation_id]).fetchall())
    return ConversationDetail(
        id=row["id"], staff_id=row["staff_id"], leader_id=row["leader_id"], kind=row["kind"],
        held_on=row["held_on"], notes=row["notes"], is_private=bool(row["is_private"]),
        next_meeting_on=row["next_meeting_on"], observation_id=row["observation_id"],
        goal_ids=goal_ids)
