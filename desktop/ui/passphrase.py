"""The passphrase lock in the window: asking on open, File ▸ Passphrase, and the idle lock.

The storage work is :mod:`db.protection`; this module asks the questions and keeps
the window out of sight while it is locked. Each question is a dialog whose OK runs
its *check* (is the passphrase right, are the two the same): a problem is shown in the
dialog, which stays open, as every editor's does (``FormDialog``); there is no "ask,
fail, ask again" loop.

Protecting, changing or removing a passphrase and locking are not edits of the data:
they go through :mod:`db.protection`, not the window's write path
(:mod:`desktop.ui.runner`), and are not Undo steps. Protecting or changing rewrites
the whole file and the window opens it again, so Undo forgets what came before, as on
opening any file. A passphrase typed here goes straight to
``db.protection`` and is dropped: never kept in a widget after its dialog closes,
never written to the settings or the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import driver, protection
from db.errors import PassphraseNeededError, StorageError, WrongPassphraseError
from desktop.settings import get_settings
from desktop.ui import messages
from desktop.ui.widgets import problem_label

log = logging.getLogger("cultivate")
LOCK_SETTING = "privacy.lock_after_minutes"
FORGOTTEN = ("If the passphrase is forgotten, nobody can open the file: Cultivate keeps no copy "
             "of it and cannot reset it. Write it down somewhere safe, away from the laptop.")


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    # No input method suggestions or history for a secret.
    field.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
                              | Qt.InputMethodHint.ImhSensitiveData)
    return field


# What a dialog's OK checks before it closes: '' when the typed values are right, else
# what is wrong, in words (shown in the dialog, which stays open).
Check = Callable[[dict[str, str]], str]


class _SecretDialog(QDialog):
    """Passphrase fields, a Show checkbox, a problem line and OK/Cancel; OK closes the
    dialog only once *check* finds nothing wrong."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, fields: list[tuple[str, str]],
                 ok_text: str, error: str = "", check: Check | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.check = check
        self.error_label = problem_label(error)
        self.error_label.setMinimumWidth(460)   # wrapped at the intro's width, whole
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setMinimumWidth(460)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label in fields:
            field = password_field(label.replace("&", ""))
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, field)
            self.fields[key] = field
        self.show_box = QCheckBox("&Show what I type")
        self.show_box.setAccessibleName("Show what I type")
        self.show_box.toggled.connect(self._show_typing)
        form.addRow("", self.show_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)  # wrapped text shows whole
        layout.addWidget(self.error_label)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        next(iter(self.fields.values())).setFocus()

    def _show_typing(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in self.fields.values():
            field.setEchoMode(mode)

    def values(self) -> dict[str, str]:
        return {key: field.text() for key, field in self.fields.items()}

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setAccessibleDescription(text)
        self.error_label.setVisible(bool(text))
        self.adjustSize()          # shown after the dialog was laid out: make room for its lines
        first = next(iter(self.fields.values()))
        first.selectAll()
        first.setFocus()

    def accept(self) -> None:
        problem = _busy(lambda: self.check(self.values())) if self.check is not None else ""
        if problem:
            self.show_error(problem)
            return
        super().accept()

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        typed = self.values() if result == QDialog.DialogCode.Accepted else {}
        self._typed = typed
        for field in self.fields.values():    # the secret does not outlive the dialog's answer
            field.clear()
        super().done(result)


class PassphraseDialog(_SecretDialog):
    """The passphrase of a protected file: to open it, unlock the window, or remove it."""

    def __init__(self, parent: QWidget | None, path: Path, *, error: str = "", intro: str = "",
                 ok_text: str = "&Unlock", check: Check | None = None):
        super().__init__(parent, f"Passphrase — {Path(path).name}",
                         intro or f"“{path}” is protected with a passphrase. Type it to open the file.",
                         [("passphrase", "&Passphrase")], ok_text, error, check)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, *, intro: str = "", ok_text: str = "&Unlock",
            check: Check | None = None) -> str | None:
        """The passphrase typed once *check* accepts it; None if cancelled."""
        dialog = cls(parent, path, intro=intro, ok_text=ok_text, check=check)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog._typed["passphrase"]


