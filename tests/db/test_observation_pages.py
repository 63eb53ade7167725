"""The Observations list read a page at a time: pages join up to the whole list in every
order, the totals match the rows, and the newest page is read from an index."""

from __future__ import annotations

from datetime import date

import pytest

from db import observations
from db.connection import open_memory
from desktop.core.demo import build_demo_school

PAGE = 17


@pytest.fixture(scope="module")
def school():
    db = open_memory()
    build_demo_school(db, teachers=14, seed=11, today=date(2026, 3, 10))
    return db


def _key(row):
    return row.id


@pytest.mark.parametrize("order", sorted(observations.ORDERS))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_join_up_to_the_whole_list_in_every_order(school, order, descending):
    whole = observations.list_observations(school, order=order, descending=descending)
    assert len(whole) > 5 * PAGE
    pages = []
    for offset in range(0, len(whole) + PAGE, PAGE):
        pages += observations.list_observations(school, order=order, descending=descending,
                                                limit=PAGE, offset=offset)
    assert [_key(row) for row in pages] == [_key(row) for row in whole]
    assert observations.count_observations(school) == len(whole)


def test_the_default_order_is_the_newest_first_and_filters_apply_to_pages(school):
    rows = observations.list_observations(school)
    stamps = [row.observed_on for row in rows]
    assert stamps == sorted(stamps, reverse=True)
    walkthroughs = observations.list_observations(school, kind="walkthrough", limit=5, offset=3)
    assert [row.id for row in walkthroughs] == [
        row.id for row in rows if row.kind == "walkthrough"][3:8]
    teacher = rows[0].staff_id
    assert [row.id for row in observations.list_observations(school, staff_id=teacher, limit=3)] == [
        row.id for row in rows if row.staff_id == teacher][:3]
    some = [rows[4].id, rows[1].id]
    assert [row.id for row in observations.list_observations(school, ids=some)] == [rows[1].id, rows[4].id]


def test_totals_add_up_what_the_list_shows(school):
    for filters in ({}, {"kind": "walkthrough"}, {"since": "2026-01-01"}):
        rows = observations.list_observations(school, **filters)
        totals = observations.list_totals(school, as_of="2099-12-31", **filters)
        visits = [row for row in rows if row.is_visit]
        assert totals.shown == len(rows) and totals.figures.visits == len(visits)
        assert totals.drafts == sum(1 for row in rows if row.status == "draft")
        assert totals.figures.walkthroughs == sum(1 for row in visits if row.kind == "walkthrough")
        assert totals.ahead == 0
        # The visits are counted as every screen counts them.
        assert totals.figures == observations.visit_figures(school, until="2099-12-31", **filters)


def test_totals_leave_out_visits_dated_after_the_day_they_are_for(school):
    rows = observations.list_observations(school)
    days = sorted(row.observed_on[:10] for row in rows if row.is_visit)
    as_of = days[len(days) // 2]
    totals = observations.list_totals(school, as_of=as_of)
    assert totals.ahead == sum(1 for day in days if day > as_of) > 0
    assert totals.figures.visits == sum(1 for day in days if day <= as_of)


def test_observers_are_everyone_who_observed_by_name(school):
    rows = observations.list_observations(school)
    assert observations.observers(school) == sorted({row.observer_name for row in rows if row.observer_name},
                                                    key=str.lower)


def test_the_newest_page_is_read_from_the_index_in_order(school):
    plan = " ".join(row[3] for row in school.execute(
        "EXPLAIN QUERY PLAN SELECT o.rowid FROM observations o JOIN staff t ON t.id = o.staff_id "
        "WHERE o.observed_on >= '2025-08-18' "
        f"ORDER BY {observations.ORDERS['date'].format(d='DESC')} LIMIT 200"))
    assert "observations_newest" in plan and "TEMP B-TREE" not in plan
    mine = " ".join(row[3] for row in school.execute(
        "EXPLAIN QUERY PLAN SELECT o.rowid FROM observations o WHERE o.staff_id = 'x' "
        f"ORDER BY {observations.ORDERS['date'].format(d='DESC')} LIMIT 200"))
    assert "observations_staff_newest" in mine and "TEMP B-TREE" not in mine
