"""Wellbeing check-ins: energy, workload and stress on 1–5, kept so that nobody can be singled out.

A teacher decides, each time, whether leaders may see the check-in:

* **Shared**: the check-in lives in ``wellbeing_check_ins`` with the person, the day,
  the scores and the note, and shows on that teacher's page.
* **Not shared**: the scores go into ``wellbeing_private_answers``, which has no staff
  link, a random key, and the month instead of the day (data format 4,
  ``db/migrations/0004_private_wellbeing.sql``). Nothing in Cultivate can tie them to the
  person again: not the teacher's page, an export, a PDF or the audit log (which
  never records them, see :mod:`db.audit`). No note is kept with them: a note nobody
  may ever read is better not written down.

Either way the person's month gets a row in ``wellbeing_responses``: they responded,
whether they answered privately, and whether they would like a follow-up
conversation. That is what the five-person rule counts, and it keeps each person to
one private answer a month, so one anxious teacher cannot outweigh the rest.

A month's school figures are shown only once the month has closed,
:data:`CLOSE_AFTER_DAYS` days after its end (late paper forms can still come in until
then); after that its private answers can no longer be added, changed or taken back
(the connection's guard in :mod:`db.audit` holds even for Undo), so nothing shown can
move because of one person. The rule itself, and how many people a figure needs, is in
:mod:`desktop.core.wellbeing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from db import clock, pd, records, schools
from db._names import full_name
from db.errors import NeedsCorrection

MAX_NOTE = 2000
SCALE = (1, 5)
MEASURES = ("energy", "workload", "stress")
MEASURE_LABELS = {"energy": "Energy", "workload": "Workload", "stress": "Stress"}
# A month's private answers are final (and its figures may show) this many days after it ends.
CLOSE_AFTER_DAYS = 7


class WellbeingValidationError(NeedsCorrection):
    """A check-in that cannot be saved as it is, in plain words."""


def check_scores(**scores: int) -> None:
    low, high = SCALE
    for measure in MEASURES:
        value = scores.get(measure)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise WellbeingValidationError(
                f"{MEASURE_LABELS[measure]} must be a whole number from {low} to {high}.",
                field=measure)


# -- months -----------------------------------------------------------------------------------
def month_of(day: str | date) -> str:
    """'YYYY-MM' of a date or an ISO date text."""
    return (day.isoformat() if isinstance(day, date) else str(day))[:7]


def month_start(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


def closes_on(month: str) -> date:
    """The day a month's private answers become final and its figures may be shown."""
    start = month_start(month)
    following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return following + timedelta(days=CLOSE_AFTER_DAYS)


def is_closed(month: str, today: date) -> bool:
    return today >= closes_on(month)


def month_words(month: str) -> str:
    return f"{month_start(month):%B %Y}"


def day_words(day: date) -> str:
    """8 April 2026 (no leading zero, on every system)."""
    return f"{day.day} {day:%B %Y}"


def today() -> date:
    """When months close: the one clock's day (db.clock), as the connection's guard reads it."""
    return clock.today()


# -- what is kept -------------------------------------------------------------------------------
@dataclass(frozen=True)
class WellbeingCheckIn:
    """A check-in the teacher shared with leaders: on their page, scores and note."""
    id: str
    staff_id: str
    checked_on: str
    energy: int
    workload: int
    stress: int
    note: str


@dataclass(frozen=True)
class MonthResponse:
    """That a person responded in a month: whether privately, whether they want a follow-up.
    Never their private scores."""
    id: str
    staff_id: str
    month: str
    answered_privately: bool
    follow_up_wanted: bool


@dataclass(frozen=True)
class FollowUp:
    """A teacher who asked for a follow-up conversation: the name and month, never the scores."""
    response_id: str
    staff_id: str
    name: str
    month: str


@dataclass(frozen=True)
class Response:
    """One answer as the school view receives it. *respondent* only tells people apart:
    a private answer is its own respondent (one per person and month by construction),
    a shared check-in's is the person, so their shared check-ins of a month count once."""
    respondent: str
    month: date
    energy: float
    workload: float
    stress: float
    private: bool


def _date(value: str) -> str:
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except (TypeError, ValueError):
        raise WellbeingValidationError(f"“{value}” is not a date; use YYYY-MM-DD.",
                                       field="checked_on") from None


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise WellbeingValidationError(f"The note is longer than {MAX_NOTE} characters.", field="note")
    return note


def _name(db: Database, staff_id: str) -> str:
    row = db.execute(f"SELECT {full_name('s')} FROM staff s WHERE s.id = ?", [staff_id]).fetchone()
    if row is None:
        raise WellbeingValidationError("That person is no longer on the staff list.")
    return row[0]


