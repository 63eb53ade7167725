"""The short evaluation after PD (Guskey levels 1–3): typed in from a paper form or a chat,
or imported from a forms tool's CSV through the self-assessment import's steps."""

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
from desktop.core import evaluation_import
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.self_assessment_import import PreviewLine, SelfAssessmentImportDialog
from desktop.ui.runner import Runner
from desktop.ui.widgets import problem_label

Perform = Callable[..., Any]
SCALE = [(None, "— not answered"), (1, "1 strongly disagree"), (2, "2 disagree"), (3, "3 neither"),
         (4, "4 agree"), (5, "5 strongly agree")]
ANONYMOUS = "Anonymous"


class EvaluationDialog(QDialog):
    def __init__(self, db: Database, offering_id: str, perform: Perform, parent: QWidget | None = None,
                 *, today: date, staff_id: str | None = None,
                 import_file: Callable[[], Any] | None = None):
        super().__init__(parent)
        self.db, self.offering_id, self.perform = db, offering_id, perform
        self.import_file = import_file
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
        if import_file is not None:
            self.import_button = buttons.addButton("&Import from a forms CSV…",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
            self.import_button.setAccessibleName("Import from a forms CSV")
            self.import_button.clicked.connect(self._import)
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

    def _import(self) -> None:
        """The typed form gives way to the import (nothing typed here is saved)."""
        self.reject()
        self.import_file()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    @classmethod
    def ask(cls, parent, db: Database, offering_id: str, perform: Perform, **options) -> bool:
        return cls(db, offering_id, perform, parent, **options).exec() == QDialog.DialogCode.Accepted


class EvaluationImportDialog(SelfAssessmentImportDialog):
    """Evaluation responses for one offering from a forms CSV: choose, map, preview, import
    (one step for Edit ▸ Undo); an anonymous form is fine, a second import adds nothing."""

    noun = "evaluations"

    def __init__(self, db: Database, offering_id: str, parent: QWidget | None = None, *,
                 today: date, runner: Runner | None = None):
        self.offering_id = offering_id
        offering = catalog.get_offering(db, offering_id)
        self.title = offering.title if offering else ""
        self.window_title = f"Import evaluations — {self.title}"
        super().__init__(db, parent, today=today, runner=runner)
        self.path_edit.setPlaceholderText("A CSV of the evaluation form, from Google Forms or "
                                          "Microsoft Forms")

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, offering_id: str, *, today: date,
            runner: Runner | None = None) -> int:
        dialog = cls(db, offering_id, parent, today=today, runner=runner)
        dialog.exec()
        return dialog.imported

    def _read(self, path):
        return evaluation_import.read_forms_csv(path)

    def _suggest(self, headers: list[str]) -> dict[str, int | None]:
        return evaluation_import.suggest_mapping(headers)

    def _questions(self) -> list[tuple[str, str]]:
        return list(evaluation_import.QUESTIONS.items())

    def _plan(self):
        return evaluation_import.plan_import(
            self.db, self.survey, self.mapping(), offering_id=self.offering_id,
            import_day=self.today, day_first=self.day_first.isChecked())

    def _preview(self, plan) -> list[PreviewLine]:
        lines = [PreviewLine(row.line, "Import", row.teacher_name or ANONYMOUS,
                             f"answered {row.submitted_on}; "
                             f"{sum(v is not None for v in row.ratings.values())} ratings"
                             + ("; a comment" if row.comment else ""))
                 for row in plan.ready]
        for outcome, problems in (("Not matched", plan.unmatched), ("Unusable", plan.malformed),
                                  ("Skipped", plan.skipped)):
            lines += [PreviewLine(p.line, outcome, p.who, p.reason) for p in problems]
        return sorted(lines, key=lambda item: item.line)

    def _apply(self, db: Database, plan) -> int:
        return evaluation_import.apply_plan(db, plan)

    def _label(self, count: int) -> str:
        return f"Import {count} evaluations of {self.title}"
