"""Merge another Cultivate file into this one: a coach's laptop and the principal's, no server.

The rule, for every record of every table (found from the schema, parents before
children by their foreign keys, so a table a later migration adds merges unchanged):

* Records are matched by ``id``. Two records with different ids that clash on a
  ``UNIQUE`` key (the same school year made on two laptops, the same rubric version)
  are one record: both files end up with the smaller id, and the links to it follow.
* Each side holds a *version* of the record: the row (stamped ``updated_at``) or its
  tombstone (stamped ``deleted_at``), or nothing. **The newer version wins**; at the
  same millisecond a deletion wins over an edit, then the version written by the
  greater device id (each file's ``replica`` row; :data:`merge_origins` remembers
  which device wrote a version that arrived by merge), then, for two copies of one
  file, the greater content. So a tombstone newer than the record deletes it, and an
  edit newer than the tombstone brings the record back. The rule is the same from
  either side, so merging A into B and B into A gives the same records, and merging a
  file a second time changes nothing.
* A **conflict** is a losing version the winning side has never seen: not in its
  audit log (which holds every version a file ever held, and, merged by id, every
  version the files it merged from held). That is "edited on both sides since they
  last exchanged it" without trusting either laptop's clock for it; an edit the other
  side saw and then edited again is no conflict. The winner is kept by the rule, both
  versions are kept in ``merge_conflicts`` for the person to settle field by field
  (:func:`settle`), and the losing version is written to this file's audit log.
* A deletion never takes records along that the other side did not delete: a record
  still pointed at by a record that survives the merge stays (or comes back), and
  that is a conflict too.

What does not travel row by row: the audit log (merged by its ids: an append-only
history); tombstones (they are the deletions' versions, above); ``preferences``
(per-file settings: the school name, the year shown; each file keeps its own); the
merge's own bookkeeping; FTS and other virtual tables (derived, rebuilt).

A file exported for a colleague (:mod:`db.slices`) says what it left out (its
``replica.withheld``): a merge from it never takes those columns over this file's own,
so a coach's copy without private notes cannot blank the principal's.

:func:`plan` reads both files and decides everything without writing; :func:`apply` is
the write (one operation, one transaction: Undo in the window takes it back);
:func:`merge_file` is both, with the backup first, for the command line.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db import audit, clock, driver, records
from db.errors import NeedsCorrection

# Tables that are not merged row by row (see the module's docstring). Private wellbeing
# answers (audit.NEVER_LOGGED) carry no person and leave no tombstone: they stay in the
# file they were given in, so a deleted one can never come back from another file.
NOT_MERGED = frozenset({
    "audit_log", "tombstones", "preferences",
    "replica", "merge_origins", "merge_conflicts", "merge_exchanges",
}) | audit.NEVER_LOGGED
REPLICA_ROW = "this-file"
# Rows that are private by a flag of their own, by table. A colleague's copy withholds
# them (its replica.withheld "rows" names the tables): a merge never brings them into it.
# The conditions live here, in code: a file only names the tables, never SQL.
PRIVATE_ROWS = {"conversations": "is_private = 1", "celebrations": "is_public = 0"}
# Private text never goes into a conflict or an audit row the merge writes: it stays as
# the rule left it (the newer version's), and the losing private text stays in the file
# it was written in. The columns and markers are the audit log's own (issue 14); a
# version in the history with a marker matches whatever that field holds.
MARKERS = frozenset({audit.TEXT_MARKER, audit.VALUE_MARKER})


def redacted(table: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
    """*row* with its private values replaced by the audit log's markers (empty stay empty)."""
    private = audit.PRIVATE_COLUMNS.get(table)
    if row is None or not private:
        return row
    return {name: (private[name] if name in private and value not in (None, "") else value)
            for name, value in row.items()}


# Columns that say when a version was made, not what it says: two versions that differ
# only here are the same record to a person (the same school year made on two laptops).
BOOKKEEPING = frozenset({"id", "created_at", "updated_at"})
MASS_DELETE_SHARE = 1 / 3      # a merge deleting more than this share of the records asks first

Progress = Callable[[int, int, str], None]   # (step, steps, what is being done)


class MergeRefused(NeedsCorrection):
    """The merge cannot be made as asked; ``str()`` says why. Nothing was changed."""


class MassDeletion(MergeRefused):
    """The merge would delete more than a third of this file's records: it asks first."""

    def __init__(self, plan: MergePlan):
        self.plan = plan
        super().__init__(
            f"Merging “{plan.other_name}” would delete {plan.deleted} of the "
            f"{plan.target_records} records in this file (more than a third). Nothing was "
            "changed. If the other file is right to delete them, merge again and allow it.")


# ---------------------------------------------------------------- the schema


@dataclass(frozen=True)
class Reference:
    child: str
    column: str
    parent: str


def _virtual_tables(db: Database, tables: list[str]) -> set[str]:
    names = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")}
    return names | {table for table in tables if any(table.startswith(f"{name}_") for name in names)}


