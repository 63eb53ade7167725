"""Deleted means deleted: a private note, conversation or check-in removed or replaced is
gone from the audit log and from the file's bytes (secure_delete), not just from its table.

Issue 14, measured on main: a deleted private note left 2 audit entries holding it and 2
copies in the file's bytes after closing. Now: none.
"""

from __future__ import annotations

import pytest

from db import conversations, records, staff, wellbeing
from db.connection import open_database

CANARY = "CANARY-5e9d-gone"


@pytest.fixture
def school(tmp_path):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    teacher = staff.add(db, first_name="Ann")
    coach = staff.add(db, first_name="Cleo", role="coach")
    rubric = records.insert(db, "rubrics", {"family_id": records.new_id(), "name": "R"})
    yield db, path, {"teacher": teacher, "coach": coach, "rubric": rubric}
    db.close()


def _in_the_log(db) -> int:
    return db.execute("SELECT count(*) FROM audit_log WHERE before_json LIKE ? OR after_json LIKE ?",
                      [f"%{CANARY}%", f"%{CANARY}%"]).fetchone()[0]


def test_writable_connections_overwrite_what_they_free(school):
    db, _path, _ids = school
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_private_note_removed_is_gone_from_the_log_and_the_file(school, how):
    db, path, ids = school
    visit = records.insert(db, "observations", {
        "staff_id": ids["teacher"], "rubric_id": ids["rubric"], "kind": "walkthrough",
        "observed_on": "2026-03-03", "private_note": f"{CANARY} worried about her"})
    if how == "deleted":
        db.execute("DELETE FROM observations WHERE id = ?", [visit])
    else:
        records.update(db, "observations", visit, {"private_note": "Check in next week"})
    assert _in_the_log(db) == 0
    db.close()
    assert CANARY.encode() not in path.read_bytes()


def test_a_private_conversation_and_a_shared_check_in_deleted_leave_nothing(school):
    db, path, ids = school
    talk = conversations.add_conversation(
        db, staff_id=ids["teacher"], leader_id=ids["coach"], kind="check_in",
        held_on="2026-03-04", notes=f"{CANARY} talked about leave", is_private=True)
    check_in = wellbeing.record_check_in(
        db, staff_id=ids["teacher"], checked_on="2026-03-05", energy=2, workload=5, stress=5,
        note=f"{CANARY} exhausted", shared_with_leaders=True)
    db.execute("DELETE FROM conversations WHERE id = ?", [talk])
    wellbeing.delete_check_in(db, check_in)
    assert _in_the_log(db) == 0
    db.close()
    assert CANARY.encode() not in path.read_bytes()
