"""What every connection records about each write: the audit log, Undo's capture, tombstones.

Each connection installs TEMP triggers on every record table when it opens, so that no
write path can forget them:

* the **audit log** (``audit_log``, in the file): who, when, the row before and after;
* the **change capture** (``temp.cultivate_changes``, in memory): the same before and
  after, kept only while an operation runs, so :mod:`db.operations` can say what the
  operation changed and take it back;
* **tombstones** (``tombstones``, in the file): a deleted record leaves its table, id and
  time, so that a later merge between laptops can carry the deletion; a record that comes
  back (Undo) takes its tombstone away.

Why TEMP triggers and not triggers stored in the file: the connection runs with
``PRAGMA trusted_schema=OFF``, so a file's own triggers may not call application
functions (``cultivate_actor()`` and friends), and a file that brings triggers of its own
is refused. Triggers the application creates on its own connection are trusted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

# Tables whose rows are not records: the log itself, and the deletion marks the
# triggers keep.
NOT_AUDITED = frozenset({"audit_log", "tombstones"})
CAPTURE_TABLE = "cultivate_changes"
SESSION_TABLE = "cultivate_session"   # one row: is an operation capturing now?
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_PREFIX = "cultivate_"


def audited_tables(db: Database) -> list[str]:
    return [
        name
        for name in db.table_names()
        if name not in NOT_AUDITED and not name.startswith(("sqlite_", "_"))
    ]


def _json_of(db: Database, table: str, row: str) -> str:
    columns = [column.name for column in db[table].columns]
    pairs = ", ".join(f"'{name}', {row}.\"{name}\"" for name in columns)
    return f"json_object({pairs})"


def _create_capture_table(db: Database) -> None:
    db.execute(
        f"""CREATE TEMP TABLE IF NOT EXISTS {CAPTURE_TABLE} (
            seq INTEGER PRIMARY KEY,
            table_name TEXT NOT NULL,
            row_id TEXT NOT NULL,
            action TEXT NOT NULL,
            before_json TEXT,
            after_json TEXT
        )"""
    )
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {SESSION_TABLE} (capturing INTEGER NOT NULL)")
    if db.execute(f"SELECT count(*) FROM temp.{SESSION_TABLE}").fetchone()[0] == 0:
        db.execute(f"INSERT INTO temp.{SESSION_TABLE} (capturing) VALUES (0)")


def _trigger_names(db: Database) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'",
            [_PREFIX.replace("_", "\\_") + "%"],
        )
    ]


def uninstall(db: Database) -> None:
    for name in _trigger_names(db):
        db.execute(f'DROP TRIGGER temp."{name}"')


def install(db: Database) -> None:
    """(Re)create this connection's triggers for the tables and columns the file has now.

    Called when a connection opens and again after a migration changed the schema.
    """
    uninstall(db)
    _create_capture_table(db)
    has_tombstones = "tombstones" in db.table_names()
    capturing = f"(SELECT capturing FROM temp.{SESSION_TABLE})"
    for table in audited_tables(db):
        values = {
            "insert": ("NEW.id", "NULL", _json_of(db, table, "NEW")),
            "update": ("NEW.id", _json_of(db, table, "OLD"), _json_of(db, table, "NEW")),
            "delete": ("OLD.id", _json_of(db, table, "OLD"), "NULL"),
        }
        for action, (row_id, before, after) in values.items():
            tombstone = ""
            if has_tombstones and action == "insert":
                tombstone = f"DELETE FROM tombstones WHERE table_name = '{table}' AND row_id = NEW.id;"
            elif has_tombstones and action == "delete":
                tombstone = f"""
                INSERT INTO tombstones (id, table_name, row_id, deleted_at, deleted_by,
                                        created_at, updated_at)
                VALUES (cultivate_uuid(), '{table}', OLD.id, {_NOW}, cultivate_actor(), {_NOW}, {_NOW})
                ON CONFLICT (table_name, row_id) DO UPDATE SET
                    deleted_at = excluded.deleted_at, deleted_by = excluded.deleted_by,
                    updated_at = excluded.updated_at;"""
            db.execute(
                f"""
                CREATE TEMP TRIGGER "{_PREFIX}{table}_{action}" AFTER {action.upper()} ON main."{table}"
                BEGIN
                    INSERT INTO audit_log (id, changed_at, actor, table_name, row_id, action,
                                           before_json, after_json, created_at, updated_at)
                    SELECT cultivate_uuid(), {_NOW}, cultivate_actor(), '{table}', {row_id},
                           '{action}', {before}, {after}, {_NOW}, {_NOW}
                    WHERE cultivate_audit_enabled();
                    INSERT INTO {CAPTURE_TABLE} (table_name, row_id, action, before_json, after_json)
                    SELECT '{table}', {row_id}, '{action}', {before}, {after}
                    WHERE {capturing};
                    {tombstone}
                END
                """
            )


@contextmanager
def suspended(db: Database) -> Iterator[None]:
    """Bulk seeding (the demo school) without the per-row triggers, put back afterwards.

    Switching auditing off is not enough for speed: a trigger, even one whose WHEN is
    false, inside the savepoint ``records.insert_many`` opens within a transaction
    makes SQLite's statement journal grow with the whole transaction, so a 5000-teacher
    school took minutes (quadratic) instead of seconds.
    """
    uninstall(db)
    try:
        yield
    finally:
        install(db)
