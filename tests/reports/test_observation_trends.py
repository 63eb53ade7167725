from datetime import date

from db import observations as obs
from db import rubrics, staff
from desktop.reports.observation_trends import indicator_trends


def _visit(db, teacher, rubric, day, scores, status="complete"):
    visit = obs.start_observation(db, staff_id=teacher, rubric_id=rubric.id, observed_on=day)
    for indicator, score in scores:
        obs.set_score(db, visit, indicator.id, score)
    if status == "complete":
        obs.complete(db, visit)


def test_trends_follow_codes_across_rubric_versions_and_skip_drafts(memory_db):
    from db.rubric_io import rubric_to_data

    first = rubrics.get_rubric(memory_db, rubrics.load_default_rubric(memory_db))
    teacher = staff.add(memory_db, first_name="Ana", last_name="Lopez")
    a, b = first.indicators[0], first.indicators[4]
    _visit(memory_db, teacher, first, "2025-10-01", [(a, 2), (b, 3)])
    data = rubric_to_data(first)
    data["domains"][0]["indicators"][0]["name"] = "Learning intentions (new wording)"
    second = rubrics.get_rubric(memory_db, rubrics.save_edited_rubric(memory_db, first.id, data))
    _visit(memory_db, teacher, second, "2026-02-01", [(second.indicators[0], 4), (second.indicators[4], None)])
    _visit(memory_db, teacher, second, "2026-03-01", [(second.indicators[0], 1)], status="draft")
    trends = indicator_trends(memory_db, teacher)
    assert [(t.code, t.points) for t in trends] == [
        ("1.1", [(date(2025, 10, 1), 2), (date(2026, 2, 1), 4)]),
        ("2.1", [(date(2025, 10, 1), 3)])]
    assert trends[0].name == "Learning intentions (new wording)"
    assert (trends[0].change, trends[1].change) == (2, None)
