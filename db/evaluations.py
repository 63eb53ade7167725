"""The short evaluation after PD: Guskey's first three levels, each rated 1 to 5, and a comment.

1. **Reaction** — "The session was a good use of my time."
2. **Learning** — "I learned something I can use with my students."
3. **Organisation support** — "I have the time and support to put it into practice."

(Levels 4 and 5, use of new skills and student outcomes, are what the offering's
efficacy figures measure: later observations on its indicators, and the leader's note.)
A response may be anonymous; a named one is one per teacher and offering, so typing it
again, or importing it again, changes it rather than counting it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import mean

from sqlite_utils import Database

from db import records
from db._names import full_name
from db.errors import NeedsCorrection

LEVELS = (
    ("reaction", "Reaction", "The session was a good use of my time."),
    ("learning", "Learning", "I learned something I can use with my students."),
    ("support", "Organisation support", "I have the time and support to put it into practice."),
)
LEVEL_KEYS = tuple(key for key, _, _ in LEVELS)
LOWEST, HIGHEST = 1, 5
SCALE_WORDS = "1 strongly disagree … 5 strongly agree"
MAX_COMMENT = 5000


class EvaluationError(NeedsCorrection):
    """An evaluation that cannot be saved; the message says why."""


@dataclass(frozen=True)
class Evaluation:
    id: str
    offering_id: str
    staff_id: str | None
    teacher_name: str           # "" when anonymous
    submitted_on: str
    reaction: int | None
    learning: int | None
    support: int | None
    comment: str
    source: str

    def rating(self, level: str) -> int | None:
        return getattr(self, level)


@dataclass(frozen=True)
class LevelSummary:
    key: str
    label: str
    statement: str
    responses: int
    mean: float | None
    counts: dict[int, int]       # rating -> how many gave it


@dataclass(frozen=True)
class EvaluationSummary:
    responses: int
    levels: list[LevelSummary]
    comments: list[tuple[str, str, str]]   # (who or "Anonymous", date, comment), newest first


def check_rating(value, label: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
        raise EvaluationError(f"{label} is a whole number from {LOWEST} to {HIGHEST} (or blank).",
                              field=label.lower())
    return value


def save(db: Database, offering_id: str, *, staff_id: str | None, submitted_on: str,
         reaction: int | None, learning: int | None, support: int | None, comment: str = "",
         source: str = "typed", response_key: str | None = None) -> str:
    """Keep one response; a named teacher's second response replaces their first. Returns its id."""
    ratings = {key: check_rating(value, label) for (key, label, _), value
               in zip(LEVELS, (reaction, learning, support), strict=True)}
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise EvaluationError(f"The comment is {len(comment):,} characters; the most kept is "
                              f"{MAX_COMMENT:,}.", field="comment")
    if all(value is None for value in ratings.values()) and not comment:
        raise EvaluationError("Give at least one rating or a comment.")
    try:
        day = date.fromisoformat(submitted_on).isoformat()
    except (TypeError, ValueError):
        raise EvaluationError(f"“{submitted_on}” is not a date like 2026-02-13.", field="date") from None
    if source not in ("typed", "imported"):
        raise EvaluationError("An evaluation is typed or imported.")
    with db.atomic():
        if db.execute("SELECT 1 FROM pd_offerings WHERE id = ?", [offering_id]).fetchone() is None:
            raise EvaluationError("That offering is no longer in the catalog.")
        if staff_id is not None and db.execute("SELECT 1 FROM staff WHERE id = ?", [staff_id]).fetchone() is None:
            raise EvaluationError("That person is no longer on the staff list.")
        values = {"submitted_on": day, **ratings, "comment": comment, "source": source,
                  "response_key": response_key}
        existing = None
        if staff_id is not None:
            existing = db.execute("SELECT id FROM pd_evaluations WHERE offering_id = ? AND staff_id = ?",
                                  [offering_id, staff_id]).fetchone()
        elif response_key is not None:
            existing = db.execute("SELECT id FROM pd_evaluations WHERE offering_id = ? AND response_key = ?",
                                  [offering_id, response_key]).fetchone()
        if existing:
            records.update(db, "pd_evaluations", existing[0], values)
            return existing[0]
        return records.insert(db, "pd_evaluations", {"offering_id": offering_id, "staff_id": staff_id,
                                                     **values})


def delete(db: Database, evaluation_id: str) -> None:
    db.execute("DELETE FROM pd_evaluations WHERE id = ?", [evaluation_id])


def list_for(db: Database, offering_id: str) -> list[Evaluation]:
    return [Evaluation(*row) for row in db.execute(
        f"SELECT v.id, v.offering_id, v.staff_id, coalesce({full_name('t')}, ''), v.submitted_on, "
        "v.reaction, v.learning, v.support, v.comment, v.source FROM pd_evaluations v "
        "LEFT JOIN staff t ON t.id = v.staff_id WHERE v.offering_id = ? "
        "ORDER BY v.submitted_on DESC, v.created_at DESC", [offering_id])]


def find(db: Database, offering_id: str, staff_id: str) -> Evaluation | None:
    return next((e for e in list_for(db, offering_id) if e.staff_id == staff_id), None)


def response_keys(db: Database, offering_id: str) -> set[str]:
    return {row[0] for row in db.execute(
        "SELECT response_key FROM pd_evaluations WHERE offering_id = ? AND response_key IS NOT NULL",
        [offering_id])}


def summary(db: Database, offering_id: str) -> EvaluationSummary:
    found = list_for(db, offering_id)
    levels = []
    for key, label, statement in LEVELS:
        given = [e.rating(key) for e in found if e.rating(key) is not None]
        levels.append(LevelSummary(key, label, statement, len(given),
                                   round(mean(given), 2) if given else None,
                                   {score: given.count(score) for score in range(LOWEST, HIGHEST + 1)}))
    comments = [(e.teacher_name or "Anonymous", e.submitted_on, e.comment) for e in found if e.comment]
    return EvaluationSummary(len(found), levels, comments)
