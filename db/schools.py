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


def get_school(db: Database, school_id: str) -> School | None:
    row = db.execute("SELECT id, name, identifier FROM schools WHERE id = ?", [school_id]).fetchone()
    return School(*row) if row else None


def of_school(column: str, school_id: str | None) -> tuple[list[str], list]:
    """The WHERE term (a list of none or one) and its parameters keeping the rows whose
    *column*, a staff id, is one of *school_id*'s staff (None: every school, no term).
    The one way every list and figure is narrowed to a school of a district file: one
    term in SQL, the school's staff read once per query (5,000 rows at most)."""
    if school_id is None:
        return [], []
    return [f"{column} IN (SELECT id FROM staff WHERE school_id = ?)"], [school_id]
