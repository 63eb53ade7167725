"""The roster import dialog: preview first, nothing changes until Import is pressed."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import staff as staff_db
from desktop.ui.dialogs import roster_import
from desktop.ui.dialogs.roster_import import RosterImportDialog

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "roster"


def column_texts(model, header):
    column = model.column_index(header)
    return [model.index(row, column).data() for row in range(model.rowCount())]


@pytest.fixture
def dialog(qtbot, file_db):
    widget = RosterImportDialog(file_db)
    qtbot.addWidget(widget)
    return widget


def test_preview_then_import(qtbot, qtmodeltester, dialog, file_db, monkeypatch, data_dir):
    monkeypatch.setattr(roster_import, "choose_export_folder", lambda parent: SAMPLES / "oneroster-1.1")
    assert not dialog.import_button.isEnabled()
    dialog.folder_button.click()

    qtmodeltester.check(dialog.model)
    assert column_texts(dialog.model, "Change") == ["Add"] * 5
    assert column_texts(dialog.model, "Line") == ["2", "3", "6", "7", "11"]
    assert dialog.summary.text().startswith("Added 5, updated 0, archived 0, rejected 0")
    assert staff_db.count(file_db) == 0  # a preview writes nothing

    dialog.other_staff.setChecked(True)  # the preview follows the options
    assert "Ravi Patel" in column_texts(dialog.model, "Name")

    dialog.import_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert staff_db.count(file_db) == 6
    assert list((data_dir / "backups").glob("*before-roster-import*"))


def test_rejected_rows_show_file_line_and_reason(qtbot, dialog, tmp_path, monkeypatch):
    roster = tmp_path / "staff.csv"
    roster.write_text("First Name,Email\nAnn,ann@x.org\n,b@x.org\n")
    monkeypatch.setattr(roster_import, "choose_export_file", lambda parent: roster)
    dialog.file_button.click()
    assert column_texts(dialog.model, "Change") == ["Add", "Rejected"]
    row = dialog.model.row_at(1)
    assert (row.file, row.line, row.details) == ("staff.csv", 3, "no first name (givenName)")


def test_unreadable_export_is_explained_and_import_stays_off(qtbot, dialog, tmp_path, monkeypatch):
    broken = tmp_path / "export.zip"
    broken.write_bytes(b"not a zip at all")
    monkeypatch.setattr(roster_import, "choose_export_file", lambda parent: broken)
    dialog.file_button.click()
    assert "not a readable zip file" in dialog.summary.text()
    assert dialog.model.rowCount() == 0 and not dialog.import_button.isEnabled()


def test_cancelling_the_chooser_or_dialog_changes_nothing(qtbot, dialog, file_db, monkeypatch):
    monkeypatch.setattr(roster_import, "choose_export_file", lambda parent: None)
    dialog.file_button.click()
    assert dialog.path is None and dialog.model.rowCount() == 0
    dialog.set_path(SAMPLES / "oneroster-1.2")
    dialog.reject()
    assert staff_db.count(file_db) == 0


def test_import_goes_through_the_runner_as_one_undoable_step(qtbot, file_db):
    from desktop.ui.runner import Runner

    runner = Runner(file_db, None)
    reported = []
    runner.changed.connect(lambda changes, initiator: reported.append(changes))
    dialog = RosterImportDialog(file_db, runner=runner)
    qtbot.addWidget(dialog)
    dialog.set_path(SAMPLES / "oneroster-1.2")
    dialog.import_button.click()
    assert staff_db.count(file_db) == 3
    assert len(reported) == 1 and len(reported[0].inserted("staff")) == 3
    assert runner.undo_label == "Import the staff roster"
    dialog.set_path(SAMPLES / "oneroster-1.2")  # the same export again: nothing to do
    assert "nothing to import" in dialog.summary.text() and not dialog.import_button.isEnabled()
    runner.undo()
    assert staff_db.count(file_db) == 0, "the whole import is taken back at once"


def test_staff_menu_import_refreshes_the_window(window, monkeypatch):
    def press_import(self):
        self.set_path(SAMPLES / "oneroster-1.2")
        self.import_button.click()
        return self.result()

    monkeypatch.setattr(RosterImportDialog, "exec", press_import)
    sidebar = window.sidebar.model
    before = [sidebar.index(row).data() for row in range(sidebar.rowCount())]
    assert not any("Okeke" in name for name in before)
    window.import_roster_action.trigger()
    after = [sidebar.index(row).data() for row in range(sidebar.rowCount())]
    assert any("Okeke" in name for name in after) and len(after) == len(before) + 3
    assert "Roster imported: added 3" in window.statusBar().currentMessage()
    assert window.undo_action.text() == "&Undo Import the staff roster"
