"""Who is using Cultivate: pick yourself among the leaders and coaches, or add yourself.

The form's values are ``{"staff_id": id}`` or ``{"new": {first_name, last_name, role,
email}}``. ``ask()`` saves them through *save* (the window's, :mod:`db.users`) and returns
its Result, or None for "Not now"; what cannot be saved is shown in the form, which stays
open with everything still typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.staff import StaffMember
from db.users import USER_ROLES
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.models.staff_list import ROLE_LABELS
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons

PICK_TEXT = "I am &on the staff list"
ADD_TEXT = "&Add me to the staff"


class WhoDialog(FormDialog):
    def __init__(self, parent: QWidget | None, people: list[StaffMember], *,
                 current_id: str | None = None, values: dict[str, Any] | None = None,
                 error: str = ""):
        super().__init__(parent, error=error)
        self.setWindowTitle("Who is using Cultivate?")
        self.setMinimumWidth(520)
        values = values or {}
        intro = QLabel("Cultivate puts you down as the observer of the visits you start, and "
                       "records your name beside every change in the file's history. You can "
                       "change this later (Staff ▸ Who is using Cultivate…)."
                       + ("" if people else " No leader or coach is on the staff list yet: "
                          "add yourself."))
        intro.setWordWrap(True)

        self.pick = QRadioButton(PICK_TEXT)
        self.pick.setAccessibleName(PICK_TEXT.replace("&", ""))
        self.add = QRadioButton(ADD_TEXT)
        self.add.setAccessibleName(ADD_TEXT.replace("&", ""))
        choice = QButtonGroup(self)
        choice.addButton(self.pick)
        choice.addButton(self.add)

        self.people = QListWidget()
        self.people.setAccessibleName("Leaders and coaches")
        self.people.setMinimumHeight(120)
        for member in people:
            role = ROLE_LABELS.get(member.role) or member.role.replace("_", " ").capitalize()
            item = QListWidgetItem(f"{member.full_name} · {role}")
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.people.addItem(item)
        wanted = values.get("staff_id") or current_id
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == wanted:
                self.people.setCurrentRow(row)
        if self.people.currentRow() < 0 and self.people.count():
            self.people.setCurrentRow(0)
        self.people.itemDoubleClicked.connect(lambda *_: self.accept())

        typed = values.get("new") or {}
        self.first_name = QLineEdit(typed.get("first_name", ""))
        self.last_name = QLineEdit(typed.get("last_name", ""))
        self.role = QComboBox()
        for code in USER_ROLES:
            self.role.addItem(ROLE_LABELS.get(code) or code.replace("_", " ").capitalize(), code)
        self.role.setCurrentIndex(max(self.role.findData(typed.get("role", "coach")), 0))
        self.email = QLineEdit(typed.get("email") or "")
        self.new_form = QWidget()
        form = QFormLayout(self.new_form)
        form.setContentsMargins(24, 0, 0, 0)
        for text, widget in (("&First name", self.first_name), ("&Last name", self.last_name),
                             ("&Role", self.role), ("&Email (optional)", self.email)):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        self.field_widgets = {"first_name": self.first_name, "last_name": self.last_name,
                              "role": self.role, "email": self.email}

        adding = bool(typed) or not people
        self.pick.setVisible(bool(people))
        self.people.setVisible(bool(people))
        (self.add if adding else self.pick).setChecked(True)
        self.pick.toggled.connect(self._show_choice)
        self._show_choice()

        buttons = save_cancel_buttons(self)
        later = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        later.setText("Not now")
        later.setAccessibleName("Not now")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.error_label)
        layout.addWidget(self.pick)
        layout.addWidget(self.people)
        layout.addWidget(self.add)
        layout.addWidget(self.new_form)
        layout.addWidget(buttons)
        (self.first_name if adding else self.people).setFocus()

    def _show_choice(self, *args) -> None:
        picking = self.pick.isChecked()
        self.people.setEnabled(picking)
        self.new_form.setEnabled(not picking)
        if not picking:
            self.first_name.setFocus()

    def values(self) -> dict[str, Any]:
        if self.pick.isChecked() and self.people.currentItem() is not None:
            return {"staff_id": self.people.currentItem().data(Qt.ItemDataRole.UserRole)}
        return {"new": {"first_name": self.first_name.text().strip(),
                        "last_name": self.last_name.text().strip(),
                        "role": self.role.currentData(),
                        "email": self.email.text().strip() or None}}

    @classmethod
    def ask(cls, parent: QWidget | None, people: list[StaffMember], *,
            save: Callable[[dict[str, Any]], Result],
            current_id: str | None = None) -> Result | None:
        """Show the form until *save* succeeds (its Result) or "Not now" (None)."""
        return cls(parent, people, current_id=current_id).ask_to_save(save)
