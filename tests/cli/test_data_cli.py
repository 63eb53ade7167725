"""``cultivate check``, ``backup`` and ``export``; and bad files on the command line.

A bad file must give its plain message, a non-zero exit, no traceback, and be
left byte for byte as it was.
"""

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop import cli
from tests.helpers.bad_files import KINDS, big_school, make_bad_file

REPO = Path(__file__).resolve().parents[2]

MESSAGES = {
    "random_bytes": "not a database file",
    "zero_bytes": "empty (zero bytes)",
    "tiny_truncated": "truncated",
    "truncated": "damaged",
    "damaged_page": "damaged",
    "other_program": "made by another program",
    "newer": "newer version of Cultivate",
}


def _run(*args, env=None):
    """The real command, in its own process, as a principal would type it."""
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def _folder_state(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def test_check_says_healthy_and_exits_zero(school_file, capsys):
    before = school_file.read_bytes()
    assert cli.main(["check", "--data", str(school_file), "--thorough"]) == 0
    out = capsys.readouterr().out
    assert "is healthy" in out and "2 staff" in out and "1 observations" in out
    assert school_file.read_bytes() == before


def test_check_also_takes_the_file_before_the_command(school_file, capsys):
    assert cli.main(["--data", str(school_file), "check"]) == 0
    assert "is healthy" in capsys.readouterr().out


@pytest.mark.parametrize("kind", KINDS)
def test_check_on_a_bad_file_exits_non_zero_plainly_and_changes_nothing(tmp_path, kind):
    path = make_bad_file(kind, tmp_path)
    before = path.read_bytes()
    result = _run("check", "--data", path)
    assert result.returncode != 0
    assert MESSAGES[kind] in result.stderr
    assert "Cultivate has not changed it" in result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert path.read_bytes() == before


def test_check_does_not_migrate_an_older_file(school_file, monkeypatch, capsys):
    from db import migrations

    step = migrations.Migration(migrations.LATEST_VERSION + 1, "9999_later", lambda db: None)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(migrations, "LATEST_VERSION", step.version)
    before = school_file.read_bytes()
    assert cli.main(["check", "--data", str(school_file)]) == 0
    assert "will upgrade it" in capsys.readouterr().out
    assert school_file.read_bytes() == before
    conn = sqlite3.connect(school_file)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == step.version - 1
    conn.close()


def test_check_on_a_missing_file_creates_nothing(tmp_path, capsys):
    assert cli.main(["check", "--data", str(tmp_path / "nope.db")]) != 0
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_check_can_salvage_a_damaged_file(tmp_path, capsys):
    path = make_bad_file("damaged_page", tmp_path)
    rescued = tmp_path / "rescued.db"
    assert cli.main(["check", "--data", str(path), "--salvage-to", str(rescued)]) != 0
    captured = capsys.readouterr()
    assert "damaged" in captured.err and "Salvaged" in captured.out
    assert cli.main(["check", "--data", str(rescued)]) == 0


def test_backup_writes_a_dated_copy(school_file, tmp_path, capsys):
    assert cli.main(["backup", "--data", str(school_file), "--out", str(tmp_path / "usb")]) == 0
    copies = list((tmp_path / "usb").glob("cultivate-*-manual.db"))
    assert len(copies) == 1
    assert "Backed up" in capsys.readouterr().out
    assert cli.main(["check", "--data", str(copies[0])]) == 0


def test_backup_to_a_named_file(school_file, tmp_path):
    target = tmp_path / "friday.db"
    assert cli.main(["backup", "--data", str(school_file), "--out", str(target)]) == 0
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 2
    conn.close()


def test_export_writes_the_zip_without_touching_the_file(school_file, tmp_path, capsys):
    before = school_file.read_bytes()
    out = tmp_path / "everything.zip"
    assert cli.main(["export", "--data", str(school_file), "--out", str(out)]) == 0
    assert "Exported" in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        assert {"README.txt", "cultivate.json", "staff.csv", "audit_log.csv"} <= set(archive.namelist())
    assert school_file.read_bytes() == before


@pytest.mark.parametrize("include", [False, True])
def test_export_leaves_private_data_out_unless_asked(school_file, tmp_path, capsys, include):
    out = tmp_path / "everything.zip"
    argv = ["export", "--data", str(school_file), "--out", str(out)]
    assert cli.main(argv + (["--include-private"] if include else [])) == 0
    said = capsys.readouterr().out
    assert ("Private data was left out" in said) == (not include)
    with zipfile.ZipFile(out) as archive:
        readme = archive.read("README.txt").decode("utf-8")
    assert ("PRIVATE DATA IS INCLUDED" in readme) == include


@pytest.mark.parametrize("command", ["backup", "export"])
def test_backup_and_export_refuse_a_bad_file_plainly(tmp_path, command):
    path = make_bad_file("other_program", tmp_path)
    before = _folder_state(tmp_path)
    result = _run(command, "--data", path, "--out", tmp_path / "out.zip")
    assert result.returncode != 0
    assert "made by another program" in result.stderr and "Traceback" not in result.stderr
    assert _folder_state(tmp_path) == before


def test_cultivate_check_sees_the_window_holding_the_file(school_file, capsys):
    from db.lockfile import DataFileLock

    with DataFileLock(school_file):
        assert cli.main(["check", "--data", str(school_file)]) == 0
    assert "open in Cultivate right now" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["random_bytes", "truncated", "zero_bytes", "other_program"])
def test_screenshot_on_a_bad_file_exits_plainly_and_changes_nothing(tmp_path, kind):
    if not (REPO / "desktop" / "commands" / "screenshot.py").exists():
        pytest.skip("the screenshot command is not there yet")
    path = make_bad_file(kind, tmp_path)
    before = path.read_bytes()
    result = _run("screenshot", "--data", path, "--out", tmp_path / "shots")
    assert result.returncode != 0
    assert MESSAGES[kind] in result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert path.read_bytes() == before


def test_big_school_helper_is_healthy(tmp_path):
    # Guards the fixtures above: the "bad" files start from a file check calls healthy.
    assert cli.main(["check", "--data", str(big_school(tmp_path / "fine.db", people=3))]) == 0
