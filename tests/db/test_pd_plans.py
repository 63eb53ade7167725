"""Saved PD-day plans (save, edit, enroll in one step) and evaluations (Guskey 1-3)."""

from __future__ import annotations

import pytest

from db import catalog, evaluations, operations, pd, pd_plans, staff
from db.evaluations import EvaluationError
from db.pd_plans import PlanDraft, PlanError


@pytest.fixture
def day(memory_db):
    db = memory_db
    people = {name: staff.add(db, first_name=name, last_name="T") for name in ("Ann", "Ben", "Cy", "Dee")}
    small = catalog.add_offering(db, {"title": "Lesson study", "format": "plc", "hours": 10, "capacity": 1})
    big = catalog.add_offering(db, {"title": "Questioning", "format": "workshop", "hours": 3})
    draft = PlanDraft(
        title="PD day, 13 February", planned_for="2026-02-13", group_description="Whole school",
        offerings_wanted=2, method="exact", bound=3, picks=[small, big],
        places=[(small, people["Cy"], "Lesson study (4.2)"), (small, people["Ann"], "4.2"),
                (big, people["Ben"], "2.2")],
        members=[(people["Ann"], ""), (people["Ben"], ""), (people["Cy"], ""),
                 (people["Dee"], "none of the day's offerings addresses their top needs")])
    plan_id = pd_plans.save_plan(db, draft)
    return db, people, small, big, plan_id


def test_a_plan_is_saved_with_its_places_and_the_unserved_named(day):
    db, people, small, big, plan_id = day
    plan = pd_plans.get_plan(db, plan_id)
    assert [p.title for p in plan.picks] == ["Lesson study", "Questioning"]
    assert [place.name for place in plan.picks[0].places] == ["Cy T", "Ann T"]   # seat order kept
    assert [m.name for m in plan.unserved] == ["Dee T"]
    assert plan.unserved[0].unserved_reason.startswith("none of the day's offerings")
    assert plan.method_words.startswith("the best possible")
    (summary,) = pd_plans.list_plans(db)
    assert (summary.group_size, summary.served, summary.picks) == (4, 3, 2)


def test_editing_a_plan_marks_it_edited_and_moves_people(day):
    db, people, small, big, plan_id = day
    pd_plans.move_place(db, plan_id, people["Ann"], small, big)
    plan = pd_plans.get_plan(db, plan_id)
    assert plan.method == "edited"
    assert [p.name for p in plan.picks[1].places] == ["Ben T", "Ann T"]
    pd_plans.set_place(db, plan_id, people["Ben"], big, False)
    plan = pd_plans.get_plan(db, plan_id)
    assert next(m for m in plan.members if m.name == "Ben T").unserved_reason == pd_plans.REMOVED_BY_HAND
    pd_plans.remove_pick(db, plan_id, small)
    plan = pd_plans.get_plan(db, plan_id)
    assert [p.title for p in plan.picks] == ["Questioning"]
    assert {m.name for m in plan.unserved} == {"Ben T", "Cy T", "Dee T"}
    with pytest.raises(PlanError, match="not on this plan"):
        pd_plans.set_place(db, plan_id, people["Dee"], small, True)
    pd_plans.update_plan(db, plan_id, title="  Friday PD ", planned_for=None)
    plan = pd_plans.get_plan(db, plan_id)
    assert (plan.title, plan.planned_for) == ("Friday PD", None)
    with pytest.raises(PlanError, match="needs a title"):
        pd_plans.update_plan(db, plan_id, title=" ")


def test_a_plan_turns_into_enrollments_in_one_undoable_step(day):
    db, people, small, big, plan_id = day
    done = operations.perform(db, "Enroll PD day", lambda d: pd_plans.enroll_plan(d, plan_id, on="2026-02-01"))
    first, second = done.value
    assert [name for _, name in first.enrolled] == ["Cy T"]          # the plan's order, not the rule's
    assert [name for _, name in first.waitlisted] == ["Ann T"]
    assert [name for _, name in second.enrolled] == ["Ben T"]
    assert pd_plans.get_plan(db, plan_id).enrolled_on == "2026-02-01"
    operations.undo(db, done)
    assert pd.find_enrollment(db, small, people["Cy"]) is None
    assert pd_plans.get_plan(db, plan_id).enrolled_on is None


def test_deleting_a_plan_leaves_the_enrollments(day):
    db, people, small, big, plan_id = day
    pd_plans.enroll_plan(db, plan_id, on="2026-02-01")
    pd_plans.delete_plan(db, plan_id)
    assert pd_plans.get_plan(db, plan_id) is None
    assert pd.find_enrollment(db, big, people["Ben"]).status == "enrolled"


def test_evaluations_one_per_teacher_anonymous_allowed_and_summarised(day):
    db, people, small, big, _plan = day
    evaluations.save(db, big, staff_id=people["Ann"], submitted_on="2026-02-14", reaction=5,
                     learning=4, support=2, comment="Useful, but no time to plan it in")
    evaluations.save(db, big, staff_id=people["Ann"], submitted_on="2026-02-15", reaction=4,
                     learning=4, support=3)                                    # replaces the first
    evaluations.save(db, big, staff_id=None, submitted_on="2026-02-14", reaction=2, learning=None,
                     support=1, comment="Too fast")
    summary = evaluations.summary(db, big)
    assert summary.responses == 2
    reaction, learning, support = summary.levels
    assert (reaction.mean, learning.mean, support.mean) == (3.0, 4.0, 2.0)
    assert learning.responses == 1 and reaction.counts[4] == 1 and reaction.counts[2] == 1
    assert summary.comments == [("Anonymous", "2026-02-14", "Too fast")]


@pytest.mark.parametrize("values, message", [
    ({"reaction": 6}, "from 1 to 5"), ({"learning": True}, "from 1 to 5"),
    ({"reaction": None, "learning": None, "support": None}, "at least one rating"),
    ({"submitted_on": "14/02/2026"}, "not a date"), ({"comment": "x" * 5001}, "characters")])
def test_an_evaluation_that_cannot_be_kept_says_why(day, values, message):
    db, people, small, big, _plan = day
    given = {"staff_id": None, "submitted_on": "2026-02-14", "reaction": 3, "learning": 3,
             "support": 3, **values}
    with pytest.raises(EvaluationError, match=message):
        evaluations.save(db, big, **given)
    assert evaluations.list_for(db, big) == []
