"""What goes into a portfolio: the school year, privacy, and the summaries of a busy year."""

from datetime import date

import pytest

from db import school_years
from db.connection import open_memory
from desktop.core.portfolio_data import (
    MAX_GLOWS,
    SchoolYearError,
    default_school_year,
    gather_portfolio,
    monthly_means,
    parse_school_year,
    portfolio_year,
    spread,
)
from tests.helpers.portfolio_school import build_portfolio_school
from tests.ui.school import year_plan


@pytest.fixture(scope="module")
def school():
    db = open_memory()
    people = build_portfolio_school(db)
    yield db, people
    db.close()


def test_a_portfolio_year_is_a_school_year_record(memory_db):
    school_years.replace_years(memory_db, [year_plan(2024), year_plan(2025), year_plan(2026)])
    year = parse_school_year(memory_db, "2025-2026")
    assert (year.first, year.last, year.label) == (date(2025, 8, 1), date(2026, 7, 31), "2025–2026")
    assert parse_school_year(memory_db, "2025/26") == year == parse_school_year(memory_db, " 2025–2026 ")
    assert parse_school_year(memory_db, "2025–26") == year             # the record's own name
    assert default_school_year(memory_db, date(2026, 3, 1)) == year
    # The latest year holds everything after it, the earliest everything before it.
    assert parse_school_year(memory_db, "2026-2027").last == date(9999, 12, 31)
    assert parse_school_year(memory_db, "2024-2025").first == date(1900, 1, 1)


@pytest.mark.parametrize("text", ["2025", "2025-2027", "next year", "2026-2025", ""])
def test_a_wrong_school_year_says_how_to_write_it(memory_db, text):
    with pytest.raises(SchoolYearError, match="2025-2026|follow the first"):
        parse_school_year(memory_db, text)


def test_a_year_the_file_does_not_have_says_which_it_has(memory_db):
    with pytest.raises(SchoolYearError, match="no 2030–31 school year .it has 2025–26"):
        parse_school_year(memory_db, "2030-2031")


def test_spread_keeps_first_and_last_and_is_even():
    assert spread(list(range(3)), 6) == [0, 1, 2]
    assert spread(list(range(11)), 6) == [0, 2, 4, 6, 8, 10]
    assert spread(list(range(300)), 1) == [299]


def test_monthly_means_average_each_month():
    points = [(date(2025, 9, 1), 1.0), (date(2025, 9, 30), 3.0), (date(2025, 10, 2), 4.0)]
    assert monthly_means(points) == [(date(2025, 9, 15), 2.0), (date(2025, 10, 15), 4.0)]


def gather(db, staff_id, **kwargs):
    return gather_portfolio(db, staff_id, year=parse_school_year(db, "2025-2026"),
                            generated_on=date(2026, 6, 20), **kwargs)


def test_private_records_are_not_gathered_by_default(school):
    db, people = school
    shared = gather(db, people.full[0])
    assert shared.observations.private_notes == [] and shared.wellbeing == []
    assert [item.is_private for item in shared.conversations] == [False]
    private = gather(db, people.full[0], include_private=True)
    assert len(private.observations.private_notes) == 1 and len(private.wellbeing) == 1
    assert [item.is_private for item in private.conversations] == [False, True]


def test_the_goal_indicator_leads_the_trend_and_evidence_follows_it(school):
    db, people = school
    portfolio = gather(db, people.full[0])
    trend_codes = [line.code for line in portfolio.observations.trend]
    assert trend_codes[0] == "2.2" and len(trend_codes) == 4
    assert {line.indicator for line in portfolio.observations.evidence} == {"Questioning for thinking"}
    assert portfolio.goals[0].goal.indicator_name == "Questioning for thinking"
    assert [step.status for step in portfolio.goals[0].steps] == ["done", "mastered", "open"]
    assert portfolio.pd.hours_by_format == {"PLC": 6.0, "Micro-video": 0.5}


def test_a_busy_year_is_summarised(school):
    db, people = school
    summary = gather(db, people.busy).observations
    assert summary.total == 300 and summary.by_kind == {"walkthrough": 300}
    assert len(summary.glows) == MAX_GLOWS and summary.glows_total == 300
    assert all(line.monthly and len(line.points) <= 12 for line in summary.trend)


def test_another_year_is_empty(school):
    db, people = school
    quiet = portfolio_year(school_years.SchoolYear("x", "2023–24", date(2023, 8, 1),
                                                   date(2024, 7, 31),
                                                   in_force_from=date(2023, 8, 1),
                                                   in_force_until=date(2024, 7, 31)))
    portfolio = gather_portfolio(db, people.full[0], year=quiet, generated_on=date(2026, 6, 20))
    assert portfolio.observations.total == 0 and portfolio.goals == [] and portfolio.pd.completed == []
    assert portfolio.celebrations == [] and portfolio.conversations == []


def test_the_default_year_is_the_current_one(memory_db):
    school_years.replace_years(memory_db, [year_plan(2024), year_plan(2025)])
    assert default_school_year(memory_db, date(2025, 3, 3)).label == "2024–2025"
    # A year that has ended stays the current one until the next is started.
    assert default_school_year(memory_db, date(2026, 9, 3)).label == "2025–2026"


def test_the_latest_years_trend_is_drawn_on_its_own_days_not_on_the_days_in_force(memory_db):
    from datetime import timedelta

    from desktop.reports.charts import TrendSeries, trend_chart

    school_years.replace_years(memory_db, [year_plan(2025)])
    year = default_school_year(memory_db, date(2026, 3, 3))
    assert year.last == date(9999, 12, 31)            # the latest year stays in force
    first_day, last_day = year.days
    assert (first_day.year, last_day.year) == (2025, 2026)
    # A visit recorded after the last day (before the next year began) still shows.
    late = last_day + timedelta(days=10)
    figure = trend_chart([TrendSeries("1.1 Learning intentions", [(date(2025, 10, 1), 2), (late, 3)])],
                         year=year.days)
    from matplotlib.dates import num2date

    low, high = (num2date(value).date() for value in figure.axes[0].get_xlim())
    assert low == first_day and high == late
