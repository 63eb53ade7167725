"""File ▸ Back up now…, Restore from a backup…, Export everything…

The storage work happens in ``db.backups`` and ``db.export``; this module only
asks the questions and reports the outcome. Each question is a module function
or a classmethod ``ask()`` so tests can answer it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import backups, clock, driver
from db.connection import open_read_only
from db.errors import DamagedFileError, StorageError
from db.export import export_zip
from db.health import describe_counts, risky_folder_warning
from db.lockfile import DataFileLock
from desktop.ui import messages

if TYPE_CHECKING:
    from desktop.ui.background import BackgroundJobs

log = logging.getLogger("cultivate")


class DataWindow(Protocol):
    """What these actions need from the main window."""

    db: Database
    path: Path | None

    def statusBar(self): ...  # noqa: N802 - Qt's name

    def open_file(self, path: Path) -> bool: ...


# -- opening a file for the window ---------------------------------------------------------------
# The locks this window process holds, by data file: kept for as long as the file is shown,
# dropped by the operating system if the process dies.
_held_locks: dict[Path, DataFileLock] = {}


def release_window_lock(path: Path | None) -> None:
    if path is not None:
        lock = _held_locks.pop(Path(path).resolve(), None)
        if lock is not None:
            lock.release()


def open_for_window(path: Path, *, previous: Path | None = None, parent: QWidget | None = None) -> Database:
    """Open *path* the way the window does: one Cultivate per file (a second is refused with
    ``FileInUseError`` before anything is written), a backup before an upgrade, and a
    warning when the file sits in a cloud-synced or network folder. A file protected with
    a passphrase asks for it first (``PassphraseNeededError`` if cancelled). The day's
    backup follows once the window shows the file (:func:`start_daily_backup`).

    On success the lock of the *previous* file (if another) is let go.
    """
    from desktop.ui.passphrase import unlock_if_needed

    key = Path(path).resolve()
    lock = _held_locks.get(key)
    fresh = lock is None
    if fresh:
        lock = DataFileLock(path).acquire()
    try:
        unlock_if_needed(parent, path)
        db = backups.open_with_backups(path)
    except BaseException:
        if fresh:
            lock.release()
        raise
    _held_locks[key] = lock
    if previous is not None and Path(previous).resolve() != key:
        release_window_lock(previous)
    warning = risky_folder_warning(path)
    if warning:
        messages.notify(parent, "Your data file is in a risky place", warning)
    return db


# -- the day's backup, in the background -------------------------------------------------------
DAILY_BACKUP = "daily backup"
RESTORE, SALVAGE, LATER = "restore", "salvage", "later"


def _jobs(window) -> BackgroundJobs:
    from desktop.ui.background import BackgroundJobs

    jobs = getattr(window, "_data_jobs", None)
    if jobs is None:
        from desktop.ui.background import FILES

        jobs = window._data_jobs = BackgroundJobs(window, lane=FILES)
    return jobs


def start_daily_backup(window: DataWindow) -> None:
    """Take the day's backup of the window's file on a worker thread (a district's file
    takes seconds to copy; the window is usable meanwhile). Its copy is checked page by
    page, so it is also the day's check of the file: damage found is reported with the
    ways out (:func:`damage_found`)."""
    path = window.path
    if path is None:
        return

    def done(made: Path | None) -> None:
        if made is not None:
            log.info("daily backup of %s: %s", path, made)

    def failed(error: BaseException) -> None:
        if not isinstance(error, StorageError):
            raise error   # a bug: to the one excepthook, with its report
        if window.path != path:
            return        # another file is open by now
        if isinstance(error, DamagedFileError):
            damage_found(window, error)
            return
        # Not damage (the passphrase was forgotten meanwhile, the disk is full, the file is
        # busy): said in the status bar, and the backup is tried again on the next open.
        log.warning("daily backup of %s not taken: %s", path, error)
        messages.show_status(window, f"Today's backup was not taken: {error}")

    # The copy reads the file itself; the job's own read-only connection goes unused.
    _jobs(window).start(f"{DAILY_BACKUP} of {path}", lambda _reader: backups.daily_backup(path),
                        db=window.db, done=done, failed=failed)


def free_sibling(path: Path, suffix: str) -> Path:
    """A new file beside *path* for a salvage: ``<name>-<suffix>.db``, numbered if taken."""
    candidate = path.with_name(f"{path.stem}-{suffix}.db")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{suffix}-{number}.db")
        number += 1
    return candidate


def ask_about_damage(window: DataWindow, error: StorageError) -> str:
    """RESTORE, SALVAGE or LATER (module function: tests answer it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Today's check found damage in the data file",
                      str(error), QMessageBox.StandardButton.NoButton, window)
    box.setInformativeText(f"{error.way_out} Until then, what you type may not be saved.")
    choices = {
        box.addButton("Restore from a backup…", QMessageBox.ButtonRole.AcceptRole): RESTORE,
        box.addButton("Salvage into a new file…", QMessageBox.ButtonRole.ActionRole): SALVAGE,
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole): LATER,
    }
    box.setDefaultButton(next(iter(choices)))
    box.exec()
    return choices.get(box.clickedButton(), LATER)


