"""Start the window: fonts, logging, the one excepthook, the data file, the first-start sample."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget
from sqlite_utils import Database

from db import driver
from db.errors import DamagedFileError, NotCultivateFileError, StorageError, UnexpectedSchemaError
from desktop import __version__, logging_setup, paths
from desktop.settings import get_settings
from desktop.ui import messages
from desktop.ui.branding import apply_identity
from desktop.ui.dialogs.backup_dialogs import (
    free_sibling,
    open_for_window,
    release_window_lock,
    start_daily_backup,
)
from desktop.ui.dialogs.bug_report import keep_open, report_bug
from desktop.ui.fonts import install_bundled_fonts
from desktop.ui.main_window import MainWindow

log = logging.getLogger("cultivate")
SAMPLE_TEACHERS = 40


def _qt_message(kind: QtMsgType, context, text: str) -> None:
    # Qt's own chatter goes to the log file, not the user's terminal.
    if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        log.error("Qt: %s", text)
    elif kind == QtMsgType.QtWarningMsg:
        log.info("Qt: %s", text)


def route_qt_messages_to_log() -> None:
    qInstallMessageHandler(_qt_message)


# How long a thread may hold the interpreter lock while another waits for it. The main
# thread's SQLite queries give the lock back at every row they step, and waited up to 5 ms
# (Python's default) each time a worker was running Python: 100 staff rows took up to
# 144 ms with a busy worker, 20 ms at 1 ms (7 ms with none).
SWITCH_INTERVAL_S = 0.001


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    apply_identity(app)
    install_bundled_fonts(app)
    return app


# -- errors ---------------------------------------------------------------------------------
def handle_exception(kind: type[BaseException], error: BaseException,
                     tb: TracebackType | None) -> None:
    """The one excepthook: environment failures in plain words, bugs logged with details."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    parent = QApplication.activeWindow()
    if _is_damage(error):
        # A damaged page met while reading or saving: opening checks no page (the day's
        # background backup does), so this is where the damage may first show.
        window = _main_window(parent)
        damaged = DamagedFileError(getattr(window, "path", None) or Path("the data file"), str(error))
        log.warning("damaged data file: %s", error)
        if window is not None and window.path is not None:
            from desktop.ui.dialogs.backup_dialogs import damage_found

            damage_found(window, damaged)
        else:
            keep_open(messages.notify(parent, "The data file is damaged", str(damaged),
                                      damaged.way_out))
        return
    if isinstance(error, StorageError):
        log.warning("storage problem: %s", error)
        keep_open(messages.notify(parent, "Cultivate could not save", str(error), error.way_out))
        return
    if tb is not None and error.__traceback__ is None:
        error = error.with_traceback(tb)
    report_bug(parent, error)


def _is_damage(error: BaseException) -> bool:
    if isinstance(error, DamagedFileError):
        return True
    if not isinstance(error, driver.DatabaseError):
        return False
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_CORRUPT") or "malformed" in str(error).lower()


