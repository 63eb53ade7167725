"""The PD menu from the database: context, ranking with reasons, leaders, common thread,
efficacy, calendar events — on a small hand-made school."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import catalog, pd, records, staff
from desktop.core import pd_menu

TODAY = date(2026, 3, 10)


def _school(db):
    ids = {}
    rubric = records.insert(db, "rubrics", {"family_id": "t", "name": "Test", "is_default": 1})
    domain = records.insert(db, "rubric_domains", {"rubric_id": rubric, "code": "A", "name": "Room"})
    ind = {}
    for position, (code, name) in enumerate(
            [("Q", "Questioning"), ("C", "Checking for understanding"), ("D", "Discussion")]):
        ind[code] = records.insert(db, "rubric_indicators", {
            "rubric_id": rubric, "domain_id": domain, "code": code, "name": name,
            "position": position})
    ids["rubric"], ids["ind"] = rubric, ind
    for key, first, formats in [("ana", "Ana", "podcast, peer coaching"), ("ben", "Ben", ""),
                                ("cara", "Cara", ""), ("dev", "Dev", "")]:
        ids[key] = staff.add(db, first_name=first, last_name="Teacher", preferred_formats=formats)
    ids["coach"] = staff.add(db, first_name="Maya", last_name="Coach", role="coach")
    return ids


def observe(db, ids, who, on, scores):
    obs = records.insert(db, "observations", {
        "staff_id": ids[who], "rubric_id": ids["rubric"], "kind": "walkthrough",
        "status": "complete", "observed_on": on})
    for code, score in scores.items():
        records.insert(db, "observation_scores", {
            "observation_id": obs, "indicator_id": ids["ind"][code], "score": score})


def offering(db, title, fmt, codes, sessions=(), capacity=None, hours=3.0, follow_up=False):
    return catalog.add_offering(db, {"title": title, "format": fmt, "hours": hours,
                                     "capacity": capacity, "has_follow_up": follow_up},
                                indicator_codes=codes,
                                sessions=[catalog.Session(a, b, "Library") for a, b in sessions])


@pytest.fixture
def school(memory_db):
    db = memory_db
    ids = _school(db)
    # Ana: weakest on Questioning, a gap on Checking, strong on Discussion.
    observe(db, ids, "ana", "2026-03-01", {"Q": 1, "C": 2, "D": 4})
    # Ben and Cara: Checking is the gap; Dev: Discussion. Cara is strong on Questioning.
    observe(db, ids, "ben", "2026-03-02", {"Q": 3, "C": 1, "D": 3})
    observe(db, ids, "cara", "2026-03-02", {"Q": 4, "C": 2, "D": 3})
    observe(db, ids, "dev", "2026-03-02", {"Q": 3, "C": 3, "D": 1})
    records.insert(db, "goals", {"staff_id": ids["ana"], "title": "More student talk",
                                 "indicator_code": "C", "status": "active"})
    records.insert(db, "goals", {"staff_id": ids["ana"], "title": "Old goal",
                                 "indicator_code": "D", "status": "met"})
    ids["q_pod"] = offering(db, "Questions worth asking", "podcast", ["Q"])
    ids["c_ws"] = offering(db, "Exit tickets workshop", "workshop", ["C"],
                           sessions=[("2026-04-01T15:30", "2026-04-01T17:00")])
    ids["clash"] = offering(db, "Checking in PLC", "plc", ["C"],
                            sessions=[("2026-04-01T16:00", "2026-04-01T17:00")])
    ids["d_bs"] = offering(db, "Discussion book study", "book_study", ["D"])
    ids["past"] = offering(db, "Questioning last autumn", "workshop", ["Q"],
                           sessions=[("2025-10-01T15:30", "2025-10-01T17:00")])
    ids["done"] = offering(db, "Wait time video", "micro_video", ["Q"], hours=0.5)
    pd.enroll(db, ids["c_ws"], ids["ana"], on="2026-03-05")
    pd.enroll(db, ids["done"], ids["ana"], on="2026-02-01")
    pd.complete(db, pd.find_enrollment(db, ids["done"], ids["ana"]).id, completed_on="2026-02-02")
    return db, ids


def test_context_gathers_gaps_goals_formats_and_enrolled_sessions(school):
    db, ids = school
    context = pd_menu.teacher_context(db, ids["ana"], as_of=TODAY)
    assert [(n.indicator_code, n.level) for n in context.gaps] == [("Q", 1.0), ("C", 2.0)]
    assert [(g.title, g.indicator_code) for g in context.goals] == [("More student talk", "C")]
    assert context.preferred_formats == ("podcast", "peer_coaching")
    assert context.enrolled_offering_ids == {ids["c_ws"]}
    assert context.completed_offering_ids == {ids["done"]}
    assert [(s.starts_at.hour, s.starts_at.minute) for s in context.enrolled_sessions] == [(15, 30)]


def test_personal_menu_ranks_with_reasons_in_words(school):
    db, ids = school
    menu = pd_menu.personal_menu_for(db, ids["ana"], as_of=TODAY)
    titles = [r.offering.title for r in menu.recommendations]
    # Enrolled, completed and over-and-done offerings are not offered again.
    assert "Exit tickets workshop" not in titles
    assert "Wait time video" not in titles
    assert "Questioning last autumn" not in titles
    top = menu.recommendations[0]
    assert top.offering.title == "Questions worth asking"
    assert top.explanation == ("addresses Questioning, your lowest indicator; "
                               "a podcast, one of your preferred formats")
    plc = next(r for r in menu.recommendations if r.offering.title == "Checking in PLC")
    assert plc.reasons == [
        "addresses Checking for understanding, one of your growth areas",
        "linked to your goal ‘More student talk’",
        "every session clashes with PD you are already enrolled in"]
    assert titles[-1] == "Discussion book study"   # a strength: nothing to say for it
    assert menu.hours_this_year == 0.5
    assert [e.offering_title for e in menu.chosen] == ["Exit tickets workshop"]


@pytest.mark.parametrize("text, codes", [
    ("peer coaching, micro-video", ("peer_coaching", "micro_video")),
    ("peer_coaching,micro_video", ("peer_coaching", "micro_video")),
    ("Podcasts; ", ()),
    ("Book club, PLC, online", ("book_study", "plc", "online_course")),
    ("", ()),
])
def test_preferred_formats_read_in_the_school_s_words(text, codes):
    assert pd_menu.parse_formats(text) == codes


def test_strong_teachers_are_suggested_to_lead(school):
    db, ids = school
    records.insert(db, "self_assessments", {"staff_id": ids["cara"], "taken_on": "2026-02-01",
                                            "would_lead": 1})
    suggestions = pd_menu.leader_suggestions(db, ids["q_pod"], as_of=TODAY)
    # Willing teachers first, then the strongest; Ben and Dev are at the strength line (3).
    assert [(s.name, s.indicator_code, s.role) for s in suggestions] == [
        ("Cara Teacher", "Q", "facilitator"), ("Ben Teacher", "Q", "facilitator"),
        ("Dev Teacher", "Q", "facilitator")]
    assert "would like to lead PD" in suggestions[0].reason
    assert "strong on Questioning (4.0" in suggestions[0].reason
    mentoring = offering(db, "Discussion mentoring", "mentoring", ["D"])
    assert [(s.name, s.role) for s in pd_menu.leader_suggestions(db, mentoring, as_of=TODAY)] == [
        ("Cara Teacher", "mentor"), ("Ana Teacher", "mentor"), ("Ben Teacher", "mentor")]
    # The facilitator already leading it is not suggested again.
    catalog.update_offering(db, mentoring, {"facilitator_staff_id": ids["ana"]})
    assert "Ana Teacher" not in [s.name for s in pd_menu.leader_suggestions(db, mentoring, as_of=TODAY)]


def test_common_thread_names_who_each_pick_serves_and_who_is_left_out(school):
    db, ids = school
    plan = pd_menu.common_thread(db, as_of=TODAY, k=1)
    assert plan.group_size == 4
    assert len(plan.picks) == 1
    # Checking for understanding is a top need for Ana, Ben and Cara.
    assert plan.picks[0].addresses == ["Checking for understanding"]
    assert plan.picks[0].serves == ["Ana Teacher", "Ben Teacher", "Cara Teacher"]
    assert plan.left_out == [("Dev Teacher", ["Discussion"])]
    two = pd_menu.common_thread(db, as_of=TODAY, k=2)
    assert two.served == ["Ana Teacher", "Ben Teacher", "Cara Teacher", "Dev Teacher"]
    assert two.left_out == []
    chosen = pd_menu.common_thread(db, as_of=TODAY, k=2, staff_ids=[ids["dev"], ids["coach"]])
    assert chosen.group_size == 2
    assert chosen.without_needs == ["Maya Coach"]
    assert [c.indicator_name for c in plan.cohorts][0] == "Checking for understanding"
    assert plan.cohorts[0].members == ["Ana Teacher", "Ben Teacher", "Cara Teacher"]


def test_efficacy_compares_scores_before_and_after_completion(school):
    db, ids = school
    course = offering(db, "Checking course", "online_course", ["C", "Q"], hours=1.0)
    catalog.update_offering(db, course, {"student_outcome_note": "Exit ticket scores up 12%"})
    for who, rating in (("ben", 4), ("cara", 5)):
        pd.enroll(db, course, ids[who], on="2026-03-03")
        pd.complete(db, pd.find_enrollment(db, course, ids[who]).id, completed_on="2026-03-04",
                    learned="Hinge questions", use="One per lesson", rating=rating)
    observe(db, ids, "ben", "2026-03-08", {"C": 3})
    observe(db, ids, "cara", "2026-03-09", {"C": 4, "Q": 4})
    observe(db, ids, "cara", "2026-03-20", {"C": 1})   # after as_of: not counted yet
    result = pd_menu.offering_efficacy(db, course, as_of=TODAY)
    assert (result.completed, result.average_rating, result.ratings) == (2, 4.5, 2)
    by_code = {c.indicator_code: c for c in result.changes}
    assert (by_code["C"].participants, by_code["C"].mean_before, by_code["C"].mean_after,
            by_code["C"].change) == (2, 1.5, 3.5, 2.0)
    assert (by_code["Q"].participants, by_code["Q"].change) == (1, 0.0)
    assert result.student_outcome_note == "Exit ticket scores up 12%"
    assert [r.teacher_name for r in result.reflections] == ["Ben Teacher", "Cara Teacher"]
    # One hour, no sessions, no follow-up: flagged as one-off sit-and-get.
    assert result.flagged
    assert "no follow-up planned" in result.design_notes


def test_lasting_offerings_with_follow_up_are_not_flagged(school):
    db, ids = school
    plc = offering(db, "Year-long PLC", "plc", ["D"], hours=12, follow_up=True, sessions=[
        ("2026-04-01T15:30", "2026-04-01T16:30"), ("2026-05-01T15:30", "2026-05-01T16:30")])
    result = pd_menu.offering_efficacy(db, plc, as_of=TODAY)
    assert not result.flagged
    assert result.design_notes == []
    assert result.average_rating is None and result.changes[0].participants == 0


def test_calendar_events_for_a_teacher_and_for_offerings(school):
    db, ids = school
    mine = pd_menu.calendar_sessions(db, staff_id=ids["ana"])
    assert [e.title for e in mine] == ["Exit tickets workshop"]
    assert mine[0].location == "Library"
    everything = pd_menu.calendar_sessions(db)
    assert {e.title for e in everything} == {
        "Exit tickets workshop", "Checking in PLC", "Questioning last autumn"}
    from icalendar import Calendar

    from desktop.reports.calendar_ics import build_calendar

    parsed = Calendar.from_ical(build_calendar(everything))
    assert len([c for c in parsed.walk("VEVENT")]) == 3


NEEDS = st.dictionaries(st.sampled_from("abcdefg"), st.sets(st.sampled_from("QCD"), max_size=2),
                        min_size=1, max_size=6)


@settings(max_examples=25, deadline=None)
@given(k=st.integers(1, 3), data=st.data())
def test_planner_serves_as_many_as_the_brute_force_optimum(k, data):
    """On a real database: the chosen picks serve as many teachers as the best K could."""
    from db.connection import open_memory

    db = open_memory()
    try:
        ids = _school(db)
        catalog_codes = data.draw(st.lists(st.sets(st.sampled_from("QCD"), min_size=1, max_size=2),
                                           min_size=1, max_size=5))
        for number, codes in enumerate(catalog_codes):
            offering(db, f"Offering {number}", "workshop", sorted(codes))
        teachers = [ids[key] for key in ("ana", "ben", "cara", "dev")]
        for who in ("ana", "ben", "cara", "dev"):
            scores = data.draw(st.fixed_dictionaries({c: st.integers(1, 4) for c in "QCD"}))
            observe(db, ids, who, "2026-03-01", scores)
        plan = pd_menu.common_thread(db, as_of=TODAY, k=k, staff_ids=teachers)
        profiles = pd_menu.school_profiles(db, as_of=TODAY, staff_ids=teachers)
        needs = {m.id: {i.indicator.code for i in p.gaps[:3]} for m, p in profiles}
        offers = [set(codes) for codes in catalog_codes]
        best = max(
            (len({t for t, n in needs.items() if any(n & offers[i] for i in combo)})
             for combo in combinations(range(len(offers)), min(k, len(offers)))), default=0)
        assert len(plan.served) == best
    finally:
        db.close()


def test_nobody_is_left_in_a_cohort_of_one(school):
    db, ids = school
    # Dev's only need (Discussion) is shared by nobody: he is listed as sharing no need.
    plan = pd_menu.common_thread(db, as_of=TODAY, k=1)
    assert all(len(c.members) > 1 for c in plan.cohorts if c.indicator_code)
    assert plan.cohorts[-1].indicator_code == "" and plan.cohorts[-1].members == ["Dev Teacher"]
