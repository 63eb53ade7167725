from collections import Counter
from datetime import date

import pytest

from db import clock, preferences, school_years, staff
from db.connection import open_database, open_memory
from desktop.core.demo import DemoSchoolError, build_demo_school, school_year_end

FIRST_DAY = date(2025, 8, 18)
YEAR_DONE = date(2026, 6, 30)      # the summer after: the whole 2025–26 year has happened


def dump(db):
    """Every table's rows ordered by id: the whole content of the file."""
    tables = [t for t in db.table_names() if not t.startswith("sqlite_")]
    return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY id').fetchall() for t in tables}


@pytest.fixture(scope="module")
def demo():
    db = open_memory()
    steps = []
    summary = build_demo_school(db, teachers=40, seed=11, today=YEAR_DONE,
                                progress=lambda d, t: steps.append((d, t)))
    yield db, summary, steps
    db.close()


def scalar(db, sql, params=()):
    return db.execute(sql, params).fetchone()[0]


def test_same_seed_and_day_build_identical_files_and_another_seed_or_day_differs():
    first, second, other, later = open_memory(), open_memory(), open_memory(), open_memory()
    build_demo_school(first, teachers=8, seed=5, today=date(2025, 12, 1))
    with clock.fixed(date(2027, 1, 1)):   # the machine's day plays no part once --today is given
        build_demo_school(second, teachers=8, seed=5, today=date(2025, 12, 1))
    build_demo_school(other, teachers=8, seed=6, today=date(2025, 12, 1))
    build_demo_school(later, teachers=8, seed=5, today=date(2026, 2, 2))
    assert dump(first) == dump(second)
    assert dump(first)["observations"] != dump(other)["observations"]
    assert dump(first)["staff"] != dump(other)["staff"]
    assert len(dump(later)["observations"]) > len(dump(first)["observations"])


def test_the_demo_is_the_school_year_today_is_in_as_it_stands_today():
    """A newcomer on 1 December sees last week's visits and the sessions still to come."""
    db = open_memory()
    with clock.fixed(date(2025, 12, 1)):
        summary = build_demo_school(db, teachers=20, seed=3)
    assert (summary.first_day, summary.today) == (FIRST_DAY, date(2025, 12, 1))
    year = school_years.current(db, date(2025, 12, 1))
    assert (year.name, year.first_day, year.last_day) == ("2025–26", FIRST_DAY, summary.last_day)
    assert [term.name for term in year.terms] == ["Term 1", "Term 2"]
    day = "2025-12-01"
    assert scalar(db, "SELECT max(observed_on) FROM observations") <= day
    assert scalar(db, "SELECT count(*) FROM observations WHERE observed_on >= '2025-11-17'") > 5
    assert scalar(db, "SELECT count(*) FROM pd_sessions WHERE starts_at > ?", [day]) > 5
    for table, column in (("conversations", "held_on"), ("goal_check_ins", "checked_on"),
                          ("celebrations", "celebrated_on"), ("wellbeing_check_ins", "checked_on"),
                          ("enrollments", "completed_on"), ("action_steps", "done_on"),
                          ("goals", "met_on"), ("self_assessments", "taken_on")):
        assert scalar(db, f"SELECT count(*) FROM {table} WHERE {column} > ?", [day]) == 0, table
        assert scalar(db, f"SELECT count(*) FROM {table} WHERE substr(created_at, 1, 10) > ?",
                      [day]) == 0, table
    for table in ("wellbeing_responses", "wellbeing_private_answers"):   # by month: none to come
        assert scalar(db, f"SELECT count(*) FROM {table} WHERE month > ?", [day[:7]]) == 0, table
    # Still under way: no goal judged partly or not met before its due date, PD booked ahead.
    assert scalar(db, "SELECT count(*) FROM goals WHERE status IN ('partly_met', 'not_met')") == 0
    assert scalar(db, "SELECT count(*) FROM goals WHERE status = 'active'") > 10
    assert scalar(db, "SELECT count(*) FROM enrollments WHERE status = 'enrolled'") > 0
    assert scalar(db, "SELECT count(*) FROM staff WHERE archived_at IS NOT NULL") == 0
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert scalar(db, "SELECT count(*) FROM school_years") == 1


