"""Export for a colleague: a Cultivate file holding only what that colleague should have.

A coach gets their teachers and those teachers' records (walkthroughs and scores, goals
and their steps, self-assessments, shared conversations, PD enrolments, celebrations),
with everything the school shares (schools, rubrics, the PD catalog, goal templates,
school years). Left out, always: private notes on visits, private conversations,
wellbeing check-ins, this file's merge conflicts and history of exchanges, dismissed
suggestions, and everyone else's records (a person the chosen records point at, such as
the principal who observed a lesson, travels as a name only).

Which rows belong to the chosen people is read from the schema, not listed: a table is
*personal* when it reaches ``staff`` through NOT NULL foreign keys (observations →
staff, observation_scores → observations, …), and a personal row travels when every
NOT NULL link of it points at a row that travels; a table a later migration adds
follows the same rule. Rows the travelling ones point at through their other links (an
observer, a facilitator) travel too. Everything else is shared and travels whole.

The new file is a Cultivate file like any other, with a device id of its own, and it
says what it leaves out (``replica.withheld``): merging it back never blanks the
principal's private notes, and merging the principal's whole file into it never brings
them in (see :mod:`db.merge`).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from db import clock, driver, merge, protection
from db.errors import NeedsCorrection

# Never in a colleague's copy.
LEFT_OUT_TABLES = frozenset({"wellbeing_check_ins", "wellbeing_responses", "wellbeing_private_answers",
                             "dismissed_suggestions"})
# Columns that stay with their author.
WITHHELD_COLUMNS = {"observations": ("private_note",)}
PRIVATE_ROWS = merge.PRIVATE_ROWS      # private conversations, celebrations not made public
# A shared table whose rows belong to people through a link table: a celebration goes
# with the people it celebrates.
OWNED_THROUGH = {"celebrations": ("celebration_staff", "celebration_id")}

LEFT_OUT_WORDS = ("private notes on visits", "private conversations", "wellbeing check-ins",
                  "dismissed suggestions", "merge conflicts", "everyone else's records")


@dataclass(frozen=True)
class SliceReport:
    path: Path
    people: int
    counts: dict[str, int]
    protected: bool = False          # the copy is encrypted with a passphrase

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def _not_null_links(db: Database, table: str) -> list[tuple[str, str]]:
    not_null = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")') if row[3]}
    return [(column, parent) for column, parent, _ in merge._foreign_keys(db, table)
            if column in not_null]


def personal_tables(db: Database, tables: Iterable[str]) -> set[str]:
    """Tables that reach ``staff`` through NOT NULL foreign keys (staff itself included)."""
    tables = list(tables)
    found = {"staff"}
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table not in found and any(parent in found for _c, parent in _not_null_links(db, table)):
                found.add(table)
                changed = True
    return found


def colleague_rows(db: Database, people: Iterable[str]) -> dict[str, dict[str, dict]]:
    """The rows of each table a colleague given *people* (staff ids) should have."""
    tables = [t for t in merge.merged_tables(db) if t not in LEFT_OUT_TABLES]
    personal = personal_tables(db, tables)
    chosen: dict[str, dict[str, dict]] = {}
    everything = {table: merge._rows(db, table) for table in tables}
    for table in tables:                      # parents first
        rows = everything[table]
        if table in PRIVATE_ROWS:
            private = {row_id for (row_id,) in db.execute(
                f'SELECT id FROM "{table}" WHERE {PRIVATE_ROWS[table]}')}
            rows = {row_id: row for row_id, row in rows.items() if row_id not in private}
        if table == "staff":
            wanted = set(people)
            chosen[table] = {row_id: row for row_id, row in rows.items() if row_id in wanted}
        elif table in personal:
            links = [(c, p) for c, p in _not_null_links(db, table) if p in personal]
            chosen[table] = {row_id: row for row_id, row in rows.items()
                             if all(row[c] in chosen.get(p, {}) for c, p in links)}
        elif table not in OWNED_THROUGH:
            chosen[table] = dict(rows)
        else:
            chosen[table] = rows      # narrowed below, once the links are known
    for table, (link, column) in OWNED_THROUGH.items():
        if table in chosen:
            linked = {row[column] for row in chosen.get(link, {}).values()}
            chosen[table] = {row_id: row for row_id, row in chosen[table].items() if row_id in linked}
    # What the travelling rows point at travels too (an observer's name, a goal).
    refs = merge.references(db, tables)
    while wanted := [(ref, parent_id) for ref, parent_id in merge.missing_parents(refs, chosen)
                     if parent_id in everything[ref.parent]]:
        for ref, parent_id in wanted:
            chosen.setdefault(ref.parent, {})[parent_id] = everything[ref.parent][parent_id]
    for table, columns in WITHHELD_COLUMNS.items():
        for row in chosen.get(table, {}).values():
            for column in columns:
                row[column] = merge._blank(db, table, column)
    return chosen


def observed_by(db: Database, colleague_id: str) -> set[str]:
    """The people *colleague_id* has observed: whom a coach's copy is for, by default."""
    return {staff_id for (staff_id,) in db.execute(
        "SELECT DISTINCT staff_id FROM observations WHERE observer_id = ?", [colleague_id])}


