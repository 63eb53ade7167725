import sqlite3
import subprocess
import sys
from pathlib import Path

from db import records

ROOT = Path(__file__).resolve().parents[2]


def cultivate(*args):
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_demo_writes_a_new_file_and_prints_one_line(tmp_path):
    out = tmp_path / "demo.db"
    result = cultivate("demo", "--out", str(out), "--teachers", "5", "--seed", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and "5 teachers" in lines[0] and str(out) in lines[0]
    with sqlite3.connect(out) as connection:
        teachers = connection.execute("SELECT count(*) FROM staff WHERE role = 'teacher'").fetchone()[0]
        names = {row[0] for row in connection.execute("SELECT first_name FROM staff")}
    assert teachers == 5
    assert {"Zoë", "Minh", "Øyvind"} <= names


def test_demo_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "precious.db"
    out.write_bytes(b"my real data")
    result = cultivate("demo", "--out", str(out), "--teachers", "2")
    assert result.returncode == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_bytes() == b"my real data"

    forced = cultivate("demo", "--out", str(out), "--teachers", "2", "--force")
    assert forced.returncode == 0, forced.stderr
    with sqlite3.connect(out) as connection:
        assert connection.execute("SELECT count(*) FROM staff WHERE role = 'teacher'").fetchone()[0] == 2


def test_demo_rejects_a_silly_teacher_count(tmp_path):
    out = tmp_path / "none.db"
    result = cultivate("demo", "--out", str(out), "--teachers", "0")
    assert result.returncode == 2 and "--teachers" in result.stderr
    assert not out.exists()


def test_demo_help_lists_its_options():
    result = cultivate("demo", "--help")
    assert result.returncode == 0
    for option in ("--out", "--teachers", "--seed", "--force"):
        assert option in result.stdout


def _content(path):
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'") if records.is_record_table(row[0])]
        return {table: connection.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall()
                for table in tables}


def test_same_seed_and_today_write_the_same_file(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    for out in (first, second):
        result = cultivate("demo", "--out", str(out), "--teachers", "3", "--seed", "4",
                           "--today", "2025-12-01")
        assert result.returncode == 0, result.stderr
        assert "as of 2025-12-01" in result.stdout
    content = _content(first)
    assert content == _content(second)
    assert max(row[0] for row in sqlite3.connect(first).execute(
        "SELECT observed_on FROM observations")) <= "2025-12-01"


def test_a_wrong_today_is_refused_plainly(tmp_path):
    result = cultivate("demo", "--out", str(tmp_path / "x.db"), "--today", "2026-02-30")
    assert result.returncode == 2 and "not a date like 2026-12-01" in result.stderr
    assert not (tmp_path / "x.db").exists()
