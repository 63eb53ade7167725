"""Schools: the campuses a district file holds, matched on import by OneRoster id or name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from db import records


@dataclass(frozen=True)
class School:
    id: str
    name: str
    identifier: str | None


def list_schools(db: Database) -> list[School]:
    return [School(row["id"], row["name"], row["identifier"])
            for row in db.query("SELECT id, name, identifier FROM schools ORDER BY name")]


def add_school(db: Database, *, name: str, identifier: str | None = None) -> str:
    return records.insert(db, "schools", {"name": name, "identifier": identifier})


def rename_school(db: Database, school_id: str, name: str) -> None:
    records.update(db, "schools", school_id, {"name": name})
