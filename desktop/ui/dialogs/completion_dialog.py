"""Mark PD as completed: the date, hours credited, the teacher's reflection and rating.

``ask()`` saves the typed values through *save* (pd.complete() checks them) and returns
its Result, or None if cancelled; a problem keeps the form open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.pd import EnrollmentDetail
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons

ENROLLMENT_STATUSES = (("interested", "Interested"), ("enrolled", "Enrolled"),
                       ("waitlisted", "On the waitlist"), ("completed", "Completed"),
                       ("withdrawn", "Withdrawn"))


@dataclass(frozen=True)
class Completion:
    completed_on: str
    hours: float
    learned: str
    use: str
    rating: int | None


class CompletionDialog(FormDialog):
    def __init__(self, parent: QWidget | None, detail: EnrollmentDetail, *, offering_hours: float,
                 today: date, start: Completion | None = None, error: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle(f"Completed — {detail.offering_title}")
        self.setMinimumWidth(520)
        if start is None and detail.status == "completed":
            start = Completion(detail.completed_on or today.isoformat(), detail.hours_credited,
                               detail.reflection_learned, detail.reflection_use, detail.rating)
        intro = QLabel(f"{detail.teacher_name} completed “{detail.offering_title}”. Their "
                       "reflection is what shows whether the learning reached the classroom.")
        intro.setWordWrap(True)
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
        self.field_widgets = {"completed_on": self.completed_on, "hours": self.hours,
                              "learned": self.learned, "use": self.use, "rating": self.rating}

        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.learned.setFocus()

    def typed(self) -> Completion:
        return self.completion()

    def completion(self) -> Completion:
        return Completion(self.completed_on.iso(), self.hours.value(),
                          self.learned.toPlainText().strip(), self.use.toPlainText().strip(),
                          self.rating.currentData())

    @classmethod
    def ask(cls, parent: QWidget | None, detail: EnrollmentDetail, *, offering_hours: float,
            today: date, save: Callable[[Completion], Result]) -> Result | None:
        """Show the form until *save* succeeds (its Result) or it is cancelled (None)."""
        return cls(parent, detail, offering_hours=offering_hours, today=today).ask_to_save(save)


class EnrollmentDialog(FormDialog):
    """Correct an enrollment entered wrongly: its status, dates, hours and reflection."""

    def __init__(self, parent: QWidget | None, detail: EnrollmentDetail, *, today: date):
        super().__init__(parent)
        self.setWindowTitle(f"Enrollment — {detail.teacher_name}, {detail.offering_title}")
        self.setMinimumWidth(520)
        form = QFormLayout()
        self.status = QComboBox()
        for code, words in ENROLLMENT_STATUSES:
            self.status.addItem(words, code)
        self.status.setCurrentIndex(max(self.status.findData(detail.status), 0))
        self.enrolled_on = DateField(detail.enrolled_on, accessible_name="Enrolled on")
        self.completed_on = DateField(detail.completed_on, accessible_name="Completed on")
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(detail.hours_credited)
        self.learned = QPlainTextEdit(detail.reflection_learned)
        self.learned.setTabChangesFocus(True)
        self.use = QPlainTextEdit(detail.reflection_use)
        self.use.setTabChangesFocus(True)
        for box in (self.learned, self.use):
            box.setFixedHeight(80)
        self.rating = QComboBox()
        self.rating.addItem("No rating", None)
        for value in range(1, 6):
            self.rating.addItem(f"{value} of 5", value)
        self.rating.setCurrentIndex(max(self.rating.findData(detail.rating), 0))
        for text, widget, key in (("&Status", self.status, "status"),
                                  ("&Enrolled on", self.enrolled_on, "enrolled_on"),
                                  ("Completed &on", self.completed_on, "completed_on"),
                                  ("&Hours credited", self.hours, "hours"),
                                  ("What I &learned", self.learned, "learned"),
                                  ("How I will &use it", self.use, "use"),
                                  ("&Rating", self.rating, "rating")):
            self.add_field(form, text, widget, key)
        self.lay_out(form)
        self.status.setFocus()

    def values(self) -> dict:
        return {"status": self.status.currentData(), "enrolled_on": self.enrolled_on.iso(),
                "completed_on": self.completed_on.iso(), "hours": self.hours.value(),
                "learned": self.learned.toPlainText().strip(),
                "use": self.use.toPlainText().strip(), "rating": self.rating.currentData()}

    @classmethod
    def ask(cls, parent: QWidget | None, detail: EnrollmentDetail, *, today: date,
            save: Callable[[dict], Result]) -> Result | None:
        return cls(parent, detail, today=today).ask_to_save(save)
