"""Teachers' self-assessments: a 1–4 rating per rubric indicator plus open answers.

Ratings point at indicator ids of the rubric the survey was taken on; the growth
profile matches them to later rubric versions by indicator code (db/evidence.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from db import records
from db.errors import NeedsCorrection
from db.validation import iso_day

LOWEST_RATING, HIGHEST_RATING = 1, 4
SOURCES = ("typed", "imported")
ANSWER_FIELDS = ("career_goals", "preferred_formats", "interests", "support_wanted")
MAX_ANSWER = 5000


class SelfAssessmentError(NeedsCorrection):
    """A self-assessment that cannot be saved; the message names the field."""


@dataclass(frozen=True)
class SelfAssessment:
    id: str
    staff_id: str
    rubric_id: str | None
    taken_on: str
    career_goals: str = ""
    preferred_formats: str = ""
    interests: str = ""
    support_wanted: str = ""
    would_lead: bool = False
    would_mentor: bool = False
    source: str = "typed"
    ratings: dict[str, int] = field(default_factory=dict)   # indicator id -> rating


@dataclass(frozen=True)
class SelfAssessmentAnswers:
    """What a survey holds before it is saved (typed in, or one imported row)."""

    taken_on: str
    ratings: Mapping[str, int]              # indicator id -> 1..4
    career_goals: str = ""
    preferred_formats: str = ""
    interests: str = ""
    support_wanted: str = ""
    would_lead: bool = False
    would_mentor: bool = False


def _check(answers: SelfAssessmentAnswers, indicator_ids: set[str] | None) -> None:
    iso_day(answers.taken_on, "The date taken", required=True, error=SelfAssessmentError)
    for indicator_id, rating in answers.ratings.items():
        if isinstance(rating, bool) or not isinstance(rating, int) or not (
                LOWEST_RATING <= rating <= HIGHEST_RATING):
            raise SelfAssessmentError(
                f"Ratings are whole numbers from {LOWEST_RATING} to {HIGHEST_RATING}, not {rating!r}.")
        if indicator_ids is not None and indicator_id not in indicator_ids:
            raise SelfAssessmentError("A rating names an indicator that is not in the rubric.")
    for key in ANSWER_FIELDS:
        if len(getattr(answers, key) or "") > MAX_ANSWER:
            raise SelfAssessmentError(f"The answer “{key.replace('_', ' ')}” is too long.")


def _rubric_indicator_ids(db: Database, rubric_id: str | None) -> set[str] | None:
    if rubric_id is None:
        return None
    return {row[0] for row in db.execute(
        "SELECT id FROM rubric_indicators WHERE rubric_id = ?", [rubric_id]).fetchall()}


def save(db: Database, staff_id: str, rubric_id: str | None, answers: SelfAssessmentAnswers, *,
         source: str = "typed", assessment_id: str | None = None) -> str:
    """Add a self-assessment, or replace one's answers and ratings (*assessment_id*)."""
    if source not in SOURCES:
        raise SelfAssessmentError(f"Unknown source {source!r}.")
    _check(answers, _rubric_indicator_ids(db, rubric_id))
    row = {
        "staff_id": staff_id, "rubric_id": rubric_id, "taken_on": answers.taken_on.strip(),
        **{key: (getattr(answers, key) or "").strip() for key in ANSWER_FIELDS},
        "would_lead": 1 if answers.would_lead else 0,
        "would_mentor": 1 if answers.would_mentor else 0,
        "source": source,
    }
    with db.atomic():
        if assessment_id is None:
            assessment_id = records.insert(db, "self_assessments", row)
        else:
            records.update(db, "self_assessments", assessment_id, row)
            db.execute("DELETE FROM self_assessment_ratings WHERE self_assessment_id = ?",
                       [assessment_id])
        records.insert_many(db, "self_assessment_ratings", [
            {"self_assessment_id": assessment_id, "indicator_id": indicator_id, "rating": rating}
            for indicator_id, rating in answers.ratings.items()])
    return assessment_id


def _from_row(db: Database, row: dict) -> SelfAssessment:
    ratings = {indicator_id: rating for indicator_id, rating in db.execute(
        "SELECT indicator_id, rating FROM self_assessment_ratings WHERE self_assessment_id = ?",
        [row["id"]]).fetchall()}
    return SelfAssessment(
        id=row["id"], staff_id=row["staff_id"], rubric_id=row["rubric_id"],
        taken_on=row["taken_on"], career_goals=row["career_goals"],
        preferred_formats=row["preferred_formats"], interests=row["interests"],
        support_wanted=row["support_wanted"], would_lead=bool(row["would_lead"]),
        would_mentor=bool(row["would_mentor"]), source=row["source"], ratings=ratings)


def get(db: Database, assessment_id: str) -> SelfAssessment | None:
    row = records.get(db, "self_assessments", assessment_id)
    return _from_row(db, row) if row else None


def latest(db: Database, staff_id: str, *, as_of: date | None = None) -> SelfAssessment | None:
    """The teacher's most recent self-assessment (on or before *as_of*)."""
    sql = "SELECT * FROM self_assessments WHERE staff_id = ?"
    params: list = [staff_id]
    if as_of is not None:
        sql += " AND taken_on <= ?"
        params.append(as_of.isoformat())
    rows = list(db.query(sql + " ORDER BY taken_on DESC, created_at DESC LIMIT 1", params))
    return _from_row(db, rows[0]) if rows else None


def imported_keys(db: Database) -> set[tuple[str, str]]:
    """(teacher, date taken) of every self-assessment already imported from a survey file."""
    return {(row[0], row[1]) for row in db.execute(
        "SELECT staff_id, taken_on FROM self_assessments WHERE source = 'imported'").fetchall()}


def list_for(db: Database, staff_id: str, *, ids: Iterable[str] | None = None) -> list[SelfAssessment]:
    """Newest first; *ids* keeps only those self-assessments."""
    where, params = "staff_id = ?", [staff_id]
    if ids is not None:
        term, values = records.among("id", ids)
        where, params = f"{where} AND {term}", params + values
    rows = db.query(f"SELECT * FROM self_assessments WHERE {where} "
                    "ORDER BY taken_on DESC, created_at DESC", params)
    return [_from_row(db, row) for row in rows]
