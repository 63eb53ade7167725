"""The PD catalog (offerings and the rubric indicators they serve) and the shipped starters.

The starter catalog and the goal templates are data in ``resources/``; installing
them is idempotent by title, so pressing "add starter offerings" twice, or after
a school has retired some, never duplicates or revives anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db import records
from db.errors import NeedsCorrection

FORMATS = (
    "workshop", "online_course", "micro_video", "podcast", "webinar", "peer_coaching",
    "plc", "mentoring", "book_study", "conference", "wellbeing",
)
STARTER_CATALOG_FILE = ("catalog", "starter-catalog.json")
GOAL_TEMPLATES_FILE = ("goal_templates.json",)


class CatalogFormatError(NeedsCorrection):
    """A catalog file entry that cannot be installed; the message names it."""


@dataclass(frozen=True)
class Offering:
    id: str
    title: str
    description: str
    format: str
    hours: float
    length_description: str
    capacity: int | None
    facilitator_staff_id: str | None
    facilitator_name: str
    cost: float
    has_follow_up: bool
    student_outcome_note: str
    retired_at: str | None
    indicator_codes: tuple[str, ...]
    created_at: str
    updated_at: str

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def is_unlimited(self) -> bool:
        return self.capacity is None


def _read_resource(parts: tuple[str, ...]) -> dict:
    from desktop import paths  # the one place that knows where resources live

    with paths.resource(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)


def read_starter_catalog() -> list[dict[str, Any]]:
    return _read_resource(STARTER_CATALOG_FILE)["offerings"]


def read_goal_templates() -> list[dict[str, Any]]:
    return _read_resource(GOAL_TEMPLATES_FILE)["templates"]


def _check_offering(entry: dict[str, Any]) -> None:
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        raise CatalogFormatError("Every offering needs a title.")
    if entry.get("format") not in FORMATS:
        raise CatalogFormatError(
            f"“{title}” has format {entry.get('format')!r}; use one of: {', '.join(FORMATS)}."
        )
    hours = entry.get("hours", 0)
    if not isinstance(hours, (int, float)) or hours < 0:
        raise CatalogFormatError(f"“{title}” needs hours of 0 or more.")
    capacity = entry.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
        raise CatalogFormatError(f"“{title}” needs a capacity of 0 or more, or null for unlimited.")


def install_offerings(
    db: Database,
    entries: list[dict[str, Any]],
    *,
    make_id: Callable[[], str] = records.new_id,
    stamp: str | None = None,
) -> list[str]:
    """Add catalog *entries* whose title is not already in the catalog; returns the new ids."""
    for entry in entries:
        _check_offering(entry)
    stamp = stamp or records.utc_now()
    times = {"created_at": stamp, "updated_at": stamp}
    with db.atomic():
        existing = {
            row[0].casefold() for row in db.execute("SELECT title FROM pd_offerings").fetchall()
        }
        offerings, links, new_ids = [], [], []
        for entry in entries:
            title = entry["title"].strip()
            if title.casefold() in existing:
                continue
            existing.add(title.casefold())
            offering_id = make_id()
            new_ids.append(offering_id)
            offerings.append({
                "id": offering_id,
                "title": title,
                "description": entry.get("description", "").strip(),
                "format": entry["format"],
                "hours": float(entry.get("hours", 0)),
                "length_description": entry.get("length", "").strip(),
                "capacity": entry.get("capacity"),
                "facilitator_staff_id": entry.get("facilitator_staff_id"),
                "facilitator_name": (entry.get("facilitator") or "").strip(),
                "cost": float(entry.get("cost", 0)),
                "has_follow_up": 1 if entry.get("follow_up") else 0,
                **times,
            })
            for code in dict.fromkeys(entry.get("indicators") or []):
                links.append({"id": make_id(), "offering_id": offering_id,
                              "indicator_code": code, **times})
        records.insert_many(db, "pd_offerings", offerings)
        records.insert_many(db, "pd_offering_indicators", links)
    return new_ids


def install_starter_catalog(
    db: Database, *, make_id: Callable[[], str] = records.new_id, stamp: str | None = None
) -> int:
    """Add the shipped starter offerings that are missing (by title); returns how many."""
    return len(install_offerings(db, read_starter_catalog(), make_id=make_id, stamp=stamp))


def install_goal_templates(
    db: Database, *, make_id: Callable[[], str] = records.new_id, stamp: str | None = None
) -> int:
    """Add the shipped SMART goal templates that are missing (by title); returns how many."""
    stamp = stamp or records.utc_now()
    with db.atomic():
        existing = {
            row[0].casefold() for row in db.execute("SELECT title FROM goal_templates").fetchall()
        }
        rows = [
            {"id": make_id(), "title": item["title"].strip(),
             "description": item.get("description", "").strip(),
             "measure": item.get("measure", "").strip(), "indicator_code": item.get("indicator"),
             "created_at": stamp, "updated_at": stamp}
            for item in read_goal_templates()
            if item["title"].strip().casefold() not in existing
        ]
        return records.insert_many(db, "goal_templates", rows)


def list_offerings(db: Database, *, include_retired: bool = False) -> list[Offering]:
    """Offerings by title, each with the indicator codes it serves."""
    codes: dict[str, list[str]] = {}
    for offering_id, code in db.execute(
        "SELECT offering_id, indicator_code FROM pd_offering_indicators ORDER BY indicator_code"
    ).fetchall():
        codes.setdefault(offering_id, []).append(code)
    sql = "SELECT * FROM pd_offerings"
    if not include_retired:
        sql += " WHERE retired_at IS NULL"
    sql += " ORDER BY title COLLATE NOCASE, id"
    return [_offering(row, codes.get(row["id"], [])) for row in db.query(sql)]


def get_offering(db: Database, offering_id: str) -> Offering | None:
    row = records.get(db, "pd_offerings", offering_id)
    if row is None:
        return None
    codes = [r[0] for r in db.execute(
        "SELECT indicator_code FROM pd_offering_indicators WHERE offering_id = ? "
        "ORDER BY indicator_code", [offering_id]).fetchall()]
    return _offering(row, codes)


def _offering(row: dict[str, Any], codes: list[str]) -> Offering:
    return Offering(
        id=row["id"], title=row["title"], description=row["description"], format=row["format"],
        hours=row["hours"], length_description=row["length_description"],
        capacity=row["capacity"], facilitator_staff_id=row["facilitator_staff_id"],
        facilitator_name=row["facilitator_name"], cost=row["cost"],
        has_follow_up=bool(row["has_follow_up"]), student_outcome_note=row["student_outcome_note"],
        retired_at=row["retired_at"], indicator_codes=tuple(codes),
        created_at=row["created_at"], updated_at=row["updated_at"],
    )


# -- editing the catalog -----------------------------------------------------------------

EDITABLE_FIELDS = (
    "title", "description", "format", "hours", "length_description", "capacity",
    "facilitator_staff_id", "facilitator_name", "cost", "has_follow_up", "student_outcome_note",
)
SESSION_TIME_FORMAT = "%Y-%m-%dT%H:%M"


class OfferingValidationError(NeedsCorrection):
    """An offering or session value that cannot be saved; the message says which and why."""


@dataclass(frozen=True)
class Session:
    """One meeting of an offering; times are local 'YYYY-MM-DDTHH:MM' as the timetable says."""

    starts_at: str
    ends_at: str
    location: str = ""
    link: str = ""
    id: str | None = None
    offering_id: str | None = None

    def start(self):
        from datetime import datetime

        return datetime.strptime(self.starts_at, SESSION_TIME_FORMAT)

    def end(self):
        from datetime import datetime

        return datetime.strptime(self.ends_at, SESSION_TIME_FORMAT)


def _clean_offering(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise OfferingValidationError(f"Unknown offering fields: {', '.join(sorted(unknown))}.")
    cleaned = {key: (value.strip() if isinstance(value, str) else value)
               for key, value in values.items()}
    if "title" in cleaned and not cleaned["title"]:
        raise OfferingValidationError("An offering needs a title.")
    if "format" in cleaned and cleaned["format"] not in FORMATS:
        raise OfferingValidationError(f"Format must be one of: {', '.join(FORMATS)}.")
    for key, what in (("hours", "Hours"), ("cost", "Cost")):
        if key in cleaned:
            value = cleaned[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise OfferingValidationError(f"{what} must be a number, 0 or more.")
            cleaned[key] = float(value)
    if "capacity" in cleaned:
        capacity = cleaned["capacity"]
        if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)
                                     or capacity < 0):
            raise OfferingValidationError(
                "Capacity must be a whole number, 0 or more (or no limit).")
    if "has_follow_up" in cleaned:
        cleaned["has_follow_up"] = 1 if cleaned["has_follow_up"] else 0
    if "facilitator_staff_id" in cleaned:
        cleaned["facilitator_staff_id"] = cleaned["facilitator_staff_id"] or None
    return cleaned


def check_session(session: Session) -> None:
    from datetime import datetime

    for value, what in ((session.starts_at, "start"), (session.ends_at, "end")):
        try:
            datetime.strptime(value, SESSION_TIME_FORMAT)
        except (TypeError, ValueError):
            raise OfferingValidationError(
                f"A session {what} time “{value}” is not a date and time like 2026-03-10T15:30."
            ) from None
    if session.ends_at <= session.starts_at:
        raise OfferingValidationError(
            f"The session on {session.starts_at[:10]} must end after it starts.")


def _check_title_free(db: Database, title: str, offering_id: str | None = None) -> None:
    clash = db.execute(
        "SELECT id FROM pd_offerings WHERE lower(title) = lower(?) AND id IS NOT ?",
        [title, offering_id]).fetchone()
    if clash:
        raise OfferingValidationError(f"An offering called “{title}” is already in the catalog.")


def _write_codes(db: Database, offering_id: str, codes) -> None:
    db.execute("DELETE FROM pd_offering_indicators WHERE offering_id = ?", [offering_id])
    records.insert_many(db, "pd_offering_indicators", [
        {"offering_id": offering_id, "indicator_code": code}
        for code in dict.fromkeys(code.strip() for code in codes if code and code.strip())])


def _write_sessions(db: Database, offering_id: str, sessions) -> None:
    """Make the offering's sessions exactly *sessions*: keep ids passed back, drop the rest."""
    sessions = list(sessions)
    for session in sessions:
        check_session(session)
    kept = {session.id for session in sessions if session.id}
    for (existing,) in db.execute(
            "SELECT id FROM pd_sessions WHERE offering_id = ?", [offering_id]).fetchall():
        if existing not in kept:
            db.execute("DELETE FROM pd_sessions WHERE id = ?", [existing])
    for session in sessions:
        values = {"starts_at": session.starts_at, "ends_at": session.ends_at,
                  "location": session.location.strip(), "link": session.link.strip()}
        if session.id and records.get(db, "pd_sessions", session.id):
            records.update(db, "pd_sessions", session.id, values)
        else:
            records.insert(db, "pd_sessions", {"offering_id": offering_id, **values})


