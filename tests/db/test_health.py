import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from db import migrations, staff
from db.connection import open_database, open_read_only
from db.errors import (
    DamagedFileError,
    FileInUseError,
    NewerFileError,
    NotCultivateFileError,
    ReadOnlyFileError,
)
from db.health import check_file, network_filesystem, risky_folder_warning, salvage, sync_service
from db.lockfile import DataFileLock, holder_of, lock_path
from tests.helpers.bad_files import big_school, make_bad_file

REPO = Path(__file__).resolve().parents[2]


# What opening itself refuses: the cheap checks of the header, the owner, the version and
# the schema. A damaged page inside a whole file is found by the check of every page,
# which `cultivate check`, a restore and the day's background backup run (see below).
BAD_FILES = {
    "random_bytes": (NotCultivateFileError, "not a database file"),
    "zero_bytes": (NotCultivateFileError, "empty (zero bytes)"),
    "tiny_truncated": (DamagedFileError, "truncated"),
    "truncated": (DamagedFileError, "truncated"),
    "other_program": (NotCultivateFileError, "another program"),
    "newer": (NewerFileError, "newer version of Cultivate"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_gets_its_own_message_and_is_never_written(tmp_path, kind):
    path = make_bad_file(kind, tmp_path)
    before = path.read_bytes()
    error_type, words = BAD_FILES[kind]
    with pytest.raises(error_type) as caught:
        open_database(path)
    assert words in str(caught.value)
    assert "Cultivate has not changed it" in str(caught.value)
    assert caught.value.way_out
    assert path.read_bytes() == before
    report = check_file(path)
    assert isinstance(report.problem, error_type) and not report.healthy
    assert path.read_bytes() == before


def test_a_damaged_page_is_found_by_the_check_of_every_page_not_by_opening(tmp_path):
    from db import backups

    path = make_bad_file("damaged_page", tmp_path)
    before = path.read_bytes()
    report = check_file(path)
    assert isinstance(report.problem, DamagedFileError) and "damaged" in str(report.problem)
    assert "backup" in report.problem.way_out and "salvage" in report.problem.way_out
    # The day's backup copies the pages as they are and checks the copy: no backup is
    # kept, and the error names the data file.
    with pytest.raises(DamagedFileError) as caught:
        backups.daily_backup(path, folder=tmp_path / "backups")
    assert str(path) in str(caught.value) or path.name in str(caught.value)
    assert not list((tmp_path / "backups").glob("*.db"))
    # Opening reads no page beyond the schema's, so it is quick and changes nothing.
    open_database(path).close()
    assert path.read_bytes() == before


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_file_is_refused_before_anything_is_written(tmp_path, what):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = big_school(folder / "cultivate.db", people=3)
    before = path.read_bytes()
    os.chmod(path if what == "file" else folder, 0o444 if what == "file" else 0o555)
    try:
        with pytest.raises(ReadOnlyFileError) as caught:
            open_database(path)
        assert "read-only" in str(caught.value)
        assert "Copy the file" in caught.value.way_out
        assert path.read_bytes() == before
        assert isinstance(check_file(path).problem, ReadOnlyFileError)
    finally:
        os.chmod(folder, 0o755)
        os.chmod(path, 0o644)


def test_a_new_file_in_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        with pytest.raises(ReadOnlyFileError):
            open_database(folder / "new.db")
        assert list(folder.iterdir()) == []
    finally:
        os.chmod(folder, 0o755)


def test_read_only_opening_never_changes_a_file_with_a_pending_log(tmp_path):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    staff.add(db, first_name="In", last_name="The log")
    # Keep the log as a crash would, then look at the file read-only.
    wal = Path(str(path) + "-wal").read_bytes()
    main = path.read_bytes()
    db.close()
    path.write_bytes(main)
    Path(str(path) + "-wal").write_bytes(wal)
    reader = open_read_only(path)
    assert [p.first_name for p in staff.list_staff(reader)] == ["In"]
    reader.close()
    assert path.read_bytes() == main


def test_healthy_report_counts_records_and_notes_risks(tmp_path):
    path = big_school(tmp_path / "cultivate.db", people=5)
    report = check_file(path, thorough=True)
    assert report.healthy
    assert report.counts["staff"] == 6 and report.counts["goals"] == 0
    assert report.data_version == migrations.LATEST_VERSION
    assert report.warnings == []
    with DataFileLock(path):
        busy = check_file(path)
    assert busy.healthy and any("open in Cultivate right now" in w for w in busy.warnings)


# ---------------------------------------------------------------- lock file


def test_second_cultivate_on_the_same_file_is_told_it_is_open(tmp_path):
    path = tmp_path / "cultivate.db"
    with DataFileLock(path) as first:
        assert first.held and holder_of(path) is not None
        with pytest.raises(FileInUseError) as caught:
            DataFileLock(path).acquire()
        assert "already open" in str(caught.value)
        assert f"process {os.getpid()}" in str(caught.value)
    assert not lock_path(path).exists()
    assert holder_of(path) is None
    with DataFileLock(path):  # free again
        pass


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_holder_never_leaves_the_file_stuck(tmp_path):
    path = tmp_path / "cultivate.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from db.lockfile import DataFileLock; DataFileLock(sys.argv[1]).acquire();"
         "print('held', flush=True); sys.stdin.read()", str(path)],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(FileInUseError):
            DataFileLock(path).acquire()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        holder.stdin.close()
    assert lock_path(path).exists()  # left behind by the killed process
    assert holder_of(path) is None
    with DataFileLock(path):  # taken over
        assert holder_of(path) is not None


def test_a_stale_lock_text_from_a_dead_process_is_taken_over(tmp_path):
    path = tmp_path / "cultivate.db"
    lock_path(path).write_text('{"pid": 999999999, "user": "someone", "host": "elsewhere"}')
    with DataFileLock(path):
        assert f'"pid": {os.getpid()}' in lock_path(path).read_text()


# ---------------------------------------------------------------- risky folders


@pytest.mark.parametrize(
    "path, service",
    [
        ("/home/ana/Dropbox/school/cultivate.db", "Dropbox"),
        ("/home/ana/Dropbox (Personal)/cultivate.db", "Dropbox"),
        ("/Users/ana/OneDrive - Springfield Schools/cultivate.db", "OneDrive"),
        ("/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.org/My Drive/c.db", "Google Drive"),
        ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/c.db", "iCloud Drive"),
        ("/home/ana/Documents/cultivate.db", None),
        ("/home/ana/dropbox-notes.db", None),
    ],
)
def test_cloud_sync_folders_are_recognised(path, service):
    assert sync_service(path) == service


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/staff /mnt/staff nfs4 rw,relatime 0 0
//fileserver/share /media/Shared\\040Drive cifs rw 0 0
/dev/sdb1 /mnt/staff/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/mnt/staff/cultivate.db", "nfs4"),
        ("/media/Shared Drive/cultivate.db", "cifs"),
        ("/mnt/staff/local/cultivate.db", None),  # a local disk mounted inside the share
        ("/home/ana/cultivate.db", None),
        ("/mnt/staffroom/cultivate.db", None),
    ],
)
def test_network_folders_are_recognised_from_the_mount_table(path, kind):
    assert network_filesystem(path, MOUNTS) == kind


