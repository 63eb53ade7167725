"""A data path that is a folder, a device, in a missing folder (a drive not connected) or on a
read-only drive gets its own plain message, on the command line and in the window; never
"Something went wrong inside Cultivate", never a traceback, and nothing is created there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.connection import open_database
from db.errors import ReadOnlyFileError
from desktop import cli

REPO = Path(__file__).resolve().parents[2]
GENERIC = "Something went wrong inside Cultivate"


def _run(*args):
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def _plain(result, words: str) -> None:
    assert result.returncode != 0
    assert words in result.stderr, result.stderr
    assert GENERIC not in result.stderr and "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def folder_named_like_the_file(tmp_path):
    folder = tmp_path / "cultivate.db"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("command", [["check"], ["export", "--out", "x.zip"], ["backup", "--out", "b"],
                                     ["import-roster", str(REPO / "tests/data/roster/oneroster-1.1")]])
def test_a_folder_named_like_the_data_file(folder_named_like_the_file, command):
    before = sorted(folder_named_like_the_file.parent.iterdir())
    result = _run(command[0], "--data", folder_named_like_the_file, *command[1:])
    _plain(result, "is a folder, not a Cultivate data file")
    assert sorted(folder_named_like_the_file.parent.iterdir()) == before


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs a device file")
@pytest.mark.parametrize("command", [["check"], ["import-roster", str(REPO / "tests/data/roster/oneroster-1.1")]])
def test_a_device(command):
    _plain(_run(command[0], "--data", "/dev/null", *command[1:]), "is a device, not a data file")


def test_a_missing_folder_or_drive_is_not_created(tmp_path):
    target = tmp_path / "usb-stick" / "school" / "cultivate.db"
    result = _run("import-roster", "--data", target, REPO / "tests/data/roster/oneroster-1.1")
    _plain(result, "does not exist")
    assert "connect it" in result.stderr
    assert not (tmp_path / "usb-stick").exists()
    _plain(_run("check", "--data", target), "does not exist")
    _plain(_run("demo", "--out", target), "does not exist")
    assert not (tmp_path / "usb-stick").exists()


def test_a_file_where_a_folder_should_be(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    _plain(_run("check", "--data", tmp_path / "notes.txt" / "cultivate.db"), "is a file, not a folder")


def test_a_read_only_drive_is_named_as_such(tmp_path, monkeypatch, capsys):
    path = tmp_path / "cultivate.db"
    open_database(path).close()
    real = os.statvfs

    class ReadOnlyMount:
        def __init__(self, result):
            self._result = result

        def __getattr__(self, name):
            return getattr(self._result, name)

        @property
        def f_flag(self):
            return self._result.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda where: ReadOnlyMount(real(where)))
    with pytest.raises(ReadOnlyFileError, match="on a read-only drive"):
        open_database(path)
    with pytest.raises(ReadOnlyFileError, match="on a read-only drive"):
        open_database(tmp_path / "new.db")
    assert cli.main(["import-roster", "--data", str(path), str(REPO / "tests/data/roster/oneroster-1.1")]) != 0
    err = capsys.readouterr().err
    assert "on a read-only drive" in err and GENERIC not in err


def test_a_lock_that_cannot_be_made_on_a_read_only_drive_says_so(tmp_path, monkeypatch):
    import errno

    from db import lockfile

    path = tmp_path / "cultivate.db"
    open_database(path).close()
    real_open = os.open

    def refuse(name, flags, *args):
        if str(name).endswith(".lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(name))
        return real_open(name, flags, *args)

    monkeypatch.setattr(lockfile.os, "open", refuse)
    with pytest.raises(ReadOnlyFileError, match="read-only drive"):
        lockfile.DataFileLock(path).acquire()
