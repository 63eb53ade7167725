"""Wellbeing check-ins: energy, workload and stress on 1–5, private to the teacher's record.

School figures leave this module only as anonymous :class:`Response` rows for
``desktop.core.wellbeing``, which refuses to show groups of fewer than five people. The
scale and its check live here, below the domain, so storage never imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from db import pd, records
from db._names import full_name
from db.errors import NeedsCorrection

MAX_NOTE = 2000
SCALE = (1, 5)
MEASURES = ("energy", "workload", "stress")
MEASURE_LABELS = {"energy": "Energy", "workload": "Workload", "stress": "Stress"}


class WellbeingValidationError(NeedsCorrection):
    """A check-in value out of range, in plain words."""


def check_scores(**scores: int) -> None:
    low, high = SCALE
    for measure in MEASURES:
        value = scores.get(measure)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise WellbeingValidationError(
                f"{MEASURE_LABELS[measure]} must be a whole number from {low} to {high}.")


@dataclass(frozen=True)
class Response:
    """One check-in as the school view receives it: who is only a key to count people."""
    respondent: str
    checked_on: date
    energy: int
    workload: int
    stress: int


@dataclass(frozen=True)
class WellbeingCheckIn:
    id: str
    staff_id: str
    checked_on: str
    energy: int
    workload: int
    stress: int
    note: str
    shared_with_leaders: bool
    needs_follow_up: bool


@dataclass(frozen=True)
class FollowUp:
    """A teacher who asked for a follow-up conversation: the name, never the scores."""
    check_in_id: str
    staff_id: str
    name: str
    checked_on: str


def _date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise WellbeingValidationError(f"“{value}” is not a date; use YYYY-MM-DD.") from None


def _checked(checked_on: str, energy: int, workload: int, stress: int, note: str,
             shared_with_leaders: bool, needs_follow_up: bool) -> dict:
    """A check-in's values as stored, or the reason they cannot be."""
    check_scores(energy=energy, workload=workload, stress=stress)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise WellbeingValidationError(f"The note is longer than {MAX_NOTE} characters.")
    return {"checked_on": _date(checked_on), "energy": energy, "workload": workload,
            "stress": stress, "note": note, "shared_with_leaders": 1 if shared_with_leaders else 0,
            "needs_follow_up": 1 if needs_follow_up else 0}


def record_check_in(
    db: Database, *, staff_id: str, checked_on: str, energy: int, workload: int, stress: int,
    note: str = "", shared_with_leaders: bool = False, needs_follow_up: bool = False,
) -> str:
    """Save one check-in; private (not shared with leaders) unless the teacher says so."""
    values = _checked(checked_on, energy, workload, stress, note, shared_with_leaders,
                      needs_follow_up)
    if not db.execute("SELECT 1 FROM staff WHERE id = ?", [staff_id]).fetchone():
        raise WellbeingValidationError("That person is no longer on the staff list.")
    return records.insert(db, "wellbeing_check_ins", {"staff_id": staff_id, **values})


def update_check_in(
    db: Database, check_in_id: str, *, checked_on: str, energy: int, workload: int, stress: int,
    note: str = "", shared_with_leaders: bool = False, needs_follow_up: bool = False,
) -> None:
    """Correct a check-in entered wrongly (its date, scores, note and choices)."""
    records.update(db, "wellbeing_check_ins", check_in_id, _checked(
        checked_on, energy, workload, stress, note, shared_with_leaders, needs_follow_up))


def set_follow_up(db: Database, check_in_id: str, wanted: bool) -> None:
    records.update(db, "wellbeing_check_ins", check_in_id, {"needs_follow_up": 1 if wanted else 0})


def list_check_ins(db: Database, *, staff_id: str,
                   ids: Iterable[str] | None = None) -> list[WellbeingCheckIn]:
    """One teacher's own check-ins, newest first; *ids* keeps only those check-ins."""
    where, params = "staff_id = ?", [staff_id]
    if ids is not None:
        term, values = records.among("id", ids)
        where, params = f"{where} AND {term}", params + values
    rows = db.query(
        "SELECT id, staff_id, checked_on, energy, workload, stress, note, shared_with_leaders, "
        f"needs_follow_up FROM wellbeing_check_ins WHERE {where} "
        "ORDER BY checked_on DESC, created_at DESC", params)
    return [WellbeingCheckIn(**{**row, "shared_with_leaders": bool(row["shared_with_leaders"]),
                                "needs_follow_up": bool(row["needs_follow_up"])}) for row in rows]


def school_responses(db: Database, *, since: str, until: str) -> list[Response]:
    """Every check-in between two ISO dates (inclusive) as an anonymous response."""
    return [
        Response(row[0], date.fromisoformat(row[1][:10]), row[2], row[3], row[4])
        for row in db.execute(
            "SELECT staff_id, checked_on, energy, workload, stress FROM wellbeing_check_ins "
            "WHERE checked_on BETWEEN ? AND ?", [since, until])
    ]


def follow_ups(db: Database) -> list[FollowUp]:
    """Check-ins flagged for a follow-up conversation, oldest first (the longest waiting)."""
    return [FollowUp(**row) for row in db.query(
        f"SELECT w.id AS check_in_id, w.staff_id, {full_name('s')} AS name, w.checked_on "
        "FROM wellbeing_check_ins w JOIN staff s ON s.id = w.staff_id "
        "WHERE w.needs_follow_up = 1 AND s.archived_at IS NULL "
        "ORDER BY w.checked_on, name")]


def wellbeing_offerings(db: Database) -> list[pd.Offering]:
    """The PD menu's wellbeing offerings (not retired)."""
    return [offering for offering in pd.list_offerings(db) if offering.format == "wellbeing"]
