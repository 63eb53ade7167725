"""Attendance to hours, close-out of past offerings, group enrollment with the waitlist,
exact hours, rooms and the transcript."""

from __future__ import annotations

from datetime import datetime

import pytest

from db import attendance, catalog, pd, rooms, staff
from db.attendance import AttendanceError
from db.catalog import OfferingValidationError, Session
from db.rooms import RoomError

AFTER = datetime(2026, 3, 1, 12, 0)     # every session below is over
DURING = datetime(2026, 2, 10, 15, 45)  # the second session has begun, the third has not


def _teachers(db, names):
    return {name: staff.add(db, first_name=name, last_name=last) for name, last in names}


def _series(db, hours=6.0, capacity=None, sessions=3, title="Talk moves series"):
    days = ["2026-02-03", "2026-02-10", "2026-02-17", "2026-02-24"][:sessions]
    return catalog.add_offering(
        db, {"title": title, "format": "workshop", "hours": hours, "capacity": capacity},
        indicator_codes=["2.3"],
        sessions=[Session(f"{day}T15:30", f"{day}T17:30", "Library") for day in days])


def _enroll(db, offering, *people, on="2026-01-20"):
    return {person: pd.find_enrollment(db, offering, person).id
            for person in people if pd.enroll(db, offering, person, on=on)}


def _session_ids(db, offering):
    return [s.id for s in catalog.list_sessions(db, offering)]


# --- hours kept exactly, shown by one rule ------------------------------------------------------

def test_a_quarter_hour_stays_a_quarter_hour(memory_db):
    offering = catalog.add_offering(memory_db, {"title": "Wait time", "format": "micro_video",
                                                "hours": 0.25})
    assert catalog.get_offering(memory_db, offering).hours == 0.25
    catalog.update_offering(memory_db, offering, {"hours": 1.75})
    assert catalog.get_offering(memory_db, offering).hours == 1.75
    catalog.update_offering(memory_db, offering, {"hours": 0.1 + 0.2})   # float noise is not kept
    assert catalog.get_offering(memory_db, offering).hours == 0.3


@pytest.mark.parametrize("hours, shown", [(0.25, "0.25"), (1.5, "1.5"), (3.0, "3"), (12.75, "12.75"),
                                          (0.1 + 0.2, "0.3"), (2.005, "2.01"), (0, "0"), (None, "0"),
                                          (1000, "1000")])
def test_hours_are_shown_by_one_rule(hours, shown):
    from desktop.core.wording import hours as shown_hours

    assert shown_hours(hours) == shown


def test_sums_of_quarter_hours_are_exact(memory_db):
    db = memory_db
    (ann,) = _teachers(db, [("Ann", "Lee")]).values()
    for n in range(7):
        offering = catalog.add_offering(db, {"title": f"Clip {n}", "format": "micro_video", "hours": 0.25})
        pd.enroll(db, offering, ann, on="2026-01-05")
        pd.complete(db, pd.find_enrollment(db, offering, ann).id, completed_on="2026-01-06")
    assert pd.hours_credited(db, since="2025-08-01", staff_id=ann) == 1.75


# --- attendance ---------------------------------------------------------------------------------

def test_hours_credited_follow_attendance(memory_db):
    db = memory_db
    people = _teachers(db, [("Ann", "Lee"), ("Ben", "Ode"), ("Cy", "Park"), ("Dee", "Ruiz")])
    series = _series(db, hours=6.0)
    ids = _enroll(db, series, *people.values())
    first, second, third = _session_ids(db, series)
    ann, ben, cy, dee = (ids[people[n]] for n in ("Ann", "Ben", "Cy", "Dee"))
    for session in (first, second, third):
        attendance.mark(db, session, ann, "present", now=AFTER)
    attendance.mark(db, first, ben, "present", now=AFTER)
    attendance.mark(db, second, ben, "present", now=AFTER)
    attendance.mark(db, third, ben, "excused", now=AFTER)
    attendance.mark(db, first, cy, "present", now=AFTER)
    attendance.mark(db, second, cy, "absent", now=AFTER)
    sheet = attendance.sheet(db, series)
    assert sheet.hours_for(ann) == 6.0           # present throughout: every hour
    assert sheet.hours_for(ben) == 4.0           # two of three equal sessions
    assert sheet.hours_for(cy) == 2.0
    assert sheet.hours_for(dee) == 6.0           # attendance not taken: the offering's hours
    pd.complete(db, ben, completed_on="2026-02-18")
    assert pd.get_enrollment(db, ben).hours_credited == 4.0
    # Correcting attendance afterwards corrects the hours.
    attendance.mark(db, third, ben, "present", now=AFTER)
    assert pd.get_enrollment(db, ben).hours_credited == 6.0


