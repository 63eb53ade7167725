"""No leftovers: an interrupted backup, export or PDF leaves a temporary file; the next start removes it.

Only Cultivate's own temporary files (by name) that nobody has touched for a while
(by age) are removed; a backup being written right now, or anything of the user's,
is left alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import staff
from db.connection import open_database, set_audit_enabled
from desktop.ui import app

REPO = Path(__file__).resolve().parents[2]
HOUR_AGO = time.time() - 3600


def _large_school(path: Path) -> Path:
    db = open_database(path)
    set_audit_enabled(db, False)
    with db.atomic():
        for number in range(60):
            staff.add(db, first_name=f"Teacher{number}", last_name="Example",
                      career_goals=f"{number} " * 300_000)
    set_audit_enabled(db, True)
    db.close()
    return path


def _temporary_files(folder: Path) -> list[Path]:
    return sorted(item for item in folder.iterdir() if item.name.startswith(".") and ".tmp" in item.name)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _kill_mid_backup(data: Path, data_dir: Path) -> list[Path]:
    """Back up *data* in a loop in another process and kill -9 it while a backup is being written."""
    code = ("import sys; from db import backups\n"
            "while True: backups.automatic_backup(sys.argv[1], 'daily', keep=2)\n")
    for _attempt in range(20):
        child = subprocess.Popen([sys.executable, "-c", code, str(data)], cwd=REPO,
                                 env={**os.environ, "CULTIVATE_DATA_DIR": str(data_dir)})
        folder = data_dir / "backups"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if folder.is_dir() and any(_size(item) for item in _temporary_files(folder)):
                    os.kill(child.pid, signal.SIGKILL)   # pages are being copied into it
                    break
                time.sleep(0.001)
        finally:
            if child.poll() is None:
                os.kill(child.pid, signal.SIGKILL)
            child.wait()
        left = _temporary_files(folder) if folder.is_dir() else []
        if any(_size(item) for item in left):
            return left
    raise AssertionError("never caught a backup in the middle")


@pytest.mark.slow
def test_a_killed_backup_leaves_a_temporary_file_that_the_next_start_removes(tmp_path, data_dir, qtbot):
    data = _large_school(tmp_path / "cultivate.db")
    left = _kill_mid_backup(data, data_dir)
    assert sum(item.stat().st_size for item in left) > 0       # the half-written copy is really there
    for item in left:
        os.utime(item, (HOUR_AGO, HOUR_AGO))                    # ... and was left an hour ago
    whole = [item for item in (data_dir / "backups").glob("*.db")]
    window = app.start_window(data)
    qtbot.addWidget(window)
    try:
        assert _temporary_files(data_dir / "backups") == []
        assert all(item.exists() for item in whole)               # whole backups are kept
    finally:
        window.close()


def test_only_cultivates_own_old_temporary_files_are_removed_at_start(tmp_path, data_dir, qtbot):
    from desktop.atomic_files import write_bytes

    data = tmp_path / "school" / "cultivate.db"
    data.parent.mkdir()
    open_database(data).close()
    handouts = tmp_path / "handouts"
    # A PDF written there once: Cultivate remembers the folders it writes into.
    write_bytes(handouts / "portfolio.pdf", b"%PDF-1.4")
    backups_dir = data_dir / "backups"
    backups_dir.mkdir(exist_ok=True)
    stale = [
        handouts / ".portfolio-2.pdf.cultivate-k2j4h5g6.tmp",                 # an interrupted PDF
        handouts / ".everything.zip.cultivate-a1b2c3d4.tmp",                  # an interrupted export
        data.parent / ".cultivate.db.cultivate-zz99yy88.tmp",                 # an interrupted restore
        backups_dir / ".cultivate-2026-01-12-083000-daily.db.cultivate-abcdefgh.tmp",
        backups_dir / ".cultivate-2026-01-12-083000-daily.db.cultivate-abcdefgh.tmp-journal",
        backups_dir / ".cultivate-2026-01-11-083000-daily.db.x7y6z5w4.tmp",  # an older Cultivate's name
    ]
    kept = [
        handouts / ".portfolio-3.pdf.cultivate-q1w2e3r4.tmp",   # fresh: being written right now
        handouts / "notes.tmp",                                   # the user's own
        handouts / ".my-draft.txt.tmp",                           # the user's own
        handouts / "portfolio.pdf",
    ]
    for item in stale + kept:
        item.write_bytes(b"x" * 1000)
    for item in stale + kept[1:]:
        os.utime(item, (HOUR_AGO, HOUR_AGO))
    window = app.start_window(data)
    qtbot.addWidget(window)
    try:
        assert [item for item in stale if item.exists()] == []
        assert all(item.exists() for item in kept)
    finally:
        window.close()
