"""Every write from the window goes through here.

One transaction per action; storage failures become plain words in the status
bar and a non-blocking message box; success broadcasts which tables changed so
each tab decides whether it needs to reload (Anki's "operations" pattern).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget
from sqlite_utils import Database

from db import driver
from db.connection import translate_error, translate_write_error
from db.errors import StorageError

log = logging.getLogger("cultivate")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None
    message: str = ""


class Actions(QObject):
    data_changed = Signal(object)   # a set of table names
    failed = Signal(str)            # the plain message shown

    def __init__(self, db: Database, path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.path = path
        self._window = parent

    def run(
        self,
        write: Callable[[Database], Any],
        *,
        changes: Iterable[str],
        done: str = "",
        passes_through: tuple[type[BaseException], ...] = (),
    ) -> Outcome:
        """Run ``write(db)`` in one transaction; report success in *done* (status bar).

        Exceptions in *passes_through* (form validation, say) reach the caller
        untouched so the form can show them beside the field.
        """
        try:
            with self.db.atomic():
                value = write(self.db)
        except passes_through:
            raise
        except StorageError as error:
            return self._fail(str(error), error.way_out)
        except driver.Error as error:
            where = self.path or Path("the data file")
            # A failed write (full disk: "disk I/O error") is not a damaged file.
            translated = translate_write_error(where, error) or translate_error(where, error)
            log.warning("write failed: %s", error)
            return self._fail(str(translated), translated.way_out)
        if done:
            self._status(done)
        self.data_changed.emit(set(changes))
        return Outcome(True, value)

    def _status(self, text: str) -> None:
        if isinstance(self._window, QMainWindow):
            self._window.statusBar().showMessage(text, 8000)

    def _fail(self, what: str, way_out: str) -> Outcome:
        self._status(f"Not saved: {what}")
        box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", what,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setInformativeText(way_out)
        box.setObjectName("write-failed")
        box.open()    # non-blocking: the user's text stays on screen behind it
        self.failed.emit(what)
        return Outcome(False, None, what)
