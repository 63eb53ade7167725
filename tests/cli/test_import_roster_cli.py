"""``cultivate import-roster``: applies at once, --dry-run previews, one summary line, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from db import staff as staff_db
from db.connection import open_database
from desktop import cli

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "roster"


@pytest.fixture(autouse=True)
def only_this_command(monkeypatch):
    # The parser imports every registered subcommand; keep this test about ours alone.
    monkeypatch.setattr(cli, "COMMANDS", {"import-roster": cli.COMMANDS["import-roster"]})


def staff_in(path: Path) -> list[str]:
    db = open_database(path)
    try:
        return sorted(member.full_name for member in staff_db.list_staff(db, include_archived=True))
    finally:
        db.close()


def test_import_applies_and_ends_with_the_summary(tmp_path, capsys):
    data = tmp_path / "school.db"
    assert cli.main(["import-roster", "--data", str(data), str(SAMPLES / "oneroster-1.1")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["added 5, updated 0, archived 0, rejected 0"]
    assert "Maria Garcia" in staff_in(data)

    assert cli.main(["--data", str(data), "import-roster", str(SAMPLES / "oneroster-1.1"),
                     "--include-other-staff"]) == 0
    assert capsys.readouterr().out.splitlines() == ["added 1, updated 0, archived 0, rejected 0"]


def test_dry_run_previews_and_changes_nothing(tmp_path, capsys):
    data = tmp_path / "school.db"
    code = cli.main(["import-roster", "--data", str(data), "--dry-run",
                     str(SAMPLES / "oneroster-1.2")])
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "added 3, updated 0, archived 0, rejected 0"
    assert any("Camille Dubois (principal)" in line and "users.csv:4" in line for line in out)
    assert not data.exists()  # a preview does not even create the data file

    cli.main(["import-roster", "--data", str(data), str(SAMPLES / "oneroster-1.2")])
    before = staff_in(data)
    capsys.readouterr()
    cli.main(["import-roster", "--data", str(data), "--dry-run", "--archive-missing",
              str(SAMPLES / "oneroster-1.1")])
    assert capsys.readouterr().out.splitlines()[-1] == "added 5, updated 0, archived 0, rejected 0"
    assert staff_in(data) == before


def test_rejected_rows_are_printed_above_the_summary(tmp_path, capsys):
    roster = tmp_path / "staff.csv"
    roster.write_text('First Name,Email\nAnn,ann@x.org\n,nobody@x.org\n"Bo\nBo",not-an-email\n')
    code = cli.main(["import-roster", "--data", str(tmp_path / "school.db"), str(roster)])
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "staff.csv:3: no first name (givenName)"
    # A first name cannot hold a line break: the quote on line 4 is one left open, and
    # line 5 is read on its own (where its stray quote is refused too).
    assert out[1].startswith("staff.csv:4: a quote (\") opens a field here that is only closed on line 5")
    assert out[2].startswith("staff.csv:5: a quote (\") stands in the middle of a field")
    assert out[3] == "added 1, updated 0, archived 0, rejected 3"


def test_reimport_changes_nothing(tmp_path, capsys):
    data = tmp_path / "school.db"
    for _ in range(2):
        cli.main(["import-roster", "--data", str(data), "--archive-missing",
                  str(SAMPLES / "staff-windows-1252.csv")])
    assert capsys.readouterr().out.splitlines()[-1] == "added 0, updated 0, archived 0, rejected 0"


@pytest.mark.parametrize("name, content, message", [
    ("missing.zip", None, "was not found"),
    ("export.zip", b"garbage, not a zip", "not a readable zip file"),
    ("staff.csv", b"First Name\n\x00\x01\x02\xff\xfe", "binary data"),
    ("staff.xlsx", b"PK\x03\x04 broken", "not a readable Excel workbook"),
])
def test_errors_are_plain_and_exit_non_zero(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    data = tmp_path / "school.db"
    assert cli.main(["import-roster", "--data", str(data), str(path)]) != 0
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""
    assert not data.exists()


def test_a_real_process_prints_no_traceback(tmp_path):
    garbage = tmp_path / "users.csv"
    garbage.write_bytes(bytes(range(256)) * 40)
    code = (
        "import sys\n"
        "from desktop import cli\n"
        "cli.COMMANDS = {'import-roster': 'import_roster'}\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "import-roster", "--data", str(tmp_path / "s.db"), str(garbage)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "binary data" in result.stderr
