"""A teacher's credit-hours transcript for one school year: what re-licensure asks for.

Every completed offering in the year, with its dates (the sessions attended), format,
facilitator and the hours credited (from attendance; see :mod:`db.attendance`), the
total, and a line for the approver (the school's principal, by name when the file has
one) to sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from db import attendance, pd, school_years, staff
from db.portfolio_queries import school_name
from db.school_years import SchoolYear


@dataclass(frozen=True)
class Transcript:
    staff_id: str
    teacher_name: str
    identifier: str
    school: str
    year_name: str
    first_day: date
    last_day: date
    lines: list[attendance.TranscriptLine]
    approver_name: str          # "" when the file names no principal
    approver_role: str
    generated_on: date

    @property
    def total_hours(self) -> float:
        return round(sum(line.hours for line in self.lines), 2)

    @staticmethod
    def format_label(code: str) -> str:
        return pd.FORMAT_LABELS.get(code, code)


def _approver(db: Database) -> tuple[str, str]:
    for role, words in (("principal", "Principal"), ("assistant_principal", "Assistant principal")):
        found = [m for m in staff.list_staff(db) if m.role == role]
        if found:
            return found[0].full_name, words
    return "", "Principal"


def gather_transcript(db: Database, staff_id: str, year: SchoolYear, *, today: date) -> Transcript:
    member = staff.get(db, staff_id)
    if member is None:
        raise KeyError(staff_id)
    # The years follow one another: the earliest also holds anything older, the latest anything newer.
    since = year.since or "0000-01-01"
    until = year.until or "9999-12-31"
    lines = attendance.transcript(db, staff_id, since=since, until=until)
    approver, role = _approver(db)
    return Transcript(staff_id, member.full_name, member.identifier or "",
                      school_name(db, member.school_id), year.name, year.first_day, year.last_day,
                      lines, approver, role, today)


def year_for(db: Database, today: date, year_id: str | None = None) -> SchoolYear:
    """The chosen school year, or the one in force today."""
    if year_id:
        found = school_years.get(db, year_id)
        if found is not None:
            return found
    return school_years.current(db, today)