def test_part_attendance_rounds_down_to_the_quarter_hour():
    sessions = [Session("2026-02-03T15:30", "2026-02-03T16:30", id="a"),
                Session("2026-02-10T15:30", "2026-02-10T16:30", id="b"),
                Session("2026-02-17T15:30", "2026-02-17T16:30", id="c")]
    assert attendance.hours_from_attendance(2.5, sessions, {"a": "present"}) == 0.75   # 0.833…
    assert attendance.hours_from_attendance(2.5, sessions, {"a": "present", "b": "present",
                                                            "c": "present"}) == 2.5
    assert attendance.hours_from_attendance(2.5, sessions, {"a": "absent"}) == 0.0
    assert attendance.hours_from_attendance(2.5, [], {}) == 2.5


def test_attendance_cannot_be_marked_before_a_session_starts_except_an_excused_absence(memory_db):
    db = memory_db
    people = _teachers(db, [("Ann", "Lee")])
    series = _series(db)
    ids = _enroll(db, series, *people.values())
    _first, second, third = _session_ids(db, series)
    attendance.mark(db, second, ids[people["Ann"]], "present", now=DURING)
    with pytest.raises(AttendanceError, match="has not started yet"):
        attendance.mark(db, third, ids[people["Ann"]], "present", now=DURING)
    attendance.mark(db, third, ids[people["Ann"]], "excused", now=DURING)
    attendance.mark(db, third, ids[people["Ann"]], None, now=DURING)
    assert attendance.sheet(db, series).mark(ids[people["Ann"]], third) is None


def test_only_those_with_a_seat_have_attendance(memory_db):
    db = memory_db
    people = _teachers(db, [("Ann", "Lee"), ("Ben", "Ode")])
    series = _series(db, capacity=1)
    ids = _enroll(db, series, people["Ann"], people["Ben"])
    assert pd.get_enrollment(db, ids[people["Ben"]]).status == "waitlisted"
    with pytest.raises(AttendanceError, match="has no seat"):
        attendance.mark(db, _session_ids(db, series)[0], ids[people["Ben"]], "present", now=AFTER)
    assert [a.teacher_name for a in attendance.sheet(db, series).attendees] == ["Ann Lee"]
    assert attendance.mark_everyone(db, _session_ids(db, series)[0], "present", now=AFTER) == 1


# --- close-out ----------------------------------------------------------------------------------