class CopyPassphraseNeeded(NeedsCorrection):
    """A protected file's copy needs a passphrase, or an explicit choice to go without."""


def _copy_key(db: Database, passphrase: str | None, same_passphrase: bool,
              unprotected: bool) -> tuple[bytes, bytes] | None:
    """(key, salt) the copy is encrypted with, or None for a plain copy, as chosen."""
    if sum((passphrase is not None, same_passphrase, unprotected)) > 1:
        raise ValueError("choose one of passphrase, same_passphrase and unprotected")
    try:
        own = driver.key_of_connection(db.conn)
    except LookupError as error:
        raise CopyPassphraseNeeded("This file is locked; unlock it, then export again.") from error
    if same_passphrase:
        if own is None:
            raise CopyPassphraseNeeded("This file has no passphrase to give the copy; type one for it.")
        return own            # the same key and salt: the same passphrase opens both
    if passphrase is not None:
        protection.check_new_passphrase(passphrase)
        salt = driver.new_salt()
        return driver.derive_key(passphrase, salt), salt
    if own is not None and not unprotected:
        raise CopyPassphraseNeeded(
            "This file is protected with a passphrase: give the copy a passphrase too (the "
            "same one, or one of its own), or choose explicitly to write it without one.")
    return None


def export_for_colleague(db: Database, destination: str | os.PathLike, people: Iterable[str], *,
                         name: str = "", passphrase: str | None = None, same_passphrase: bool = False,
                         unprotected: bool = False) -> SliceReport:
    """Write a new Cultivate file at *destination* with what the colleague should have.

    The copy is encrypted with *passphrase*, or with this file's own passphrase
    (*same_passphrase*: the same key, as a backup is). A protected file's copy is never
    written plain unless *unprotected* says so (:class:`CopyPassphraseNeeded`); a plain
    file's copy is plain unless a passphrase is given. The report says which.
    """
    from db.connection import open_database, set_audit_enabled
    from desktop.atomic_files import temporary_sibling

    destination = Path(destination)
    people = list(people)
    key = _copy_key(db, passphrase, same_passphrase, unprotected)
    chosen = colleague_rows(db, people)
    withheld = {"tables": sorted(LEFT_OUT_TABLES),
                "columns": {table: list(columns) for table, columns in WITHHELD_COLUMNS.items()},
                "rows": sorted(PRIVATE_ROWS)}
    own_salt = (driver.key_of_connection(db.conn) or (None, None))[1]
    with temporary_sibling(destination) as temp:
        if key is None:
            Path(temp).unlink(missing_ok=True)     # a new database, made there
        else:                                  # encrypted from its first byte on disk
            protection.start_protected_file(temp, *key)
        try:
            copy = open_database(temp, actor=name or None)
        finally:
            if key is not None and key[1] != own_salt:
                driver.forget_key(key[1])     # the colleague's passphrase opens it, not memory
        try:
            set_audit_enabled(copy, False)      # the copy's history is the file's own, below
            with copy.atomic():
                copy.execute("PRAGMA defer_foreign_keys = ON")
                for table in merge.merged_tables(copy):
                    copy.execute(f'DELETE FROM "{table}"')    # the year a new file is given
                copy.execute("DELETE FROM tombstones")
                for table, rows in chosen.items():
                    for row in rows.values():
                        names = ", ".join(f'"{column}"' for column in row)
                        marks = ", ".join("?" for _ in row)
                        copy.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                                     list(row.values()))
                _copy_history(db, copy, chosen)
                stamp = clock.utc_stamp()
                merge.set_device_id(copy, str(uuid.uuid4()), stamp=stamp)
                copy.execute("UPDATE replica SET name = ?, withheld = ? WHERE id = ?",
                             [name, json.dumps(withheld), merge.REPLICA_ROW])
                school = db.execute("SELECT value FROM preferences WHERE key = 'school.name'").fetchone()
                if school:
                    copy.execute("INSERT INTO preferences (id, key, value, created_at, updated_at) "
                                 "VALUES (?, 'school.name', ?, ?, ?)",
                                 [str(uuid.uuid4()), school[0], stamp, stamp])
                broken = copy.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise merge.MergeRefused(f"The copy would not fit together ({broken[0][0]}); "
                                             "nothing was written.")
            with copy.ensure_autocommit_on():
                copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                copy.execute("PRAGMA journal_mode = DELETE")   # one file to hand over
        finally:
            copy.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)
    return SliceReport(destination, len(chosen.get("staff", {})),
                       {table: len(rows) for table, rows in chosen.items() if rows},
                       protected=key is not None)


