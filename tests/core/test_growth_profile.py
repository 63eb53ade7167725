"""The profile rule on hand-worked examples (numbers worked out on paper)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.growth_profile import (
    IndicatorInfo,
    ScoredEvidence,
    build_profile,
    combine,
    observation_level,
    recency_weight,
)

TODAY = date(2026, 5, 1)
Q = IndicatorInfo("2.1", "Questioning", 1)
F = IndicatorInfo("3.2", "Feedback", 2)
C = IndicatorInfo("1.1", "Climate", 0)


def score(code, days_ago, value, kind="walkthrough"):
    return ScoredEvidence(code, TODAY - timedelta(days=days_ago), value, kind)


def test_weight_halves_every_sixty_days_and_formal_counts_double():
    assert recency_weight(TODAY, TODAY, "walkthrough") == 1.0
    assert recency_weight(TODAY - timedelta(days=60), TODAY, "walkthrough") == pytest.approx(0.5)
    assert recency_weight(TODAY - timedelta(days=120), TODAY, "formal") == pytest.approx(0.5)


def test_recent_scores_weigh_more():
    # 2 today (w=1) and 4 sixty days ago (w=0.5): (2*1 + 4*0.5) / 1.5 = 2.667
    level = observation_level([score("2.1", 0, 2), score("2.1", 60, 4)], TODAY)
    assert level == pytest.approx(8 / 3)


def test_observation_counts_three_quarters_self_one_quarter():
    assert combine(2.0, 4) == pytest.approx(2.5)
    assert combine(None, 3) == 3.0
    assert combine(3.5, None) == 3.5
    assert combine(None, None) is None


def test_strengths_and_gaps_ranked_with_reasons():
    scores = [score("2.1", 0, 2), score("2.1", 30, 1), score("3.2", 10, 4), score("3.2", 40, 4)]
    profile = build_profile([C, Q, F], scores, {"2.1": 3, "1.1": 3}, TODAY)
    # 1.1 rests on a self-rating alone: not a strength until it is seen in class.
    assert [item.indicator.code for item in profile.strengths] == ["3.2"]
    assert [item.indicator.code for item in profile.gaps] == ["2.1"]
    questioning = profile.level_of("2.1")
    # obs = (2*1 + 1*0.7071) / 1.7071 = 1.586; level = .75*1.586 + .25*3 = 1.939
    assert questioning.level == pytest.approx(0.75 * (2 + 2 ** -0.5) / (1 + 2 ** -0.5) + 0.75)
    assert questioning.reason == "1.6 from 2 observations; self-rated 3"
    assert [item.indicator.code for item in profile.perception_gaps] == ["2.1"]
    assert profile.level_of("1.1").reason == "self-rated 3"


def test_future_scores_are_ignored_and_no_evidence_is_said_plainly():
    profile = build_profile([Q], [score("2.1", -5, 1)], {}, TODAY)
    assert profile.level_of("2.1").level is None
    assert profile.level_of("2.1").reason == "no evidence yet"


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 4), st.booleans()), min_size=1, max_size=30),
       st.one_of(st.none(), st.integers(1, 4)))
def test_level_always_lies_within_the_scores_given(samples, self_rating):
    scores = [score("2.1", days, value, "formal" if formal else "walkthrough")
              for days, value, formal in samples]
    level = build_profile([Q], scores, {"2.1": self_rating} if self_rating else {}, TODAY).level_of("2.1").level
    values = [value for _, value, _ in samples] + ([self_rating] if self_rating else [])
    assert min(values) - 1e-9 <= level <= max(values) + 1e-9


def test_a_strength_is_seen_in_class_and_is_never_also_worth_talking_about():
    # Self 4, seen at 3.0: a strength (both agree it is proficient or better), not a perception gap.
    # Self 4, seen at 2.6: level 2.95 is no strength (observed < 3), and the gap is worth talking about.
    scores = [score("3.2", 5, 3), score("2.1", 5, 3), score("2.1", 6, 2), score("2.1", 7, 3)]
    profile = build_profile([C, Q, F], scores, {"3.2": 4, "2.1": 4}, TODAY)
    assert [item.indicator.code for item in profile.strengths] == ["3.2"]
    assert [item.indicator.code for item in profile.perception_gaps] == ["2.1"]
    assert not {item.indicator.code for item in profile.strengths} & {
        item.indicator.code for item in profile.perception_gaps}


def test_an_achieved_goal_turns_its_gap_into_growth_and_focus_areas_are_at_most_three():
    indicators = [IndicatorInfo(f"1.{n}", f"Indicator {n}", n) for n in range(1, 8)]
    scores = [score(f"1.{n}", 3, 2) for n in range(1, 8)]
    goals = [("1.1", "met", "2026-03-10"), ("1.6", "active", None), ("1.7", "met", "2026-09-01")]
    profile = build_profile(indicators, scores, {}, TODAY, goals=goals)
    gaps = [item.indicator.code for item in profile.gaps]
    assert "1.1" not in gaps and [item.indicator.code for item in profile.achieved] == ["1.1"]
    assert "1.7" in gaps                         # achieved after as_of: not yet
    focus = [item.indicator.code for item in profile.focus_areas]
    assert len(focus) == 3 and focus[0] == "1.6"  # the goal in progress leads


def test_an_indicator_rose_when_its_latest_scores_beat_its_earliest():
    scores = [score("2.1", 200, 1), score("2.1", 150, 2), score("2.1", 100, 2), score("2.1", 50, 3),
              score("2.1", 10, 3), score("2.1", 5, 4), score("3.2", 50, 3), score("3.2", 5, 3)]
    profile = build_profile([Q, F], scores, {}, TODAY)
    # first three 1,2,2 -> 1.67; last three 3,3,4 -> 3.33
    assert profile.level_of("2.1").change == pytest.approx(5 / 3)
    assert [item.indicator.code for item in profile.risen] == ["2.1"]
    assert profile.level_of("3.2").change == 0 and build_profile([Q], [score("2.1", 1, 2)], {}, TODAY).risen == []
