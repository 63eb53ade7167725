"""The PD catalog (offerings and the rubric indicators they serve) and the shipped starters.

The starter catalog and the goal templates are data in ``resources/``; installing
them is idempotent by title, so pressing "add starter offerings" twice, or after
a school has retired some, never duplicates or revives anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from sqlite_utils import Database

from db import records

FORMATS = (
    "workshop", "online_course", "micro_video", "podcast", "webinar", "peer_coaching",
    "plc", "mentoring", "book_study", "conference", "wellbeing",
)
STARTER_CATALOG_FILE = ("catalog", "starter-catalog.json")
GOAL_TEMPLATES_FILE = ("goal_templates.json",)


class CatalogFormatError(ValueError):
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
