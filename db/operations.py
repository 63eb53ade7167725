"""Operations: every write runs as one, says what it changed, and can be taken back.

``perform(db, label, write)`` runs ``write(db)`` in one transaction while the
connection's change capture (:mod:`db.audit`) records every row it inserted, updated
or deleted, with the row before and after. The result, :class:`Done`, carries the
value ``write`` returned and those :class:`Changes`: callers never list the tables a
write touches, the write itself tells.

``undo(db, done)`` reverses a Done, last change first, as an operation of its own; the
Done it returns is the redo. A change is only reversed while the row is still as the
operation left it: if something else changed it since, nothing is reversed and
:class:`CannotUndo` says so.

Reverted rows are stamped with a fresh ``updated_at``: taking an edit back is itself an
edit, and a later merge between laptops must see it as the newest version.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from sqlite_utils import Database

from db import audit, records
from db.errors import NeedsCorrection

T = TypeVar("T")
ACTIONS = ("insert", "update", "delete")


@dataclass(frozen=True)
class RowChange:
    table: str
    row_id: str
    action: str                            # insert, update or delete
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None

    def get(self, column: str) -> Any:
        """The column's value after the change, or before it for a deletion."""
        row = self.after if self.after is not None else self.before
        return None if row is None else row.get(column)

    def values(self, column: str) -> set[Any]:
        """The column's values before and after (a moved row belongs to both)."""
        return {row[column] for row in (self.before, self.after) if row is not None and column in row}

    @property
    def changed_columns(self) -> frozenset[str]:
        if self.before is None or self.after is None:
            return frozenset((self.before or self.after or {}).keys())
        return frozenset(key for key in self.after if self.before.get(key) != self.after.get(key))


@dataclass(frozen=True)
class Changes:
    """What one operation (or several, merged) changed, row by row, in order."""

    rows: tuple[RowChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.rows)

    @cached_property
    def tables(self) -> frozenset[str]:
        return frozenset(change.table for change in self.rows)

    def of(self, table: str) -> tuple[RowChange, ...]:
        return tuple(change for change in self.rows if change.table == table)

    def ids(self, table: str) -> frozenset[str]:
        return frozenset(change.row_id for change in self.rows if change.table == table)

    def values(self, table: str, column: str) -> frozenset[Any]:
        """Every value *column* had before or after in *table*'s changed rows.

        ``values("observation_scores", "observation_id")`` names the visits whose
        scores changed, so a list can refresh just those rows.
        """
        found: set[Any] = set()
        for change in self.of(table):
            found |= change.values(column)
        found.discard(None)
        return frozenset(found)

    def inserted(self, table: str) -> frozenset[str]:
        return frozenset(c.row_id for c in self.of(table) if c.action == "insert")

    def deleted(self, table: str) -> frozenset[str]:
        return frozenset(c.row_id for c in self.of(table) if c.action == "delete")

    def then(self, later: Changes) -> Changes:
        return Changes(self.rows + later.rows)


@dataclass(frozen=True)
class Done(Generic[T]):
    """A finished operation: its label ("Withdraw Farah Ahmed"), value and changes."""

    label: str
    value: T = None  # type: ignore[assignment]
    changes: Changes = field(default_factory=Changes)

    def then(self, later: Done) -> Done:
        """This operation followed by *later*, as one step (typing into one field)."""
        return Done(self.label, later.value, self.changes.then(later.changes))


class CannotUndo(NeedsCorrection):
    """The record was changed again since the operation; it cannot be taken back."""


def _capturing(db: Database) -> bool:
    row = db.execute(f"SELECT capturing FROM temp.{audit.SESSION_TABLE}").fetchone()
    return bool(row and row[0])


def _set_capturing(db: Database, on: bool) -> None:
    db.execute(f"UPDATE temp.{audit.SESSION_TABLE} SET capturing = ?",
               [1 if on else 0])


def _captured_since(db: Database, seq: int) -> tuple[RowChange, ...]:
    rows = db.execute(
        f"SELECT table_name, row_id, action, before_json, after_json FROM temp.{audit.CAPTURE_TABLE} "
        "WHERE seq > ? ORDER BY seq",
        [seq],
    ).fetchall()
    db.execute(f"DELETE FROM temp.{audit.CAPTURE_TABLE} WHERE seq > ?", [seq])
    return tuple(
        RowChange(table, row_id, action,
                  json.loads(before) if before is not None else None,
                  json.loads(after) if after is not None else None)
        for table, row_id, action, before, after in rows
    )


