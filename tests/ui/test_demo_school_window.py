"""The window over the generated demo school: every tab has real rows to show."""

from __future__ import annotations

from db import overview
from db.connection import open_database
from desktop.ui.main_window import MainWindow
from tests.helpers.window import overview_filled


def test_every_tab_shows_the_demo_school(demo_file, qtbot):
    db = open_database(demo_file)
    window = MainWindow(db, demo_file)
    qtbot.addWidget(window)
    window.show()
    overview_filled(qtbot, window)
    overview_tab, observations, goals_tab, pd_menu, celebrations = window.tabs
    assert int(overview_tab.school_cards["observations"].value()) > 0
    assert int(overview_tab.school_cards["goals_active"].value()) + \
        int(overview_tab.school_cards["goals_met"].value()) > 0

    teacher = overview.most_active_teacher(db)
    window.sidebar.select(teacher)
    for index, tab in enumerate(window.tabs):
        window.tab_widget.setCurrentIndex(index)
        assert not tab.stale
    assert observations.list.model.rowCount() > 0
    assert {row.staff_id for row in observations.list.model.rows()} == {teacher}
    assert goals_tab.goals.model.rowCount() > 0
    assert goals_tab.conversations.model.rowCount() > 0
    assert pd_menu.catalog.model.rowCount() > 0 and pd_menu.enrollments.model.rowCount() > 0
    window.sidebar.select(None)
    assert celebrations.model.rowCount() > 0
    first = celebrations.model.rows()
    assert [c.celebrated_on for c in first] == sorted((c.celebrated_on for c in first), reverse=True)
    window.close()
