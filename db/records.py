"""The one way rows are written: ids and time stamps are set here, nowhere else."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from db import clock


def is_record_table(name: str) -> bool:
    """A table of records, as opposed to SQLite's own (``sqlite_*``) and the derived
    tables Cultivate rebuilds from the records (``_*``: the search index), which are
    never exported, audited, salvaged or merged."""
    return not name.startswith(("sqlite_", "_"))


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> str:
    """ISO-8601 UTC with milliseconds, e.g. 2026-11-24T11:12:37.123Z (sorts as text)."""
    return clock.utc_stamp()


def insert(db: Database, table: str, values: dict[str, Any]) -> str:
    """Insert one row; returns its id (given in *values* or newly made)."""
    row = dict(values)
    stamp = utc_now()
    if "id" not in row:
        row["id"] = new_id()
    row.setdefault("created_at", stamp)
    row.setdefault("updated_at", stamp)
    columns = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values()))
    return row["id"]


def insert_many(db: Database, table: str, rows: Iterable[dict[str, Any]]) -> int:
    """Insert rows that share the same keys, in one executemany; returns the count."""
    rows = list(rows)
    if not rows:
        return 0
    stamp = utc_now()
    prepared = []
    for values in rows:
        row = dict(values)
        if "id" not in row:  # not setdefault: that would make a throwaway uuid per row
            row["id"] = new_id()
        row.setdefault("created_at", stamp)
        row.setdefault("updated_at", stamp)
        prepared.append(row)
    keys = list(prepared[0])
    columns = ", ".join(f'"{name}"' for name in keys)
    marks = ", ".join("?" for _ in keys)
    statement = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'
    values_list = [[row[key] for key in keys] for row in prepared]
    if db.conn.in_transaction:
        # The caller's transaction already makes it all-or-nothing; a savepoint per
        # batch only slows large bulk writes down.
        db.conn.executemany(statement, values_list)
    else:
        with db.atomic():
            db.conn.executemany(statement, values_list)
    return len(prepared)


def update(db: Database, table: str, row_id: str, changes: dict[str, Any]) -> None:
    """Change some columns of one row and stamp ``updated_at``."""
    if not changes:
        return
    values = dict(changes)
    values["updated_at"] = utc_now()
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    cursor = db.execute(
        f'UPDATE "{table}" SET {assignments} WHERE id = ?', [*values.values(), row_id]
    )
    if cursor.rowcount == 0:
        raise KeyError(f"No {table} row with id {row_id}")


def counts(db: Database, *, leave_out: Iterable[str] = ("audit_log",)) -> dict[str, int]:
    """How many rows each table of records holds (SQLite's own and the derived tables left out)."""
    skip = set(leave_out)
    return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in db.table_names() if table not in skip and is_record_table(table)}


def among(column: str, ids: Iterable[str]) -> tuple[str, list[str]]:
    """A WHERE term keeping rows whose *column* is one of *ids*, and its one parameter
    (a JSON array, so a thousand ids are still one placeholder)."""
    return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(sorted(ids))]


def count_where(db: Database, source: str, where: list[str], params: list) -> int:
    """How many rows *source* (a table, or joins) has under the WHERE terms *where*."""
    condition = ("WHERE " + " AND ".join(where)) if where else ""
    return db.execute(f"SELECT count(*) FROM {source} {condition}", params).fetchone()[0]


def read_page(db: Database, *, alias: str, source: str, where: list[str], params: list,
              order: str, columns: str, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """One page of a list, in *order*: the page's rows are chosen first (their rowids, from
    the indexes, without computing *columns*), then only those rows' *columns* are read.
    *source* is the FROM clause naming the list's table as *alias*."""
    condition = ("WHERE " + " AND ".join(where)) if where else ""
    page = [row[0] for row in db.execute(
        f"SELECT {alias}.rowid {source} {condition} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)])]
    if not page:
        return []
    place = {rowid: number for number, rowid in enumerate(page)}
    rows = db.execute(f"SELECT {alias}.rowid AS page_rowid, {columns} {source} "
                      f"WHERE {alias}.rowid IN (SELECT value FROM json_each(?))", [json.dumps(page)])
    names = [column[0] for column in rows.description]
    found = sorted((dict(zip(names, row, strict=True)) for row in rows),
                   key=lambda row: place[row["page_rowid"]])
    for row in found:
        del row["page_rowid"]
    return found


def without_rowid(conn, table: str) -> bool:
    """True for a WITHOUT ROWID table (the private wellbeing answers): no insertion order to
    read it back in; *conn* is a connection or a Database."""
    conn = getattr(conn, "conn", conn)
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()
    return bool(row and row[0] and "WITHOUT ROWID" in row[0].upper())


def stored_order(db: Database, table: str) -> str:
    """The ORDER BY that reads *table* in the order its rows were written (by key when the
    table keeps no such order)."""
    return "id" if without_rowid(db, table) else "rowid"


def get(db: Database, table: str, row_id: str) -> dict[str, Any] | None:
    rows = list(db.query(f'SELECT * FROM "{table}" WHERE id = ?', [row_id]))
    return rows[0] if rows else None
