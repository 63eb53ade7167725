"""Attendance per session, and closing out an offering whose sessions are over.

Both write through the window's one write path (*perform*: the runner's ``perform``), so
every mark and every close-out is an operation with a label that Edit › Undo takes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import attendance
from desktop.core import wording
from desktop.ui.widgets import problem_label

Perform = Callable[..., Any]     # the runner's perform(label, write, ...) -> Result
NOT_TAKEN = "—"
MARK_CHOICES = [(None, NOT_TAKEN)] + [(mark, attendance.MARK_LABELS[mark]) for mark in attendance.MARKS]
RULE = ("Hours are credited for the session time each teacher was present for, rounded down to the "
        "quarter hour; every hour when present at every session.")


def session_heading(session) -> str:
    return f"{wording.weekday(session.starts_at)}\n{session.starts_at[11:16]}–{session.ends_at[11:16]}"


class AttendanceDialog(QDialog):
    def __init__(self, db: Database, offering_id: str, perform: Perform, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.offering_id, self.perform = db, offering_id, perform
        self.sheet = attendance.sheet(db, offering_id)
        self.setWindowTitle(f"Attendance — {self.sheet.title}")
        self.setObjectName("attendance-dialog")
        self.resize(860, 520)
        intro = QLabel(RULE)
        intro.setWordWrap(True)
        self.problem = problem_label()
        self.table = QTableWidget()
        self.table.setAccessibleName("Attendance")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.session_choice = QComboBox()
        self.session_choice.setAccessibleName("Session")
        for session in self.sheet.sessions:
            self.session_choice.addItem(session_heading(session).replace("\n", " "), session.id)
        self.everyone_button = QPushButton("Mark the rest &present")
        self.everyone_button.setAccessibleName("Mark the rest present")
        self.everyone_button.setToolTip("Everyone with no mark yet at the chosen session is marked present")
        self.everyone_button.clicked.connect(self.mark_rest_present)
        row = QHBoxLayout()
        session_label = QLabel("At &session")
        session_label.setBuddy(self.session_choice)
        row.addWidget(session_label)
        row.addWidget(self.session_choice, 1)
        row.addWidget(self.everyone_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.combos: dict[tuple[str, str], QComboBox] = {}
        self._fill()

    def _fill(self) -> None:
        sheet = self.sheet
        self.combos.clear()
        self.table.clear()
        self.table.setRowCount(len(sheet.attendees))
        self.table.setColumnCount(len(sheet.sessions) + 1)
        self.table.setHorizontalHeaderLabels([session_heading(s) for s in sheet.sessions] + ["Hours"])
        self.table.setVerticalHeaderLabels([a.teacher_name for a in sheet.attendees])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for row, attendee in enumerate(sheet.attendees):
            for column, session in enumerate(sheet.sessions):
                combo = QComboBox()
                for mark, label in MARK_CHOICES:
                    combo.addItem(label, mark)
                current = sheet.mark(attendee.enrollment_id, session.id)
                combo.setCurrentIndex(next(i for i, (m, _) in enumerate(MARK_CHOICES) if m == current))
                day = session_heading(session).replace("\n", " ")
                combo.setAccessibleName(f"{attendee.teacher_name}, {day}")
                combo.currentIndexChanged.connect(
                    lambda _i, e=attendee.enrollment_id, s=session.id: self._changed(e, s))
                self.table.setCellWidget(row, column, combo)
                self.combos[(attendee.enrollment_id, session.id)] = combo
            hours = QTableWidgetItem(wording.hours(sheet.hours_for(attendee.enrollment_id)))
            hours.setFlags(Qt.ItemFlag.ItemIsEnabled)
            hours.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, len(sheet.sessions), hours)
        if not sheet.attendees:
            self.problem.setText("Nobody has a seat in this offering, so there is no attendance to take.")
            self.problem.setVisible(True)
        self.everyone_button.setEnabled(bool(sheet.attendees and sheet.sessions))

    def _name(self, enrollment_id: str) -> str:
        return next(a.teacher_name for a in self.sheet.attendees if a.enrollment_id == enrollment_id)

    def _changed(self, enrollment_id: str, session_id: str) -> None:
        combo = self.combos[(enrollment_id, session_id)]
        mark = combo.currentData()
        session = next(s for s in self.sheet.sessions if s.id == session_id)
        words = attendance.MARK_LABELS.get(mark, "not taken").lower()
        label = f"Mark {self._name(enrollment_id)} {words}, {wording.day(session.starts_at)}"
        result = self.perform(label, lambda db: attendance.mark(db, session_id, enrollment_id, mark),
                              initiator=self, report_corrections=False)
        self.show_result(result)
        self.reload()

    def mark_rest_present(self) -> None:
        session_id = self.session_choice.currentData()
        if not session_id:
            return
        session = next(s for s in self.sheet.sessions if s.id == session_id)
        result = self.perform(f"Mark everyone present, {wording.day(session.starts_at)}",
                              lambda db: attendance.mark_everyone(db, session_id, "present"),
                              initiator=self, report_corrections=False)
        self.show_result(result)
        self.reload()

    def show_result(self, result) -> None:
        text = "" if result.ok else (result.message or "Not saved.")
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def reload(self) -> None:
        self.sheet = attendance.sheet(self.db, self.offering_id)
        for (enrollment_id, session_id), combo in self.combos.items():
            current = self.sheet.mark(enrollment_id, session_id)
            combo.blockSignals(True)
            combo.setCurrentIndex(next(i for i, (m, _) in enumerate(MARK_CHOICES) if m == current))
            combo.blockSignals(False)
        for row, attendee in enumerate(self.sheet.attendees):
            item = self.table.item(row, len(self.sheet.sessions))
            if item is not None:
                item.setText(wording.hours(self.sheet.hours_for(attendee.enrollment_id)))

    @classmethod
    def ask(cls, parent, db: Database, offering_id: str, perform: Perform) -> None:
        cls(db, offering_id, perform, parent).exec()


class CloseOutDialog(QDialog):
    """Say what happened for everyone still enrolled (or waiting) in an offering that is over."""

    def __init__(self, db: Database, offering_id: str, perform: Perform, parent: QWidget | None = None,
                 *, take_attendance: Callable[[], None] | None = None):
        super().__init__(parent)
        self.db, self.offering_id, self.perform = db, offering_id, perform
        self.take_attendance = take_attendance
        self.setObjectName("close-out-dialog")
        self.resize(820, 460)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.problem = problem_label()
        self.table = QTableWidget()
        self.table.setAccessibleName("Teachers to close out")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton("&Close out", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.setAccessibleName("Close out")
        self.attendance_button = self.buttons.addButton("Take &attendance…", QDialogButtonBox.ButtonRole.ActionRole)
        self.attendance_button.setAccessibleName("Take attendance")
        self.attendance_button.clicked.connect(self._attendance)
        self.attendance_button.setVisible(take_attendance is not None)
        self.buttons.accepted.connect(self.close_out)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.outcomes: dict[str, QComboBox] = {}
        self.reload()

    def reload(self) -> None:
        self.due = attendance.close_out_of(self.db, self.offering_id)
        due = self.due
        self.setWindowTitle(f"Close out — {due.title}")
        ended = wording.day(due.last_session_day) if due.last_session_day else "its last session"
        self.intro.setText(
            f"“{due.title}” ended on {ended}. Say what happened for each teacher still enrolled or "
            "waiting; where attendance was taken, it suggests the answer. Completing credits the "
            "hours their attendance gives.")
        headings = ["Teacher", "Was", "Present", "Absent", "Excused", "Not taken", "Outcome"]
        self.table.clear()
        self.table.setColumnCount(len(headings))
        self.table.setHorizontalHeaderLabels(headings)
        self.table.setRowCount(len(due.lines))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.outcomes.clear()
        for row, line in enumerate(due.lines):
            values = [line.teacher_name, wording.ENROLLMENT_STATUS.get(line.status, line.status),
                      str(line.present), str(line.absent), str(line.excused), str(line.unmarked)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
            combo = QComboBox()
            combo.addItem("Choose…", None)
            for outcome in attendance.OUTCOMES:
                label = attendance.OUTCOME_LABELS[outcome]
                if outcome == "completed":
                    label += f" ({wording.hours_text(line.hours_if_completed)})"
                combo.addItem(label, outcome)
            if line.suggestion:
                combo.setCurrentIndex(combo.findData(line.suggestion))
            combo.setAccessibleName(f"Outcome for {line.teacher_name}")
            combo.currentIndexChanged.connect(lambda _i: self._update())
            self.table.setCellWidget(row, len(headings) - 1, combo)
            self.outcomes[line.enrollment_id] = combo
        self._update()

    def _update(self) -> None:
        missing = [line.teacher_name for line in self.due.lines
                   if self.outcomes[line.enrollment_id].currentData() is None]
        self.close_button.setEnabled(bool(self.due.lines) and not missing)
        if missing:
            self.close_button.setToolTip("Choose an outcome for " + wording.and_list(missing))
        else:
            self.close_button.setToolTip("")

    def decisions(self) -> dict[str, str]:
        return {enrollment_id: combo.currentData() for enrollment_id, combo in self.outcomes.items()
                if combo.currentData() is not None}

    def close_out(self) -> None:
        decisions = self.decisions()
        if len(decisions) != len(self.due.lines):
            return
        result = self.perform(f"Close out {self.due.title}",
                              lambda db: attendance.close_out(db, self.offering_id, decisions),
                              initiator=self, report_corrections=False,
                              status=lambda counts: _counts_words(self.due.title, counts))
        if result.ok:
            self.accept()
        else:
            self.problem.setText(result.message or "Not closed out.")
            self.problem.setVisible(True)

    def _attendance(self) -> None:
        if self.take_attendance is not None:
            self.take_attendance()
            self.reload()

    @classmethod
    def ask(cls, parent, db: Database, offering_id: str, perform: Perform, **options) -> bool:
        return cls(db, offering_id, perform, parent, **options).exec() == QDialog.DialogCode.Accepted


def _counts_words(title: str, counts: dict[str, int]) -> str:
    parts = [wording.plural(n, "completed", "completed") if key == "completed" else
             f"{n} {attendance.OUTCOME_LABELS[key].lower()}" for key, n in counts.items() if n]
    return f"Closed out “{title}”: " + ", ".join(parts) + "."
