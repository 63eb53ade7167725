"""A goal check-in: how far along (per cent), the evidence, and notes (new, or corrected)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.goals import CheckIn
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons


class CheckInDialog(FormDialog):
    def __init__(self, parent: QWidget | None, *, goal_title: str, today: date,
                 last_progress: int | None = None, check_in: CheckIn | None = None,
                 error: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle(f"{'Edit check-in' if check_in else 'Check-in'} — {goal_title}")
        self.setMinimumWidth(480)
        form = QFormLayout()
        self.checked_on = DateField(check_in.checked_on if check_in else today,
                                    accessible_name="Date", allow_empty=False)
        self._add(form, "&Date", self.checked_on)
        self.progress = QSpinBox()
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        if check_in is not None:
            last_progress = check_in.progress
        self.progress.setValue(last_progress or 0)
        self._add(form, "&Progress", self.progress)
        self.no_progress = QCheckBox("&Not measured this time")
        self.no_progress.setAccessibleName("Not measured this time")
        self.no_progress.toggled.connect(lambda on: self.progress.setEnabled(not on))
        form.addRow("", self.no_progress)
        self.evidence = QPlainTextEdit()
        self.evidence.setTabChangesFocus(True)
        self.evidence.setPlaceholderText("e.g. walkthrough tally 6 open questions; student work")
        self.evidence.setFixedHeight(70)
        self._add(form, "&Evidence", self.evidence)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self._add(form, "N&otes", self.notes)
        if check_in is not None:
            self.no_progress.setChecked(check_in.progress is None)
            self.evidence.setPlainText(check_in.evidence)
            self.notes.setPlainText(check_in.notes)
        self.field_widgets = {"checked_on": self.checked_on, "progress": self.progress,
                              "evidence": self.evidence, "notes": self.notes}
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.progress.setFocus()

    @staticmethod
    def _add(form: QFormLayout, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", ""))
        form.addRow(label, widget)

    def values(self) -> dict[str, Any]:
        return {
            "checked_on": self.checked_on.iso(),
            "progress": None if self.no_progress.isChecked() else self.progress.value(),
            "evidence": self.evidence.toPlainText().strip(),
            "notes": self.notes.toPlainText().strip(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, *, goal_title: str, today: date,
            save: Callable[[dict[str, Any]], Result], last_progress: int | None = None,
            check_in: CheckIn | None = None) -> Result | None:
        """A new check-in, or *check_in* corrected; *save* writes it."""
        return cls(parent, goal_title=goal_title, today=today, last_progress=last_progress,
                   check_in=check_in).ask_to_save(save)
