-- Data format 11: files exchange records without a server (db/merge.py).
--
-- replica: one row, this file's own device id (a random UUID made when the file gets
-- this format; "Export for a colleague" gives the new file a fresh one). It breaks ties
-- between versions stamped in the same millisecond, and names the file in conflicts.
-- `withheld` (JSON) lists what a slice left out: {"tables": [...], "columns": {t: [...]}};
-- a merge from such a file never takes those columns over the target's own.
CREATE TABLE replica (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    withheld TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Which device wrote the version of a row that a merge brought in. No entry, or an
-- entry whose version_at is not the row's own updated_at: the row was written here, by
-- this file's device. Bookkeeping, not a record: it is neither audited nor merged.
CREATE TABLE merge_origins (
    id TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    version_at TEXT NOT NULL,          -- the updated_at (or deleted_at) of that version
    device_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (table_name, row_id)
);

-- A record edited on both sides since they last exchanged it: the merge keeps the
-- newer version (the rule), keeps both here, and the person settles it field by field.
CREATE TABLE merge_conflicts (
    id TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    other_device_id TEXT NOT NULL,
    other_name TEXT NOT NULL DEFAULT '',
    ours_json TEXT,                    -- this file's version before the merge (NULL: deleted)
    theirs_json TEXT,                  -- the other file's version (NULL: deleted there)
    kept TEXT NOT NULL CHECK (kept IN ('ours', 'theirs')),
    reason TEXT NOT NULL DEFAULT '',   -- "edited on both sides", "deleted there, edited here", …
    found_at TEXT NOT NULL,
    settled_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX merge_conflicts_open ON merge_conflicts(settled_at);

-- Each merge this file took in: from which file and device, and what it did.
CREATE TABLE merge_exchanges (
    id TEXT PRIMARY KEY,
    other_device_id TEXT NOT NULL,
    other_name TEXT NOT NULL DEFAULT '',
    merged_at TEXT NOT NULL,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    conflicts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
