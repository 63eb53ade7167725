"""Attendance per PD session, the hours it credits, closing out past offerings, and transcripts.

**Hours from attendance** (:func:`hours_from_attendance`, the one rule): an offering with
sessions credits its hours in proportion to the session time a teacher was *present*
for, rounded down to the quarter hour, and the full hours when they were present at
every session. Excused and absent both credit nothing (excused is not held against
them anywhere else). When no attendance was taken at all, completing credits the
offering's hours, as before attendance existed. Self-paced offerings (no sessions)
credit their hours on completion.

**Close-out** (:func:`closeable`, :func:`close_out`): once an offering's last session is
over, each teacher still "enrolled" (or waiting for a seat) is settled: completed (hours
from attendance, dated the last session), did not complete, or withdrawn. Nothing is
decided for anyone without the leader saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal

from sqlite_utils import Database

from db import clock, records
from db._names import full_name
from db.catalog import SESSION_TIME_FORMAT, Session, list_sessions
from db.errors import NeedsCorrection

MARKS = ("present", "absent", "excused")
MARK_LABELS = {"present": "Present", "absent": "Absent", "excused": "Excused"}
# Enrollments whose attendance is taken: those who had a seat.
TAKES_ATTENDANCE = ("enrolled", "completed", "incomplete")
OUTCOMES = ("completed", "incomplete", "withdrawn")
OUTCOME_LABELS = {"completed": "Completed", "incomplete": "Did not complete", "withdrawn": "Withdrawn"}


class AttendanceError(NeedsCorrection):
    """An attendance mark or close-out decision that cannot be saved; the message says why."""


def _minutes(session: Session) -> int:
    return max(int((session.end() - session.start()).total_seconds() // 60), 0)


def hours_from_attendance(offering_hours: float, sessions: list[Session],
                          marks: dict[str, str]) -> float:
    """The hours credited for *marks* (session id -> present/absent/excused); see the module."""
    if not sessions or not marks:
        return round(float(offering_hours), 2)
    total = sum(_minutes(s) for s in sessions) or len(sessions)
    present = sum(_minutes(s) or 1 for s in sessions if marks.get(s.id) == "present")
    if all(marks.get(s.id) == "present" for s in sessions):
        return round(float(offering_hours), 2)
    share = Decimal(str(offering_hours)) * present / total
    return float((share * 4).to_integral_value(rounding=ROUND_FLOOR) / 4)


def _marks_of(db: Database, enrollment_id: str) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute(
        "SELECT session_id, status FROM pd_attendance WHERE enrollment_id = ?", [enrollment_id])}


def _enrollment(db: Database, enrollment_id: str) -> dict:
    rows = list(db.query(
        f"SELECT e.id, e.offering_id, e.staff_id, e.status, e.enrolled_on, p.hours, p.title, "
        f"{full_name('t')} AS teacher_name FROM enrollments e "
        "JOIN pd_offerings p ON p.id = e.offering_id JOIN staff t ON t.id = e.staff_id WHERE e.id = ?",
        [enrollment_id]))
    if not rows:
        raise AttendanceError("That enrollment is no longer there.")
    return rows[0]


def credited_hours(db: Database, enrollment_id: str) -> float:
    """What completing *enrollment_id* credits now, by :func:`hours_from_attendance`."""
    row = _enrollment(db, enrollment_id)
    return hours_from_attendance(row["hours"], list_sessions(db, row["offering_id"]),
                                 _marks_of(db, enrollment_id))


@dataclass(frozen=True)
class Attendee:
    enrollment_id: str
    staff_id: str
    teacher_name: str
    status: str


@dataclass(frozen=True)
class AttendanceSheet:
    offering_id: str
    title: str
    hours: float
    sessions: list[Session]
    attendees: list[Attendee]
    marks: dict[tuple[str, str], str] = field(default_factory=dict)   # (enrollment, session) -> mark

    def mark(self, enrollment_id: str, session_id: str) -> str | None:
        return self.marks.get((enrollment_id, session_id))

    def hours_for(self, enrollment_id: str) -> float:
        mine = {session: mark for (who, session), mark in self.marks.items() if who == enrollment_id}
        return hours_from_attendance(self.hours, self.sessions, mine)


def sheet(db: Database, offering_id: str) -> AttendanceSheet:
    """Everyone who had a seat, each session, and the marks taken so far."""
    offering = db.execute("SELECT title, hours FROM pd_offerings WHERE id = ?", [offering_id]).fetchone()
    if offering is None:
        raise AttendanceError("That offering is no longer in the catalog.")
    marks_sql = ", ".join("?" for _ in TAKES_ATTENDANCE)
    attendees = [Attendee(*row) for row in db.execute(
        f"SELECT e.id, e.staff_id, {full_name('t')}, e.status FROM enrollments e "
        f"JOIN staff t ON t.id = e.staff_id WHERE e.offering_id = ? AND e.status IN ({marks_sql}) "
        "ORDER BY t.sort_key, t.last_name, t.first_name, e.id",
        [offering_id, *TAKES_ATTENDANCE])]
    marks = {(row[0], row[1]): row[2] for row in db.execute(
        "SELECT a.enrollment_id, a.session_id, a.status FROM pd_attendance a "
        "JOIN pd_sessions s ON s.id = a.session_id WHERE s.offering_id = ?", [offering_id])}
    return AttendanceSheet(offering_id, offering[0], offering[1], list_sessions(db, offering_id),
                           attendees, marks)


def mark(db: Database, session_id: str, enrollment_id: str, status: str | None, *,
         now: datetime | None = None) -> None:
    """Mark one teacher at one session (None: not taken). A completed enrollment's hours follow."""
    if status is not None and status not in MARKS:
        raise AttendanceError(f"Attendance is one of: {', '.join(MARKS)}.")
    now = now or clock.now_local()
    with db.atomic():
        row = _enrollment(db, enrollment_id)
        session = db.execute("SELECT offering_id, starts_at FROM pd_sessions WHERE id = ?",
                             [session_id]).fetchone()
        if session is None or session[0] != row["offering_id"]:
            raise AttendanceError("That session is not one of this offering's.")
        if row["status"] not in TAKES_ATTENDANCE:
            raise AttendanceError(f"{row['teacher_name']} has no seat in “{row['title']}”, so their "
                                  "attendance is not taken.")
        starts = datetime.strptime(session[1], SESSION_TIME_FORMAT)
        if status in ("present", "absent") and starts > now:
            raise AttendanceError(
                f"The session on {starts:%d %B %Y at %H:%M} has not started yet; only an "
                "absence known ahead (excused) can be marked now.")
        existing = db.execute("SELECT id FROM pd_attendance WHERE enrollment_id = ? AND session_id = ?",
                              [enrollment_id, session_id]).fetchone()
        if status is None:
            if existing:
                db.execute("DELETE FROM pd_attendance WHERE id = ?", [existing[0]])
        elif existing:
            records.update(db, "pd_attendance", existing[0], {"status": status})
        else:
            records.insert(db, "pd_attendance", {"enrollment_id": enrollment_id,
                                                 "session_id": session_id, "status": status})
        if row["status"] == "completed":
            records.update(db, "enrollments", enrollment_id,
                           {"hours_credited": credited_hours(db, enrollment_id)})


