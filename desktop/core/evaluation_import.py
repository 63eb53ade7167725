"""Evaluation responses for one offering from a forms tool's CSV (Google Forms, Microsoft Forms).

The same three steps as the self-assessment import, through the same reader, so every
import treats encodings, broken quoting, invisible characters and formula-like cells
alike (:mod:`db.text_files`, via :func:`desktop.core.self_assessment_import.read_survey_csv`):

1. read the file (:func:`read_forms_csv`);
2. match columns to the questions (:func:`suggest_mapping`, which the user checks), then
   check every row (:func:`plan_import`): nothing is written, and each row that cannot be
   used is listed with its line and why;
3. write the usable rows in one transaction, after a backup (:func:`apply_plan`).

A form may be anonymous (no email column): each response is kept without a name. A row
whose email matches no one on the staff list is not imported (it may be a typing slip).
A response already imported (the same row of the same form) is skipped, so importing a
file again adds nothing; a teacher's later response replaces their earlier one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from db import backups, evaluations
from db.text_files import BadRecord, imported, neutralise
from desktop.core import self_assessment_import as forms
from desktop.core.roster.readers import normalise_header

EMAIL, SUBMITTED, COMMENT = "email", "submitted", "comment"
QUESTIONS: dict[str, str] = {
    EMAIL: "Email address (leave unmatched for an anonymous form)",
    SUBMITTED: "Date answered",
    **{key: f"{label}: “{statement}”" for key, label, statement in evaluations.LEVELS},
    COMMENT: "Comments",
}
_HINTS: dict[str, tuple[str, ...]] = {
    EMAIL: ("emailaddress", "email", "mail"),
    SUBMITTED: ("timestamp", "completiontime", "submittedat", "submitted", "date", "starttime"),
    "reaction": ("gooduse", "useofmytime", "worthwhile", "reaction", "satisf", "enjoy"),
    "learning": ("learned", "learnt", "learning", "learn", "newskill"),
    "support": ("support", "timeandsupport", "intopractice", "resources"),
    COMMENT: ("comment", "anythingelse", "suggest", "improve", "feedback", "other"),
}

MAX_FILE_BYTES = forms.MAX_FILE_BYTES
SurveyImportError = forms.SurveyImportError


def read_forms_csv(path: str | Path) -> forms.SurveyFile:
    return forms.read_survey_csv(path)


def suggest_mapping(headers: list[str]) -> dict[str, int | None]:
    """Question -> column (or None): the most telling hint first, each column used once."""
    normalised = [normalise_header(header) for header in headers]
    mapping: dict[str, int | None] = {}
    taken: set[int] = set()
    for key in (EMAIL, SUBMITTED, "support", "learning", "reaction", COMMENT):
        mapping[key] = forms.best_column(normalised, _HINTS[key], taken)
    return {key: mapping.get(key) for key in QUESTIONS}


@dataclass(frozen=True)
class ReadyResponse:
    line: int
    staff_id: str | None
    teacher_name: str             # "" when anonymous
    submitted_on: str
    ratings: dict[str, int | None]
    comment: str
    response_key: str


@dataclass
class EvaluationPlan:
    file_name: str
    offering_id: str
    ready: list[ReadyResponse] = field(default_factory=list)
    unmatched: list[forms.RowProblem] = field(default_factory=list)
    malformed: list[forms.RowProblem] = field(default_factory=list)
    skipped: list[forms.RowProblem] = field(default_factory=list)

    def summary(self) -> str:
        anonymous = sum(1 for row in self.ready if row.staff_id is None)
        parts = [f"{len(self.ready)} ready to import" + (f" ({anonymous} anonymous)" if anonymous else "")]
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} not matched to a teacher")
        if self.malformed:
            parts.append(f"{len(self.malformed)} with unusable answers")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return ", ".join(parts) + "."


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _key(cells: list[str]) -> str:
    return hashlib.sha256("\x1f".join(cell.strip() for cell in cells).encode("utf-8")).hexdigest()


def plan_import(db: Database, survey: forms.SurveyFile, mapping: dict[str, int | None], *,
                offering_id: str, import_day: date, day_first: bool = False) -> EvaluationPlan:
    """Check every row against the mapping; writes nothing."""
    if not any(mapping.get(key) is not None for key in (*evaluations.LEVEL_KEYS, COMMENT)):
        raise SurveyImportError("Choose the column of at least one rating or the comments.")
    for index in mapping.values():
        if index is not None and not 0 <= index < len(survey.headers):
            raise SurveyImportError(f"The file has no column {index + 1}.")
    teachers = forms._teachers_by_email(db)
    known = evaluations.response_keys(db, offering_id)
    plan = EvaluationPlan(survey.name, offering_id)
    latest: dict[str, int] = {}
    candidates: list[ReadyResponse] = []
    for item in survey.rows:
        if isinstance(item, BadRecord):
            plan.malformed.append(forms.RowProblem(item.line, "", item.reason))
            continue
        line, cells = item
        who, staff_id, name = "", None, ""
        if mapping.get(EMAIL) is not None:
            raw = _cell(cells, mapping[EMAIL]).strip()
            who = neutralise(raw)
            if raw:
                if not forms._EMAIL.match(raw.lower()):
                    plan.malformed.append(forms.RowProblem(line, who, f"“{who}” is not an email address"))
                    continue
                matches = teachers.get(raw.lower(), [])
                if len(matches) != 1:
                    plan.unmatched.append(forms.RowProblem(
                        line, raw, "no staff member has this email" if not matches
                        else "more than one staff member has this email; fix the staff list"))
                    continue
                staff_id, name = matches[0]
        try:
            ratings = {key: forms.parse_rating(_cell(cells, mapping.get(key)),
                                               evaluations.LOWEST, evaluations.HIGHEST)
                       for key in evaluations.LEVEL_KEYS}
            comment = _cell(cells, mapping.get(COMMENT))
            if len(comment) > evaluations.MAX_COMMENT:
                raise ValueError(f"the comment is {len(comment):,} characters; the most kept is "
                                 f"{evaluations.MAX_COMMENT:,}")
            if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in comment):
                raise ValueError("the comment contains binary data")
            raw_day = _cell(cells, mapping.get(SUBMITTED))
            day = forms.parse_day(raw_day, day_first=day_first) if raw_day.strip() else import_day
            if day > import_day:
                raise ValueError(f"the date {day.isoformat()} is in the future")
            if all(value is None for value in ratings.values()) and not comment.strip():
                raise ValueError("the response has no ratings and no comment")
        except ValueError as problem:
            plan.malformed.append(forms.RowProblem(line, who, str(problem)))
            continue
        response = ReadyResponse(line, staff_id, name, day.isoformat(), ratings, imported(comment),
                                 _key(cells))
        candidates.append(response)
        if staff_id:
            latest[staff_id] = line
    for response in candidates:
        if response.staff_id and latest[response.staff_id] != response.line:
            plan.skipped.append(forms.RowProblem(
                response.line, response.teacher_name,
                f"a later response from {response.teacher_name} (line {latest[response.staff_id]}) is used"))
        elif response.response_key in known:
            plan.skipped.append(forms.RowProblem(response.line, response.teacher_name,
                                                 "this response was imported before"))
        else:
            plan.ready.append(response)
    return plan


def apply_plan(db: Database, plan: EvaluationPlan, *, backup: bool = True) -> int:
    """Keep a backup, then write every ready response in one transaction; returns how many."""
    if backup and plan.ready:
        backups.before_import(db)
    with db.atomic():
        for row in plan.ready:
            evaluations.save(db, plan.offering_id, staff_id=row.staff_id, submitted_on=row.submitted_on,
                             comment=row.comment, source="imported", response_key=row.response_key,
                             **row.ratings)
    return len(plan.ready)