def test_close_out_lists_past_offerings_with_people_still_enrolled_and_suggests_from_attendance(memory_db):
    db = memory_db
    people = _teachers(db, [("Ann", "Lee"), ("Ben", "Ode"), ("Cy", "Park"), ("Dee", "Ruiz")])
    series = _series(db, hours=6.0, capacity=3)
    ids = _enroll(db, series, *people.values())
    first, second, third = _session_ids(db, series)
    ann, ben, cy, dee = (ids[people[n]] for n in ("Ann", "Ben", "Cy", "Dee"))
    for session in (first, second):
        attendance.mark(db, session, ann, "present", now=AFTER)
        attendance.mark(db, session, ben, "absent", now=AFTER)
    assert attendance.closeable(db, now=DURING) == []           # not over yet
    (due,) = attendance.closeable(db, now=AFTER)
    assert due.title == "Talk moves series" and due.last_session_day == "2026-02-17"
    lines = {line.enrollment_id: line for line in due.lines}
    assert lines[ann].suggestion == "completed" and lines[ann].hours_if_completed == 4.0
    assert lines[ben].suggestion == "incomplete"
    assert lines[cy].suggestion is None and lines[cy].unmarked == 3     # the leader must say
    assert lines[dee].status == "waitlisted" and lines[dee].suggestion == "withdrawn"

    counts = attendance.close_out(db, series, {ann: "completed", ben: "incomplete", cy: "completed",
                                               dee: "withdrawn"})
    assert counts == {"completed": 2, "incomplete": 1, "withdrawn": 1}
    done = {key: pd.get_enrollment(db, key) for key in (ann, ben, cy, dee)}
    assert (done[ann].status, done[ann].completed_on, done[ann].hours_credited) == (
        "completed", "2026-02-17", 4.0)
    assert (done[ben].status, done[ben].hours_credited) == ("incomplete", 0.0)
    assert done[cy].hours_credited == 6.0
    assert done[dee].status == "withdrawn"
    assert attendance.closeable(db, now=AFTER) == []
    from desktop.core.wording import ENROLLMENT_STATUS

    assert ENROLLMENT_STATUS[done[ben].status] == "Did not complete"


def test_closing_out_refuses_an_unknown_outcome_and_changes_nothing(memory_db):
    db = memory_db
    people = _teachers(db, [("Ann", "Lee")])
    series = _series(db)
    ids = _enroll(db, series, people["Ann"])
    with pytest.raises(AttendanceError):
        attendance.close_out(db, series, {ids[people["Ann"]]: "graduated"})
    assert pd.get_enrollment(db, ids[people["Ann"]]).status == "enrolled"


def test_sessions_ahead_say_whether_enrolling_still_makes_sense(memory_db):
    db = memory_db
    series = _series(db)
    assert attendance.sessions_ahead(db, series, now=AFTER) == 0
    assert attendance.sessions_ahead(db, series, now=DURING) == 1
    self_paced = catalog.add_offering(db, {"title": "Online", "format": "online_course", "hours": 4})
    assert attendance.sessions_ahead(db, self_paced, now=AFTER) is None


# --- group enrollment ---------------------------------------------------------------------------

def test_a_group_enrolls_in_one_step_with_seats_by_the_stated_order(memory_db):
    db = memory_db
    people = _teachers(db, [("Ann", "Lee"), ("Ben", "Ode"), ("Cy", "Park"), ("Dee", "Ruiz"),
                            ("Eve", "Sato")])
    # Cy and Ann already have PD hours this school year; Eve is archived.
    earlier = catalog.add_offering(db, {"title": "Earlier", "format": "workshop", "hours": 3})
    for name, hours in (("Cy", 3.0), ("Ann", 1.0)):
        pd.enroll(db, earlier, people[name], on="2025-09-01")
        pd.complete(db, pd.find_enrollment(db, earlier, people[name]).id, completed_on="2025-09-02",
                    hours=hours)
    staff.archive(db, people["Eve"])
    workshop = catalog.add_offering(db, {"title": "Feedback that lands", "format": "workshop",
                                         "hours": 2, "capacity": 2})
    pd.enroll(db, workshop, people["Dee"], on="2025-10-01")
    group = [people[n] for n in ("Ann", "Ben", "Cy", "Dee", "Eve")]
    preview = pd.group_preview(db, workshop, group, today="2025-10-02")
    result = pd.enroll_group(db, workshop, group, on="2025-10-02")
    assert preview == result                             # the preview says what will happen
    names = lambda pairs: [pair[1] for pair in pairs]   # noqa: E731
    # One seat was left: Ben (no hours) before Ann (1 h) before Cy (3 h).
    assert names(result.enrolled) == ["Ben Ode"]
    assert names(result.waitlisted) == ["Ann Lee", "Cy Park"]
    assert ("Dee Ruiz" in {name for _, name, _ in result.unchanged})
    assert result.summary().startswith("“Feedback that lands”: 1 enrolled, 2 on the waitlist")
    # The waitlist keeps the same order: a freed seat goes to Ann first.
    pd.withdraw(db, pd.find_enrollment(db, workshop, people["Ben"]).id, on="2025-10-03")
    assert pd.find_enrollment(db, workshop, people["Ann"]).status == "enrolled"
    assert pd.find_enrollment(db, workshop, people["Cy"]).status == "waitlisted"