def test_in_the_summer_the_demo_is_the_year_just_ended():
    db = open_memory()
    summary = build_demo_school(db, teachers=4, seed=3, today=date(2026, 8, 10))
    assert summary.first_day == FIRST_DAY
    assert school_years.current(db, date(2026, 8, 10)).has_ended(date(2026, 8, 10))
    assert build_demo_school(open_memory(), teachers=2, today=date(2026, 8, 17)).first_day == \
        date(2026, 8, 17)


def test_foreign_keys_all_hold(demo):
    db, _, _ = demo
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def dates_outside(db, first_day, last_day):
    """(table.column, value) for every date or time stamp outside the school year."""
    first, last = first_day.isoformat(), last_day.isoformat()
    outside, checked = [], 0
    for table in db.table_names():
        # hire_date is deliberately before the year: it is when the teacher joined.
        columns = [c.name for c in db[table].columns if c.name.endswith(("_on", "_at"))]
        for column in columns:
            outside += [(f"{table}.{column}", value) for (value,) in db.execute(
                # A private wellbeing answer is stamped with its month only ('YYYY-MM').
                f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL '
                f'AND (substr("{column}", 1, 10) < substr(?, 1, length("{column}")) '
                f'OR substr("{column}", 1, 10) > ?) LIMIT 3',
                [first, last])]
            checked += scalar(db, f'SELECT count("{column}") FROM "{table}"')
    return outside, checked


def test_every_date_falls_inside_the_school_year(demo):
    db, summary, _ = demo
    assert summary.first_day == FIRST_DAY and summary.last_day == school_year_end(FIRST_DAY)
    assert summary.last_day.month == 6 and summary.last_day.year == 2026
    outside, checked = dates_outside(db, FIRST_DAY, summary.last_day)
    assert outside == []
    assert checked > 10_000
    assert scalar(db, "SELECT count(*) FROM staff WHERE hire_date > ?", [FIRST_DAY.isoformat()]) == 0


def test_another_school_year_moves_every_date(memory_db):
    start = date(2031, 9, 1)
    summary = build_demo_school(memory_db, teachers=6, school_year_start=start)
    assert summary.school_year == "2031-2032" == preferences.get(memory_db, "school.year")
    assert dates_outside(memory_db, start, summary.last_day)[0] == []
    assert scalar(memory_db, "SELECT min(observed_on) FROM observations") > "2031-09"


def test_the_roster(demo):
    db, summary, _ = demo
    roles = Counter(r[0] for r in db.execute("SELECT role FROM staff").fetchall())
    assert roles["teacher"] == 40 and roles["principal"] == 1 and 1 <= roles["coach"] <= 2
    names = {(m.first_name, m.last_name) for m in staff.list_staff(db, include_archived=True)}
    assert {("Zoë", "Ñúñez"), ("Minh", "Nguyễn Thị"), ("Øyvind", "Łukasz")} <= names
    assert len(names) == 40 + summary.leaders
    assert staff.count(db, include_archived=True) - staff.count(db) == 1
    assert scalar(db, "SELECT count(DISTINCT email) FROM staff") == 40 + summary.leaders
    teachers = staff.list_staff(db, role="teacher", include_archived=True)
    grades = {g.strip() for t in teachers for g in t.grades.split(",")}
    assert {"K", "12"} & grades and len(grades) >= 8
    assert all(t.subjects and t.preferred_formats and t.hire_date for t in teachers)
    assert len({t.years_experience for t in teachers}) >= 8
    assert preferences.get(db, "school.year") == "2025-2026"
    assert preferences.get(db, "school.name") == summary.school_name


