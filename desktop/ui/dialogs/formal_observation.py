"""Formal (or informal) observation: pre-conference, full-rubric scoring with evidence per
indicator, post-conference, the agreed next step and the goal it serves.

Like the walkthrough, every edit is saved as it is made; the observation stays a draft
until Mark complete. An existing observation opens with the rubric version it was
scored with, so an old visit reads exactly as it was, and every field of it (teacher,
date, observer, kind, tags, scores, evidence, notes) can still be corrected.

Undo takes back one edit at a time: a score, or all the typing in one field (see
:mod:`desktop.ui.dialogs.walkthrough`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import clock, goals, observations, rubrics, staff
from db.operations import Changes
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.walkthrough import FIELD_NAMES, touches_visit, usual_observer
from desktop.ui.runner import Result, Runner

NOT_SCORED = -1
NOT_SEEN = 0
KIND_NAMES = {"formal": "Formal observation", "informal": "Informal visit"}


class FormalObservationDialog(QDialog):
    completed = Signal(str)

    def __init__(self, db: Database, *, runner: Runner | None = None,
                 observation_id: str | None = None, staff_id: str | None = None,
                 kind: str = "formal", today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.runner = runner if runner is not None else Runner(db, None, self)
        self.runner.changed.connect(self._changed_elsewhere)
        self.teacher_name = ""
        self.today = today or clock.today()
        self.kind = kind
        self.observation_id: str | None = None
        self._loading = True
        self.setWindowTitle(KIND_NAMES.get(kind, "Observation"))
        self.setMinimumSize(820, 680)

        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.problem.setAccessibleName("Problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.save_state = QLabel("")
        self.save_state.setAccessibleName("Save state")

        self.teacher = QComboBox()
        self.teacher.setAccessibleName("Teacher")
        self.teacher.addItem("Pick a teacher…", None)
        for member in staff.list_staff(db, role="teacher"):
            self.teacher.addItem(member.full_name, member.id)
        self.teacher.currentIndexChanged.connect(self._teacher_picked)
        self.observer = QComboBox()
        self.observer.setAccessibleName("Observer")
        self.observer.addItem("Not recorded", None)
        for member in staff.list_staff(db):
            if member.role != "teacher":
                self.observer.addItem(member.full_name, member.id)
        usual = usual_observer(db)
        if usual and not observation_id:
            self.observer.setCurrentIndex(max(self.observer.findData(usual), 0))
        self.observer.currentIndexChanged.connect(
            lambda *_: self._save_field("observer_id", self.observer.currentData()))
        self.observed_on = DateField(self.today, accessible_name="Date", allow_empty=False)
        self.observed_on.dateChanged.connect(
            lambda day: self._save_field("observed_on", day) if day else None)
        self.context = QLineEdit()
        self.context.setAccessibleName("Class")
        self.context.setPlaceholderText("subject, period, room")
        self.context.textEdited.connect(lambda text: self._save_field("class_context", text))
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Kind")
        for code in observations.KINDS:
            self.kind_box.addItem(code.capitalize(), code)
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(kind), 0))
        self.kind_box.currentIndexChanged.connect(
            lambda *_: self._save_field("kind", self.kind_box.currentData()))
        self.tags = QLineEdit()
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("comma separated")
        self.tags.textEdited.connect(lambda text: self._save_field("tags", text))
        self.goal = QComboBox()
        self.goal.setAccessibleName("Linked goal")
        self.goal.currentIndexChanged.connect(
            lambda *_: self._save_field("goal_id", self.goal.currentData()))

        head = QFormLayout()
        for text, widget in (("&Teacher", self.teacher), ("O&bserver", self.observer),
                             ("&Date", self.observed_on), ("&Kind", self.kind_box),
                             ("&Class", self.context), ("T&ags", self.tags),
                             ("Linked &goal", self.goal)):
            label = QLabel(text)
            label.setBuddy(widget)
            head.addRow(label, widget)

        self.stages = QTabWidget()
        self.stages.setAccessibleName("Stages")
        self.pre_notes = self._notes("Pre-conference notes", "pre_conference_notes",
                                     "What the teacher wants feedback on; the lesson's plan")
        self.stages.addTab(self.pre_notes, "1 Pre-conference")
        self.scoring = QScrollArea()
        self.scoring.setWidgetResizable(True)
        self.scoring.setAccessibleName("Rubric scoring")
        self.stages.addTab(self.scoring, "2 Rubric scoring")
        post = QWidget()
        post_layout = QFormLayout(post)
        self.post_notes = self._notes("Post-conference notes", "post_conference_notes",
                                      "What you discussed afterwards")
        self.glow = QLineEdit()
        self.glow.setAccessibleName("Glow")
        self.glow.textEdited.connect(lambda text: self._save_field("glow", text))
        self.grow = QLineEdit()
        self.grow.setAccessibleName("Grow")
        self.grow.textEdited.connect(lambda text: self._save_field("grow", text))
        self.next_step = QLineEdit()
        self.next_step.setAccessibleName("Agreed next step")
        self.next_step.textEdited.connect(lambda text: self._save_field("next_step", text))
        self.private_note = QLineEdit()
        self.private_note.setAccessibleName("Private note")
        self.private_note.setPlaceholderText("Only for you; never printed or copied")
        self.private_note.textEdited.connect(lambda text: self._save_field("private_note", text))
        for text, widget in (("P&ost-conference notes", self.post_notes), ("G&low", self.glow),
                             ("G&row", self.grow), ("Agreed &next step", self.next_step),
                             ("&Private note", self.private_note)):
            label = QLabel(text)
            label.setBuddy(widget)
            post_layout.addRow(label, widget)
        self.stages.addTab(post, "3 Post-conference")
        for number in range(3):
            QShortcut(QKeySequence(f"Alt+{number + 1}"), self,
                      activated=lambda n=number: self.stages.setCurrentIndex(n))

        self.complete_button = QPushButton("&Mark complete")
        self.complete_button.setAccessibleName("Mark complete")
        self.complete_button.clicked.connect(self.mark_complete)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setAccessibleName("Delete")
        self.delete_button.clicked.connect(self.delete_observation)
        close = QPushButton("Close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.reject)
        for button in (self.complete_button, self.delete_button, close):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_state)
        buttons.addWidget(close)
        buttons.addWidget(self.complete_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(head)
        layout.addWidget(self.stages, 1)
        layout.addLayout(buttons)

        self.score_boxes: dict[str, QComboBox] = {}
        self.evidence_boxes: dict[str, QLineEdit] = {}
        if observation_id:
            self.load(observation_id)
        else:
            self._set_enabled(False)
            self._loading = False
            index = self.teacher.findData(staff_id) if staff_id else -1
            if index > 0:
                self.teacher.setCurrentIndex(index)
        self._loading = False

    def _notes(self, name: str, column: str, hint: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setAccessibleName(name)
        box.setPlaceholderText(hint)
        box.setTabChangesFocus(True)
        box.textChanged.connect(lambda: self._save_field(column, box.toPlainText()))
        return box

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.observer, self.observed_on, self.kind_box, self.context, self.tags,
                       self.goal, self.stages, self.complete_button, self.delete_button):
            widget.setEnabled(enabled)

    # -- creating and loading -------------------------------------------------------------------
    def _teacher_picked(self, *args) -> None:
        if self._loading:
            return
        teacher_id = self.teacher.currentData()
        if teacher_id is None:
            return
        if self.observation_id:
            self._save_field("staff_id", teacher_id)
            self._fill_goals(teacher_id, None)
            return
        rubric_id = rubrics.default_rubric_id(self.db)
        if rubric_id is None:
            self._show_problem("There is no rubric to score with yet. Import one from the "
                               "Observations tab (Import rubric…).")
            return
        observer_id = self.observer.currentData()
        if not self.observed_on.check():
            return
        day = self.observed_on.iso()
        kind = self.kind_box.currentData() or self.kind
        result = self.runner.perform(
            f"Start a {kind} observation of {self.teacher.currentText()}",
            lambda db: observations.start_observation(
                db, staff_id=teacher_id, rubric_id=rubric_id, kind=kind, observed_on=day,
                observer_id=observer_id), initiator=self, report_corrections=False)
        if result.ok:
            self.load(result.value)
        elif result.correction is not None:
            self._show_problem(str(result.correction))

    def load(self, observation_id: str) -> None:
        found = observations.get_observation(self.db, observation_id)
        if found is None:
            self._show_problem("That observation no longer exists.")
            return
        self._loading = True
        self.observation_id = observation_id
        self.kind = found.kind
        self.teacher_name = found.teacher_name
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(found.kind), 0))
        self.tags.setText(found.tags)
        self.setWindowTitle(f"{KIND_NAMES.get(found.kind, found.kind.capitalize())} — "
                            f"{found.teacher_name}")
        self.teacher.setCurrentIndex(max(self.teacher.findData(found.staff_id), 0))
        self.observer.setCurrentIndex(max(self.observer.findData(found.observer_id), 0))
        self.observed_on.set_iso(found.observed_on)
        self.context.setText(found.class_context)
        self._fill_goals(found.staff_id, found.goal_id)
        self.pre_notes.setPlainText(found.pre_conference_notes)
        self.post_notes.setPlainText(found.post_conference_notes)
        self.glow.setText(found.glow)
        self.grow.setText(found.grow)
        self.next_step.setText(found.next_step)
        self.private_note.setText(found.private_note)
        self._build_scoring(found)
        self._set_enabled(True)
        self.complete_button.setEnabled(found.is_draft)
        self.save_state.setText("Draft, saved" if found.is_draft else "Complete")
        self._loading = False

    def _fill_goals(self, staff_id: str, goal_id: str | None) -> None:
        was_loading, self._loading = self._loading, True
        self.goal.clear()
        self.goal.addItem("No goal", None)
        for goal in goals.list_goals(self.db, staff_id=staff_id):
            self.goal.addItem(goal.title, goal.id)
        self.goal.setCurrentIndex(max(self.goal.findData(goal_id), 0) if goal_id else 0)
        self._loading = was_loading

    def _build_scoring(self, found: observations.Observation) -> None:
        rubric = rubrics.get_rubric(self.db, found.rubric_id)
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setColumnStretch(2, 1)
        self.score_boxes, self.evidence_boxes = {}, {}
        evidence = {line.indicator_id: line.text for line in found.evidence if line.indicator_id}
        row = 0
        if rubric is not None:
            version = f"{rubric.name}, version {rubric.version}"
            if rubric.retired_at:
                version += " (an earlier version, shown as it was scored)"
            grid.addWidget(QLabel(version), row, 0, 1, 3)
            row += 1
            for domain in rubric.domains:
                title = QLabel(f"{domain.code} {domain.name}")
                font = title.font()
                font.setBold(True)
                title.setFont(font)
                grid.addWidget(title, row, 0, 1, 3)
                row += 1
                for indicator in domain.indicators:
                    name = QLabel(f"{indicator.code} {indicator.name}")
                    name.setToolTip("\n".join(f"{rubric.level_label(level)}: {text}"
                                              for level, text in indicator.descriptors.items()))
                    box = QComboBox()
                    box.setAccessibleName(f"Score for {indicator.code} {indicator.name}")
                    box.addItem("—", NOT_SCORED)
                    box.addItem("Not seen", NOT_SEEN)
                    levels = [level.level for level in rubric.levels] or [1, 2, 3, 4]
                    for level in levels:
                        box.addItem(f"{level} {rubric.level_label(level)}", level)
                    if indicator.id in found.scores:
                        score = found.scores[indicator.id]
                        box.setCurrentIndex(box.findData(NOT_SEEN if score is None else score))
                    box.currentIndexChanged.connect(
                        lambda *_, i=indicator.id, b=box: self._score(i, b.currentData()))
                    note = QLineEdit(evidence.get(indicator.id, ""))
                    note.setAccessibleName(f"Evidence for {indicator.code} {indicator.name}")
                    note.setPlaceholderText("Evidence for this indicator")
                    note.textEdited.connect(lambda text, i=indicator.id: self._evidence(i, text))
                    name.setBuddy(box)
                    grid.addWidget(name, row, 0)
                    grid.addWidget(box, row, 1)
                    grid.addWidget(note, row, 2)
                    self.score_boxes[indicator.id] = box
                    self.evidence_boxes[indicator.id] = note
                    row += 1
        grid.setRowStretch(row, 1)
        self.scoring.setWidget(holder)

    # -- saving -------------------------------------------------------------------------------
    def _save(self, label: str, write, *, merge=None) -> None:
        if self._loading or self.observation_id is None:
            return
        result = self.runner.perform(f"{label} for {self.teacher_name}", write, initiator=self,
                                     merge=merge, report_corrections=False)
        self._show_saved(result)

    def _show_saved(self, result: Result) -> None:
        text = "Saved" if result.ok else (
            f"NOT SAVED: {result.correction}" if result.correction is not None else "NOT SAVED")
        self.save_state.setText(text)
        self.save_state.setAccessibleDescription(text)

    def _save_field(self, column: str, value) -> None:
        visit = self.observation_id
        self._save(f"Type in {FIELD_NAMES.get(column, column)}",
                   lambda db: observations.update_observation(db, visit, **{column: value}),
                   merge=(visit, column))
        if column == "staff_id" and not self._loading and visit is not None:
            found = observations.get_observation(self.db, visit)
            if found is not None:
                self.teacher_name = found.teacher_name

    def _score(self, indicator_id: str, value: int) -> None:
        visit = self.observation_id
        box = self.score_boxes.get(indicator_id)
        name = box.accessibleName().removeprefix("Score for ") if box is not None else "an indicator"
        if value == NOT_SCORED:
            self._save(f"Clear {name}", lambda db: observations.clear_score(db, visit, indicator_id))
        else:
            level = None if value == NOT_SEEN else value
            self._save(f"Score {name} {'not seen' if level is None else level}",
                       lambda db: observations.set_score(db, visit, indicator_id, level))

    def _evidence(self, indicator_id: str, text: str) -> None:
        visit = self.observation_id
        self._save("Type evidence",
                   lambda db: observations.set_indicator_evidence(db, visit, indicator_id, text),
                   merge=(visit, "evidence", indicator_id))

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setAccessibleDescription(text)
        self.problem.show()

    # -- the end ----------------------------------------------------------------------------------
    def mark_complete(self) -> None:
        if self.observation_id is None:
            return
        visit = self.observation_id
        result = self.runner.perform(f"Mark complete the observation of {self.teacher_name}",
                                     lambda db: observations.complete(db, visit), initiator=self,
                                     status="Observation marked complete.",
                                     report_corrections=False)
        self._show_saved(result)
        if result.ok:
            self.completed.emit(visit)
            self.accept()

    def delete_observation(self) -> None:
        """A draft or a finished observation, after one plain question."""
        found = observations.get_observation(self.db, self.observation_id) if self.observation_id else None
        if found is None:
            return
        kind = KIND_NAMES.get(found.kind, found.kind).lower()
        what = (f"this unfinished {kind} of {found.teacher_name}" if found.is_draft else
                f"this {kind} of {found.teacher_name} ({found.observed_on})")
        result = self.runner.delete(self, "observations", found.id, what=what, initiator=self,
                                    label=f"Delete the {kind} of {found.teacher_name}")
        if result is not None and result.ok:
            self.observation_id = None
            self.reject()

    def _changed_elsewhere(self, changes: Changes, initiator) -> None:
        """Edit ▸ Undo (or another editor) changed this observation: show it as it is now."""
        if initiator is self or self.observation_id is None:
            return
        if self.observation_id in changes.deleted("observations"):
            self.observation_id = None
            self.reject()
        elif touches_visit(changes, self.observation_id):
            self.load(self.observation_id)

    def done(self, result: int) -> None:
        self.runner.end_merge()
        try:
            self.runner.changed.disconnect(self._changed_elsewhere)
        except (RuntimeError, TypeError):
            pass
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, *, runner: Runner | None = None,
            observation_id: str | None = None, staff_id: str | None = None,
            kind: str = "formal", today: date | None = None) -> FormalObservationDialog:
        """Open non-modally and return the dialog; every edit is already saved."""
        dialog = cls(db, runner=runner, observation_id=observation_id, staff_id=staff_id,
                     kind=kind, today=today, parent=parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
