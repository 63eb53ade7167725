"""Staff members: teachers, coaches and leaders. Archived, never deleted while referenced."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from sqlite_utils import Database

from db import records
from db._names import name_sort_key, staff_sort_key
from db.errors import NeedsCorrection

ROLES = ("teacher", "coach", "principal", "assistant_principal", "specialist", "other")
EDITABLE_FIELDS = (
    "first_name", "last_name", "email", "identifier", "role", "subjects", "grades",
    "hire_date", "years_experience", "career_goals", "preferred_formats", "interests",
    "leadership_strengths", "school_id",
)


@dataclass(frozen=True)
class StaffMember:
    id: str
    first_name: str
    last_name: str
    email: str | None
    identifier: str | None
    role: str
    subjects: str
    grades: str
    hire_date: str | None
    years_experience: int | None
    career_goals: str
    preferred_formats: str
    interests: str
    leadership_strengths: str
    school_id: str | None
    archived_at: str | None
    created_at: str
    updated_at: str
    sort_key: str = ""   # folded "last\x1ffirst" (db._names.staff_sort_key), for sorting

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def sort_name(self) -> str:
        return f"{self.last_name}, {self.first_name}" if self.last_name else self.first_name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StaffMember:
        names = _field_names(cls)
        return cls(**{key: value for key, value in row.items() if key in names})


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    # Once per class: dataclasses.fields() per row was 68 of 160 ms reading a district's
    # staff list 2,500 rows deep.
    return frozenset(field.name for field in fields(cls))


@functools.cache
def _member_columns() -> str:
    """StaffMember's fields as a SELECT list, in its order: rows made straight from tuples
    (a dict per row, then a filtered copy of it, was two thirds of reading 4,000 people)."""
    return ", ".join(f'"{field.name}"' for field in fields(StaffMember))


class StaffValidationError(NeedsCorrection):
    """A staff form value that cannot be saved; the message names the field."""


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise StaffValidationError(f"Unknown staff fields: {', '.join(sorted(unknown))}")
    cleaned = {
        key: (value.strip() if isinstance(value, str) else value) for key, value in values.items()
    }
    if "first_name" in cleaned and not cleaned["first_name"]:
        raise StaffValidationError("A first name is required.")
    if "role" in cleaned and cleaned["role"] not in ROLES:
        raise StaffValidationError(f"Role must be one of: {', '.join(ROLES)}.")
    if "email" in cleaned:
        email = cleaned["email"] or None
        if email is not None and ("@" not in email or " " in email):
            raise StaffValidationError(f"“{email}” is not an email address.")
        cleaned["email"] = email.lower() if email else None
    years = cleaned.get("years_experience")
    if years not in (None, "") and (not isinstance(years, int) or years < 0):
        raise StaffValidationError("Years of experience must be a whole number, 0 or more.")
    if years == "":
        cleaned["years_experience"] = None
    return cleaned


def add(db: Database, **values: Any) -> str:
    cleaned = _clean(values)
    if "first_name" not in cleaned:
        raise StaffValidationError("A first name is required.")
    cleaned["sort_key"] = staff_sort_key(cleaned["first_name"], cleaned.get("last_name", ""))
    return records.insert(db, "staff", cleaned)


def update(db: Database, staff_id: str, **changes: Any) -> None:
    cleaned = _clean(changes)
    if "first_name" in cleaned or "last_name" in cleaned:
        row = db.execute("SELECT first_name, last_name FROM staff WHERE id = ?", [staff_id]).fetchone()
        if row is not None:
            cleaned["sort_key"] = staff_sort_key(cleaned.get("first_name", row[0]),
                                                 cleaned.get("last_name", row[1]))
    records.update(db, "staff", staff_id, cleaned)


def fill_sort_keys(db: Database) -> int:
    """Write the name sort key of every person whose key is not their names' (rows brought
    in by an import or a salvage, or by the demo school); returns how many were written."""
    stale = [(staff_sort_key(first, last), staff_id)
             for staff_id, first, last, key in db.execute(
                 "SELECT id, first_name, last_name, sort_key FROM staff")
             if key != staff_sort_key(first, last)]
    if stale:
        db.conn.executemany("UPDATE staff SET sort_key = ? WHERE id = ?", stale)
    return len(stale)


def archive(db: Database, staff_id: str) -> None:
    records.update(db, "staff", staff_id, {"archived_at": records.utc_now()})


def restore(db: Database, staff_id: str) -> None:
    records.update(db, "staff", staff_id, {"archived_at": None})


def get(db: Database, staff_id: str) -> StaffMember | None:
    row = records.get(db, "staff", staff_id)
    return StaffMember.from_row(row) if row else None


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# The staff list's order, every term ascending (staff.position compares it as a row value).
_NAME_ORDER = "sort_key, last_name, first_name, id"


def _staff_where(search: str, include_archived: bool, role: str | None, ids: Iterable[str] | None,
                 school_id: str | None = None) -> tuple[list[str], list[Any], str, list[Any]]:
    """WHERE terms and the ORDER BY of a staff list: names first when searching."""
    where: list[str] = []
    params: list[Any] = []
    if school_id is not None:
        where.append("school_id = ?")
        params.append(school_id)
    if not include_archived:
        where.append("archived_at IS NULL")
    if role:
        where.append("role = ?")
        params.append(role)
    if ids is not None:
        term, values = records.among("id", ids)
        where.append(term)
        params.extend(values)
    order, order_params = _NAME_ORDER, []
    words = name_sort_key(search).split()
    if words:
        # Accents and case do not matter: "nunez" and "ñú" both find Zoë Ñúñez. The name
        # is matched in its stored folded key; the email and subjects (ASCII case folded
        # by SQLite) only after it, so the people whose names match come first.
        names = " AND ".join("sort_key LIKE ? ESCAPE '\\'" for _ in words)
        others = " AND ".join(
            "(sort_key || ' ' || lower(coalesce(email, '') || ' ' || subjects)) LIKE ? ESCAPE '\\'"
            for _ in words)
        likes = [_like(word) for word in words]
        where.append(f"(({names}) OR ({others}))")
        params += likes + likes
        order = f"CASE WHEN {names} THEN 0 ELSE 1 END, {order}"
        order_params = likes
    return where, params, order, order_params


def list_staff(
    db: Database,
    *,
    search: str = "",
    include_archived: bool = False,
    role: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    ids: Iterable[str] | None = None,
    school_id: str | None = None,
) -> list[StaffMember]:
    """Staff sorted by last name (the indexed ``sort_key``); *search* matches any part of
    the name, then of the email or subjects, the people whose names match first.
    *limit* and *offset* give one page of the list; *ids* keeps only those people;
    *school_id* only that school's (a district file)."""
    where, params, order, order_params = _staff_where(search, include_archived, role, ids, school_id)
    sql = f"SELECT {_member_columns()} FROM staff"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    if limit:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return [StaffMember(*row) for row in db.execute(sql, params + order_params)]