def test_observations_per_teacher(demo):
    db, _, _ = demo
    rows = db.execute(
        "SELECT s.archived_at IS NOT NULL, "
        "sum(o.kind = 'walkthrough'), sum(o.kind = 'formal') FROM staff s "
        "JOIN observations o ON o.staff_id = s.id WHERE s.role = 'teacher' GROUP BY s.id").fetchall()
    assert len(rows) == 40
    for archived, walkthroughs, formal in rows:
        if not archived:
            assert 8 <= walkthroughs <= 15 and 1 <= formal <= 2
    assert scalar(db, "SELECT count(*) FROM observations WHERE status != 'complete'") == 0
    evidence = db.execute("SELECT count(*) FROM observation_evidence e JOIN observations o "
                          "ON o.id = e.observation_id WHERE o.kind = 'walkthrough' "
                          "GROUP BY o.id").fetchall()
    assert {n for (n,) in evidence} <= {2, 3, 4, 5}
    assert scalar(db, "SELECT count(*) FROM observation_scores WHERE score IS NULL") > 0
    assert scalar(db, "SELECT min(score) FROM observation_scores") == 1
    assert scalar(db, "SELECT max(score) FROM observation_look_fors") == 4
    assert scalar(db, "SELECT count(*) FROM observations WHERE private_note != ''") > 0
    formal_scores = db.execute(
        "SELECT count(*) FROM observation_scores s JOIN observations o ON o.id = s.observation_id "
        "WHERE o.kind = 'formal' GROUP BY o.id").fetchall()
    assert {n for (n,) in formal_scores} == {17}
    assert scalar(db, "SELECT count(*) FROM observations WHERE kind = 'formal' "
                      "AND (pre_conference_notes = '' OR post_conference_notes = '' OR next_step = '')") == 0


def test_most_teachers_grow_on_their_goal_indicator(demo):
    db, _, _ = demo
    rows = db.execute("""
        WITH main_goal AS (
            SELECT staff_id, indicator_code FROM goals g
            WHERE start_on = (SELECT min(start_on) FROM goals WHERE staff_id = g.staff_id)
            GROUP BY staff_id),
        scored AS (
            SELECT o.staff_id, o.observed_on, s.score, i.code FROM observations o
            JOIN observation_scores s ON s.observation_id = o.id
            JOIN rubric_indicators i ON i.id = s.indicator_id WHERE s.score IS NOT NULL)
        SELECT avg(CASE WHEN observed_on < '2025-12-15' THEN score END),
               avg(CASE WHEN observed_on >= '2026-03-01' THEN score END)
        FROM main_goal JOIN scored ON scored.staff_id = main_goal.staff_id
                                  AND scored.code = main_goal.indicator_code
        GROUP BY main_goal.staff_id""").fetchall()
    both = [(autumn, spring) for autumn, spring in rows if autumn and spring]
    improved = sum(spring > autumn for autumn, spring in both)
    assert len(both) >= 30 and improved / len(both) > 0.6


def test_goals_conversations_and_pd_cover_every_kind(demo):
    db, _, _ = demo
    per_teacher = [n for (n,) in db.execute("SELECT count(*) FROM goals GROUP BY staff_id")]
    assert len(per_teacher) == 40 and set(per_teacher) <= {1, 2, 3}
    kinds = lambda sql: {r[0] for r in db.execute(sql).fetchall()}  # noqa: E731
    assert kinds("SELECT status FROM goals") == {
        "draft", "active", "met", "partly_met", "not_met", "dropped"}
    assert kinds("SELECT cycle_stage FROM goals") == {"identify", "learn", "improve"}
    assert scalar(db, "SELECT count(*) FROM goals WHERE status = 'met' AND met_on IS NULL") == 0
    assert scalar(db, "SELECT count(*) FROM goals WHERE measure = '' OR baseline = '' "
                      "OR target = '' OR relevance = '' OR due_on IS NULL") == 0
    assert kinds("SELECT status FROM action_steps") == {"open", "done", "mastered"}
    assert scalar(db, "SELECT count(*) FROM action_steps WHERE status = 'open' AND due_on < ?",
                  [school_year_end(FIRST_DAY).isoformat()]) > 0
    assert scalar(db, "SELECT count(*) FROM goal_check_ins") > 40
    assert kinds("SELECT kind FROM conversations") == {
        "goal_setting", "check_in", "post_observation", "reflection"}
    assert kinds("SELECT is_private FROM conversations") == {0, 1}
    assert scalar(db, "SELECT count(*) FROM conversation_goals") >= 40
    assert kinds("SELECT status FROM enrollments") == {
        "interested", "enrolled", "waitlisted", "completed", "withdrawn"}
    assert scalar(db, "SELECT count(*) FROM enrollments WHERE status = 'completed' "
                      "AND (hours_credited <= 0 OR completed_on IS NULL)") == 0
    assert scalar(db, "SELECT count(*) FROM enrollments WHERE rating IS NOT NULL") > 0
    assert scalar(db, "SELECT count(*) FROM pd_offerings WHERE facilitator_staff_id IS NOT NULL") >= 1
    assert scalar(db, "SELECT count(*) FROM pd_sessions") > 20
    assert scalar(db, "SELECT count(*) FROM goal_templates") >= 8
    assert kinds("SELECT kind FROM celebrations") == {
        "milestone", "innovative_practice", "goal_achieved", "pd_completed", "led_session",
        "shout_out"}
    assert kinds("SELECT is_public FROM celebrations") == {0, 1}
    assert scalar(db, "SELECT count(*) FROM celebrations c WHERE NOT EXISTS "
                      "(SELECT 1 FROM celebration_staff s WHERE s.celebration_id = c.id)") == 0


