"""The PD menu (catalog offerings) and teachers' enrollments in it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from db import clock, records, schools
from db._names import dated, full_name, live_during
from db.errors import NeedsCorrection

FORMATS = (
    "workshop", "online_course", "micro_video", "podcast", "webinar", "peer_coaching",
    "plc", "mentoring", "book_study", "conference", "wellbeing",
)
FORMAT_LABELS = {
    "workshop": "Workshop", "online_course": "Online course", "micro_video": "Micro-video",
    "podcast": "Podcast", "webinar": "Webinar", "peer_coaching": "Peer coaching",
    "plc": "PLC", "mentoring": "Mentoring", "book_study": "Book study",
    "conference": "Conference", "wellbeing": "Wellbeing",
}
# An enrollment holds a seat once the teacher is in (or finished); interest does not.
SEAT_HOLDING = ("enrolled", "completed")
# An enrollment in one of these may enroll again.
REOPENABLE = ("interested", "withdrawn", "incomplete")
STATUSES = ("interested", "enrolled", "waitlisted", "completed", "withdrawn", "incomplete")


@dataclass(frozen=True)
class Offering:
    id: str
    title: str
    format: str
    hours: float
    length_description: str
    capacity: int | None
    seats_taken: int
    facilitator: str
    indicator_codes: tuple[str, ...]
    retired: bool = False

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS.get(self.format, self.format)

    @property
    def seats_left(self) -> int | None:
        """None: no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)


@dataclass(frozen=True)
class Enrollment:
    id: str
    offering_id: str
    offering_title: str
    format: str
    status: str
    enrolled_on: str | None
    completed_on: str | None
    hours_credited: float
    rating: int | None

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS.get(self.format, self.format)


def list_offerings(db: Database, *, include_retired: bool = False,
                   ids: Iterable[str] | None = None,
                   formats: Iterable[str] | None = None) -> list[Offering]:
    """The catalog by title; *ids* keeps only those offerings; *formats* only offerings of
    those formats (the PD menu opened from a bar of the Overview's PD hours)."""
    seat_marks = ", ".join("?" for _ in SEAT_HOLDING)
    where, params = ([] if include_retired else ["p.retired_at IS NULL"]), list(SEAT_HOLDING)
    for column, chosen in (("p.id", ids), ("p.format", formats)):
        if chosen is not None:
            term, values = records.among(column, chosen)
            where.append(term)
            params.extend(values)
    sql = f"""
        SELECT p.id, p.title, p.format, p.hours, p.length_description, p.capacity,
               (SELECT count(*) FROM enrollments e
                 WHERE e.offering_id = p.id AND e.status IN ({seat_marks})) AS seats_taken,
               coalesce(nullif({full_name('f')}, ''), p.facilitator_name, '') AS facilitator,
               (SELECT group_concat(indicator_code, ',') FROM
                  (SELECT indicator_code FROM pd_offering_indicators i
                    WHERE i.offering_id = p.id ORDER BY indicator_code)) AS codes,
               p.retired_at IS NOT NULL AS retired
        FROM pd_offerings p
        LEFT JOIN staff f ON f.id = p.facilitator_staff_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY p.title COLLATE NOCASE
    """
    offerings = []
    for row in db.query(sql, params):
        codes = row.pop("codes")
        row["retired"] = bool(row["retired"])
        offerings.append(Offering(**row, indicator_codes=tuple(codes.split(",")) if codes else ()))
    return offerings


UNFINISHED = ("interested", "enrolled", "waitlisted")


def list_enrollments(db: Database, *, staff_id: str, since: str | None = None,
                     until: str | None = None, ids: Iterable[str] | None = None) -> list[Enrollment]:
    """One teacher's PD, most recent first (not-yet-dated interest at the top).

    *since*/*until* keep one school year's: PD finished in it (completed or withdrawn),
    and PD still unfinished that was chosen by its end, which carries forward. *ids*
    keeps only those enrollments.
    """
    where, params = live_during(
        begun="coalesce(e.completed_on, e.enrolled_on, substr(e.created_at, 1, 10))",
        ended="coalesce(e.completed_on, substr(e.updated_at, 1, 10))",
        still_open=f"e.status IN {UNFINISHED!r}", since=since, until=until)
    where.append("e.staff_id = ?")
    params.append(staff_id)
    if ids is not None:
        term, values = records.among("e.id", ids)
        where.append(term)
        params.extend(values)
    sql = f"""
        SELECT e.id, e.offering_id, p.title AS offering_title, p.format, e.status,
               e.enrolled_on, e.completed_on, e.hours_credited, e.rating
        FROM enrollments e JOIN pd_offerings p ON p.id = e.offering_id
        WHERE {" AND ".join(where)}
        ORDER BY coalesce(e.completed_on, e.enrolled_on, '9999') DESC, p.title
    """
    return [Enrollment(**row) for row in db.query(sql, params)]


