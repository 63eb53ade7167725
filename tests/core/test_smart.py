from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.smart import GoalDraft, check, is_smart

GOOD = GoalDraft(
    title="More student talk in grade 7 maths discussions",
    description="Students explain their reasoning to a partner before whole-class sharing",
    measure="Share of talk time by students in three walkthroughs",
    baseline="25% student talk",
    target="50% student talk",
    indicator_code="2.1",
    start_on=date(2026, 1, 5),
    due_on=date(2026, 4, 30),
)


def failing(goal):
    return [item.key for item in check(goal) if not item.passed]


def test_a_well_written_goal_passes_every_check():
    assert is_smart(GOOD)
    assert failing(GOOD) == []


def test_each_missing_part_fails_its_own_check_with_advice():
    assert failing(replace(GOOD, title="Improve", description="be better")) == ["specific"]
    assert failing(replace(GOOD, measure=" ")) == ["measurable"]
    assert failing(replace(GOOD, baseline="")) == ["baseline_target"]
    assert failing(replace(GOOD, target="25% student talk")) == ["baseline_target"]
    assert failing(replace(GOOD, indicator_code=None)) == ["relevant"]
    assert failing(replace(GOOD, due_on=None)) == ["achievable", "time_bound"]
    assert failing(replace(GOOD, due_on=date(2026, 1, 10))) == ["achievable"]
    assert failing(replace(GOOD, due_on=date(2027, 6, 30))) == ["achievable"]
    assert failing(replace(GOOD, target="400% student talk")) == ["achievable"]
    assert failing(replace(GOOD, due_on=date(2026, 1, 1))) == ["achievable", "time_bound"]
    assert all(item.advice for item in check(GoalDraft()) if not item.passed)


@given(st.builds(GoalDraft, title=st.text(max_size=80), description=st.text(max_size=200),
                 measure=st.text(max_size=40), baseline=st.text(max_size=20), target=st.text(max_size=20),
                 indicator_code=st.one_of(st.none(), st.text(max_size=5)),
                 start_on=st.one_of(st.none(), st.dates()), due_on=st.one_of(st.none(), st.dates())))
def test_checks_never_crash_and_always_give_six_answers(goal):
    results = check(goal)
    assert [item.key for item in results] == [
        "specific", "measurable", "baseline_target", "achievable", "relevant", "time_bound"]
    assert all(item.passed or item.advice for item in results)
