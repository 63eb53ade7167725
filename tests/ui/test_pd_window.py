"""Issue 20's features from the real window: Ctrl+K finds a word and opens the record, a
group picked in the staff list is enrolled in one step that Edit ▸ Undo takes back, an
offering that is over is closed out, and enrolling in one with no session to come asks."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from db import catalog, clock, pd
from db.catalog import Session
from desktop.ui import messages
from desktop.ui.dialogs.attendance_dialog import CloseOutDialog
from desktop.ui.dialogs.group_enrollment_dialog import GroupEnrollmentDialog

WORKSHOP = "Questioning that makes students think"


def _pd_tab(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    return window.tabs[3]


def _offering(window, title):
    return next(o for o in pd.list_offerings(window.db) if o.title == title)


def test_ctrl_k_finds_a_glow_and_enter_opens_the_visit(window, ids, qtbot):
    from desktop.ui.dialogs.search_dialog import SearchDialog
    from desktop.ui.dialogs.walkthrough import WalkthroughDialog

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_dialog
    assert isinstance(dialog, SearchDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.query, "every student")
    qtbot.waitUntil(lambda: dialog.results.count() >= 1)
    assert "Ana Lopez" in dialog.results.item(0).text()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.sidebar.staff_id == ids["ana"]
    assert window.tab_widget.currentWidget().slug == "observations"
    editor = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, WalkthroughDialog) and w.isVisible())
    assert editor.observation_id == ids["obs_ana_recent"]
    editor.close()


def test_a_reflection_found_opens_in_their_pd(window, ids, qtbot):
    from db import search

    enrollment = pd.find_enrollment(window.db, _offering(window, WORKSHOP).id, ids["ana"])
    pd.correct_enrollment(window.db, enrollment.id, status="completed",
                          enrolled_on=enrollment.enrolled_on, completed_on=enrollment.completed_on,
                          hours=3, learned="Hinge questions before the exit ticket")
    (hit,) = search.search(window.db, "hinge questions").hits
    assert window.open_search_hit(hit)
    tab = window.tabs[3]
    assert window.tab_widget.currentWidget() is tab and tab.member.id == ids["ana"]
    assert tab.offering_id == enrollment.offering_id
    assert tab.enrollments.selected_row().id == enrollment.id


def test_a_group_picked_in_the_staff_list_is_enrolled_and_undone_as_one(window, ids, qtbot,
                                                                        monkeypatch):
    tab = _pd_tab(window, qtbot)
    podcast = _offering(window, "Exit tickets in ten minutes")
    window.sidebar.select(ids["ben"])
    model = window.sidebar.model     # Ctrl+click Dev as well
    window.sidebar.list.selectionModel().select(model.index(model.row_of(ids["dev"])),
                                                QItemSelectionModel.SelectionFlag.Select)
    assert set(window.sidebar.selected_ids()) == {ids["ben"], ids["dev"]}
    assert tab.select_offering(podcast.id)
    shown = []

    def enroll(dialog):
        shown.append(dialog.preview.toPlainText())
        assert dialog.from_selection.isChecked()
        qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(GroupEnrollmentDialog, "exec", enroll)
    qtbot.mouseClick(tab.group_button, Qt.MouseButton.LeftButton)
    assert "Will be enrolled (2)" in shown[0]
    assert {pd.find_enrollment(window.db, podcast.id, p).status for p in (ids["ben"], ids["dev"])} \
        == {"enrolled"}
    assert window.undo_action.text() == "&Undo Enroll 2 teachers in Exit tickets in ten minutes"
    window.undo_action.trigger()
    assert all(pd.find_enrollment(window.db, podcast.id, p) is None for p in (ids["ben"], ids["dev"]))


def test_an_offering_that_is_over_is_closed_out_and_enrolling_in_it_asks(window, ids, qtbot,
                                                                        monkeypatch):
    tab = _pd_tab(window, qtbot)
    held = (clock.today() - timedelta(days=30)).isoformat()
    conference = catalog.add_offering(
        window.db, {"title": "Regional conference", "format": "conference", "hours": 6},
        sessions=[Session(f"{held}T08:30", f"{held}T14:30", "Hall")])
    pd.enroll(window.db, conference, ids["ben"], on=held)
    window.sidebar.select(None)
    tab.refresh(force=True)
    qtbot.waitUntil(lambda: "PD hours completed" in tab.hours.text())   # added up by a worker
    assert "1 offering is over with people still enrolled (“Regional conference”): pick one and " \
        "press Close out…." in tab.hours.text()
    window.sidebar.select(ids["dev"])
    assert tab.select_offering(conference)
    assert "Over, not closed out: 1 person still enrolled" in tab.details.toPlainText()
    assert tab.close_out_button.isEnabled()
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text, yes: asked.append(text))
    qtbot.mouseClick(tab.enroll_button, Qt.MouseButton.LeftButton)     # says no
    assert "already started or been held" in asked[0]
    assert pd.find_enrollment(window.db, conference, ids["dev"]) is None

    def close(dialog):
        ben = pd.find_enrollment(window.db, conference, ids["ben"]).id
        combo = dialog.outcomes[ben]
        combo.setCurrentIndex(combo.findText("Did not complete"))
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(CloseOutDialog, "exec", close)
    qtbot.mouseClick(tab.close_out_button, Qt.MouseButton.LeftButton)
    assert pd.find_enrollment(window.db, conference, ids["ben"]).status == "incomplete"
    assert "Over, not closed out" not in tab.details.toPlainText()
    assert "1 did not complete" in tab.details.toPlainText()
    window.sidebar.select(None)
    qtbot.waitUntil(lambda: "PD hours completed" in tab.hours.text())
    assert "is over with people still enrolled" not in tab.hours.text()


def test_the_transcript_opens_for_the_teacher_picked(window, ids, qtbot, monkeypatch):
    from desktop.ui.dialogs.transcript_dialog import TranscriptDialog

    tab = _pd_tab(window, qtbot)
    window.sidebar.select(ids["ana"])
    seen = []
    monkeypatch.setattr(TranscriptDialog, "exec", lambda dialog: seen.append(
        dialog.view.toPlainText()) or 0)
    qtbot.mouseClick(tab.transcript_button, Qt.MouseButton.LeftButton)
    assert WORKSHOP in seen[0] and "Total credit hours" in seen[0]


def test_evaluations_are_imported_from_a_forms_csv_and_summarised_on_the_offering(
        window, ids, qtbot, monkeypatch, tmp_path):
    from desktop.ui.dialogs.evaluation_dialog import EvaluationDialog, EvaluationImportDialog

    tab = _pd_tab(window, qtbot)
    offering = _offering(window, WORKSHOP)
    assert tab.select_offering(offering.id)
    path = tmp_path / "Evaluation (Responses).csv"
    path.write_text(
        "Timestamp,Email Address,The session was a good use of my time,"
        "I learned something I can use with my students,"
        "I have the time and support to put it into practice,Any other comments?\n"
        f"{window.today:%Y/%m/%d} 15:02:11,ana@riverside.example,5,4,2,No time to plan it in\n"
        f'{window.today:%Y/%m/%d} 15:04:40,,4,4,3,"=HYPERLINK(""http://x"")"\n'
        f"{window.today:%Y/%m/%d} 15:05:00,nobody@riverside.example,1,1,1,\n", encoding="utf-8")
    previews = []

    def import_file(dialog):
        dialog.set_path(path)
        previews.append(dialog.summary.text())
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(EvaluationDialog, "exec", lambda dialog: dialog.import_button.click() or 0)
    monkeypatch.setattr(EvaluationImportDialog, "exec", import_file)
    qtbot.mouseClick(tab.evaluation_button, Qt.MouseButton.LeftButton)
    assert previews == ["2 ready to import (1 anonymous), 1 not matched to a teacher."]
    details = tab.details.toPlainText()
    assert "Evaluations (2): Reaction 4.5 of 5 (2); Learning 4.0 of 5 (2); Organisation support " \
        "2.5 of 5 (2)" \
        in details
    assert window.undo_action.text() == f"&Undo Import 2 evaluations of {WORKSHOP}"
    window.undo_action.trigger()
    assert "Evaluations (" not in tab.details.toPlainText()
