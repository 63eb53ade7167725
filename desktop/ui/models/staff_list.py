"""The sidebar's staff list: "Whole school" first, then people by last name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from db.staff import StaffMember

WHOLE_SCHOOL = "Whole school"
STAFF_ID_ROLE = Qt.ItemDataRole.UserRole
MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1

ROLE_LABELS = {
    "teacher": "", "coach": "Coach", "principal": "Principal",
    "assistant_principal": "Assistant principal", "specialist": "Specialist", "other": "",
}


class StaffListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._members: list[StaffMember] = []

    def set_members(self, members: list[StaffMember]) -> None:
        self.beginResetModel()
        self._members = list(members)
        self.endResetModel()

    def members(self) -> list[StaffMember]:
        return list(self._members)

    def row_of(self, staff_id: str | None) -> int:
        """The row showing *staff_id* (0, "Whole school", for None); -1 when not listed."""
        if staff_id is None:
            return 0
        for row, member in enumerate(self._members, start=1):
            if member.id == staff_id:
                return row
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._members) + 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() <= len(self._members)):
            return None
        if index.row() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return WHOLE_SCHOOL
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        member = self._members[index.row() - 1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = member.sort_name
            role_label = ROLE_LABELS.get(member.role, "")
            if role_label:
                text += f" · {role_label}"
            if member.is_archived:
                text += " (archived)"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [member.full_name, member.subjects, member.email or ""]
            return "\n".join(part for part in parts if part)
        if role == Qt.ItemDataRole.ForegroundRole and member.is_archived:
            return QColor("#6b6b6b")
        if role == STAFF_ID_ROLE:
            return member.id
        if role == MEMBER_ROLE:
            return member
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
