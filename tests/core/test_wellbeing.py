"""The five-response rule: no school figure is ever over fewer than five teachers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import records, staff, wellbeing
from desktop.core.wellbeing import (
    MIN_GROUP,
    Response,
    WellbeingValidationError,
    check_scores,
    group_average,
    school_trend,
    school_wellbeing,
)

score = st.integers(min_value=1, max_value=5)
responses = st.lists(
    st.builds(Response,
              respondent=st.sampled_from([f"t{n}" for n in range(12)]),
              checked_on=st.dates(min_value=date(2025, 9, 1), max_value=date(2026, 6, 30)),
              energy=score, workload=score, stress=score),
    max_size=80)


@settings(max_examples=200, deadline=None)
@given(responses)
def test_every_shown_month_has_at_least_five_people_and_nothing_is_lost(items):
    trend = school_trend(items)
    for point in trend.points:
        people = {r.respondent for r in items if r.checked_on.replace(day=1) == point.month}
        assert point.people == len(people) >= MIN_GROUP
        for measure in ("energy", "workload", "stress"):
            assert 1 <= getattr(point, measure) <= 5
    shown = {point.month for point in trend.points}
    months = {r.checked_on.replace(day=1) for r in items}
    # Every month with check-ins is either shown or said to be withheld, never both.
    assert shown | set(trend.withheld) == months and not shown & set(trend.withheld)
    for month in trend.withheld:
        assert len({r.respondent for r in items if r.checked_on.replace(day=1) == month}) < MIN_GROUP


@settings(max_examples=200, deadline=None)
@given(responses)
def test_a_group_average_is_none_below_five_people(items):
    people = {r.respondent for r in items}
    point = group_average(items)
    assert (point is None) == (len(people) < MIN_GROUP)
    if point is not None:
        assert point.people == len(people)


def test_many_check_ins_by_four_people_are_still_four():
    items = [Response(f"t{n % 4}", date(2026, 3, 1 + n), 3, 3, 3) for n in range(20)]
    trend = school_trend(items)
    assert trend.points == [] and trend.withheld == [date(2026, 3, 1)]
    assert "fewer than 5 teachers" in trend.withheld_text
    assert group_average(items) is None


def test_each_person_counts_once_in_the_average():
    # One teacher checking in four times cannot outweigh four others.
    items = [Response("loud", date(2026, 3, d), 1, 5, 5) for d in (2, 3, 4, 5)]
    items += [Response(f"t{n}", date(2026, 3, 10), 5, 1, 1) for n in range(4)]
    [point] = school_trend(items).points
    assert (point.people, point.energy, point.workload, point.stress) == (5, 4.2, 1.8, 1.8)
    assert point.label == "Mar 2026"


def test_the_rule_cannot_be_lowered():
    with pytest.raises(ValueError):
        school_trend([], min_group=4)
    with pytest.raises(ValueError):
        group_average([], min_group=1)
    assert school_trend([], min_group=6).points == []


@pytest.mark.parametrize("values", [
    {"energy": 0, "workload": 3, "stress": 3}, {"energy": 3, "workload": 6, "stress": 3},
    {"energy": 3, "workload": 3, "stress": None}, {"energy": True, "workload": 3, "stress": 3},
    {"energy": 2.5, "workload": 3, "stress": 3},
])
def test_scores_outside_one_to_five_are_refused(values):
    with pytest.raises(WellbeingValidationError):
        check_scores(**values)


def test_through_the_database_private_by_default_and_school_view_anonymous(memory_db):
    db = memory_db
    people = [staff.add(db, first_name=f"T{n}", last_name="Teacher") for n in range(5)]
    first = wellbeing.record_check_in(db, staff_id=people[0], checked_on="2026-03-02",
                                      energy=2, workload=5, stress=4, note="  Report cards  ")
    saved = wellbeing.list_check_ins(db, staff_id=people[0])
    assert [(c.id, c.note, c.shared_with_leaders, c.needs_follow_up) for c in saved] == [
        (first, "Report cards", False, False)]
    assert school_wellbeing(db, since="2026-03-01", until="2026-03-31").points == []
    for person in people[1:]:
        wellbeing.record_check_in(db, staff_id=person, checked_on="2026-03-05",
                                  energy=4, workload=3, stress=2)
    [point] = school_wellbeing(db, since="2026-03-01", until="2026-03-31").points
    assert point.people == 5 and point.energy == 3.6
    wellbeing.set_follow_up(db, first, True)
    assert [(f.name, f.checked_on) for f in wellbeing.follow_ups(db)] == [("T0 Teacher", "2026-03-02")]
    staff.archive(db, people[0])
    assert wellbeing.follow_ups(db) == []


def test_bad_check_ins_are_refused_and_nothing_is_saved(memory_db):
    person = staff.add(memory_db, first_name="Ann")
    for values in ({"checked_on": "yesterday"}, {"energy": 9}, {"note": "x" * 2001}):
        with pytest.raises(WellbeingValidationError):
            wellbeing.record_check_in(memory_db, **{
                "staff_id": person, "checked_on": "2026-03-02", "energy": 3, "workload": 3,
                "stress": 3, **values})
    assert wellbeing.list_check_ins(memory_db, staff_id=person) == []


def test_wellbeing_offerings_come_from_the_pd_menu(memory_db):
    records.insert(memory_db, "pd_offerings", {"title": "Mindful mornings", "format": "wellbeing"})
    records.insert(memory_db, "pd_offerings", {"title": "Retired yoga", "format": "wellbeing",
                                               "retired_at": "2025-01-01"})
    records.insert(memory_db, "pd_offerings", {"title": "Questioning", "format": "workshop"})
    assert [o.title for o in wellbeing.wellbeing_offerings(memory_db)] == ["Mindful mornings"]
