"""School years as records: made from an older file's data, current, ended, and the next one."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlite_utils import Database

from db import clock, goals, migrations, observations, pd, records, school_years
from db.connection import open_database, register_functions
from db.school_years import SchoolYearError, Term, YearPlan
from tests.ui.school import build_small_school, year_plan


def _format_2_file(path, fill) -> None:
    db = Database(sqlite3.connect(path))
    register_functions(db)
    migrations.migrate(db, up_to=2)
    fill(db)
    db.close()


def test_an_older_file_gets_its_years_from_its_data_and_its_start_day(tmp_path):
    path = tmp_path / "format2.db"

    def fill(db):
        rubric = records.insert(db, "rubrics", {"family_id": "f", "name": "R"})
        teacher = records.insert(db, "staff", {"first_name": "Ann"})
        records.insert(db, "preferences", {"key": "school_year.start", "value": "2020-09-02"})
        for day in ("2023-09-05", "2024-09-01", "2025-10-10"):   # 1 September is still 2023–24
            records.insert(db, "observations", {"staff_id": teacher, "rubric_id": rubric,
                                                "kind": "walkthrough", "observed_on": day})
        records.insert(db, "celebrations", {"kind": "shout_out", "title": "Bad date",
                                            "celebrated_on": "2026-02-30"})   # ignored

    _format_2_file(path, fill)
    db = open_database(path)
    years = school_years.list_years(db)
    assert [(y.name, y.first_day, y.last_day) for y in years] == [
        ("2025–26", date(2025, 9, 2), date(2026, 9, 1)),
        ("2023–24", date(2023, 9, 2), date(2024, 9, 1)),
    ]
    assert [(t.name, t.first_day, t.last_day) for t in years[0].terms] == [
        ("Term 1", date(2025, 9, 2), date(2025, 12, 31)), ("Term 2", date(2026, 1, 1), date(2026, 9, 1))]
    # Years follow one another: 2023–24 holds everything until 2025–26 begins.
    assert years[1].in_force_until == date(2025, 9, 1) and years[1].in_force_from is None
    assert school_years.year_holding(db, date(2024, 12, 1)).name == "2023–24"
    db.close()


def test_the_files_named_year_is_kept_even_without_records(tmp_path):
    path = tmp_path / "named.db"
    _format_2_file(path, lambda db: records.insert(db, "preferences",
                                                   {"key": "school.year", "value": "2025-2026"}))
    db = open_database(path)
    assert [y.name for y in school_years.list_years(db)] == ["2025–26"]
    db.close()


def test_a_new_file_gets_the_year_today_is_in(tmp_path):
    with clock.fixed(date(2026, 12, 1)):
        db = open_database(tmp_path / "new.db")
    assert [(y.name, y.first_day, y.last_day) for y in school_years.list_years(db)] == [
        ("2026–27", date(2026, 8, 1), date(2027, 7, 31))]
    db.close()


def test_an_older_file_read_only_is_shown_the_years_it_would_get(tmp_path):
    from db.connection import open_read_only

    path = tmp_path / "old.db"
    _format_2_file(path, lambda db: records.insert(db, "preferences",
                                                   {"key": "school.year", "value": "2024-2025"}))
    db = open_read_only(path)
    assert school_years.current(db, date(2026, 12, 1)).name == "2024–25"
    assert migrations.user_version(db) == 2   # never upgraded by reading
    db.close()


@pytest.fixture
def ended(memory_db):
    """The small school (2024–25 and 2025–26), seen on 1 December 2026: its year has ended."""
    build_small_school(memory_db)
    return memory_db, date(2026, 12, 1)


def test_the_current_year_has_ended_and_the_next_is_offered(ended):
    db, today = ended
    year = school_years.current(db, today)
    assert (year.name, year.has_ended(today)) == ("2025–26", True)
    offer = school_years.next_year_offer(db, today)
    assert (offer.name, offer.first_day, offer.last_day) == (
        "2026–27", date(2026, 8, 1), date(2027, 7, 31))
    assert [term.name for term in offer.terms] == ["Term 1", "Term 2"]
    view = school_years.view(db, today)
    assert view.describe() == "2025–26 ended on 31 July 2026"
    assert view.term is None and view.period_words == "in 2025–26"
    assert school_years.next_year_offer(db, date(2026, 3, 10)) is None   # still running


def test_what_carries_forward_and_what_closes(ended):
    db, today = ended
    summary = school_years.rollover(db, today)
    assert (summary.teachers, summary.leaders, summary.live_goals, summary.open_steps) == (4, 1, 2, 2)
    assert summary.unfinished_pd == {"enrolled": 0, "waitlisted": 0, "interested": 1}
    assert (summary.visits, summary.drafts, summary.pd_completed, summary.pd_hours) == (4, 1, 2, 3.5)
    assert summary.finished_goals == 1 and summary.celebrations == 2
    assert any("Goals still active or in draft: 2" in line for line in summary.carries_forward())
    assert any("stays in 2025–26" in line for line in summary.closes())


def test_starting_the_next_year_loses_nothing_and_carries_active_goals(ended):
    db, today = ended
    ids = {row["title"]: row["id"] for row in db.query("SELECT id, title FROM goals")}
    before = {table: db[table].count for table in ("observations", "goals", "action_steps",
                                                    "enrollments", "celebrations")}
    # A walkthrough on 1 December, before the new year is started, belongs to 2025–26.
    teacher = db.execute("SELECT id FROM staff WHERE first_name = 'Dev'").fetchone()[0]
    rubric = db.execute("SELECT id FROM rubrics").fetchone()[0]
    december = observations.start_observation(db, staff_id=teacher, rubric_id=rubric,
                                              observed_on=today.isoformat())
    observations.complete(db, december)
    plan = school_years.next_year_offer(db, today)
    year_id = school_years.start_year(db, plan, today=today)

    assert {table: db[table].count for table in before} == {**before, "observations": before["observations"] + 1}
    new, old = school_years.list_years(db)[:2]
    assert (new.id, new.name, new.started_on) == (year_id, "2026–27", today)
    assert school_years.current(db, today).id == year_id
    assert old.in_force_until == date(2026, 7, 31)
    # Active goals carry on into the new year; the goal met last year stays there.
    live = {g.title for g in goals.list_goals(db, since=new.since, until=new.until)}
    assert live == {"Ask more open questions", "Check understanding every ten minutes"}
    finished = {g.title for g in goals.list_goals(db, since=old.since, until=old.until)}
    assert "Run student-led seminars" in finished and ids["Run student-led seminars"]
    # The December visit now counts in 2026–27 (its first day was in August).
    assert observations.count_visits(db, since=new.since) == 1
    # Unfinished PD (Ben's interest) carries forward; completed PD stays with its year.
    ben = db.execute("SELECT id FROM staff WHERE first_name = 'Ben'").fetchone()[0]
    assert [e.status for e in pd.list_enrollments(db, staff_id=ben, since=new.since)] == ["interested"]
    ana = db.execute("SELECT id FROM staff WHERE first_name = 'Ana'").fetchone()[0]
    assert pd.list_enrollments(db, staff_id=ana, since=new.since) == []
    assert len(pd.list_enrollments(db, staff_id=ana, since=old.since, until=old.until)) == 2
    assert school_years.next_year_offer(db, today) is None


@pytest.mark.parametrize("change, problem", [
    ({"name": ""}, "name"),
    ({"name": "2025–26"}, "already a school year"),
    ({"first_day": date(2026, 7, 1)}, "must begin after 2025–26 ends"),
    ({"last_day": date(2026, 7, 31)}, "last day comes before"),
    ({"last_day": date(2028, 7, 31)}, "at most 400 days"),
    ({"terms": ()}, "at least one term"),
    ({"terms": (Term("Autumn", date(2026, 8, 1), date(2026, 12, 31)),
                Term("Spring", date(2026, 12, 1), date(2027, 7, 31)))}, "Spring begins before Autumn ends"),
    ({"terms": (Term("Summer", date(2026, 8, 1), date(2027, 8, 31)),)}, "between the year's first and last"),
])
def test_a_year_that_cannot_be_is_refused_in_plain_words(ended, change, problem):
    db, today = ended
    plan = school_years.next_year_offer(db, today)
    values = {"name": plan.name, "first_day": plan.first_day, "last_day": plan.last_day,
              "terms": plan.terms, **change}
    with pytest.raises(SchoolYearError, match=problem):
        school_years.start_year(db, YearPlan(**values), today=today)
    assert db["school_years"].count == 2


def test_an_earlier_year_is_seen_as_of_its_end(ended):
    db, today = ended
    earlier = school_years.named(db, "2024-25")
    view = school_years.view(db, today, earlier.id)
    assert not view.is_current and view.as_of == date(2025, 7, 31)
    assert view.describe() == "2024–25, an earlier school year"
    assert school_years.view(db, today, "no-such-year").year.name == "2025–26"
    assert year_plan(2024).name == earlier.name


def test_the_years_kept_on_a_connection_follow_every_change_and_never_a_rolled_back_one(tmp_path):
    path = tmp_path / "years.db"
    db = open_database(path)
    build_small_school(db)
    today = date(2026, 12, 1)
    before = [year.name for year in school_years.list_years(db)]
    assert school_years.list_years(db) == school_years.list_years(db)   # kept: the same years
    plan = school_years.next_year_offer(db, today)
    with pytest.raises(RuntimeError):
        with db.atomic():
            school_years.start_year(db, plan, today=today)
            assert school_years.list_years(db)[0].name == "2026–27"   # seen inside
            raise RuntimeError("the operation failed after all")
    assert [year.name for year in school_years.list_years(db)] == before   # never kept
    # Another connection (another window, a merge) starts the year: this one sees it.
    other = open_database(path)
    school_years.start_year(other, plan, today=today)
    other.close()
    assert [year.name for year in school_years.list_years(db)] == ["2026–27", *before]
    # This connection renames it: seen at once.
    newest = school_years.list_years(db)[0]
    db.execute("UPDATE school_years SET name = '2026–27 (renamed)' WHERE id = ?", [newest.id])
    assert school_years.list_years(db)[0].name == "2026–27 (renamed)"
    db.close()
