"""A save that meets a full disk fails with a plain message and leaves the file as it was.

A child process stands in for the laptop: ``RLIMIT_FSIZE`` caps how large it may
make any file, so SQLite's writes are cut short just as on a full disk.
"""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.connection import open_database
from db.errors import DiskFullError
from tests.helpers.school import every_row, fill_every_table

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file-size limits are POSIX")


def _contents(path):
    db = open_database(path)
    data = every_row(db)
    db.close()
    return data


@pytest.mark.parametrize("action", ["update", "many_rows"])
def test_save_on_a_full_disk_fails_plainly_and_keeps_the_data(tmp_path, action):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    fill_every_table(db)
    db.close()
    before = _contents(path)
    limit = path.stat().st_size + 40_000 + 123
    result = subprocess.run(
        [sys.executable, "-m", "tests.helpers.save_with_limit", str(path), str(limit), action],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["saved"] is False
    assert outcome["error"] == "DiskFullError"
    assert outcome["message"] == str(DiskFullError(path))
    assert "Your text is still on screen" in outcome["way_out"]
    assert outcome["text_kept"] > 0
    assert "Traceback" not in result.stderr

    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
    assert _contents(path) == before


def test_write_errors_are_told_apart_from_bugs(tmp_path, monkeypatch):
    from db import connection
    from db.errors import SaveFailedError

    path = tmp_path / "cultivate.db"
    translate = connection.translate_write_error
    assert isinstance(translate(path, sqlite3.OperationalError("database or disk is full")), DiskFullError)
    monkeypatch.setattr(connection, "_file_size_limited", lambda: False)
    failed = translate(path, sqlite3.OperationalError("disk I/O error"))
    assert isinstance(failed, SaveFailedError) and "not saved" in str(failed)
    monkeypatch.setattr(connection, "_file_size_limited", lambda: True)
    assert isinstance(translate(path, sqlite3.OperationalError("disk I/O error")), DiskFullError)
    assert translate(path, sqlite3.OperationalError("no such table: staf")) is None


def test_saving_rolls_back_and_leaves_bugs_alone(tmp_path):
    from db import staff
    from db.connection import saving

    db = open_database(tmp_path / "cultivate.db")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        with saving(db):
            db.execute("INSERT INTO staf (id) VALUES ('x')")
    with saving(db):
        staff.add(db, first_name="Still", last_name="Works")
    assert not db.conn.in_transaction
    db.close()
