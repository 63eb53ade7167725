"""Add or edit a PD offering with its sessions. ``ask()`` saves what was typed through
*save* and returns its Result, or None if cancelled.

The dialog only collects; the catalog module checks and saves, and any problem is shown
in the form, which stays open with everything still typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.catalog import Offering, Session
from db.pd import FORMAT_LABELS, FORMATS
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons

NO_LIMIT = -1
SESSION_COLUMNS = ("Date", "Starts", "Ends", "Place", "Link")
SESSION_HINTS = ("2026-03-10", "15:30", "17:00", "", "")


@dataclass
class OfferingForm:
    """What the form holds: catalog values, the indicators it serves, its sessions."""
    values: dict[str, Any]
    indicator_codes: list[str] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)


def _plain(label: str) -> str:
    return label.replace("&", "")


class OfferingDialog(FormDialog):
    def __init__(self, parent: QWidget | None, offering: Offering | None, *,
                 indicators: list[tuple[str, str]], people: list[tuple[str, str]],
                 sessions: list[Session] = (), form: OfferingForm | None = None, error: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle(f"Edit {offering.title}" if offering else "Add offering")
        self.setMinimumWidth(640)
        start = form or _form_of(offering, list(sessions))
        values = start.values

        form_layout = QFormLayout()
        self.title = QLineEdit(values.get("title", ""))
        self._row(form_layout, "&Title", self.title)
        self.description = QPlainTextEdit(values.get("description", ""))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(60)
        self._row(form_layout, "&Description", self.description)
        self.format = QComboBox()
        for code in FORMATS:
            self.format.addItem(FORMAT_LABELS[code], code)
        self.format.setCurrentIndex(max(self.format.findData(values.get("format", "workshop")), 0))
        self._row(form_layout, "&Format", self.format)

        self.indicators = QListWidget()
        self.indicators.setFixedHeight(96)
        chosen = set(start.indicator_codes)
        for code, name in indicators:
            item = QListWidgetItem(f"{code} {name}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.indicators.addItem(item)
        # Codes the rubric no longer has stay linked rather than being dropped silently.
        self._other_codes = [code for code in start.indicator_codes
                             if code not in {c for c, _ in indicators}]
        self._row(form_layout, "Rubric &indicators", self.indicators)

        numbers = QHBoxLayout()
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 500)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(float(values.get("hours") or 0))
        self.hours.setAccessibleName("Hours")
        self.capacity = QSpinBox()
        self.capacity.setRange(NO_LIMIT, 5000)
        self.capacity.setSpecialValueText("No limit")
        capacity = values.get("capacity")
        self.capacity.setValue(NO_LIMIT if capacity is None else int(capacity))
        self.capacity.setAccessibleName("Capacity")
        self.cost = QDoubleSpinBox()
        self.cost.setRange(0, 1_000_000)
        self.cost.setDecimals(2)
        self.cost.setValue(float(values.get("cost") or 0))
        self.cost.setAccessibleName("Cost")
        for text, widget in (("&Hours", self.hours), ("Ca&pacity", self.capacity),
                             ("C&ost", self.cost)):
            label = QLabel(text)
            label.setBuddy(widget)
            numbers.addWidget(label)
            numbers.addWidget(widget)
        numbers.addStretch(1)
        form_layout.addRow(numbers)
        self.length = QLineEdit(values.get("length_description", ""))
        self.length.setPlaceholderText("e.g. 6 weeks, one afternoon, 20 minutes")
        self._row(form_layout, "&Length", self.length)

        self.facilitator = QComboBox()
        self.facilitator.addItem("External (name below) or none", None)
        for staff_id, name in people:
            self.facilitator.addItem(name, staff_id)
        self.facilitator.setCurrentIndex(
            max(self.facilitator.findData(values.get("facilitator_staff_id")), 0))
        self._row(form_layout, "Faci&litator on staff", self.facilitator)
        self.facilitator_name = QLineEdit(values.get("facilitator_name", ""))
        self._row(form_layout, "E&xternal facilitator", self.facilitator_name)
        self.follow_up = QCheckBox("Has &follow-up (coaching, a second session, a check-in)")
        self.follow_up.setChecked(bool(values.get("has_follow_up")))
        self.follow_up.setAccessibleName("Has follow-up")
        form_layout.addRow(self.follow_up)
        self.outcome = QPlainTextEdit(values.get("student_outcome_note", ""))
        self.outcome.setTabChangesFocus(True)
        self.outcome.setFixedHeight(48)
        self.outcome.setPlaceholderText("What changed for students, if known")
        self._row(form_layout, "St&udent outcomes", self.outcome)

        self.sessions = QTableWidget(0, len(SESSION_COLUMNS))
        self.sessions.setHorizontalHeaderLabels(SESSION_COLUMNS)
        self.sessions.setAccessibleName("Sessions")
        self.sessions.horizontalHeader().setAccessibleName("Sessions columns")
        self.sessions.verticalHeader().hide()
        self.sessions.setTabKeyNavigation(False)
        self.sessions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.sessions.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self._session_ids: list[str | None] = []
        for session in start.sessions:
            self.add_session(session)
        self.sessions.setMinimumHeight(120)
        add = QPushButton("Add &session")
        add.setAccessibleName("Add session")
        add.clicked.connect(lambda: self.add_session(None))
        remove = QPushButton("&Remove session")
        remove.setAccessibleName("Remove session")
        remove.clicked.connect(self.remove_session)
        session_buttons = QHBoxLayout()
        session_buttons.addWidget(add)
        session_buttons.addWidget(remove)
        session_buttons.addStretch(1)
        sessions_label = QLabel("Sessions (date YYYY-MM-DD, times HH:MM; none for self-paced)")
        sessions_label.setBuddy(self.sessions)

        self.field_widgets = {"title": self.title, "format": self.format, "hours": self.hours,
                              "capacity": self.capacity, "cost": self.cost,
                              "length_description": self.length, "sessions": self.sessions}
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form_layout)
        layout.addWidget(sessions_label)
        layout.addWidget(self.sessions, 1)
        layout.addLayout(session_buttons)
        layout.addWidget(buttons)
        self.title.setFocus()

    def _row(self, form: QFormLayout, text: str, widget: QWidget) -> None:
        widget.setAccessibleName(_plain(text))
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)

    def add_session(self, session: Session | None) -> None:
        row = self.sessions.rowCount()
        self.sessions.insertRow(row)
        if session is None:
            texts = ["", "", "", "", ""]
        else:
            texts = [session.starts_at[:10], session.starts_at[11:16], session.ends_at[11:16],
                     session.location, session.link]
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setToolTip(f"{SESSION_COLUMNS[column]}, e.g. {SESSION_HINTS[column]}"
                            if SESSION_HINTS[column] else SESSION_COLUMNS[column])
            self.sessions.setItem(row, column, item)
        self._session_ids.append(session.id if session else None)
        if session is None:
            self.sessions.setCurrentCell(row, 0)
            self.sessions.setFocus()

    def remove_session(self) -> None:
        row = self.sessions.currentRow()
        if row >= 0:
            self.sessions.removeRow(row)
            del self._session_ids[row]

    def typed(self) -> OfferingForm:
        return self.form()

    def form(self) -> OfferingForm:
        capacity = self.capacity.value()
        staff_id = self.facilitator.currentData()
        values = {
            "title": self.title.text().strip(),
            "description": self.description.toPlainText().strip(),
            "format": self.format.currentData(),
            "hours": self.hours.value(),
            "length_description": self.length.text().strip(),
            "capacity": None if capacity == NO_LIMIT else capacity,
            "facilitator_staff_id": staff_id,
            "facilitator_name": "" if staff_id else self.facilitator_name.text().strip(),
            "cost": self.cost.value(),
            "has_follow_up": self.follow_up.isChecked(),
            "student_outcome_note": self.outcome.toPlainText().strip(),
        }
        codes = [self.indicators.item(row).data(Qt.ItemDataRole.UserRole)
                 for row in range(self.indicators.count())
                 if self.indicators.item(row).checkState() == Qt.CheckState.Checked]
        sessions = []
        for row in range(self.sessions.rowCount()):
            texts = [(self.sessions.item(row, column).text().strip()
                      if self.sessions.item(row, column) else "") for column in range(5)]
            if not any(texts):
                continue   # a blank row added by mistake is not a session
            day, starts, ends, place, link = texts
            sessions.append(Session(f"{day}T{starts}", f"{day}T{ends}", place, link,
                                    id=self._session_ids[row]))
        return OfferingForm(values, codes + self._other_codes, sessions)

    @classmethod
    def ask(cls, parent: QWidget | None, offering: Offering | None, *,
            indicators: list[tuple[str, str]], people: list[tuple[str, str]],
            save: Callable[[OfferingForm], Result], sessions: list[Session] = ()) -> Result | None:
        """Show the form until *save* succeeds (its Result) or it is cancelled (None)."""
        return cls(parent, offering, indicators=indicators, people=people,
                   sessions=sessions).ask_to_save(save)


def _form_of(offering: Offering | None, sessions: list[Session]) -> OfferingForm:
    if offering is None:
        return OfferingForm({"format": "workshop"})
    values = {key: getattr(offering, key) for key in (
        "title", "description", "format", "hours", "length_description", "capacity",
        "facilitator_staff_id", "facilitator_name", "cost", "has_follow_up",
        "student_outcome_note")}
    return OfferingForm(values, list(offering.indicator_codes), sessions)
