"""The PD-day planner against brute force, with seats, clashes, rooms and who an offering is for."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.common_thread import (
    Candidate,
    Slot,
    Teacher,
    cohorts_by_need,
    fit_problem,
    grade_set,
    plan_pd_day,
)

DAY = datetime(2026, 2, 13, 8, 0)
CODES = ["1.1", "1.2", "2.1", "2.2", "3.1"]


def slot(hour: int, room: str = "", label: str = "") -> Slot:
    return Slot(DAY + timedelta(hours=hour), DAY + timedelta(hours=hour + 1), room, label)


# --- brute force: try every set of offerings and every way of seating the teachers --------------

def _eligible(teacher: Teacher, offering: Candidate) -> bool:
    return (offering.id not in teacher.completed and offering.id not in teacher.enrolled_in
            and bool(teacher.needs & offering.codes) and fit_problem(teacher, offering) is None
            and not any(b.overlaps(s) for b in teacher.busy for s in offering.sessions))


def _holds(teacher: Teacher, offering: Candidate) -> bool:
    return offering.id in teacher.enrolled_in and bool(teacher.needs & offering.codes)


def _rooms_ok(chosen) -> bool:
    for a, b in combinations(chosen, 2):
        for x in a.sessions:
            for y in b.sessions:
                if x.room_key and x.room_key == y.room_key and x.overlaps(y):
                    return False
    return True


def brute_force_best(teachers, candidates, k) -> int:
    best = 0
    for size in range(0, min(k, len(candidates)) + 1):
        for chosen in combinations(candidates, size):
            if not _rooms_ok(chosen):
                continue
            held = [t for t in teachers if any(_holds(t, o) for o in chosen)]
            others = [t for t in teachers if t not in held]
            options = [[None] + [o for o in chosen if _eligible(t, o)] for t in others]
            for picks in product(*options):
                used: dict[str, int] = {}
                for offering in picks:
                    if offering is not None:
                        used[offering.id] = used.get(offering.id, 0) + 1
                if all(o.seats is None or used.get(o.id, 0) <= o.seats for o in chosen):
                    best = max(best, len(held) + sum(1 for p in picks if p is not None))
    return best


def check_valid(plan, teachers, candidates, k) -> None:
    by_id = {o.id: o for o in candidates}
    teacher_by_id = {t.id: t for t in teachers}
    assert len(plan.picks) <= k
    assert _rooms_ok([by_id[o] for o in plan.picks])
    new_seats: dict[str, int] = {}
    for offering_id, people in plan.places.items():
        offering = by_id[offering_id]
        assert len(set(people)) == len(people)
        for teacher_id in people:
            teacher = teacher_by_id[teacher_id]
            assert _holds(teacher, offering) or _eligible(teacher, offering), (teacher, offering)
            if not _holds(teacher, offering):
                new_seats[offering_id] = new_seats.get(offering_id, 0) + 1
        assert offering.seats is None or new_seats.get(offering_id, 0) <= offering.seats
    for teacher in teachers:
        mine = [by_id[o] for o in plan.places_of(teacher.id)]
        for a, b in combinations(mine, 2):
            assert not any(x.overlaps(y) for x in a.sessions for y in b.sessions), "in two places at once"
        assert (teacher.id in plan.served) == bool(mine)
        if teacher.id in plan.served:
            assert plan.first_places[teacher.id] in plan.places_of(teacher.id)
        else:
            assert teacher.id in plan.unserved and plan.unserved[teacher.id].words
    assert len(plan.served) <= plan.bound


rooms = st.sampled_from(["", "Library", "Hall", "online"])
slots = st.builds(slot, st.integers(0, 3), rooms)
candidates_strategy = st.lists(
    st.builds(lambda codes, seats, sessions, subjects, years: (codes, seats, sessions, subjects, years),
              st.frozensets(st.sampled_from(CODES), min_size=1, max_size=2),
              st.one_of(st.none(), st.integers(0, 3)),
              st.lists(slots, max_size=2),
              st.sampled_from([frozenset(), frozenset({"Mathematics"}), frozenset({"Art"})]),
              st.sampled_from([(None, None), (None, 2), (5, None)])),
    min_size=1, max_size=5)
teachers_strategy = st.lists(
    st.builds(lambda *fields: fields,
              st.frozensets(st.sampled_from(CODES), max_size=3),
              st.sampled_from([frozenset(), frozenset({"Mathematics"}), frozenset({"French"}),
                               frozenset({"All subjects"}), frozenset({"Art", "mathematics"})]),
              st.one_of(st.none(), st.integers(0, 10)),
              st.lists(slots, max_size=1),
              st.sets(st.integers(0, 4), max_size=1),
              st.sets(st.integers(0, 4), max_size=1)),
    min_size=1, max_size=5)


def build(raw_teachers, raw_candidates):
    candidates = [Candidate(f"o{n}", codes, seats, tuple(sessions), subjects,
                            min_years=years[0], max_years=years[1])
                  for n, (codes, seats, sessions, subjects, years) in enumerate(raw_candidates)]
    teachers = [Teacher(f"t{n}", needs, subjects, years=years, busy=tuple(busy),
                        enrolled_in=frozenset(f"o{i}" for i in enrolled),
                        completed=frozenset(f"o{i}" for i in completed))
                for n, (needs, subjects, years, busy, enrolled, completed) in enumerate(raw_teachers)]
    return teachers, candidates


@settings(max_examples=250, deadline=None)
@given(teachers_strategy, candidates_strategy, st.integers(1, 3))
def test_the_planner_finds_the_brute_force_optimum_with_seats_clashes_rooms_and_fit(
        raw_teachers, raw_candidates, k):
    teachers, candidates = build(raw_teachers, raw_candidates)
    plan = plan_pd_day(teachers, candidates, k)
    check_valid(plan, teachers, candidates, k)
    assert plan.method == "exact"
    assert len(plan.served) == brute_force_best(teachers, candidates, k) == plan.bound


@settings(max_examples=150, deadline=None)
@given(teachers_strategy, candidates_strategy, st.integers(1, 3))
def test_out_of_search_budget_the_plan_is_valid_and_honest_about_its_bound(raw_teachers, raw_candidates, k):
    teachers, candidates = build(raw_teachers, raw_candidates)
    plan = plan_pd_day(teachers, candidates, k, search_limit=0)
    check_valid(plan, teachers, candidates, k)
    best = brute_force_best(teachers, candidates, k)
    assert len(plan.served) <= best <= plan.bound
    if plan.method == "exact":      # proven by the bound alone
        assert len(plan.served) == best


def test_seats_left_limit_who_is_said_to_be_served():
    """Lesson Study Team with 5 seats left was said to serve 15 teachers."""
    teachers = [Teacher(f"t{n:02}", frozenset({"4.2"})) for n in range(15)]
    lesson_study = Candidate("lesson-study", frozenset({"4.2", "1.2"}), seats=5)
    plan = plan_pd_day(teachers, [lesson_study], 1)
    assert plan.places["lesson-study"] == tuple(f"t{n:02}" for n in range(5))   # in the order given
    assert len(plan.served) == 5 and plan.exact
    assert {why.kind for why in plan.unserved.values()} == {"full"}


def test_an_offering_for_mathematics_teachers_goes_to_mathematics_teachers_only():
    subjects = {"maths": {"Mathematics"}, "french": {"French"}, "pe": {"Physical education"},
                "sped": {"Special education"}, "sped_maths": {"Special education", "Mathematics"},
                "generalist": {"All subjects"}, "unknown": set()}
    teachers = [Teacher(key, frozenset({"3.4"}), frozenset(value)) for key, value in subjects.items()]
    struggle = Candidate("struggle", frozenset({"3.4", "2.2"}), seats=150,
                         subjects=frozenset({"Mathematics"}))
    plan = plan_pd_day(teachers, [struggle], 1)
    assert set(plan.places["struggle"]) == {"maths", "sped_maths", "generalist"}
    assert plan.unserved["french"].words == "it is for Mathematics teachers"
    assert plan.unserved["unknown"].words == "it is for particular subjects and theirs are not on record"


def test_a_programme_for_new_teachers_is_not_given_to_experienced_ones():
    teachers = [Teacher(f"y{years}", frozenset({"4.1"}), years=years) for years in (0, 2, 3, 8)]
    mentoring = Candidate("new-teacher", frozenset({"4.1"}), seats=12, max_years=2)
    plan = plan_pd_day(teachers, [mentoring], 1)
    assert set(plan.served) == {"y0", "y2"}
    assert plan.unserved["y8"].words == "it is for teachers with up to 2 years' experience (they have 8)"


def test_nobody_is_in_two_places_at_once():
    morning, also_morning, afternoon = slot(0, "Library"), slot(0, "Hall"), slot(5, "Library")
    teachers = [Teacher("ann", frozenset({"1.1", "2.1"}), busy=(slot(5, "", "Regional Conference"),)),
                Teacher("ben", frozenset({"1.1", "2.1"}))]
    a = Candidate("a", frozenset({"1.1"}), sessions=(morning,))
    b = Candidate("b", frozenset({"2.1"}), sessions=(also_morning,))
    c = Candidate("c", frozenset({"2.1"}), sessions=(afternoon,))
    plan = plan_pd_day(teachers, [a, b, c], 2)
    check_valid(plan, teachers, [a, b, c], 2)
    # Ben goes to two sessions that do not overlap; Ann's afternoon is taken by a conference.
    assert len(plan.places_of("ben")) == 2
    assert plan.places_of("ann") and "c" not in plan.places_of("ann")
    only_c = plan_pd_day(teachers, [c], 1)
    assert only_c.unserved["ann"].kind == "clash"
    assert only_c.unserved["ann"].words == "its sessions clash with Regional Conference"


def test_two_offerings_never_share_a_room_at_the_same_time():
    teachers = [Teacher("ann", frozenset({"1.1"})), Teacher("ben", frozenset({"2.1"}))]
    a = Candidate("a", frozenset({"1.1"}), sessions=(slot(1, "Library"),))
    b = Candidate("b", frozenset({"2.1"}), sessions=(slot(1, "library "),))
    plan = plan_pd_day(teachers, [a, b], 2)
    assert len(plan.picks) == 1 and len(plan.served) == 1


def test_a_seat_already_held_counts_and_a_completed_offering_is_not_given_again():
    teachers = [Teacher("ann", frozenset({"1.1"}), enrolled_in=frozenset({"a"})),
                Teacher("ben", frozenset({"1.1"}), completed=frozenset({"a"}))]
    full = Candidate("a", frozenset({"1.1"}), seats=0)
    plan = plan_pd_day(teachers, [full], 1)
    assert plan.served == {"ann"}
    assert plan.unserved["ben"].kind == "completed"


def test_teachers_without_needs_are_named_with_the_reason():
    plan = plan_pd_day([Teacher("ann", frozenset())], [Candidate("a", frozenset({"1.1"}))], 1)
    assert plan.picks == () and plan.unserved["ann"].words == "no growth areas on record"


def test_grades_are_read_as_lists_or_ranges():
    assert grade_set("K, 1, 2") == {"k", "1", "2"}
    assert grade_set("6-8") == {"6", "7", "8"}
    assert grade_set("Pre-K–1") == {"pk", "k", "1"}
    fits = Candidate("g", frozenset({"1.1"}), grades=frozenset({"6-8"}))
    assert fit_problem(Teacher("t", frozenset(), grades=frozenset({"7"})), fits) is None
    assert fit_problem(Teacher("t", frozenset(), grades=frozenset({"K, 1"})), fits) == "it is for grades 6-8"


def test_a_district_sized_day_is_planned_and_honest(monkeypatch):
    import random

    rng = random.Random(7)
    codes = [f"{d}.{i}" for d in range(1, 5) for i in range(1, 5)]
    teachers = [Teacher(f"t{n:04}", frozenset(rng.sample(codes, 3)),
                        frozenset({rng.choice(["Mathematics", "English", "Art"])}), years=rng.randint(0, 30))
                for n in range(2000)]
    candidates = [Candidate(f"o{n:03}", frozenset(rng.sample(codes, 2)), seats=rng.choice([None, 8, 20, 30]),
                            sessions=(slot(rng.randint(0, 6), rng.choice(["Library", "Hall", "", "Room 4"])),))
                  for n in range(150)]
    plan = plan_pd_day(teachers, candidates, 4, search_limit=2000)
    check_valid(plan, teachers, candidates, 4)
    assert plan.method in ("exact", "approximate") and len(plan.served) <= plan.bound


def test_cohorts_group_by_first_shared_need():
    cohorts = cohorts_by_need({"ann": ["2.1", "1.1"], "ben": ["2.1"], "cy": ["3.1", "1.1"], "dee": ["1.1"],
                               "eve": ["4.4"]})
    assert cohorts == {"2.1": ["ann", "ben"], "1.1": ["cy", "dee"], "": ["eve"]}
