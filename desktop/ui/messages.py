"""Questions and notices the window asks; module functions so tests can patch them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

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
