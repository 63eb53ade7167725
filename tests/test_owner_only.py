"""Owner-only files: the data file and its companions, backups, logs, exports and PDFs are
readable by their owner only (0600) and Cultivate's folders are the owner's (0700), under
the usual umask 022; files already there are tightened when Cultivate opens them.

Issue 14, measured on main under umask 022: data file, backups, logs and exports 0644,
the data folder 0755. Now 0600 and 0700.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from db import backups
from db.connection import open_database
from db.export import export_zip
from db.lockfile import DataFileLock
from desktop import logging_setup, paths
from desktop.settings import Settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="permission bits are a Linux and macOS matter")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def fresh_data_dir(tmp_path, umask_022):
    """A data folder that does not exist yet, as on a first start."""
    folder = tmp_path / "home" / "Cultivate"
    paths.override_data_dir(folder)
    yield folder
    logger = logging.getLogger("cultivate")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def test_everything_cultivate_writes_is_the_owners_only(fresh_data_dir, tmp_path):
    data = paths.default_database()
    with DataFileLock(data) as lock:
        db = backups.open_with_backups(data)
        backups.daily_backup(data)   # as the window takes it once it is on screen
        db.execute("INSERT INTO preferences (id, key, value, created_at, updated_at) "
                   "VALUES ('p', 'school.name', 'Maple', 'now', 'now')")
        assert mode(lock.path) == 0o600
        for name in ("cultivate.db", "cultivate.db-wal", "cultivate.db-shm"):
            assert mode(fresh_data_dir / name) == 0o600, name
        made = backups.backup_to(db, tmp_path / "usb" / "new folder")   # Back up now…, a new folder
        export = export_zip(db, tmp_path / "out" / "everything.zip")
        db.close()
    logging_setup.configure()
    logging.getLogger("cultivate").warning("a line in the log")
    Settings.load().set("backups.keep", 5)

    assert mode(fresh_data_dir) == 0o700
    for folder in ("backups", "logs"):
        assert mode(fresh_data_dir / folder) == 0o700, folder
    [daily] = list((fresh_data_dir / "backups").glob("*.db"))
    for path in (daily, made, export, fresh_data_dir / "logs" / "cultivate.log", paths.settings_file()):
        assert mode(path) == 0o600, path
    assert mode(made.parent) == 0o700 and mode(made.parent.parent) == 0o700  # made by Cultivate


def test_pdfs_and_calendars_are_the_owners_only(umask_022, tmp_path):
    from datetime import date

    from reportlab.platypus import Paragraph

    from desktop.reports.calendar_ics import write_calendar
    from desktop.reports.pdf_base import HandoutInfo, build_pdf, styles

    info = HandoutInfo(title="Feedback", header="Feedback", generated_on=date(2026, 3, 10))
    target = build_pdf(tmp_path / "pdfs" / "handout.pdf", info, [Paragraph("Glow", styles()["body"])])
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
    target.chmod(0o644)                  # an older copy, made readable by all, is replaced
    build_pdf(target, info, [Paragraph("Grow", styles()["body"])])
    assert mode(target) == 0o600
    assert mode(write_calendar([], tmp_path / "pd.ics")) == 0o600


def test_files_already_there_are_tightened_on_open(tmp_path, umask_022):
    folder = tmp_path / "Cultivate"
    paths.override_data_dir(folder)
    data = paths.default_database()
    open_database(data).close()
    logs = paths.log_dir()
    (logs / "cultivate.log").write_text("old lines\n")
    (logs / "cultivate.log.1").write_text("older lines\n")
    lock = data.with_name(data.name + ".lock")
    lock.write_text("")
    for path in (folder, folder / "backups", logs):
        path.mkdir(exist_ok=True)
        path.chmod(0o755)
    for path in (data, lock, logs / "cultivate.log", logs / "cultivate.log.1"):
        path.chmod(0o644)

    with DataFileLock(data):
        db = backups.open_with_backups(data)
        backups.daily_backup(data)   # as the window takes it once it is on screen
        db.close()
    logging_setup.configure()
    try:
        for path in (folder, folder / "backups", logs):
            assert mode(path) == 0o700, path
        for path in (data, logs / "cultivate.log", logs / "cultivate.log.1"):
            assert mode(path) == 0o600, path
    finally:
        logger = logging.getLogger("cultivate")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()


def test_a_folder_the_user_chose_keeps_its_own_permissions(tmp_path, umask_022):
    shared = tmp_path / "Shared with the office"
    shared.mkdir()
    shared.chmod(0o755)
    db = open_database(tmp_path / "c.db")
    try:
        export = export_zip(db, shared / "everything.zip")
    finally:
        db.close()
    assert mode(shared) == 0o755 and mode(export) == 0o600
