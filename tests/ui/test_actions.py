"""Writes run in one transaction, failures become plain words, success says what changed."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from db import records, staff
from db.errors import DiskFullError
from db.staff import StaffValidationError
from desktop.ui.actions import Actions


@pytest.fixture
def host(qtbot, memory_db):
    window = QMainWindow()
    qtbot.addWidget(window)
    return window, Actions(memory_db, None, window)


def test_success_broadcasts_the_tables(host, qtbot, memory_db):
    window, actions = host
    with qtbot.waitSignal(actions.data_changed) as changed:
        outcome = actions.run(lambda db: staff.add(db, first_name="Ana"), changes={"staff"},
                              done="Added Ana.")
    assert outcome.ok and staff.get(memory_db, outcome.value).first_name == "Ana"
    assert changed.args == [{"staff"}]
    assert window.statusBar().currentMessage() == "Added Ana."


def test_a_failed_write_is_rolled_back_whole(host, qtbot, memory_db):
    window, actions = host

    def two_rows_then_fail(db):
        staff.add(db, first_name="Ana")
        records.insert(db, "staff", {"first_name": "Ben", "role": "janitor"})  # CHECK fails

    with qtbot.assertNotEmitted(actions.data_changed):
        outcome = actions.run(two_rows_then_fail, changes={"staff"})
    assert not outcome.ok
    assert staff.count(memory_db) == 0
    assert window.statusBar().currentMessage().startswith("Not saved:")
    boxes = [box for box in window.findChildren(QMessageBox) if box.objectName() == "write-failed"]
    assert boxes and boxes[0].isVisible()   # shown without blocking
    assert "Traceback" not in boxes[0].text()


def test_storage_errors_keep_their_way_out(host, tmp_path):
    window, actions = host

    def disk_full(db):
        raise DiskFullError(tmp_path / "cultivate.db")

    failures = []
    actions.failed.connect(failures.append)
    outcome = actions.run(disk_full, changes={"staff"})
    assert "disk holding" in outcome.message
    box = [b for b in window.findChildren(QMessageBox) if b.objectName() == "write-failed"][-1]
    assert "Free some disk space" in box.informativeText()
    assert failures == [outcome.message]


def test_validation_errors_pass_through_to_the_form(host):
    _, actions = host
    with pytest.raises(StaffValidationError):
        actions.run(lambda db: staff.add(db, first_name=""), changes={"staff"},
                    passes_through=(StaffValidationError,))


def test_sqlite_errors_are_translated(host):
    _, actions = host

    def locked(db):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    outcome = actions.run(locked, changes=set())
    assert "read-only" in outcome.message
