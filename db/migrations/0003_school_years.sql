-- Data format 3: the school year is a record. A year has a name ("2025–26"), its first
-- and last day, and its terms. The years follow one another: each one is in force from
-- its first day until the next one begins, so every dated record belongs to one year
-- (the earliest year also holds anything older, the latest anything newer).
-- Existing files get their years from the data (db/migrations/__init__.py).

CREATE TABLE school_years (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    started_on TEXT,                      -- the day it was started in Cultivate; NULL: made from the data
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (first_day <= last_day)
);
CREATE UNIQUE INDEX school_years_first_day ON school_years(first_day);

CREATE TABLE school_terms (
    id TEXT PRIMARY KEY,
    school_year_id TEXT NOT NULL REFERENCES school_years(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (first_day <= last_day)
);
CREATE INDEX school_terms_year ON school_terms(school_year_id, position);