def test_warnings_explain_the_risk_in_plain_words():
    cloud = risky_folder_warning("/home/ana/Dropbox/cultivate.db", MOUNTS)
    assert "Dropbox" in cloud and "Back up now" in cloud
    network = risky_folder_warning("/mnt/staff/cultivate.db", MOUNTS)
    assert "network folder" in network and "nfs4" in network
    assert risky_folder_warning("/home/ana/cultivate.db", MOUNTS) is None


# ---------------------------------------------------------------- salvage


def test_salvage_copies_every_readable_row_into_a_new_file(tmp_path):
    path = make_bad_file("damaged_page", tmp_path)
    before = path.read_bytes()
    report = salvage(path, tmp_path / "salvaged.db")
    assert path.read_bytes() == before
    assert "staff" in report.damaged_tables
    rescued = report.copied["staff"]
    assert 370 < rescued < 401  # one page of rows lost, the rest kept
    db = open_database(tmp_path / "salvaged.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert staff.count(db) == rescued
    names = {person.first_name for person in staff.list_staff(db)}
    assert "Teacher0000" in names and "Teacher0399" in names
    # The audit log was salvaged as it was, and salvage itself added nothing to it.
    assert db["audit_log"].count == report.copied["audit_log"] > 0
    db.close()
    assert "Salvaged" in report.summary() and "staff" in report.summary()


def test_salvage_of_a_healthy_file_copies_everything(tmp_path):
    from db import clock, school_years
    from tests.ui.school import year_plan

    path = big_school(tmp_path / "fine.db", people=10)
    db = open_database(path)
    school_years.replace_years(db, [year_plan(2024), year_plan(2025)])
    years = [(y.id, y.name) for y in school_years.list_years(db)]
    db.close()
    with clock.fixed(date(2027, 1, 5)):   # the new file would be given 2026–27
        report = salvage(path, tmp_path / "copy.db")
    assert report.copied["staff"] == 11 and not report.damaged_tables
    copy = open_database(tmp_path / "copy.db")
    assert [(y.id, y.name) for y in school_years.list_years(copy)] == years   # its own years
    assert copy["tombstones"].count == 0
    copy.close()


def test_salvage_refuses_to_overwrite_and_refuses_non_databases(tmp_path):
    path = big_school(tmp_path / "fine.db", people=1)
    with pytest.raises(Exception, match="already exists"):
        salvage(path, path)
    junk = make_bad_file("random_bytes", tmp_path)
    with pytest.raises(NotCultivateFileError):
        salvage(junk, tmp_path / "nothing.db")
    assert not (tmp_path / "nothing.db").exists()


def test_no_sqlite_utils_plugin_runs_in_a_connection(tmp_path, monkeypatch):
    """A sqlite-utils plugin installed beside Cultivate would run inside every connection
    to a file of people's records: none is looked for, on any way of opening."""
    from sqlite_utils import plugins

    from db.connection import open_memory
    from db.schema import migrated

    looked = []
    monkeypatch.setattr(plugins, "_plugins_loaded", False)
    monkeypatch.setattr(plugins.pm, "load_setuptools_entrypoints", looked.append)
    path = tmp_path / "school.db"
    open_database(path).close()
    open_database(path).close()
    open_read_only(path).close()
    open_memory().close()
    migrated(migrations.LATEST_VERSION)
    assert looked == []
