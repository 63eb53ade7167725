"""``cultivate protect`` / ``unprotect``, and every other command on a protected file: the
passphrase from CULTIVATE_PASSPHRASE or a prompt, never written anywhere."""

from __future__ import annotations

import zipfile

import pytest

from db import driver, protection, staff
from db.connection import open_database
from db.errors import WrongPassphraseError
from db.lockfile import DataFileLock
from desktop import cli, paths

PASSPHRASE = "correct horse battery staple"
CANARY = "CANARYTEACHER"


@pytest.fixture
def school(data_dir):
    path = paths.default_database()
    db = open_database(path)
    staff.add(db, first_name=CANARY, last_name="Lopez")
    db.close()
    return path


def _every_file(folder):
    return [item for item in folder.rglob("*") if item.is_file()]


def _unlocked_in_a_fresh_process():
    driver.forget_keys()     # each command below starts with no key in memory, as a new process


def test_protect_then_every_command_opens_it_with_the_passphrase(school, data_dir, tmp_path,
                                                                  monkeypatch, capsys):
    monkeypatch.setenv("CULTIVATE_PASSPHRASE", PASSPHRASE)
    assert cli.main(["backup", "--data", str(school), "--out", str(data_dir / "backups")]) == 0
    assert cli.main(["protect", "--data", str(school)]) == 0
    assert "now protected" in capsys.readouterr().out
    # No plaintext left: not in the data file, its backups, the log or anything beside them.
    leaks = [item.name for item in _every_file(data_dir) if CANARY.encode() in item.read_bytes()]
    assert leaks == []
    assert not school.read_bytes().startswith(b"SQLite format 3")

    for argv in (["check"], ["export", "--out", str(tmp_path / "e.zip")],
                 ["portfolio", "--all", "--out", str(tmp_path / "all.pdf")]):
        _unlocked_in_a_fresh_process()
        assert cli.main([argv[0], "--data", str(school), *argv[1:]]) == 0, argv
    with zipfile.ZipFile(tmp_path / "e.zip") as archive:   # the export is the user's own, plain
        assert CANARY.encode() in archive.read("staff.csv")
    assert PASSPHRASE.encode() not in b"".join(item.read_bytes() for item in _every_file(data_dir))


def test_a_wrong_or_missing_passphrase_is_said_plainly(school, monkeypatch, capsys):
    monkeypatch.setenv("CULTIVATE_PASSPHRASE", PASSPHRASE)
    assert cli.main(["protect", "--data", str(school)]) == 0
    _unlocked_in_a_fresh_process()
    monkeypatch.setenv("CULTIVATE_PASSPHRASE", "not the passphrase")
    assert cli.main(["check", "--data", str(school)]) == 2
    error = capsys.readouterr().err
    assert "That passphrase does not open" in error and "Traceback" not in error
    monkeypatch.delenv("CULTIVATE_PASSPHRASE")
    monkeypatch.setattr("sys.stdin", None)          # no terminal to ask at
    assert cli.main(["check", "--data", str(school)]) == 2
    assert "set CULTIVATE_PASSPHRASE" in capsys.readouterr().err


def test_the_passphrase_is_asked_at_the_terminal_when_not_in_the_environment(school, monkeypatch):
    monkeypatch.setenv("CULTIVATE_PASSPHRASE", PASSPHRASE)
    assert cli.main(["protect", "--data", str(school)]) == 0
    _unlocked_in_a_fresh_process()
    monkeypatch.delenv("CULTIVATE_PASSPHRASE")
    asked = []

    class Terminal:
        @staticmethod
        def isatty():
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASSPHRASE)
    assert cli.main(["check", "--data", str(school)]) == 0
    assert asked == ["Passphrase for “cultivate.db”: "]


def test_change_and_remove_the_passphrase(school, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("CULTIVATE_PASSPHRASE", PASSPHRASE)
    assert cli.main(["protect", "--data", str(school)]) == 0
    monkeypatch.setenv("CULTIVATE_NEW_PASSPHRASE", "a brand new phrase")
    _unlocked_in_a_fresh_process()
    assert cli.main(["protect", "--data", str(school)]) == 0
    assert "Changed the passphrase" in capsys.readouterr().out
    _unlocked_in_a_fresh_process()
    with pytest.raises(WrongPassphraseError):
        protection.unlock(school, PASSPHRASE)
    monkeypatch.setenv("CULTIVATE_PASSPHRASE", "a brand new phrase")
    assert cli.main(["unprotect", "--data", str(school)]) == 0
    assert school.read_bytes().startswith(b"SQLite format 3")
    assert cli.main(["unprotect", "--data", str(school)]) == 2     # nothing left to remove


def test_protect_is_refused_while_the_file_is_open_and_changes_nothing(school, monkeypatch, capsys):
    monkeypatch.setenv("CULTIVATE_PASSPHRASE", PASSPHRASE)
    before = school.read_bytes()
    with DataFileLock(school):           # as the window holds it
        assert cli.main(["protect", "--data", str(school)]) == 2
    assert "already open in another Cultivate window" in capsys.readouterr().err
    assert school.read_bytes() == before


def test_a_short_passphrase_is_refused(school, monkeypatch, capsys):
    monkeypatch.setenv("CULTIVATE_PASSPHRASE", "short")
    assert cli.main(["protect", "--data", str(school)]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert school.read_bytes().startswith(b"SQLite format 3")
