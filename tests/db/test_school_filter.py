"""A district file's lists and figures for one school: each storage function keeps that
school's teachers' rows with one SQL term (db.schools.of_school), and no school (None) is
the whole district, as before. The file is tests/helpers/district.py."""

from __future__ import annotations

import pytest

from db import (
    celebrations,
    conversations,
    evidence,
    goals,
    milestone_facts,
    observations,
    overview,
    pd,
    schools,
    wellbeing,
)
from db.connection import open_memory
from tests.helpers.district import HILLSIDE, RIVERSIDE, build_district
from tests.ui.school import TODAY, day

YEAR = ("2025-08-01", "2026-07-31")


@pytest.fixture(scope="module")
def district():
    from db import clock

    with clock.fixed(TODAY):
        db = open_memory()
        ids = build_district(db)
        yield db, ids
    db.close()


def _teachers_of(db, school_id: str) -> set[str]:
    return {row[0] for row in db.execute("SELECT id FROM staff WHERE school_id = ?", [school_id])}


def test_the_term_is_none_without_a_school_and_one_term_with_one():
    assert schools.of_school("o.staff_id", None) == ([], [])
    assert schools.of_school("o.staff_id", "s1") == (
        ["o.staff_id IN (SELECT id FROM staff WHERE school_id = ?)"], ["s1"])


def test_a_school_is_read_by_id(district):
    db, ids = district
    assert schools.get_school(db, ids["hillside"]).name == HILLSIDE
    assert schools.get_school(db, "gone") is None
    assert [s.name for s in schools.list_schools(db)] == [HILLSIDE, RIVERSIDE]


def test_observations_list_count_and_totals_keep_the_schools_teachers(district):
    db, ids = district
    every = observations.list_observations(db)
    hill = observations.list_observations(db, school_id=ids["hillside"])
    river = observations.list_observations(db, school_id=ids["riverside"])
    assert {row.teacher_name for row in hill} == {"Eve Moreau", "Finn Olsen"}
    assert {row.staff_id for row in river} <= _teachers_of(db, ids["riverside"])
    assert len(hill) + len(river) == len(every) == 7
    # one page, read from the indexes, keeps to the school too
    page = observations.list_observations(db, school_id=ids["hillside"], limit=1, offset=1)
    assert [row.id for row in page] == [hill[1].id]
    for school in ("hillside", "riverside"):
        assert observations.count_observations(db, school_id=ids[school]) == len(
            observations.list_observations(db, school_id=ids[school]))
    hill_totals = observations.list_totals(db, as_of=TODAY.isoformat(), school_id=ids["hillside"])
    river_totals = observations.list_totals(db, as_of=TODAY.isoformat(), school_id=ids["riverside"])
    all_totals = observations.list_totals(db, as_of=TODAY.isoformat())
    assert (hill_totals.shown, hill_totals.figures.visits, hill_totals.figures.levels_marked) == (2, 2, 4)
    assert hill_totals.figures.average_level == pytest.approx((4 + 4 + 1 + 2) / 4)
    assert hill_totals.shown + river_totals.shown == all_totals.shown
    assert hill_totals.figures.visits + river_totals.figures.visits == all_totals.figures.visits
    assert river_totals.drafts == all_totals.drafts == 1


def test_visit_counts_coverage_and_observer_shares_per_school(district):
    db, ids = district
    term = ("2026-01-01", TODAY.isoformat())
    counts = {key: observations.count_visits(db, since=term[0], until=term[1], school_id=ids.get(key))
              for key in ("hillside", "riverside", None)}
    assert counts == {"hillside": 2, "riverside": 3, None: 5}
    hill = observations.teacher_visits(db, until=term[1], period_since=term[0], year_since=YEAR[0],
                                       school_id=ids["hillside"])
    assert sorted(row.name for row in hill) == ["Eve Moreau", "Finn Olsen"]   # no coach
    assert len(observations.teacher_visits(db, until=term[1], period_since=term[0],
                                           year_since=YEAR[0])) == 6
    shares = overview.visits_by_observer(db, since=term[0], until=term[1], school_id=ids["hillside"])
    assert [(share.name, share.visits) for share in shares] == [("Gia Hart", 2)]


def test_goals_steps_and_conversations_per_school(district):
    db, ids = district
    hill, river = ids["hillside"], ids["riverside"]
    assert [g.title for g in goals.list_goals(db, school_id=hill)] == ["Use mini whiteboards daily"]
    assert goals.count_listed(db, school_id=hill) == 1
    assert goals.count_listed(db, school_id=river) == 3
    assert goals.count_listed(db) == 4
    by_status = goals.goals_by_status(db, since=YEAR[0], until=YEAR[1], school_id=hill)
    assert (by_status["active"], by_status["met"]) == (1, 0)
    assert goals.goals_by_status(db, since=YEAR[0], until=YEAR[1], school_id=river)["active"] == 2
    steps = goals.list_overdue_action_steps(db, today=TODAY.isoformat(), school_id=hill)
    assert [s.description for s in steps] == ["Order a class set of whiteboards"]
    count, first = goals.overdue_summary(db, today=TODAY.isoformat(), school_id=river)
    assert (count, first.description) == (1, "Script five open questions per lesson")
    assert goals.overdue_summary(db, today=TODAY.isoformat())[0] == 2
    talks = conversations.list_conversations(db, school_id=hill)
    assert [c.teacher_name for c in talks] == ["Finn Olsen"]
    assert conversations.count_listed(db, school_id=hill) == 1
    assert conversations.count_listed(db, school_id=river) == 2
    assert conversations.count_listed(db) == 3


