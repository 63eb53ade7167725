"""The short evaluation after PD (Guskey levels 1–3), typed in from a paper form or a chat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import catalog, evaluations, pd
from desktop.ui.dialogs.dates import DateField
from desktop.ui.widgets import problem_label

Perform = Callable[..., Any]
SCALE = [(None, "— not answered"), (1, "1 strongly disagree"), (2, "2 disagree"), (3, "3 neither"),
         (4, "4 agree"), (5, "5 strongly agree")]
ANONYMOUS = "Anonymous"


class EvaluationDialog(QDialog):
    def __init__(self, db: Database, offering_id: str, perform: Perform, parent: QWidget | None = None,
                 *, today: date, staff_id: str | None = None):
        super().__init__(parent)
        self.db, self.offering_id, self.perform = db, offering_id, perform
        offering = catalog.get_offering(db, offering_id)
        self.title = offering.title if offering else ""
        self.setWindowTitle(f"Evaluation — {self.title}")
        self.setObjectName("evaluation-dialog")
        self.problem = problem_label()
        self.who = QComboBox()
        self.who.addItem(ANONYMOUS, None)
        for person in pd.participants(db, offering_id):
            if person.status in ("enrolled", "completed", "incomplete"):
                self.who.addItem(person.teacher_name, person.staff_id)
        if staff_id is not None and self.who.findData(staff_id) >= 0:
            self.who.setCurrentIndex(self.who.findData(staff_id))
        self.day = DateField(today, accessible_name="Date answered")
        self.ratings: dict[str, QComboBox] = {}
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        form = QFormLayout()
        self._row(form, "&Who answered", self.who)
        self._row(form, "&Date answered", self.day)
        for number, (key, label, statement) in enumerate(evaluations.LEVELS, start=1):
            combo = QComboBox()
            for value, words in SCALE:
                combo.addItem(words, value)
            self.ratings[key] = combo
            self._row(form, f"&{number} {label}: {statement}", combo)
        self._row(form, "C&omment", self.comment)
        self.who.currentIndexChanged.connect(lambda _i: self._load_existing())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for kind, name in ((QDialogButtonBox.StandardButton.Save, "Save"),
                           (QDialogButtonBox.StandardButton.Cancel, "Cancel")):
            buttons.button(kind).setAccessibleName(name)
        intro = QLabel("Each statement from 1 (strongly disagree) to 5 (strongly agree). A named "
                       "teacher's evaluation replaces any earlier one of theirs for this offering.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._load_existing()

    def _row(self, form: QFormLayout, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        label.setWordWrap(True)
        widget.setAccessibleName(text.replace("&", ""))
        form.addRow(label, widget)

    def _load_existing(self) -> None:
        staff_id = self.who.currentData()
        found = evaluations.find(self.db, self.offering_id, staff_id) if staff_id else None
        for key, combo in self.ratings.items():
            combo.setCurrentIndex(combo.findData(found.rating(key)) if found else 0)
        self.comment.setPlainText(found.comment if found else "")
        if found:
            self.day.set_iso(found.submitted_on)

    def values(self) -> dict:
        return {"staff_id": self.who.currentData(), "submitted_on": self.day.iso() or "",
                **{key: combo.currentData() for key, combo in self.ratings.items()},
                "comment": self.comment.toPlainText()}

    def accept(self) -> None:
        if not self.day.is_valid():
            self.show_problem(self.day.problem() or "Give the date it was answered.")
            return
        values = self.values()
        who = self.who.currentText()
        result = self.perform(f"Evaluation of {self.title} ({who})",
                              lambda db: evaluations.save(db, self.offering_id, **values),
                              initiator=self, report_corrections=False,
                              status=f"Saved {who}'s evaluation of “{self.title}”.")
        if result.ok:
            super().accept()
        else:
            self.show_problem(result.message or "Not saved.")

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    @classmethod
    def ask(cls, parent, db: Database, offering_id: str, perform: Perform, **options) -> bool:
        return cls(db, offering_id, perform, parent, **options).exec() == QDialog.DialogCode.Accepted
