"""The one write path: one transaction, changes said by the write, errors in three kinds, Undo."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from db import records, staff
from db.connection import open_database
from db.errors import DiskFullError, NeedsCorrection
from desktop.ui import messages
from desktop.ui.dialogs.bug_report import BugReportDialog
from desktop.ui.runner import Runner


@pytest.fixture
def host(qtbot, memory_db):
    window = QMainWindow()
    qtbot.addWidget(window)
    return window, Runner(memory_db, None, window)


def _boxes(window, name="write-failed"):
    return [box for box in window.findChildren(QMessageBox) if box.objectName() == name]


def _bug_reports():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, BugReportDialog) and w.isVisible()]


def test_success_broadcasts_what_the_write_changed_with_its_initiator(host, qtbot, memory_db):
    window, runner = host
    with qtbot.waitSignal(runner.changed) as changed:
        result = runner.perform("Add Ana", lambda db: staff.add(db, first_name="Ana"),
                                status="Added Ana.", initiator=window)
    assert result.ok and staff.get(memory_db, result.value).first_name == "Ana"
    changes, initiator = changed.args
    assert changes.inserted("staff") == {result.value} and initiator is window
    assert window.statusBar().currentMessage() == "Added Ana."
    assert runner.undo_label == "Add Ana"


def test_a_constraint_failure_is_a_bug_rolled_back_whole_logged_and_shown_with_details(
        host, qtbot, memory_db, caplog):
    window, runner = host

    def two_rows_then_fail(db):
        staff.add(db, first_name="Ana")
        db.execute("INSERT INTO goals (id, staff_id, title, created_at, updated_at) "
                   "VALUES ('g', NULL, 'x', '', '')")          # NOT NULL: Cultivate's mistake

    with qtbot.assertNotEmitted(runner.changed), caplog.at_level(logging.ERROR, "cultivate"):
        result = runner.perform("Broken", two_rows_then_fail)
    assert not result.ok
    assert staff.count(memory_db) == 0
    assert runner.undo_label is None
    reports = _bug_reports()
    assert reports and "NOT NULL constraint failed: goals.staff_id" in reports[-1].details.toPlainText()
    assert "restore a backup" not in result.message.lower()
    assert "Traceback" in caplog.text and "NOT NULL" in caplog.text
    for report in reports:
        report.close()


def test_storage_errors_are_plain_words_with_their_way_out(host, tmp_path):
    window, runner = host

    def disk_full(db):
        raise DiskFullError(tmp_path / "cultivate.db")

    failures = []
    runner.failed.connect(failures.append)
    result = runner.perform("Save", disk_full)
    assert "disk holding" in result.message
    box = _boxes(window)[-1]
    assert "Free some disk space" in box.informativeText() and box.isVisible()
    assert "Traceback" not in box.text()
    assert failures == [result.message]
    assert not _bug_reports()


def test_a_read_only_file_is_told_apart_by_sqlites_error_code(host, memory_db):
    window, runner = host
    memory_db.execute("PRAGMA query_only = ON")
    result = runner.perform("Add", lambda db: staff.add(db, first_name="Ana"))
    memory_db.execute("PRAGMA query_only = OFF")
    assert "read-only" in result.message
    assert not _bug_reports()


def test_a_file_busy_in_another_program_says_so_and_keeps_nothing_half_done(qtbot, tmp_path):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    db.execute("PRAGMA busy_timeout = 0")
    window = QMainWindow()
    qtbot.addWidget(window)
    runner = Runner(db, path, window)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")          # another program holds the write lock
    try:
        result = runner.perform("Add", lambda db: staff.add(db, first_name="Ana"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "is busy" in result.message and "try again" in _boxes(window)[-1].informativeText()
    assert staff.count(db) == 0
    assert runner.perform("Add", lambda db: staff.add(db, first_name="Ana")).ok
    db.close()


def test_what_the_user_must_change_goes_back_to_the_form_untouched(host):
    window, runner = host
    result = runner.perform("Add", lambda db: staff.add(db, first_name=""), report_corrections=False)
    assert isinstance(result.correction, NeedsCorrection) and "first name" in str(result.correction)
    assert not _boxes(window) and not _bug_reports()


def test_without_a_form_it_is_a_plain_notice(host, monkeypatch):
    window, runner = host
    notices = []
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": notices.append(text))
    runner.perform("Add", lambda db: staff.add(db, first_name=""))
    assert notices and "first name" in notices[0]
    assert "first name" in window.statusBar().currentMessage()


def test_undo_and_redo_replay_the_operation_and_say_what(host, qtbot, memory_db):
    window, runner = host
    member = staff.add(memory_db, first_name="Farah", last_name="Ahmed")
    runner.perform("Archive Farah Ahmed", lambda db: staff.archive(db, member))
    assert staff.get(memory_db, member).is_archived
    with qtbot.waitSignal(runner.changed) as changed:
        runner.undo()
    assert changed.args[1] is None, "Undo is nobody's edit: every view and dialog refreshes"
    assert not staff.get(memory_db, member).is_archived
    assert runner.undo_label is None and runner.redo_label == "Archive Farah Ahmed"
    assert window.statusBar().currentMessage() == "Undone: Archive Farah Ahmed."
    runner.redo()
    assert staff.get(memory_db, member).is_archived
    assert runner.undo_label == "Archive Farah Ahmed" and runner.redo_label is None


def test_keystrokes_with_one_merge_key_are_one_step(host, memory_db):
    _, runner = host
    member = staff.add(memory_db, first_name="Ana")
    for text in ("C", "Ch", "Che", "Ches", "Chess"):
        runner.perform("Type interests", lambda db, t=text: staff.update(db, member, interests=t),
                       merge=("interests", member))
    runner.perform("Type subjects", lambda db: staff.update(db, member, subjects="Art"),
                   merge=("subjects", member))
    runner.undo()
    assert staff.get(memory_db, member).subjects == ""
    assert runner.undo_label == "Type interests"
    runner.undo()
    assert staff.get(memory_db, member).interests == ""
    assert runner.undo_label is None


def test_an_undo_that_cannot_be_applied_says_so_and_leaves_the_data_alone(host, memory_db, monkeypatch):
    window, runner = host
    notices = []
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": notices.append(text))
    member = staff.add(memory_db, first_name="Ana")
    runner.perform("Edit Ana", lambda db: staff.update(db, member, interests="Chess"))
    staff.update(memory_db, member, interests="Go")       # changed since, outside this step
    result = runner.undo()
    assert not result.ok
    assert staff.get(memory_db, member).interests == "Go"
    assert notices and "cannot be taken back" in notices[0]
    assert runner.undo_label is None, "a step that can never be undone leaves the stack"


def test_a_new_file_empties_the_history_and_a_closed_one_refuses_writes(host, memory_db):
    _, runner = host
    runner.perform("Add", lambda db: staff.add(db, first_name="Ana"))
    runner.set_database(memory_db, None)
    assert runner.undo_label is None
    runner.close()
    result = runner.perform("Add", lambda db: records.insert(db, "staff", {"first_name": "B"}))
    assert not result.ok and result.message == "No data file is open."
