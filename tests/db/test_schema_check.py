"""A data file cannot bring its own code: its schema must be the one the migrations make.

The attack from issue 12: a file with an added ``AFTER UPDATE ON staff`` trigger
that makes every private conversation public on the next staff edit.
"""

import sqlite3

import pytest

from db import migrations, schema, staff
from db.connection import open_database, open_read_only
from db.errors import UnexpectedSchemaError
from desktop import cli
from tests.helpers.school import fill_every_table

FLIP_TRIGGER = """
CREATE TRIGGER staff_touch AFTER UPDATE ON staff
BEGIN
    UPDATE conversations SET is_private = 0;
    UPDATE observations SET glow = glow || ' ' || private_note;
END
"""


@pytest.fixture
def school_file(tmp_path):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    ids = fill_every_table(db)
    db.execute("UPDATE conversations SET is_private = 1")
    db.close()
    return path, ids


def _tamper(path, *statements):
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _private_conversations(path):
    conn = sqlite3.connect(path)
    count = conn.execute("SELECT count(*) FROM conversations WHERE is_private = 1").fetchone()[0]
    conn.close()
    return count


def test_a_file_with_an_added_trigger_is_refused_on_open_and_left_unchanged(school_file):
    path, ids = school_file
    _tamper(path, FLIP_TRIGGER)
    before = path.read_bytes()
    with pytest.raises(UnexpectedSchemaError, match="an extra trigger “staff_touch” on staff"):
        open_database(path)
    with pytest.raises(UnexpectedSchemaError):
        open_read_only(path)
    assert path.read_bytes() == before
    assert _private_conversations(path) == 1


def test_cultivate_check_refuses_the_added_trigger(school_file, capsys):
    path, _ids = school_file
    _tamper(path, FLIP_TRIGGER)
    before = path.read_bytes()
    for extra in ([], ["--thorough"]):
        assert cli.main(["check", "--data", str(path), *extra]) != 0
        err = capsys.readouterr().err
        assert "an extra trigger “staff_touch” on staff" in err
        assert "Cultivate has not changed it" in err
    assert path.read_bytes() == before


def test_a_healthy_file_passes_and_its_temp_triggers_do_not_count(school_file):
    path, ids = school_file
    db = open_database(path)
    db.execute("CREATE TEMP TRIGGER mine AFTER UPDATE ON main.staff BEGIN SELECT 1; END")
    assert schema.differences(db) == []
    staff.update(db, ids["staff"], interests="Art")
    db.close()
    assert _private_conversations(path) == 1


@pytest.mark.parametrize("statements, named", [
    (["CREATE TABLE spy (x)"], "an extra table “spy”"),
    (["CREATE INDEX sneaky ON staff(first_name)"], "an extra index “sneaky” on staff"),
    (["CREATE VIEW everyone AS SELECT * FROM staff"], "an extra view “everyone”"),
    (["ALTER TABLE staff ADD COLUMN shoe_size INTEGER"], "an extra column “shoe_size” in staff"),
    (["DROP INDEX staff_email"], "the index “staff_email” on staff is missing"),
    ([*(f"DROP TRIGGER IF EXISTS audit_goals_{action}" for action in ("insert", "update", "delete")),
      "ALTER TABLE goals DROP COLUMN relevance"], "the column “relevance” of goals is missing"),
    (["DROP TABLE goal_templates"], "the table “goal_templates” is missing"),
    (["DROP TRIGGER audit_log_refuses_delete"], "the trigger “audit_log_refuses_delete” on audit_log is missing"),
    (["DROP TRIGGER audit_log_refuses_update",
      "CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END"],
     "the trigger “audit_log_refuses_update” on audit_log is not the one Cultivate made"),
])
def test_anything_extra_missing_or_changed_is_named(school_file, statements, named):
    path, _ids = school_file
    _tamper(path, *statements)
    with pytest.raises(UnexpectedSchemaError) as caught:
        open_read_only(path)
    assert named in str(caught.value)


def test_a_changed_column_is_named_with_what_changed(tmp_path):
    path = tmp_path / "changed.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, 'email TEXT,', 'email BLOB,') "
                 "WHERE name = 'staff'")
    conn.commit()
    conn.close()
    with pytest.raises(UnexpectedSchemaError, match="the column “email” of staff has been changed"):
        open_read_only(path)


def test_the_expected_schema_comes_from_the_migrations_for_the_files_version(tmp_path, monkeypatch):
    # A file at version N is compared with what the migrations make up to N, not the latest.
    def add_table(db):
        db.execute("CREATE TABLE later_things (id TEXT PRIMARY KEY)")

    step = migrations.Migration(migrations.LATEST_VERSION + 1, "9999_later", add_table)
    path = tmp_path / "old.db"
    open_database(path).close()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(migrations, "LATEST_VERSION", step.version)
    schema.expected.cache_clear()
    try:
        open_read_only(path).close()            # the older file is still what it should be
        db = open_database(path)                # upgraded, it has the new table
        assert schema.differences(db) == []
        db.close()
    finally:
        schema.expected.cache_clear()


def test_restore_refuses_a_backup_that_brings_its_own_code(school_file, tmp_path):
    from db.backups import backup_to, restore

    path, _ids = school_file
    backup = backup_to(path, tmp_path / "offered.db")
    _tamper(backup, FLIP_TRIGGER)
    before = path.read_bytes()
    with pytest.raises(UnexpectedSchemaError, match="staff_touch"):
        restore(backup, path, folder=tmp_path / "kept")
    assert path.read_bytes() == before


def test_check_can_salvage_the_records_of_a_tampered_file_without_its_code(school_file, tmp_path, capsys):
    path, _ids = school_file
    _tamper(path, FLIP_TRIGGER)
    rescued = tmp_path / "rescued.db"
    assert cli.main(["check", "--data", str(path), "--salvage-to", str(rescued)]) != 0
    assert "Salvaged" in capsys.readouterr().out
    assert cli.main(["check", "--data", str(rescued)]) == 0
    db = open_database(rescued)
    assert schema.differences(db) == []
    staff.update(db, staff.list_staff(db)[0].id, interests="Art")
    db.close()
    assert _private_conversations(rescued) == 1


def test_json_import_refuses_tables_and_columns_its_data_version_does_not_have(school_file, tmp_path):
    import json

    from db.connection import open_memory
    from db.export import ImportRefusedError, export_json, import_json

    path, _ids = school_file
    db = open_read_only(path)
    exported = export_json(db, tmp_path / "cultivate.json")
    db.close()
    original = json.loads(exported.read_text(encoding="utf-8"))

    def refused(change, message):
        data = json.loads(json.dumps(original))
        change(data["tables"])
        target = tmp_path / "changed.json"
        target.write_text(json.dumps(data), encoding="utf-8")
        fresh = open_memory()
        with pytest.raises(ImportRefusedError, match=message):
            import_json(fresh, target)
        assert fresh["staff"].count == 0

    refused(lambda tables: tables.pop("goal_templates"), "has no goal_templates table")

    def extra_column(tables):
        tables["staff"]["columns"].append("shoe_size")
        for row in tables["staff"]["rows"]:
            row.append(44)

    refused(extra_column, "columns this Cultivate does not know: shoe_size")

    def missing_column(tables):
        position = tables["staff"]["columns"].index("email")
        tables["staff"]["columns"].pop(position)
        for row in tables["staff"]["rows"]:
            row.pop(position)

    refused(missing_column, "staff has no email column")