class NewPassphraseDialog(_SecretDialog):
    """A new passphrase, typed twice (and the current one, when changing it)."""

    def __init__(self, parent: QWidget | None, path: Path, *, change: bool, error: str = "",
                 check: Check | None = None):
        fields = [("current", "&Current passphrase")] if change else []
        fields += [("passphrase", "&New passphrase"), ("again", "The same &again")]
        intro = (f"Protect “{Path(path).name}” with a passphrase: the file and its automatic backups "
                 "are encrypted, and Cultivate asks for the passphrase each time it opens them and "
                 "after it has been left idle. "
                 if not change else f"Change the passphrase of “{Path(path).name}” and its backups. ")
        super().__init__(parent, "Change passphrase" if change else "Protect with passphrase",
                         intro + f"At least {protection.MIN_LENGTH} characters; a few words are "
                         "easiest to remember. " + FORGOTTEN, fields,
                         "&Change passphrase" if change else "&Protect", error, check)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, *, change: bool = False,
            check: Check | None = None) -> dict[str, str] | None:
        """What was typed once *check* accepts it; None if cancelled."""
        dialog = cls(parent, path, change=change, check=check)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog._typed


# -- opening a protected file ---------------------------------------------------------------------
def _busy(work: Callable[[], object]):
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    finally:
        QApplication.restoreOverrideCursor()


def _unlocks(path: Path) -> Check:
    """The check of a passphrase typed for *path*: does it open the file (which it
    unlocks, for this process)? A damaged file's :class:`DamagedFileError` passes through."""

    def check(typed: dict[str, str]) -> str:
        try:
            protection.unlock(path, typed["passphrase"])
        except WrongPassphraseError as wrong:
            log.info("a wrong passphrase was typed for %s", Path(path).name)
            return f"{wrong} {wrong.way_out}"
        return ""

    return check


def unlock_interactively(parent: QWidget | None, path: Path) -> None:
    """Ask for *path*'s passphrase until it opens the file; :class:`PassphraseNeededError`
    when the user cancels (a damaged file's :class:`DamagedFileError` passes through)."""
    if PassphraseDialog.ask(parent, path, check=_unlocks(path)) is None:
        raise PassphraseNeededError(path)


def unlock_if_needed(parent: QWidget | None, path: Path) -> None:
    path = Path(path)
    if path.is_file() and protection.is_protected(path) and not protection.is_unlocked(path):
        unlock_interactively(parent, path)


# -- File ▸ Passphrase ---------------------------------------------------------------------------
def choose_lock_minutes(parent: QWidget | None, current: int) -> int | None:
    minutes, ok = QInputDialog.getInt(
        parent, "Lock after", "Lock the window after this many minutes without a key press or a "
        "click (0: never):", current, 0, 240, 1)
    return minutes if ok else None


def _with_file_closed(window, work: Callable[[], None], done: str) -> bool:
    """Close the window's file, run *work* on it, open it again (whatever happened)."""
    path = Path(window.path)
    window._close_visits()
    window.db.close()
    failure: Exception | None = None
    try:
        _busy(work)
    except (StorageError, OSError, *driver.Error) as error:
        failure = error
    try:
        unlock_if_needed(window, path)
    except PassphraseNeededError:
        pass
    if not window.open_file(path):
        return False
    if failure is not None:
        log.warning("changing the protection of %s failed: %s", path.name, failure)
        way_out = getattr(failure, "way_out", "The file is as it was; try again.")
        messages.notify(window, "Nothing was changed", str(failure), way_out)
        return False
    messages.show_status(window, done, seconds=10)
    return True


def _ask_new_passphrase(window, change: bool) -> dict[str, str] | None:
    """A new passphrase typed twice alike (and, to change it, the current one, right)."""

    def check(typed: dict[str, str]) -> str:
        try:
            protection.check_new_passphrase(typed["passphrase"], typed["again"])
        except protection.PassphraseProblem as problem:
            return str(problem)
        if change:
            try:
                protection.unlock(window.path, typed["current"])
            except WrongPassphraseError as wrong:
                return f"The current passphrase is not right. {wrong.way_out}"
        return ""

    return NewPassphraseDialog.ask(window, window.path, change=change, check=check)


