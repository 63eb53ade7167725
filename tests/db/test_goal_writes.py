"""Goals, action steps, check-ins, conversations and self-assessments: writes and their checks."""

from __future__ import annotations

import pytest

from db import conversations, goals, rubrics, self_assessments
from db.conversations import ConversationValidationError
from db.goals import GoalValidationError
from db.self_assessments import SelfAssessmentAnswers, SelfAssessmentError
from tests.ui.school import build_small_school


@pytest.fixture
def school(file_db):
    return file_db, build_small_school(file_db)


def test_goal_round_trip_and_listing(school):
    db, ids = school
    goal_id = goals.add_goal(db, ids["dev"], title=" Use wait time after questions ",
                             measure="seconds of wait time", baseline="1 s", target="3 s",
                             indicator_code="A1", start_on="2026-03-10", due_on="2026-05-30",
                             cycle_stage="learn")
    detail = goals.get_goal(db, goal_id)
    assert detail.title == "Use wait time after questions" and detail.status == "active"
    assert detail.cycle_stage == "learn" and detail.due_on == "2026-05-30"
    assert [g.id for g in goals.list_goals(db, staff_id=ids["dev"])] == [goal_id]
    goals.update_goal(db, goal_id, status="met")
    assert goals.get_goal(db, goal_id).met_on is not None
    goals.update_goal(db, goal_id, status="active")
    assert goals.get_goal(db, goal_id).met_on is None, "reopening clears the day met"


@pytest.mark.parametrize("values, words", [
    ({"title": "  "}, "title cannot be empty"),
    ({"title": "x" * 201}, "longer than 200"),
    ({"title": "T", "due_on": "31/05/2026"}, "date like"),
    ({"title": "T", "due_on": "2026-02-30"}, "date like"),
    ({"title": "T", "start_on": "2026-05-01", "due_on": "2026-04-01"}, "before the start"),
    ({"title": "T", "status": "finished"}, "status"),
    ({"title": "T", "cycle_stage": "reflect"}, "identify, learn or improve"),
    ({"title": "T", "colour": "red"}, "no field colour"),
])
def test_bad_goal_values_are_refused_in_words(school, values, words):
    db, ids = school
    with pytest.raises(GoalValidationError, match=words):
        goals.add_goal(db, ids["dev"], **values)


def test_update_checks_dates_against_what_is_stored(school):
    db, ids = school
    goal_id = goals.add_goal(db, ids["dev"], title="T", start_on="2026-03-01")
    with pytest.raises(GoalValidationError, match="before the start"):
        goals.update_goal(db, goal_id, due_on="2026-02-01")


def test_action_steps_are_ordered_ticked_and_reopened(school):
    db, ids = school
    first = goals.add_action_step(db, ids["goal_ben"], "Plan hinge questions", due_on="2026-03-20")
    second = goals.add_action_step(db, ids["goal_ben"], "Observe Ana", due_on=None)
    positions = dict(db.execute("SELECT id, position FROM action_steps WHERE goal_id = ?",
                                [ids["goal_ben"]]).fetchall())
    assert positions[second] == positions[first] + 1
    goals.set_step_status(db, first, "mastered", on="2026-03-11")
    step = next(s for s in goals.list_action_steps(db, goal_id=ids["goal_ben"]) if s.id == first)
    assert (step.status, step.done_on) == ("mastered", "2026-03-11")
    goals.set_step_status(db, first, "open")
    step = next(s for s in goals.list_action_steps(db, goal_id=ids["goal_ben"]) if s.id == first)
    assert (step.status, step.done_on) == ("open", None)
    goals.update_action_step(db, second, description="Observe Ana's seminar", due_on="2026-04-01")
    goals.delete_action_step(db, first)
    assert [s.description for s in goals.list_action_steps(db, goal_id=ids["goal_ben"])] == [
        "Try exit tickets", "Observe Ana's seminar"]
    with pytest.raises(GoalValidationError):
        goals.set_step_status(db, second, "half-done")
    with pytest.raises(GoalValidationError, match="cannot be empty"):
        goals.add_action_step(db, ids["goal_ben"], " ")


def test_overdue_steps_follow_the_ticks(school):
    db, ids = school
    overdue = goals.list_overdue_action_steps(db, today="2026-03-10")
    assert [s.description for s in overdue] == ["Script five open questions per lesson"]
    goals.set_step_status(db, overdue[0].id, "done", on="2026-03-10")
    assert goals.list_overdue_action_steps(db, today="2026-03-10") == []