def _copy_history(db: Database, copy: Database, chosen: dict[str, dict[str, dict]]) -> None:
    """The audit rows and tombstones of what travels, without the withheld columns, and
    where merged versions came from: the copy knows what it has seen, so its first
    merge back is no conflict."""
    columns = [row[1] for row in db.execute('PRAGMA table_info("audit_log")')]
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    table_at, row_at = columns.index("table_name"), columns.index("row_id")
    before_at, after_at = columns.index("before_json"), columns.index("after_json")
    for values in db.execute(f"SELECT {names} FROM audit_log"):
        table, row_id = values[table_at], values[row_at]
        if row_id not in chosen.get(table, {}):
            continue
        values = list(values)
        for index in (before_at, after_at):
            if values[index] and table in WITHHELD_COLUMNS:
                row = json.loads(values[index])
                for column in WITHHELD_COLUMNS[table]:
                    row.pop(column, None)
                values[index] = json.dumps(row)
        copy.execute(f"INSERT INTO audit_log ({names}) VALUES ({marks})", values)
    for values in db.execute("SELECT id, table_name, row_id, deleted_at, deleted_by, created_at, "
                             "updated_at FROM tombstones"):
        if values[1] in chosen:
            copy.execute("INSERT INTO tombstones (id, table_name, row_id, deleted_at, deleted_by, "
                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", list(values))
    # Who wrote each version, as this file knows it: a tie between the copy and this file
    # then breaks the same way on both.
    side = merge._Side(db)
    stamp = clock.utc_stamp()
    for table, rows in chosen.items():
        for row_id, row in rows.items():
            copy.execute("INSERT INTO merge_origins (id, table_name, row_id, version_at, "
                         "device_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [str(uuid.uuid4()), table, row_id, row["updated_at"],
                          side.origin(table, row_id, row["updated_at"]), stamp, stamp])
