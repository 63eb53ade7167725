"""Questions and notices the window asks; module functions so tests can patch them.

The one way to put text in the status bar (:func:`show_status`, qutebrowser's
``message.info``) and the one "save where?" prompt (:func:`choose_save_path`) live here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

STATUS_SECONDS = 8

FILE_FILTER = "Cultivate data files (*.db *.cultivate);;All files (*)"


def confirm(parent: QWidget | None, title: str, text: str, *, yes: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def choose(parent: QWidget | None, title: str, text: str, choices: list[str]) -> str | None:
    """One of *choices* (the first is the default), or None for Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    buttons = {box.addButton(choice, QMessageBox.ButtonRole.AcceptRole): choice for choice in choices}
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(next(iter(buttons)))
    box.exec()
    return buttons.get(box.clickedButton())


def choose_file(parent: QWidget | None, *, new: bool) -> Path | None:
    if new:
        name, _ = QFileDialog.getSaveFileName(parent, "New Cultivate data file", "cultivate.db",
                                              FILE_FILTER)
    else:
        name, _ = QFileDialog.getOpenFileName(parent, "Open a Cultivate data file", "",
                                              FILE_FILTER)
    return Path(name) if name else None


def notify(parent: QWidget | None, title: str, text: str, detail: str = "") -> QMessageBox:
    """A non-blocking notice: the window stays usable behind it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setInformativeText(detail)
    box.open()
    return box


def show_status(widget: QWidget | None, text: str, *, seconds: int = STATUS_SECONDS) -> None:
    """A passing message in the status bar of *widget*'s main window (from a tab, a dialog
    or the window itself); nothing when there is no main window around it."""
    while widget is not None and not isinstance(widget, QMainWindow):
        widget = widget.parentWidget()
    if isinstance(widget, QMainWindow):
        widget.statusBar().showMessage(text, seconds * 1000)


def choose_save_path(parent: QWidget | None, title: str, suggested: str, filters: str, *,
                     suffix: str = "") -> Path | None:
    """Where to save a file the user asked for; None if they cancelled. A name typed
    without *suffix* (".pdf") gets it, so the file opens with the right program."""
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    if not name:
        return None
    path = Path(name)
    if suffix and path.suffix.lower() != suffix.lower():
        path = path.with_name(path.name + suffix)
    return path
