"""The window as a coach uses it: lists follow each edit as it is made, and Edit ▸ Undo
takes any edit of this session back (Redo puts it again)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import goals, observations, pd, staff
from db.connection import open_database
from desktop.ui import messages
from desktop.ui.dialogs.walkthrough import WalkthroughDialog


def _column(panel, header):
    column = panel.model.column_index(header)
    return [panel.proxy.index(row, column).data() for row in range(panel.proxy.rowCount())]


def _resets(model) -> list:
    seen: list = []
    model.modelReset.connect(lambda: seen.append("reset"))
    return seen


def _observations(window):
    window.tab_widget.setCurrentIndex(1)
    tab = window.tabs[1]
    tab.refresh()
    return tab


def test_an_open_list_shows_a_walkthrough_score_as_it_is_typed(window, ids, qtbot):
    tab = _observations(window)
    resets = _resets(tab.list.model)
    dialog = WalkthroughDialog.ask(window, window.db, runner=window.runner, today=window.today)
    qtbot.waitUntil(dialog.name_box.isVisible)
    qtbot.keyClicks(dialog.name_box, "dev")
    qtbot.keyClick(dialog.name_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.observation_id is not None)
    # The draft is on the list the moment it exists, while the dialog is still open.
    assert "Dev Patel" in _column(tab.list, "Teacher")
    row = _column(tab.list, "Teacher").index("Dev Patel")
    assert _column(tab.list, "Status")[row] == "Draft"
    assert _column(tab.list, "Average score")[row] == ""
    qtbot.keyClick(dialog.score_list, "3")
    row = _column(tab.list, "Teacher").index("Dev Patel")
    assert _column(tab.list, "Average score")[row] == "3.0"
    qtbot.keyClick(dialog.score_list, "1")
    assert _column(tab.list, "Average score")[row] == "2.0"
    qtbot.keyClick(dialog.score_list, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.glow_box, "Calm start")
    assert _column(tab.list, "Glow")[row] == "Calm start"
    assert dialog.isVisible()
    assert resets == [], "rows are updated in place, never the whole list read again"
    dialog.reject()


def test_a_list_out_of_sight_only_notes_it_is_stale(window, ids):
    tab = _observations(window)
    window.tab_widget.setCurrentIndex(0)
    resets = _resets(tab.list.model)
    window.runner.perform("Glow", lambda db: observations.update_observation(
        db, ids["obs_ana_recent"], glow="Seen later"))
    assert tab.stale and resets == []
    window.tab_widget.setCurrentIndex(1)
    assert "Seen later" in _column(tab.list, "Glow")


def test_edit_menu_names_what_undo_and_redo_take_back(window, ids, qtbot):
    window.tab_widget.setCurrentIndex(3)
    tab = window.tabs[3]
    window.sidebar.select(ids["ben"])
    offering = next(o for o in pd.list_offerings(window.db)   # 2 seats, Ana holds one
                    if o.title == "Questioning that makes students think")
    assert tab.select_offering(offering.id)
    tab.enroll_button.click()
    window.sidebar.select(ids["dev"])
    assert tab.select_offering(offering.id)
    tab.enroll_button.click()                               # full: Dev waits
    window.sidebar.select(ids["ben"])
    assert tab.select_offering(offering.id)
    tab.withdraw_button.click()                             # Dev is promoted
    label = f"Withdraw Ben Okafor from “{offering.title}”"
    assert window.undo_action.text() == f"&Undo {label}"
    assert window.undo_button.isVisible(), "a destructive action offers Undo in the status bar"
    assert pd.find_enrollment(window.db, offering.id, ids["dev"]).status == "enrolled"

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    tab.catalog.view.setFocus()
    qtbot.keyClick(tab.catalog.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pd.find_enrollment(window.db, offering.id, ids["ben"]).status == "enrolled"
    assert pd.find_enrollment(window.db, offering.id, ids["dev"]).status == "waitlisted"
    assert _column(tab.enrollments, "Status") == ["Enrolled"], "the list follows Undo"
    assert window.redo_action.text() == f"&Redo {label}"
    assert window.statusBar().currentMessage() == f"Undone: {label}."
    qtbot.keyClick(tab.catalog.view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert pd.find_enrollment(window.db, offering.id, ids["dev"]).status == "enrolled"
    assert _column(tab.enrollments, "Status") == ["Withdrawn"]


def test_ctrl_z_in_a_text_box_is_the_text_boxs_own(window, ids, qtbot):
    window.runner.perform("Edit Ben", lambda db: staff.update(db, ids["ben"], interests="Chess"))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    search = window.sidebar.search
    search.setFocus()
    qtbot.keyClicks(search, "ok")
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert search.text() == "", "the typing was undone"
    assert staff.get(window.db, ids["ben"]).interests == "Chess", "not the last edit"
    assert window.undo_action.text() == "&Undo Edit Ben"


def test_an_undo_that_can_no_longer_apply_says_so_and_changes_nothing(window, ids, monkeypatch):
    notices = []
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": notices.append(
        (title, text)))
    window.runner.perform("Edit Ben", lambda db: staff.update(db, ids["ben"], interests="Chess"))
    staff.update(window.db, ids["ben"], interests="Go")     # changed since, not by this step
    window.undo_action.trigger()
    assert staff.get(window.db, ids["ben"]).interests == "Go"
    assert notices and notices[0][0] == "Cannot undo Edit Ben"
    assert "Nothing was undone" in notices[0][1]
    assert not window.undo_action.isEnabled()


def test_another_file_starts_with_nothing_to_undo(window, tmp_path, monkeypatch):
    window.runner.perform("Add Noor", lambda db: staff.add(db, first_name="Noor"))
    assert window.undo_action.isEnabled()
    other = tmp_path / "other.db"
    open_database(other).close()
    assert window.open_file(other)
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "&Undo"


def test_undo_of_a_step_typed_in_a_dialog_reaches_the_open_dialog(window, ids, qtbot):
    tab = _observations(window)
    row = _column(tab.list, "Teacher").index("Ana Lopez")
    tab.list.view.selectRow(row)
    dialog = tab.open_selected()
    qtbot.waitUntil(dialog.isVisible)
    dialog.glow_box.setFocus()
    dialog.glow_box.selectAll()
    qtbot.keyClicks(dialog.glow_box, "Sharp")
    assert window.undo_action.text() == "&Undo Type in Glow for Ana Lopez", \
        "all the typing in one field is one step"
    window.undo_action.trigger()
    assert observations.get_observation(window.db, ids["obs_ana_recent"]).glow == \
        "Every student answered"
    assert dialog.glow_box.text() == "Every student answered", "the open dialog shows it too"
    dialog.reject()


def test_a_goal_deleted_by_mistake_comes_back_whole(window, ids, qtbot, monkeypatch):
    window.sidebar.select(ids["ana"])
    window.tab_widget.setCurrentIndex(2)
    tab = window.tabs[2]
    before = goals.get_goal(window.db, ids["goal_ana"])
    steps = goals.list_action_steps(window.db, goal_id=ids["goal_ana"])
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text, **k: asked.append(text) or True)
    tab._select_goal(ids["goal_ana"])
    tab.delete_goal_button.click()
    assert asked[0].startswith(f"Delete the goal “{before.title}” of Ana Lopez, its "
                               f"{len(steps)} action step")
    assert goals.get_goal(window.db, ids["goal_ana"]) is None
    window.undo_button.click()
    assert goals.get_goal(window.db, ids["goal_ana"]) == before
    assert goals.list_action_steps(window.db, goal_id=ids["goal_ana"]) == steps
    assert before.title in _column(tab.goals, "Goal")


def test_typing_in_a_walkthrough_is_undone_after_its_window_closed_and_its_clock_stopped(
        window, ids, qtbot, monkeypatch):
    """Closing a draft stops its clock (a write of its own, not a step of Undo): Edit ▸ Undo
    still takes the typing back, and the clock is left as it stopped."""
    from tests.helpers.window import start_walkthrough

    notices = []
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": notices.append(text))
    dialog = start_walkthrough(qtbot, window, "dev")
    qtbot.waitUntil(lambda: dialog.observation_id is not None)
    visit = dialog.observation_id
    qtbot.keyClick(dialog.score_list, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.glow_box, "Calm start")
    dialog.reject()                                   # Close (keeps the draft)
    stopped = observations.get_observation(window.db, visit).duration_seconds
    assert stopped is not None, "closing the window stopped the visit's clock"
    assert window.undo_action.text().replace("&", "") == "Undo Type in Glow for Dev Patel"
    window.undo_action.trigger()
    found = observations.get_observation(window.db, visit)
    assert notices == [] and found.glow == ""
    assert found.duration_seconds == stopped          # the clock is not rewound
    window.redo_action.trigger()
    assert observations.get_observation(window.db, visit).glow == "Calm start"
