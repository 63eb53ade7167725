"""Every write the window makes goes through here, and every write can be taken back.

``Runner.perform(label, write)`` runs ``write(db)`` as an operation of the storage
layer (:func:`db.operations.perform`): one transaction, and the rows it changed
reported by the write itself, never listed by the caller. Then, in one place:

* a :class:`~db.errors.NeedsCorrection` ("the user must change something") goes back
  to the form that asked, which keeps its text and shows why; without a form it is a
  plain notice;
* an environment failure (disk full, read-only, busy, damaged, I/O), told apart by
  SQLite's error code in :func:`db.connection.translate_write_error`, is said in plain
  words with the way out;
* anything else is a bug: logged with its traceback and shown with "Copy details";
* on success the operation goes on the Undo stack and ``changed(changes, initiator)``
  is broadcast, so each view refreshes only the rows that changed (Anki's
  ``CollectionOp`` and ``OpChanges``).

Undo and Redo replay the same operations backwards (:func:`db.operations.undo`). The
stack lives in memory only, for this window and this file: it is never saved or
logged (it holds private notes as typed), and it is emptied when the file changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlite_utils import Database

from db import operations
from db.connection import saving
from db.errors import NeedsCorrection, StorageError
from db.operations import CannotUndo, Changes, Done
from desktop.ui import messages

log = logging.getLogger("cultivate")
HISTORY_LIMIT = 200   # steps; older ones fall off the bottom of the stack


@dataclass(frozen=True)
class Result:
    """What became of one write: ``ok`` and its value, or why not."""

    ok: bool
    value: Any = None
    done: Done | None = None
    message: str = ""                          # the plain words shown, when not ok
    correction: NeedsCorrection | None = None  # set when the user must change something

    @property
    def changes(self) -> Changes:
        return self.done.changes if self.done is not None else Changes()


@dataclass
class _Step:
    label: str
    done: Done
    merge_key: Hashable | None = None


class Runner(QObject):
    changed = Signal(object, object)   # Changes, the initiator (a widget, or None for Undo)
    failed = Signal(str)               # the plain message shown for a failed write
    history_changed = Signal()         # what Undo and Redo would take back changed
    undo_offered = Signal(str)         # a destructive write: the status bar offers "Undo"

    def __init__(self, db: Database | None, path: Path | None, window: QWidget | None = None):
        super().__init__(window)
        self.db = db
        self.path = path
        self._window = window
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []

    # -- the file ----------------------------------------------------------------------
    def set_database(self, db: Database | None, path: Path | None) -> None:
        """Another file (or none): what Undo knew belongs to the old one, so it is forgotten."""
        self.db, self.path = db, path
        self.clear_history()

    def close(self) -> None:
        self.set_database(None, None)

    def clear_history(self) -> None:
        """Forget every step (a new file; a privacy purge must call this too)."""
        if self._undo or self._redo:
            self._undo.clear()
            self._redo.clear()
            self.history_changed.emit()

    # -- writing -------------------------------------------------------------------------
    def perform(
        self,
        label: str,
        write: Callable[[Database], Any],
        *,
        initiator: QObject | None = None,
        status: str | Callable[[Any], str] = "",
        destructive: bool = False,
        merge: Hashable | None = None,
        report_corrections: bool = True,
        undoable: bool = True,
    ) -> Result:
        """Run *write* as the operation *label* ("Withdraw Farah Ahmed"), the one way the
        window writes.

        *status* (text, or a function of the write's value) goes to the status bar on
        success; *destructive* also offers Undo there. Consecutive operations with the same
        *merge* key are one Undo step (the keystrokes typed into one field).
        *report_corrections* False leaves a NeedsCorrection to the caller (a form shows
        it beside its fields) instead of a notice.
        """
        result = self._run(label, write, report_corrections=report_corrections)
        if not result.ok:
            return result
        done = result.done
        if undoable and done.changes:
            self._push(_Step(label, done, merge))
        text = status(result.value) if callable(status) else status
        if text:
            messages.show_status(self._window, text)
        if destructive and done.changes and undoable:
            self.undo_offered.emit(label)
        self.changed.emit(done.changes, initiator)
        return result

    def form_save(self, label: str | Callable[[Any], str], write: Callable[[Database, Any], Any],
                  *, status: str | Callable[[Any], str] = "", initiator: QObject | None = None
                  ) -> Callable[[Any], Result]:
        """What a form's Save runs: ``save(values)`` writes them as one operation, and a
        problem with what was typed comes back to the form (which stays open)."""

        def save(values: Any) -> Result:
            name = label(values) if callable(label) else label
            return self.perform(name, lambda db: write(db, values), status=status,
                                initiator=initiator, report_corrections=False)

        return save

    def _run(self, label: str, write: Callable[[Database], Any], *,
             report_corrections: bool = True) -> Result:
        if self.db is None:
            log.info("a write after the data file was closed was not made")
            return Result(False, message="No data file is open.")
        try:
            with saving(self.db):
                done = operations.perform(self.db, label, write)
        except NeedsCorrection as problem:
            if report_corrections:
                messages.show_status(self._window, str(problem))
                messages.notify(self._window, "Not changed", str(problem))
            return Result(False, message=str(problem), correction=problem)
        except StorageError as error:
            return self._environment_failed(error)
        except OSError as error:
            from desktop.errors import plain_message

            what, way_out = plain_message(error)
            return self._environment_failed(StorageError(what), way_out)
        except Exception as error:  # a bug: the one place it is caught, logged and shown
            from desktop.ui.dialogs.bug_report import report_bug

            report_bug(self._window, error)
            messages.show_status(self._window, "Not saved: something went wrong inside Cultivate.")
            return Result(False, message="Something went wrong inside Cultivate.")
        return Result(True, done.value, done)

    def _environment_failed(self, error: StorageError, way_out: str | None = None) -> Result:
        what = str(error)
        log.warning("write failed: %s", what)
        messages.show_status(self._window, f"Not saved: {what}")
        box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", what,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setInformativeText(way_out or error.way_out)
        box.setObjectName("write-failed")
        box.open()    # non-blocking: the user's text stays on screen behind it
        self.failed.emit(what)
        return Result(False, message=what)

    # -- Undo and Redo -----------------------------------------------------------------------
    def _push(self, step: _Step) -> None:
        top = self._undo[-1] if self._undo else None
        if top is not None and step.merge_key is not None and top.merge_key == step.merge_key \
                and not self._redo:
            top.done = top.done.then(step.done)
        else:
            self._undo.append(step)
            del self._undo[:-HISTORY_LIMIT]
        self._redo.clear()
        self.history_changed.emit()

    def end_merge(self) -> None:
        """The next operation starts a step of its own (focus left the field)."""
        if self._undo:
            self._undo[-1].merge_key = None

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> Result:
        return self._replay(self._undo, self._redo, "Undo", "Undone")

    def redo(self) -> Result:
        return self._replay(self._redo, self._undo, "Redo", "Redone")

    def _replay(self, source: list[_Step], target: list[_Step], verb: str, past: str) -> Result:
        if not source:
            messages.show_status(self._window, f"Nothing to {verb.lower()}.")
            return Result(False, message=f"Nothing to {verb.lower()}.")
        step = source[-1]
        result = self._run(f"{verb} {step.label}", operations.reverse(step.done.changes),
                           report_corrections=False)
        if not result.ok:
            if isinstance(result.correction, CannotUndo):
                # The record changed since: this step can never be replayed; the data is left alone.
                source.pop()
                self.history_changed.emit()
                messages.show_status(self._window, f"Could not {verb.lower()} {step.label}.")
                messages.notify(self._window, f"Cannot {verb.lower()} {step.label}",
                                str(result.correction))
            elif result.correction is not None:
                messages.notify(self._window, f"Cannot {verb.lower()} {step.label}",
                                str(result.correction))
            return result
        source.pop()
        target.append(_Step(step.label, result.done))
        self.history_changed.emit()
        messages.show_status(self._window, f"{past}: {step.label}.")
        self.changed.emit(result.done.changes, None)
        return result

    # -- deleting ------------------------------------------------------------------------------
    def delete(self, widget: QWidget | None, table: str, row_id: str, *, what: str, label: str,
               it: str = "it", initiator: QObject | None = None) -> Result | None:
        """Ask once, in plain words and with what goes with it, then delete *row_id*.

        *what* names the record as the question reads ("this walkthrough of Ana Lopez");
        what goes with it comes from the file's own foreign keys (:mod:`db.deletion`).
        Returns None when the person said no or the record may not be deleted."""
        from db import deletion

        if self.db is None:
            return None
        found = deletion.consequences(self.db, table, row_id)
        noun = deletion.NOUNS.get(table, ("record", ""))[0]
        if not found.allowed:
            text = found.refusal(what, it=it)
            messages.show_status(self._window, text)
            messages.notify(widget, f"Cannot delete {noun}", text)
            return None
        if not messages.confirm(widget, f"Delete {noun}", found.question(what), yes="Delete"):
            return None
        return self.perform(label, lambda db: deletion.delete(db, table, row_id, what=what, it=it),
                            initiator=initiator, destructive=True,
                            status=f"Deleted {found.sentence(what)}.")