def protect_file(window) -> bool:
    if window.path is None:
        messages.notify(window, "Nothing to protect", "This sample lives only in memory; save a "
                        "data file of your own first (File ▸ New database…).")
        return False
    typed = _ask_new_passphrase(window, change=False)
    if typed is None:
        return False
    passphrase = typed["passphrase"]
    return _with_file_closed(window, lambda: protection.protect(window.path, passphrase),
                             f"{window.path.name} and its backups are protected with a passphrase.")


def change_passphrase(window) -> bool:
    typed = _ask_new_passphrase(window, change=True)
    if typed is None:
        return False
    current, new = typed["current"], typed["passphrase"]
    return _with_file_closed(window, lambda: protection.change_passphrase(window.path, current, new),
                             "The passphrase was changed, for the file and its backups.")


def remove_passphrase(window) -> bool:
    typed = PassphraseDialog.ask(
        window, window.path, ok_text="&Remove passphrase", check=_unlocks(Path(window.path)),
        intro=f"Remove the passphrase of “{window.path.name}”: the file and its automatic "
              "backups are decrypted, and anyone who can open your files can read them. "
              "Type the passphrase to confirm.")
    if typed is None:
        return False
    return _with_file_closed(window, lambda: protection.unprotect(window.path, typed),
                             f"{window.path.name} is no longer protected with a passphrase.")


def set_lock_minutes(window) -> None:
    settings = get_settings()
    minutes = choose_lock_minutes(window, settings.get(LOCK_SETTING))
    if minutes is None:
        return
    settings.set(LOCK_SETTING, minutes)
    window.idle_lock.follow_settings()
    messages.show_status(
        window, f"Cultivate locks after {minutes} idle minute{'s' if minutes != 1 else ''}."
        if minutes else "Cultivate will not lock by itself.")


def install_passphrase_actions(window, file_menu: QMenu) -> dict[str, QAction]:
    """File ▸ Passphrase: protect, change, remove, lock now, lock after…; and the idle lock."""
    menu = file_menu.addMenu("Pass&phrase")
    entries = {
        "protect": ("&Protect with passphrase…", lambda: protect_file(window), None),
        "change": ("&Change passphrase…", lambda: change_passphrase(window), None),
        "remove": ("&Remove passphrase…", lambda: remove_passphrase(window), None),
        "lock": ("&Lock now", lambda: window.idle_lock.lock(), "Ctrl+L"),
        "minutes": ("Lock &after…", lambda: set_lock_minutes(window), None),
    }
    actions = {}
    for key, (text, slot, shortcut) in entries.items():
        action = QAction(text, window)
        plain = text.replace("&", "").rstrip("…")
        action.setObjectName(plain)
        action.setToolTip(plain)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda checked=False, run=slot: run())
        menu.addAction(action)
        actions[key] = action
        if key == "remove":
            menu.addSeparator()
    menu.aboutToShow.connect(lambda: follow_protection(window))
    window.passphrase_actions = actions
    window.idle_lock = IdleLock(window)
    follow_protection(window)
    return actions


def follow_protection(window) -> None:
    """Enable what fits the file on screen, and (re)arm the idle lock."""
    protected = bool(window.path and Path(window.path).is_file()
                     and protection.is_protected(window.path))
    actions = window.passphrase_actions
    actions["protect"].setEnabled(window.path is not None and not protected)
    for key in ("change", "remove", "lock"):
        actions[key].setEnabled(protected)
    window.idle_lock.follow_settings()


# -- the idle lock --------------------------------------------------------------------------------
_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
          QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride}