def test_check_ins_newest_first_and_progress_checked(school):
    db, ids = school
    goals.add_check_in(db, ids["goal_ben"], checked_on="2026-03-01", progress=20, evidence="Tally 2/10")
    goals.add_check_in(db, ids["goal_ben"], checked_on="2026-03-09", progress=50, notes="Better")
    assert [c.progress for c in goals.list_check_ins(db, ids["goal_ben"])] == [50, 20]
    assert goals.list_goals(db, staff_id=ids["ben"])[0].progress == 50
    with pytest.raises(GoalValidationError, match="0 to 100"):
        goals.add_check_in(db, ids["goal_ben"], checked_on="2026-03-09", progress=101)
    with pytest.raises(GoalValidationError, match="needed"):
        goals.add_check_in(db, ids["goal_ben"], checked_on="", progress=10)


def test_goal_templates_listed_after_install(school):
    from db import catalog
    db, _ids = school
    catalog.install_goal_templates(db)
    templates = goals.list_goal_templates(db)
    assert templates and all(t.title for t in templates)
    assert [t.title.lower() for t in templates] == sorted(t.title.lower() for t in templates)


def test_conversation_with_linked_goals(school):
    db, ids = school
    goal_id = goals.add_goal(db, ids["dev"], title="Wait time")
    conversation_id = conversations.add_conversation(
        db, ids["dev"], kind="goal_setting", held_on="2026-03-10", notes="Agreed wait time",
        is_private=True, next_meeting_on="2026-03-24", leader_id=ids["coach"], goal_ids=(goal_id,))
    detail = conversations.get_conversation(db, conversation_id)
    assert detail.goal_ids == (goal_id,) and detail.is_private and detail.notes == "Agreed wait time"
    listed = conversations.list_conversations(db, staff_id=ids["dev"])
    assert listed[0].notes == "" and listed[0].is_private, "private notes stay out of lists"
    other = goals.add_goal(db, ids["dev"], title="Exit tickets")
    conversations.update_conversation(db, conversation_id, goal_ids=(other,), is_private=False)
    detail = conversations.get_conversation(db, conversation_id)
    assert detail.goal_ids == (other,) and not detail.is_private


@pytest.mark.parametrize("values, words", [
    ({"kind": "chat", "held_on": "2026-03-10"}, "goal-setting, check-in"),
    ({"kind": "check_in", "held_on": ""}, "needed"),
    ({"kind": "check_in", "held_on": "2026-03-10", "next_meeting_on": "2026-03-01"}, "before this one"),
    ({"kind": "check_in", "held_on": "tomorrow"}, "date like"),
])
def test_bad_conversations_are_refused(school, values, words):
    db, ids = school
    with pytest.raises(ConversationValidationError, match=words):
        conversations.add_conversation(db, ids["dev"], **values)
    assert conversations.list_conversations(db, staff_id=ids["dev"]) == []


def test_self_assessment_saved_replaced_and_feeds_the_profile(school):
    from datetime import date

    from desktop.core.profiles import growth_profile_for
    db, ids = school
    rubric_id = rubrics.default_rubric_id(db)
    a1, a2 = rubrics.indicators(db, rubric_id)
    answers = SelfAssessmentAnswers(taken_on="2026-03-01", ratings={a1.id: 2, a2.id: 4},
                                    career_goals="Lead a PLC", would_mentor=True)
    assessment_id = self_assessments.save(db, ids["dev"], rubric_id, answers)
    saved = self_assessments.latest(db, ids["dev"])
    assert saved.ratings == {a1.id: 2, a2.id: 4} and saved.would_mentor and not saved.would_lead
    profile = growth_profile_for(db, ids["dev"], as_of=date(2026, 3, 10))
    assert profile.level_of("A1").self_level == 2 and profile.level_of("A1").level == 2.0
    self_assessments.save(db, ids["dev"], rubric_id,
                          SelfAssessmentAnswers(taken_on="2026-03-02", ratings={a1.id: 3}),
                          assessment_id=assessment_id)
    assert self_assessments.get(db, assessment_id).ratings == {a1.id: 3}
    assert len(self_assessments.list_for(db, ids["dev"])) == 1


@pytest.mark.parametrize("ratings, taken_on, words", [
    ({"A": 5}, "2026-03-01", "1 to 4"),
    ({"A": True}, "2026-03-01", "1 to 4"),
    ({}, "March", "date like"),
])
def test_bad_self_assessments_are_refused(school, ratings, taken_on, words):
    db, ids = school
    rubric_id = rubrics.default_rubric_id(db)
    a1 = rubrics.indicators(db, rubric_id)[0]
    ratings = {a1.id if key == "A" else key: value for key, value in ratings.items()}
    with pytest.raises(SelfAssessmentError, match=words):
        self_assessments.save(db, ids["dev"], rubric_id,
                              SelfAssessmentAnswers(taken_on=taken_on, ratings=ratings))


def test_rating_for_another_rubric_is_refused(school):
    db, ids = school
    rubric_id = rubrics.default_rubric_id(db)
    with pytest.raises(SelfAssessmentError, match="not in the rubric"):
        self_assessments.save(db, ids["dev"], rubric_id,
                              SelfAssessmentAnswers(taken_on="2026-03-01", ratings={"nope": 2}))
