-- Data format 2: deletions leave tombstones, so a later merge between laptops can
-- carry them. The connection's own triggers (db/audit.py) write them: a record's
-- delete adds or refreshes its tombstone, the record's return (Undo) removes it.
-- The format-1 audit triggers are dropped by this step (see db/migrations/__init__.py).

CREATE TABLE tombstones (
    id TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    deleted_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (table_name, row_id)
);
CREATE INDEX tombstones_deleted_at ON tombstones(deleted_at);