def test_self_assessments_and_wellbeing(demo):
    db, _, _ = demo
    assert scalar(db, "SELECT count(DISTINCT staff_id) FROM self_assessments") == 40
    ratings = {n for (n,) in db.execute(
        "SELECT count(*) FROM self_assessment_ratings GROUP BY self_assessment_id")}
    assert ratings == {17}
    monthly = [n for (n,) in db.execute(
        "SELECT count(*) FROM wellbeing_responses GROUP BY staff_id")]
    assert sum(n >= 9 for n in monthly) >= 0.7 * 40
    shared, private = (scalar(db, "SELECT count(*) FROM wellbeing_check_ins"),
                       scalar(db, "SELECT count(*) FROM wellbeing_private_answers"))
    assert shared > 0 and private > 0
    assert scalar(db, "SELECT count(*) FROM wellbeing_responses WHERE answered_privately = 1") == private


def test_seeding_is_not_audited_but_later_edits_are(demo):
    db, _, _ = demo
    assert scalar(db, "SELECT count(*) FROM audit_log") == 0
    fresh = open_memory()
    triggers = fresh.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                             "ORDER BY name").fetchall()
    build_demo_school(fresh, teachers=3)
    assert fresh.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                         "ORDER BY name").fetchall() == triggers
    staff.add(fresh, first_name="Ada")
    assert scalar(fresh, "SELECT count(*) FROM audit_log WHERE table_name = 'staff'") == 1


def test_progress_reaches_the_end(demo):
    _, _, steps = demo
    assert steps[-1][0] == steps[-1][1]
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)


def test_summary_counts_match_the_file(demo):
    db, summary, _ = demo
    assert summary.count("staff") == 40 + summary.leaders
    assert summary.count("observations") == scalar(db, "SELECT count(*) FROM observations")
    assert "40 teachers" in summary.describe()


def test_refuses_a_file_that_already_has_staff(memory_db):
    staff.add(memory_db, first_name="Ann")
    with pytest.raises(DemoSchoolError, match="already has staff"):
        build_demo_school(memory_db, teachers=3)


def test_refuses_an_impossible_size(memory_db):
    with pytest.raises(DemoSchoolError, match="between 1 and"):
        build_demo_school(memory_db, teachers=0)


def test_a_tiny_school_still_works(memory_db):
    summary = build_demo_school(memory_db, teachers=1)
    assert summary.teachers == 1
    assert memory_db.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.slow
def test_a_large_school_on_disk(tmp_path):
    db = open_database(tmp_path / "large.db")
    summary = build_demo_school(db, teachers=500, today=YEAR_DONE)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert summary.count("observations") > 500 * 9
    # 5000 teachers took about 43 s on the 2-core build machine; 500 should be far below this.
    assert summary.seconds < 60
    db.close()
