"""Is a file's schema exactly the one Cultivate's migrations make? A file must not bring its own code.

A trigger or view stored in a data file runs with the file's data whenever
Cultivate writes: a file handed over by someone else (a backup, a copy from a
colleague, a file to restore or merge) could carry a trigger that, say, makes
private conversations public on the next staff edit. So before a file is
trusted its schema is compared with the one :data:`db.migrations.MIGRATIONS`
produce, applied to an empty in-memory database, for the file's own
``user_version``: tables, their columns (name, type, not-null, default, primary
key) and definitions, indexes, triggers and views. Anything extra, missing or
changed is named in plain words.

Only the file's main schema (``sqlite_master``) is read, never
``sqlite_temp_master``: the TEMP triggers a connection installs for itself are
not part of the file. The check reads the schema table and each table's
column list, never the rows, so it costs the same on a district's file as on
an empty one.

:func:`verify` is what opening, ``cultivate check``, restore and (later) merge
call; :func:`differences` lists the problems; :func:`expected` is cached per
version, so a process builds each expected schema once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db import driver

# Statistics SQLite itself may add (ANALYZE, PRAGMA optimize): data, not code.
_STATISTICS_TABLES = {"sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}
_KIND_WORDS = {"table": "table", "index": "index", "trigger": "trigger", "view": "view"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    not_null: bool
    default: str | None
    primary_key: int
    hidden: int


@dataclass(frozen=True)
class SchemaObject:
    kind: str          # table, index, trigger, view
    name: str
    table: str         # the table an index or trigger belongs to (its own name for a table)
    sql: str           # whitespace-normalised; "" for SQLite's own automatic indexes


@dataclass(frozen=True)
class Schema:
    objects: dict[tuple[str, str], SchemaObject]
    columns: dict[str, tuple[Column, ...]]    # by table name


def _normalised(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def read(db: Database | Any) -> Schema:
    """The main schema of *db*: every table, index, trigger and view, and each table's columns."""
    conn = db.conn if isinstance(db, Database) else db
    objects: dict[tuple[str, str], SchemaObject] = {}
    for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY type, name"):
        if kind == "table" and name in _STATISTICS_TABLES:
            continue
        objects[(kind, name)] = SchemaObject(kind, name, table, _normalised(sql))
    columns: dict[str, tuple[Column, ...]] = {}
    for (kind, name), _item in objects.items():
        if kind != "table":
            continue
        try:
            rows = conn.execute(f'PRAGMA main.table_xinfo("{name}")').fetchall()
        except driver.Error:   # a virtual table of a module this program does not have
            rows = []
        columns[name] = tuple(
            Column(row[1], (row[2] or "").upper(), bool(row[3]), row[4], row[5], row[6])
            for row in rows)
    return Schema(objects, columns)


# The schema the latest migrations make, stored so that opening a file need not build it:
# migrating an empty database took 120-170 ms of every start and every command. It is used
# only while it matches the migrations' own files byte for byte (their digest is stored
# with it); otherwise the schema is built as before, so a stale copy costs time, never
# trust. ``python -m db.schema`` writes it again; a test fails until it matches.
SNAPSHOT = Path(__file__).resolve().parent / "migrations" / "expected_schema.json"


@functools.cache
def expected(version: int) -> Schema:
    """The schema the migrations make up to *version*, on an empty in-memory database."""
    return _stored(version) or migrated(version)


def migrated(version: int) -> Schema:
    """The schema made by running the migrations up to *version* on an empty database."""
    from db import migrations
    from db.connection import database_over, register_functions

    db = database_over(None)
    try:
        register_functions(db, actor="schema-check")
        migrations.migrate(db, up_to=version)
        return read(db)
    finally:
        db.close()


def migrations_digest() -> str:
    """A digest of every migration file (their SQL and the Python steps): what the schema
    the migrations make depends on."""
    from db import migrations

    folder = Path(migrations.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*folder.glob("*.py"), *folder.glob("*.sql")]):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _stored(version: int) -> Schema | None:
    try:
        data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != version or data.get("migrations") != migrations_digest():
        return None
    return Schema({(kind, name): SchemaObject(kind, name, table, sql)
                   for kind, name, table, sql in data["objects"]},
                  {table: tuple(Column(*column) for column in columns)
                   for table, columns in data["columns"].items()})