def mark_everyone(db: Database, session_id: str, status: str, *, now: datetime | None = None) -> int:
    """Give everyone with a seat and no mark yet at *session_id* the same mark; returns how many."""
    found = db.execute("SELECT offering_id FROM pd_sessions WHERE id = ?", [session_id]).fetchone()
    if found is None:
        raise AttendanceError("That session is no longer there.")
    done = 0
    with db.atomic():
        current = sheet(db, found[0])
        for attendee in current.attendees:
            if current.mark(attendee.enrollment_id, session_id) is None:
                mark(db, session_id, attendee.enrollment_id, status, now=now)
                done += 1
    return done


# --- close-out ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CloseOutLine:
    enrollment_id: str
    staff_id: str
    teacher_name: str
    status: str                   # enrolled or waitlisted
    present: int
    absent: int
    excused: int
    unmarked: int
    suggestion: str | None        # what attendance suggests; None: attendance was not taken
    hours_if_completed: float


@dataclass(frozen=True)
class CloseOut:
    offering_id: str
    title: str
    last_session_day: str
    sessions: int
    lines: list[CloseOutLine]


def _suggestion(status: str, present: int, absent: int, excused: int, unmarked: int) -> str | None:
    if status == "waitlisted":
        return "completed" if present else "withdrawn"
    if present:
        return "completed"
    if absent or excused:
        return "incomplete"
    return None


