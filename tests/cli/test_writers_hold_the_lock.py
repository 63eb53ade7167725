"""Every command that writes holds the window's lock, and refuses plainly while the file is open elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db import backups, staff
from db.connection import open_database
from db.lockfile import holder_of
from desktop import cli

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "tests" / "data" / "roster"


@pytest.fixture
def held_elsewhere():
    """A second process holding a file the way the window does, until the test ends."""
    holders = []

    def hold(path: Path) -> None:
        process = subprocess.Popen(
            [sys.executable, "-c",
             "import sys; from db.lockfile import DataFileLock; DataFileLock(sys.argv[1]).acquire();"
             "print('held', flush=True); sys.stdin.read()", str(path)],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        holders.append(process)
        assert process.stdout.readline().strip() == "held"

    yield hold
    for process in holders:
        process.stdin.close()
        process.wait(timeout=30)
        process.stdout.close()


def _run(*args):
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def _files_beside(path: Path) -> dict[str, bytes]:
    return {item.name: item.read_bytes() for item in path.parent.iterdir() if item.is_file()}


def _refused_plainly(result) -> None:
    assert result.returncode != 0
    assert "already open in another Cultivate window" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_import_roster_refuses_a_file_open_elsewhere(school_file, held_elsewhere):
    held_elsewhere(school_file)
    before = _files_beside(school_file)
    result = _run("import-roster", "--data", school_file, SAMPLES / "oneroster-1.1")
    _refused_plainly(result)
    assert _files_beside(school_file) == before


def test_import_roster_refuses_while_a_window_has_the_file(school_file, qtbot, capsys):
    from desktop.ui import app

    window = app.start_window(school_file)
    qtbot.addWidget(window)
    try:
        assert cli.main(["import-roster", "--data", str(school_file), str(SAMPLES / "oneroster-1.1")]) != 0
        assert "already open in another Cultivate window" in capsys.readouterr().err
        assert staff.count(window.db, include_archived=True) == 2
    finally:
        window.close()
    qtbot.waitUntil(lambda: holder_of(school_file) is None)
    assert cli.main(["import-roster", "--data", str(school_file), str(SAMPLES / "oneroster-1.1")]) == 0


def test_import_roster_holds_the_lock_while_it_writes(school_file, monkeypatch, capsys):
    from desktop.core import roster

    seen = []
    original = roster.apply_plan

    def watching(db, plan, **kwargs):
        seen.append(holder_of(school_file))
        return original(db, plan, **kwargs)

    monkeypatch.setattr(roster, "apply_plan", watching)
    assert cli.main(["import-roster", "--data", str(school_file), str(SAMPLES / "oneroster-1.1")]) == 0
    assert seen and seen[0] is not None            # held while the roster was written
    assert holder_of(school_file) is None           # and let go afterwards


def test_restore_command_replaces_the_file_and_keeps_the_replaced_one(school_file, tmp_path, capsys):
    backup = backups.backup_to(school_file, tmp_path / "friday.db")
    db = open_database(school_file)
    staff.add(db, first_name="After", last_name="Friday")
    db.close()
    assert cli.main(["restore", "--data", str(school_file), str(backup)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "replaced-by-restore" in out
    db = open_database(school_file)
    assert "After Friday" not in [member.full_name for member in staff.list_staff(db)]
    db.close()


def test_restore_command_refuses_a_file_open_elsewhere(school_file, tmp_path, held_elsewhere):
    backup = backups.backup_to(school_file, tmp_path / "friday.db")
    held_elsewhere(school_file)
    before = school_file.read_bytes()
    result = _run("restore", "--data", school_file, backup)
    _refused_plainly(result)
    assert school_file.read_bytes() == before


def test_restore_command_refuses_a_bad_backup_plainly(school_file, tmp_path):
    bad = tmp_path / "not-a-backup.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    before = school_file.read_bytes()
    result = _run("restore", "--data", school_file, bad)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "not-a-backup.db" in result.stderr
    assert school_file.read_bytes() == before


def test_demo_into_an_existing_file_refuses_while_it_is_open_elsewhere(school_file, held_elsewhere):
    held_elsewhere(school_file)
    before = school_file.read_bytes()
    result = _run("demo", "--out", school_file, "--teachers", "2", "--force")
    _refused_plainly(result)
    assert school_file.read_bytes() == before


def test_demo_holds_the_lock_while_it_builds(tmp_path, monkeypatch, capsys):
    from desktop.core import demo

    out = tmp_path / "demo.db"
    seen = []
    original = demo.build_demo_school

    def watching(db, **kwargs):
        seen.append(holder_of(out))
        return original(db, **kwargs)

    monkeypatch.setattr(demo, "build_demo_school", watching)
    assert cli.main(["demo", "--out", str(out), "--teachers", "2"]) == 0
    assert seen[0] is not None and holder_of(out) is None
