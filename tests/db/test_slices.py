"""Export for a colleague: only what they should have; it merges back like any other file."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from db import clock, merge, records, slices
from db.connection import open_database
from tests.ui.school import build_small_school

SECRET = "Worried about the head of department"


@pytest.fixture
def principal(tmp_path):
    path = tmp_path / "principal.db"
    db = open_database(path, actor="Principal")
    ids = build_small_school(db)
    with db.atomic():
        db.execute("UPDATE observations SET private_note = ? WHERE id = ?", [SECRET, ids["obs_ana_recent"]])
        ids["private_talk"] = records.insert(db, "conversations", {
            "staff_id": ids["ana"], "kind": "check_in", "held_on": "2026-03-01",
            "notes": "Private: family matters", "is_private": 1})
        ids["shared_talk"] = records.insert(db, "conversations", {
            "staff_id": ids["ana"], "kind": "check_in", "held_on": "2026-03-02", "notes": "Goals"})
        records.insert(db, "wellbeing_check_ins", {"staff_id": ids["ana"], "checked_on": "2026-03-01",
                                                   "energy": 2, "workload": 5, "stress": 5,
                                                   "note": "Exhausted"})
    return db, path, ids


def _all_text(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(str(row) for table, in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'") for row in conn.execute(
            f'SELECT * FROM "{table}"'))
    finally:
        conn.close()


def test_the_copy_holds_the_coachs_teachers_without_anything_private(principal, tmp_path):
    db, _path, ids = principal
    out = tmp_path / "for-maya.db"
    report = slices.export_for_colleague(db, out, [ids["ana"], ids["ben"], ids["coach"]],
                                         name="Maya (coach)")
    assert report.people >= 3
    text = _all_text(out)
    assert SECRET not in text and "family matters" not in text and "Exhausted" not in text
    copy = open_database(out)
    names = {row["first_name"] for row in copy["staff"].rows}
    assert {"Ana", "Ben", "Maya"} <= names and "Dev" not in names
    # Cara is not chosen: her visits and goals stay behind.
    assert copy.execute("SELECT count(*) FROM observations WHERE staff_id = ?",
                        [ids["cara"]]).fetchone()[0] == 0
    assert records.get(copy, "observations", ids["obs_ana_recent"])["private_note"] == ""
    assert records.get(copy, "conversations", ids["shared_talk"]) is not None
    assert records.get(copy, "conversations", ids["private_talk"]) is None
    assert copy["wellbeing_check_ins"].count == 0
    assert copy["rubrics"].count == db["rubrics"].count          # shared by id
    assert merge.replica(copy).name == "Maya (coach)"
    assert merge.device_id(copy) != merge.device_id(db)
    assert copy.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_copy_merges_back_without_blanking_the_principals_private_note(principal, tmp_path):
    db, path, ids = principal
    out = tmp_path / "for-maya.db"
    slices.export_for_colleague(db, out, [ids["ana"], ids["coach"]], name="Maya (coach)")
    # Untouched, it changes nothing.
    assert merge.merge_file(db, out).value.summary() == "added 0, updated 0, deleted 0, conflicts 0"
    copy = open_database(out, actor="Maya")
    clock.advance(timedelta(milliseconds=10))
    records.update(copy, "observations", ids["obs_ana_recent"], {"glow": "Every student, twice"})
    visit = records.insert(copy, "observations", {
        "staff_id": ids["ana"], "observer_id": ids["coach"],
        "rubric_id": copy.execute("SELECT id FROM rubrics").fetchone()[0], "kind": "walkthrough",
        "observed_on": "2026-03-09", "glow": "Calm", "private_note": "Maya's own aside"})
    copy.close()
    report = merge.merge_file(db, out).value
    assert report.summary() == "added 1, updated 1, deleted 0, conflicts 0"
    visit_here = records.get(db, "observations", ids["obs_ana_recent"])
    assert (visit_here["glow"], visit_here["private_note"]) == ("Every student, twice", SECRET)
    assert records.get(db, "observations", visit)["private_note"] == ""   # stays with Maya
    # And the principal's whole file merged into Maya's copy brings nothing private in.
    db.close()
    copy = open_database(out)
    merge.merge_file(copy, path)
    copy.close()
    text = _all_text(out)
    assert SECRET not in text and "family matters" not in text and "Exhausted" not in text
    copy = open_database(out)
    assert records.get(copy, "observations", visit)["private_note"] == "Maya's own aside"


PASSPHRASE = "principal passphrase words"


@pytest.fixture
def protected_principal(principal):
    from db import protection

    db, path, ids = principal
    db.close()
    protection.protect(path, PASSPHRASE)
    return open_database(path, actor="Principal"), path, ids


def test_a_protected_files_copy_is_never_written_unprotected_without_saying_so(
        protected_principal, tmp_path):
    from db import protection
    from db.errors import NeedsCorrection

    db, _path, ids = protected_principal
    out = tmp_path / "for-maya.db"
    with pytest.raises(NeedsCorrection, match="passphrase"):
        slices.export_for_colleague(db, out, [ids["ana"], ids["coach"]], name="Maya (coach)")
    assert not out.exists()
    # Only an explicit choice writes it plain, and the report says so.
    report = slices.export_for_colleague(db, out, [ids["ana"], ids["coach"]], name="Maya (coach)",
                                         unprotected=True)
    assert not report.protected and not protection.is_protected(out)


@pytest.mark.parametrize("choice", ["its own passphrase", "the same passphrase"])
def test_a_protected_files_copy_needs_a_passphrase_and_merges_back_with_it(
        protected_principal, tmp_path, choice):
    from db import driver, protection
    from db.errors import PassphraseNeededError

    db, path, ids = protected_principal
    out = tmp_path / "for-maya.db"
    if choice == "the same passphrase":
        given, typed = {"same_passphrase": True}, PASSPHRASE
    else:
        given = {"passphrase": "maya's own passphrase"}
        typed = given["passphrase"]
    report = slices.export_for_colleague(db, out, [ids["ana"], ids["coach"]], name="Maya (coach)",
                                         **given)
    assert report.protected
    db.close()
    assert protection.is_protected(out)
    assert SECRET not in out.read_bytes().decode("latin-1")
    with pytest.raises(sqlite3.DatabaseError):           # not a plain SQLite file
        sqlite3.connect(out).execute("SELECT count(*) FROM sqlite_master").fetchone()
    driver.forget_keys()
    with pytest.raises(PassphraseNeededError):
        open_database(out)
    protection.unlock(out, typed)
    copy = open_database(out, actor="Maya")
    clock.advance(timedelta(milliseconds=10))
    records.update(copy, "observations", ids["obs_ana_recent"], {"glow": "From the protected copy"})
    copy.close()
    driver.forget_keys()
    protection.unlock(path, PASSPHRASE)
    protection.unlock(out, typed)
    db = open_database(path)
    assert merge.merge_file(db, out).value.summary() == "added 0, updated 1, deleted 0, conflicts 0"
    assert records.get(db, "observations", ids["obs_ana_recent"])["glow"] == "From the protected copy"


def test_a_plain_files_copy_can_be_given_a_passphrase(principal, tmp_path):
    from db import driver, protection

    db, _path, ids = principal
    out = tmp_path / "for-maya.db"
    report = slices.export_for_colleague(db, out, [ids["ana"], ids["coach"]], name="Maya (coach)",
                                         passphrase="maya's own passphrase")
    assert report.protected and protection.is_protected(out)
    driver.forget_keys()
    protection.unlock(out, "maya's own passphrase")
    assert open_database(out)["staff"].count >= 2
    # Without a choice, a plain file's copy is plain, as the file is; the report says so.
    plain = slices.export_for_colleague(db, tmp_path / "plain.db", [ids["ana"]], name="Maya")
    assert not plain.protected and not protection.is_protected(tmp_path / "plain.db")
