import os
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db import backups, migrations, staff
from db.backups import backup_if_due, backup_to, list_backups, restore
from db.connection import open_database
from db.errors import FileInUseError, NotCultivateFileError
from db.lockfile import DataFileLock
from desktop import paths
from desktop.settings import get_settings

REPO = Path(__file__).resolve().parents[2]
MONDAY = datetime(2026, 1, 12, 8, 30, 0)


def _staff_names(path):
    conn = sqlite3.connect(path)
    names = sorted(row[0] for row in conn.execute("SELECT first_name FROM staff"))
    conn.close()
    return names


def test_backup_to_a_folder_is_a_complete_standalone_copy(school_file, tmp_path):
    out = backup_to(school_file, tmp_path / "usb", now=MONDAY)
    assert out.name == "cultivate-2026-01-12-083000-manual.db"
    assert not Path(str(out) + "-wal").exists()
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    conn.close()
    assert _staff_names(out) == _staff_names(school_file)
    # Same second again: a second file, never an overwrite.
    again = backup_to(school_file, tmp_path / "usb", now=MONDAY)
    assert again != out and again.exists()


def test_backup_of_an_open_database_includes_unsaved_wal_pages(tmp_path):
    db = open_database(tmp_path / "cultivate.db")
    staff.add(db, first_name="Only", last_name="In-the-log")
    out = backup_to(db, tmp_path / "copy.db")
    db.close()
    assert _staff_names(out) == ["Only"]


def test_backup_refuses_a_file_that_is_not_cultivates(tmp_path):
    other = tmp_path / "music.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotCultivateFileError):
        backup_to(other, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_automatic_backups_rotate_to_the_configured_number(school_file):
    get_settings().set("backups.keep", 3)
    for day in range(5):
        backups.automatic_backup(school_file, backups.DAILY, now=MONDAY + timedelta(days=day))
    kept = list_backups(data_file=school_file)
    assert [info.taken_at.day for info in kept] == [16, 15, 14]
    assert len(list(paths.backups_dir().glob("*.db"))) == 3


def test_start_up_backup_only_when_the_last_is_a_day_old(school_file):
    first = backup_if_due(school_file, now=MONDAY)
    assert first is not None
    assert backup_if_due(school_file, now=MONDAY + timedelta(hours=23)) is None
    assert backup_if_due(school_file, now=MONDAY + timedelta(hours=25)) is not None
    assert len(list_backups(data_file=school_file)) == 2


def test_listing_shows_date_reason_and_record_counts(school_file):
    backups.automatic_backup(school_file, "before-import", now=MONDAY)
    (paths.backups_dir() / "cultivate-2026-01-13-090000-daily.db").write_bytes(b"garbage" * 100)
    listed = list_backups()
    assert [info.reason for info in listed] == ["daily", "before-import"]
    damaged, good = listed
    assert not damaged.usable and "cannot be opened" in damaged.problem
    assert good.usable
    assert good.taken_at == MONDAY
    assert good.reason_words == "before an import"
    assert good.counts["staff"] == 2 and good.counts["observations"] == 1
    assert good.data_version == migrations.LATEST_VERSION


def test_restore_replaces_the_file_and_keeps_the_one_it_replaced(school_file):
    backup = backups.automatic_backup(school_file, backups.DAILY, now=MONDAY)
    db = open_database(school_file)
    staff.add(db, first_name="Added", last_name="After the backup")
    db.close()
    kept = restore(backup, school_file, now=MONDAY + timedelta(hours=1))
    assert "Added" not in _staff_names(school_file)
    assert "Added" in _staff_names(kept)
    assert kept.name.endswith("replaced-by-restore.db")
    db = open_database(school_file)  # the restored file opens and saves normally
    staff.add(db, first_name="Later", last_name="Edit")
    db.close()


def test_restore_drops_the_old_files_write_ahead_log(school_file, tmp_path):
    backup = backup_to(school_file, tmp_path / "b.db")
    # Recreate what a crashed window leaves: the old main file plus a -wal holding its last edits.
    main_before = school_file.read_bytes()
    db = open_database(school_file)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("UPDATE staff SET first_name = 'Crashed'")
    wal = Path(str(school_file) + "-wal")
    crashed_wal = wal.read_bytes()
    db.close()
    school_file.write_bytes(main_before)
    wal.write_bytes(crashed_wal)
    assert "Crashed" in _staff_names(school_file)
    wal.write_bytes(crashed_wal)
    school_file.write_bytes(main_before)
    kept = restore(backup, school_file)
    assert not wal.exists()
    assert "Crashed" not in _staff_names(school_file)
    conn = sqlite3.connect(school_file)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert "Crashed" in _staff_names(kept)  # the kept copy carries the log's edits


def test_restore_refuses_while_the_file_is_open(school_file, tmp_path):
    backup = backup_to(school_file, tmp_path / "b.db")
    before = school_file.read_bytes()
    with DataFileLock(school_file):
        with pytest.raises(FileInUseError):
            restore(backup, school_file)
    assert school_file.read_bytes() == before


def test_restore_keeps_a_damaged_file_byte_for_byte(school_file, tmp_path):
    backup = backup_to(school_file, tmp_path / "b.db")
    school_file.write_bytes(school_file.read_bytes()[:3000] + b"\x00" * 5000)
    damaged = school_file.read_bytes()
    kept = restore(backup, school_file)
    assert kept.read_bytes() == damaged
    assert _staff_names(school_file) == _staff_names(backup)


def test_a_migration_is_preceded_by_a_backup(tmp_path, monkeypatch):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    staff.add(db, first_name="Before", last_name="Upgrade")
    db.close()

    def add_column(db):
        db.execute("ALTER TABLE staff ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''")

    step = migrations.Migration(migrations.LATEST_VERSION + 1, "9999_pronouns", add_column)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(migrations, "LATEST_VERSION", step.version)
    db = backups.open_with_backups(path)
    db.close()
    reasons = {info.reason: info for info in list_backups(data_file=path)}
    before = reasons[f"before-upgrade-from-v{step.version - 1}"]
    assert before.data_version == step.version - 1
    assert before.counts["staff"] == 1
    # The upgrade's backup is today's: no second one just for the start of the day.
    assert set(reasons) == {before.reason}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="uses the POSIX writer harness")
