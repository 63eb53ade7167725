"""A wellbeing check-in: energy, workload and stress on 1–5, a note, not shared by default.

``ask()`` saves the typed values through *save* and returns its Result, or None if
cancelled. *values* fills the form (the check-in being corrected).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop.core.wellbeing import MEASURE_LABELS, MEASURES, SCALE, SCALE_WORDS
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons

SHARE_TEXT = "S&hare these scores with school leaders"
FOLLOW_UP_TEXT = "&Ask for a follow-up conversation"


class ScoreSlider(QWidget):
    """1–5 with the words for each end and the chosen number in plain sight."""

    def __init__(self, measure: str, value: int, parent=None):
        super().__init__(parent)
        low_word, high_word = SCALE_WORDS[measure]
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(*SCALE)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setValue(value)
        self.number = QLabel()
        self.number.setMinimumWidth(16)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        low, high = QLabel(f"1 {low_word}"), QLabel(f"5 {high_word}")
        # Every slider starts and ends at the same x, whatever its words.
        metrics = low.fontMetrics()
        low.setFixedWidth(max(metrics.horizontalAdvance(f"1 {w[0]}") for w in SCALE_WORDS.values()) + 6)
        high.setFixedWidth(max(metrics.horizontalAdvance(f"5 {w[1]}") for w in SCALE_WORDS.values()) + 6)
        high.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(low)
        row.addWidget(self.slider, 1)
        row.addWidget(high)
        row.addWidget(self.number)
        self.slider.valueChanged.connect(self._show)
        self.setFocusProxy(self.slider)
        self.measure = measure
        self._show(value)

    def _show(self, value: int) -> None:
        self.number.setText(f"<b>{value}</b>")
        self.slider.setAccessibleDescription(f"{MEASURE_LABELS[self.measure]} {value} of 5")

    def value(self) -> int:
        return self.slider.value()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        super().setAccessibleName(name)
        self.slider.setAccessibleName(name)


class WellbeingDialog(FormDialog):
    def __init__(self, parent: QWidget | None, name: str, *, today: date,
                 values: dict[str, Any] | None = None, error: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle(f"Wellbeing check-in — {name}")
        self.setMinimumWidth(520)
        values = values or {}
        intro = QLabel(f"How is {name} doing? Unless {name} shares it, this check-in is kept "
                       f"with nothing that links it to {name}: its scores count only in the "
                       "school's anonymous monthly figures (one private answer a month), and "
                       "no note is kept with it. Shared check-ins show on their page.")
        intro.setWordWrap(True)

        form = QFormLayout()
        self.day = DateField(values.get("checked_on") or today, accessible_name="Date",
                             allow_empty=False)
        self.add_field(form, "&Date", self.day)
        self.scores: dict[str, ScoreSlider] = {}
        shortcuts = {"energy": "&Energy", "workload": "&Workload", "stress": "St&ress"}
        for measure in MEASURES:
            self.scores[measure] = self.add_field(form, shortcuts[measure],
                                            ScoreSlider(measure, int(values.get(measure, 3))))
        self.note = QPlainTextEdit(values.get("note", ""))
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("Anything else (optional; kept only with a shared check-in)")
        self.note.setMaximumHeight(90)
        self.add_field(form, "&Note", self.note)
        self.shared = QCheckBox(SHARE_TEXT)
        self.shared.setAccessibleName(SHARE_TEXT.replace("&", ""))
        self.shared.setChecked(bool(values.get("shared_with_leaders", False)))
        self.follow_up = QCheckBox(FOLLOW_UP_TEXT)
        self.follow_up.setAccessibleName(FOLLOW_UP_TEXT.replace("&", ""))
        self.follow_up.setChecked(bool(values.get("needs_follow_up", False)))
        form.addRow("", self.shared)
        form.addRow("", self.follow_up)
        self.field_widgets = {"checked_on": self.day, "note": self.note, **self.scores}

        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.scores["energy"].setFocus()

    def values(self) -> dict[str, Any]:
        return {
            "checked_on": self.day.iso(),
            **{measure: slider.value() for measure, slider in self.scores.items()},
            "note": self.note.toPlainText().strip(),
            "shared_with_leaders": self.shared.isChecked(),
            "needs_follow_up": self.follow_up.isChecked(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, *, today: date,
            save: Callable[[dict[str, Any]], Result],
            values: dict[str, Any] | None = None) -> Result | None:
        """Show the form until *save* succeeds (its Result) or it is cancelled (None)."""
        return cls(parent, name, today=today, values=values).ask_to_save(save)
