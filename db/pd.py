"""The PD menu (catalog offerings) and teachers' enrollments in it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from db._names import full_name

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


def list_offerings(db: Database, *, include_retired: bool = False) -> list[Offering]:
    seat_marks = ", ".join("?" for _ in SEAT_HOLDING)
    sql = f"""
        SELECT p.id, p.title, p.format, p.hours, p.length_description, p.capacity,
               (SELECT count(*) FROM enrollments e
                 WHERE e.offering_id = p.id AND e.status IN ({seat_marks})) AS seats_taken,
               coalesce(nullif({full_name('f')}, ''), p.facilitator_name, '') AS facilitator,
               (SELECT group_concat(indicator_code, ',') FROM
                  (SELECT indicator_code FROM pd_offering_indicators i
                    WHERE i.offering_id = p.id ORDER BY indicator_code)) AS codes
        FROM pd_offerings p
        LEFT JOIN staff f ON f.id = p.facilitator_staff_id
        {"" if include_retired else "WHERE p.retired_at IS NULL"}
        ORDER BY p.title COLLATE NOCASE
    """
    offerings = []
    for row in db.query(sql, list(SEAT_HOLDING)):
        codes = row.pop("codes")
        offerings.append(Offering(**row, indicator_codes=tuple(codes.split(",")) if codes else ()))
    return offerings


def list_enrollments(db: Database, *, staff_id: str) -> list[Enrollment]:
    """One teacher's PD, most recent first (not-yet-dated interest at the top)."""
    sql = """
        SELECT e.id, e.offering_id, p.title AS offering_title, p.format, e.status,
               e.enrolled_on, e.completed_on, e.hours_credited, e.rating
        FROM enrollments e JOIN pd_offerings p ON p.id = e.offering_id
        WHERE e.staff_id = ?
        ORDER BY coalesce(e.completed_on, e.enrolled_on, '9999') DESC, p.title
    """
    return [Enrollment(**row) for row in db.query(sql, [staff_id])]


def hours_credited(
    db: Database, *, since: str, until: str | None = None, staff_id: str | None = None
) -> float:
    """PD hours credited for completions between *since* and *until* (ISO dates, inclusive)."""
    sql = ("SELECT coalesce(sum(hours_credited), 0) FROM enrollments "
           "WHERE status = 'completed' AND completed_on >= ?")
    params: list = [since]
    if until:
        sql += " AND completed_on <= ?"
        params.append(until)
    if staff_id:
        sql += " AND staff_id = ?"
        params.append(staff_id)
    return float(db.execute(sql, params).fetchone()[0])
