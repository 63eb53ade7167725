"""The audit triggers of data format 1, kept exactly as migration 0001 made them.

Format 1 stored these triggers in the file. They call application functions, which
``PRAGMA trusted_schema=OFF`` forbids in a file's own schema, so migration 0002 drops
them and every connection now installs its own TEMP triggers (:mod:`db.audit`).
Frozen here because a shipped migration never changes.
"""

from __future__ import annotations

from sqlite_utils import Database

NOT_AUDITED = {"audit_log"}
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


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


def install_audit_triggers(db: Database, table: str) -> None:
    """(Re)create the three audit triggers of *table* for its current columns.

    A migration that adds columns to a table calls this again for that table.
    """
    for action in ("insert", "update", "delete"):
        db.execute(f"DROP TRIGGER IF EXISTS audit_{table}_{action}")
    values = {
        "insert": ("NEW.id", "NULL", _json_of(db, table, "NEW")),
        "update": ("NEW.id", _json_of(db, table, "OLD"), _json_of(db, table, "NEW")),
        "delete": ("OLD.id", _json_of(db, table, "OLD"), "NULL"),
    }
    for action, (row_id, before, after) in values.items():
        db.execute(
            f"""
            CREATE TRIGGER audit_{table}_{action} AFTER {action.upper()} ON "{table}"
            WHEN cultivate_audit_enabled()
            BEGIN
                INSERT INTO audit_log (id, changed_at, actor, table_name, row_id, action,
                                       before_json, after_json, created_at, updated_at)
                VALUES (cultivate_uuid(), {_NOW}, cultivate_actor(), '{table}', {row_id},
                        '{action}', {before}, {after}, {_NOW}, {_NOW});
            END
            """
        )


def protect_audit_log(db: Database) -> None:
    for action in ("update", "delete"):
        db.execute(
            f"""
            CREATE TRIGGER IF NOT EXISTS audit_log_refuses_{action}
            BEFORE {action.upper()} ON audit_log
            BEGIN
                SELECT RAISE(ABORT, 'The audit log is append-only: entries cannot be changed or deleted.');
            END
            """
        )


def install_all(db: Database) -> None:
    for table in audited_tables(db):
        install_audit_triggers(db, table)
    protect_audit_log(db)
