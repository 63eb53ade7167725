"""The sidebar's staff list: "Whole school" first, then people by last name."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from db.connection import name_sort_key
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

    @staticmethod
    def _order(member: StaffMember) -> tuple[str, str]:
        return name_sort_key(member.last_name), name_sort_key(member.first_name)

    def refresh_members(self, ids: Iterable[str], fresh: Iterable[StaffMember]) -> None:
        """The people *ids* as they are now (*fresh*: those of them the list still shows):
        updated in place, removed, or put in their place by name; nobody else is touched."""
        wanted = set(ids)
        by_id = {member.id: member for member in fresh}
        for position in reversed(range(len(self._members))):
            member = self._members[position]
            if member.id not in wanted:
                continue
            new = by_id.get(member.id)
            if new is not None and self._order(new) == self._order(member):
                self._members[position] = by_id.pop(member.id)
                self.dataChanged.emit(self.index(position + 1), self.index(position + 1))
            else:
                self.beginRemoveRows(QModelIndex(), position + 1, position + 1)
                del self._members[position]
                self.endRemoveRows()
        for member in by_id.values():
            position = bisect.bisect([self._order(m) for m in self._members], self._order(member))
            self.beginInsertRows(QModelIndex(), position + 1, position + 1)
            self._members.insert(position, member)
            self.endInsertRows()

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
