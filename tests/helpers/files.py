"""Data files for tests, made through the application's own open path."""

from __future__ import annotations

from db.connection import open_database


def built_file(path, build):
    """(path, ids): a new data file at *path* filled by *build* (which returns the ids)."""
    db = open_database(path)
    ids = build(db)
    db.close()
    return path, ids