def test_celebrations_per_school(district):
    db, ids = district
    hill, river = ids["hillside"], ids["riverside"]
    assert [c.title for c in celebrations.list_celebrations(db, school_id=hill)] == ["Finn's reading corner"]
    assert celebrations.count_listed(db, school_id=river) == (2, 1)
    assert celebrations.count_listed(db, school_id=hill) == (1, 1)
    assert celebrations.count_celebrations(db, since=YEAR[0], until=YEAR[1], school_id=hill) == 1
    assert celebrations.count_celebrations(db, since=YEAR[0], until=YEAR[1], school_id=river) == 2
    assert celebrations.count_celebrations(db, since=YEAR[0], until=YEAR[1]) == 3
    # the school filter goes with the wall's other filters
    assert celebrations.list_celebrations(db, school_id=hill, text="seminar") == []


def test_pd_hours_and_participants_per_school_over_one_shared_catalog(district):
    db, ids = district
    hill, river = ids["hillside"], ids["riverside"]
    hours = {key: pd.hours_credited(db, since=YEAR[0], until=TODAY.isoformat(), school_id=ids.get(key))
             for key in ("hillside", "riverside", None)}
    assert hours == {"hillside": 3.0, "riverside": 3.5, None: 6.5}
    assert pd.hours_by_format(db, since=YEAR[0], until=TODAY.isoformat(), school_id=hill) == {"workshop": 3.0}
    workshop = next(o for o in pd.list_offerings(db) if o.title.startswith("Questioning"))
    everyone = pd.participants(db, workshop.id)
    assert [p.teacher_name for p in pd.participants(db, workshop.id, school_id=hill)] == ["Eve Moreau"]
    assert len(pd.participants(db, workshop.id, school_id=river)) == len(everyone) - 1


def test_profiles_and_milestones_per_school(district):
    db, ids = district
    hill = ids["hillside"]
    assert [name for _, name in evidence.current_teachers(db, school_id=hill)] == ["Eve Moreau", "Finn Olsen"]
    assert {staff for staff, _ in evidence.scores_of_each_teacher(db, school_id=hill)} == {ids["eve"], ids["finn"]}
    facts = milestone_facts.gather_facts(db, school_id=hill)
    assert {p.name for p in facts.people} == {"Eve Moreau", "Finn Olsen", "Gia Hart"}
    assert [(p.staff_id, p.offering_title) for p in facts.completed_pd] == [
        (ids["eve"], "Questioning that makes students think")]


def test_follow_ups_per_school():
    db = open_memory()
    ids = build_district(db)
    wellbeing.record_check_in(db, staff_id=ids["finn"], checked_on=day(-2), energy=2, workload=4,
                              stress=4, needs_follow_up=True)
    assert [f.name for f in wellbeing.follow_ups(db, school_id=ids["hillside"])] == ["Finn Olsen"]
    assert wellbeing.follow_ups(db, school_id=ids["riverside"]) == []
    assert len(wellbeing.follow_ups(db)) == 1
    db.close()


def test_overview_figures_per_school_add_up_to_the_districts(district):
    from desktop.core import overview as core

    db, ids = district
    figures = {key: core.school_overview(db, TODAY, threshold_days=14, school_id=ids.get(key))
               for key in ("hillside", "riverside", None)}
    district_ = figures.pop(None)
    for name, value in (("teachers", lambda f: f.teachers), ("visits", lambda f: f.visits),
                        ("not visited", lambda f: f.not_visited),
                        ("active goals", lambda f: f.goals_by_status["active"]),
                        ("met goals", lambda f: f.goals_by_status["met"]),
                        ("overdue steps", lambda f: len(f.overdue_steps)),
                        ("PD hours", lambda f: f.pd_hours.total),
                        ("celebrations", lambda f: f.celebrations_total),
                        ("observer visits", lambda f: sum(o.visits for o in f.observers))):
        assert sum(value(f) for f in figures.values()) == value(district_), name
    assert (figures["hillside"].teachers, figures["hillside"].visits) == (2, 2)
    assert (figures["riverside"].teachers, figures["riverside"].visits) == (4, 3)
    profiles = {key: core.school_profiles(db, TODAY, school_id=ids.get(key))
                for key in ("hillside", "riverside", None)}
    assert profiles["hillside"].teachers + profiles["riverside"].teachers == profiles[None].teachers
    for row_h, row_r, row_d in zip(profiles["hillside"].heat, profiles["riverside"].heat,
                                   profiles[None].heat, strict=True):
        for cell_h, cell_r, cell_d in zip(row_h.cells, row_r.cells, row_d.cells, strict=True):
            assert len(cell_h.teachers) + len(cell_r.teachers) == len(cell_d.teachers)
    assert sum(core.suggestions_waiting(db, TODAY, school_id=ids[k]) for k in ("hillside", "riverside")) \
        == core.suggestions_waiting(db, TODAY)
