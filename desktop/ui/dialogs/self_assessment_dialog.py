"""Type in a self-assessment (or correct one): rate 1–4 per indicator, then the open questions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.rubrics import Rubric
from db.self_assessments import HIGHEST_RATING, LOWEST_RATING, SelfAssessment, SelfAssessmentAnswers
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons

OPEN_QUESTIONS = (
    ("career_goals", "&Career goals"),
    ("preferred_formats", "Prefers to learn &through"),
    ("interests", "&Interests"),
    ("support_wanted", "Wants &support with"),
)


class SelfAssessmentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, *, teacher_name: str, rubric: Rubric, today: date,
                 previous: SelfAssessment | None = None, error: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle(f"Self-assessment — {teacher_name}")
        self.resize(720, 720)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        top = QFormLayout()
        self.taken_on = DateField(previous.taken_on if previous else today,
                                  accessible_name="Date taken", allow_empty=False)
        self.field_widgets["taken_on"] = self.taken_on
        label = QLabel("&Date taken")
        label.setBuddy(self.taken_on)
        top.addRow(label, self.taken_on)
        inner_layout.addLayout(top)
        hint = QLabel("Rate each indicator as the teacher sees their practice today. "
                      "Leave “Not rated” where they would rather not say.")
        hint.setWordWrap(True)
        inner_layout.addWidget(hint)

        old = previous.ratings if previous else {}
        self.ratings: dict[str, QComboBox] = {}
        # One label width for every domain, so the rating boxes line up down the whole form.
        names = [f"{i.code} {i.name}" for domain in rubric.domains for i in domain.indicators]
        label_width = min(max((self.fontMetrics().horizontalAdvance(n) for n in names), default=0) + 8,
                          self.fontMetrics().averageCharWidth() * 40)
        for domain in rubric.domains:
            box = QGroupBox(f"{domain.code}. {domain.name}")
            form = QFormLayout(box)
            for indicator in domain.indicators:
                combo = QComboBox()
                combo.addItem("Not rated", None)
                for level in range(LOWEST_RATING, HIGHEST_RATING + 1):
                    combo.addItem(f"{level} {rubric.level_label(level)}", level)
                combo.setCurrentIndex(max(combo.findData(old.get(indicator.id)), 0))
                name = f"{indicator.code} {indicator.name}"
                combo.setAccessibleName(name)
                combo.setToolTip(indicator.description)
                row_label = QLabel(name)
                row_label.setWordWrap(True)
                row_label.setFixedWidth(label_width)
                row_label.setBuddy(combo)
                form.addRow(row_label, combo)
                self.ratings[indicator.id] = combo
            inner_layout.addWidget(box)

        about = QGroupBox("About them")
        about_form = QFormLayout(about)
        self.answers: dict[str, QLineEdit] = {}
        for key, text in OPEN_QUESTIONS:
            edit = QLineEdit(getattr(previous, key) if previous else "")
            edit.setAccessibleName(text.replace("&", ""))
            row_label = QLabel(text)
            row_label.setBuddy(edit)
            about_form.addRow(row_label, edit)
            self.answers[key] = edit
        self.would_lead = QCheckBox("Would &lead a session for colleagues")
        self.would_lead.setChecked(bool(previous and previous.would_lead))
        self.would_mentor = QCheckBox("Would &mentor a colleague")
        self.would_mentor.setChecked(bool(previous and previous.would_mentor))
        about_form.addRow("", self.would_lead)
        about_form.addRow("", self.would_mentor)
        inner_layout.addWidget(about)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def typed(self) -> SelfAssessmentAnswers:
        return self.answers_typed()

    def answers_typed(self) -> SelfAssessmentAnswers:
        return SelfAssessmentAnswers(
            taken_on=self.taken_on.iso(),
            ratings={indicator_id: combo.currentData() for indicator_id, combo in self.ratings.items()
                     if combo.currentData() is not None},
            **{key: edit.text().strip() for key, edit in self.answers.items()},
            would_lead=self.would_lead.isChecked(), would_mentor=self.would_mentor.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, *, teacher_name: str, rubric: Rubric, today: date,
            save: Callable[[SelfAssessmentAnswers], Result],
            previous: SelfAssessment | None = None) -> Result | None:
        """A new self-assessment, or *previous* corrected; *save* writes it."""
        return cls(parent, teacher_name=teacher_name, rubric=rubric, today=today,
                   previous=previous).ask_to_save(save)
