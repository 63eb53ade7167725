"""Record a celebration: who (one or more), kind, title, story, date, public or private.

``ask()`` saves the typed values through *save* and returns its Result, or None if
cancelled; what cannot be saved is shown in the form, which stays open. *values* fills
the form (a noticed milestone's wording, or the celebration being corrected).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.celebrations import KIND_LABELS
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons

PUBLIC_TEXT = "&Public: on the wall and the staff-room sheet"


def _plain(text: str) -> str:
    return text.replace("&", "")


class CelebrationDialog(FormDialog):
    def __init__(self, parent: QWidget | None, people: Sequence[tuple[str, str]], *,
                 values: dict[str, Any] | None = None, error: str = "", today: date,
                 fixed_people: bool = False, heading: str = "Record a celebration",
                 evidence: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle(heading)
        self.setMinimumWidth(520)
        values = values or {}

        form = QFormLayout()
        if evidence:
            evidence_label = QLabel(f"Noticed: {evidence}")
            evidence_label.setWordWrap(True)
            evidence_label.setAccessibleName(f"Evidence: {evidence}")
            form.addRow(evidence_label)
        self.who_filter = QLineEdit()
        self.who_filter.setPlaceholderText("Type to find a name")
        self.who_filter.setClearButtonEnabled(True)
        self.people = QListWidget()
        self.people.setMinimumHeight(130)
        chosen = set(values.get("staff_ids") or ())
        for staff_id, name in people:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, staff_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if staff_id in chosen else Qt.CheckState.Unchecked)
            if fixed_people:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setHidden(staff_id not in chosen)
            self.people.addItem(item)
        self.who_filter.textChanged.connect(self._filter_people)
        if fixed_people:
            # A noticed milestone belongs to its person: name them instead of a list to tick.
            names = ", ".join(name for staff_id, name in people if staff_id in chosen)
            who = QLabel(f"<b>{names}</b>")
            who.setAccessibleName(f"Who: {names}")
            form.addRow("Who", who)
            self.people.hide()
        else:
            self.add_field(form, "&Find a teacher", self.who_filter)
            self.add_field(form, "&Who (tick one or more)", self.people)

        self.kind = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(max(self.kind.findData(values.get("kind", "shout_out")), 0))
        self.add_field(form, "&Kind", self.kind)
        self.title = QLineEdit(values.get("title", ""))
        self.title.setPlaceholderText("e.g. Seminars that students run themselves")
        self.add_field(form, "&Title", self.title)
        self.story = QPlainTextEdit(values.get("story", ""))
        self.story.setTabChangesFocus(True)
        self.story.setPlaceholderText("What happened, and why it matters (optional)")
        self.story.setMaximumHeight(110)
        self.add_field(form, "&Story", self.story)
        self.day = DateField(values.get("celebrated_on") or today, accessible_name="Date",
                             allow_empty=False)
        self.add_field(form, "&Date", self.day)
        self.public = QCheckBox(PUBLIC_TEXT)
        self.public.setAccessibleName(_plain(PUBLIC_TEXT))
        self.public.setChecked(values.get("is_public", True))
        form.addRow("", self.public)
        self.field_widgets = {"staff_ids": self.people, "kind": self.kind, "title": self.title,
                              "story": self.story, "celebrated_on": self.day}

        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.title if fixed_people or chosen else self.who_filter).setFocus()

    def _filter_people(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.people.count()):
            item = self.people.item(row)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def checked_ids(self) -> list[str]:
        return [self.people.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.people.count())
                if self.people.item(row).checkState() == Qt.CheckState.Checked]

    def values(self) -> dict[str, Any]:
        return {
            "staff_ids": self.checked_ids(), "kind": self.kind.currentData(),
            "title": self.title.text().strip(), "story": self.story.toPlainText().strip(),
            "celebrated_on": self.day.iso(),
            "is_public": self.public.isChecked(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, people: Sequence[tuple[str, str]], *, today: date,
            save: Callable[[dict[str, Any]], Result], values: dict[str, Any] | None = None,
            fixed_people: bool = False, heading: str = "Record a celebration",
            evidence: str = "") -> Result | None:
        """Show the form until *save* succeeds (its Result) or it is cancelled (None)."""
        return cls(parent, people, values=values, today=today, fixed_people=fixed_people,
                   heading=heading, evidence=evidence).ask_to_save(save)
