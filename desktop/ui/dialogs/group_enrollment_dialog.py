"""Enroll a group in one offering in one step: a cohort, a PLC, or teachers picked from the staff list.

Before anything is written the dialog shows who will get a seat, who will join the
waitlist and who stays as they are, and states the order seats go in
(:data:`db.pd.SEAT_ORDER_RULE`). An offering with no session still to come asks first.
The enrollment is one operation: Edit › Undo takes the whole group back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import attendance, catalog, pd, staff
from desktop.core import pd_menu, wording
from desktop.ui import messages
from desktop.ui.widgets import problem_label

Perform = Callable[..., Any]


def no_session_ahead_words(db: Database, offering_id: str) -> str | None:
    """The warning for an offering whose sessions have all begun; None when there is one to come."""
    ahead = attendance.sessions_ahead(db, offering_id)
    if ahead is None or ahead > 0:
        return None
    sessions = catalog.list_sessions(db, offering_id)
    last = wording.day(sessions[-1].starts_at) if sessions else ""
    return (f"Every session of this offering has already started or been held (the last on {last}). "
            "Enroll anyway, say to record PD that already happened?")


def confirm_enrolling_late(parent: QWidget | None, db: Database, offering_id: str) -> bool:
    warning = no_session_ahead_words(db, offering_id)
    if warning is None:
        return True
    return messages.confirm(parent, "No session to come", warning, yes="Enroll anyway")


class GroupEnrollmentDialog(QDialog):
    def __init__(self, db: Database, offering_id: str, perform: Perform, parent: QWidget | None = None,
                 *, selected_ids: list[str] | None = None, today: date):
        super().__init__(parent)
        self.db, self.offering_id, self.perform, self.today = db, offering_id, perform, today
        offering = catalog.get_offering(db, offering_id)
        self.title = offering.title if offering else ""
        self.setWindowTitle(f"Enroll a group — {self.title}")
        self.setObjectName("group-enrollment-dialog")
        self.resize(820, 600)
        self.selected_ids = list(selected_ids or [])

        self.from_selection = QRadioButton(f"&Teachers selected in the staff list ({len(self.selected_ids)})")
        self.from_cohort = QRadioButton("A &cohort: teachers who share a need")
        self.from_plc = QRadioButton("A &PLC or book study: its members")
        self.from_list = QRadioButton("&Pick teachers")
        self.sources = QButtonGroup(self)
        for button in (self.from_selection, self.from_cohort, self.from_plc, self.from_list):
            button.setAccessibleName(button.text().replace("&", ""))
            self.sources.addButton(button)
        self.cohorts = QComboBox()
        self.cohorts.setAccessibleName("Cohort")
        self.plcs = QComboBox()
        self.plcs.setAccessibleName("PLC")
        self._cohorts_loaded = False
        for group in pd_menu.plc_groups(db):
            if group.key != offering_id:
                self.plcs.addItem(group.label, group.staff_ids)
        self.filter = QLineEdit()
        self.filter.setAccessibleName("Filter teachers")
        self.filter.setPlaceholderText("Type part of a name")
        self.people = QListWidget()
        self.people.setAccessibleName("Teachers to enroll")
        for member in staff.list_staff(db):
            item = QListWidgetItem(member.full_name)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if member.id in self.selected_ids
                               else Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.filter.textChanged.connect(self._filter)
        self.people.itemChanged.connect(lambda _item: self.refresh())

        self.rule = QLabel(pd.SEAT_ORDER_RULE)
        self.rule.setWordWrap(True)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Who will be enrolled")
        self.problem = problem_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.enroll_button = self.buttons.addButton("&Enroll", QDialogButtonBox.ButtonRole.AcceptRole)
        self.enroll_button.setAccessibleName("Enroll")
        self.buttons.accepted.connect(self.enroll)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")

        grid = QGridLayout()
        grid.addWidget(self.from_selection, 0, 0, 1, 2)
        grid.addWidget(self.from_cohort, 1, 0)
        grid.addWidget(self.cohorts, 1, 1)
        grid.addWidget(self.from_plc, 2, 0)
        grid.addWidget(self.plcs, 2, 1)
        grid.addWidget(self.from_list, 3, 0)
        grid.addWidget(self.filter, 3, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.rule)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        for button in (self.from_selection, self.from_cohort, self.from_plc, self.from_list):
            button.toggled.connect(lambda on: on and self._source_changed())
        self.cohorts.currentIndexChanged.connect(lambda _i: self.refresh())
        self.plcs.currentIndexChanged.connect(lambda _i: self.refresh())
        self.plcs.setEnabled(self.plcs.count() > 0)
        self.from_plc.setEnabled(self.plcs.count() > 0)
        (self.from_selection if self.selected_ids else self.from_list).setChecked(True)
        self._source_changed()

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.people.count()):
            item = self.people.item(row)
            item.setHidden(not all(word in item.text().casefold() for word in words))

    def _source_changed(self) -> None:
        if self.from_cohort.isChecked() and not self._cohorts_loaded:
            self._cohorts_loaded = True
            from PySide6.QtWidgets import QApplication

            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                for group in pd_menu.cohort_groups(self.db, as_of=self.today):
                    self.cohorts.addItem(group.label, group.staff_ids)
            finally:
                QApplication.restoreOverrideCursor()
        self.cohorts.setEnabled(self.from_cohort.isChecked())
        self.plcs.setEnabled(self.from_plc.isChecked())
        self.filter.setEnabled(self.from_list.isChecked())
        self.people.setEnabled(self.from_list.isChecked())
        self.refresh()

    def chosen_ids(self) -> list[str]:
        if self.from_selection.isChecked():
            return list(self.selected_ids)
        if self.from_cohort.isChecked():
            return list(self.cohorts.currentData() or ())
        if self.from_plc.isChecked():
            return list(self.plcs.currentData() or ())
        return [self.people.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.people.count())
                if self.people.item(row).checkState() == Qt.CheckState.Checked]

    def refresh(self) -> None:
        ids = self.chosen_ids()
        preview = pd.group_preview(self.db, self.offering_id, ids, today=self.today.isoformat())
        self.enroll_button.setEnabled(bool(preview.enrolled or preview.waitlisted))
        count = len(preview.enrolled) + len(preview.waitlisted)
        self.enroll_button.setText(f"&Enroll {count}" if count else "&Enroll")
        self.preview.setHtml(preview_html(preview))

    def enroll(self) -> None:
        ids = self.chosen_ids()
        if not ids or not confirm_enrolling_late(self, self.db, self.offering_id):
            return
        label = f"Enroll {wording.plural(len(ids), 'teacher')} in {self.title}"
        result = self.perform(label, lambda db: pd.enroll_group(db, self.offering_id, ids,
                                                                on=self.today.isoformat()),
                              initiator=self, report_corrections=False,
                              status=lambda done: done.summary())
        if result.ok:
            self.result_value = result.value
            self.accept()
        else:
            self.problem.setText(result.message or "Not enrolled.")
            self.problem.setVisible(True)

    @classmethod
    def ask(cls, parent, db: Database, offering_id: str, perform: Perform, **options) -> bool:
        return cls(db, offering_id, perform, parent, **options).exec() == QDialog.DialogCode.Accepted


def preview_html(preview: pd.GroupEnrollment) -> str:
    from html import escape

    def names(pairs) -> str:
        return escape(", ".join(pair[1] for pair in pairs))

    if not (preview.enrolled or preview.waitlisted or preview.unchanged):
        return "<p>Choose who to enroll.</p>"
    parts = []
    if preview.enrolled:
        parts.append(f"<p><b>Will be enrolled ({len(preview.enrolled)}):</b> {names(preview.enrolled)}</p>")
    if preview.waitlisted:
        parts.append(f"<p><b>Will join the waitlist, in this order ({len(preview.waitlisted)}):</b> "
                     f"{names(preview.waitlisted)}</p>")
    if preview.unchanged:
        parts.append(f"<p><b>Stay as they are ({len(preview.unchanged)}):</b> " + escape(
            "; ".join(f"{name}, {why}" for _, name, why in preview.unchanged)) + "</p>")
    return "".join(parts)
