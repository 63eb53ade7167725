"""The passphrase lock (SQLCipher) in storage: no plaintext of a protected file anywhere,
a wrong passphrase told apart from a damaged file, backups that follow the file."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import pytest

from db import backups, driver, health, protection, records, staff, wellbeing
from db.connection import open_database, open_read_only
from db.errors import DamagedFileError, PassphraseNeededError, WrongPassphraseError
from desktop import paths

PASSPHRASE = "a long walk on the beach"
CANARY = "CANARY-0c7e"


def _school(path: Path) -> None:
    """Every kind of private text, with a canary in it."""
    db = open_database(path)
    teacher = staff.add(db, first_name=f"{CANARY}first", last_name="Teacher",
                        career_goals=f"{CANARY} goals")
    rubric = records.insert(db, "rubrics", {"family_id": records.new_id(), "name": "R"})
    records.insert(db, "observations", {"staff_id": teacher, "rubric_id": rubric,
                                        "kind": "walkthrough", "observed_on": "2026-03-03",
                                        "glow": f"{CANARY} glow", "private_note": f"{CANARY} note"})
    records.insert(db, "conversations", {"staff_id": teacher, "kind": "check_in",
                                         "held_on": "2026-03-04", "notes": f"{CANARY} talk",
                                         "is_private": 1})
    wellbeing.record_check_in(db, staff_id=teacher, checked_on="2026-03-05", energy=2, workload=4,
                              stress=4, note=f"{CANARY} shared", shared_with_leaders=True)
    db.close()


def _files_under(*folders: Path) -> list[Path]:
    return [item for folder in folders for item in folder.rglob("*") if item.is_file()]


def _temp_files() -> set[Path]:
    return {item for item in Path(tempfile.gettempdir()).iterdir() if item.is_file()}


def test_no_plaintext_of_a_protected_file_in_the_data_folder_backups_temp_or_logs(data_dir):
    from desktop import logging_setup

    logging_setup.configure()
    path = paths.default_database()
    _school(path)
    backups.open_with_backups(path).close()
    backups.daily_backup(path)              # a plain daily backup, as the window takes on any start
    plain = [item.name for item in _files_under(data_dir) if CANARY.encode() in item.read_bytes()]
    assert "cultivate.db" in plain and len(plain) >= 2          # the file and its backup, in clear
    temp_before = _temp_files()
    protection.protect(path, PASSPHRASE)
    # Work goes on in the protected file: writes (through its write-ahead log), an upgrade-style
    # backup, a manual one to another folder, a health check, a salvage.
    db = backups.open_with_backups(path)
    staff.add(db, first_name=f"{CANARY}later", last_name="Arrival")
    backups.backup_to(db, data_dir / "usb")
    assert (data_dir / "cultivate.db-wal").exists()
    assert health.check_file(path).healthy
    db.close()
    assert health.salvage(path, data_dir / "salvaged.db").copied["staff"] == 2

    leaks = [str(item) for item in _files_under(data_dir) + sorted(_temp_files() - temp_before)
             if CANARY.encode() in item.read_bytes() or PASSPHRASE.encode() in item.read_bytes()]
    assert leaks == []
    for item in (path, data_dir / "salvaged.db", *(data_dir / "backups").glob("*.db"),
                 *(data_dir / "usb").glob("*.db")):
        assert protection.is_protected(item), item
    # ... and it all still reads, with the passphrase.
    driver.forget_keys()
    protection.unlock(path, PASSPHRASE)
    db = open_read_only(path)
    assert {m.first_name for m in staff.list_staff(db)} == {f"{CANARY}first", f"{CANARY}later"}
    db.close()
    assert all(info.usable for info in backups.list_backups(data_file=path))


def test_a_locked_file_asks_and_a_wrong_passphrase_is_told(tmp_path):
    path = tmp_path / "c.db"
    _school(path)
    protection.protect(path, PASSPHRASE, backups_folder=tmp_path / "none")
    driver.forget_keys()
    for opening in (open_database, open_read_only):
        with pytest.raises(PassphraseNeededError):
            opening(path)
    before = path.read_bytes()
    with pytest.raises(WrongPassphraseError, match="does not open"):
        protection.unlock(path, "a long walk on the beach ")   # one space too many
    assert path.read_bytes() == before
    protection.unlock(path, PASSPHRASE)
    open_database(path).close()


def _damage(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    for index in range(offset + 200, offset + 260):
        data[index] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_told_apart_from_a_wrong_passphrase(data_dir):
    path = paths.default_database()
    _school(path)
    protection.protect(path, PASSPHRASE)
    db = open_database(path)
    backups.automatic_backup(db, backups.DAILY)               # encrypted, same salt
    db.close()
    driver.forget_keys()
    _damage(path, 0)                                          # the first page
    with pytest.raises(DamagedFileError, match="passphrase is right .* backup"):
        protection.unlock(path, PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        protection.unlock(path, "something else entirely")
    # The backup the message names restores the file.
    [good] = backups.list_backups(data_file=path)
    assert good.usable
    backups.restore(good.path, path)
    assert protection.is_protected(path)
    db = open_read_only(path)
    assert staff.count(db) == 1
    db.close()


def test_a_damaged_later_page_is_a_damaged_file(tmp_path):
    path = tmp_path / "c.db"
    db = open_database(path)
    with db.atomic():
        for number in range(300):
            staff.add(db, first_name=f"Teacher {number}", career_goals="x" * 300)
    db.close()
    protection.protect(path, PASSPHRASE, backups_folder=tmp_path / "none")
    _damage(path, path.stat().st_size - 3 * driver.PAGE_SIZE)
    with pytest.raises(DamagedFileError):   # the check of every page (not part of opening)
        open_read_only(path, pages=True)
    assert not health.check_file(path).healthy


def test_automatic_backups_of_a_protected_file_rotate(data_dir):
    path = paths.default_database()
    _school(path)
    protection.protect(path, PASSPHRASE)
    db = open_database(path)
    folder = data_dir / "backups"
    from datetime import datetime, timedelta

    start = datetime(2026, 3, 1, 8)
    for day in range(5):
        backups.automatic_backup(db, backups.DAILY, folder=folder, keep=3, now=start + timedelta(days=day))
    db.close()
    kept = sorted(item.name for item in folder.glob("*.db"))
    assert len(kept) == 3 and all(protection.is_protected(folder / name) for name in kept)
    assert backups.last_backup_time(path, folder) == start + timedelta(days=4)


@pytest.mark.parametrize("content", [
    b"PK\x03\x04" + os.urandom(8188),            # a zip named .db
    b"%PDF-1.7\n" + os.urandom(8183),
    ("Plain text, page after page. " * 300).encode()[:8192],
])
def test_only_what_looks_encrypted_is_taken_for_a_protected_file(tmp_path, content):
    path = tmp_path / "x.db"
    path.write_bytes(content)
    assert not driver.looks_encrypted(path)


def test_the_export_of_a_protected_file_is_the_users_own_plain_zip(tmp_path):
    from db.export import export_zip

    path = tmp_path / "c.db"
    _school(path)
    protection.protect(path, PASSPHRASE, backups_folder=tmp_path / "none")
    db = open_read_only(path)
    out = export_zip(db, tmp_path / "e.zip")
    db.close()
    with zipfile.ZipFile(out) as archive:
        assert f"{CANARY}first".encode() in archive.read("staff.csv")
        assert f"{CANARY} note".encode() not in archive.read("observations.csv")   # private: out


@pytest.mark.parametrize("start", [b"{", b"[", b"PK\x03\x04"])
def test_a_salt_that_begins_like_another_kind_of_file_is_never_drawn(tmp_path, monkeypatch, start):
    """The salt is a protected file's first bytes: one beginning with "{" (1 in 256) made
    the file look like a JSON document renamed, and it was refused as not a database."""
    import types

    drawn = iter([start + os.urandom(driver.SALT_BYTES - len(start)), os.urandom(driver.SALT_BYTES)])
    monkeypatch.setattr(driver, "os", types.SimpleNamespace(
        urandom=lambda n: next(drawn, None) or os.urandom(n), PathLike=os.PathLike))
    path = tmp_path / "school.db"
    db = open_database(path)
    staff.add(db, first_name="Ana")
    db.close()
    protection.protect(path, PASSPHRASE)
    assert not path.read_bytes().startswith(start)
    driver.forget_keys()
    protection.unlock(path, PASSPHRASE)
    assert open_read_only(path)["staff"].count == 1
