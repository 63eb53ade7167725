"""Staff members: teachers, coaches and leaders. Archived, never deleted while referenced."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from sqlite_utils import Database

from db import records
from db.connection import name_sort_key
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
        names = {field.name for field in fields(cls)}
        return cls(**{key: value for key, value in row.items() if key in names})


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
    return records.insert(db, "staff", cleaned)


def update(db: Database, staff_id: str, **changes: Any) -> None:
    records.update(db, "staff", staff_id, _clean(changes))


def archive(db: Database, staff_id: str) -> None:
    records.update(db, "staff", staff_id, {"archived_at": records.utc_now()})


def restore(db: Database, staff_id: str) -> None:
    records.update(db, "staff", staff_id, {"archived_at": None})


def get(db: Database, staff_id: str) -> StaffMember | None:
    row = records.get(db, "staff", staff_id)
    return StaffMember.from_row(row) if row else None


def list_staff(
    db: Database,
    *,
    search: str = "",
    include_archived: bool = False,
    role: str | None = None,
    limit: int | None = None,
    ids: Iterable[str] | None = None,
    school_id: str | None = None,
) -> list[StaffMember]:
    """Staff sorted by last name; *search* matches any part of the name, email or subjects;
    *ids* keeps only those people; *school_id* only that school's (a district file)."""
    where = []
    params: list[Any] = []
    if school_id is not None:
        where.append("school_id = ?")
        params.append(school_id)
    if ids is not None:
        term, values = records.among("id", ids)
        where.append(term)
        params.extend(values)
    if not include_archived:
        where.append("archived_at IS NULL")
    if role:
        where.append("role = ?")
        params.append(role)
    # Accents and case do not matter: "nunez" and "ñú" both find Zoë Ñúñez.
    for word in name_sort_key(search).split():
        where.append(
            "cultivate_fold(first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' "
            "|| subjects) LIKE ? ESCAPE '\\'"
        )
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    sql = "SELECT * FROM staff"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY last_name COLLATE NAMES, first_name COLLATE NAMES"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [StaffMember.from_row(row) for row in db.query(sql, params)]


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
