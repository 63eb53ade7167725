"""File ▸ Back up now…, Restore from a backup…, Export everything… in the real window."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest
from PySide6.QtCore import Qt

from db import backups, staff
from desktop.ui import messages
from desktop.ui.dialogs import backup_dialogs
from desktop.ui.dialogs.backup_dialogs import RestoreDialog


def _action(window, name):
    return next(action for action in window.data_actions if action.objectName() == name)


def test_the_file_menu_offers_the_three_actions(window):
    file_menu = window.file_menu
    assert window.menuBar().actions()[0].text() == "&File"
    names = [action.objectName() for action in file_menu.actions()]
    assert {"Back up now", "Restore from a backup", "Export everything"} <= set(names)
    assert names.index("Export everything") < names.index("Quit")


def test_back_up_now_copies_the_open_file(window, tmp_path, monkeypatch):
    monkeypatch.setattr(backup_dialogs, "choose_backup_folder", lambda parent: tmp_path / "usb")
    _action(window, "Back up now").trigger()
    copies = list((tmp_path / "usb").glob("school-*-manual.db"))
    assert len(copies) == 1
    conn = sqlite3.connect(copies[0])
    assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == staff.count(window.db, include_archived=True)
    conn.close()
    assert "Backed up to" in window.statusBar().currentMessage()


def test_back_up_to_a_folder_that_cannot_be_written_says_so(window, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("x")
    monkeypatch.setattr(backup_dialogs, "choose_backup_folder", lambda parent: blocker / "inside")
    shown = []
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": shown.append((title, text)))
    _action(window, "Back up now").trigger()
    assert shown and shown[0][0] == "The backup was not made"


def _answer_export_choice(qtbot, monkeypatch, *, tick: bool = False, seen: list | None = None):
    """The Export everything question answered from the keyboard, as a principal would."""

    def ask(cls, parent=None):
        dialog = cls(parent)
        qtbot.addWidget(dialog)
        assert not dialog.private_box.isChecked()            # left out unless ticked
        if seen is not None:
            seen.append(dialog)
        if tick:
            dialog.private_box.setFocus()
            qtbot.keyClick(dialog.private_box, Qt.Key.Key_Space)
            assert dialog.warning.isVisibleTo(dialog)
        return dialog.private_box.isChecked()

    monkeypatch.setattr(backup_dialogs.ExportChoiceDialog, "ask", classmethod(ask))


@pytest.mark.parametrize("tick", [False, True])
def test_export_everything_writes_the_zip_with_private_data_only_if_ticked(
        window, tmp_path, monkeypatch, qtbot, tick):
    from db import records

    visit = window.db.execute("SELECT id FROM observations LIMIT 1").fetchone()
    if visit is None:
        pytest.skip("the window's school has no visit")
    records.update(window.db, "observations", visit[0], {"private_note": "PRIVATE-IN-EXPORT"})
    target = tmp_path / "everything.zip"
    monkeypatch.setattr(backup_dialogs, "choose_export_file", lambda parent: target)
    _answer_export_choice(qtbot, monkeypatch, tick=tick)
    _action(window, "Export everything").trigger()
    with zipfile.ZipFile(target) as archive:
        assert {"README.txt", "cultivate.json", "staff.csv"} <= set(archive.namelist())
        readme = archive.read("README.txt").decode("utf-8")
        assert (b"PRIVATE-IN-EXPORT" in archive.read("observations.csv")) == tick
    assert ("PRIVATE DATA IS INCLUDED" in readme) == tick
    assert ("private data left out" in window.statusBar().currentMessage()) == (not tick)


def test_the_export_question_can_be_cancelled_and_nothing_is_asked_after(window, monkeypatch):
    asked = []
    monkeypatch.setattr(backup_dialogs.ExportChoiceDialog, "ask", classmethod(lambda cls, parent=None: None))
    monkeypatch.setattr(backup_dialogs, "choose_export_file", lambda parent: asked.append(parent))
    _action(window, "Export everything").trigger()
    assert asked == []


def test_restore_lists_backups_confirms_and_reopens(window, monkeypatch, qtbot):
    path = window.path
    backup = backups.automatic_backup(window.db, backups.DAILY)
    before = staff.count(window.db)
    window.runner.perform("Add", lambda db: staff.add(db, first_name="After", last_name="Backup"))
    assert staff.count(window.db) == before + 1

    seen = []

    def pick_first(found, parent=None):
        dialog = RestoreDialog(found, parent)
        qtbot.addWidget(dialog)
        seen.append([dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())])
        assert dialog.restore_button.isEnabled()
        dialog._restore_selected()
        return dialog.chosen

    monkeypatch.setattr(RestoreDialog, "ask", staticmethod(pick_first))
    monkeypatch.setattr(messages, "confirm", lambda *args, **kwargs: True)
    _action(window, "Restore from a backup").trigger()
    assert seen == [["daily"]]
    assert window.path == path
    assert staff.count(window.db) == before  # the window shows the restored file
    kept = [info for info in backups.list_backups(data_file=path) if info.reason == backups.REPLACED_BY_RESTORE]
    assert len(kept) == 1 and kept[0].counts["staff"] == staff.count(window.db, include_archived=True) + 1
    assert backup.exists()


def test_restore_cancelled_at_the_question_changes_nothing(window, monkeypatch):
    backups.automatic_backup(window.db, backups.DAILY)
    window.runner.perform("Add", lambda db: staff.add(db, first_name="Kept", last_name="Edit"))
    count = staff.count(window.db)
    monkeypatch.setattr(RestoreDialog, "ask", staticmethod(lambda found, parent=None: found[0].path))
    monkeypatch.setattr(messages, "confirm", lambda *args, **kwargs: False)
    _action(window, "Restore from a backup").trigger()
    assert staff.count(window.db) == count


def test_unusable_backups_are_shown_but_cannot_be_chosen(qtbot, tmp_path):
    junk = tmp_path / "school-2026-01-01-080000-daily.db"
    junk.write_bytes(b"not a database at all" * 50)
    dialog = RestoreDialog(backups.list_backups(tmp_path), None)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert "Cannot be used" in dialog.table.item(0, 2).text()
    dialog.table.selectRow(0)
    assert not dialog.restore_button.isEnabled()


def test_a_second_cultivate_on_the_same_file_is_refused(school_file, qtbot, monkeypatch):
    import subprocess
    import sys
    from pathlib import Path

    from db.errors import FileInUseError
    from db.lockfile import holder_of
    from desktop.ui import app

    path, _ids = school_file
    first = subprocess.Popen(  # the first Cultivate, holding the file as the window does
        [sys.executable, "-c",
         "import sys; from desktop.ui.dialogs.backup_dialogs import open_for_window;"
         "open_for_window(__import__('pathlib').Path(sys.argv[1]));"
         "print('open', flush=True); sys.stdin.read()", str(path)],
        cwd=Path(__file__).resolve().parents[2], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert first.stdout.readline().strip() == "open"
        before = path.read_bytes()
        problems = []
        monkeypatch.setattr(app, "ask_about_storage_problem",
                            lambda error, path=None: problems.append(error) or app.QUIT)
        assert app.start_window(path) is None  # the second one quits
        assert isinstance(problems[0], FileInUseError) and "already open" in str(problems[0])
        assert path.read_bytes() == before
    finally:
        first.stdin.close()
        first.wait(timeout=30)
        first.stdout.close()
    window = app.start_window(path)  # free once the first has gone
    qtbot.addWidget(window)
    assert holder_of(path) is not None
    window.close()
    qtbot.waitUntil(lambda: holder_of(path) is None)


def test_the_days_backup_follows_the_window_and_a_synced_folder_is_warned_of(tmp_path, qtbot, monkeypatch):
    from db.connection import open_database
    from desktop.ui import app

    folder = tmp_path / "Dropbox" / "school"
    folder.mkdir(parents=True)
    path = folder / "cultivate.db"
    open_database(path).close()
    warned = []
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": warned.append(text))
    window = app.start_window(path)
    qtbot.addWidget(window)
    assert any("Dropbox" in text for text in warned)
    # Taken on a worker once the window is up (a district's file takes seconds to copy).
    qtbot.waitUntil(lambda: [info.reason for info in backups.list_backups(data_file=path)] == ["daily"],
                    timeout=20000)
    window.close()
    again = app.start_window(path)        # the same day: no second one
    qtbot.addWidget(again)
    # Started once the window has painted, then finished without taking another.
    qtbot.waitUntil(lambda: hasattr(again, "_data_jobs") and not again._data_jobs.is_busy(),
                    timeout=20000)
    assert [info.reason for info in backups.list_backups(data_file=path)] == ["daily"]
    again.close()


def test_export_everything_shows_progress_and_can_be_cancelled(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    target = tmp_path / "everything.zip"
    monkeypatch.setattr(backup_dialogs, "choose_export_file", lambda parent: target)
    monkeypatch.setattr(backup_dialogs.ExportChoiceDialog, "ask", classmethod(lambda cls, parent=None: False))
    seen = []
    original = QProgressDialog.setLabelText

    def cancel_once_under_way(dialog, text):
        original(dialog, text)
        seen.append(text)
        if "staff" in text:
            dialog.cancel()          # the principal presses Cancel

    monkeypatch.setattr(QProgressDialog, "setLabelText", cancel_once_under_way)
    _action(window, "Export everything").trigger()
    assert any(text.startswith("Exporting ") for text in seen)
    assert not target.exists()
    assert [item for item in tmp_path.iterdir() if item.name.startswith(".everything")] == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_days_backup_that_fails_without_damage_is_said_in_the_status_bar(window, qtbot, monkeypatch):
    """Only damage opens the damage question; a forgotten passphrase (or a full disk) while
    the day's backup ran is said in passing (a modal question here once hung the window)."""
    from db.errors import PassphraseNeededError
    from desktop.ui.background import wait_idle

    def no_key(path):
        raise PassphraseNeededError(path)

    monkeypatch.setattr(backups, "daily_backup", no_key)
    monkeypatch.setattr(backup_dialogs, "damage_found",
                        lambda *args: pytest.fail("damage asked about"))
    backup_dialogs.start_daily_backup(window)
    assert wait_idle()
    assert window.statusBar().currentMessage().startswith("Today's backup was not taken:")
