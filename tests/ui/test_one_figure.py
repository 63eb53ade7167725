"""One figure, one definition (issue 16, item 4): the Overview, the lists and the portfolio
count visits, average levels, PD hours and goals the same way, archived staff and drafts
alike, so no two screens disagree."""

from __future__ import annotations

from db import records, staff
from desktop.core.portfolio_data import default_school_year, gather_portfolio
from desktop.ui.background import wait_idle
from tests.helpers.window import overview_shown
from tests.ui.school import TODAY, day


def _rubric_and_indicators(db):
    rubric = db.execute("SELECT id FROM rubrics").fetchone()[0]
    indicators = [row[0] for row in db.execute(
        "SELECT id FROM rubric_indicators ORDER BY code")]
    return rubric, indicators


def _visit(db, teacher, on, scores, *, status="complete", observer=None):
    rubric, indicators = _rubric_and_indicators(db)
    visit = records.insert(db, "observations", {
        "staff_id": teacher, "rubric_id": rubric, "kind": "walkthrough", "status": status,
        "observed_on": on, "observer_id": observer})
    for indicator, score in zip(indicators, scores, strict=True):
        records.insert(db, "observation_scores", {
            "observation_id": visit, "indicator_id": indicator, "score": score})
    return visit


def _observations_summary(window, staff_id):
    window.sidebar.select(staff_id)
    window.tab_widget.setCurrentIndex(1)
    tab = window.tabs[1]
    tab.refresh(force=True)
    assert wait_idle()   # the totals are added up on a worker
    return tab.summary.text()


def _portfolio(window, staff_id):
    return gather_portfolio(window.db, staff_id, year=default_school_year(window.db, TODAY),
                            generated_on=TODAY)


def test_a_teachers_average_level_reads_the_same_on_the_overview_and_observations(
        window, ids, qtbot):
    # A third visit marking one indicator: the mean of every level marked (3, 4, 2, 3, 4)
    # is 3.2; the mean of the three visits' own averages (3.5, 2.5, 4) would be 3.3.
    _visit(window.db, ids["ana"], day(-1), [4, None], observer=ids["coach"])
    window.reload_everything()
    overview = overview_shown(qtbot, window, ids["ana"])
    on_overview = overview.teacher_cards["average"].value()
    listed = _observations_summary(window, ids["ana"])
    assert on_overview == "3.2"
    assert "average of the levels marked 3.2" in listed


def test_a_visit_dated_ahead_is_not_counted_anywhere_yet(window, ids, qtbot):
    _visit(window.db, ids["ana"], day(5), [4, 4], observer=ids["coach"])   # a typo, or booked
    window.reload_everything()
    overview = overview_shown(qtbot, window, ids["ana"])
    assert overview.teacher_cards["observations"].value() == "2"
    listed = _observations_summary(window, ids["ana"])
    assert listed.startswith("2 visits in 2025–26")
    assert _portfolio(window, ids["ana"]).observations.total == 2


def test_pd_hours_read_the_same_on_the_overview_the_pd_menu_and_the_portfolio(
        window, ids, qtbot):
    db = window.db
    offering = db.execute("SELECT id FROM pd_offerings WHERE format = 'micro_video'").fetchone()[0]
    records.insert(db, "enrollments", {   # finished "next week": not hours yet
        "offering_id": offering, "staff_id": ids["ben"], "status": "completed",
        "enrolled_on": day(-3), "completed_on": day(7), "hours_credited": 0.5})
    window.reload_everything()
    overview = overview_shown(qtbot, window, ids["ben"])
    assert overview.teacher_cards["pd_hours"].value() == "0"
    assert _portfolio(window, ids["ben"]).pd.total_hours == 0
    whole = overview_shown(qtbot, window, None)
    assert whole.school_cards["pd_hours"].value() == "3.5"


def test_goals_in_progress_read_the_same_on_the_overview_and_the_portfolio(window, ids, qtbot):
    # Carried over from last year and overdue: still in progress this year.
    records.insert(window.db, "goals", {
        "staff_id": ids["ana"], "title": "Plan units backwards", "status": "active",
        "cycle_stage": "learn", "start_on": day(-400), "due_on": day(-300)})
    window.reload_everything()
    overview = overview_shown(qtbot, window, ids["ana"])
    portfolio = _portfolio(window, ids["ana"])
    in_progress = [story.goal.title for story in portfolio.goals if story.goal.status == "active"]
    assert overview.teacher_cards["goals_active"].value() == "2"
    assert sorted(in_progress) == ["Ask more open questions", "Plan units backwards"]


def test_an_archived_teachers_history_counts_and_their_unfinished_work_does_not(
        window, ids, qtbot):
    """What happened (visits, levels, hours, goals met) stays counted after someone leaves;
    what is still to do (active goals, overdue steps, who needs a visit) is current staff's."""
    db = window.db
    leaver = staff.add(db, first_name="Lee", last_name="Left")
    _visit(db, leaver, day(-4), [1, 1])
    records.insert(db, "goals", {"staff_id": leaver, "title": "Unfinished", "status": "active",
                                 "cycle_stage": "learn"})
    records.insert(db, "goals", {"staff_id": leaver, "title": "Finished", "status": "met",
                                 "cycle_stage": "improve", "met_on": day(-5)})
    staff.archive(db, leaver)
    window.reload_everything()
    overview = overview_shown(qtbot, window, None)
    cards = {key: card.value() for key, card in overview.school_cards.items()}
    assert cards["observations"] == "4"          # the leaver's visit happened
    assert cards["goals_met"] == "2"             # so did their goal
    assert cards["goals_active"] == "2"          # their unfinished goal is nobody's work now
    assert cards["teachers"] == "4"