def _waiting_for_close_out(db: Database, now: datetime | None, offering_id: str | None = None):
    stamp = (now or clock.now_local()).strftime(SESSION_TIME_FORMAT)
    where, params = ("WHERE p.id = ? ", [offering_id]) if offering_id else ("", [])
    return db.execute(
        "SELECT p.id, p.title, max(s.ends_at), count(s.id) FROM pd_offerings p "
        f"JOIN pd_sessions s ON s.offering_id = p.id {where}GROUP BY p.id "
        "HAVING max(s.ends_at) <= ? AND EXISTS (SELECT 1 FROM enrollments e WHERE e.offering_id = p.id "
        "AND e.status IN ('enrolled', 'waitlisted')) ORDER BY max(s.ends_at), p.title",
        [*params, stamp]).fetchall()


def closeable(db: Database, *, now: datetime | None = None) -> list[CloseOut]:
    """Offerings whose sessions are all over and still have someone enrolled or waiting."""
    return [_close_out_of(db, offering_id, title, last[:10], count)
            for offering_id, title, last, count in _waiting_for_close_out(db, now)]


def closeable_titles(db: Database, *, now: datetime | None = None) -> list[tuple[str, str]]:
    """(id, title) of the offerings :func:`closeable` lists, without reading their registers."""
    return [(offering_id, title) for offering_id, title, _, _ in _waiting_for_close_out(db, now)]


def needs_close_out(db: Database, offering_id: str, *, now: datetime | None = None) -> bool:
    """Whether *offering_id* is over (its last session has ended) with someone still enrolled
    or waiting: the rule :func:`closeable` uses."""
    return bool(_waiting_for_close_out(db, now, offering_id))


def close_out_of(db: Database, offering_id: str) -> CloseOut:
    row = db.execute("SELECT p.title, max(s.ends_at), count(s.id) FROM pd_offerings p "
                     "LEFT JOIN pd_sessions s ON s.offering_id = p.id WHERE p.id = ? GROUP BY p.id",
                     [offering_id]).fetchone()
    if row is None:
        raise AttendanceError("That offering is no longer in the catalog.")
    return _close_out_of(db, offering_id, row[0], (row[1] or "")[:10], row[2])


def _close_out_of(db: Database, offering_id: str, title: str, last_day: str, count: int) -> CloseOut:
    current = sheet(db, offering_id)
    waiting = [Attendee(*row) for row in db.execute(
        f"SELECT e.id, e.staff_id, {full_name('t')}, e.status FROM enrollments e JOIN staff t "
        "ON t.id = e.staff_id WHERE e.offering_id = ? AND e.status = 'waitlisted' "
        "ORDER BY coalesce(e.waitlisted_at, ''), e.id", [offering_id])]
    lines = []
    for attendee in [a for a in current.attendees if a.status == "enrolled"] + waiting:
        marks = [current.mark(attendee.enrollment_id, s.id) for s in current.sessions]
        tally = {name: marks.count(name) for name in MARKS}
        unmarked = marks.count(None)
        lines.append(CloseOutLine(
            attendee.enrollment_id, attendee.staff_id, attendee.teacher_name, attendee.status,
            tally["present"], tally["absent"], tally["excused"], unmarked,
            _suggestion(attendee.status, tally["present"], tally["absent"], tally["excused"], unmarked),
            current.hours_for(attendee.enrollment_id)))
    return CloseOut(offering_id, title, last_day, count, lines)