def store_latest() -> Path:
    """Write the latest migrations' schema to :data:`SNAPSHOT`, with their digest."""
    from db import migrations

    schema = migrated(migrations.LATEST_VERSION)
    data = {
        "version": migrations.LATEST_VERSION,
        "migrations": migrations_digest(),
        "objects": [[item.kind, item.name, item.table, item.sql] for item in schema.objects.values()],
        "columns": {table: [list(astuple(column)) for column in columns]
                    for table, columns in schema.columns.items()},
    }
    SNAPSHOT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return SNAPSHOT


def _describe_column(column: Column) -> str:
    parts = [column.type or "no type"]
    if column.not_null:
        parts.append("not null")
    if column.default is not None:
        parts.append(f"default {column.default}")
    if column.primary_key:
        parts.append("primary key")
    if column.hidden:
        parts.append("generated" if column.hidden in (2, 3) else "hidden")
    return ", ".join(parts)


def _name(item: SchemaObject) -> str:
    word = _KIND_WORDS.get(item.kind, item.kind)
    on = f" on {item.table}" if item.kind in ("index", "trigger") else ""
    return f"{word} “{item.name}”{on}"


def compare(found: Schema, wanted: Schema) -> list[str]:
    """Plain-words differences between *found* (a file) and *wanted* (what the migrations make)."""
    problems: list[str] = []
    # Code first: an extra trigger or view is the dangerous case, so it is named first.
    order = {"trigger": 0, "view": 1, "table": 2, "index": 3}
    for key in sorted(set(found.objects) - set(wanted.objects), key=lambda k: (order.get(k[0], 9), k[1])):
        problems.append(f"an extra {_name(found.objects[key])}")
    for key in sorted(set(wanted.objects) - set(found.objects), key=lambda k: (order.get(k[0], 9), k[1])):
        problems.append(f"the {_name(wanted.objects[key])} is missing")
    for key in sorted(set(found.objects) & set(wanted.objects), key=lambda k: (order.get(k[0], 9), k[1])):
        have, want = found.objects[key], wanted.objects[key]
        column_problems = []
        if have.kind == "table":
            column_problems = _compare_columns(have.name, found.columns.get(have.name, ()),
                                               wanted.columns.get(want.name, ()))
            problems.extend(column_problems)
        if (have.sql, have.table) != (want.sql, want.table) and not column_problems:
            if have.kind == "table":
                problems.append(f"the table “{have.name}” is defined differently "
                                "(its rules or keys were changed)")
            else:
                problems.append(f"the {_name(have)} is not the one Cultivate made")
    return problems


def _compare_columns(table: str, have: tuple[Column, ...], want: tuple[Column, ...]) -> list[str]:
    problems = []
    have_by_name = {column.name: column for column in have}
    want_by_name = {column.name: column for column in want}
    for column in have:
        if column.name not in want_by_name:
            problems.append(f"an extra column “{column.name}” in {table}")
    for column in want:
        found = have_by_name.get(column.name)
        if found is None:
            problems.append(f"the column “{column.name}” of {table} is missing")
        elif found != column:
            problems.append(f"the column “{column.name}” of {table} has been changed "
                            f"({_describe_column(found)}; Cultivate made it {_describe_column(column)})")
    return problems


def differences(db: Database | Any, version: int | None = None) -> list[str]:
    """Everything in *db*'s schema that its migrations (for *version*, default its own) do not make."""
    conn = db.conn if isinstance(db, Database) else db
    if version is None:
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
    return compare(read(conn), expected(version))


def verify(db: Database | Any, path: str | Path, version: int | None = None) -> None:
    """Raise :class:`~db.errors.UnexpectedSchemaError` naming what is extra, missing or changed."""
    from db.errors import UnexpectedSchemaError

    problems = differences(db, version)
    if problems:
        raise UnexpectedSchemaError(path, problems)


def table_columns(version: int) -> dict[str, list[str]]:
    """Column names by table for *version*: what an export of that version must hold."""
    wanted = expected(version)
    return {table: [column.name for column in columns if not column.hidden]
            for table, columns in wanted.columns.items()}


if __name__ == "__main__":   # python -m db.schema: store the latest schema after a new migration
    print(f"wrote {store_latest()}")