def statuses_by_teacher(db: Database) -> dict[str, list[tuple[str, str]]]:
    """Every teacher's (offering id, status) pairs in one read (the PD-day planner's
    commitments for a whole district: one query, not one per teacher)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for staff_id, offering_id, status in db.execute(
            "SELECT staff_id, offering_id, status FROM enrollments ORDER BY staff_id, offering_id"):
        found.setdefault(staff_id, []).append((offering_id, status))
    return found


def _completed(since: str | None, until: str | None, staff_id: str | None, *,
               prefix: str = "", school_id: str | None = None) -> tuple[str, list]:
    """The one rule for PD hours: completed enrollments whose completion day falls in
    *since*..*until* (ISO, inclusive; None: no bound), *until* being the day the figures are
    for (PD finished "next week" is not hours yet). Hours of staff since archived count:
    they were earned."""
    where, params = dated(f"{prefix}completed_on", since, until)
    where = [f"{prefix}status = 'completed'", f"{prefix}completed_on IS NOT NULL", *where]
    if staff_id:
        where.append(f"{prefix}staff_id = ?")
        params.append(staff_id)
    term, values = schools.of_school(f"{prefix}staff_id", school_id)
    return " AND ".join(where + term), params + values


def hours_credited(
    db: Database, *, since: str | None, until: str | None = None, staff_id: str | None = None,
    school_id: str | None = None,
) -> float:
    """PD hours credited for completions between *since* and *until* (ISO dates, inclusive;
    None: no bound): the one total behind the Overview, the PD menu and the portfolio;
    *school_id*: that school's teachers' hours."""
    where, params = _completed(since, until, staff_id, school_id=school_id)
    return float(db.execute(f"SELECT coalesce(sum(hours_credited), 0) FROM enrollments "
                            f"WHERE {where}", params).fetchone()[0])


def hours_by_format(
    db: Database, *, since: str | None, until: str | None = None, staff_id: str | None = None,
    school_id: str | None = None,
) -> dict[str, float]:
    """:func:`hours_credited` by the offering's format (a format code -> hours, most first);
    the parts add up to the total."""
    where, params = _completed(since, until, staff_id, prefix="e.", school_id=school_id)
    rows = db.execute(
        f"SELECT p.format, sum(e.hours_credited) AS hours FROM enrollments e "
        f"JOIN pd_offerings p ON p.id = e.offering_id "
        f"WHERE {where} "
        f"GROUP BY p.format ORDER BY hours DESC, p.format", params)
    return {code: float(hours or 0) for code, hours in rows}


# -- choosing and finishing PD: the enrollment states ------------------------------------
#
#   (none) / interested / withdrawn --enroll--> enrolled, or waitlisted when full
#   waitlisted --a seat frees (withdrawal, bigger capacity)--> enrolled, first come first in
#   enrolled --complete--> completed (hours credited, reflection, rating)
#   interested / enrolled / waitlisted --withdraw--> withdrawn

class EnrollmentError(NeedsCorrection):
    """A change the enrollment rules do not allow; the message says why in plain words."""


@dataclass(frozen=True)
class EnrollmentDetail:
    id: str
    offering_id: str
    offering_title: str
    staff_id: str
    teacher_name: str
    status: str
    enrolled_on: str | None
    completed_on: str | None
    hours_credited: float
    reflection_learned: str
    reflection_use: str
    rating: int | None
    waitlisted_at: str | None


def _today(on: str | None) -> str:
    return on or clock.today().isoformat()


def get_enrollment(db: Database, enrollment_id: str) -> EnrollmentDetail | None:
    rows = _details(db, "e.id = ?", [enrollment_id])
    return rows[0] if rows else None


def find_enrollment(db: Database, offering_id: str, staff_id: str) -> EnrollmentDetail | None:
    rows = _details(db, "e.offering_id = ? AND e.staff_id = ?", [offering_id, staff_id])
    return rows[0] if rows else None


def participants(db: Database, offering_id: str, *,
                 school_id: str | None = None) -> list[EnrollmentDetail]:
    """Everyone who chose an offering: enrolled and completed first, the waitlist in order;
    *school_id*: that school's teachers only (the catalog is the district's)."""
    term, values = schools.of_school("e.staff_id", school_id)
    return _details(db, " AND ".join(["e.offering_id = ?", *term]), [offering_id, *values], order="""
        CASE e.status WHEN 'completed' THEN 0 WHEN 'enrolled' THEN 1 WHEN 'waitlisted' THEN 2
                      WHEN 'interested' THEN 3 ELSE 4 END,
        coalesce(e.waitlisted_at, ''), t.last_name COLLATE NOCASE, t.first_name COLLATE NOCASE""")


def _details(db: Database, where: str, params: list, order: str = "e.id") -> list[EnrollmentDetail]:
    sql = f"""
        SELECT e.id, e.offering_id, p.title AS offering_title, e.staff_id,
               {full_name('t')} AS teacher_name, e.status, e.enrolled_on, e.completed_on,
               e.hours_credited, e.reflection_learned, e.reflection_use, e.rating, e.waitlisted_at
        FROM enrollments e JOIN pd_offerings p ON p.id = e.offering_id
        JOIN staff t ON t.id = e.staff_id
        WHERE {where} ORDER BY {order}"""
    return [EnrollmentDetail(**row) for row in db.query(sql, params)]


def seats_taken(db: Database, offering_id: str) -> int:
    marks = ", ".join("?" for _ in SEAT_HOLDING)
    return db.execute(
        f"SELECT count(*) FROM enrollments WHERE offering_id = ? AND status IN ({marks})",
        [offering_id, *SEAT_HOLDING]).fetchone()[0]


def _offering_row(db: Database, offering_id: str) -> dict:
    rows = list(db.query("SELECT id, title, hours, capacity, retired_at FROM pd_offerings "
                         "WHERE id = ?", [offering_id]))
    if not rows:
        raise EnrollmentError("That offering is no longer in the catalog.")
    return rows[0]


def _has_free_seat(db: Database, offering: dict) -> bool:
    return offering["capacity"] is None or seats_taken(db, offering["id"]) < offering["capacity"]


def _teacher_name(db: Database, staff_id: str) -> str:
    row = db.execute(f"SELECT {full_name('t')}, t.archived_at FROM staff t WHERE t.id = ?",
                     [staff_id]).fetchone()
    if row is None:
        raise EnrollmentError("That person is no longer on the staff list.")
    if row[1] is not None:
        raise EnrollmentError(f"{row[0]} is archived; restore them before choosing PD for them.")
    return row[0]


def _save(db: Database, offering_id: str, staff_id: str, values: dict) -> str:
    existing = find_enrollment(db, offering_id, staff_id)
    if existing is None:
        return records.insert(db, "enrollments",
                              {"offering_id": offering_id, "staff_id": staff_id, **values})
    records.update(db, "enrollments", existing.id, values)
    return existing.id


def mark_interested(db: Database, offering_id: str, staff_id: str) -> str:
    """The teacher would like this offering: it holds no seat and adds to no hours."""
    name = _teacher_name(db, staff_id)
    offering = _offering_row(db, offering_id)
    existing = find_enrollment(db, offering_id, staff_id)
    if existing is not None and existing.status not in REOPENABLE:
        raise EnrollmentError(
            f"{name} is already {_status_words(existing)} “{offering['title']}”.")
    with db.atomic():
        return _save(db, offering_id, staff_id, {
            "status": "interested", "enrolled_on": None, "waitlisted_at": None})


def enroll(db: Database, offering_id: str, staff_id: str, *, on: str | None = None) -> str:
    """Take a seat, or a place on the waitlist when the offering is full; returns the status."""
    on = _today(on)
    name = _teacher_name(db, staff_id)
    with db.atomic():
        offering = _offering_row(db, offering_id)
        if offering["retired_at"]:
            raise EnrollmentError(f"“{offering['title']}” has been retired from the PD menu.")
        existing = find_enrollment(db, offering_id, staff_id)
        if existing is not None and existing.status not in REOPENABLE:
            raise EnrollmentError(
                f"{name} is already {_status_words(existing)} “{offering['title']}”.")
        if _has_free_seat(db, offering):
            _save(db, offering_id, staff_id,
                  {"status": "enrolled", "enrolled_on": on, "waitlisted_at": None})
            return "enrolled"
        _save(db, offering_id, staff_id,
              {"status": "waitlisted", "enrolled_on": on, "waitlisted_at": _queue_stamp()})
        return "waitlisted"


def complete(db: Database, enrollment_id: str, *, completed_on: str | None = None,
             hours: float | None = None, learned: str = "", use: str = "",
             rating: int | None = None) -> None:
    """Record the PD as done: hours credited (from attendance, unless told), reflection, rating.

    Completing again edits the reflection, rating or hours of a finished enrollment.
    """
    detail = get_enrollment(db, enrollment_id)
    if detail is None:
        raise EnrollmentError("That enrollment is no longer there.")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int)
                               or not 1 <= rating <= 5):
        raise EnrollmentError("A rating is a whole number from 1 to 5 (or none).")
    if hours is not None and (isinstance(hours, bool) or not isinstance(hours, (int, float))
                              or not 0 <= hours <= 1000):
        raise EnrollmentError("Hours credited must be a number from 0 to 1000.")
    completed_on = _today(completed_on)
    _check_date(completed_on, "completion date")
    from db import attendance  # attendance reads enrollments; it does not import this module's writes

    with db.atomic():
        offering = _offering_row(db, detail.offering_id)
        if detail.status == "waitlisted":
            raise EnrollmentError(
                f"{detail.teacher_name} is still on the waitlist for “{detail.offering_title}”; "
                "they can complete it once a seat frees and they are enrolled.")
        if detail.status in REOPENABLE and not _has_free_seat(db, offering):
            raise EnrollmentError(
                f"“{detail.offering_title}” is full; {detail.teacher_name} needs a seat first.")
        if detail.enrolled_on and completed_on < detail.enrolled_on:
            raise EnrollmentError(
                f"The completion date {completed_on} is before they enrolled ({detail.enrolled_on}).")
        records.update(db, "enrollments", enrollment_id, {
            "status": "completed", "completed_on": completed_on,
            "enrolled_on": detail.enrolled_on or completed_on, "waitlisted_at": None,
            # Unless told, the hours follow attendance (all of them when none was taken).
            "hours_credited": round(float(
                attendance.credited_hours(db, enrollment_id) if hours is None else hours), 2),
            "reflection_learned": learned.strip(), "reflection_use": use.strip(),
            "rating": rating,
        })


def correct_enrollment(
    db: Database, enrollment_id: str, *, status: str, enrolled_on: str | None = None,
    completed_on: str | None = None, hours: float = 0.0, learned: str = "", use: str = "",
    rating: int | None = None,
) -> list[str]:
    """Put an enrollment entered wrongly right: its status, dates, hours and reflection.

    A correction may not take a seat the offering does not have; a seat it gives up goes
    to the waitlist. Returns the ids of anyone promoted from the waitlist.
    """
    detail = get_enrollment(db, enrollment_id)
    if detail is None:
        raise EnrollmentError("That enrollment is no longer there.")
    if status not in STATUSES:
        raise EnrollmentError(f"An enrollment is one of: {', '.join(STATUSES)}.")
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int)
                               or not 1 <= rating <= 5):
        raise EnrollmentError("A rating is a whole number from 1 to 5 (or none).")
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 <= hours <= 1000:
        raise EnrollmentError("Hours credited must be a number from 0 to 1000.")
    for value, what in ((enrolled_on, "enrollment date"), (completed_on, "completion date")):
        if value:
            _check_date(value, what)
    if status == "completed" and not completed_on:
        raise EnrollmentError("A completed enrollment needs the day it was completed.")
    if completed_on and enrolled_on and completed_on < enrolled_on:
        raise EnrollmentError(f"The completion date {completed_on} is before they enrolled "
                              f"({enrolled_on}).")
    with db.atomic():
        offering = _offering_row(db, detail.offering_id)
        takes_seat = status in SEAT_HOLDING and detail.status not in SEAT_HOLDING
        if takes_seat and not _has_free_seat(db, offering):
            raise EnrollmentError(f"“{detail.offering_title}” is full; put {detail.teacher_name} "
                                  "on the waitlist instead, or add seats to the offering.")
        completed = status == "completed"
        records.update(db, "enrollments", enrollment_id, {
            "status": status, "enrolled_on": enrolled_on or None,
            "completed_on": completed_on if completed else None,
            "hours_credited": float(hours) if completed else 0.0,
            "reflection_learned": learned.strip(), "reflection_use": use.strip(),
            "rating": rating,
            "waitlisted_at": (detail.waitlisted_at or _queue_stamp()) if status == "waitlisted" else None,
        })
        if detail.status in SEAT_HOLDING and status not in SEAT_HOLDING:
            return promote_waitlist(db, detail.offering_id)
    return []


def withdraw(db: Database, enrollment_id: str, *, on: str | None = None) -> list[str]:
    """The teacher leaves; a seat they held goes to the waitlist. Returns ids promoted."""
    detail = get_enrollment(db, enrollment_id)
    if detail is None:
        raise EnrollmentError("That enrollment is no longer there.")
    if detail.status == "completed":
        raise EnrollmentError(
            f"{detail.teacher_name} completed “{detail.offering_title}” on {detail.completed_on}; "
            "a completed offering stays on their record with its hours.")
    if detail.status == "withdrawn":
        raise EnrollmentError(f"{detail.teacher_name} has already withdrawn.")
    with db.atomic():
        records.update(db, "enrollments", enrollment_id,
                       {"status": "withdrawn", "waitlisted_at": None})
        return promote_waitlist(db, detail.offering_id, on=on)


def promote_waitlist(db: Database, offering_id: str, *, on: str | None = None) -> list[str]:
    """Fill free seats from the waitlist, whoever joined it first going first."""
    on = _today(on)
    promoted: list[str] = []
    with db.atomic():
        offering = _offering_row(db, offering_id)
        if offering["retired_at"]:
            return promoted
        waiting = [row[0] for row in db.execute(
            "SELECT id FROM enrollments WHERE offering_id = ? AND status = 'waitlisted' "
            "ORDER BY coalesce(waitlisted_at, enrolled_on, created_at), rowid",
            [offering_id]).fetchall()]
        for enrollment_id in waiting:
            if not _has_free_seat(db, offering):
                break
            records.update(db, "enrollments", enrollment_id,
                           {"status": "enrolled", "enrolled_on": on, "waitlisted_at": None})
            promoted.append(enrollment_id)
    return promoted


def _queue_stamp() -> str:
    # Microseconds: two teachers joining the waitlist in one click-burst keep their order.
    return clock.now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _status_words(detail: EnrollmentDetail) -> str:
    return {"enrolled": "enrolled in", "waitlisted": "on the waitlist for",
            "completed": "finished with", "interested": "interested in",
            "withdrawn": "withdrawn from", "incomplete": "marked as not completing"}[detail.status]


def _check_date(value: str, what: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        raise EnrollmentError(f"The {what} “{value}” is not a date like 2026-03-10.") from None


@dataclass(frozen=True)
class YearHours:
    year_label: str      # e.g. "2025–26"
    year_start: str      # ISO date the school year begins
    hours: float
    completed: int


def hours_by_school_year(db: Database, staff_id: str) -> list[YearHours]:
    """A teacher's credited PD hours per school year (the file's year records), latest
    year first; years without any completed PD are left out."""
    from db import school_years

    found = []
    for year in school_years.list_years(db):
        where, params = _completed(year.since, year.until, staff_id)
        hours, count = db.execute(
            f"SELECT coalesce(sum(hours_credited), 0), count(*) FROM enrollments "
            f"WHERE {where}", params).fetchone()
        if count:
            found.append(YearHours(year.name, year.first_day.isoformat(), round(float(hours), 2),
                                   int(count)))
    return found


# -- group enrollment -----------------------------------------------------------------------

SEAT_ORDER_RULE = ("Seats go first to those with the fewest PD hours credited this school year "
                   "(then by name); anyone past the last seat joins the waitlist in that order.")


@dataclass(frozen=True)
class GroupEnrollment:
    """What enrolling a group did: who got a seat, who is waiting, who was left as they were."""

    offering_title: str
    enrolled: list[tuple[str, str]]           # (staff id, name), in seat order
    waitlisted: list[tuple[str, str]]
    unchanged: list[tuple[str, str, str]]     # (staff id, name, why)

    def summary(self) -> str:
        parts = [f"{len(self.enrolled)} enrolled"]
        if self.waitlisted:
            parts.append(f"{len(self.waitlisted)} on the waitlist")
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} already in or not able to enroll")
        return f"“{self.offering_title}”: " + ", ".join(parts) + "."


def seat_order(db: Database, staff_ids, *, today: str | None = None) -> list[str]:
    """*staff_ids* in the order :data:`SEAT_ORDER_RULE` gives seats."""
    from datetime import date

    from db import school_years

    day = date.fromisoformat(_today(today))
    year = school_years.year_holding(db, day)
    wanted = list(dict.fromkeys(staff_ids))
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    where, params = dated("e.completed_on", year.since if year else None, year.until if year else None)
    hours_filter = (" AND " + " AND ".join(where)) if where else ""
    from db.connection import name_sort_key

    rows = db.execute(
        f"""SELECT t.id, coalesce((SELECT sum(e.hours_credited) FROM enrollments e
                   WHERE e.staff_id = t.id AND e.status = 'completed'{hours_filter}), 0) AS hours,
                   t.last_name, t.first_name
            FROM staff t WHERE t.id IN ({marks})""",
        [*params, *wanted]).fetchall()
    rows.sort(key=lambda row: (round(row[1], 2), name_sort_key(row[2]), name_sort_key(row[3]), row[0]))
    found = [row[0] for row in rows]
    known = set(found)
    return found + [staff_id for staff_id in wanted if staff_id not in known]


def enroll_group(db: Database, offering_id: str, staff_ids, *, on: str | None = None,
                 ordered: bool = False) -> GroupEnrollment:
    """Enroll everyone in *staff_ids* at once; seats by :data:`SEAT_ORDER_RULE` (or in the
    order given, when *ordered*: a saved plan's own order). All in one transaction."""
    on = _today(on)
    with db.atomic():
        offering = _offering_row(db, offering_id)
        if offering["retired_at"]:
            raise EnrollmentError(f"“{offering['title']}” has been retired from the PD menu.")
        candidates, unchanged = _group_members(db, offering_id, staff_ids, today=on, ordered=ordered)
        enrolled, waitlisted = [], []
        for staff_id, name in candidates:
            status = enroll(db, offering_id, staff_id, on=on)
            (enrolled if status == "enrolled" else waitlisted).append((staff_id, name))
    return GroupEnrollment(offering["title"], enrolled, waitlisted, unchanged)


def _group_members(db: Database, offering_id: str, staff_ids, *, today: str | None,
                   ordered: bool) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """The group in seat order: (who would be enrolled, who is left as they are and why)."""
    order = list(dict.fromkeys(staff_ids)) if ordered else seat_order(db, staff_ids, today=today)
    candidates, unchanged = [], []
    for staff_id in order:
        name, why_not = _group_member(db, offering_id, staff_id)
        if name is None:
            continue
        if why_not:
            unchanged.append((staff_id, name, why_not))
        else:
            candidates.append((staff_id, name))
    return candidates, unchanged


def _group_member(db: Database, offering_id: str, staff_id: str) -> tuple[str | None, str]:
    """(their name, why a group enrollment leaves them as they are, or ""); name None: no
    such person."""
    row = db.execute(f"SELECT {full_name('t')}, t.archived_at FROM staff t WHERE t.id = ?",
                     [staff_id]).fetchone()
    if row is None:
        return None, ""
    if row[1] is not None:
        return row[0], "archived"
    existing = find_enrollment(db, offering_id, staff_id)
    if existing is not None and existing.status not in REOPENABLE:
        return row[0], f"already {_status_words(existing)} it"
    return row[0], ""


def group_preview(db: Database, offering_id: str, staff_ids, *, today: str | None = None,
                  ordered: bool = False) -> GroupEnrollment:
    """What :func:`enroll_group` would do now, without doing it."""
    offering = _offering_row(db, offering_id)
    candidates, unchanged = _group_members(db, offering_id, staff_ids, today=today, ordered=ordered)
    free = None if offering["capacity"] is None else max(offering["capacity"] - seats_taken(db, offering_id), 0)
    seated = len(candidates) if free is None else free
    return GroupEnrollment(offering["title"], candidates[:seated], candidates[seated:], unchanged)
