"""The audit log: every insert, update and delete of every table, with who, when,
before and after; and the log itself cannot be changed or deleted."""

import json
import sqlite3

import pytest

from db import audit
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
    assert tables == set(db.table_names()) - audit.NOT_AUDITED
    assert tables <= set(ids) | {"staff"}


def test_every_insert_update_and_delete_is_logged_with_before_and_after(school):
    db, ids = school
    db.execute("PRAGMA foreign_keys = OFF")  # delete each table's row on its own
    for table in audit.audited_tables(db):
        row_id = ids[table]
        inserted = _entries(db, table, row_id, "insert")
        assert len(inserted) == 1, table
        assert inserted[0]["before_json"] is None
        original = _row(db, table, row_id)
        first_after = json.loads(inserted[0]["after_json"])
        assert first_after["id"] == row_id and set(first_after) == set(original), table
        assert inserted[0]["actor"] == "ms.principal"
        assert inserted[0]["changed_at"].endswith("Z")

        db.execute(f'UPDATE "{table}" SET updated_at = ? WHERE id = ?', ["2031-01-01T00:00:00.000Z", row_id])
        updated = _entries(db, table, row_id, "update")[-1]
        assert json.loads(updated["before_json"]) == original, table
        assert json.loads(updated["after_json"]) == {**original, "updated_at": "2031-01-01T00:00:00.000Z"}

        changed = _row(db, table, row_id)
        db.execute(f'DELETE FROM "{table}" WHERE id = ?', [row_id])
        deleted = _entries(db, table, row_id, "delete")
        assert len(deleted) == 1, table
        assert json.loads(deleted[0]["before_json"]) == changed
        assert deleted[0]["after_json"] is None


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