def _table_names(db: Database) -> list[str]:
    return [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def _foreign_keys(db: Database, table: str) -> list[tuple[str, str, str]]:
    """(column, parent table, parent column) for each foreign key of *table*."""
    return [(row[3], row[2], row[4] or "id")
            for row in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()]


def merged_tables(db: Database) -> list[str]:
    """Every record table, parents before children (by foreign keys), then by name."""
    names = _table_names(db)
    excluded = NOT_MERGED | _virtual_tables(db, names)
    candidates = []
    for table in names:
        if table in excluded or table.startswith(("sqlite_", "_")):
            continue
        columns = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")').fetchall()}
        if {"id", "updated_at"} <= columns:
            candidates.append(table)
    parents = {table: {parent for _column, parent, _ in _foreign_keys(db, table)
                       if parent != table and parent in candidates}
               for table in candidates}
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(candidates):
        ready = [t for t in candidates if t not in placed and parents[t] <= placed]
        if not ready:   # a cycle of foreign keys: deferred checks take care of the order
            ready = [t for t in candidates if t not in placed]
        for table in ready:
            ordered.append(table)
            placed.add(table)
    return ordered


def references(db: Database, tables: Iterable[str]) -> list[Reference]:
    wanted = list(tables)
    return [Reference(table, column, parent)
            for table in wanted for column, parent, parent_column in _foreign_keys(db, table)
            if parent in wanted and parent_column == "id"]


@dataclass(frozen=True)
class Owner:
    """A part of a natural key read through a link: whose school a record is, by the
    person it names (*column*, a staff id): that person's school, else the person (a
    file whose people have no school), else "" (nobody's: shared, district-level)."""

    column: str
    parent: str = "staff"
    parent_column: str = "school_id"


# Shared catalogs whose rows are one record by a key the application itself matches on,
# though the schema has no UNIQUE rule for it: two schools' files that each installed the
# starter PD catalog, the goal templates or a rubric's look-fors hold them once merged.
# An offering is one catalog entry only by its title *and* whose it is: two schools'
# own "Math Talks" (each facilitated by its own staff) stay two offerings, as do two
# outside facilitators'; the starter catalog's entries (no one's) are one.
NATURAL_KEYS: dict[str, list[tuple]] = {
    "pd_offerings": [("title", Owner("facilitator_staff_id"), "facilitator_name")],
    "goal_templates": [("title",)],
    "look_fors": [("rubric_id", "text")],
}


OWNER_TABLES = frozenset(part.parent for keys in NATURAL_KEYS.values() for key in keys
                         for part in key if isinstance(part, Owner))


def key_value(row: dict[str, Any], key: tuple, rows: dict[str, dict[str, dict]]) -> tuple | None:
    """*row*'s value of *key* (columns, or :class:`Owner` parts looked up in *rows*, that
    side's rows by table and id); None when a column of it is empty (no key, no twin)."""
    value = []
    for part in key:
        if isinstance(part, Owner):
            person = row.get(part.column)
            if person is None:
                value.append("")
                continue
            parent = rows.get(part.parent, {}).get(person) or {}
            value.append(f"{part.parent_column}:{parent[part.parent_column]}"
                         if parent.get(part.parent_column) is not None else f"{part.column}:{person}")
        elif row.get(part) is None:
            return None
        else:
            value.append(row[part])
    return tuple(value)


def unique_keys(db: Database, table: str) -> list[tuple]:
    """The table's UNIQUE column sets other than its id, and its natural keys."""
    keys = list(NATURAL_KEYS.get(table, []))
    for row in db.execute(f'PRAGMA index_list("{table}")').fetchall():
        name, unique, origin = row[1], row[2], row[3]
        if not unique or origin == "pk":
            continue
        columns = tuple(info[2] for info in db.execute(f'PRAGMA index_info("{name}")').fetchall())
        if columns and None not in columns and columns != ("id",):
            keys.append(columns)
    return keys


# ---------------------------------------------------------------- one side of a merge


@dataclass(frozen=True)
class Replica:
    device_id: str
    name: str
    withheld_tables: frozenset[str]
    withheld_columns: dict[str, frozenset[str]]
    withheld_rows: frozenset[str] = frozenset()     # tables whose private rows stay out


def replica(db: Database) -> Replica:
    """This file's device id, its name, and what it leaves out (a slice)."""
    row = db.execute("SELECT device_id, name, withheld FROM replica WHERE id = ?",
                     [REPLICA_ROW]).fetchone()
    if row is None:
        raise MergeRefused("This file has no device id; open it in Cultivate once first.")
    withheld = json.loads(row[2] or "{}")
    return Replica(row[0], row[1] or "",
                   frozenset(withheld.get("tables", ())),
                   {table: frozenset(columns)
                    for table, columns in withheld.get("columns", {}).items()},
                   frozenset(table for table in withheld.get("rows", ()) if table in PRIVATE_ROWS))


def device_id(db: Database) -> str:
    return replica(db).device_id


def set_device_id(db: Database, device: str, *, stamp: str | None = None) -> None:
    """Give this file a device id of its own (a new copy for a colleague, the demo school)."""
    stamp = stamp or clock.utc_stamp()
    db.execute("UPDATE replica SET device_id = ?, created_at = ?, updated_at = ? WHERE id = ?",
               [device, stamp, stamp, REPLICA_ROW])


@dataclass(frozen=True)
class Version:
    """One side's version of a record: its row, or its deletion."""

    stamp: str
    deleted: bool
    device: str
    row: dict[str, Any] | None = None         # the row (None for a deletion)
    tombstone: dict[str, Any] | None = None   # the tombstone (None for a row)

    def order(self) -> tuple:
        content = json.dumps(self.row, sort_keys=True, default=str) if self.row else ""
        return (self.stamp, 1 if self.deleted else 0, self.device, content)

    def stands_against(self, other: Version) -> bool:
        """This version wins against *other*, or ties it exactly (the rule; content last,
        and only when all else is equal)."""
        mine, theirs = (self.stamp, self.deleted, self.device), (other.stamp, other.deleted, other.device)
        if mine != theirs:
            return mine > theirs
        return self.order() >= other.order()


def _rows(db: Database, table: str) -> dict[str, dict[str, Any]]:
    cursor = db.execute(f'SELECT * FROM "{table}"')
    names = [description[0] for description in cursor.description]
    return {row["id"]: row for row in (dict(zip(names, values, strict=True)) for values in cursor)}


class _Side:
    """What one file holds, read once: rows by table, tombstones, origins, history."""

    def __init__(self, db: Database):
        self.db = db
        self.replica = replica(db)
        self.device = self.replica.device_id
        self._origins: dict[tuple[str, str], tuple[str, str] | None] = {}   # read as asked
        self.tombstones: dict[str, dict[str, dict[str, Any]]] = {}
        for row in _rows(db, "tombstones").values():
            self.tombstones.setdefault(row["table_name"], {})[row["row_id"]] = row
        self._history: dict[tuple[str, str], list[tuple[str, dict | None]]] = {}

    def origin(self, table: str, row_id: str, stamp: str) -> str:
        key = (table, row_id)
        if key not in self._origins:
            self._origins[key] = self.db.execute(
                "SELECT version_at, device_id FROM merge_origins WHERE table_name = ? AND row_id = ?",
                [table, row_id]).fetchone()
        found = self._origins[key]
        return found[1] if found is not None and found[0] == stamp else self.device

    def version(self, table: str, row_id: str, row: dict | None, original_id: str | None = None
                ) -> Version | None:
        key = original_id or row_id
        if row is not None:
            return Version(row["updated_at"], False, self.origin(table, key, row["updated_at"]), row=row)
        tombstone = self.tombstones.get(table, {}).get(key)
        if tombstone is not None:
            return Version(tombstone["deleted_at"], True,
                           self.origin(table, key, tombstone["deleted_at"]), tombstone=tombstone)
        return None

    def history(self, table: str, row_ids: Iterable[str]) -> list[tuple[str, dict | None]]:
        found: list[tuple[str, dict | None]] = []
        for row_id in set(row_ids):
            if (table, row_id) not in self._history:
                entries: list[tuple[str, dict | None]] = []
                for action, before, after in self.db.execute(
                        "SELECT action, before_json, after_json FROM audit_log "
                        "WHERE table_name = ? AND row_id = ?", [table, row_id]):
                    for text in (before, after):
                        if text:
                            entries.append(("row", json.loads(text)))
                    if action == "delete":
                        entries.append(("delete", None))
                self._history[(table, row_id)] = entries
            found.extend(self._history[(table, row_id)])
        return found

    def has_seen(self, table: str, row_ids: Iterable[str], version: Version,
                 ignore: frozenset[str]) -> bool:
        """Did this file ever hold *version* (or, for a deletion, delete the record)?"""
        for kind, row in self.history(table, row_ids):
            if version.deleted:
                if kind == "delete":
                    return True
            elif kind == "row" and row is not None and version.row is not None and all(
                    row[name] == value or row[name] in MARKERS
                    for name, value in version.row.items()
                    if name in row and name not in ignore and name != "id"):
                return True
        return False


# ---------------------------------------------------------------- the plan


@dataclass
class Step:
    table: str
    row_id: str
    action: str                     # insert, update, delete
    row: dict[str, Any] | None      # the new values (insert, update)
    before: dict[str, Any] | None   # this file's row before (update, delete)


@dataclass
class Conflict:
    table: str
    row_id: str
    ours: dict[str, Any] | None     # this file's version (None: deleted here)
    theirs: dict[str, Any] | None   # the other file's (None: deleted there)
    kept: str                       # "ours" or "theirs": what the rule kept
    reason: str = "edited on both sides"


@dataclass
class MergePlan:
    other_name: str
    other_device: str
    steps: list[Step] = field(default_factory=list)
    rekeys: list[tuple[str, str, str]] = field(default_factory=list)   # table, old id, new id
    tombstones: list[dict[str, Any]] = field(default_factory=list)
    origins: list[tuple[str, str, str, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    audit_rows: list[tuple] = field(default_factory=list)
    audit_columns: list[str] = field(default_factory=list)
    target_records: int = 0
    tables: list[str] = field(default_factory=list)
    withheld: dict[str, frozenset[str]] = field(default_factory=dict)
    left_out_tables: frozenset[str] = frozenset()

    def _count(self, action: str) -> int:
        return sum(1 for step in self.steps if step.action == action)

    @property
    def added(self) -> int:
        return self._count("insert")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def deleted(self) -> int:
        return self._count("delete")

    @property
    def changes_anything(self) -> bool:
        return bool(self.steps or self.rekeys or self.tombstones or self.conflicts or self.audit_rows)

    @property
    def mass_delete(self) -> bool:
        return self.deleted > 0 and self.deleted > self.target_records * MASS_DELETE_SHARE

    def summary(self) -> str:
        return (f"added {self.added}, updated {self.updated}, deleted {self.deleted}, "
                f"conflicts {len(self.conflicts)}")

    def by_table(self) -> dict[str, tuple[int, int, int]]:
        """(added, updated, deleted) for each table the merge changes, for a preview."""
        counts: dict[str, list[int]] = {}
        for step in self.steps:
            slot = counts.setdefault(step.table, [0, 0, 0])
            slot[("insert", "update", "delete").index(step.action)] += 1
        return {table: tuple(values) for table, values in counts.items()}  # type: ignore[misc]


def _blank(db: Database, table: str, column: str) -> Any:
    """The column's default (what a new row has), for a value that may not travel."""
    for row in db.execute(f'PRAGMA table_info("{table}")'):
        if row[1] == column and row[4] is not None:
            return db.execute(f"SELECT {row[4]}").fetchone()[0]   # the file's checked schema
    return None


def _same(a: dict | None, b: dict | None, ignore: frozenset[str]) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return all(a.get(name) == b.get(name) for name in set(a) | set(b) if name not in ignore)


def _columns_of(db: Database, table: str) -> list[str]:
    return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]


def _by_ids(db: Database, table: str, columns: list[str], ids: Iterable[str]) -> list[tuple]:
    """The rows of *table* with *ids*, as tuples of *columns*, in batches."""
    names = ", ".join(f'"{c}"' for c in columns)
    ids = list(ids)
    found: list[tuple] = []
    for start in range(0, len(ids), 500):
        batch = ids[start:start + 500]
        found.extend(db.execute(f'SELECT {names} FROM "{table}" WHERE id IN '
                                f'({", ".join("?" for _ in batch)})', batch).fetchall())
    return found


@dataclass
class _Compared:
    """One table of both files compared whole: the rows where the two differ (or that
    only one file has) that the rule must look at, as tuples; nothing else is held."""

    mine: dict[str, tuple] = field(default_factory=dict)      # this file's rows that matter
    theirs: dict[str, tuple] = field(default_factory=dict)    # the other file's rows that matter
    same: set[str] = field(default_factory=set)               # tombstoned there, the same on both
    their_ids: set[str] | None = None                         # every id the other file has
    count: int = 0                                            # this file's rows


ATTACHED = "cultivate_other"


@contextmanager
def _attached(target: Database, other: Database):
    """The other file attached, read only, to this file's connection, so that SQLite
    compares the two tables itself; None when it cannot be (a file in memory, a
    protected file and a plain connection): then rows are compared in Python."""
    main = next((row[2] for row in other.execute("PRAGMA database_list") if row[1] == "main"), "")
    try:
        key = driver.key_of_connection(other.conn)
    except LookupError:
        key = None
        main = ""
    encrypted_target = driver.is_encrypted_connection(target.conn)
    if not main or (key is not None and not encrypted_target) or target.conn.in_transaction:
        yield None
        return
    clause = f" {driver.attach_clause(key[0], key[1]) if key else driver.attach_clause(None)}" \
        if encrypted_target else ""
    try:
        target.execute(f"ATTACH DATABASE ? AS {ATTACHED}{clause}",
                       [Path(main).resolve().as_uri() + "?mode=ro"])
        target.execute(f"SELECT count(*) FROM {ATTACHED}.sqlite_master").fetchone()
    except driver.Error:
        with contextlib.suppress(*driver.Error):
            target.execute(f"DETACH DATABASE {ATTACHED}")
        yield None
        return
    try:
        yield ATTACHED
    finally:
        target.execute(f"DETACH DATABASE {ATTACHED}")


def _compare_sql(target: Database, schema: str, table: str, columns: list[str],
                 their_tombs: dict[str, Any]) -> _Compared:
    """:func:`_compare` by SQL over the attached other file (*schema*): only the rows
    that differ come out of SQLite."""
    found = _Compared()
    mine_cols = ", ".join(f'm."{c}"' for c in columns)
    theirs_cols = ", ".join(f'o."{c}"' for c in columns)
    # Compared byte for byte (BINARY), as Python compares the values, whatever the column's collation.
    equal = " AND ".join(f'm."{c}" IS o."{c}" COLLATE BINARY' for c in columns)
    main_table, other_table = f'main."{table}"', f'{schema}."{table}"'
    found.count = target.execute(f"SELECT count(*) FROM {main_table}").fetchone()[0]
    width = len(columns)
    for row in target.execute(f"SELECT {mine_cols}, {theirs_cols} FROM {main_table} AS m "
                              f"JOIN {other_table} AS o ON o.id = m.id WHERE NOT ({equal})"):
        found.mine[row[0]] = row[:width]
        found.theirs[row[0]] = row[width:]
    for row in target.execute(f"SELECT {theirs_cols} FROM {other_table} AS o WHERE NOT EXISTS "
                              f"(SELECT 1 FROM {main_table} AS m WHERE m.id = o.id)"):
        found.theirs[row[0]] = row
    if their_tombs:
        for row in target.execute(
                f"SELECT {mine_cols} FROM {schema}.tombstones AS x JOIN {main_table} AS m "
                f"ON m.id = x.row_id WHERE x.table_name = ? AND NOT EXISTS "
                f"(SELECT 1 FROM {other_table} AS o WHERE o.id = m.id)", [table]):
            found.mine[row[0]] = row
        found.same = {row_id for (row_id,) in target.execute(
            f"SELECT m.id FROM {schema}.tombstones AS x JOIN {main_table} AS m ON m.id = x.row_id "
            f"JOIN {other_table} AS o ON o.id = m.id WHERE x.table_name = ? AND {equal}", [table])}
    return found


def _compare(target: Database, other: Database, table: str, columns: list[str],
             their_tombs: dict[str, Any], private: set[str], keyed: bool) -> _Compared:
    """Both files' *table* read once as row tuples (none becomes a dict) and compared."""
    names = ", ".join(f'"{c}"' for c in columns)
    found = _Compared()
    theirs = {row[0]: row for row in other.execute(f'SELECT {names} FROM "{table}"')
              if row[0] not in private}
    if keyed:
        found.their_ids = set(theirs)
    for row in target.execute(f'SELECT {names} FROM "{table}"'):
        found.count += 1
        row_id = row[0]
        there = theirs.pop(row_id, None)
        if there is None:
            if row_id in their_tombs:      # deleted there: the rule decides
                found.mine[row_id] = row
        elif there != row:
            found.mine[row_id] = row
            found.theirs[row_id] = there
        elif row_id in their_tombs:
            found.same.add(row_id)
    found.theirs.update(theirs)            # only the other file has them
    return found


class _Final:
    """This file's records as the plan leaves them, without holding them all: the rows
    the plan looked at (``rows``, by table; a record the plan deletes is not there), and
    for every other id, this file as it is (the same in both files, or only here)."""

    def __init__(self, target: Database):
        self.target = target
        self.rows: dict[str, dict[str, dict[str, Any]]] = {}
        self.looked_at: dict[str, set[str]] = {}
        self._here: dict[tuple[str, str], bool] = {}

    def has(self, table: str, row_id: str) -> bool:
        if row_id in self.looked_at.get(table, ()):
            return row_id in self.rows.get(table, {})
        key = (table, row_id)
        if key not in self._here:
            self._here[key] = self.target.execute(
                f'SELECT 1 FROM "{table}" WHERE id = ?', [row_id]).fetchone() is not None
        return self._here[key]


def plan(target: Database, other: Database, *, progress: Progress | None = None) -> MergePlan:
    """Everything merging *other* into *target* would do; nothing is written.

    Each table is compared whole by SQLite and row tuples (every row of both files is
    read once, none becomes a dict); only the records that differ, or that one file
    lacks, go through the rule below."""
    ours, theirs = _Side(target), _Side(other)
    # What either file leaves out (a colleague's copy) stays out: never taken from it,
    # never brought into it.
    left_out = theirs.replica.withheld_tables | ours.replica.withheld_tables
    withheld_columns = {table: theirs.replica.withheld_columns.get(table, frozenset())
                        | ours.replica.withheld_columns.get(table, frozenset())
                        for table in set(theirs.replica.withheld_columns)
                        | set(ours.replica.withheld_columns)}
    tables = [table for table in merged_tables(target) if table not in left_out]
    refs = references(target, tables)
    result = MergePlan(other_name=theirs.replica.name, other_device=theirs.device, tables=tables,
                       withheld=withheld_columns)
    result.left_out_tables = left_out
    # Ids that are one record under two names, by table: old id -> the id both files keep.
    alias_ours: dict[str, dict[str, str]] = {}
    alias_theirs: dict[str, dict[str, str]] = {}
    private_rows: dict[str, set[str]] = {}
    final = _Final(target)
    deleting: dict[str, dict[str, Step]] = {}             # table -> id -> the delete step
    resurrectable: dict[str, dict[str, dict[str, Any]]] = {}   # their rows we did not take
    winners_tomb: dict[str, dict[str, dict[str, Any]]] = {}   # tombstones the plan writes
    with _attached(target, other) as attached:
        _plan_tables(result, target, other, ours, theirs, tables, refs, withheld_columns,
                     alias_ours, alias_theirs, private_rows, final, deleting, resurrectable,
                     winners_tomb, attached, progress)
    _keep_what_is_still_used(result, refs, final, deleting, resurrectable, winners_tomb, tables,
                             alias_ours)
    _their_history(result, target, other, private_rows)
    if progress:
        progress(len(tables), len(tables), "")
    return result


def _plan_tables(result, target, other, ours, theirs, tables, refs, withheld_columns, alias_ours,
                 alias_theirs, private_rows, final, deleting, resurrectable, winners_tomb,
                 attached, progress) -> None:
    """The rule, table by table, parents first (see :func:`plan`)."""
    owners_ours: dict[str, dict[str, dict[str, Any]]] = {}    # Owner parents: id -> row
    owners_theirs: dict[str, dict[str, dict[str, Any]]] = {}
    total = len(tables)
    for index, table in enumerate(tables):
        if progress:
            progress(index, total, table)
        withheld = withheld_columns.get(table, frozenset())
        ignore = withheld | BOOKKEEPING
        parents = [ref for ref in refs if ref.child == table]
        columns = _columns_of(target, table)
        keys = unique_keys(target, table)

        def remapped(rows: dict[str, tuple], aliases: dict[str, dict[str, str]],
                     parents: list[Reference] = parents, columns: list[str] = columns
                     ) -> dict[str, dict]:
            made = {}
            for row_id, values in rows.items():
                row = dict(zip(columns, values, strict=True))
                for ref in parents:
                    value = row.get(ref.column)
                    if value is not None and value in aliases.get(ref.parent, {}):
                        row[ref.column] = aliases[ref.parent][value]
                made[row_id] = row
            return made

        their_tombs = theirs.tombstones.get(table, {})
        private: set[str] = set()
        if table in ours.replica.withheld_rows:     # this file is a colleague's copy
            private = {row_id for (row_id,) in other.execute(
                f'SELECT id FROM "{table}" WHERE {PRIVATE_ROWS[table]}')}
            private_rows.setdefault(table, set()).update(private)
        if attached and not private:
            compared = _compare_sql(target, attached, table, columns, their_tombs)
        else:
            compared = _compare(target, other, table, columns, their_tombs, private, bool(keys))
        result.target_records += compared.count
        mine = remapped(compared.mine, alias_ours)
        other_rows = remapped(compared.theirs, alias_theirs)
        looked_at = final.looked_at.setdefault(table, set())
        looked_at.update(mine)
        originals: dict[str, str] = {}
        # One record under two ids: a UNIQUE key the two files share. Only a record the
        # other file lacks can have a twin here, and only one this file has alone.
        lone_theirs = [row_id for row_id in other_rows if row_id not in mine]
        for key in keys if lone_theirs else ():
            index_mine = _key_index(target, table, key, mine, parents, alias_ours,
                                    _owner_rows(target, key, owners_ours, alias_ours, refs))
            their_owners = _owner_rows(other, key, owners_theirs, alias_theirs, refs)
            for their_id in lone_theirs:
                if their_id not in other_rows:
                    continue
                row = other_rows[their_id]
                value = key_value(row, key, their_owners)
                my_id = index_mine.get(value) if value is not None else None
                if my_id is None or my_id == their_id or _theirs_has(other, table, my_id, compared) \
                        or my_id in other_rows:
                    continue
                if my_id not in mine:
                    mine.update(remapped({my_id: _by_ids(target, table, columns, [my_id])[0]},
                                         alias_ours))
                    looked_at.add(my_id)
                keep = min(my_id, their_id)
                if keep == their_id:      # this file's record takes the other file's id
                    mine[keep] = dict(mine.pop(my_id), id=keep)
                    alias_ours.setdefault(table, {})[my_id] = keep
                    result.rekeys.append((table, my_id, keep))
                    index_mine[value] = keep
                else:
                    other_rows[keep] = dict(other_rows.pop(their_id), id=keep)
                    alias_theirs.setdefault(table, {})[their_id] = keep
                    originals[keep] = their_id
        final_rows = final.rows.setdefault(table, {})
        ids = set(mine) | set(other_rows) | (set(their_tombs) - compared.same)
        looked_at.update(ids)
        for row_id in sorted(ids):
            current = mine.get(row_id)
            if current is not None and current == other_rows.get(row_id):
                final_rows[row_id] = current        # the same version on both sides
                continue
            here = ours.version(table, row_id, mine.get(row_id))
            there = theirs.version(table, row_id, other_rows.get(row_id), originals.get(row_id))
            if there is not None and there.row is not None:
                resurrectable.setdefault(table, {})[row_id] = there.row
            if there is None or (here is not None and here.stands_against(there)):
                # This file's version stands.
                if current is not None:
                    final_rows[row_id] = current
                if here is not None and there is not None and not here.deleted and not there.deleted \
                        and _same(here.row, there.row, ignore):
                    continue
                if here is not None and here.deleted and there is not None and there.deleted:
                    continue
                if there is not None and not there.deleted and here is not None \
                        and not ours.has_seen(table, [row_id, originals.get(row_id, row_id)], there,
                                              ignore):
                    result.conflicts.append(Conflict(
                        table, row_id, None if here.deleted else here.row, there.row, "ours",
                        "deleted here, edited there" if here.deleted else "edited on both sides"))
                elif there is not None and there.deleted and here is not None \
                        and not ours.has_seen(table, [row_id], there, ignore):
                    # A deletion that loses to a newer edit made without knowing of it.
                    result.conflicts.append(Conflict(table, row_id, here.row, None, "ours",
                                                     "deleted there, edited here"))
                continue
            # The other file's version wins.
            origin = (table, row_id, there.stamp, there.device)
            if there.deleted:
                if current is not None:
                    step = Step(table, row_id, "delete", None, current)
                    result.steps.append(step)
                    deleting.setdefault(table, {})[row_id] = step
                    if not theirs.has_seen(table, [originals.get(row_id, row_id)], here, ignore):
                        result.conflicts.append(Conflict(table, row_id, current, None, "theirs",
                                                         "deleted there, edited here"))
                tombstone = dict(there.tombstone, row_id=row_id)
                winners_tomb.setdefault(table, {})[row_id] = tombstone
                result.tombstones.append(tombstone)
                result.origins.append(origin)
                continue
            new = dict(there.row)
            if current is not None:
                for name in withheld:
                    if name in current:
                        new[name] = current[name]
                if _same(current, new, frozenset()):
                    final_rows[row_id] = current
                    continue
                result.steps.append(Step(table, row_id, "update", new, current))
                if not _same(current, there.row, ignore) and not theirs.has_seen(
                        table, [originals.get(row_id, row_id)], here, ignore):
                    result.conflicts.append(Conflict(table, row_id, current, there.row, "theirs"))
            else:
                for name in withheld:      # a private note stays with its author
                    if name in new:
                        new[name] = _blank(target, table, name)
                result.steps.append(Step(table, row_id, "insert", new, None))
                if here is not None and here.deleted and not theirs.has_seen(
                        table, [originals.get(row_id, row_id)], here, frozenset()):
                    result.conflicts.append(Conflict(table, row_id, None, there.row, "theirs",
                                                     "deleted here, edited there"))
            final_rows[row_id] = new
            result.origins.append(origin)


def _key_index(target: Database, table: str, key: tuple, mine: dict[str, dict],
               parents: list[Reference], aliases: dict[str, dict[str, str]],
               owners: dict[str, dict[str, dict[str, Any]]]) -> dict[tuple, str]:
    """This file's records of *table* by their value of *key* (the rows the plan holds as
    it holds them, the others read for the key's columns only), as the merge names them."""
    columns = list(dict.fromkeys([part for part in key if isinstance(part, str)]
                                 + [part.column for part in key if isinstance(part, Owner)]))
    links = {ref.column: aliases.get(ref.parent, {}) for ref in parents
             if ref.column in columns and aliases.get(ref.parent)}
    renamed = aliases.get(table, {})
    index: dict[tuple, str] = {}
    for values in target.execute(f'SELECT id, {", ".join(chr(34) + c + chr(34) for c in columns)} '
                                 f'FROM "{table}"'):
        row_id = renamed.get(values[0], values[0])
        row = mine.get(row_id)
        if row is None:
            row = dict(zip(columns, values[1:], strict=True))
            for column, names in links.items():
                row[column] = names.get(row[column], row[column])
        value = key_value(row, key, owners)
        if value is not None:
            index[value] = row_id
    return index


def _theirs_has(other: Database, table: str, row_id: str, compared: _Compared) -> bool:
    if compared.their_ids is not None:
        return row_id in compared.their_ids
    return other.execute(f'SELECT 1 FROM "{table}" WHERE id = ?', [row_id]).fetchone() is not None


def _owner_rows(db: Database, key: tuple, cache: dict[str, dict[str, dict[str, Any]]],
                aliases: dict[str, dict[str, str]], refs: list[Reference]
                ) -> dict[str, dict[str, dict[str, Any]]]:
    """The parents the :class:`Owner` parts of *key* read (a person's school), by id, as
    the merge names them (read once per file, and only their one column)."""
    for part in key:
        if isinstance(part, Owner) and part.parent not in cache:
            link = next((ref.parent for ref in refs if ref.child == part.parent
                         and ref.column == part.parent_column), None)
            names = aliases.get(part.parent, {})
            values = aliases.get(link, {}) if link else {}
            cache[part.parent] = {
                names.get(row_id, row_id): {part.parent_column: values.get(value, value)}
                for row_id, value in db.execute(
                    f'SELECT id, "{part.parent_column}" FROM "{part.parent}"')}
    return cache


def _keep_what_is_still_used(result: MergePlan, refs: list[Reference], final: _Final,
                             deleting: dict[str, dict[str, Step]],
                             resurrectable: dict[str, dict[str, dict]],
                             tombstones: dict[str, dict[str, dict]], tables: list[str],
                             alias_ours: dict[str, dict[str, str]]) -> None:
    """A deletion never takes along a record that survives the merge: its parent stays."""
    while True:
        changed = False
        for ref, parent_id in _missing_after(refs, final, deleting, alias_ours):
            if final.has(ref.parent, parent_id):
                continue      # put back a moment ago, for another child
            step = deleting.get(ref.parent, {}).pop(parent_id, None)
            if step is not None:     # this file's record stays after all
                result.steps.remove(step)
                final.rows.setdefault(ref.parent, {})[parent_id] = step.before
                result.conflicts = [c for c in result.conflicts
                                    if (c.table, c.row_id) != (ref.parent, parent_id)]
                result.conflicts.append(Conflict(ref.parent, parent_id, step.before, None, "ours",
                                                 "deleted there, still in use here"))
            elif parent_id in resurrectable.get(ref.parent, {}):   # the other file's comes back
                row_back = resurrectable[ref.parent][parent_id]
                result.steps.append(Step(ref.parent, parent_id, "insert", row_back, None))
                final.rows.setdefault(ref.parent, {})[parent_id] = row_back
                result.conflicts.append(Conflict(ref.parent, parent_id, None, row_back, "theirs",
                                                 "deleted here, still in use there"))
            else:
                continue
            dropped = tombstones.get(ref.parent, {}).pop(parent_id, None)
            if dropped is not None:
                result.tombstones.remove(dropped)
            result.origins = [o for o in result.origins if (o[0], o[1]) != (ref.parent, parent_id)]
            changed = True
        if not changed:
            break
    order = {table: index for index, table in enumerate(tables)}
    # Inserts and updates parents first; deletions children first.
    result.steps.sort(key=lambda s: (s.action == "delete",
                                     -order[s.table] if s.action == "delete" else order[s.table]))


def _missing_after(refs: list[Reference], final: _Final, deleting: dict[str, dict[str, Step]],
                   alias_ours: dict[str, dict[str, str]]) -> list[tuple[Reference, str]]:
    """(link, parent id) for each record the plan leaves whose parent it does not leave:
    a row it looked at pointing at a missing parent, or a row of this file it did not
    look at (the same on both sides) pointing at a record it deletes."""
    found = []
    for ref in refs:
        for row in final.rows.get(ref.child, {}).values():
            parent_id = row.get(ref.column)
            if parent_id is not None and not final.has(ref.parent, parent_id):
                found.append((ref, parent_id))
        gone = deleting.get(ref.parent)
        if not gone:
            continue
        before = {new: old for old, new in alias_ours.get(ref.parent, {}).items()}
        names = {before.get(row_id, row_id): row_id for row_id in gone}
        looked_at = final.looked_at.get(ref.child, set())
        child_aliases = alias_ours.get(ref.child, {})
        wanted = list(names)
        for start in range(0, len(wanted), 500):
            batch = wanted[start:start + 500]
            for child_id, parent_id in final.target.execute(
                    f'SELECT id, "{ref.column}" FROM "{ref.child}" WHERE "{ref.column}" IN '
                    f'({", ".join("?" for _ in batch)})', batch):
                if child_aliases.get(child_id, child_id) not in looked_at:
                    found.append((ref, names[parent_id]))
    return found


def missing_parents(refs: list[Reference], rows: dict[str, dict[str, dict]]
                    ) -> list[tuple[Reference, str]]:
    """(link, parent id) for each row in *rows* (by table, by id) whose parent is not there."""
    found = []
    for ref in refs:
        present = rows.get(ref.parent, {})
        for row in rows.get(ref.child, {}).values():
            parent_id = row.get(ref.column)
            if parent_id is not None and parent_id not in present:
                found.append((ref, parent_id))
    return found


def _their_history(result: MergePlan, target: Database, other: Database,
                   private_rows: dict[str, set[str]]) -> None:
    """The other file's audit rows this file lacks (the audit log merges by id), and the
    versions this merge sets aside. Only ids are compared (the smaller file's held);
    the rows this file lacks are read afterwards."""
    columns = [row[1] for row in target.execute('PRAGMA table_info("audit_log")').fetchall()]
    count = lambda db: db.execute("SELECT count(*) FROM audit_log").fetchone()[0]  # noqa: E731
    if count(other) <= count(target):
        lacking = {row_id for (row_id,) in other.execute("SELECT id FROM audit_log")}
        for (row_id,) in target.execute("SELECT id FROM audit_log"):
            lacking.discard(row_id)
            if not lacking:
                break
    else:
        have = {row_id for (row_id,) in target.execute("SELECT id FROM audit_log")}
        lacking = {row_id for (row_id,) in other.execute("SELECT id FROM audit_log")
                   if row_id not in have}
    table_at = columns.index("table_name")
    texts = (columns.index("before_json"), columns.index("after_json"))
    rows = _by_ids(other, "audit_log", columns, lacking)
    rows.sort(key=lambda row: (row[columns.index("changed_at")], row[0]))
    for row in rows:
        table = row[table_at]
        if table in result.left_out_tables \
                or row[columns.index("row_id")] in private_rows.get(table, ()):
            continue
        row = list(row)
        for name in result.withheld.get(table, ()):     # never into a colleague's copy
            for index in texts:
                if row[index] and f'"{name}"' in row[index]:
                    version = json.loads(row[index])
                    version.pop(name, None)
                    row[index] = json.dumps(version)
        result.audit_rows.append(tuple(row))
    result.audit_columns = columns


# ---------------------------------------------------------------- the write


# The merge's own bookkeeping by record, (table_name, row_id) each: the deletions, and
# which device wrote the versions that arrived by merge. Neither is audited or captured
# for Undo (they are not records), so Undo of a merge puts them back itself.
BY_RECORD = ("tombstones", "merge_origins")


def _columns(db: Database, table: str) -> tuple[str, ...]:
    return tuple(row[1] for row in db.execute(f'PRAGMA table_info("{table}")'))


def _by_record(db: Database, keys: Iterable[tuple[str, str]]
               ) -> dict[str, dict[tuple[str, str], dict]]:
    """The rows of each :data:`BY_RECORD` table for the records *keys* (table, id)."""
    wanted = set(keys)
    found: dict[str, dict[tuple[str, str], dict]] = {}
    for table in BY_RECORD:
        columns = _columns(db, table)
        names = ", ".join(columns)
        found[table] = {}
        if len(wanted) <= 20_000:      # a few records: each by its (table_name, row_id) index
            rows = (row for key in wanted for row in db.execute(
                f'SELECT {names} FROM "{table}" WHERE table_name = ? AND row_id = ?', list(key)))
        else:                          # a whole school's worth: one pass over the table
            rows = db.execute(f'SELECT {names} FROM "{table}"')
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            if (values["table_name"], values["row_id"]) in wanted:
                found[table][(values["table_name"], values["row_id"])] = values
    return found


def _put_by_record(db: Database, keys: Iterable[tuple[str, str]],
                   wanted: dict[str, dict[tuple[str, str], dict]]) -> None:
    for table in BY_RECORD:
        for key in keys:
            db.execute(f'DELETE FROM "{table}" WHERE table_name = ? AND row_id = ?', list(key))
            row = wanted.get(table, {}).get(key)
            if row is not None:
                db.execute(f'INSERT INTO "{table}" ({", ".join(row)}) VALUES '
                           f'({", ".join("?" for _ in row)})', list(row.values()))


@dataclass(frozen=True)
class ExactReplay:
    """Undo (and Redo) of a merge: the rows exactly as they were, ``updated_at`` too, and
    the tombstones and origins as they were, so the file is as if the merge had not
    happened and the next merge of that file does it again. (Undo of an ordinary edit is
    itself an edit, newer than everything; Undo of a merge must not be: it would delete
    on the other laptop what the merge brought.)"""

    keys: frozenset[tuple[str, str]]
    kept: dict[str, dict[tuple[str, str], dict]]     # BY_RECORD table -> record -> row

    def reversal(self, changes):
        from db import operations

        keys = self.keys | {(change.table, change.row_id) for change in changes.rows}

        def write(db: Database) -> ExactReplay:
            now = _by_record(db, keys)
            operations.reverse(changes, exact=True)(db)
            _put_by_record(db, keys, self.kept)
            return ExactReplay(frozenset(keys), now)

        return write


@dataclass(frozen=True)
class MergeReport:
    other_name: str
    added: int
    updated: int
    deleted: int
    conflicts: int
    conflict_ids: tuple[str, ...] = ()
    undo: ExactReplay | None = None

    def summary(self) -> str:
        return (f"added {self.added}, updated {self.updated}, deleted {self.deleted}, "
                f"conflicts {self.conflicts}")

    def reversal(self, changes):
        from db import operations

        return self.undo.reversal(changes) if self.undo else operations.reverse(changes)


def _rekey(db: Database, refs: list[Reference], table: str, old: str, new: str) -> None:
    db.execute(f'UPDATE "{table}" SET id = ? WHERE id = ?', [new, old])
    for ref in refs:
        if ref.parent == table:
            db.execute(f'UPDATE "{ref.child}" SET "{ref.column}" = ? WHERE "{ref.column}" = ?',
                       [new, old])
    db.execute("UPDATE OR IGNORE merge_origins SET row_id = ? WHERE table_name = ? AND row_id = ?",
               [new, table, old])


def _audit_losing_version(db: Database, conflict: Conflict, other_name: str) -> None:
    stamp = clock.utc_stamp()
    kept = conflict.ours if conflict.kept == "ours" else conflict.theirs
    lost = conflict.theirs if conflict.kept == "ours" else conflict.ours
    if conflict.kept == "theirs":
        return   # this file's version is the row's "before" in the audit row the write made
    kept, lost = redacted(conflict.table, kept), redacted(conflict.table, lost)
    db.execute(
        "INSERT INTO audit_log (id, changed_at, actor, table_name, row_id, action, before_json, "
        "after_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'update', ?, ?, ?, ?)",
        [records.new_id(), stamp, f"merge from {other_name or 'another file'}", conflict.table,
         conflict.row_id, json.dumps(lost) if lost else None, json.dumps(kept) if kept else None,
         stamp, stamp])


def _broken_links(db: Database, plan_: MergePlan) -> list[tuple]:
    """The foreign keys the merge broke, checked where it could break them: the tables it
    wrote rows into, and the children of those it deleted from or renamed ids in (SQLite
    checks every link again as the transaction commits)."""
    written = {step.table for step in plan_.steps if step.action != "delete"}
    removed = {step.table for step in plan_.steps if step.action == "delete"} | {
        table for table, _old, _new in plan_.rekeys}
    tables = written | {table for table in _table_names(db) if removed and any(
        parent in removed for _column, parent, _ in _foreign_keys(db, table))}
    broken: list[tuple] = []
    for table in sorted(tables):
        broken.extend(db.execute(f'PRAGMA foreign_key_check("{table}")').fetchall())
    return broken


def apply(db: Database, plan_: MergePlan, *, progress: Progress | None = None) -> MergeReport:
    """Write *plan_* into *db* (the target it was planned on). Run it as one operation."""
    db.execute("PRAGMA defer_foreign_keys = ON")
    refs = references(db, plan_.tables)
    touched = ({(t["table_name"], t["row_id"]) for t in plan_.tombstones}
               | {(step.table, step.row_id) for step in plan_.steps}
               | {(table, old) for table, old, _new in plan_.rekeys}
               | {(table, new) for table, _old, new in plan_.rekeys})
    undo = ExactReplay(frozenset(touched), _by_record(db, touched))
    total = len(plan_.steps) + len(plan_.rekeys) + 1
    done = 0
    for table, old, new in plan_.rekeys:
        _rekey(db, refs, table, old, new)
        done += 1
    batch: list[list] = []
    batch_statement = ""

    def flush() -> None:
        if batch:
            db.conn.executemany(batch_statement, batch)
            batch.clear()

    for step in plan_.steps:
        if step.action == "insert":     # consecutive inserts into one table: one executemany
            row = step.row or {}
            names = ", ".join(f'"{name}"' for name in row)
            statement = (f'INSERT INTO "{step.table}" ({names}) '
                         f'VALUES ({", ".join("?" for _ in row)})')
            if statement != batch_statement:
                flush()
                batch_statement = statement
            batch.append(list(row.values()))
            done += 1
            if progress and done % 2000 == 0:
                flush()
                progress(done, total, step.table)
            continue
        flush()
        if step.action == "delete":
            db.execute(f'DELETE FROM "{step.table}" WHERE id = ?', [step.row_id])
        else:
            row = {name: value for name, value in (step.row or {}).items() if name != "id"}
            assignments = ", ".join(f'"{name}" = ?' for name in row)
            db.execute(f'UPDATE "{step.table}" SET {assignments} WHERE id = ?',
                       [*row.values(), step.row_id])
        done += 1
        if progress and done % 200 == 0:
            progress(done, total, step.table)
    flush()
    for tombstone in plan_.tombstones:
        db.execute(
            "INSERT INTO tombstones (id, table_name, row_id, deleted_at, deleted_by, created_at, updated_at) "
            "VALUES (:id, :table_name, :row_id, :deleted_at, :deleted_by, :created_at, :updated_at) "
            "ON CONFLICT (table_name, row_id) DO UPDATE SET id = excluded.id, "
            "deleted_at = excluded.deleted_at, deleted_by = excluded.deleted_by, "
            "created_at = excluded.created_at, updated_at = excluded.updated_at",
            tombstone)
    stamp = clock.utc_stamp()
    db.conn.executemany(
        "INSERT INTO merge_origins (id, table_name, row_id, version_at, device_id, created_at, "
        "updated_at) VALUES (cultivate_uuid(), ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (table_name, row_id) DO UPDATE SET version_at = excluded.version_at, "
        "device_id = excluded.device_id, updated_at = excluded.updated_at",
        [(*origin, stamp, stamp) for origin in plan_.origins])
    if plan_.audit_rows:
        names = ", ".join(f'"{name}"' for name in plan_.audit_columns)
        marks = ", ".join("?" for _ in plan_.audit_columns)
        db.conn.executemany(f"INSERT OR IGNORE INTO audit_log ({names}) VALUES ({marks})",
                            plan_.audit_rows)
    stamp = clock.utc_stamp()
    conflict_ids = []
    for conflict in plan_.conflicts:
        _audit_losing_version(db, conflict, plan_.other_name)
        conflict_ids.append(records.insert(db, "merge_conflicts", {
            "table_name": conflict.table, "row_id": conflict.row_id,
            "other_device_id": plan_.other_device, "other_name": plan_.other_name,
            "ours_json": json.dumps(redacted(conflict.table, conflict.ours))
            if conflict.ours is not None else None,
            "theirs_json": json.dumps(redacted(conflict.table, conflict.theirs))
            if conflict.theirs is not None else None,
            "kept": conflict.kept, "reason": conflict.reason, "found_at": stamp}))
    if plan_.steps or plan_.conflicts or plan_.rekeys:
        records.insert(db, "merge_exchanges", {
            "other_device_id": plan_.other_device, "other_name": plan_.other_name,
            "merged_at": stamp, "added": plan_.added, "updated": plan_.updated,
            "deleted": plan_.deleted, "conflicts": len(plan_.conflicts)})
    broken = _broken_links(db, plan_)
    if broken:
        table, _rowid, parent, _fk = broken[0]
        raise MergeRefused(
            f"The other file's records point at {parent} that neither file has "
            f"(first in {table}); nothing was changed. Is it a whole Cultivate file?")
    if progress:
        progress(total, total, "")
    return MergeReport(plan_.other_name, plan_.added, plan_.updated, plan_.deleted,
                       len(plan_.conflicts), tuple(conflict_ids), undo)


# ---------------------------------------------------------------- the other file


@contextmanager
def opened_other(path: str | os.PathLike, *, target: Database | None = None,
                 passphrase: str | None = None):
    """The other file, checked whole and read only; an older format is brought up to
    date in a private temporary copy (the file itself is never written)."""
    from db import migrations
    from db.backups import database_file
    from db.connection import open_database, open_read_only

    path = Path(path)
    if target is not None:
        mine = database_file(target)
        if mine is not None and path.exists() and mine.exists() and os.path.samefile(mine, path):
            raise MergeRefused("That is this file itself. Choose the other person's copy.")
    # Damaged, foreign, newer, with code of its own, or protected and not yet unlocked
    # (PassphraseNeededError: the window and the command ask, then call again): refused.
    other = open_read_only(path, pages=True)   # a file from elsewhere: every page checked
    try:
        if migrations.user_version(other) >= migrations.LATEST_VERSION:
            yield other
            return
        folder = Path(tempfile.mkdtemp(prefix="cultivate-merge-"))
        os.chmod(folder, 0o700)
        copy_path = folder / "other.db"
        try:
            # The same driver and, for a protected file, the same key: the private copy
            # on disk is as protected as the file it came from.
            copy = driver.backup_target(other.conn, str(copy_path))
            try:
                other.conn.backup(copy)
            finally:
                copy.close()
            upgraded = open_database(copy_path, create=False)
            try:
                yield upgraded
            finally:
                upgraded.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        other.close()


def merge_databases(db: Database, other: Database, *, allow_mass_delete: bool = False,
                    progress: Progress | None = None, label: str = "Merge",
                    before_writing: Callable[[MergePlan], None] | None = None):
    """Merge the open *other* into *db* as one operation; returns its Done (value: MergeReport).

    Raises :class:`MassDeletion` (nothing changed) when the merge would delete more than a
    third of the records and *allow_mass_delete* is False.
    """
    from db import operations

    found = plan(db, other, progress=progress)
    if found.mass_delete and not allow_mass_delete:
        raise MassDeletion(found)
    if not found.changes_anything:
        return operations.Done(label, MergeReport(found.other_name, 0, 0, 0, 0))
    if before_writing is not None:
        before_writing(found)
    return operations.perform(db, label, lambda target: apply(target, found, progress=progress))


def merge_file(db: Database, path: str | os.PathLike, *, allow_mass_delete: bool = False,
               progress: Progress | None = None, label: str | None = None):
    """Merge the file at *path* into *db*: checked whole, a backup first, one operation."""
    from db import backups

    with opened_other(path, target=db) as other:
        return merge_databases(
            db, other, allow_mass_delete=allow_mass_delete, progress=progress,
            label=label or f"Merge from {Path(path).name}",
            before_writing=lambda _plan: backups.before_risky_change(db, "before-merge"))


# ---------------------------------------------------------------- settling conflicts


@dataclass(frozen=True)
class OpenConflict:
    id: str
    table: str
    row_id: str
    other_name: str
    ours: dict[str, Any] | None
    theirs: dict[str, Any] | None
    kept: str
    found_at: str
    reason: str

    def differing_fields(self) -> list[str]:
        a, b = self.ours or {}, self.theirs or {}
        return [name for name in (list(a) + [n for n in b if n not in a])
                if name not in BOOKKEEPING and a.get(name) != b.get(name)
                and a.get(name) not in MARKERS and b.get(name) not in MARKERS]


def open_conflicts(db: Database) -> list[OpenConflict]:
    return [OpenConflict(row[0], row[1], row[2], row[3],
                         json.loads(row[4]) if row[4] else None,
                         json.loads(row[5]) if row[5] else None, row[6], row[7], row[8])
            for row in db.execute(
                "SELECT id, table_name, row_id, other_name, ours_json, theirs_json, kept, found_at, "
                "reason "
                "FROM merge_conflicts WHERE settled_at IS NULL ORDER BY found_at, table_name, row_id")]


def settle(db: Database, conflict_id: str, choices: dict[str, str] | None = None,
           *, keep_deleted: bool | None = None) -> None:
    """Settle a conflict: for each differing field, "ours" or "theirs" (default: what the
    rule kept). The record is written as a new edit, so the next exchange carries it.

    For a record deleted on one side, *keep_deleted* True deletes it, False keeps the
    surviving version.
    """
    found = next((c for c in open_conflicts(db) if c.id == conflict_id), None)
    if found is None:
        raise MergeRefused("That conflict has already been settled.")
    current = records.get(db, found.table, found.row_id)
    stamp = records.utc_now()
    if found.ours is None or found.theirs is None:
        surviving = found.ours or found.theirs or {}
        if keep_deleted is None:
            keep_deleted = current is None
        if keep_deleted and current is not None:
            db.execute(f'DELETE FROM "{found.table}" WHERE id = ?', [found.row_id])
        elif not keep_deleted and current is None:
            row = dict(surviving, updated_at=stamp)
            names = ", ".join(f'"{n}"' for n in row)
            db.execute(f'INSERT INTO "{found.table}" ({names}) VALUES ({", ".join("?" for _ in row)})',
                       list(row.values()))
    else:
        choices = choices or {}
        values = {}
        for name in found.differing_fields():
            side = choices.get(name, found.kept)
            if side not in ("ours", "theirs"):
                raise MergeRefused(f"Choose this file's or the other file's {name}.")
            values[name] = (found.ours if side == "ours" else found.theirs).get(name)
        if current is None:
            raise MergeRefused("That record has been deleted since; nothing to settle.")
        changed = {name: value for name, value in values.items() if current.get(name) != value}
        if changed:
            records.update(db, found.table, found.row_id, changed)
    db.execute("UPDATE merge_conflicts SET settled_at = ?, updated_at = ? WHERE id = ?",
               [stamp, stamp, conflict_id])


# ---------------------------------------------------------------- for tests and previews


def contents(db: Database) -> dict[str, list[tuple]]:
    """Every merged table's rows and the tombstones, sorted: what two files compare by."""
    found: dict[str, list[tuple]] = {}
    for table in [*merged_tables(db), "tombstones"]:
        cursor = db.execute(f'SELECT * FROM "{table}"')
        found[table] = sorted(tuple(row) for row in cursor.fetchall())
    return found
