"""The PD-day plan from a real file: the faults of issue 20, reproduced and gone.

Before: "Lesson Study Team" with 5 seats left was said to serve 15 teachers;
"Productive Struggle in Mathematics" went to French, PE and special-education teachers;
the year-long "New Teacher Mentoring Programme" to teachers with 3-8 years; and every
plan was "the best possible choice".
"""

from __future__ import annotations

from datetime import date

import pytest

from db import catalog, pd, pd_plans, records, rooms, staff
from db.connection import open_memory
from desktop.core import pd_menu
from desktop.core.common_thread import fit_problem, grade_set, subject_set
from desktop.core.demo import build_demo_school

TODAY = date(2025, 11, 3)


@pytest.fixture(scope="module")
def demo():
    db = open_memory()
    build_demo_school(db, teachers=60, seed=5, today=TODAY)
    yield db
    db.close()


def _offering_by_title(db, title):
    return next(o for o in catalog.list_offerings(db) if o.title == title)


def test_the_demo_plan_keeps_to_seats_fit_and_time(demo):
    db = demo
    members = {m.id: m for m in staff.list_staff(db)}
    for k in (1, 3, 5):
        plan = pd_menu.common_thread(db, as_of=TODAY, k=k)
        assert len(plan.served) <= plan.bound
        for pick in plan.picks:
            offering = catalog.get_offering(db, pick.offering_id)
            newcomers = [p for p in pick.places
                         if pd.find_enrollment(db, pick.offering_id, p.staff_id) is None
                         or pd.find_enrollment(db, pick.offering_id, p.staff_id).status != "enrolled"]
            assert pick.seats_left is None or len(newcomers) <= pick.seats_left, pick.title
            for place in pick.places:
                member = members[place.staff_id]
                if offering.audience_subjects:
                    theirs = {s.casefold() for s in subject_set(member.subjects)}
                    assert theirs & {s.casefold() for s in subject_set(offering.audience_subjects)} \
                        or "all subjects" in theirs, (pick.title, member.subjects)
                if offering.max_years_experience is not None:
                    assert member.years_experience <= offering.max_years_experience, pick.title
                assert place.needs, "every place serves one of their needs"
        words = plan.method_words()
        assert ("best possible" in words) == (plan.method == "exact")


def _school():
    db = open_memory()
    ids = {}
    rubric = records.insert(db, "rubrics", {"family_id": "t", "name": "Test", "is_default": 1})
    domain = records.insert(db, "rubric_domains", {"rubric_id": rubric, "code": "A", "name": "Room"})
    indicators = {}
    for position, (code, name) in enumerate([("3.4", "Challenge"), ("4.2", "Collaboration"),
                                             ("4.1", "Reflection")]):
        indicators[code] = records.insert(db, "rubric_indicators", {
            "rubric_id": rubric, "domain_id": domain, "code": code, "name": name, "position": position})
    people = [("maths1", "Mathematics", 1), ("maths2", "Mathematics", 4), ("french", "French", 3),
              ("pe", "Physical education", 8), ("sped", "Special education", 5),
              ("sped_maths", "Special education, Mathematics", 12), ("new", "English", 0)]
    people += [(f"t{n}", "Science", 6) for n in range(10)]
    for key, subjects, years in people:
        ids[key] = staff.add(db, first_name=key, last_name="Teacher", subjects=subjects,
                             years_experience=years)
        observation = records.insert(db, "observations", {
            "staff_id": ids[key], "rubric_id": rubric, "kind": "walkthrough", "status": "complete",
            "observed_on": "2025-10-01"})
        for indicator in indicators.values():
            records.insert(db, "observation_scores", {"observation_id": observation,
                                                      "indicator_id": indicator, "score": 1})
    catalog.install_starter_catalog(db)
    return db, ids


