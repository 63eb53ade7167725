"""Self-assessment responses from a forms tool's CSV (Google Forms, Microsoft Forms).

Three steps, nothing written until the last:

1. :func:`read_survey_csv` turns the file into header + rows with line numbers. Bytes
   are decoded, CSV is read strictly and cells are cleaned and neutralised by
   :mod:`db.text_files`, as in every import, so all imports treat encodings, broken
   quoting, invisible characters and formula injection (``=``, ``+``, ``-``, ``@``)
   the same way.
2. :func:`suggest_mapping` guesses which column answers which question; the user
   checks and corrects it (the mapping step). :func:`plan_import` then matches each
   row's email to a teacher and lists every row it cannot use, with its line number
   and why.
3. :func:`apply_plan` writes the usable rows in one transaction: all or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from db import backups, rubrics, self_assessments, staff, text_files
from db.self_assessments import HIGHEST_RATING, LOWEST_RATING, SelfAssessmentAnswers
from db.text_files import BadRecord, clean, imported, neutralise
from desktop.core.roster.readers import (
    normalise_header,
)
from desktop.errors import UserFacingError

MAX_FILE_BYTES = 20 * 1024 * 1024   # a whole district's survey is a few hundred kilobytes
MAX_ANSWER = self_assessments.MAX_ANSWER

EMAIL, TAKEN_ON = "email", "taken_on"
YES_NO_FIELDS = ("would_lead", "would_mentor")
QUESTIONS: dict[str, str] = {        # mapping key -> what the mapping step calls it
    EMAIL: "Email address",
    TAKEN_ON: "Date taken",
    "career_goals": "Career goals",
    "preferred_formats": "Preferred learning formats",
    "interests": "Interests",
    "support_wanted": "Where they want support",
    "would_lead": "Would lead a session",
    "would_mentor": "Would mentor a colleague",
}
# Normalised header fragments that identify a question in the exports we have seen.
_HINTS: dict[str, tuple[str, ...]] = {
    EMAIL: ("emailaddress", "email", "mail"),
    TAKEN_ON: ("timestamp", "completiontime", "submittedat", "submitted", "date", "starttime"),
    "career_goals": ("careergoal", "career"),
    "preferred_formats": ("format", "prefertolearn", "learnbest", "howdoyoulearn"),
    "interests": ("interest",),
    "support_wanted": ("support", "helpwith"),
    "would_lead": ("lead", "present"),
    "would_mentor": ("mentor",),
}
_YES = {"yes", "y", "true", "1", "x", "oui", "sí", "si", "ja"}
_NO = {"no", "n", "false", "0", "", "non", "nein", "not now", "maybe later"}
_RATING = re.compile(r"^\s*([0-9]+)(?:[.,]0+)?(?:\s*(?:[-–—:=(].*|[a-zA-Z].*))?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SurveyImportError(UserFacingError):
    """The file cannot be imported at all; ``str()`` says why and what to do."""


@dataclass(frozen=True)
class SurveyFile:
    name: str
    headers: list[str]
    rows: list[tuple[int, list[str]] | BadRecord]    # (line in the file, cells), or why not


@dataclass(frozen=True)
class RowProblem:
    line: int
    who: str          # the email as written, or "" when the row has none
    reason: str


@dataclass(frozen=True)
class ReadyRow:
    line: int
    staff_id: str
    teacher_name: str
    email: str
    answers: SelfAssessmentAnswers


@dataclass
class ImportPlan:
    file_name: str
    rubric_id: str | None
    ready: list[ReadyRow] = field(default_factory=list)
    unmatched: list[RowProblem] = field(default_factory=list)    # no teacher with that email
    malformed: list[RowProblem] = field(default_factory=list)    # the row's answers are unusable
    skipped: list[RowProblem] = field(default_factory=list)      # superseded or already imported

    def summary(self) -> str:
        parts = [f"{len(self.ready)} ready to import"]
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} not matched to a teacher")
        if self.malformed:
            parts.append(f"{len(self.malformed)} with unusable answers")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return ", ".join(parts) + "."


# --- 1. reading ------------------------------------------------------------------------------

def read_survey_csv(path: str | Path) -> SurveyFile:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SurveyImportError(f"“{path}” was not found. Check the name and folder.") from None
    except IsADirectoryError:
        raise SurveyImportError(f"“{path.name}” is a folder; choose the CSV file inside it.") from None
    if len(data) > MAX_FILE_BYTES:
        raise SurveyImportError(f"“{path.name}” is larger than {MAX_FILE_BYTES // 2**20} MB; "
                                "that is not a survey export.")
    if data[:4] == b"PK\x03\x04":
        raise SurveyImportError(f"“{path.name}” is a spreadsheet or zip file, not CSV. "
                                "Download the responses as CSV (.csv) and choose that file.")
    try:
        text = text_files.decode(data, path.name)
        records = list(text_files.csv_records(text))
    except text_files.UnreadableTextError as error:
        raise SurveyImportError(str(error)) from error
    if not records:
        raise SurveyImportError(f"“{path.name}” is empty: it has no header row.")
    first, rows = records[0], records[1:]
    if isinstance(first, BadRecord):
        raise SurveyImportError(f"“{path.name}” line {first.line} (the header row): {first.reason}.")
    # The mapping step shows the form's own words for each question.
    headers = [imported(cell) for cell in first[1]]
    rows = [item if isinstance(item, BadRecord) else (item[0], [clean(cell) for cell in item[1]])
            for item in rows]
    if not any(headers):
        raise SurveyImportError(f"“{path.name}” has an empty header row; the first line must "
                                "name the questions.")
    return SurveyFile(path.name, headers, rows)


# --- 2. mapping and planning -------------------------------------------------------------------

def indicator_key(indicator_id: str) -> str:
    return f"indicator:{indicator_id}"


def suggest_mapping(headers: list[str], indicators: list[rubrics.Indicator]) -> dict[str, int | None]:
    """Mapping key -> column index (or None): a guess the user confirms or corrects."""
    normalised = [normalise_header(header) for header in headers]
    mapping: dict[str, int | None] = {}
    taken: set[int] = set()
    for indicator in indicators:
        mapping[indicator_key(indicator.id)] = _indicator_column(headers, indicator, taken)
        if mapping[indicator_key(indicator.id)] is not None:
            taken.add(mapping[indicator_key(indicator.id)])
    for key, hints in _HINTS.items():
        found = None
        for hint in hints:   # the most telling hint first, across all columns
            found = next((index for index, name in enumerate(normalised)
                          if index not in taken and hint in name), None)
            if found is not None:
                break
        mapping[key] = found
        if found is not None:
            taken.add(found)
    return mapping


def _indicator_column(headers: list[str], indicator: rubrics.Indicator, taken: set[int]) -> int | None:
    # Google Forms grids export "Rate yourself [Questioning]"; a hand-made form may use the code.
    name = normalise_header(indicator.name)
    code = re.compile(rf"(^|[^0-9A-Za-z]){re.escape(indicator.code)}([^0-9A-Za-z]|$)", re.IGNORECASE)
    for index, header in enumerate(headers):
        if index not in taken and name and name in normalise_header(header):
            return index
    for index, header in enumerate(headers):
        if index not in taken and code.search(header):
            return index
    return None


def plan_import(db: Database, survey: SurveyFile, mapping: dict[str, int | None], *,
                rubric_id: str | None, import_day: date, day_first: bool = False) -> ImportPlan:
    """Match rows to teachers and check every answer; writes nothing."""
    if mapping.get(EMAIL) is None:
        raise SurveyImportError("Choose the column that holds each teacher's email address; "
                                "that is how responses are matched to teachers.")
    indicator_columns = {key.split(":", 1)[1]: index for key, index in mapping.items()
                         if key.startswith("indicator:") and index is not None}
    if not indicator_columns and not any(mapping.get(key) is not None for key in QUESTIONS
                                         if key not in (EMAIL, TAKEN_ON)):
        raise SurveyImportError("No question is matched to a column yet; choose at least one "
                                "rating or answer column.")
    for index in mapping.values():
        if index is not None and not 0 <= index < len(survey.headers):
            raise SurveyImportError(f"The file has no column {index + 1}.")
    teachers = _teachers_by_email(db)
    plan = ImportPlan(survey.name, rubric_id)
    latest_line: dict[str, int] = {}
    candidates: list[ReadyRow] = []
    for item in survey.rows:
        if isinstance(item, BadRecord):
            plan.malformed.append(RowProblem(item.line, "", item.reason))
            continue
        line, cells = item
        raw_email = _cell(cells, mapping[EMAIL]).strip()
        email = raw_email.lower()
        if not email:
            plan.malformed.append(RowProblem(line, "", "no email address"))
            continue
        if not _EMAIL.match(email):
            plan.malformed.append(RowProblem(line, neutralise(raw_email),
                                             f"“{neutralise(raw_email)}” is not an email address"))
            continue
        matches = teachers.get(email, [])
        if not matches:
            plan.unmatched.append(RowProblem(line, raw_email, "no staff member has this email"))
            continue
        if len(matches) > 1:
            plan.unmatched.append(RowProblem(
                line, raw_email, "more than one staff member has this email; fix the staff list"))
            continue
        try:
            answers = _answers(cells, mapping, indicator_columns, import_day, day_first)
        except ValueError as problem:
            plan.malformed.append(RowProblem(line, raw_email, str(problem)))
            continue
        staff_id, name = matches[0]
        candidates.append(ReadyRow(line, staff_id, name, email, answers))
        latest_line[staff_id] = line
    already = _already_imported(db)
    for row in candidates:
        if latest_line[row.staff_id] != row.line:
            plan.skipped.append(RowProblem(
                row.line, row.email,
                f"a later response from {row.teacher_name} (line {latest_line[row.staff_id]}) is used"))
        elif (row.staff_id, row.answers.taken_on) in already:
            plan.skipped.append(RowProblem(
                row.line, row.email,
                f"{row.teacher_name}'s response of {row.answers.taken_on} was imported before"))
        else:
            plan.ready.append(row)
    return plan


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _teachers_by_email(db: Database) -> dict[str, list[tuple[str, str]]]:
    return staff.active_by_email(db)


def _already_imported(db: Database) -> set[tuple[str, str]]:
    return self_assessments.imported_keys(db)


def _answers(cells, mapping, indicator_columns, import_day: date, day_first: bool
             ) -> SelfAssessmentAnswers:
    ratings: dict[str, int] = {}
    for indicator_id, index in indicator_columns.items():
        rating = parse_rating(_cell(cells, index))
        if rating is not None:
            ratings[indicator_id] = rating
    texts = {}
    for key in ("career_goals", "preferred_formats", "interests", "support_wanted"):
        value = _cell(cells, mapping.get(key))
        if len(value) > MAX_ANSWER:
            raise ValueError(f"the answer to “{QUESTIONS[key]}” is {len(value):,} characters "
                             f"long; the most Cultivate keeps is {MAX_ANSWER:,}")
        if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in value):
            raise ValueError(f"the answer to “{QUESTIONS[key]}” contains binary data")
        texts[key] = imported(value)
    flags = {key: parse_yes_no(_cell(cells, mapping.get(key)), QUESTIONS[key])
             for key in YES_NO_FIELDS}
    raw_day = _cell(cells, mapping.get(TAKEN_ON))
    taken_on = parse_day(raw_day, day_first=day_first) if raw_day.strip() else import_day
    if taken_on > import_day:
        raise ValueError(f"the date {taken_on.isoformat()} is in the future")
    if not ratings and not any(texts.values()):
        raise ValueError("the response has no ratings and no answers")
    return SelfAssessmentAnswers(taken_on=taken_on.isoformat(), ratings=ratings, **texts, **flags)


def parse_rating(raw: str) -> int | None:
    """'3', '3.0', '3 - Proficient', '3 (often)' -> 3; blank -> None (not rated)."""
    text = raw.strip()
    if not text:
        return None
    match = _RATING.match(text)
    if not match:
        raise ValueError(f"the rating “{neutralise(text)[:40]}” is not a number from "
                         f"{LOWEST_RATING} to {HIGHEST_RATING}")
    value = int(match.group(1))
    if not LOWEST_RATING <= value <= HIGHEST_RATING:
        raise ValueError(f"the rating {value} is outside {LOWEST_RATING} to {HIGHEST_RATING}")
    return value


def parse_yes_no(raw: str, question: str) -> bool:
    text = raw.strip().lower()
    if text in _YES or text.startswith("yes"):
        return True
    if text in _NO or text.startswith("no"):
        return False
    raise ValueError(f"“{question}” should be yes or no, not “{neutralise(raw.strip())[:40]}”")


_DAY_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")


def parse_day(raw: str, *, day_first: bool = False) -> date:
    """Forms' time stamps: '2026/09/15 10:23:45 am GMT+1', '9/15/2026 10:23', ISO.

    Slashed day-month order is ambiguous; US forms write month first unless *day_first*.
    """
    text = raw.strip()
    head = re.split(r"[ T]", text, maxsplit=1)[0]
    for pattern in _DAY_FORMATS:
        try:
            return datetime.strptime(head, pattern).date()
        except ValueError:
            pass
    parts = re.split(r"[/.-]", head)
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        first, second, year = (int(part) for part in parts)
        if year < 100:
            year += 2000
        month, day = (second, first) if day_first or first > 12 else (first, second)
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ValueError(f"“{neutralise(text)[:40]}” is not a date")


# --- 3. writing ---------------------------------------------------------------------------------

def apply_plan(db: Database, plan: ImportPlan, *, backup: bool = True) -> int:
    """Keep a backup, then write every ready row in one transaction; returns how many were imported.

    *backup=False* when the caller has kept one already (the window does, before its
    write transaction begins).
    """
    if backup and plan.ready:
        backups.before_import(db)
    with db.atomic():
        for row in plan.ready:
            self_assessments.save(db, row.staff_id, plan.rubric_id, row.answers, source="imported")
    return len(plan.ready)