def add_offering(db: Database, values: dict[str, Any], *, indicator_codes=(),
                 sessions=()) -> str:
    cleaned = _clean_offering(values)
    if not cleaned.get("title"):
        raise OfferingValidationError("An offering needs a title.")
    if "format" not in cleaned:
        raise OfferingValidationError(f"Choose a format: {', '.join(FORMATS)}.")
    with db.atomic():
        _check_title_free(db, cleaned["title"])
        offering_id = records.insert(db, "pd_offerings", cleaned)
        _write_codes(db, offering_id, indicator_codes)
        _write_sessions(db, offering_id, sessions)
    return offering_id


def update_offering(db: Database, offering_id: str, values: dict[str, Any], *,
                    indicator_codes=None, sessions=None, today: str | None = None) -> list[str]:
    """Save edits; a bigger capacity lets waitlisted teachers in. Returns ids promoted."""
    from db import pd  # enrollments live there; pd does not import the catalog

    cleaned = _clean_offering(values)
    with db.atomic():
        if "title" in cleaned:
            _check_title_free(db, cleaned["title"], offering_id)
        records.update(db, "pd_offerings", offering_id, cleaned)
        if indicator_codes is not None:
            _write_codes(db, offering_id, indicator_codes)
        if sessions is not None:
            _write_sessions(db, offering_id, sessions)
        return pd.promote_waitlist(db, offering_id, on=today)