def test_backup_while_another_process_writes_is_consistent(tmp_path):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    staff.add(db, first_name="First", last_name="Teacher")
    db.close()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.writer", str(path), "1"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    taken = []
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        for number in range(12):
            # Let the writer commit a few actions between backups, then copy mid-stream.
            for _ in range(5):
                assert writer.stdout.readline(), writer.stderr.read()
            taken.append(backup_to(path, tmp_path / "backups" / f"b{number}.db"))
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        writer.stderr.close()
    counts = []
    for copy in taken:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        half_saved = conn.execute(
            "SELECT count(*) FROM goals WHERE description != "
            "(SELECT count(*) FROM action_steps WHERE goal_id = goals.id)"
        ).fetchone()[0]
        assert half_saved == 0
        audit_gap = conn.execute(
            "SELECT count(*) FROM staff WHERE id NOT IN (SELECT row_id FROM audit_log)"
        ).fetchone()[0]
        assert audit_gap == 0
        counts.append(conn.execute("SELECT count(*) FROM staff").fetchone()[0]
                      + conn.execute("SELECT count(*) FROM goals").fetchone()[0])
        conn.close()
    assert counts == sorted(counts) and counts[-1] > counts[0]


def test_rotation_counts_only_whole_backups(school_file):
    get_settings().set("backups.keep", 3)
    good = [backups.automatic_backup(school_file, backups.DAILY, now=MONDAY + timedelta(days=day))
            for day in range(3)]
    # Newer files with backup names that are not whole backups: cut short, or not a database.
    folder = paths.backups_dir()
    (folder / "cultivate-2026-02-01-083000-daily.db").write_bytes(good[0].read_bytes()[:4096])
    (folder / "cultivate-2026-02-02-083000-daily.db").write_bytes(b"garbage" * 100)
    newest = backups.automatic_backup(school_file, backups.DAILY, now=MONDAY + timedelta(days=30))
    whole = [info.path for info in list_backups(data_file=school_file) if info.usable]
    assert whole == [newest, good[2], good[1]]          # three whole backups kept, not one
    # A broken file named like this morning's backup is not this morning's backup.
    (folder / "cultivate-2026-03-02-070000-daily.db").write_bytes(b"garbage" * 100)
    assert backup_if_due(school_file, now=datetime(2026, 3, 2, 9, 0)) is not None