def _main_window(widget: QWidget | None) -> MainWindow | None:
    candidates = [widget.window()] if widget is not None else []
    candidates += [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    return next((w for w in candidates if isinstance(w, MainWindow)), None)


def install_excepthook() -> None:
    sys.excepthook = handle_exception


# -- opening the data file ---------------------------------------------------------------------
OPEN_ANOTHER, RESTORE, SALVAGE, QUIT = "open another", "restore", "salvage", "quit"


def latest_good_backup(path: Path):
    """The newest backup of *path* that opens cleanly, or None."""
    from db import backups

    return next((info for info in backups.list_backups(data_file=path) if info.usable), None)


def ask_about_storage_problem(error: StorageError, path: Path | None = None) -> str:
    """What the user wants after *error*: open another file, restore, salvage, or quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Cultivate cannot open the data file", str(error))
    box.setInformativeText(error.way_out)
    choices = {box.addButton("Open another file…", QMessageBox.ButtonRole.AcceptRole): OPEN_ANOTHER}
    if path is not None and isinstance(error, (DamagedFileError, NotCultivateFileError, UnexpectedSchemaError)):
        if latest_good_backup(path) is not None:
            choices[box.addButton("Restore the latest backup…", QMessageBox.ButtonRole.ActionRole)] = RESTORE
        if isinstance(error, (DamagedFileError, UnexpectedSchemaError)):
            choices[box.addButton("Salvage into a new file…", QMessageBox.ButtonRole.ActionRole)] = SALVAGE
    choices[box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)] = QUIT
    box.setDefaultButton(next(iter(choices)))
    box.exec()
    return choices.get(box.clickedButton(), QUIT)


def confirm_restore(info, path: Path) -> bool:
    from db.health import describe_counts

    answer = QMessageBox.question(
        None, "Restore the latest backup?",
        f"Replace “{path.name}” with the backup taken {info.taken_at:%d %B %Y at %H:%M} "
        f"({describe_counts(info.counts)})?\n\nThe damaged file is kept beside the backups, "
        "untouched, in case it is needed later.")
    return answer == QMessageBox.StandardButton.Yes


def recover(choice: str, error: StorageError, path: Path) -> Path | None:
    """Carry out a recovery choice; the file to try next, or None to stop asking."""
    from db import backups, health

    if choice == OPEN_ANOTHER:
        return messages.choose_file(None, new=False)
    if choice == RESTORE:
        info = latest_good_backup(path)
        if info is not None and confirm_restore(info, path):
            kept = backups.restore(info.path, path)
            log.warning("restored %s from %s; replaced file kept at %s", path, info.path, kept)
        return path
    if choice == SALVAGE:
        report = health.salvage(path, free_sibling(path, "salvaged"))
        keep_open(messages.notify(None, "Salvage finished", report.summary(),
                                  "Cultivate now opens the salvaged copy; the damaged file is unchanged."))
        return report.destination
    return None


def open_with_recovery(path: Path, *, build=None) -> tuple[Database, Path] | None:
    """Open *path*; on a storage problem offer a way out until a file opens or the user quits.

    With *build(db, path)* (making the window), returns what it made instead of the
    database: opening checks no page of the file (the day's background backup does), so a
    damaged page the window reads as it is built gets the same ways out."""
    while True:
        try:
            db = open_for_window(path)   # lock, backups, risky-folder warning
            if build is None:
                return db, path
            try:
                return build(db, path), path
            except driver.DatabaseError as error:
                if not _is_damage(error):
                    raise
                db.close()
                release_window_lock(path)
                raise DamagedFileError(path, str(error)) from error
        except StorageError as error:
            log.warning("could not open %s: %s", path, error)
            choice = ask_about_storage_problem(error, path)
            if choice == QUIT:
                return None
            try:
                chosen = recover(choice, error, path)
            except StorageError as failure:
                keep_open(messages.notify(None, "That did not work", str(failure), failure.way_out))
                continue
            if chosen is not None:
                path = chosen


# -- the sample school ---------------------------------------------------------------------------
def ask_load_sample(parent: QWidget | None) -> bool:
    answer = QMessageBox.question(
        parent, "Welcome to Cultivate",
        "Load a sample school to explore?\n\nIt fills this new file with made-up teachers, "
        "observations, goals and PD so you can try every tab. You can start a fresh file "
        "of your own at any time from File ▸ New database.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def load_sample_school(window: MainWindow, *, teachers: int | None = None) -> bool:
    """Fill the window's file with the demo school, showing progress; False if unavailable."""
    try:
        from desktop.core.demo import build_demo_school
    except ImportError:
        log.warning("the sample school generator is not part of this build")
        messages.notify(window, "No sample school", "This copy of Cultivate has no sample school.")
        return False
    progress = QProgressDialog("Building the sample school…", "", 0, 0, window)
    progress.setWindowTitle("Sample school")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.show()

    def report(*args) -> None:
        # Accepts (done, total), (done, total, label) or (label,): whatever the builder reports.
        numbers = [value for value in args if isinstance(value, (int, float))]
        labels = [value for value in args if isinstance(value, str)]
        if len(numbers) >= 2:
            progress.setMaximum(int(numbers[1]))
            progress.setValue(int(numbers[0]))
        if labels:
            progress.setLabelText(labels[0])
        QApplication.processEvents()

    # Built with the row triggers set aside (thousands of rows), so it reports no changes
    # and is not a step for Undo: every view is read again instead.
    result = window.runner.perform(
        "Load the sample school",
        lambda db: build_demo_school(db, teachers=teachers or SAMPLE_TEACHERS, progress=report),
        status="Sample school loaded.", undoable=False)
    progress.close()
    window.reload_everything()
    return result.ok


# -- the whole start ------------------------------------------------------------------------------
def remove_leftovers(data_file: Path) -> None:
    """Temporary files of backups, exports and PDFs that a crash interrupted (Cultivate's own only)."""
    from desktop.atomic_files import remove_leftovers as remove

    try:
        remove([data_file.parent, paths.data_dir(), paths.backups_dir()])
    except OSError as error:   # tidying up must never stop the window from opening
        log.warning("could not look for leftover temporary files: %s", error)


def start_window(data_path: Path | None) -> MainWindow | None:
    settings = get_settings()
    path = Path(data_path) if data_path else paths.default_database()
    remove_leftovers(path)
    first_start = data_path is None and not path.exists() and not settings.get("sample.offered")
    opened = open_with_recovery(path, build=MainWindow)
    if opened is None:
        return None
    window, path = opened
    settings.remember_file(path)
    window.show()
    window.when_painted(lambda: start_daily_backup(window))   # on a worker, once the window is seen
    if first_start:
        settings.set("sample.offered", True)
        if ask_load_sample(window):
            load_sample_school(window)
        # Then who they are: the observer of their visits, the name in the file's history.
        window.ask_who_is_using()
    return window


def run_gui(data_path: Path | None) -> int:
    app = make_application()
    logging_setup.configure()
    route_qt_messages_to_log()
    install_excepthook()
    log.info("Cultivate %s starting", __version__)
    window = start_window(data_path)
    if window is None:
        return 1
    return app.exec()
