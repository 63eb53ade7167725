import sqlite3

import pytest
from sqlite_utils import Database

from db import migrations, records
from db.connection import open_database, register_functions
from db.errors import NewerFileError, NotCultivateFileError

GROWTH_LOOP_TABLES = {
    "staff", "schools", "rubrics", "rubric_domains", "rubric_indicators", "rubric_levels",
    "rubric_descriptors", "look_fors", "observations", "observation_scores",
    "observation_evidence", "observation_look_fors", "self_assessments",
    "self_assessment_ratings", "conversations", "conversation_goals", "goals",
    "action_steps", "goal_check_ins", "pd_offerings", "pd_offering_indicators",
    "pd_sessions", "enrollments", "celebrations", "celebration_staff",
    "wellbeing_check_ins", "audit_log",
}


def test_versions_are_numbered_one_by_one():
    assert [step.version for step in migrations.MIGRATIONS] == list(
        range(1, len(migrations.MIGRATIONS) + 1)
    )
    for step in migrations.MIGRATIONS:
        assert step.name.startswith(f"{step.version:04d}_")


def test_fresh_database_has_the_whole_growth_loop(tmp_path):
    db = open_database(tmp_path / "new.db")
    assert migrations.user_version(db) == migrations.LATEST_VERSION
    assert GROWTH_LOOP_TABLES <= set(db.table_names())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    db.close()


def test_every_table_has_uuid_key_and_time_stamps(memory_db):
    for table in filter(records.is_record_table, memory_db.table_names()):
        columns = {column.name: column for column in memory_db[table].columns}
        assert memory_db[table].pks == ["id"], table
        assert columns["id"].type == "TEXT", table
        assert {"created_at", "updated_at"} <= set(columns), table


@pytest.mark.parametrize("start", range(1, migrations.LATEST_VERSION))
def test_upgrade_from_every_earlier_version(tmp_path, start):
    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    register_functions(db)
    migrations.migrate(db, up_to=start)
    assert migrations.user_version(db) == start
    db.close()
    upgraded = open_database(path)
    assert migrations.user_version(upgraded) == migrations.LATEST_VERSION
    assert GROWTH_LOOP_TABLES <= set(upgraded.table_names())
    upgraded.close()


def test_newer_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.db"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(NewerFileError) as caught:
        open_database(path)
    assert "newer version of Cultivate" in str(caught.value)
    assert path.read_bytes() == before


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    before = path.read_bytes()
    with pytest.raises(NotCultivateFileError):
        open_database(path)
    assert path.read_bytes() == before


def test_a_failed_step_leaves_the_previous_version(tmp_path, monkeypatch):
    def broken(db):
        db.execute("CREATE TABLE half_done (id TEXT PRIMARY KEY)")
        raise RuntimeError("boom")

    db = open_database(tmp_path / "x.db")
    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, migrations.Migration(99, "0099_broken", broken)]
    )
    with pytest.raises(RuntimeError):
        migrations.migrate(db)
    assert "half_done" not in db.table_names()
    assert migrations.user_version(db) == migrations.LATEST_VERSION


def test_format_1_file_loses_its_stored_audit_triggers_and_is_still_audited(tmp_path):
    path = tmp_path / "format1.db"
    db = Database(sqlite3.connect(path))
    register_functions(db)
    migrations.migrate(db, up_to=1)
    stored = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "audit_staff_update" in stored
    db.close()
    upgraded = open_database(path)
    stored = {row[0] for row in upgraded.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert stored == {"audit_log_refuses_update", "audit_log_refuses_delete"}
    upgraded.execute("INSERT INTO schools (id, name, created_at, updated_at) VALUES ('s', 'A', 'x', 'x')")
    assert upgraded.execute("SELECT count(*) FROM audit_log WHERE row_id = 's'").fetchone()[0] == 1
    upgraded.close()


def test_every_connection_distrusts_the_files_own_schema(tmp_path):
    from db.connection import open_memory, open_read_only

    path = tmp_path / "x.db"
    writable = open_database(path)
    read_only = open_read_only(path)
    memory = open_memory()
    for db in (writable, read_only, memory):
        assert db.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        db.close()


def test_a_trigger_stored_in_the_file_cannot_call_cultivate_functions(tmp_path):
    db = open_database(tmp_path / "x.db")
    db.execute("CREATE TRIGGER sneaky AFTER INSERT ON schools BEGIN "
               "UPDATE schools SET name = cultivate_actor(); END")
    with pytest.raises(sqlite3.OperationalError, match="unsafe use"):
        db.execute("INSERT INTO schools (id, name, created_at, updated_at) VALUES ('s', 'A', 'x', 'x')")
    db.close()
