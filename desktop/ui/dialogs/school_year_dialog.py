"""Start the next school year: its name, first and last day, terms; what carries forward
and what closes. ``ask()`` saves the year as typed (a YearPlan) through *save* and returns
its Result, or None if cancelled; a year that cannot be saved (terms that overlap, say) is
shown in the form, which stays open with everything still typed.

Nothing is moved or deleted: the year that ends keeps its records, and the year picker on
every tab shows them again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.school_years import Rollover, Term, YearPlan
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons

MAX_TERMS = 6


class _TermRow:
    def __init__(self, grid: QGridLayout, row: int, term: Term | None):
        number = row
        self.name = QLineEdit(term.name if term else f"Term {number}")
        self.name.setAccessibleName(f"Term {number} name")
        self.first = DateField(term.first_day if term else None, accessible_name=f"Term {number} first day",
                               allow_empty=False)
        self.last = DateField(term.last_day if term else None, accessible_name=f"Term {number} last day",
                              allow_empty=False)
        self.widgets = (self.name, self.first, self.last)
        for column, widget in enumerate(self.widgets):
            grid.addWidget(widget, row, column)

    def term(self) -> Term:
        return Term(self.name.text().strip(), self.first.value(), self.last.value())

    def remove(self) -> None:
        for widget in self.widgets:
            widget.setParent(None)
            widget.deleteLater()


def _bullets(lines: list[str]) -> QLabel:
    label = QLabel("<ul style='margin: 0 0 0 -20px'>" + "".join(f"<li>{line}</li>" for line in lines)
                   + "</ul>")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName("; ".join(lines))
    return label


class SchoolYearDialog(FormDialog):
    def __init__(self, parent: QWidget | None, plan: YearPlan, summary: Rollover, *,
                 error: str = ""):
        super().__init__(parent, error=error)
        closing = summary.closing.name
        self.setWindowTitle(f"Start the {plan.name} school year")
        self.setMinimumWidth(680)
        intro = QLabel(f"{summary.closing.ended_text()}. Starting {plan.name} makes it the current "
                       f"year: the figures “this year” and “this term” count from its first day. "
                       f"{closing} stays as it is, and every tab's School year list shows it again.")
        intro.setWordWrap(True)

        form = QFormLayout()
        self.name = QLineEdit(plan.name)
        self.first_day = DateField(plan.first_day, accessible_name="First day", allow_empty=False)
        self.last_day = DateField(plan.last_day, accessible_name="Last day", allow_empty=False)
        for text, widget in (("&Name", self.name), ("&First day", self.first_day),
                             ("&Last day", self.last_day)):
            label = QLabel(text)
            label.setBuddy(widget)
            if isinstance(widget, QLineEdit):
                widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        self.field_widgets = {"name": self.name, "first_day": self.first_day,
                              "last_day": self.last_day}

        terms_box = QGroupBox("Terms")
        self.terms_grid = QGridLayout()
        for column, text in enumerate(("Name", "First day", "Last day")):
            heading = QLabel(f"<b>{text}</b>")
            self.terms_grid.addWidget(heading, 0, column)
        self.term_rows: list[_TermRow] = []
        for term in plan.terms:
            self._add_term(term)
        self.add_term_button = QPushButton("&Add a term")
        self.add_term_button.setAccessibleName("Add a term")
        self.add_term_button.clicked.connect(lambda: self._add_term(None))
        self.remove_term_button = QPushButton("&Remove the last term")
        self.remove_term_button.setAccessibleName("Remove the last term")
        self.remove_term_button.clicked.connect(self._remove_term)
        term_buttons = QHBoxLayout()
        term_buttons.addWidget(self.add_term_button)
        term_buttons.addWidget(self.remove_term_button)
        term_buttons.addStretch(1)
        terms_layout = QVBoxLayout(terms_box)
        terms_layout.addLayout(self.terms_grid)
        terms_layout.addLayout(term_buttons)
        self._update_term_buttons()

        carried = QGroupBox(f"Carries forward into {plan.name}")
        QVBoxLayout(carried).addWidget(_bullets(summary.carries_forward()))
        closes = QGroupBox(f"Closes with {closing}")
        QVBoxLayout(closes).addWidget(_bullets(summary.closes()))
        summaries = QHBoxLayout()
        summaries.addWidget(carried, 1)
        summaries.addWidget(closes, 1)

        buttons = save_cancel_buttons(self)
        self.start_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.start_button.setText(f"&Start {plan.name}")
        self.start_button.setAccessibleName(f"Start {plan.name}")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(terms_box)
        layout.addLayout(summaries)
        layout.addWidget(buttons)
        self.name.setFocus()

    def _add_term(self, term: Term | None) -> None:
        if len(self.term_rows) >= MAX_TERMS:
            return
        if term is None:
            # A new term runs from the day after the last one to the year's last day.
            last_day = self.last_day.value() if self.last_day.is_valid() else None
            previous = self.term_rows[-1].last if self.term_rows else self.first_day
            begins = previous.value() if previous.is_valid() else None
            if begins is not None and self.term_rows:
                begins += timedelta(days=1)
            if begins and last_day and begins <= last_day:
                term = Term(f"Term {len(self.term_rows) + 1}", begins, last_day)
        self.term_rows.append(_TermRow(self.terms_grid, len(self.term_rows) + 1, term))
        self._update_term_buttons()

    def _remove_term(self) -> None:
        if len(self.term_rows) > 1:
            self.term_rows.pop().remove()
        self._update_term_buttons()

    def _update_term_buttons(self) -> None:
        if hasattr(self, "add_term_button"):
            self.add_term_button.setEnabled(len(self.term_rows) < MAX_TERMS)
            self.remove_term_button.setEnabled(len(self.term_rows) > 1)

    def plan(self) -> YearPlan:
        first, last = self.first_day.value(), self.last_day.value()
        return YearPlan(self.name.text().strip(), first or date.min, last or date.min,
                        tuple(row.term() for row in self.term_rows))

    def values(self) -> YearPlan:
        return self.plan()

    @classmethod
    def ask(cls, parent: QWidget | None, plan: YearPlan, summary: Rollover, *,
            save: Callable[[YearPlan], Result]) -> Result | None:
        """Show the form until *save* succeeds (its Result) or it is cancelled (None)."""
        return cls(parent, plan, summary).ask_to_save(save)
