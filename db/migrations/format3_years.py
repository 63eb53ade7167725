"""Data format 3's one-off step: an existing file's school years, made from its own data.

Kept apart from :mod:`db.school_years` on purpose: a shipped migration must do the same
thing forever, whatever later becomes of the live module.

Each school year the data touches gets a record: the years with anything recorded
in them (a visit, a conversation, a check-in, PD completed, a celebration…), and the
one the file names in its ``school.year`` preference. A year begins on the
``school_year.start`` preference's day (else 1 August) and ends the day before the next
one; terms split at New Year. A file with no dated records at all gets the year that
contains today, so the window always has a current year.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlite_utils import Database

from db import clock

# Days on which something happened (not due dates or planned sessions: those are plans).
HAPPENED = (
    ("observations", "observed_on"), ("conversations", "held_on"),
    ("goal_check_ins", "checked_on"), ("enrollments", "enrolled_on"),
    ("enrollments", "completed_on"), ("celebrations", "celebrated_on"),
    ("wellbeing_check_ins", "checked_on"), ("self_assessments", "taken_on"),
    ("goals", "start_on"), ("goals", "met_on"), ("action_steps", "done_on"),
)


def _preference(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM preferences WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _start_day(db: Database) -> tuple[int, int]:
    text = _preference(db, "school_year.start") or ""
    try:
        first = date.fromisoformat(text.strip()[:10])
    except ValueError:
        return 8, 1
    return first.month, first.day


def _on(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:   # 29 February in a common year
        return date(year, month, day - 1)


def _first_year(day: date, start: tuple[int, int]) -> int:
    return day.year if (day.month, day.day) >= start else day.year - 1


def _years_with_data(db: Database, start: tuple[int, int]) -> set[int]:
    found: set[int] = set()
    for table, column in HAPPENED:
        for (text,) in db.execute(
                f'SELECT DISTINCT substr("{column}", 1, 10) FROM "{table}" WHERE "{column}" IS NOT NULL'):
            try:
                day = date.fromisoformat(text)
            except (TypeError, ValueError):
                continue   # a date the file got wrong is no reason to invent a year
            if 1900 <= day.year <= 2999:
                found.add(_first_year(day, start))
    named = (_preference(db, "school.year") or "").strip()[:4]
    if named.isdigit():
        found.add(int(named))
    return found


def _terms(first: date, last: date) -> list[tuple[str, date, date]]:
    new_year = date(first.year + 1, 1, 1)
    if first < new_year <= last:
        return [("Term 1", first, new_year - timedelta(days=1)), ("Term 2", new_year, last)]
    return [("Term 1", first, last)]


def planned_years(db: Database) -> list[tuple[str, date, date, list[tuple[str, date, date]]]]:
    """(name, first day, last day, terms) of each year the data calls for, oldest first.
    Also how a file opened read-only, never upgraded, is shown its years."""
    start = _start_day(db)
    years = _years_with_data(db, start) or {_first_year(clock.today(), start)}
    planned = []
    for first_year in sorted(years):
        first = _on(first_year, *start)
        last = _on(first_year + 1, *start) - timedelta(days=1)
        planned.append((f"{first_year}–{str(first_year + 1)[2:]}", first, last, _terms(first, last)))
    return planned


def create_years(db: Database) -> None:
    stamp = clock.utc_stamp()
    for name, first, last, terms in planned_years(db):
        year_id = str(uuid.uuid4())
        db.execute(
            "INSERT INTO school_years (id, name, first_day, last_day, started_on, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)",
            [year_id, name, first.isoformat(), last.isoformat(), stamp, stamp])
        for position, (term_name, term_first, term_last) in enumerate(terms):
            db.execute(
                "INSERT INTO school_terms (id, school_year_id, name, first_day, last_day, position, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [str(uuid.uuid4()), year_id, term_name, term_first.isoformat(),
                 term_last.isoformat(), position, stamp, stamp])
