"""Add or edit a staff member. ``ask()`` saves through *save* and returns its Result,
or None if cancelled; a problem keeps the form open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.staff import ROLES, StaffMember
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import readable_formats, save_cancel_buttons

ROLE_NAMES = {
    "teacher": "Teacher", "coach": "Instructional coach", "principal": "Principal",
    "assistant_principal": "Assistant principal", "specialist": "Specialist", "other": "Other",
}
TEXT_FIELDS = (
    ("first_name", "&First name"), ("last_name", "&Last name"), ("email", "&Email"),
    ("subjects", "S&ubjects"), ("grades", "&Grades"),
    ("career_goals", "&Career goals"), ("preferred_formats", "&Prefers to learn through"),
    ("interests", "&Interests"), ("leadership_strengths", "Leadership &strengths"),
)
HINTS = {
    "subjects": "comma separated, e.g. Mathematics, Science",
    "grades": "comma separated, e.g. 6, 7, 8",
    "preferred_formats": "e.g. peer coaching, micro-video",
}
NOT_KNOWN = -1


def _plain(label: str) -> str:
    return label.replace("&", "")


class StaffDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None, member: StaffMember | None = None,
                 values: dict[str, Any] | None = None, error: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle(f"Edit {member.full_name}" if member else "Add teacher")
        self.setMinimumWidth(480)

        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        start = _values_of(member) if member else {}
        start.update(values or {})
        # Stored as format codes by the demo and older files; shown (and saved) in words,
        # which the PD menu reads just the same.
        start["preferred_formats"] = readable_formats(start.get("preferred_formats"))
        for key, label_text in TEXT_FIELDS:
            edit = QLineEdit(str(start.get(key) or ""))
            edit.setCursorPosition(0)   # a long value shows its beginning, not its end
            edit.setAccessibleName(_plain(label_text))
            if key in HINTS:
                edit.setPlaceholderText(HINTS[key])
            label = QLabel(label_text)
            label.setBuddy(edit)
            form.addRow(label, edit)
            self.fields[key] = edit
            self.field_widgets[key] = edit
            if key == "email":
                self._add_role_and_years(form, start)

        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.fields["first_name"].setFocus()

    def _add_role_and_years(self, form: QFormLayout, start: dict[str, Any]) -> None:
        self.role = QComboBox()
        for code in ROLES:
            self.role.addItem(ROLE_NAMES[code], code)
        self.role.setCurrentIndex(max(self.role.findData(start.get("role") or "teacher"), 0))
        self.role.setAccessibleName("Role")
        role_label = QLabel("&Role")
        role_label.setBuddy(self.role)
        form.addRow(role_label, self.role)
        self.years = QSpinBox()
        self.years.setRange(NOT_KNOWN, 60)
        self.years.setSpecialValueText("Not known")
        years = start.get("years_experience")
        self.years.setValue(NOT_KNOWN if years in (None, "") else int(years))
        self.years.setAccessibleName("Years of experience")
        years_label = QLabel("&Years of experience")
        years_label.setBuddy(self.years)
        form.addRow(years_label, self.years)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: edit.text().strip() for key, edit in self.fields.items()}
        values["role"] = self.role.currentData()
        years = self.years.value()
        values["years_experience"] = None if years == NOT_KNOWN else years
        return values

    @classmethod
    def ask(cls, parent: QWidget | None, member: StaffMember | None = None, *,
            save: Callable[[dict[str, Any]], Result]) -> Result | None:
        """Show the form until *save* succeeds (its Result) or it is cancelled (None)."""
        return cls(parent, member).ask_to_save(save)


def _values_of(member: StaffMember) -> dict[str, Any]:
    return {key: getattr(member, key) for key, _ in TEXT_FIELDS} | {
        "role": member.role, "years_experience": member.years_experience}
