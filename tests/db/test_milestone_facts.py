"""Each "Noticed for you" detector on hand-made rows, through the database: it fires once,
never again once celebrated or dismissed, and never for archived staff."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from db import celebrations, records, staff
from db.milestone_facts import gather_facts
from desktop.core.milestones import noticed_for_you

AS_OF = date(2026, 5, 20)


def day(offset: int) -> str:
    return (AS_OF + timedelta(days=offset)).isoformat()


@pytest.fixture
def school(memory_db):
    db = memory_db
    ids = {
        "ann": staff.add(db, first_name="Ann", last_name="Lee"),
        "gone": staff.add(db, first_name="Gone", last_name="Away"),
    }
    rubric = records.insert(db, "rubrics", {"family_id": "r", "name": "Rubric"})
    domain = records.insert(db, "rubric_domains", {"rubric_id": rubric, "code": "D", "name": "D"})
    ids["rubric"] = rubric
    ids["indicator"] = records.insert(db, "rubric_indicators", {
        "rubric_id": rubric, "domain_id": domain, "code": "2.1", "name": "Questioning"})
    return db, ids


def archive_gone(db, ids):
    staff.archive(db, ids["gone"])


def keys(db, prefix, **kwargs):
    return [s.key for s in noticed_for_you(db, as_of=AS_OF, **kwargs) if s.key.startswith(prefix)]


def assert_once_then_handled(db, prefix, expected_key, *, accept: bool):
    found = [s for s in noticed_for_you(db, as_of=AS_OF) if s.key.startswith(prefix)]
    assert [s.key for s in found] == [expected_key]
    assert found[0].evidence
    if accept:
        celebrations.accept_suggestion(db, found[0])
    else:
        celebrations.dismiss_suggestion(db, found[0].key)
    assert keys(db, prefix) == []


def add_goal(db, staff_id, *, status="met", met_on=None, title="More student talk"):
    return records.insert(db, "goals", {"staff_id": staff_id, "title": title, "status": status,
                                        "met_on": met_on})


def test_goal_met(school):
    db, ids = school
    goal = add_goal(db, ids["ann"], met_on=day(-3))
    add_goal(db, ids["ann"], status="active", title="Still working on it")
    add_goal(db, ids["gone"], met_on=day(-3))
    archive_gone(db, ids)
    found = noticed_for_you(db, as_of=AS_OF)
    assert [s.title for s in found] == ["Ann Lee met the goal ‘More student talk’"]
    assert found[0].kind == "goal_achieved"
    assert_once_then_handled(db, "goal_met", f"goal_met:{goal}", accept=True)
    [saved] = celebrations.list_celebrations(db, staff_id=ids["ann"])
    assert saved.kind == "goal_achieved" and saved.staff_names == ("Ann Lee",)
    assert saved.celebrated_on == day(-3)


def test_action_step_mastered(school):
    db, ids = school
    goal = add_goal(db, ids["ann"], status="active")
    step = records.insert(db, "action_steps", {"goal_id": goal, "description": "Think-pair-share",
                                               "status": "mastered", "done_on": day(-1)})
    records.insert(db, "action_steps", {"goal_id": goal, "description": "Only done",
                                        "status": "done", "done_on": day(-1)})
    other = add_goal(db, ids["gone"], status="active")
    records.insert(db, "action_steps", {"goal_id": other, "description": "x",
                                        "status": "mastered", "done_on": day(-1)})
    archive_gone(db, ids)
    assert_once_then_handled(db, "step_mastered", f"step_mastered:{step}", accept=False)


def complete(db, staff_id, hours, offset, title="Course"):
    offering = records.insert(db, "pd_offerings", {"title": title, "format": "workshop", "hours": hours})
    records.insert(db, "enrollments", {"offering_id": offering, "staff_id": staff_id,
                                       "status": "completed", "completed_on": day(offset),
                                       "hours_credited": hours})


def test_pd_hours_pass_ten_once_in_a_year(school):
    db, ids = school
    complete(db, ids["ann"], 6, -30, "First")
    complete(db, ids["ann"], 6, -10, "Second")    # 12: passes 10 once
    complete(db, ids["ann"], 3, -5, "Third")      # 15: nothing new
    complete(db, ids["gone"], 30, -5)
    archive_gone(db, ids)
    found = [s for s in noticed_for_you(db, as_of=AS_OF) if s.key.startswith("pd_hours")]
    assert [s.key for s in found] == [f"pd_hours:{ids['ann']}:2025-2026:10"]
    assert "after completing ‘Second’" in found[0].evidence
    assert_once_then_handled(db, "pd_hours", f"pd_hours:{ids['ann']}:2025-2026:10", accept=True)


def observe(db, ids, staff_id, offset, score, status="complete"):
    obs = records.insert(db, "observations", {"staff_id": staff_id, "rubric_id": ids["rubric"],
                                              "kind": "walkthrough", "status": status,
                                              "observed_on": day(offset)})
    records.insert(db, "observation_scores", {"observation_id": obs, "indicator_id": ids["indicator"],
                                              "score": score})


def test_indicator_improved_by_a_level(school):
    db, ids = school
    for offset, score in [(-90, 2), (-70, 2), (-40, 3), (-20, 3)]:
        observe(db, ids, ids["ann"], offset, score)
        observe(db, ids, ids["gone"], offset, score)
    observe(db, ids, ids["ann"], -5, 1, status="draft")   # drafts do not count
    archive_gone(db, ids)
    found = [s for s in noticed_for_you(db, as_of=AS_OF) if s.key.startswith("indicator_up")]
    assert [s.title for s in found] == ["Ann Lee grew on Questioning"]
    assert found[0].evidence.startswith("From 2 (first two observations")
    assert_once_then_handled(db, "indicator_up", f"indicator_up:{ids['ann']}:2.1:2025-2026",
                             accept=False)


def test_growth_is_measured_between_the_ends_of_a_long_series_up_to_the_day(school):
    db, ids = school
    # Ten visits: the first two at 1, the middle anywhere, the last two (before the day) at 3.
    for offset, score in [(-300, 1), (-280, 1), (-250, 4), (-200, 1), (-150, 4), (-120, 2),
                          (-90, 1), (-60, 4), (-40, 3), (-20, 3), (5, 1), (9, 1)]:
        observe(db, ids, ids["ann"], offset, score)
    facts = gather_facts(db, staff_id=ids["ann"], scores_until=AS_OF)
    # Only the ends are read, oldest first; the visits after the day are not.
    assert [(s.observed_on.isoformat(), s.score) for s in facts.scores] == [
        (day(-300), 1), (day(-280), 1), (day(-40), 3), (day(-20), 3)]
    found = [s for s in noticed_for_you(db, as_of=AS_OF) if s.key.startswith("indicator_up")]
    assert [s.evidence.split(" (")[0] for s in found] == ["From 1"]
    assert "to 3 (last two" in found[0].evidence
    assert len(gather_facts(db, staff_id=ids["ann"]).scores) == 4   # no day: the last two of all


def test_indicator_flat_is_not_a_milestone(school):
    db, ids = school
    for offset, score in [(-90, 2), (-70, 3), (-40, 3), (-20, 3)]:
        observe(db, ids, ids["ann"], offset, score)
    assert keys(db, "indicator_up") == []


def test_led_a_session(school):
    db, ids = school
    offering = records.insert(db, "pd_offerings", {"title": "Exit tickets PLC", "format": "plc",
                                                   "facilitator_staff_id": ids["ann"]})
    for offset in (-14, -7):   # two sessions of one offering: one milestone
        records.insert(db, "pd_sessions", {"offering_id": offering, "starts_at": day(offset) + "T15:30",
                                           "ends_at": day(offset) + "T16:30"})
    future = records.insert(db, "pd_offerings", {"title": "Next term", "format": "plc",
                                                 "facilitator_staff_id": ids["ann"]})
    records.insert(db, "pd_sessions", {"offering_id": future, "starts_at": day(20) + "T15:30",
                                       "ends_at": day(20) + "T16:30"})
    theirs = records.insert(db, "pd_offerings", {"title": "Theirs", "format": "plc",
                                                 "facilitator_staff_id": ids["gone"]})
    records.insert(db, "pd_sessions", {"offering_id": theirs, "starts_at": day(-3) + "T15:30",
                                       "ends_at": day(-3) + "T16:30"})
    archive_gone(db, ids)
    assert_once_then_handled(db, "led", f"led:{ids['ann']}:{offering}", accept=True)


def test_service_anniversary(school):
    db, ids = school
    staff.update(db, ids["ann"], hire_date="2021-05-10")
    staff.update(db, ids["gone"], hire_date="2016-05-10")
    archive_gone(db, ids)
    found = [s for s in noticed_for_you(db, as_of=AS_OF) if s.key.startswith("anniversary")]
    assert [s.title for s in found] == ["Ann Lee: 5 years at the school"]
    assert_once_then_handled(db, "anniversary", f"anniversary:{ids['ann']}:5", accept=False)


def test_old_milestones_are_history_not_suggestions(school):
    db, ids = school
    add_goal(db, ids["ann"], met_on=day(-400))
    assert keys(db, "goal_met") == []


def test_one_teacher_view_and_facts_for_one_person(school):
    db, ids = school
    add_goal(db, ids["ann"], met_on=day(-3))
    add_goal(db, ids["gone"], met_on=day(-2))
    assert len(keys(db, "goal_met")) == 2
    assert [s.staff_id for s in noticed_for_you(db, as_of=AS_OF, staff_id=ids["ann"])] == [ids["ann"]]
    assert [p.name for p in gather_facts(db, staff_id=ids["ann"]).people] == ["Ann Lee"]


def test_a_hand_typed_bad_date_is_skipped_not_a_crash(school):
    db, ids = school
    add_goal(db, ids["ann"], met_on="soon")
    complete(db, ids["ann"], 12, -3)
    db.execute("UPDATE enrollments SET completed_on = 'last week'")
    found = noticed_for_you(db, as_of=AS_OF)
    # The met goal is still news (noticed today); the undated PD cannot count towards a year.
    assert [(s.key.split(":")[0], s.noticed_on) for s in found] == [("goal_met", AS_OF)]


def test_a_goal_celebrated_by_hand_is_not_suggested_again(school):
    db, ids = school
    add_goal(db, ids["ann"], met_on=day(-3), title="Positive contact with every family")
    other = add_goal(db, ids["ann"], met_on=day(-3), title="Exit tickets")
    celebrations.record_celebration(
        db, staff_ids=[ids["ann"]], kind="goal_achieved", celebrated_on=day(-2),
        title="Ann met a growth goal: positive contact with every family")
    # A shout-out naming the goal, or an older celebration, is not the same thing.
    celebrations.record_celebration(db, staff_ids=[ids["ann"]], kind="shout_out",
                                    celebrated_on=day(-1), title="Exit tickets rock")
    assert keys(db, "goal_met") == [f"goal_met:{other}"]