def perform(db: Database, label: str, write: Callable[[Database], T]) -> Done[T]:
    """Run ``write(db)`` as one transaction and return what it changed.

    An operation run inside another (a write that calls a helper which is itself
    performed) joins the outer one: the outer operation reports every change.
    """
    if _capturing(db):
        return Done(label, write(db), Changes())
    with db.atomic():
        start = db.execute(f"SELECT coalesce(max(seq), 0) FROM temp.{audit.CAPTURE_TABLE}").fetchone()[0]
        _set_capturing(db, True)
        value = write(db)
        _set_capturing(db, False)
        changes = Changes(_captured_since(db, start))
    return Done(label, value, changes)


def _current(db: Database, table: str, row_id: str) -> dict[str, Any] | None:
    return records.get(db, table, row_id)


# Columns no person edits, which Undo does not compare: when a row was last changed (an
# undo stamps it afresh), and a visit's clock, which stops when its window closes and goes
# on when it opens again (db.observations.pause_clock, not a step of its own). Typing into
# a walkthrough, closing it and pressing Undo must still take the typing back.
BOOKKEEPING = frozenset({"updated_at"})
# Rows whose time stamps are not moments: a private wellbeing answer is dated by its month
# only (db.wellbeing), so a row Undo puts back keeps the stamps it had.
UNSTAMPED = frozenset({"wellbeing_private_answers"})
BOOKKEEPING_BY_TABLE = {"observations": frozenset({"started_at", "duration_seconds"})}


def _bookkeeping(table: str) -> frozenset[str]:
    return BOOKKEEPING | BOOKKEEPING_BY_TABLE.get(table, frozenset())


def _same(table: str, current: Mapping[str, Any] | None, expected: Mapping[str, Any] | None) -> bool:
    """The row is as the operation left it, its bookkeeping columns aside (an undo stamps
    ``updated_at`` afresh, and the operation before it must still be undoable)."""
    if current is None or expected is None:
        return current is None and expected is None
    skip = _bookkeeping(table)
    return all(current.get(key) == value for key, value in expected.items() if key not in skip)


def _revert(db: Database, change: RowChange, stamp: str) -> None:
    table, row_id = change.table, change.row_id
    if table == "wellbeing_private_answers":
        from db.wellbeing import closed_month_problem

        problem = closed_month_problem(db, change.get("month"))
        if problem:
            raise CannotUndo(problem)
    current = _current(db, table, row_id)
    expected = change.after if change.action != "delete" else None
    if not _same(table, current, expected):
        raise CannotUndo(
            "That change cannot be taken back: the record was changed again since "
            "(or is gone). Nothing was undone."
        )
    if change.action == "insert":
        db.execute(f'DELETE FROM "{table}" WHERE id = ?', [row_id])
        return
    before = dict(change.before or {})
    if "updated_at" in before and table not in UNSTAMPED:
        before["updated_at"] = stamp
    if change.action == "update":
        # A visit's clock is put back only where this change moved it (finishing a visit
        # records how long it lasted); otherwise it stays as it is now: taking back the
        # typing does not rewind a clock stopped since.
        after = change.after or {}
        kept = {name for name in _bookkeeping(table) - {"updated_at"}
                if name not in change.changed_columns or current.get(name) != after.get(name)}
        columns = [name for name in before if name != "id" and name not in kept]
        assignments = ", ".join(f'"{name}" = ?' for name in columns)
        db.execute(f'UPDATE "{table}" SET {assignments} WHERE id = ?',
                   [*(before[name] for name in columns), row_id])
    else:
        names = ", ".join(f'"{name}"' for name in before)
        marks = ", ".join("?" for _ in before)
        db.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(before.values()))


def reverse(changes: Changes) -> Callable[[Database], None]:
    """The write that takes *changes* back, last change first."""

    def write(db: Database) -> None:
        # A parent and its children come back in one statement order or the other;
        # the foreign keys are checked once, when every row is back.
        db.execute("PRAGMA defer_foreign_keys = ON")
        stamp = records.utc_now()
        for change in reversed(changes.rows):
            _revert(db, change, stamp)

    return write


def undo(db: Database, done: Done, *, label: str | None = None) -> Done[None]:
    """Take *done* back as a new operation; returns it (undo that to redo)."""
    return perform(db, label or f"Undo {done.label}", reverse(done.changes))


def combined(label: str, steps: Iterable[Done]) -> Done:
    """Several operations reported (and undone) as one."""
    changes = Changes()
    value = None
    for step in steps:
        changes = changes.then(step.changes)
        value = step.value
    return Done(label, value, changes)