def damage_found(window: DataWindow, error: StorageError) -> None:
    """The day's check found the window's file damaged: offer a restore or a salvage."""
    from db import health

    log.warning("the daily check of %s failed: %s", window.path, error)
    window.statusBar().showMessage(f"The data file is damaged: {error}", 15000)
    choice = ask_about_damage(window, error)
    if choice == RESTORE:
        restore_from_backup(window)
    elif choice == SALVAGE and window.path is not None:
        try:
            report = health.salvage(window.path, free_sibling(window.path, "salvaged"))
        except (StorageError, OSError, *driver.Error) as failure:
            _report_failure(window, "Nothing was salvaged", failure)
            return
        if window.open_file(report.destination):
            messages.notify(window, "Salvage finished", report.summary(),
                            "Cultivate now shows the salvaged copy; the damaged file is unchanged.")


# -- questions (patched in tests) ------------------------------------------------------------
def choose_backup_folder(parent: QWidget | None) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, "Back up to which folder?")
    return Path(name) if name else None


def choose_export_file(parent: QWidget | None) -> Path | None:
    suggested = f"cultivate-export-{clock.today().isoformat()}.zip"
    return messages.choose_save_path(parent, "Export everything to", suggested, "Zip files (*.zip)",
                                     suffix=".zip")


INCLUDE_PRIVATE_TEXT = "&Include private data"
PRIVATE_DATA_WORDS = ("private observation notes, private conversations and wellbeing "
                      "check-ins")


class ExportChoiceDialog(QDialog):
    """Before Export everything…: with or without private data (without, unless ticked)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export everything")
        intro = QLabel(
            "Every record goes into one zip: a spreadsheet file per table, a README and a file "
            f"Cultivate can import back. Unless you tick the box, {PRIVATE_DATA_WORDS} are "
            "left out, and the README says so.")
        intro.setWordWrap(True)
        self.private_box = QCheckBox(INCLUDE_PRIVATE_TEXT)
        self.private_box.setAccessibleName(INCLUDE_PRIVATE_TEXT.replace("&", ""))
        self.private_box.setAccessibleDescription(PRIVATE_DATA_WORDS)
        self.warning = QLabel("The zip will hold personnel data in plain text: keep it as safe as "
                              "the data file itself, and do not email it.")
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("Warning")
        self.warning.setVisible(False)
        self.private_box.toggled.connect(self.warning.setVisible)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.continue_button = buttons.addButton("&Choose where to save…",
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)  # wrapped text shows whole
        for widget in (intro, self.private_box, self.warning, buttons):
            layout.addWidget(widget)
        for label in (intro, self.warning):
            label.setMinimumWidth(500)

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> bool | None:
        """True: include private data; False: leave it out; None: cancelled."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.private_box.isChecked()


def choose_backup_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Restore which backup?", "", messages.FILE_FILTER)
    return Path(name) if name else None


# -- the restore list ------------------------------------------------------------------------
class RestoreDialog(QDialog):
    """The backups of this file, newest first, with date, reason and record counts."""

    COLUMNS = ("Taken", "Why", "Records", "File")

    def __init__(self, found: list[backups.BackupInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.found = found
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose the backup to go back to. The file you have now is kept as a backup "
            "too, so a restore can itself be undone."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(found), len(self.COLUMNS))
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, info in enumerate(found):
            records = describe_counts(info.counts) if info.usable else f"Cannot be used: {info.problem}"
            cells = (info.taken_at.strftime("%a %d %b %Y, %H:%M"), info.reason_words, records, info.path.name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path) if column == 3 else text)
                if not info.usable:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
        layout.addWidget(self.table)
        if not found:
            layout.addWidget(QLabel("There are no backups of this file yet."))
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.other_button = QPushButton("Another backup file…")
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._restore_selected)
        buttons.rejected.connect(self.reject)
        self.other_button.clicked.connect(self._choose_other)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        usable = [row for row, info in enumerate(found) if info.usable]
        if usable:
            self.table.selectRow(usable[0])
        self._selection_changed()
        self.resize(760, 380)

    def _selected(self) -> backups.BackupInfo | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows:
            return None
        info = self.found[rows.pop()]
        return info if info.usable else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self._selected() is not None)

    def _restore_selected(self) -> None:
        info = self._selected()
        if info is not None:
            self.chosen = info.path
            self.accept()

    def _choose_other(self) -> None:
        path = choose_backup_file(self)
        if path is not None:
            self.chosen = path
            self.accept()

    @classmethod
    def ask(cls, found: list[backups.BackupInfo], parent: QWidget | None = None) -> Path | None:
        dialog = cls(found, parent)
        return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None


