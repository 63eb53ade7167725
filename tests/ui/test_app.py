"""Start-up: the data file, a refused file, the first-start sample, and the excepthook."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from db.errors import DiskFullError
from desktop import paths
from desktop.settings import Settings
from desktop.ui import app, messages
from desktop.ui.dialogs.bug_report import BugReportDialog
from desktop.ui.dialogs.who_dialog import WhoDialog
from tests.helpers.window import overview_filled


@pytest.fixture
def started(qtbot):
    windows = []

    def start(data_path):
        window = app.start_window(data_path)
        if window is not None:
            qtbot.addWidget(window)
            windows.append(window)
        return window

    yield start
    for window in windows:
        window.close()


def test_opens_the_given_file_and_remembers_it(started, school_file):
    path, _ = school_file
    window = started(path)
    assert window.path == path
    assert Settings.load().get("files.recent") == [str(path)]
    assert Settings.load().get("sample.offered") is False   # --data never offers the sample


def test_first_start_offers_the_sample_once(started, monkeypatch):
    asked = []
    monkeypatch.setattr(app, "ask_load_sample", lambda parent: asked.append("sample") or False)
    monkeypatch.setattr(WhoDialog, "ask", classmethod(
        lambda cls, parent, people, **kwargs: asked.append(("who", len(people))) or None))
    window = started(None)
    assert window.path == paths.default_database()
    # The sample first, then who is using Cultivate (an empty school: nobody to pick yet).
    assert asked == ["sample", ("who", 0)] and Settings.load().get("sample.offered") is True
    assert window.user_label.text() == "Who is using Cultivate? Not said yet"
    window.close()
    started(None)
    assert len(asked) == 2


def test_first_start_can_load_the_sample_school(started, monkeypatch, qtbot):
    pytest.importorskip("desktop.core.demo")
    monkeypatch.setattr(app, "ask_load_sample", lambda parent: True)
    monkeypatch.setattr(app, "SAMPLE_TEACHERS", 8)
    picked = []

    def pick_the_principal(cls, parent, people, *, save, **kwargs):
        picked.extend(people)
        return save({"staff_id": next(p.id for p in people if p.role == "principal")})

    monkeypatch.setattr(WhoDialog, "ask", classmethod(pick_the_principal))
    window = started(None)
    assert {member.role for member in picked} <= {"principal", "coach"} and len(picked) == 2
    assert window.user is not None and window.user.role == "principal"
    assert window.user_label.text() == f"Using Cultivate: {window.user.full_name}"
    assert window.sidebar.model.rowCount() > 8        # whole school + teachers + leaders
    assert int(overview_filled(qtbot, window).school_cards["teachers"].value()) >= 7   # one may have left
    assert window.statusBar().currentMessage() == f"Cultivate knows you as {window.user.full_name}."


def test_a_refused_file_offers_another_or_quit(started, tmp_path, monkeypatch, school_file):
    bad = tmp_path / "photo.db"
    bad.write_bytes(b"\x89PNG not a database at all" * 40)
    problems = []
    monkeypatch.setattr(app, "ask_about_storage_problem", lambda error, path=None: problems.append(error) or app.QUIT)
    assert started(bad) is None
    assert "cannot be opened" in str(problems[0])
    assert bad.read_bytes().startswith(b"\x89PNG")        # untouched

    good, _ = school_file
    monkeypatch.setattr(app, "ask_about_storage_problem", lambda error, path=None: app.OPEN_ANOTHER)
    monkeypatch.setattr(messages, "choose_file", lambda parent, new: good)
    window = started(bad)
    assert window.path == good


def test_bugs_are_logged_and_shown_with_copyable_details(qtbot):
    from desktop import logging_setup

    logging_setup.configure()
    try:
        raise RuntimeError("the sky fell")
    except RuntimeError as error:
        app.handle_exception(type(error), error, error.__traceback__)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, BugReportDialog)]
    assert dialogs and dialogs[-1].isVisible()
    assert "RuntimeError: the sky fell" in dialogs[-1].details.toPlainText()
    dialogs[-1].close()
    log_text = paths.log_file().read_text(encoding="utf-8")
    assert "Traceback" in log_text and "the sky fell" in log_text


def test_storage_problems_get_plain_words_not_a_traceback(qtbot, tmp_path):
    error = DiskFullError(tmp_path / "cultivate.db")
    app.handle_exception(DiskFullError, error, None)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
             and w.isVisible()]
    assert any("disk holding" in box.text() and "Free some disk space" in box.informativeText()
               for box in boxes)
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, BugReportDialog) and w.isVisible()]
    for box in boxes:
        box.close()


def test_bundled_fonts_are_registered(qapp):
    from desktop.ui.fonts import FAMILY, install_bundled_fonts

    assert FAMILY in install_bundled_fonts(qapp)
    assert qapp.font().family() == FAMILY


def test_a_damaged_file_can_be_restored_from_the_latest_backup(started, tmp_path, monkeypatch):
    from db import backups
    from tests.helpers.bad_files import _corrupt_page_holding, big_school

    path = big_school(tmp_path / "school.db")
    backups.backup_to(path, paths.backups_dir(), reason="daily")
    _corrupt_page_holding(path, b"Goal text 0200 ")   # a staff page: the window reads it at once
    damaged = path.read_bytes()
    offered = []
    monkeypatch.setattr(app, "ask_about_storage_problem",
                        lambda error, p=None: offered.append(error) or app.RESTORE)
    monkeypatch.setattr(app, "confirm_restore", lambda info, p: True)
    window = started(path)
    assert "damaged" in str(offered[0])
    assert window is not None and window.path == path
    # Every teacher is back (the list reads them a page at a time; its count says all).
    assert int(window.sidebar.count_label.text().split()[0]) > 400
    kept = [p for p in paths.backups_dir().iterdir() if p.name.endswith("replaced-by-restore.db")]
    assert kept and kept[0].read_bytes() == damaged              # the damaged file was kept as it was


def _school_with_tombstones(path):
    """A school with many deletion marks (tombstones), which no view of the window reads."""
    from db.connection import open_database
    from tests.helpers.bad_files import big_school

    big_school(path, people=30)
    db = open_database(path)
    with db.atomic():
        for number in range(300):
            db.execute("INSERT INTO tombstones (id, table_name, row_id, deleted_at, created_at, "
                       "updated_at) VALUES (?, 'goals', ?, '2026-01-01', '2026-01-01', '2026-01-01')",
                       [f"t{number}", f"Gone {number:04d} " * 20])
    db.close()
    return path


def test_a_damaged_file_found_by_the_days_check_can_be_restored(started, qtbot, tmp_path, monkeypatch):
    from datetime import datetime, timedelta

    from db import backups
    from desktop.ui.dialogs import backup_dialogs
    from tests.helpers.bad_files import _corrupt_page_holding

    path = _school_with_tombstones(tmp_path / "school.db")
    backups.backup_to(path, paths.backups_dir(), reason="daily", now=datetime.now() - timedelta(days=2))
    _corrupt_page_holding(path, b"Gone 0200 ")
    damaged = path.read_bytes()
    offered = []
    monkeypatch.setattr(backup_dialogs, "ask_about_damage",
                        lambda window, error: offered.append(error) or backup_dialogs.RESTORE)
    monkeypatch.setattr(backup_dialogs.RestoreDialog, "ask",
                        staticmethod(lambda found, parent=None: found[0].path))
    monkeypatch.setattr(messages, "confirm", lambda *args, **kwargs: True)
    window = started(path)             # opening reads no damaged page: the window is up at once
    assert window is not None and window.path == path and not offered
    # The day's backup, on a worker, copies and checks every page: it finds the damage.
    qtbot.waitUntil(lambda: bool(offered), timeout=20000)
    assert "damaged" in str(offered[0])
    kept = [p for p in paths.backups_dir().iterdir() if p.name.endswith("replaced-by-restore.db")]
    assert kept and kept[0].read_bytes() == damaged              # the damaged file was kept as it was
    assert sorted(info.reason for info in backups.list_backups(data_file=path)) == [
        "daily", backups.REPLACED_BY_RESTORE]                    # no backup was made of the damage
    from db.health import check_file

    assert check_file(path).healthy                              # the file is whole again


def test_a_damaged_file_found_by_the_days_check_can_be_salvaged(started, qtbot, tmp_path, monkeypatch):
    from db import staff
    from desktop.ui.dialogs import backup_dialogs
    from tests.helpers.bad_files import _corrupt_page_holding

    path = _school_with_tombstones(tmp_path / "school.db")
    _corrupt_page_holding(path, b"Gone 0200 ")
    damaged = path.read_bytes()
    monkeypatch.setattr(backup_dialogs, "ask_about_damage", lambda window, error: backup_dialogs.SALVAGE)
    monkeypatch.setattr(messages, "notify", lambda *args, **kwargs: None)
    window = started(path)
    qtbot.waitUntil(lambda: window.path == tmp_path / "school-salvaged.db", timeout=20000)
    assert staff.count(window.db) == 31                          # every teacher is in the copy
    assert 250 < window.db.execute("SELECT count(*) FROM tombstones").fetchone()[0] < 300
    assert path.read_bytes() == damaged


def test_a_damaged_page_met_while_working_gets_plain_words(qtbot, tmp_path, monkeypatch):
    import sqlite3

    from desktop.ui.dialogs import backup_dialogs

    shown = []
    monkeypatch.setattr(backup_dialogs, "ask_about_damage",
                        lambda window, error: shown.append(error) or backup_dialogs.LATER)
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": shown.append(text))
    error = sqlite3.DatabaseError("database disk image is malformed")
    app.handle_exception(sqlite3.DatabaseError, error, None)
    assert shown and "damaged" in str(shown[0])
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, BugReportDialog) and w.isVisible()]


def test_a_file_bringing_its_own_trigger_is_refused_and_can_be_salvaged(started, tmp_path, monkeypatch):
    import sqlite3

    from db.connection import open_database
    from tests.helpers.school import fill_every_table

    path = tmp_path / "handed-over.db"
    db = open_database(path)
    fill_every_table(db)
    db.execute("UPDATE conversations SET is_private = 1")
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TRIGGER staff_touch AFTER UPDATE ON staff "
                 "BEGIN UPDATE conversations SET is_private = 0; END")
    conn.commit()
    conn.close()
    tampered = path.read_bytes()
    offered = []

    def ask(error, p=None):
        offered.append(str(error))
        return app.SALVAGE

    monkeypatch.setattr(app, "ask_about_storage_problem", ask)
    window = started(path)
    assert "an extra trigger “staff_touch” on staff" in offered[0]
    assert "Something went wrong" not in offered[0]
    assert path.read_bytes() == tampered
    assert window.path == tmp_path / "handed-over-salvaged.db"
    assert window.db.execute("SELECT count(*) FROM staff").fetchone()[0] == 2   # every record came across
    assert window.db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'staff_touch'").fetchone()[0] == 0
