"""Mark PD as completed: the date, hours credited, the teacher's reflection and rating.

``ask()`` returns the typed values (or None if cancelled); pd.complete() checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QLabel,
    QPlainTextEdit, QVBoxLayout, QWidget,
)

from db.pd import EnrollmentDetail
from desktop.ui.dialogs.dates import DateField
from desktop.ui.widgets import save_cancel_buttons


@dataclass(frozen=True)
class Completion:
    completed_on: str
    hours: float
    learned: str
    use: str
    rating: int | None


class CompletionDialog(QDialog):
    def __init__(self, parent: QWidget | None, detail: EnrollmentDetail, *, offering_hours: float,
                 today: date, start: Completion | None = None, error: str = ""):
        super().__init__(parent)
        self.setWindowTitle(f"Completed — {detail.offering_title}")
        self.setMinimumWidth(520)
        if start is None and detail.status == "completed":
            start = Completion(detail.completed_on or today.isoformat(), detail.hours_credited,
                               detail.reflection_learned, detail.reflection_use, detail.rating)
        intro = QLabel(f"{detail.teacher_name} completed “{detail.offering_title}”. Their "
                       "reflection is what shows whether the learning reached the classroom.")
        intro.setWordWrap(True)
        self.error_label = QLabel(error)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.error_label.setAccessibleName("Problem")
        self.error_label.setAccessibleDescription(error)
        self.error_label.setVisible(bool(error))

        form = QFormLayout()
        self.completed_on = DateField(start.completed_on if start else today,
                                      accessible_name="Completed on", allow_empty=False)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(start.hours if start else offering_hours)
        self.learned = QPlainTextEdit(start.learned if start else "")
        self.learned.setTabChangesFocus(True)
        self.learned.setPlaceholderText("What I learned")
        self.use = QPlainTextEdit(start.use if start else "")
        self.use.setTabChangesFocus(True)
        self.use.setPlaceholderText("How I will use it in my classroom")
        self.rating = QComboBox()
        self.rating.addItem("No rating", None)
        for value, words in ((1, "1 — not useful"), (2, "2"), (3, "3 — useful"), (4, "4"),
                             (5, "5 — very useful")):
            self.rating.addItem(words, value)
        self.rating.setCurrentIndex(max(self.rating.findData(start.rating if start else None), 0))
        for text, widget in (("Completed &on", self.completed_on), ("&Hours credited", self.hours),
                             ("What I &learned", self.learned), ("How I will &use it", self.use),
                             ("&Rating", self.rating)):
            widget.setAccessibleName(text.replace("&", ""))
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)

        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.learned.setFocus()

    def completion(self) -> Completion:
        return Completion(self.completed_on.iso(), self.hours.value(),
                          self.learned.toPlainText().strip(), self.use.toPlainText().strip(),
                          self.rating.currentData())

    @classmethod
    def ask(cls, parent: QWidget | None, detail: EnrollmentDetail, *, offering_hours: float,
            today: date, start: Completion | None = None, error: str = "") -> Completion | None:
        dialog = cls(parent, detail, offering_hours=offering_hours, today=today, start=start,
                     error=error)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.completion()