def test_lesson_study_with_five_seats_left_serves_five():
    db, ids = _school()
    lesson = _offering_by_title(db, "Lesson Study Team")
    catalog.update_offering(db, lesson.id, {"capacity": 5})
    only = [o.id for o in catalog.list_offerings(db) if o.id != lesson.id]
    for offering_id in only:
        catalog.retire_offering(db, offering_id)
    plan = pd_menu.common_thread(db, as_of=TODAY, k=1)
    (pick,) = plan.picks
    assert pick.title == "Lesson Study Team" and len(pick.places) == 5
    assert len(plan.served) == 5 and plan.method == "exact"
    assert all(u.reason == "“Lesson Study Team” is full" for u in plan.unserved)
    assert len(plan.unserved) == 17 - 5


def test_productive_struggle_goes_to_those_who_teach_mathematics():
    db, ids = _school()
    struggle = _offering_by_title(db, "Productive Struggle in Mathematics")
    for offering in catalog.list_offerings(db):
        if offering.id != struggle.id:
            catalog.retire_offering(db, offering.id)
    plan = pd_menu.common_thread(db, as_of=TODAY, k=1)
    going = {p.staff_id for p in plan.picks[0].places}
    assert going == {ids["maths1"], ids["maths2"], ids["sped_maths"]}
    reasons = {u.staff_id: u.reason for u in plan.unserved}
    assert reasons[ids["french"]] == "“Productive Struggle in Mathematics”: it is for Mathematics teachers"
    assert ids["pe"] in reasons and ids["sped"] in reasons


def test_the_new_teacher_programme_is_for_new_teachers():
    db, ids = _school()
    mentoring = _offering_by_title(db, "New Teacher Mentoring Programme")
    for offering in catalog.list_offerings(db):
        if offering.id != mentoring.id:
            catalog.retire_offering(db, offering.id)
    plan = pd_menu.common_thread(db, as_of=TODAY, k=1)
    assert {p.staff_id for p in plan.picks[0].places} == {ids["maths1"], ids["new"]}
    assert "up to 2 years' experience (they have 4)" in next(
        u.reason for u in plan.unserved if u.staff_id == ids["maths2"])


def test_room_seats_limit_an_offering_and_the_plan_saves_and_enrolls():
    db, ids = _school()
    lesson = _offering_by_title(db, "Lesson Study Team")
    catalog.update_offering(db, lesson.id, {"capacity": None}, sessions=[
        catalog.Session("2025-11-14T13:00", "2025-11-14T15:00", "Room 12")])
    rooms.add_room(db, "room 12", 4)
    for offering in catalog.list_offerings(db):
        if offering.id != lesson.id:
            catalog.retire_offering(db, offering.id)
    plan = pd_menu.common_thread(db, as_of=TODAY, k=1, day=date(2025, 11, 14))
    assert plan.picks[0].seats_left == 4 and len(plan.served) == 4
    plan_id = pd_plans.save_plan(db, plan.draft("PD day, 14 November", group_description="Whole school"))
    saved = pd_plans.get_plan(db, plan_id)
    assert saved.planned_for == "2025-11-14" and len(saved.served) == 4
    assert len(saved.unserved) == 13 and saved.unserved[0].unserved_reason == "“Lesson Study Team” is full"
    (result,) = pd_plans.enroll_plan(db, plan_id, on="2025-11-04")
    assert len(result.enrolled) == 4 and not result.waitlisted
    # Planned again, those four hold their seats and nobody else fits in the room.
    again = pd_menu.common_thread(db, as_of=TODAY, k=1)
    assert len(again.served) == 4 and again.picks[0].seats_left == 0


def test_a_day_with_no_sessions_on_it_offers_nothing():
    db, _ids = _school()
    plan = pd_menu.common_thread(db, as_of=TODAY, k=2, day=date(2025, 12, 25))
    assert plan.picks == [] and plan.method_words() == ""


def test_fit_reads_the_staff_list_s_words():
    from desktop.core.common_thread import Candidate, Teacher

    assert grade_set("9, 10") == {"9", "10"}
    for_grades = Candidate("g", frozenset(), grades=frozenset({"K-2"}))
    assert fit_problem(Teacher("t", frozenset(), grades=frozenset({"1, 2"})), for_grades) is None
