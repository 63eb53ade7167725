"""Celebrations: milestones and shout-outs, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from db import preferences, records, schools
from db._names import dated, full_name
from db.errors import NeedsCorrection

KIND_LABELS = {
    "milestone": "Milestone", "innovative_practice": "Innovative practice",
    "goal_achieved": "Goal achieved", "pd_completed": "PD completed",
    "led_session": "Led a session", "shout_out": "Shout-out",
}


@dataclass(frozen=True)
class Celebration:
    id: str
    kind: str
    title: str
    story: str
    celebrated_on: str
    is_public: bool
    staff_names: tuple[str, ...]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def list_celebrations(
    db: Database, *, staff_id: str | None = None, limit: int | None = None,
    kind: str | None = None, public: bool | None = None, text: str = "",
    celebration_id: str | None = None, since: str | None = None, until: str | None = None,
    ids: Iterable[str] | None = None, offset: int = 0, order: str = "", descending: bool = True,
    school_id: str | None = None,
) -> list[Celebration]:
    """Newest first; *public* True/False keeps only public/private ones; *text* matches
    the title, the story or a name; *since*/*until* (ISO, inclusive) one school year's;
    *ids* keeps only those celebrations; *limit* and *offset* read one page (the wall's);
    *school_id*: those celebrating someone at that school."""
    conditions, params = _filters(staff_id=staff_id, kind=kind, public=public, text=text,
                                  celebration_id=celebration_id, since=since, until=until,
                                  school_id=school_id)
    columns = f"""c.id, c.kind, c.title, c.story, c.celebrated_on, c.is_public,
               (SELECT group_concat(name, char(31)) FROM
                  (SELECT {full_name('s')} AS name FROM celebration_staff cs
                     JOIN staff s ON s.id = cs.staff_id
                    WHERE cs.celebration_id = c.id ORDER BY s.sort_key)) AS names"""
    if ids is not None:
        term, values = records.among("c.id", ids)
        conditions.append(term)
        params.extend(values)
    newest = "c.celebrated_on DESC, c.created_at DESC, c.id"
    if limit:
        rows = records.read_page(db, alias="c", source="FROM celebrations c", where=conditions,
                                 params=params, order=newest, columns=columns, limit=limit,
                                 offset=offset)
    else:
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = db.query(f"SELECT {columns} FROM celebrations c {where} ORDER BY {newest}", params)
    result = []
    for row in rows:
        names = row.pop("names")
        result.append(Celebration(
            **{**row, "is_public": bool(row["is_public"])},
            staff_names=tuple(names.split("\x1f")) if names else (),
        ))
    return result


def count_listed(db: Database, **filters) -> tuple[int, int]:
    """How many celebrations :func:`list_celebrations` lists for the same filters, and how
    many of them are public."""
    conditions, params = _filters(**filters)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    row = db.execute(f"SELECT count(*), total(c.is_public) FROM celebrations c {where}",
                     params).fetchone()
    return int(row[0]), int(row[1])


def _filters(*, staff_id: str | None = None, kind: str | None = None, public: bool | None = None,
             text: str = "", celebration_id: str | None = None, since: str | None = None,
             until: str | None = None, school_id: str | None = None) -> tuple[list[str], list]:
    """WHERE terms (over ``c``, the celebration) for the wall's filters; *school_id* keeps
    the celebrations of someone at that school."""
    conditions, params = dated("c.celebrated_on", since, until)
    conditions += _of_school(school_id, params)
    if celebration_id:
        conditions.append("c.id = ?")
        params.append(celebration_id)
    if staff_id:
        conditions.append("c.id IN (SELECT celebration_id FROM celebration_staff "
                          "WHERE staff_id = ?)")
        params.append(staff_id)
    if kind:
        conditions.append("c.kind = ?")
        params.append(kind)
    if public is not None:
        conditions.append("c.is_public = ?")
        params.append(1 if public else 0)
    if text.strip():
        pattern = f"%{_like_escape(text.strip())}%"
        conditions.append(
            "(c.title LIKE ? ESCAPE '\\' OR c.story LIKE ? ESCAPE '\\' OR c.id IN ("
            f"SELECT cs.celebration_id FROM celebration_staff cs JOIN staff s ON s.id = cs.staff_id "
            f"WHERE {full_name('s')} LIKE ? ESCAPE '\\'))")
        params += [pattern] * 3
    return conditions, params


def get_celebration(db: Database, celebration_id: str) -> Celebration | None:
    found = list_celebrations(db, celebration_id=celebration_id)
    return found[0] if found else None


def staff_ids_of(db: Database, celebration_id: str) -> list[str]:
    """Who a celebration celebrates."""
    return [row[0] for row in db.execute(
        "SELECT staff_id FROM celebration_staff WHERE celebration_id = ? ORDER BY created_at",
        [celebration_id])]


def _of_school(school_id: str | None, params: list) -> list[str]:
    """The term keeping celebrations of someone at *school_id* (none for None); its
    parameter is added to *params*."""
    term, values = schools.of_school("cs.staff_id", school_id)
    params += values
    return [f"c.id IN (SELECT cs.celebration_id FROM celebration_staff cs WHERE {term[0]})"] \
        if term else []


def count_celebrations(db: Database, *, staff_id: str | None = None, since: str | None = None,
                       until: str | None = None, school_id: str | None = None) -> int:
    where, params = dated("c.celebrated_on", since, until)
    where += _of_school(school_id, params)
    if staff_id:
        where.append("c.id IN (SELECT celebration_id FROM celebration_staff WHERE staff_id = ?)")
        params.append(staff_id)
    sql = "SELECT count(*) FROM celebrations c" + (f" WHERE {' AND '.join(where)}" if where else "")
    return db.execute(sql, params).fetchone()[0]


# -- writes ------------------------------------------------------------------------------

class CelebrationValidationError(NeedsCorrection):
    """What is wrong with a celebration as typed, in plain words for the form."""


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _check(staff_ids, kind: str, title: str, celebrated_on: str) -> None:
    from datetime import date

    if not [staff_id for staff_id in staff_ids if staff_id]:
        raise CelebrationValidationError("Choose at least one teacher to celebrate.")
    if kind not in KIND_LABELS:
        raise CelebrationValidationError(
            f"Kind must be one of: {', '.join(KIND_LABELS.values())}.")
    if not title.strip():
        raise CelebrationValidationError("A title is required, e.g. “Ana's seminar ran itself”.")
    try:
        date.fromisoformat(celebrated_on)
    except (TypeError, ValueError):
        raise CelebrationValidationError(
            f"“{celebrated_on}” is not a date; use YYYY-MM-DD.") from None


def record_celebration(
    db: Database, *, staff_ids, kind: str, title: str, celebrated_on: str,
    story: str = "", is_public: bool = True, suggestion_key: str | None = None,
) -> str:
    """Save one celebration of one or more teachers; returns its id."""
    staff_ids = list(dict.fromkeys(staff_id for staff_id in staff_ids if staff_id))
    _check(staff_ids, kind, title, celebrated_on)
    with db.atomic():
        celebration_id = records.insert(db, "celebrations", {
            "kind": kind, "title": title.strip(), "story": story.strip(),
            "celebrated_on": celebrated_on, "is_public": 1 if is_public else 0,
            "suggestion_key": suggestion_key,
        })
        records.insert_many(db, "celebration_staff", [
            {"celebration_id": celebration_id, "staff_id": staff_id} for staff_id in staff_ids])
    return celebration_id


def update_celebration(
    db: Database, celebration_id: str, *, staff_ids, kind: str, title: str, celebrated_on: str,
    story: str = "", is_public: bool = True,
) -> None:
    """Correct a celebration: who, what kind, its words, its date, public or private."""
    staff_ids = list(dict.fromkeys(staff_id for staff_id in staff_ids if staff_id))
    _check(staff_ids, kind, title, celebrated_on)
    with db.atomic():
        records.update(db, "celebrations", celebration_id, {
            "kind": kind, "title": title.strip(), "story": story.strip(),
            "celebrated_on": celebrated_on, "is_public": 1 if is_public else 0})
        kept = {row[0]: row[1] for row in db.execute(
            "SELECT staff_id, id FROM celebration_staff WHERE celebration_id = ?", [celebration_id])}
        for staff_id, link_id in kept.items():
            if staff_id not in staff_ids:
                db.execute("DELETE FROM celebration_staff WHERE id = ?", [link_id])
        records.insert_many(db, "celebration_staff", [
            {"celebration_id": celebration_id, "staff_id": staff_id}
            for staff_id in staff_ids if staff_id not in kept])


def accept_suggestion(db: Database, suggestion, *, title: str | None = None,
                      story: str | None = None, celebrated_on: str | None = None,
                      is_public: bool = False, kind: str | None = None) -> str:
    """Turn a "Noticed for you" suggestion into a celebration that remembers its key.

    Private unless *is_public*; the story defaults to the suggestion's, which never
    carries the observation scores its evidence may show."""
    if suggestion.key in handled_suggestion_keys(db):
        raise CelebrationValidationError("This milestone has already been celebrated or dismissed.")
    return record_celebration(
        db, staff_ids=[suggestion.staff_id], kind=kind or suggestion.kind,
        title=suggestion.title if title is None else title,
        story=suggestion.suggested_story if story is None else story,
        celebrated_on=celebrated_on or suggestion.noticed_on.isoformat(),
        is_public=is_public, suggestion_key=suggestion.key)


def dismiss_suggestion(db: Database, suggestion_key: str) -> None:
    """Hide a suggestion for good; dismissing it twice is harmless."""
    if db.execute("SELECT 1 FROM dismissed_suggestions WHERE suggestion_key = ?",
                  [suggestion_key]).fetchone():
        return
    records.insert(db, "dismissed_suggestions", {"suggestion_key": suggestion_key})


def handled_suggestion_keys(db: Database) -> set[str]:
    """Keys already celebrated or dismissed: they are never suggested again."""
    return {row[0] for row in db.execute(
        "SELECT suggestion_key FROM celebrations WHERE suggestion_key IS NOT NULL "
        "UNION SELECT suggestion_key FROM dismissed_suggestions")}


def delete_celebration(db: Database, celebration_id: str) -> None:
    """Remove a celebration recorded by mistake (its people links go with it)."""
    db.execute("DELETE FROM celebrations WHERE id = ?", [celebration_id])


def printed_school_name(db: Database) -> str:
    """The name a certificate or wall sheet carries: the file's ``school.name``, else the
    school when the file holds just one."""
    configured = (preferences.get(db, "school.name") or "").strip()
    if configured:
        return configured
    names = [r[0] for r in db.execute("SELECT name FROM schools LIMIT 2")]
    return names[0] if len(names) == 1 else ""


def certificate_signer(db: Database) -> str:
    """“Name, Principal” for the signature line, when the file has one active principal."""
    rows = db.execute(
        f"SELECT {full_name('s')} FROM staff s WHERE s.role = 'principal' "
        "AND s.archived_at IS NULL LIMIT 2").fetchall()
    return f"{rows[0][0]}, Principal" if len(rows) == 1 else ""
