from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import common_thread
from desktop.core.common_thread import cohorts_by_need, greedy_choice, plan_pd_day

CODES = ["1.1", "1.2", "2.1", "2.2", "3.1"]


def brute_force_best(needs, addresses, k):
    reach = {o: {t for t, codes in needs.items() if codes & set(c)} for o, c in addresses.items()}
    best = 0
    for combo in combinations(reach, min(k, len(reach))):
        best = max(best, len(set().union(*(reach[o] for o in combo))))
    return best


def test_hand_made_pd_day():
    needs = {"ann": {"2.1"}, "ben": {"2.1", "3.1"}, "cy": {"1.1"}, "dee": {"3.1"}, "eve": {"1.2"}}
    addresses = {"questioning": {"2.1"}, "feedback": {"3.1"}, "climate": {"1.1"}, "mixed": {"2.1", "3.1"}}
    plan = plan_pd_day(needs, addresses, 2)
    assert plan.picks[0].offering_id == "mixed"
    assert plan.picks[0].serves == {"ann", "ben", "dee"}
    assert plan.picks[1].offering_id == "climate"
    assert plan.left_out == {"eve"}
    assert plan.method == "exact"


needs_strategy = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3), st.sets(st.sampled_from(CODES), min_size=1, max_size=3),
    min_size=1, max_size=10)
addresses_strategy = st.dictionaries(
    st.text("pqrstuvw", min_size=1, max_size=3), st.sets(st.sampled_from(CODES), min_size=1, max_size=2),
    min_size=1, max_size=7)


@settings(max_examples=150, deadline=None)
@given(needs_strategy, addresses_strategy, st.integers(1, 4))
def test_planner_matches_brute_force_optimum(needs, addresses, k):
    plan = plan_pd_day(needs, addresses, k)
    assert len(plan.served) == brute_force_best(needs, addresses, k)
    assert plan.served | plan.left_out == set(needs)
    assert len(plan.picks) <= k


@settings(max_examples=150, deadline=None)
@given(needs_strategy, addresses_strategy, st.integers(1, 4))
def test_greedy_is_within_the_known_bound_of_the_optimum(needs, addresses, k):
    reach = common_thread._reach(needs, addresses)
    chosen = greedy_choice(reach, k)
    covered = set().union(*(reach[o] for o in chosen)) if chosen else set()
    assert len(covered) >= (1 - 1 / 2.718281828) * brute_force_best(needs, addresses, k) - 1e-9


def test_large_catalogs_use_greedy(monkeypatch):
    monkeypatch.setattr(common_thread, "EXACT_LIMIT", 1)
    plan = plan_pd_day({"a": {"1.1"}, "b": {"2.1"}}, {"x": {"1.1"}, "y": {"2.1"}, "z": {"3.1"}}, 2)
    assert plan.method == "greedy"
    assert plan.served == {"a", "b"}


def test_cohorts_group_by_first_shared_need():
    cohorts = cohorts_by_need({"ann": ["2.1", "1.1"], "ben": ["2.1"], "cy": ["3.1", "1.1"], "dee": ["1.1"],
                               "eve": ["4.4"]})
    assert cohorts == {"2.1": ["ann", "ben"], "1.1": ["cy", "dee"], "": ["eve"]}
