"""Write a goal SMART: the form on the left, the live SMART ticks beside it.

``GoalDialog.ask()`` saves the typed values (a dict for ``db.goals.add_goal`` /
``update_goal``) through *save* and returns its Result, or None if cancelled. Ticks are
✓/✗ with words, never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.goals import STAGES, STATUSES, GoalDetail, GoalTemplate, label
from desktop.core import smart
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons

PASS_MARK, FAIL_MARK = "✓", "✗"


@dataclass(frozen=True)
class IndicatorChoice:
    code: str
    name: str


class GoalDialog(FormDialog):
    def __init__(self, parent: QWidget | None, *, teacher_name: str,
                 indicators: list[IndicatorChoice], templates: list[GoalTemplate] = (),
                 goal: GoalDetail | None = None, values: dict[str, Any] | None = None,
                 error: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle(f"Edit goal — {teacher_name}" if goal else f"New goal — {teacher_name}")
        self.setMinimumWidth(820)
        start: dict[str, Any] = {}
        if goal is not None:
            start = {key: getattr(goal, key) for key in (
                "title", "description", "measure", "baseline", "target", "relevance",
                "indicator_code", "start_on", "due_on", "status", "cycle_stage")}
        start.update(values or {})
        self.templates = list(templates)


        form = QFormLayout()
        self.template = QComboBox()
        self.template.addItem("— none —", None)
        for template in self.templates:
            self.template.addItem(template.title, template.id)
        if self.templates and goal is None:
            self.add_field(form, "Start from &template", self.template)
            self.template.activated.connect(self._apply_template)
        self.title = QLineEdit(start.get("title") or "")
        self.add_field(form, "&Title", self.title)
        self.description = QPlainTextEdit(start.get("description") or "")
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("What will change, for whom, in which lessons")
        self.description.setFixedHeight(70)
        self.add_field(form, "&Goal statement", self.description)
        self.measure = QLineEdit(start.get("measure") or "")
        self.measure.setPlaceholderText("e.g. open questions per lesson, from walkthrough tallies")
        self.add_field(form, "&Measure", self.measure)
        self.baseline = QLineEdit(start.get("baseline") or "")
        self.add_field(form, "&Baseline (now)", self.baseline)
        self.target = QLineEdit(start.get("target") or "")
        self.add_field(form, "Ta&rget", self.target)
        self.indicator = QComboBox()
        self.indicator.addItem("— not linked —", None)
        for choice in indicators:
            self.indicator.addItem(f"{choice.code} {choice.name}", choice.code)
        found = self.indicator.findData(start.get("indicator_code"))
        self.indicator.setCurrentIndex(max(found, 0))
        self.add_field(form, "&Indicator", self.indicator)
        self.relevance = QLineEdit(start.get("relevance") or "")
        self.relevance.setPlaceholderText("Why this matters for the teacher and the students")
        self.add_field(form, "&Why it matters", self.relevance)
        for edit in (self.title, self.measure, self.baseline, self.target, self.relevance):
            edit.setCursorPosition(0)   # a long value shows its beginning, not its end
        self.start_on = DateField(start.get("start_on"), accessible_name="Start date")
        self.add_field(form, "&Start date", self.start_on)
        self.due_on = DateField(start.get("due_on"), accessible_name="Due date")
        self.add_field(form, "&Due date", self.due_on)
        self.stage = QComboBox()
        for code in STAGES:
            self.stage.addItem(label(code), code)
        self.stage.setCurrentIndex(max(self.stage.findData(start.get("cycle_stage") or "identify"), 0))
        self.add_field(form, "Coaching-cycle s&tage", self.stage)
        self.status = QComboBox()
        for code in STATUSES:
            self.status.addItem(label(code), code)
        self.status.setCurrentIndex(max(self.status.findData(start.get("status") or "active"), 0))
        self.add_field(form, "Stat&us", self.status)
        self.field_widgets = {
            "title": self.title, "description": self.description, "measure": self.measure,
            "baseline": self.baseline, "target": self.target, "indicator_code": self.indicator,
            "relevance": self.relevance, "start_on": self.start_on, "due_on": self.due_on,
            "cycle_stage": self.stage, "status": self.status}

        self.checks_box = QGroupBox("SMART checks")
        self.checks_box.setAccessibleName("SMART checks")
        checks_layout = QVBoxLayout(self.checks_box)
        self.check_labels: dict[str, QLabel] = {}
        for item in smart.check(smart.GoalDraft()):
            line = QLabel()
            line.setWordWrap(True)
            line.setObjectName(f"smart-{item.key}")
            checks_layout.addWidget(line)
            self.check_labels[item.key] = line
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("SMART summary")
        checks_layout.addStretch(1)
        checks_layout.addWidget(self.summary)
        self.checks_box.setMinimumWidth(300)

        body = QHBoxLayout()
        body.addLayout(form, 3)
        body.addWidget(self.checks_box, 2)
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(body)
        layout.addWidget(buttons)

        for edit in (self.title, self.measure, self.baseline, self.target, self.relevance):
            edit.textChanged.connect(self.update_checks)
        self.description.textChanged.connect(self.update_checks)
        self.indicator.currentIndexChanged.connect(self.update_checks)
        self.start_on.dateChanged.connect(self.update_checks)
        self.due_on.dateChanged.connect(self.update_checks)
        self.update_checks()
        (self.template if self.templates and goal is None else self.title).setFocus()

    def _apply_template(self, index: int) -> None:
        template_id = self.template.itemData(index)
        template = next((t for t in self.templates if t.id == template_id), None)
        if template is None:
            return
        self.title.setText(template.title)
        self.description.setPlainText(template.description)
        self.measure.setText(template.measure)
        if template.indicator_code:
            self.indicator.setCurrentIndex(max(self.indicator.findData(template.indicator_code), 0))

    def draft(self) -> smart.GoalDraft:
        return smart.GoalDraft(
            title=self.title.text(), description=self.description.toPlainText(),
            measure=self.measure.text(), baseline=self.baseline.text(), target=self.target.text(),
            indicator_code=self.indicator.currentData(), start_on=self.start_on.value(),
            due_on=self.due_on.value())

    def checks(self) -> list[smart.SmartCheck]:
        return smart.check(self.draft())

    def update_checks(self, *args) -> None:
        results = self.checks()
        for item in results:
            line = self.check_labels[item.key]
            text = f"{PASS_MARK} {item.label}" if item.passed else (
                f"{FAIL_MARK} {item.label} — {item.advice}")
            line.setText(text)
            line.setAccessibleName(f"{item.label}: {'met' if item.passed else 'not yet'}")
            line.setAccessibleDescription(item.advice)
            line.setStyleSheet("color: #1e6b3a;" if item.passed else "color: #8a4b00;")
        passed = sum(item.passed for item in results)
        self.summary.setText(f"{passed} of {len(results)} SMART checks met." + (
            "" if passed == len(results) else " You can save now and finish it later."))

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text().strip(),
            "description": self.description.toPlainText().strip(),
            "measure": self.measure.text().strip(),
            "baseline": self.baseline.text().strip(),
            "target": self.target.text().strip(),
            "relevance": self.relevance.text().strip(),
            "indicator_code": self.indicator.currentData(),
            "start_on": self.start_on.iso(),
            "due_on": self.due_on.iso(),
            "cycle_stage": self.stage.currentData(),
            "status": self.status.currentData(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, *, teacher_name: str, indicators: list[IndicatorChoice],
            save: Callable[[dict[str, Any]], Result], templates: list[GoalTemplate] = (),
            goal: GoalDetail | None = None, values: dict[str, Any] | None = None) -> Result | None:
        """Show the form until *save* succeeds (its Result) or it is cancelled (None)."""
        return cls(parent, teacher_name=teacher_name, indicators=indicators, templates=templates,
                   goal=goal, values=values).ask_to_save(save)


STEP_STATUSES = (("open", "Open"), ("done", "Done"), ("mastered", "Mastered"))


class StepDialog(FormDialog):
    """One action step: what to do, by when, and (for a step being corrected) its status."""

    def __init__(self, parent: QWidget | None, *, goal_title: str, description: str = "",
                 due_on: str | None = None, status: str | None = None, error: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle(f"Action step — {goal_title}")
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.description = QLineEdit(description)
        self.add_field(form, "&Action step", self.description)
        self.due_on = DateField(due_on, accessible_name="Due date")
        self.add_field(form, "&Due date", self.due_on)
        self.status = QComboBox()
        for code, words in STEP_STATUSES:
            self.status.addItem(words, code)
        self.status.setCurrentIndex(max(self.status.findData(status or "open"), 0))
        if status is not None:   # a new step is always open; an edited one can be corrected
            self.add_field(form, "&Status", self.status)
        else:
            self.status.hide()
        self.field_widgets = {"description": self.description, "due_on": self.due_on,
                              "status": self.status}
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        typed = {"description": self.description.text().strip(), "due_on": self.due_on.iso()}
        if not self.status.isHidden():
            typed["status"] = self.status.currentData()
        return typed

    @classmethod
    def ask(cls, parent: QWidget | None, *, goal_title: str,
            save: Callable[[dict[str, Any]], Result], description: str = "",
            due_on: str | None = None, status: str | None = None) -> Result | None:
        """A new step (*status* None) or a correction of one; *save* writes it."""
        return cls(parent, goal_title=goal_title, description=description, due_on=due_on,
                   status=status).ask_to_save(save)
