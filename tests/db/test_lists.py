"""The read-only list modules the tabs show: what they return, in which order, and privacy."""

from __future__ import annotations

from datetime import date

import pytest

from db import celebrations, conversations, goals, observations, overview, pd, records
from tests.ui.school import TODAY, build_small_school, day


@pytest.fixture
def school(memory_db):
    return memory_db, build_small_school(memory_db)


def test_observations_newest_first_with_average_of_scored_indicators(school):
    db, ids = school
    rows = observations.list_observations(db)
    assert [row.observed_on for row in rows] == sorted((row.observed_on for row in rows), reverse=True)
    ben = observations.list_observations(db, staff_id=ids["ben"])
    assert len(ben) == 1
    assert ben[0].average_score == 2.0 and ben[0].scored_count == 1   # "not seen" is not a zero
    assert ben[0].observer_name == "Maya Reed"
    # Cara's unfinished draft is listed, but it is not a visit (yet).
    assert observations.count_visits(db, since=day(-30)) == 2
    assert observations.last_visit_on(db, ids["dev"]) is None
    assert observations.last_visit_on(db, ids["cara"]) == day(-200)


def test_observer_typed_by_name_when_not_on_staff(school):
    db, ids = school
    rubric = db.execute("SELECT id FROM rubrics").fetchone()[0]
    records.insert(db, "observations", {"staff_id": ids["dev"], "observer_name": "District visitor",
                                        "rubric_id": rubric, "kind": "walkthrough",
                                        "observed_on": day(0)})
    assert observations.list_observations(db, staff_id=ids["dev"])[0].observer_name == "District visitor"


def test_goals_with_latest_progress_and_steps(school):
    db, ids = school
    ana = goals.list_goals(db, staff_id=ids["ana"])
    assert [(g.title, g.progress, g.steps_finished, g.steps_total) for g in ana] == [
        ("Ask more open questions", 40, 1, 2)]
    assert [g.status for g in goals.list_goals(db)] == ["active", "active", "met"]
    assert goals.count_goals(db, status="active") == 2
    steps = goals.list_action_steps(db, goal_id=ids["goal_ana"])
    assert [s.status for s in steps] == ["open", "done"]


def test_overdue_steps_only_open_ones_of_active_goals(school):
    db, ids = school
    overdue = goals.list_overdue_action_steps(db, today=TODAY.isoformat())
    assert [(s.teacher_name, s.description) for s in overdue] == [
        ("Ana Lopez", "Script five open questions per lesson")]
    records.update(db, "goals", ids["goal_ana"], {"status": "dropped"})
    assert goals.list_overdue_action_steps(db, today=TODAY.isoformat()) == []
    assert goals.list_overdue_action_steps(db, today=day(10)) != []   # Ben's step, later on


def test_private_notes_are_not_read_unless_asked(school):
    db, ids = school
    rows = conversations.list_conversations(db, staff_id=ids["ana"])
    assert [row.kind for row in rows] == ["check_in", "goal_setting"]
    assert rows[0].is_private and rows[0].notes == ""
    private = conversations.list_conversations(db, staff_id=ids["ana"], include_private_notes=True)
    assert "mother" in private[0].notes


def test_offerings_seats_and_indicators(school):
    db, ids = school
    offerings = {o.title: o for o in pd.list_offerings(db)}
    assert "Retired course" not in offerings
    workshop = offerings["Questioning that makes students think"]
    assert workshop.indicator_codes == ("A1", "A2")
    assert (workshop.capacity, workshop.seats_taken, workshop.seats_left) == (2, 1, 1)  # interest holds no seat
    assert offerings["Exit tickets in ten minutes"].seats_left is None
    assert len(pd.list_offerings(db, include_retired=True)) == 3
    assert [e.status for e in pd.list_enrollments(db, staff_id=ids["ana"])] == ["completed", "completed"]
    assert pd.hours_credited(db, since="2025-08-01", staff_id=ids["ana"]) == 3.5


def test_celebrations_newest_first_with_everyone_named(school):
    db, ids = school
    rows = celebrations.list_celebrations(db)
    assert [row.title for row in rows] == ["Thanks for covering lunch duty",
                                          "Cara's seminars are student-led"]
    assert rows[0].staff_names == ("Ana Lopez", "Ben Okafor") and rows[0].is_public is False
    assert [row.title for row in celebrations.list_celebrations(db, staff_id=ids["cara"])] == [
        "Cara's seminars are student-led"]
    assert celebrations.count_celebrations(db, staff_id=ids["ben"]) == 1


def test_school_overview_and_teacher_summary(school):
    db, ids = school
    figures = overview.school_overview(db, TODAY)
    assert (figures.teachers, figures.observations_this_term, figures.goals_active,
            figures.goals_met, figures.pd_hours_this_year) == (4, 3, 2, 1, 3.5)
    assert figures.view.period_label == "Term 2, 2025–26"
    ana = overview.teacher_summary(db, ids["ana"], TODAY)
    assert (ana.observations_this_term, ana.observations_total, ana.open_action_steps,
            ana.celebrations) == (2, 2, 1, 1)
    assert ana.last_visit_on == day(-3)
    assert ana.average_score_this_year == pytest.approx(3.0)


def test_teachers_not_visited(school):
    db, ids = school
    stale = overview.teachers_not_visited(db, TODAY, days=14)
    # Cara's recent visit is still a draft: her last visit was the formal one, 200 days ago.
    assert [(row.name, row.days_since(TODAY)) for row in stale] == [("Dev Patel", None),
                                                                    ("Cara Nguyen", 200),
                                                                    ("Ben Okafor", 20)]
    assert [row.name for row in overview.teachers_not_visited(db, TODAY, days=30)] == [
        "Dev Patel", "Cara Nguyen"]


def test_steps_of_a_draft_goal_are_not_overdue_anywhere(memory_db):
    from db import goals as goal_list
    from db import records
    from db import staff as staff_db

    teacher = staff_db.add(memory_db, first_name="Ann")
    draft = records.insert(memory_db, "goals", {"staff_id": teacher, "title": "Draft", "status": "draft"})
    records.insert(memory_db, "action_steps", {"goal_id": draft, "description": "Try it", "due_on": "2026-01-01"})
    [step] = goal_list.list_action_steps(memory_db, staff_id=teacher)
    assert not step.is_overdue("2026-05-01")
    assert goal_list.list_overdue_action_steps(memory_db, today="2026-05-01") == []


def test_a_visit_dated_after_today_does_not_count_as_a_visit(memory_db):
    from db import overview as overview_db
    from db import records, rubrics
    from db import staff as staff_db

    rubric_id = rubrics.load_default_rubric(memory_db)
    teacher = staff_db.add(memory_db, first_name="Ann")
    records.insert(memory_db, "observations", {"staff_id": teacher, "rubric_id": rubric_id,
                                               "kind": "walkthrough", "observed_on": "2026-06-01"})
    stale = overview_db.teachers_not_visited(memory_db, date(2026, 5, 1), days=14)
    assert [(row.name, row.last_visit_on) for row in stale] == [("Ann", None)]
