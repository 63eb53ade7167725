"""The audit log: every insert, update and delete of every table, with who, when,
before and after; and the log itself cannot be changed or deleted."""

import json
import sqlite3

import pytest

from db import audit, operations, records
from db.connection import open_memory
from tests.helpers.school import fill_every_table


@pytest.fixture
def school():
    db = open_memory(actor="ms.principal")
    ids = fill_every_table(db)
    yield db, ids
    db.close()


def _row(db, table, row_id):
    return dict(next(db.query(f'SELECT * FROM "{table}" WHERE id = ?', [row_id])))


def _entries(db, table, row_id, action):
    return list(db.query(
        "SELECT * FROM audit_log WHERE table_name = ? AND row_id = ? AND action = ? ORDER BY rowid",
        [table, row_id, action],
    ))


def test_every_table_is_audited(school):
    db, ids = school
    tables = set(audit.audited_tables(db))
    assert tables == set(db.table_names()) - {"audit_log", "tombstones"}
    assert tables <= set(ids) | {"staff"}


def _as_logged(table, row):
    """*row* as the log keeps it: private values replaced by their marker."""
    private = audit.PRIVATE_COLUMNS.get(table, {})
    return {key: (private[key] if key in private and value not in (None, "") else value)
            for key, value in row.items()}


def test_every_insert_update_and_delete_is_logged_with_before_and_after(school):
    db, ids = school
    db.execute("PRAGMA foreign_keys = OFF")  # delete each table's row on its own
    for table in set(audit.audited_tables(db)) - audit.NEVER_LOGGED:
        row_id = ids[table]
        inserted = _entries(db, table, row_id, "insert")
        assert len(inserted) == 1, table
        assert inserted[0]["before_json"] is None
        original = _row(db, table, row_id)
        first_after = json.loads(inserted[0]["after_json"])
        assert first_after["id"] == row_id and set(first_after) == set(original), table
        for column, marker in audit.PRIVATE_COLUMNS.get(table, {}).items():
            assert first_after[column] in (marker, "", None), (table, column)
        assert inserted[0]["actor"] == "ms.principal"
        assert inserted[0]["changed_at"].endswith("Z")

        db.execute(f'UPDATE "{table}" SET updated_at = ? WHERE id = ?', ["2031-01-01T00:00:00.000Z", row_id])
        updated = _entries(db, table, row_id, "update")[-1]
        assert json.loads(updated["before_json"]) == _as_logged(table, original), table
        assert json.loads(updated["after_json"]) == _as_logged(
            table, {**original, "updated_at": "2031-01-01T00:00:00.000Z"})

        changed = _row(db, table, row_id)
        db.execute(f'DELETE FROM "{table}" WHERE id = ?', [row_id])
        deleted = _entries(db, table, row_id, "delete")
        assert len(deleted) == 1, table
        assert json.loads(deleted[0]["before_json"]) == _as_logged(table, changed)
        assert deleted[0]["after_json"] is None


CANARY = "CANARY-7f3e"


def test_private_text_never_reaches_the_log_but_its_change_does(school):
    db, ids = school
    done = operations.perform(db, "Private note", lambda d: records.update(
        d, "observations", ids["observations"], {"private_note": f"{CANARY} worried about the move"}))
    records.update(db, "conversations", ids["conversations"], {"notes": f"{CANARY} spoke about leave"})
    records.update(db, "wellbeing_check_ins", ids["wellbeing_check_ins"], {"note": f"{CANARY} long week"})
    db.execute("DELETE FROM conversations WHERE id = ?", [ids["conversations"]])
    log = "\n".join(f"{r[0]} {r[1]}" for r in db.execute("SELECT before_json, after_json FROM audit_log"))
    assert CANARY not in log
    [entry] = [json.loads(row[0]) for row in db.execute(
        "SELECT after_json FROM audit_log WHERE table_name = 'observations' AND action = 'update'")]
    assert entry["private_note"] == audit.TEXT_MARKER and entry["glow"] == "Great hook 👏"
    [check_in] = [json.loads(row[0]) for row in db.execute(
        "SELECT after_json FROM audit_log WHERE table_name = 'wellbeing_check_ins' AND action = 'update'")]
    assert (check_in["energy"], check_in["note"]) == (audit.VALUE_MARKER, audit.TEXT_MARKER)
    # The in-memory capture keeps the whole row: Undo brings the text back this session.
    assert CANARY in done.changes.rows[0].after["private_note"]
    operations.undo(db, done)
    assert _row(db, "observations", ids["observations"])["private_note"] == "Seemed tired; ask about the move"


def test_private_wellbeing_answers_leave_no_log_entry_and_no_tombstone(school):
    db, ids = school
    db.execute("DELETE FROM wellbeing_private_answers")
    for table in ("audit_log", "tombstones"):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE table_name = 'wellbeing_private_answers'"
                          ).fetchone()[0] == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'someone else'",
        "UPDATE audit_log SET after_json = NULL WHERE action = 'insert'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE table_name = 'staff'",
    ],
)
def test_the_log_refuses_to_be_edited_or_deleted(school, statement):
    db, _ids = school
    before = list(db.query("SELECT * FROM audit_log ORDER BY rowid"))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute(statement)
    assert list(db.query("SELECT * FROM audit_log ORDER BY rowid")) == before


def test_a_refused_edit_inside_a_save_undoes_the_whole_save(school):
    db, ids = school
    count = db["audit_log"].count
    with pytest.raises(sqlite3.IntegrityError):
        with db.atomic():
            db.execute("UPDATE staff SET interests = 'x' WHERE id = ?", [ids["staff"]])
            db.execute("DELETE FROM audit_log")
    assert db["audit_log"].count == count
    assert _row(db, "staff", ids["staff"])["interests"] == ""
