"""One settings object for the whole window: a change made anywhere is seen everywhere and survives closing.

The fault from issue 12: a coverage threshold set in Observations › Coverage was
lost on close, because the window wrote its own stale copy of the settings back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.settings import Settings


def _coverage(window):
    window.tab_widget.setCurrentIndex(1)
    tab = window.tabs[1]
    tab.views.setCurrentIndex(1)
    return tab


def test_a_threshold_set_in_coverage_survives_closing_and_reopening(school_file, open_window, qtbot):
    path, _ids = school_file
    window = open_window(path)
    tab = _coverage(window)
    tab.threshold.setFocus()
    tab.threshold.selectAll()
    qtbot.keyClicks(tab.threshold, "21")                   # typed, as a principal would
    qtbot.keyClick(tab.threshold, Qt.Key.Key_Return)
    assert tab.threshold.value() == 21
    window.tab_widget.setCurrentIndex(0)                   # seen at once on the Overview
    assert window.tabs[0].unvisited.title.text() == "Not visited in 21+ days"
    window.close()                                         # the window saves its size and tab here

    assert Settings.load().get("coverage.threshold_days") == 21   # on disk, not only in memory
    again = open_window(path)
    assert _coverage(again).threshold.value() == 21
    again.tab_widget.setCurrentIndex(0)
    assert again.tabs[0].unvisited.title.text() == "Not visited in 21+ days"


def test_every_part_of_the_window_shares_the_one_settings_object(school_file, open_window):
    from desktop.settings import get_settings

    path, _ids = school_file
    window = open_window(path)
    assert window.settings is get_settings()
    get_settings().set("pdf.page_size", "a4")
    assert window.settings.get("pdf.page_size") == "a4"


def test_another_process_changing_a_setting_is_not_overwritten_on_close(school_file, open_window):
    path, _ids = school_file
    window = open_window(path)
    other = Settings.load()                       # a second Cultivate, on another file
    other.set("backups.keep", 4)
    window.close()                                # saves geometry and tab only
    assert Settings.load().get("backups.keep") == 4