def close_out(db: Database, offering_id: str, decisions: dict[str, str], *,
              on: date | None = None) -> dict[str, int]:
    """Settle each enrollment in *decisions* (enrollment id -> completed/incomplete/withdrawn).

    Completions are dated the last session's day (or the day they enrolled, if later) and
    credit the hours attendance gives; "did not complete" is dated the same and credits
    none. Returns how many of each.
    """
    from db import pd

    for outcome in decisions.values():
        if outcome not in OUTCOMES:
            raise AttendanceError(f"Each teacher is closed out as one of: {', '.join(OUTCOMES)}.")
    counts = {outcome: 0 for outcome in OUTCOMES}
    with db.atomic():
        current = close_out_of(db, offering_id)
        lines = {line.enrollment_id: line for line in current.lines}
        ended = current.last_session_day or (on or clock.today()).isoformat()
        for enrollment_id, outcome in decisions.items():
            line = lines.get(enrollment_id)
            if line is None:
                raise AttendanceError("One of those teachers is no longer enrolled or waiting; "
                                      "close the window and open the close-out again.")
            enrolled_on = _enrollment(db, enrollment_id)["enrolled_on"] or ended
            day = max(ended, enrolled_on)
            if outcome == "completed":
                if line.status == "waitlisted":
                    # They came without a seat; they were there, so the seat is theirs now.
                    records.update(db, "enrollments", enrollment_id,
                                   {"status": "enrolled", "waitlisted_at": None, "enrolled_on": enrolled_on})
                pd.complete(db, enrollment_id, completed_on=day)
            elif outcome == "incomplete":
                records.update(db, "enrollments", enrollment_id, {
                    "status": "incomplete", "completed_on": day, "hours_credited": 0,
                    "waitlisted_at": None})
            else:
                # Not pd.withdraw: a seat given up after the last session is nobody's to take.
                records.update(db, "enrollments", enrollment_id,
                               {"status": "withdrawn", "waitlisted_at": None})
            counts[outcome] += 1
    return counts


# --- the credit-hours transcript ----------------------------------------------------------------

@dataclass(frozen=True)
class TranscriptLine:
    enrollment_id: str
    offering_id: str
    title: str
    format: str
    facilitator: str
    first_day: str
    last_day: str
    completed_on: str
    hours: float
    sessions_present: int
    sessions_total: int


def transcript(db: Database, staff_id: str, *, since: str, until: str) -> list[TranscriptLine]:
    """PD a teacher completed between *since* and *until* (ISO, inclusive), oldest first.

    The dates are those of the sessions they were present at (all the sessions when no
    attendance was taken); self-paced PD runs from enrollment to completion.
    """
    rows = list(db.query(
        f"""SELECT e.id, e.offering_id, p.title, p.format,
                   coalesce(nullif({full_name('f')}, ''), p.facilitator_name, '') AS facilitator,
                   e.enrolled_on, e.completed_on, e.hours_credited
            FROM enrollments e JOIN pd_offerings p ON p.id = e.offering_id
            LEFT JOIN staff f ON f.id = p.facilitator_staff_id
            WHERE e.staff_id = ? AND e.status = 'completed' AND e.completed_on >= ?
              AND e.completed_on <= ?
            ORDER BY e.completed_on, p.title COLLATE NOCASE""", [staff_id, since, until]))
    lines = []
    for row in rows:
        sessions = list_sessions(db, row["offering_id"])
        marks = _marks_of(db, row["id"])
        attended = [s for s in sessions if marks.get(s.id) == "present"] if marks else sessions
        days = sorted(s.starts_at[:10] for s in attended)
        first = days[0] if days else (row["enrolled_on"] or row["completed_on"])
        last = days[-1] if days else row["completed_on"]
        lines.append(TranscriptLine(
            row["id"], row["offering_id"], row["title"], row["format"], row["facilitator"],
            first, last, row["completed_on"], float(row["hours_credited"]),
            len(attended) if sessions else 0, len(sessions)))
    return lines


def sessions_ahead(db: Database, offering_id: str, *, now: datetime | None = None) -> int | None:
    """How many of an offering's sessions are still to start; None when it has none (self-paced)."""
    now = now or clock.now_local()
    total, ahead = db.execute(
        "SELECT count(*), coalesce(sum(starts_at > ?), 0) FROM pd_sessions WHERE offering_id = ?",
        [now.strftime(SESSION_TIME_FORMAT), offering_id]).fetchone()
    return None if total == 0 else int(ahead)
