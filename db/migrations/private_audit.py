"""Data format 5: the audit log keeps that private text changed, never the text (frozen with its step).

From this version on, each connection's audit triggers (db/audit.py) write a marker in
place of a private note, a conversation's notes and a wellbeing check-in's scores and
note. This step scrubs what the log already held: the same marker replaces every such
value in every entry's before and after. The log's append-only guards are dropped and
recreated, exactly as migration 0001 made them, inside the step's one transaction.

A shipped migration never changes: this module is that step's code, kept as it was.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations import format1_audit

TEXT_MARKER = "‹private text›"
VALUE_MARKER = "‹private›"
# table -> (columns, marker): what the log may no longer hold.
SCRUBBED = {
    "observations": (("private_note",), TEXT_MARKER),
    "conversations": (("notes",), TEXT_MARKER),
    "wellbeing_check_ins": (("note",), TEXT_MARKER),
}
SCRUBBED_SCORES = ("energy", "workload", "stress")


def _scrub(db: Database, table: str, column: str, marker: str) -> None:
    for side in ("before_json", "after_json"):
        db.execute(
            f"UPDATE audit_log SET {side} = json_set({side}, '$.{column}', ?) "
            f"WHERE table_name = ? AND {side} IS NOT NULL "
            f"AND coalesce(json_extract({side}, '$.{column}'), '') NOT IN ('', ?)",
            [marker, table, marker])


def scrub_private_text(db: Database) -> None:
    for action in ("update", "delete"):
        db.execute(f"DROP TRIGGER IF EXISTS audit_log_refuses_{action}")
    for table, (columns, marker) in SCRUBBED.items():
        for column in columns:
            _scrub(db, table, column, marker)
    for column in SCRUBBED_SCORES:
        _scrub(db, "wellbeing_check_ins", column, VALUE_MARKER)
    format1_audit.protect_audit_log(db)
