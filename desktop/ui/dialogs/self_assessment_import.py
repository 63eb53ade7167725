"""Import self-assessment responses from a forms tool's CSV: choose, map columns, preview, import.

Nothing is written until Import is pressed; then the whole file goes in one
transaction through the window's runner, one step for Edit ▸ Undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import rubrics
from desktop.core import self_assessment_import as survey_import
from desktop.errors import UserFacingError
from desktop.ui.models.table import Column, DataclassTableModel
from desktop.ui.runner import Runner
from desktop.ui.widgets import ListPanel


@dataclass(frozen=True)
class PreviewLine:
    line: int
    outcome: str     # Import, Not matched, Unusable, Skipped
    who: str
    detail: str


class ImportPreviewModel(DataclassTableModel[PreviewLine]):
    columns = (
        Column("Line", lambda r: str(r.line), sort_key=lambda r: r.line, width=6),
        Column("Outcome", lambda r: r.outcome, width=12),
        Column("Teacher or email", lambda r: r.who, width=26),
        Column("Details", lambda r: r.detail, tooltip=lambda r: r.detail),
    )


def preview_lines(plan: survey_import.ImportPlan) -> list[PreviewLine]:
    lines = [PreviewLine(row.line, "Import", row.teacher_name,
                         f"taken {row.answers.taken_on}; {len(row.answers.ratings)} ratings")
             for row in plan.ready]
    for outcome, problems in (("Not matched", plan.unmatched), ("Unusable", plan.malformed),
                              ("Skipped", plan.skipped)):
        lines += [PreviewLine(p.line, outcome, p.who, p.reason) for p in problems]
    return sorted(lines, key=lambda item: item.line)


class SelfAssessmentImportDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date,
                 runner: Runner | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today
        self.runner = runner if runner is not None else Runner(db, None, self)
        self.survey: survey_import.SurveyFile | None = None
        self.plan: survey_import.ImportPlan | None = None
        self.imported = 0
        self.rubric_id = rubrics.default_rubric_id(db)
        self.indicators = rubrics.indicators(db, self.rubric_id) if self.rubric_id else []
        self.setWindowTitle("Import self-assessment responses")
        self.resize(980, 720)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setAccessibleName("Responses file")
        self.path_edit.setPlaceholderText("A CSV downloaded from Google Forms or Microsoft Forms")
        choose = QPushButton("&Choose CSV…")
        choose.clicked.connect(self.pick_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(choose)

        self.mapping_box = QGroupBox("Which column answers which question")
        self.mapping_form = QFormLayout()
        mapping_inner = QWidget()
        mapping_inner.setLayout(self.mapping_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(mapping_inner)
        box_layout = QVBoxLayout(self.mapping_box)
        box_layout.addWidget(scroll)
        self.day_first = QCheckBox("Dates are written &day first (15/09/2026)")
        self.day_first.toggled.connect(self.refresh_plan)
        box_layout.addWidget(self.day_first)
        self.combos: dict[str, QComboBox] = {}

        self.preview = ListPanel("Preview", ImportPreviewModel(),
                                 empty_text="Choose a CSV file to see what would be imported.")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.mapping_box)
        split.addWidget(self.preview)
        split.setSizes([470, 510])
        split.setChildrenCollapsible(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        if not self.indicators:
            self._show_summary("There is no rubric yet, so only the open questions can be imported.")

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, *, today: date,
            runner: Runner | None = None) -> int:
        """Returns how many self-assessments were imported (0 if cancelled)."""
        dialog = cls(db, parent, today=today, runner=runner)
        dialog.exec()
        return dialog.imported

    def pick_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose the responses CSV", "",
                                              "CSV files (*.csv *.txt);;All files (*)")
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        try:
            self.survey = survey_import.read_survey_csv(path)
        except (UserFacingError, OSError) as error:
            self.survey = None
            self._build_mapping({})
            self._show_plan(None)
            self._show_summary(str(error), problem=True)
            return
        self._build_mapping(survey_import.suggest_mapping(self.survey.headers, self.indicators))
        self.refresh_plan()

    def _questions(self) -> list[tuple[str, str]]:
        return ([(key, text) for key, text in survey_import.QUESTIONS.items()]
                + [(survey_import.indicator_key(i.id), f"Rating: {i.code} {i.name}")
                   for i in self.indicators])

    def _build_mapping(self, mapping: dict[str, int | None]) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos = {}
        if self.survey is None:
            return
        for key, text in self._questions():
            combo = QComboBox()
            combo.addItem("— not in this file —", None)
            for index, header in enumerate(self.survey.headers):
                combo.addItem(f"{index + 1}: {header[:60]}", index)
            combo.setCurrentIndex(max(combo.findData(mapping.get(key)), 0))
            combo.setAccessibleName(text)
            combo.currentIndexChanged.connect(self.refresh_plan)
            label = QLabel(text)
            label.setWordWrap(True)
            label.setBuddy(combo)
            self.mapping_form.addRow(label, combo)
            self.combos[key] = combo

    def mapping(self) -> dict[str, int | None]:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def set_column(self, key: str, index: int | None) -> None:
        """Choose the column for one question (the tests' and the keyboard's way in)."""
        combo = self.combos[key]
        combo.setCurrentIndex(max(combo.findData(index), 0))

    def refresh_plan(self, *args) -> None:
        if self.survey is None:
            return
        try:
            self.plan = survey_import.plan_import(
                self.db, self.survey, self.mapping(), rubric_id=self.rubric_id,
                import_day=self.today, day_first=self.day_first.isChecked())
        except UserFacingError as error:
            self._show_plan(None)
            self._show_summary(str(error), problem=True)
            return
        self._show_plan(self.plan)
        self._show_summary(self.plan.summary() + (
            "" if self.plan.ready else " Nothing to import yet."), problem=not self.plan.ready)

    def _show_plan(self, plan: survey_import.ImportPlan | None) -> None:
        self.plan = plan
        self.preview.model.set_rows(preview_lines(plan) if plan else [])
        self.import_button.setEnabled(bool(plan and plan.ready))

    def _show_summary(self, text: str, *, problem: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setAccessibleDescription(text)
        self.summary.setStyleSheet("color: #b3261e;" if problem else "")

    def import_now(self) -> None:
        plan = self.plan
        if plan is None or not plan.ready:
            return
        result = self.runner.perform(f"Import {len(plan.ready)} self-assessments",
                                     lambda db: survey_import.apply_plan(db, plan),
                                     status=f"Imported {len(plan.ready)} self-assessments.",
                                     report_corrections=False)
        if not result.ok:
            self._show_summary(f"Nothing was imported: {result.message}", problem=True)
            return
        self.imported = result.value
        self.accept()
