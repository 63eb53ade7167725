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

Private text never reaches the file's log: a private note, a conversation's notes and a
wellbeing check-in's scores and note are written there as a marker (``‹private text›``,
``‹private›``), so the log keeps that they changed and who changed them, while deleting
or replacing the text really removes it. A conversation's notes are marked even while
it is not private, because it can be made private later and its earlier text must not
outlive that. Unshared wellbeing answers (``wellbeing_private_answers``) get no log
entry and no tombstone at all: who answered is exactly what must not be recorded. The
in-memory capture keeps every row whole, so Undo still works for the session.

The connection also guards the month figures of the school's wellbeing view: once a
month has closed (:data:`db.wellbeing.CLOSE_AFTER_DAYS` after its end) its private
answers can no longer be added, changed or taken back, not even by Undo, so that no
change to a figure already shown can be traced to one person.

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
# Captured for Undo (in memory), but never written to the file's audit log or tombstones.
NEVER_LOGGED = frozenset({"wellbeing_private_answers"})
TEXT_MARKER = "‹private text›"
VALUE_MARKER = "‹private›"
# What the file's audit log holds as a marker instead of the value (see the module notes).
PRIVATE_COLUMNS: dict[str, dict[str, str]] = {
    "observations": {"private_note": TEXT_MARKER},
    "conversations": {"notes": TEXT_MARKER},
    "wellbeing_check_ins": {"energy": VALUE_MARKER, "workload": VALUE_MARKER,
                            "stress": VALUE_MARKER, "note": TEXT_MARKER},
}
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


def _json_of(columns: list[str], table: str, row: str, *, redacted: bool = False) -> str:
    """The row (of *table*, with *columns*) as a JSON object; *redacted*: private values
    replaced by their marker."""
    private = PRIVATE_COLUMNS.get(table, {}) if redacted else {}
    values = []
    for name in columns:
        value = f'{row}."{name}"'
        if name in private:
            value = f"CASE WHEN {value} IS NULL OR {value} = '' THEN {value} ELSE '{private[name]}' END"
        values.append(f"'{name}', {value}")
    return f"json_object({', '.join(values)})"


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
        # The columns read once per table: each connection makes these triggers as it opens.
        columns = [row[1] for row in db.execute(f'PRAGMA main.table_info("{table}")').fetchall()]
        old, new = _json_of(columns, table, "OLD"), _json_of(columns, table, "NEW")
        values = {
            "insert": ("NEW.id", "NULL", new),
            "update": ("NEW.id", old, new),
            "delete": ("OLD.id", old, "NULL"),
        }
        old_logged = _json_of(columns, table, "OLD", redacted=True)
        new_logged = _json_of(columns, table, "NEW", redacted=True)
        logged = {
            "insert": ("NULL", new_logged),
            "update": (old_logged, new_logged),
            "delete": (old_logged, "NULL"),
        }
        for action, (row_id, before, after) in values.items():
            log_before, log_after = logged[action]
            audit_entry = "" if table in NEVER_LOGGED else f"""
                    INSERT INTO audit_log (id, changed_at, actor, table_name, row_id, action,
                                           before_json, after_json, created_at, updated_at)
                    SELECT cultivate_uuid(), {_NOW}, cultivate_actor(), '{table}', {row_id},
                           '{action}', {log_before}, {log_after}, {_NOW}, {_NOW}
                    WHERE cultivate_audit_enabled();"""
            tombstone = ""
            if table in NEVER_LOGGED:
                pass
            elif has_tombstones and action == "insert":
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
                BEGIN{audit_entry}
                    INSERT INTO {CAPTURE_TABLE} (table_name, row_id, action, before_json, after_json)
                    SELECT '{table}', {row_id}, '{action}', {before}, {after}
                    WHERE {capturing};
                    {tombstone}
                END
                """
            )
    _guard_closed_wellbeing_months(db)


_CLOSED_MONTH = ("That month''s school wellbeing figures are closed: its private answers can "
                 "no longer change.")


def _guard_closed_wellbeing_months(db: Database) -> None:
    """No private answer of a closed month is added, changed or removed (Undo included).

    Bulk loads of a whole file's history (import, salvage) switch auditing off and pass.
    """
    if "wellbeing_private_answers" not in db.table_names():
        return
    from db.wellbeing import CLOSE_AFTER_DAYS

    for action, row in (("insert", "NEW"), ("update", "OLD"), ("delete", "OLD")):
        db.execute(
            f"""
            CREATE TEMP TRIGGER "{_PREFIX}wellbeing_closed_month_{action}"
            BEFORE {action.upper()} ON main.wellbeing_private_answers
            WHEN cultivate_audit_enabled()
                 AND date({row}.month || '-01', '+1 month', '+{CLOSE_AFTER_DAYS} days') <= cultivate_today()
            BEGIN
                SELECT RAISE(ABORT, '{_CLOSED_MONTH}');
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
