import sqlite3
import subprocess
import sys
from pathlib import Path

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
