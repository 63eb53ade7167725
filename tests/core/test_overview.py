"""The Overview's figures, without a window: each read from the one function behind it."""

from __future__ import annotations

from datetime import date

import pytest

from db import records, rubrics, staff
from desktop.core import overview
from tests.ui.school import TODAY, build_small_school, day


@pytest.fixture
def school(memory_db):
    return memory_db, build_small_school(memory_db)


def test_the_whole_schools_figures(school):
    db, ids = school
    found = overview.school_overview(db, TODAY, threshold_days=14)
    assert (found.teachers, found.visits, found.goals_by_status["active"],
            found.goals_by_status["met"], found.pd_hours.total) == (4, 3, 2, 1, 3.5)
    assert found.view.period_label == "Term 2, 2025–26"
    assert [(bar.label, bar.names) for bar in found.spread] == [
        ("0", ("Cara Nguyen", "Dev Patel")), ("1", ("Ben Okafor",)), ("2", ("Ana Lopez",)),
        ("3", ())]
    assert [(share.name, share.visits) for share in found.observers] == [("Maya Reed", 3)]
    assert found.pd_hours.by_format == {"workshop": 3.0, "micro_video": 0.5}
    assert (found.pd_hours.ongoing, found.pd_hours.one_off) == (0.0, 3.5)
    assert [step.description for step in found.overdue_steps] == ["Script five open questions per lesson"]
    assert [c.title for c in found.celebrations] == ["Thanks for covering lunch duty",
                                                     "Cara's seminars are student-led"]


def test_not_visited_is_coverage_past_the_threshold(school):
    db, ids = school
    stale = overview.school_overview(db, TODAY, threshold_days=14).coverage.overdue
    # Cara's recent visit is still a draft: her last visit was the formal one, 200 days ago.
    assert [(row.name, row.days_since) for row in stale] == [("Dev Patel", None),
                                                             ("Cara Nguyen", 200),
                                                             ("Ben Okafor", 20)]
    month = overview.school_overview(db, TODAY, threshold_days=30).coverage.overdue
    assert [row.name for row in month] == ["Dev Patel", "Cara Nguyen"]


def test_a_visit_dated_after_today_does_not_count_as_a_visit(memory_db):
    rubric_id = rubrics.load_default_rubric(memory_db)
    teacher = staff.add(memory_db, first_name="Ann")
    records.insert(memory_db, "observations", {"staff_id": teacher, "rubric_id": rubric_id,
                                               "kind": "walkthrough", "status": "complete",
                                               "observed_on": "2026-06-01"})
    found = overview.school_overview(memory_db, date(2026, 5, 1), threshold_days=14)
    assert found.visits == 0
    assert [(row.name, row.last_visit_on) for row in found.coverage.overdue] == [("Ann", None)]


def test_one_teachers_figures_and_what_needs_attention(school):
    db, ids = school
    ana = overview.teacher_overview(db, ids["ana"], TODAY, threshold_days=14)
    assert (ana.visits_this_term, ana.visits_this_year, ana.celebrations_total) == (2, 2, 1)
    assert ana.last_visit_on == day(-3)
    assert ana.average_level == pytest.approx(3.0)
    assert [(g.goal.title, g.next_step.description) for g in ana.active_goals] == [
        ("Ask more open questions", "Script five open questions per lesson")]
    assert [item.kind for item in ana.attention] == ["overdue_step"]
    dev = overview.teacher_overview(db, ids["dev"], TODAY, threshold_days=14)
    assert [(item.kind, item.text) for item in dev.attention] == [
        ("no_visit", "Not visited yet in 2025–26")]
    ben = overview.teacher_overview(db, ids["ben"], TODAY, threshold_days=14)
    assert [item.text for item in ben.attention] == [
        "No visit for 20 days (the coverage threshold is 14 days)"]


def test_a_follow_up_asked_for_and_a_goal_without_a_step_need_attention(school):
    from db import wellbeing

    db, ids = school
    wellbeing.record_check_in(db, staff_id=ids["cara"], checked_on=day(-2), energy=2,
                              workload=5, stress=5, needs_follow_up=True)
    records.insert(db, "goals", {"staff_id": ids["cara"], "title": "Seminars in every unit",
                                 "status": "active", "cycle_stage": "learn"})
    cara = overview.teacher_overview(db, ids["cara"], TODAY, threshold_days=365)
    assert [item.kind for item in cara.attention] == ["follow_up", "goal_without_step"]
    assert "March 2026" in cara.attention[0].text
    assert "energy" not in cara.attention[0].text.lower()     # the request, never the scores


def test_the_heat_map_and_the_common_needs_follow_the_growth_profile(school):
    from desktop.core.profiles import growth_profile_for

    db, ids = school
    found = overview.school_profiles(db, TODAY)
    assert found.teachers == 4
    assert [row.name for row in found.heat] == ["Questioning", "Checking for understanding"]
    for row in found.heat:
        assert sum(len(cell.teachers) for cell in row.cells) == 4
        for cell in row.cells:
            for staff_id, level in zip(cell.teachers, cell.levels, strict=True):
                own = growth_profile_for(db, staff_id, as_of=TODAY).level_of(row.code)
                assert own.level == level and overview.band_of(own.level) == cell.band
    # Most teachers' gap first; each need's teachers are those whose profile has it as a gap.
    assert [(need.code, need.names) for need in found.needs] == [
        ("A1", ("Ana Lopez", "Ben Okafor"))]
    for need in found.needs:
        assert {staff_id for staff_id in ids.values() if staff_id in need.teachers} == {
            staff_id for staff_id in need.teachers
            if growth_profile_for(db, staff_id, as_of=TODAY).level_of(need.code).is_gap}