def count_matching(db: Database, *, search: str = "", include_archived: bool = False,
                   role: str | None = None, school_id: str | None = None) -> int:
    """How many people :func:`list_staff` lists for the same filters."""
    where, params, _order, _ = _staff_where(search, include_archived, role, None, school_id)
    sql = "SELECT count(*) FROM staff" + (" WHERE " + " AND ".join(where) if where else "")
    return db.execute(sql, params).fetchone()[0]


def position(db: Database, staff_id: str, *, search: str = "", include_archived: bool = False,
             role: str | None = None, school_id: str | None = None) -> int | None:
    """Where *staff_id* stands (0-based) in :func:`list_staff` for the same filters; None
    when it is not listed. Lets a paged list scroll to a person it has not fetched yet."""
    where, params, order, order_params = _staff_where(search, include_archived, role, None, school_id)
    # The list's order (every term ascending) compared as one row value, and the people
    # before them counted in SQL: listing every match to find one place took 50 ms for "m"
    # on a district, where everyone's email matches.
    terms = "".join(f" AND {term}" for term in where)
    row = db.execute(f"SELECT {order} FROM staff WHERE id = ?{terms}",
                     [*order_params, staff_id, *params]).fetchone()
    if row is None:
        return None
    marks = ", ".join("?" for _ in row)
    sql = f"SELECT count(*) FROM staff WHERE ({order}) < ({marks}){terms}"
    return db.execute(sql, [*order_params, *row, *params]).fetchone()[0]


def count(db: Database, *, include_archived: bool = False, school_id: str | None = None) -> int:
    where, params = [], []
    if not include_archived:
        where.append("archived_at IS NULL")
    if school_id is not None:
        where.append("school_id = ?")
        params.append(school_id)
    sql = "SELECT count(*) FROM staff" + (" WHERE " + " AND ".join(where) if where else "")
    return db.execute(sql, params).fetchone()[0]


def active_by_email(db: Database) -> dict[str, list[tuple[str, str]]]:
    """Active staff by lower-cased email: (id, full name) of each who has that address."""
    found: dict[str, list[tuple[str, str]]] = {}
    for staff_id, email, first, last in db.execute(
            "SELECT id, email, first_name, last_name FROM staff "
            "WHERE archived_at IS NULL AND email IS NOT NULL AND email != ''").fetchall():
        found.setdefault(email.strip().lower(), []).append((staff_id, f"{first} {last}".strip()))
    return found


def is_referenced(db: Database, staff_id: str) -> bool:
    """True when any record points at this person (so they may only be archived)."""
    for table, column in _STAFF_REFERENCES:
        hit = db.execute(f'SELECT 1 FROM "{table}" WHERE "{column}" = ? LIMIT 1', [staff_id])
        if hit.fetchone():
            return True
    return False


def delete_if_unreferenced(db: Database, staff_id: str) -> bool:
    """Remove a person entered by mistake; refuses (returns False) once anything points at them."""
    with db.atomic():
        if is_referenced(db, staff_id):
            return False
        db.execute("DELETE FROM staff WHERE id = ?", [staff_id])
    return True


_STAFF_REFERENCES = (
    ("observations", "staff_id"), ("observations", "observer_id"),
    ("goals", "staff_id"), ("self_assessments", "staff_id"),
    ("conversations", "staff_id"), ("conversations", "leader_id"),
    ("pd_offerings", "facilitator_staff_id"), ("enrollments", "staff_id"),
    ("celebration_staff", "staff_id"), ("wellbeing_check_ins", "staff_id"),
    ("wellbeing_responses", "staff_id"),
)
