-- Data format 10: the search index (SQLite FTS5, accents ignored).
--
-- Tables whose names begin with an underscore are derived, not records: they are
-- rebuilt from the records at any time, and never exported, audited or merged.
--   _search_rows     one row per searchable text of a record (table, id, field),
--   _search          the FTS5 index, rowid = _search_rows.id; private text (private notes,
--                    private conversations) in its own column, so a search can leave it out,
--   _search_pending  what the connection's triggers queued for the index: a trigger may not
--                    write an FTS5 table under trusted_schema=OFF, so db/search.py applies
--                    the queue at the top level (before every search, and on opening),
--   _search_state    which version of db/search.py's sources built the index.

CREATE TABLE _search_rows (
    id INTEGER PRIMARY KEY,
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL
);
CREATE INDEX _search_rows_record ON _search_rows(record_table, record_id);

CREATE VIRTUAL TABLE _search USING fts5(
    body, private_body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);

CREATE TABLE _search_pending (
    seq INTEGER PRIMARY KEY,
    op TEXT NOT NULL CHECK (op IN ('insert', 'delete')),
    row_id INTEGER NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    private_body TEXT NOT NULL DEFAULT ''
);

CREATE TABLE _search_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO _search_state (id, version) VALUES (1, 0);