def _response(db: Database, staff_id: str, month: str) -> MonthResponse | None:
    row = db.execute(
        "SELECT id, staff_id, month, answered_privately, follow_up_wanted FROM wellbeing_responses "
        "WHERE staff_id = ? AND month = ?", [staff_id, month]).fetchone()
    return MonthResponse(row[0], row[1], row[2], bool(row[3]), bool(row[4])) if row else None


def _responded(db: Database, staff_id: str, month: str) -> MonthResponse:
    """The person's response row for *month*, made if this is their first check-in in it."""
    found = _response(db, staff_id, month)
    if found is not None:
        return found
    row_id = records.insert(db, "wellbeing_responses", {"staff_id": staff_id, "month": month})
    return MonthResponse(row_id, staff_id, month, False, False)


def _add_private_answer(db: Database, response: MonthResponse, name: str,
                        scores: dict[str, float]) -> None:
    month = response.month
    if response.answered_privately:
        raise WellbeingValidationError(
            f"{name} has already answered privately for {month_words(month)}. That answer "
            "cannot be changed or replaced: nothing links it to them any more, which is what "
            "keeps it private. Share this check-in to keep it on their page, or date it in "
            "another month.")
    if is_closed(month, today()):
        raise WellbeingValidationError(
            f"{month_words(month)} is closed: its school figures are final since "
            f"{day_words(closes_on(month))}, so a private answer can no longer join them. Share "
            "this check-in to keep it on their page, or date it in a month still open.",
            field="checked_on")
    records.insert(db, "wellbeing_private_answers", {
        "month": month, **scores, "created_at": month, "updated_at": month})
    records.update(db, "wellbeing_responses", response.id, {"answered_privately": 1})


def _no_note_unless_shared(note: str, shared_with_leaders: bool) -> None:
    if not shared_with_leaders and note:
        raise WellbeingValidationError(
            "A note is kept only with a check-in shared with leaders: share it, or leave the "
            "note empty.", field="note")


def record_check_in(
    db: Database, *, staff_id: str, checked_on: str, energy: int, workload: int, stress: int,
    note: str = "", shared_with_leaders: bool = False, needs_follow_up: bool = False,
) -> str:
    """Save one check-in; not shared with leaders unless the teacher says so.

    Returns the shared check-in's id, or (not shared) the id of the month's response.
    Everything is checked before anything is written.
    """
    check_scores(energy=energy, workload=workload, stress=stress)
    note = _note(note)
    day = _date(checked_on)
    name = _name(db, staff_id)
    _no_note_unless_shared(note, shared_with_leaders)
    month = month_of(day)
    with db.atomic():
        response = _responded(db, staff_id, month)
        if shared_with_leaders:
            result = records.insert(db, "wellbeing_check_ins", {
                "staff_id": staff_id, "checked_on": day, "energy": energy,
                "workload": workload, "stress": stress, "note": note})
        else:
            _add_private_answer(db, response, name,
                                {"energy": energy, "workload": workload, "stress": stress})
            result = response.id
        if needs_follow_up:
            records.update(db, "wellbeing_responses", response.id, {"follow_up_wanted": 1})
    return result


def _shared(db: Database, check_in_id: str) -> WellbeingCheckIn:
    row = records.get(db, "wellbeing_check_ins", check_in_id)
    if row is None:
        raise WellbeingValidationError("That check-in is no longer there.")
    return WellbeingCheckIn(row["id"], row["staff_id"], row["checked_on"], row["energy"],
                            row["workload"], row["stress"], row["note"])


def update_check_in(
    db: Database, check_in_id: str, *, checked_on: str, energy: int, workload: int, stress: int,
    note: str = "", shared_with_leaders: bool = True, needs_follow_up: bool | None = None,
) -> str | None:
    """Correct a shared check-in; or, with *shared_with_leaders* false, stop sharing it.

    A check-in that stops being shared leaves the teacher's page. Its scores become the
    month's private answer when the person has none yet and the month is still open;
    otherwise they are not kept at all. Its note must be emptied first (refused, not
    dropped: no note is kept with a private answer). Returns the check-in's id while it stays
    shared, else None.
    """
    current = _shared(db, check_in_id)
    check_scores(energy=energy, workload=workload, stress=stress)
    note = _note(note)
    _no_note_unless_shared(note, shared_with_leaders)
    day = _date(checked_on)
    name = _name(db, current.staff_id)
    month = month_of(day)
    with db.atomic():
        response = _responded(db, current.staff_id, month)
        if shared_with_leaders:
            records.update(db, "wellbeing_check_ins", check_in_id, {
                "checked_on": day, "energy": energy, "workload": workload, "stress": stress,
                "note": note})
            result: str | None = check_in_id
        else:
            db.execute("DELETE FROM wellbeing_check_ins WHERE id = ?", [check_in_id])
            if not response.answered_privately and not is_closed(month, today()):
                _add_private_answer(db, response, name,
                                    {"energy": energy, "workload": workload, "stress": stress})
            result = None
        if needs_follow_up is not None:
            records.update(db, "wellbeing_responses", response.id,
                           {"follow_up_wanted": 1 if needs_follow_up else 0})
    return result


