"""Today is today: a file whose school year has ended still dates new records on the real day.

The fault (issue 19): on 1 December with the sample school, every walkthrough, conversation,
check-in, enrollment, completion and celebration made that day was dated 12 June 2026,
the last recorded day of the file's finished year.
"""

from __future__ import annotations

from datetime import date

from db import clock, goals, observations, preferences
from db.connection import open_database
from tests.helpers.window import finish, start_walkthrough

DECEMBER = date(2026, 12, 1)


def _year_ended_file(school_file):
    """The small school (2025–26), named as its year, opened on 1 December 2026."""
    path, ids = school_file
    db = open_database(path)
    preferences.set(db, "school.year", "2025-2026")
    db.close()
    clock.set_today(DECEMBER)
    return path, ids


def test_a_walkthrough_on_a_finished_years_file_is_dated_today(school_file, open_window, qtbot):
    path, ids = _year_ended_file(school_file)
    window = open_window(path)
    assert window.today == DECEMBER
    assert all(tab.today == DECEMBER for tab in window.tabs)
    dialog = start_walkthrough(qtbot, window, "dev")
    qtbot.keyClick(dialog.score_list, "3")
    visit = dialog.observation_id
    finish(qtbot, dialog)
    assert observations.get_observation(window.db, visit).observed_on == "2026-12-01"


def test_steps_marked_done_and_figures_use_today(school_file, open_window, qtbot):
    path, ids = _year_ended_file(school_file)
    window = open_window(path)
    overview = window.tabs[0]
    overview.refresh(force=True)
    assert "1 December 2026" in overview.subtitle.text()

    window.sidebar.select(ids["ben"])
    window.tab_widget.setCurrentIndex(2)
    tab = window.tabs[2]
    tab.refresh(force=True)
    tab.steps.view.selectRow(0)
    tab.set_step("done")
    [step] = goals.list_action_steps(window.db, goal_id=ids["goal_ben"])
    assert (step.status, step.done_on) == ("done", "2026-12-01")