class _Cover(QWidget):
    """An opaque sheet over a window while Cultivate is locked: nothing of it shows."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("background: #2f3b35;")
        label = QLabel("Cultivate is locked", self)
        label.setStyleSheet("color: white; font-size: 18pt;")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.setAccessibleName("Cultivate is locked")
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class LockDialog(QDialog):
    """On top of everything while locked: the passphrase brings the window back."""

    def __init__(self, lock: IdleLock, path: Path):
        super().__init__(lock.window)
        self.lock = lock
        self.setWindowTitle("Cultivate is locked")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(460)
        intro = QLabel(f"Cultivate locked itself after a while without use, or when asked: "
                       f"“{path.name}” stays open and nothing typed is lost. Type the passphrase "
                       "to go on.")
        intro.setWordWrap(True)
        intro.setMinimumWidth(440)
        self.error_label = problem_label("")
        self.field = password_field("Passphrase")
        caption = QLabel("&Passphrase")
        caption.setBuddy(self.field)
        form = QFormLayout()
        form.addRow(caption, self.field)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        self.quit_button = QPushButton("&Quit Cultivate")
        self.quit_button.setAccessibleName("Quit Cultivate")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.lock.quit)
        buttons = QDialogButtonBox()
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        for item in (intro, self.error_label):
            layout.addWidget(item)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.field.setFocus()

    def _unlock(self) -> None:
        typed = self.field.text()
        self.field.clear()
        problem = self.lock.try_unlock(typed)
        if problem:
            self.error_label.setText(problem)
            self.error_label.setVisible(True)
            self.field.setFocus()

    def reject(self) -> None:  # noqa: D401 - Esc and the close button do not unlock
        self.field.setFocus()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.lock.locked:
            event.ignore()
        else:
            super().closeEvent(event)


class IdleLock(QObject):
    """Locks the window of a protected file after ``privacy.lock_after_minutes`` idle minutes.

    Locking hides every tab and covers every Cultivate window, forgets the keys
    (``db.protection.lock_all``), and asks for the passphrase on top of everything. The
    file itself stays open, so a visit being typed in another window is kept as it was.
    """

    changed = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.dialog: LockDialog | None = None
        self._covers: list[_Cover] = []
        self._titles: dict[QWidget, str] = {}
        self._watching = False

    @property
    def active(self) -> bool:
        path = self.window.path
        return bool(path and Path(path).is_file() and protection.is_protected(path))

    def follow_settings(self) -> None:
        minutes = get_settings().get(LOCK_SETTING)
        if self.active and minutes > 0 and not self.locked:
            self.timer.start(minutes * 60_000)
            self._watch(True)
        else:
            self.timer.stop()
            self._watch(False)

    def _watch(self, on: bool) -> None:
        """Watch the whole application's input only while a lock is armed (it costs every event)."""
        if on != self._watching:
            app = QApplication.instance()
            (app.installEventFilter if on else app.removeEventFilter)(self)
            self._watching = on

    def stop(self) -> None:
        """The window is closing: no lock, no watching."""
        self.timer.stop()
        self._watch(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT and self.timer.isActive() and not self.locked:
            self.timer.start()           # any key press or click starts the idle time again
        return False

    def lock(self) -> None:
        if self.locked or not self.active:
            return
        self.locked = True
        self.timer.stop()
        protection.lock_all()
        self.window.centralWidget().hide()
        self.window.menuBar().setEnabled(False)
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and not isinstance(widget, (LockDialog, QMenu)):
                self._titles[widget] = widget.windowTitle()
                widget.setWindowTitle("Cultivate — locked")
                self._covers.append(_Cover(widget))
        self.dialog = LockDialog(self, Path(self.window.path))
        self.dialog.show()               # application modal: nothing else takes input
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.changed.emit(True)
        log.info("locked after %s idle minutes (or asked)", get_settings().get(LOCK_SETTING))

    def try_unlock(self, passphrase: str) -> str:
        """'' when *passphrase* unlocks the window, else what is wrong, in words."""
        try:
            _busy(lambda: protection.unlock(self.window.path, passphrase))
        except WrongPassphraseError as wrong:
            return f"{wrong} {wrong.way_out}"
        except StorageError as error:
            return str(error)
        self.unlock()
        return ""

    def unlock(self) -> None:
        self.locked = False
        for cover in self._covers:
            cover.hide()
            cover.deleteLater()
        self._covers.clear()
        for widget, title in self._titles.items():
            widget.setWindowTitle(title)
        self._titles.clear()
        self.window.centralWidget().show()
        self.window.menuBar().setEnabled(True)
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog.deleteLater()
            self.dialog = None
        self.follow_settings()
        self.changed.emit(False)

    def quit(self) -> None:
        """Quit from the lock: everything is saved already; the file closes as on any quit."""
        self.locked = False
        if self.dialog is not None:
            self.dialog.accept()
        self.window.close()
