"""The school year in the window: which one is current, the year that ended, starting the next,
and looking back at an earlier one on every tab."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from db import clock, conversations, school_years
from desktop.ui.dialogs.school_year_dialog import SchoolYearDialog
from tests.helpers.window import overview_filled
from tests.ui.forms import answer

DECEMBER = date(2026, 12, 1)


def _pick(tab, name: str, qtbot) -> None:
    combo = tab.year_picker.combo
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(name))
    combo.setFocus()
    combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: not tab.stale or tab.isVisible())


def _column(panel, header):
    column = panel.model.column_index(header)
    return [panel.proxy.index(row, column).data() for row in range(panel.proxy.rowCount())]


def test_a_running_year_is_shown_in_the_status_bar_and_nothing_is_offered(window):
    assert window.year_label.text() == "School year 2025–26 · Term 2"
    assert "2025–26" in window.windowTitle()
    assert not window.year_bar.isVisible()
    assert not window.new_year_action.isEnabled()


def test_a_year_that_has_ended_says_so_and_offers_the_next(school_file, open_window, qtbot):
    clock.set_today(DECEMBER)
    window = open_window(school_file[0])
    assert window.year_label.text() == "School year 2025–26: ended on 31 July 2026"
    assert window.year_bar.isVisible()
    assert window.year_bar.start_button.text() == "Start the 2026–27 school year…"
    assert window.year_bar.start_button.accessibleName() == "Start the 2026–27 school year"
    assert window.new_year_action.isEnabled()
    assert window.new_year_action.text().replace("&", "") == "Start the 2026–27 school year…"
    overview = window.tabs[0]
    overview.refresh(force=True)
    assert overview.subtitle.text() == "2025–26 ended on 31 July 2026 · as of 1 December 2026"
    assert overview.school_cards["observations"].caption_label.text() == "Visits in 2025–26"
    assert overview.school_cards["pd_hours"].caption_label.text() == "PD hours in 2025–26"
    window.tab_widget.setCurrentIndex(3)
    qtbot.waitUntil(lambda: "PD hours completed" in window.tabs[3].hours.text())   # a worker adds them up
    assert "(2025–26 ended on 31 July 2026)" in window.tabs[3].hours.text()
    # Not now: the bar goes; the menu still offers it.
    window.year_bar.later_button.click()
    assert not window.year_bar.isVisible() and window.new_year_action.isEnabled()


def test_start_the_next_year_then_look_back_on_every_tab_and_restart(
        school_file, ids, open_window, qtbot, monkeypatch):
    path = school_file[0]
    clock.set_today(DECEMBER)
    window = open_window(path)
    seen = {}

    def type_the_year(dialog):
        seen["title"] = dialog.windowTitle()
        assert dialog.name.text() == "2026–27"
        assert dialog.first_day.text() == "2026-08-01"
        # Typed as a person would: the last day, in the short form; a term renamed.
        dialog.last_day.edit.clear()
        qtbot.keyClicks(dialog.last_day.edit, "2027-06-11")
        dialog.term_rows[1].last.set_iso("2027-06-11")
        dialog.term_rows[0].name.setText("Autumn")
        dialog.term_rows[1].name.setText("Spring")

    def read_and_correct(dialog):
        # Refused: the form stays open, everything still typed, the reason at the top.
        seen["error"] = dialog.error_label.text()
        assert dialog.term_rows[0].name.text() == "Autumn"
        dialog.term_rows[1].first.set_iso("2027-01-04")

    original_rollover = school_years.rollover

    def rollover(db, today):
        summary = original_rollover(db, today)
        seen["carried"] = summary.carries_forward()
        return summary

    monkeypatch.setattr(school_years, "rollover", rollover)
    shown = answer(monkeypatch, SchoolYearDialog, type_the_year, then=read_and_correct)
    # Spring is made to begin inside Autumn first: refused, said, and asked again.
    original = school_years.start_year
    attempts = []

    def start_year(db, plan, *, today):
        attempts.append(plan)
        if len(attempts) == 1:
            plan = school_years.YearPlan(plan.name, plan.first_day, plan.last_day, (
                plan.terms[0], school_years.Term(plan.terms[1].name, date(2026, 12, 1),
                                                 plan.terms[1].last_day)))
        return original(db, plan, today=today)

    monkeypatch.setattr(school_years, "start_year", start_year)
    qtbot.mouseClick(window.year_bar.start_button, Qt.MouseButton.LeftButton)

    assert seen["title"] == "Start the 2026–27 school year"
    assert shown[0].result() == QDialog.DialogCode.Accepted
    assert any("Goals still active or in draft: 2" in line for line in seen["carried"])
    assert "Spring begins before Autumn ends" in seen["error"]
    new = school_years.current(window.db, DECEMBER)
    assert (new.name, new.last_day, [t.name for t in new.terms]) == (
        "2026–27", date(2027, 6, 11), ["Autumn", "Spring"])
    assert window.year_label.text() == "School year 2026–27 · Autumn"
    assert not window.year_bar.isVisible() and not window.new_year_action.isEnabled()
    # Saved through the window's one write path, so Edit ▸ Undo could take it back.
    assert window.undo_action.text().replace("&", "") == "Undo Start the 2026–27 school year"
    assert window.statusBar().currentMessage() == "2026–27 has begun: it is the current school year."

    # This year: the goals still active carried forward; last year's visits are not here.
    window.tab_widget.setCurrentIndex(2)
    goals_tab = window.tabs[2]
    goals_tab.refresh()
    assert set(_column(goals_tab.goals, "Goal")) == {"Ask more open questions",
                                                     "Check understanding every ten minutes"}
    window.tab_widget.setCurrentIndex(1)
    observations_tab = window.tabs[1]
    observations_tab.refresh()
    assert observations_tab.list.model.rowCount() == 0

    # Looking back: pick 2025–26 on Observations; every tab follows.
    _pick(observations_tab, "2025–26", qtbot)
    assert observations_tab.list.model.rowCount() == 5
    qtbot.waitUntil(lambda: observations_tab.summary.text().startswith("4 visits in 2025–26"))
    assert "1 unfinished draft, not counted yet" in observations_tab.summary.text()
    for index, tab in enumerate(window.tabs):
        window.tab_widget.setCurrentIndex(index)
        assert tab.year_picker.combo.currentText() == "2025–26", tab.title
    assert "Run student-led seminars" in _column(goals_tab.goals, "Goal")
    celebrations = window.tabs[4]
    assert celebrations.model.rowCount() == 2
    assert window.tabs[0].subtitle.text().startswith("2025–26, an earlier school year")
    overview = window.tabs[0]
    window.tab_widget.setCurrentIndex(0)
    overview_filled(qtbot, window)
    assert overview.upcoming.empty_text == "2025–26 is over: no sessions to come."
    # …and back to this year.
    window.tab_widget.setCurrentIndex(4)
    _pick(celebrations, "2026–27", qtbot)
    assert celebrations.model.rowCount() == 0
    window.tab_widget.setCurrentIndex(0)
    overview_filled(qtbot, window)
    assert overview.upcoming.empty_text.startswith("No PD sessions are scheduled")
    window.close()

    # After a restart the new year is still the current one, the old one still there.
    again = open_window(path)
    assert again.year_label.text() == "School year 2026–27 · Autumn"
    combo = again.tabs[0].year_picker.combo
    again.tabs[0].refresh(force=True)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "2026–27 (current)", "2025–26", "2024–25"]


def test_the_portfolio_dialog_prints_any_year(window):
    from desktop.ui.dialogs.portfolio_export import PortfolioExportDialog

    dialog = PortfolioExportDialog(window.db, None)
    box = dialog.year_box
    assert [box.itemText(i) for i in range(box.count())] == ["2025–2026 (current)", "2024–2025"]
    box.setCurrentIndex(1)
    assert (dialog.year.first, dialog.year.last, dialog.year.label) == (
        date(1900, 1, 1), date(2025, 7, 31), "2024–2025")
    dialog.deleteLater()


def test_a_record_saved_while_an_earlier_year_is_shown_stays_out_of_that_years_list(
        window, ids, qtbot, monkeypatch):
    """The list of the year shown follows each write row by row, but only with rows of that
    year: a conversation held today belongs to the current year's list, not 2024–25's."""
    from desktop.ui.dialogs.conversation_dialog import ConversationDialog

    assert window.sidebar.select(ids["ben"])
    window.tab_widget.setCurrentIndex(2)
    tab = window.tabs[2]
    _pick(tab, "2024–25", qtbot)
    earlier = tab.conversations.model.rows()

    def fill(dialog):
        qtbot.keyClicks(dialog.notes, "Talked about exit tickets")
        dialog.write_goal.setChecked(False)   # no goal agreed this time

    answer(monkeypatch, ConversationDialog, fill)
    tab.new_conversation()
    assert conversations.list_conversations(window.db, staff_id=ids["ben"])[0].notes == \
        "Talked about exit tickets"
    assert tab.conversations.model.rowCount() == len(earlier)   # not 2024–25's
    _pick(tab, "2025–26", qtbot)
    assert any(row.notes == "Talked about exit tickets" for row in tab.conversations.model.rows())