def duplicate_offering(db: Database, offering_id: str) -> str:
    """A copy with its indicators and sessions, titled “… (copy)”; nobody is enrolled in it."""
    original = get_offering(db, offering_id)
    if original is None:
        raise OfferingValidationError("That offering is no longer in the catalog.")
    with db.atomic():
        titles = {row[0].casefold() for row in db.execute("SELECT title FROM pd_offerings")}
        title, number = f"{original.title} (copy)", 2
        while title.casefold() in titles:
            title, number = f"{original.title} (copy {number})", number + 1
        values = {key: getattr(original, key) for key in EDITABLE_FIELDS}
        values["title"] = title
        copy_id = records.insert(db, "pd_offerings", _clean_offering(values))
        _write_codes(db, copy_id, original.indicator_codes)
        _write_sessions(db, copy_id, [
            Session(s.starts_at, s.ends_at, s.location, s.link) for s in list_sessions(db, offering_id)])
    return copy_id


def retire_offering(db: Database, offering_id: str) -> None:
    """Off the menu; enrollments, hours and reflections stay."""
    records.update(db, "pd_offerings", offering_id, {"retired_at": records.utc_now()})


def restore_offering(db: Database, offering_id: str) -> None:
    records.update(db, "pd_offerings", offering_id, {"retired_at": None})


def list_sessions(db: Database, offering_id: str | None = None) -> list[Session]:
    """Sessions in time order, of one offering or of every offering."""
    sql = "SELECT id, offering_id, starts_at, ends_at, location, link FROM pd_sessions"
    params: list[Any] = []
    if offering_id:
        sql += " WHERE offering_id = ?"
        params.append(offering_id)
    sql += " ORDER BY starts_at, id"
    return [Session(starts_at=row["starts_at"], ends_at=row["ends_at"], location=row["location"],
                    link=row["link"], id=row["id"], offering_id=row["offering_id"])
            for row in db.query(sql, params)]