# -- the actions -----------------------------------------------------------------------------
def _report_failure(window: DataWindow, title: str, error: Exception) -> None:
    if isinstance(error, StorageError):
        what, way_out = str(error), error.way_out
    elif isinstance(error, OSError):
        what = f"Cultivate could not write there: {error.strerror or error}."
        way_out = "Choose another folder, or free some space, and try again."
    else:
        what, way_out = f"It did not work: {error}", ""
    log.warning("%s: %s", title, error)
    messages.show_status(window, f"{title}: {what}", seconds=10)
    messages.notify(window, title, what, way_out)


def back_up_now(window: DataWindow) -> Path | None:
    folder = choose_backup_folder(window)
    if folder is None:
        return None
    try:
        target = backups.backup_to(window.db, folder)
    except (StorageError, OSError, *driver.Error) as error:
        _report_failure(window, "The backup was not made", error)
        return None
    messages.show_status(window, f"Backed up to {target}", seconds=10)
    return target


class _ExportCancelled(Exception):
    pass


def export_everything(window: DataWindow) -> Path | None:
    """Everything to a zip, with a progress bar and Cancel; the window's file is only read.

    The export reads through a connection of its own (one read transaction, see
    ``db.export``), so nothing the window saves meanwhile can end up inside it.
    """
    include_private = ExportChoiceDialog.ask(window)
    if include_private is None:
        return None
    target = choose_export_file(window)
    if target is None:
        return None
    progress = QProgressDialog("Exporting everything…", "Cancel", 0, 100, window)
    progress.setWindowTitle("Export everything")
    progress.setAccessibleName("Export everything")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAutoClose(False)

    def report(done: int, total: int, table: str) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)
        if table:
            progress.setLabelText(f"Exporting {table.replace('_', ' ')}…")
        QApplication.processEvents()
        if progress.wasCanceled():
            raise _ExportCancelled

    source = window.db
    try:
        if window.path is not None:
            source = open_read_only(window.path, check=False)
        export_zip(source, target, include_private=include_private, progress=report)
    except _ExportCancelled:
        messages.show_status(window, "Export cancelled; no file was written.", seconds=10)
        return None
    except (StorageError, OSError, *driver.Error) as error:
        _report_failure(window, "Nothing was exported", error)
        return None
    finally:
        if source is not window.db:
            source.close()
        progress.close()
    left_out = "" if include_private else " (private data left out)"
    messages.show_status(window, f"Exported everything to {target}{left_out}", seconds=10)
    return target


def restore_from_backup(window: DataWindow) -> Path | None:
    """Ask which backup, confirm, then replace the file; returns where the old file was kept."""
    if window.path is None:
        messages.notify(window, "Nothing to restore", "This sample lives only in memory; it has no backups.")
        return None
    chosen = RestoreDialog.ask(backups.list_backups(data_file=window.path), window)
    if chosen is None:
        return None
    if not messages.confirm(
        window, "Restore this backup?",
        f"Cultivate will replace “{window.path.name}” with the backup “{chosen.name}”. "
        "Changes made since that backup will no longer show; the file you have now is "
        "kept in the backups folder first.",
        yes="Restore",
    ):
        return None
    # The data file must be closed while it is replaced (see db.backups); the window
    # reopens it straight after, restored or not.
    path = window.path
    window.db.close()
    release_window_lock(path)  # restore takes the lock itself; open_file takes it back
    kept = None
    try:
        kept = backups.restore(chosen, path)
    except (StorageError, OSError, *driver.Error) as error:
        _report_failure(window, "The backup was not restored", error)
    window.open_file(path)
    if kept is not None:
        messages.show_status(window, f"Restored {chosen.name}; the replaced file is kept as {kept.name}",
                             seconds=15)
    return kept


class _ReleaseLockOnClose(QObject):
    """Lets go of the window's file lock once the window has closed its database."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Close:
            path = getattr(watched, "path", None)
            # After closeEvent has run (it closes the database), not before.
            QTimer.singleShot(0, lambda: release_window_lock(path))
        return False


def install_data_actions(window, file_menu: QMenu) -> list[QAction]:
    """Add Back up now…, Restore from a backup… and Export everything… to *file_menu*,
    and release the window's file lock when it closes."""
    window._release_lock_on_close = _ReleaseLockOnClose(window)
    window.installEventFilter(window._release_lock_on_close)
    entries = (
        ("&Back up now…", "Back up now", lambda: back_up_now(window)),
        ("&Restore from a backup…", "Restore from a backup", lambda: restore_from_backup(window)),
        ("&Export everything…", "Export everything", lambda: export_everything(window)),
    )
    from desktop.ui.widgets import add_menu_actions

    return add_menu_actions(window, file_menu, entries)
