"""Coverage: days since each teacher's last visit, visits this term, the threshold."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import records, staff
from desktop.core.coverage import DEFAULT_THRESHOLD_DAYS, school_coverage, threshold_from_settings
from desktop.settings import Settings as UserSettings

TODAY = date(2026, 3, 10)   # term 2 (from 1 January) of 2025–26


def _visit(db, teacher, rubric, days_ago, status="complete"):
    records.insert(db, "observations", {
        "staff_id": teacher, "rubric_id": rubric, "kind": "walkthrough", "status": status,
        "observed_on": (TODAY - timedelta(days=days_ago)).isoformat()})


@pytest.fixture
def school(memory_db):
    rubric = records.insert(memory_db, "rubrics", {"family_id": "f", "name": "R"})
    people = {name: staff.add(memory_db, first_name=name, last_name="Teacher")
              for name in ("Ana", "Ben", "Cara", "Dev", "Eve")}
    staff.add(memory_db, first_name="Maya", last_name="Coach", role="coach")
    for days in (1, 8, 30, 100):          # 100 days ago: last term
        _visit(memory_db, people["Ana"], rubric, days)
    _visit(memory_db, people["Ben"], rubric, 14)
    _visit(memory_db, people["Cara"], rubric, 13, status="draft")
    _visit(memory_db, people["Cara"], rubric, -3)  # booked for the future: not a visit yet
    staff.archive(memory_db, people["Eve"])
    return memory_db, people


def test_each_teacher_has_days_since_and_visits_this_term(school):
    db, people = school
    coverage = school_coverage(db, TODAY)
    by_name = {row.name: row for row in coverage.teachers}
    assert set(by_name) == {"Ana Teacher", "Ben Teacher", "Cara Teacher", "Dev Teacher"}
    assert (by_name["Ana Teacher"].days_since, by_name["Ana Teacher"].visits_this_term) == (1, 3)
    assert by_name["Ana Teacher"].visits_this_year == 4
    assert (by_name["Ben Teacher"].days_since, by_name["Ben Teacher"].visits_this_term) == (14, 1)
    # A draft is not a visit yet, and a visit booked for later is not one either.
    assert (by_name["Cara Teacher"].days_since, by_name["Cara Teacher"].visits_this_term) == (None, 0)
    assert by_name["Dev Teacher"].days_since is None
    assert by_name["Dev Teacher"].since_text == "never visited"


def test_the_default_threshold_flags_14_days_and_never(school):
    db, _ = school
    coverage = school_coverage(db, TODAY)
    assert coverage.threshold_days == DEFAULT_THRESHOLD_DAYS == 14
    assert [row.name for row in coverage.overdue] == ["Cara Teacher", "Dev Teacher", "Ben Teacher"]
    assert [row.name for row in coverage.teachers][:3] == ["Cara Teacher", "Dev Teacher", "Ben Teacher"]
    assert coverage.spread == (0, 3)
    assert coverage.summary() == ("3 teachers not visited in 14+ days · 4 visits in "
                                  "Term 2, 2025–26 · between 0 and 3 visits each")


def test_a_different_threshold_changes_who_is_flagged(school):
    db, _ = school
    assert [r.name for r in school_coverage(db, TODAY, threshold_days=7).overdue] == [
        "Cara Teacher", "Dev Teacher", "Ben Teacher"]
    assert [r.name for r in school_coverage(db, TODAY, threshold_days=30).overdue] == [
        "Cara Teacher", "Dev Teacher"]
    with pytest.raises(ValueError):
        school_coverage(db, TODAY, threshold_days=0)


def test_the_threshold_comes_from_settings():
    settings = UserSettings.load()
    assert threshold_from_settings(settings) == 14
    settings.set("coverage.threshold_days", 21)
    assert threshold_from_settings(UserSettings.load()) == 21
    assert threshold_from_settings(UserSettings({"coverage.threshold_days": -4})) == 14


def test_an_empty_school_has_a_plain_summary(memory_db):
    coverage = school_coverage(memory_db, TODAY)
    assert coverage.teachers == [] and coverage.summary() == "No teachers on the staff list yet."


@settings(max_examples=30, deadline=None)
@given(days=st.lists(st.integers(min_value=0, max_value=400), max_size=6),
       threshold=st.integers(min_value=1, max_value=60))
def test_overdue_means_never_or_at_least_threshold_days(days, threshold):
    from db.connection import open_memory

    db = open_memory()
    rubric = records.insert(db, "rubrics", {"family_id": "f", "name": "R"})
    teacher = staff.add(db, first_name="Solo", last_name="Teacher")
    for offset in days:
        _visit(db, teacher, rubric, offset)
    row = school_coverage(db, TODAY, threshold_days=threshold).teachers[0]
    expected_days = min(days) if days else None
    assert row.days_since == expected_days
    assert row.overdue == (expected_days is None or expected_days >= threshold)
    term_start = date(2026, 1, 1)
    assert row.visits_this_term == sum(1 for d in days if TODAY - timedelta(days=d) >= term_start)
    db.close()
