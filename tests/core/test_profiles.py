from datetime import date

import pytest

from db import records, rubrics, staff
from desktop.core.profiles import growth_profile_for


@pytest.fixture
def school(memory_db):
    rubric_id = rubrics.load_default_rubric(memory_db)
    indicators = {item.code: item for item in rubrics.indicators(memory_db, rubric_id)}
    teacher = staff.add(memory_db, first_name="Ann", last_name="Lee")
    return memory_db, rubric_id, indicators, teacher


def observe(db, teacher, rubric_id, indicator, day, score, status="complete", evidence=()):
    observation = records.insert(db, "observations", {
        "staff_id": teacher, "rubric_id": rubric_id, "kind": "walkthrough", "status": status,
        "observed_on": day.isoformat()})
    records.insert(db, "observation_scores", {
        "observation_id": observation, "indicator_id": indicator.id, "score": score})
    for position, text in enumerate(evidence):
        records.insert(db, "observation_evidence", {
            "observation_id": observation, "indicator_id": indicator.id, "noted_at": "2026-01-01T10:00",
            "text": text, "position": position})
    return observation


def test_profile_from_the_database_uses_complete_scores_and_latest_self_rating(school):
    db, rubric_id, indicators, teacher = school
    first = next(iter(indicators.values()))
    observe(db, teacher, rubric_id, first, date(2026, 3, 1), 2, evidence=["Asked 3 recall questions"])
    observe(db, teacher, rubric_id, first, date(2026, 3, 1), 4, status="draft")
    for taken_on, rating in (("2025-09-01", 1), ("2026-02-01", 4)):
        assessment = records.insert(db, "self_assessments", {"staff_id": teacher, "taken_on": taken_on})
        records.insert(db, "self_assessment_ratings", {
            "self_assessment_id": assessment, "indicator_id": first.id, "rating": rating})
    profile = growth_profile_for(db, teacher, as_of=date(2026, 3, 1))
    level = profile.level_of(first.code)
    assert level.observation_level == 2
    assert level.self_level == 4
    assert level.level == pytest.approx(2.5)
    assert level.evidence[0].evidence == ("Asked 3 recall questions",)
    assert len(profile.levels) == len(indicators)