def test_a_retired_offering_takes_no_group(memory_db):
    db = memory_db
    people = _teachers(db, [("Ann", "Lee")])
    workshop = catalog.add_offering(db, {"title": "Old", "format": "workshop", "hours": 2})
    catalog.retire_offering(db, workshop)
    with pytest.raises(pd.EnrollmentError, match="retired"):
        pd.enroll_group(db, workshop, list(people.values()))


# --- who an offering is for, rooms ---------------------------------------------------------------

def test_an_offering_names_who_it_is_for(memory_db):
    offering = catalog.add_offering(memory_db, {
        "title": "Productive struggle", "format": "webinar", "hours": 1.5,
        "audience_subjects": " Mathematics ,mathematics, Science", "audience_grades": "6, 7, 8",
        "max_years_experience": 2})
    found = catalog.get_offering(memory_db, offering)
    assert found.audience_subjects == "Mathematics, Science"
    assert (found.audience_grades, found.min_years_experience, found.max_years_experience) == (
        "6, 7, 8", None, 2)
    with pytest.raises(OfferingValidationError, match="leave nobody"):
        catalog.update_offering(memory_db, offering, {"min_years_experience": 5})
    with pytest.raises(OfferingValidationError, match="whole number"):
        catalog.update_offering(memory_db, offering, {"min_years_experience": -1})


def test_rooms_have_unique_names_and_seats(memory_db):
    library = rooms.add_room(memory_db, "  Library ", 30)
    rooms.add_room(memory_db, "Hall", None)
    with pytest.raises(RoomError, match="already a room"):
        rooms.add_room(memory_db, "library", 10)
    with pytest.raises(RoomError, match="whole number"):
        rooms.update_room(memory_db, library, "Library", -3)
    assert rooms.seats_by_room(memory_db) == {"library": 30, "hall": None}


# --- the transcript -----------------------------------------------------------------------------

def test_the_transcript_lists_completed_pd_with_dates_attended_and_hours(memory_db):
    db = memory_db
    people = _teachers(db, [("Ann", "Lee")])
    ann = people["Ann"]
    series = _series(db, hours=6.0)
    ids = _enroll(db, series, ann)
    first, second, third = _session_ids(db, series)
    attendance.mark(db, first, ids[ann], "absent", now=AFTER)
    attendance.mark(db, second, ids[ann], "present", now=AFTER)
    attendance.mark(db, third, ids[ann], "present", now=AFTER)
    pd.complete(db, ids[ann], completed_on="2026-02-17")
    online = catalog.add_offering(db, {"title": "Designing for every learner", "format": "online_course",
                                       "hours": 7.75, "facilitator_name": "Regional network"})
    pd.enroll(db, online, ann, on="2026-01-05")
    pd.complete(db, pd.find_enrollment(db, online, ann).id, completed_on="2026-01-30")
    older = catalog.add_offering(db, {"title": "Last year", "format": "workshop", "hours": 2})
    pd.enroll(db, older, ann, on="2025-05-01")
    pd.complete(db, pd.find_enrollment(db, older, ann).id, completed_on="2025-05-02")
    lines = attendance.transcript(db, ann, since="2025-08-01", until="2026-07-31")
    assert [(line.title, line.first_day, line.last_day, line.hours) for line in lines] == [
        ("Designing for every learner", "2026-01-05", "2026-01-30", 7.75),
        ("Talk moves series", "2026-02-10", "2026-02-17", 4.0)]
    assert (lines[1].sessions_present, lines[1].sessions_total) == (2, 3)
    assert lines[0].facilitator == "Regional network"
