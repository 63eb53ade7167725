"""Choosing PD: capacity and the waitlist, completion with hours, withdrawals, hours per year."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import catalog, pd, records, staff
from db.connection import open_memory
from db.pd import EnrollmentError


def _teachers(db, count):
    return [staff.add(db, first_name=f"Teacher{n}", last_name=f"T{n:02d}") for n in range(count)]


def _offering(db, capacity=2, hours=3.0, title="Questioning that makes students think"):
    return catalog.add_offering(db, {"title": title, "format": "workshop", "hours": hours,
                                     "capacity": capacity}, indicator_codes=["1.1"])


def _status(db, offering_id, staff_id):
    found = pd.find_enrollment(db, offering_id, staff_id)
    return found.status if found else None


def test_full_offering_waitlists_and_a_freed_seat_goes_to_the_first_in_line(memory_db):
    db = memory_db
    a, b, c, d = _teachers(db, 4)
    workshop = _offering(db, capacity=2)
    assert pd.enroll(db, workshop, a, on="2026-01-05") == "enrolled"
    assert pd.enroll(db, workshop, b, on="2026-01-06") == "enrolled"
    assert pd.enroll(db, workshop, c, on="2026-01-07") == "waitlisted"
    assert pd.enroll(db, workshop, d, on="2026-01-08") == "waitlisted"
    assert pd.seats_taken(db, workshop) == 2

    promoted = pd.withdraw(db, pd.find_enrollment(db, workshop, a).id, on="2026-01-10")
    assert promoted == [pd.find_enrollment(db, workshop, c).id]
    assert _status(db, workshop, a) == "withdrawn"
    assert _status(db, workshop, c) == "enrolled"
    assert pd.find_enrollment(db, workshop, c).enrolled_on == "2026-01-10"
    assert _status(db, workshop, d) == "waitlisted"
    assert pd.seats_taken(db, workshop) == 2
    # The list of participants shows the waitlist in the order it will be served.
    assert [p.status for p in pd.participants(db, workshop)] == [
        "enrolled", "enrolled", "waitlisted", "withdrawn"]


def test_raising_the_capacity_lets_the_waitlist_in(memory_db):
    db = memory_db
    a, b, c = _teachers(db, 3)
    workshop = _offering(db, capacity=1)
    for teacher in (a, b, c):
        pd.enroll(db, workshop, teacher, on="2026-01-05")
    promoted = catalog.update_offering(db, workshop, {"capacity": 2}, today="2026-01-09")
    assert promoted == [pd.find_enrollment(db, workshop, b).id]
    assert [_status(db, workshop, t) for t in (a, b, c)] == ["enrolled", "enrolled", "waitlisted"]
    catalog.update_offering(db, workshop, {"capacity": None})
    assert _status(db, workshop, c) == "enrolled"


def test_completion_credits_the_offering_hours_and_keeps_the_reflection(memory_db):
    db = memory_db
    (a,) = _teachers(db, 1)
    workshop = _offering(db, hours=3)
    pd.enroll(db, workshop, a, on="2026-01-05")
    enrollment = pd.find_enrollment(db, workshop, a)
    pd.complete(db, enrollment.id, completed_on="2026-01-20", learned="Wait time matters",
                use="Count to five after every question", rating=4)
    done = pd.get_enrollment(db, enrollment.id)
    assert (done.status, done.hours_credited, done.rating) == ("completed", 3.0, 4)
    assert done.reflection_learned == "Wait time matters"
    assert done.reflection_use == "Count to five after every question"
    assert pd.hours_credited(db, since="2025-08-01", staff_id=a) == 3.0
    # Completed PD stays on the record: it cannot be withdrawn.
    with pytest.raises(EnrollmentError, match="stays on their record"):
        pd.withdraw(db, enrollment.id)
    # Part attendance: a leader can credit fewer hours.
    pd.complete(db, enrollment.id, completed_on="2026-01-20", hours=1.5, rating=4)
    assert pd.hours_credited(db, since="2025-08-01", staff_id=a) == 1.5


def test_a_waitlisted_teacher_cannot_complete_and_nobody_enrolls_twice(memory_db):
    db = memory_db
    a, b = _teachers(db, 2)
    workshop = _offering(db, capacity=1)
    pd.enroll(db, workshop, a)
    pd.enroll(db, workshop, b)
    with pytest.raises(EnrollmentError, match="already enrolled in"):
        pd.enroll(db, workshop, a)
    with pytest.raises(EnrollmentError, match="still on the waitlist"):
        pd.complete(db, pd.find_enrollment(db, workshop, b).id)
    with pytest.raises(EnrollmentError, match="from 1 to 5"):
        pd.complete(db, pd.find_enrollment(db, workshop, a).id, rating=6)
    with pytest.raises(EnrollmentError, match="not a date"):
        pd.complete(db, pd.find_enrollment(db, workshop, a).id, completed_on="next week")
    # Refused changes leave the record as it was.
    assert _status(db, workshop, a) == "enrolled"


def test_interest_holds_no_seat_and_retired_offerings_take_no_one(memory_db):
    db = memory_db
    a, b = _teachers(db, 2)
    workshop = _offering(db, capacity=1)
    pd.mark_interested(db, workshop, a)
    assert pd.seats_taken(db, workshop) == 0
    assert pd.enroll(db, workshop, b) == "enrolled"
    assert pd.enroll(db, workshop, a) == "waitlisted"   # interest became a waitlist place
    catalog.retire_offering(db, workshop)
    (c,) = [staff.add(db, first_name="Late", last_name="Comer")]
    with pytest.raises(EnrollmentError, match="retired"):
        pd.enroll(db, workshop, c)


def test_archived_staff_cannot_be_enrolled(memory_db):
    db = memory_db
    (a,) = _teachers(db, 1)
    staff.archive(db, a)
    with pytest.raises(EnrollmentError, match="archived"):
        pd.enroll(db, _offering(db), a)


def test_hours_add_up_per_school_year(memory_db):
    from db import school_years
    from tests.ui.school import year_plan

    db = memory_db
    school_years.replace_years(db, [year_plan(2024), year_plan(2025)])
    (a,) = _teachers(db, 1)
    for number, (finished, hours) in enumerate(
            [("2025-07-30", 2.0), ("2025-08-01", 3.0), ("2026-03-10", 1.5), ("2026-07-31", 0.5)]):
        offering = _offering(db, hours=hours, capacity=None, title=f"Offering {number}")
        pd.enroll(db, offering, a, on=finished)
        pd.complete(db, pd.find_enrollment(db, offering, a).id, completed_on=finished)
    years = pd.hours_by_school_year(db, a)
    assert [(y.year_label, y.hours, y.completed) for y in years] == [
        ("2025–26", 5.0, 3), ("2024–25", 2.0, 1)]
    assert pd.hours_credited(db, since="2025-08-01", until="2026-07-31", staff_id=a) == 5.0


ACTIONS = st.lists(st.tuples(st.sampled_from(["enroll", "withdraw", "interest", "complete"]),
                             st.integers(0, 5)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(capacity=st.integers(0, 4), actions=ACTIONS)
def test_seats_never_exceed_capacity_and_nobody_waits_beside_a_free_seat(capacity, actions):
    db = open_memory()
    try:
        teachers = _teachers(db, 6)
        offering = _offering(db, capacity=capacity)
        for action, who in actions:
            teacher = teachers[who]
            found = pd.find_enrollment(db, offering, teacher)
            try:
                if action == "enroll":
                    pd.enroll(db, offering, teacher)
                elif action == "interest":
                    pd.mark_interested(db, offering, teacher)
                elif found and action == "withdraw":
                    pd.withdraw(db, found.id)
                elif found and action == "complete":
                    pd.complete(db, found.id)
            except EnrollmentError:
                pass
            taken = pd.seats_taken(db, offering)
            waiting = db.execute("SELECT count(*) FROM enrollments WHERE status = 'waitlisted'"
                                 ).fetchone()[0]
            assert taken <= capacity
            assert waiting == 0 or taken == capacity
    finally:
        db.close()


def test_offering_edits_are_checked_and_sessions_replaced(memory_db):
    db = memory_db
    workshop = _offering(db)
    with pytest.raises(catalog.OfferingValidationError, match="already in the catalog"):
        catalog.add_offering(db, {"title": "questioning that makes STUDENTS think",
                                  "format": "podcast"})
    with pytest.raises(catalog.OfferingValidationError, match="end after it starts"):
        catalog.update_offering(db, workshop, {}, sessions=[
            catalog.Session("2026-02-01T15:30", "2026-02-01T15:00")])
    first = catalog.Session("2026-02-01T15:30", "2026-02-01T17:00", "Library")
    second = catalog.Session("2026-02-08T15:30", "2026-02-08T17:00", "Library")
    catalog.update_offering(db, workshop, {"has_follow_up": True}, sessions=[first, second])
    saved = catalog.list_sessions(db, workshop)
    assert [s.starts_at for s in saved] == ["2026-02-01T15:30", "2026-02-08T15:30"]
    catalog.update_offering(db, workshop, {}, sessions=[saved[1]])
    assert [s.id for s in catalog.list_sessions(db, workshop)] == [saved[1].id]


def test_duplicate_copies_indicators_and_sessions_but_not_people(memory_db):
    db = memory_db
    (a,) = _teachers(db, 1)
    workshop = _offering(db)
    catalog.update_offering(db, workshop, {}, sessions=[
        catalog.Session("2026-02-01T15:30", "2026-02-01T17:00", "Library")])
    pd.enroll(db, workshop, a)
    copy = catalog.duplicate_offering(db, workshop)
    again = catalog.duplicate_offering(db, workshop)
    assert catalog.get_offering(db, copy).title == "Questioning that makes students think (copy)"
    assert catalog.get_offering(db, again).title.endswith("(copy 2)")
    assert catalog.get_offering(db, copy).indicator_codes == ("1.1",)
    assert len(catalog.list_sessions(db, copy)) == 1
    assert pd.participants(db, copy) == []
    catalog.retire_offering(db, workshop)
    assert workshop not in {o.id for o in catalog.list_offerings(db)}
    assert records.get(db, "enrollments", pd.find_enrollment(db, workshop, a).id)["status"] == "enrolled"
