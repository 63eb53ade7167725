"""A data file written by an earlier format opens, upgrades, and dates a new walkthrough today."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlite_utils import Database

from db import clock, migrations, observations, records, rubrics, school_years
from db.connection import register_functions
from tests.helpers.window import finish, start_walkthrough


def _older_file(path, version: int) -> dict[str, str]:
    """A school's 2025–26 as an earlier Cultivate wrote it (format *version*)."""
    db = Database(sqlite3.connect(path))
    register_functions(db)
    # As that release ran: its audit triggers lived in the file (format 1), trusted.
    db.execute("PRAGMA trusted_schema = ON")
    db.execute("PRAGMA foreign_keys = ON")
    migrations.migrate(db, up_to=version)
    ids = {}
    with db.atomic():
        records.insert(db, "preferences", {"key": "school.year", "value": "2025-2026"})
        rubric = rubrics.load_default_rubric(db)
        ids["coach"] = records.insert(db, "staff", {"first_name": "Maya", "last_name": "Reed",
                                                    "role": "coach"})
        ids["ana"] = records.insert(db, "staff", {"first_name": "Ana", "last_name": "Lopez"})
        for day in ("2025-09-15", "2026-06-10"):
            records.insert(db, "observations", {
                "staff_id": ids["ana"], "observer_id": ids["coach"], "rubric_id": rubric,
                "kind": "walkthrough", "status": "complete", "observed_on": day})
        ids["goal"] = records.insert(db, "goals", {
            "staff_id": ids["ana"], "title": "Ask more open questions", "status": "active",
            "start_on": "2025-10-01", "due_on": "2026-05-29"})
    db.close()
    return ids


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_file_opens_upgrades_and_dates_a_new_walkthrough_today(
        tmp_path, open_window, qtbot, version):
    path = tmp_path / f"format{version}.db"
    ids = _older_file(path, version)
    clock.set_today(date(2026, 12, 1))
    window = open_window(path)
    assert migrations.user_version(window.db) == migrations.LATEST_VERSION
    assert [year.name for year in school_years.list_years(window.db)] == ["2025–26"]
    assert window.year_label.text() == "School year 2025–26: ended on 31 July 2026"
    assert window.year_bar.isVisible()

    dialog = start_walkthrough(qtbot, window, "ana")
    qtbot.keyClick(dialog.score_list, "3")
    visit = dialog.observation_id
    finish(qtbot, dialog)
    found = observations.get_observation(window.db, visit)
    assert (found.observed_on, found.status) == ("2026-12-01", "complete")
    assert found.started_at.startswith("2026-12-01")
    # Nothing of the old year was lost, and the audit log records the new visit.
    assert window.db["observations"].count == 3
    assert window.db.execute("SELECT count(*) FROM audit_log WHERE row_id = ?", [visit]).fetchone()[0] > 0
    window.tab_widget.setCurrentIndex(2)
    window.sidebar.select(ids["ana"])
    goals_tab = window.tabs[2]
    goals_tab.refresh()
    assert goals_tab.goals.model.rows()[0].title == "Ask more open questions"
