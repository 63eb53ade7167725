"""Per-file settings that travel with the data: school name, school year, thresholds."""

from __future__ import annotations

from sqlite_utils import Database

from db import records


def get(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM preferences WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set(db: Database, key: str, value: str) -> None:  # noqa: A001 - mirrors get()
    existing = db.execute("SELECT id FROM preferences WHERE key = ?", [key]).fetchone()
    if existing:
        records.update(db, "preferences", existing[0], {"value": value})
    else:
        records.insert(db, "preferences", {"key": key, "value": value})
