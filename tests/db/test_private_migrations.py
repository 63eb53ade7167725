"""Existing files are converted: unshared wellbeing leaves the teacher's record, and the
audit log's private text (and the unshared check-ins' whole history) is scrubbed, with
nothing of it left in the file's bytes."""

from __future__ import annotations

import json
import sqlite3

from sqlite_utils import Database

from db import audit, migrations, records
from db.connection import open_database, register_functions

CANARY = "CANARY-b41d"      # in text that was deleted, replaced or moved away
LIVE = "LIVE-9c2a"          # in a private conversation's notes, still there


def _format_2_file(path):
    """A file as Cultivate 0.1 left it (data format 2), with its audit log in use."""
    db = Database(sqlite3.connect(path))
    register_functions(db, actor="ms.principal")
    db.execute("PRAGMA secure_delete = OFF")   # as before: freed text stayed in the file
    migrations.migrate(db, up_to=2)
    audit.install(db)
    # Rows as a format 2 file holds them (no name sort key yet: staff.add writes today's).
    ann, ben = (records.insert(db, "staff", {"first_name": name}) for name in ("Ann", "Ben"))
    coach = records.insert(db, "staff", {"first_name": "Cleo", "role": "coach"})

    def check_in(person, day, energy, shared, follow_up=0, note=""):
        return records.insert(db, "wellbeing_check_ins", {
            "staff_id": person, "checked_on": day, "energy": energy, "workload": 3, "stress": 4,
            "note": note, "shared_with_leaders": shared, "needs_follow_up": follow_up})

    private_march = check_in(ann, "2026-03-02", 1, 0, note=f"{CANARY} not sleeping")
    check_in(ann, "2026-03-20", 3, 0, follow_up=1)
    shared = check_in(ann, "2026-03-25", 5, 1, note="Good week")
    records.update(db, "wellbeing_check_ins", private_march, {"energy": 2})
    deleted = check_in(ben, "2026-02-10", 4, 0, note=f"{CANARY} deleted long ago")
    db.execute("DELETE FROM wellbeing_check_ins WHERE id = ?", [deleted])
    rubric = records.insert(db, "rubrics", {"family_id": records.new_id(), "name": "R"})
    visit = records.insert(db, "observations", {
        "staff_id": ben, "rubric_id": rubric, "kind": "walkthrough", "observed_on": "2026-03-03",
        "glow": "Clear modelling", "private_note": f"{CANARY} private visit note"})
    records.update(db, "observations", visit, {"private_note": ""})
    records.insert(db, "conversations", {"staff_id": ben, "leader_id": coach, "kind": "check_in",
                                         "held_on": "2026-03-04", "notes": f"{LIVE} conversation",
                                         "is_private": 1})
    db.close()
    return {"ann": ann, "ben": ben, "shared": shared}


def test_a_format_2_file_is_converted_and_its_private_history_scrubbed(tmp_path):
    path = tmp_path / "old.db"
    ids = _format_2_file(path)
    assert CANARY.encode() in path.read_bytes()

    db = open_database(path)
    assert migrations.user_version(db) == migrations.LATEST_VERSION
    # Only the shared check-in is left on the teacher's record, without the old flags.
    rows = db.execute("SELECT id, staff_id, energy, note FROM wellbeing_check_ins").fetchall()
    assert rows == [(ids["shared"], ids["ann"], 5, "Good week")]
    assert {c.name for c in db["wellbeing_check_ins"].columns} >= {"staff_id", "note"}
    assert "shared_with_leaders" not in {c.name for c in db["wellbeing_check_ins"].columns}
    # Ann's two unshared March check-ins are one private answer (averaged), not linked to her.
    assert db.execute("SELECT month, energy, workload, stress, created_at FROM wellbeing_private_answers "
                      "ORDER BY month").fetchall() == [("2026-03", 2.5, 3.0, 4.0, "2026-03")]
    responses = db.execute("SELECT staff_id, month, answered_privately, follow_up_wanted "
                           "FROM wellbeing_responses ORDER BY month").fetchall()
    assert responses == [(ids["ann"], "2026-03", 1, 1)]
    # The log: no entry of the unshared or deleted check-ins, no private text anywhere.
    logged = {row[0] for row in db.execute(
        "SELECT row_id FROM audit_log WHERE table_name = 'wellbeing_check_ins'")}
    assert logged == {ids["shared"]}
    texts = "\n".join(f"{a} {b}" for a, b in db.execute("SELECT before_json, after_json FROM audit_log"))
    assert CANARY not in texts and LIVE not in texts and audit.TEXT_MARKER in texts
    [shared_entry] = [json.loads(a) for (a,) in db.execute(
        "SELECT after_json FROM audit_log WHERE table_name = 'wellbeing_check_ins'")]
    assert (shared_entry["energy"], shared_entry["note"]) == (audit.VALUE_MARKER, audit.TEXT_MARKER)
    assert db.execute("SELECT count(*) FROM tombstones WHERE table_name = 'wellbeing_check_ins'"
                      ).fetchone()[0] == 0
    # The log's guards are back, exactly as they were.
    guards = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_log_refuses_%'")}
    assert guards == {"audit_log_refuses_update", "audit_log_refuses_delete"}
    db.close()
    # The file is compacted once after the upgrade, and secure_delete is on from now on: the
    # scrubbed text is gone from the file's bytes, not just from its rows.
    data = path.read_bytes()
    assert CANARY.encode() not in data and LIVE.encode() in data


def test_the_converted_schema_is_the_one_a_new_file_gets(tmp_path):
    path = tmp_path / "old.db"
    _format_2_file(path)
    open_database(path).close()
    fresh = open_database(tmp_path / "new.db")
    upgraded = open_database(path)

    def schema(db):
        return sorted((row[0], row[1], " ".join((row[2] or "").split()))
                      for row in db.execute("SELECT type, name, sql FROM sqlite_master"))

    assert schema(upgraded) == schema(fresh)
    fresh.close()
    upgraded.close()