def delete_check_in(db: Database, check_in_id: str) -> None:
    """Remove a shared check-in. The month still counts as responded."""
    _shared(db, check_in_id)
    db.execute("DELETE FROM wellbeing_check_ins WHERE id = ?", [check_in_id])


def set_follow_up(db: Database, response_id: str, wanted: bool) -> None:
    records.update(db, "wellbeing_responses", response_id, {"follow_up_wanted": 1 if wanted else 0})


def list_check_ins(db: Database, *, staff_id: str,
                   ids: Iterable[str] | None = None) -> list[WellbeingCheckIn]:
    """One teacher's shared check-ins, newest first; *ids* keeps only those check-ins."""
    where, params = "staff_id = ?", [staff_id]
    if ids is not None:
        term, values = records.among("id", ids)
        where, params = f"{where} AND {term}", params + values
    rows = db.execute(
        "SELECT id, staff_id, checked_on, energy, workload, stress, note FROM wellbeing_check_ins "
        f"WHERE {where} ORDER BY checked_on DESC, created_at DESC", params).fetchall()
    return [WellbeingCheckIn(*row) for row in rows]


def list_responses(db: Database, *, staff_id: str) -> list[MonthResponse]:
    """The months one teacher responded in, newest first: never their private scores."""
    rows = db.execute(
        "SELECT id, staff_id, month, answered_privately, follow_up_wanted FROM wellbeing_responses "
        "WHERE staff_id = ? ORDER BY month DESC", [staff_id]).fetchall()
    return [MonthResponse(r[0], r[1], r[2], bool(r[3]), bool(r[4])) for r in rows]


def school_responses(db: Database, *, since: str, until: str) -> list[Response]:
    """The answers of the months from *since* to *until* (ISO dates or months, inclusive).

    Each person counts once a month: their private answer if they gave one, otherwise
    their shared check-ins of that month (averaged by the school view).
    """
    first, last = month_of(since), month_of(until)
    answers = [
        Response(f"answer:{row[0]}", month_start(row[1]), row[2], row[3], row[4], True)
        for row in db.execute(
            "SELECT id, month, energy, workload, stress FROM wellbeing_private_answers "
            "WHERE month BETWEEN ? AND ?", [first, last])]
    shared = [
        Response(f"staff:{row[0]}", month_start(row[1]), row[2], row[3], row[4], False)
        for row in db.execute(
            "SELECT c.staff_id, substr(c.checked_on, 1, 7) AS month, c.energy, c.workload, c.stress "
            "FROM wellbeing_check_ins c LEFT JOIN wellbeing_responses r "
            "ON r.staff_id = c.staff_id AND r.month = substr(c.checked_on, 1, 7) "
            "WHERE substr(c.checked_on, 1, 7) BETWEEN ? AND ? "
            "AND coalesce(r.answered_privately, 0) = 0", [first, last])]
    return answers + shared


def follow_ups(db: Database, *, school_id: str | None = None) -> list[FollowUp]:
    """People who asked for a follow-up conversation, oldest month first (the longest
    waiting); *school_id*: that school's people only."""
    term, values = schools.of_school("r.staff_id", school_id)
    return [FollowUp(*row) for row in db.execute(
        f"SELECT r.id, r.staff_id, {full_name('s')} AS name, r.month "
        "FROM wellbeing_responses r JOIN staff s ON s.id = r.staff_id "
        f"WHERE {' AND '.join(['r.follow_up_wanted = 1', 's.archived_at IS NULL', *term])} "
        "ORDER BY r.month, name", values).fetchall()]


def closed_month_problem(db: Database, month: str) -> str | None:
    """Why a private answer of *month* cannot change now (Undo asks), or None."""
    if is_closed(month, today()):
        return (f"{month_words(month)} is closed: its school wellbeing figures are final, so "
                "its private answers can no longer change. Nothing was undone.")
    return None


def wellbeing_offerings(db: Database) -> list[pd.Offering]:
    """The PD menu's wellbeing offerings (not retired)."""
    return [offering for offering in pd.list_offerings(db) if offering.format == "wellbeing"]
