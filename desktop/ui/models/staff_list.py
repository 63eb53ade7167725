"""The sidebar's staff list: "Whole school" first, then people by last name.

The people are read a page at a time (``canFetchMore``/``fetchMore``), sorted and
searched in SQL on the indexed name key: a district's 5,000 staff are never all read to
show the first screenful. A person not read yet is fetched up to when they are picked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from db.staff import StaffMember
from desktop.ui.models.table import ROW_FLAGS

WHOLE_SCHOOL = "Whole school"
WHOLE_DISTRICT = "Whole district"   # the first row of a district file, every school shown
STAFF_ID_ROLE = Qt.ItemDataRole.UserRole
MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1

ROLE_LABELS = {
    "teacher": "", "coach": "Coach", "principal": "Principal",
    "assistant_principal": "Assistant principal", "specialist": "Specialist", "other": "",
}


# read(offset, limit) -> one page of people; locate(staff_id) -> their place in the list
# (0-based) or None when the list does not show them.
Reader = Callable[[int, int], list[StaffMember]]
Locator = Callable[[str], "int | None"]


class StaffListModel(QAbstractListModel):
    page_size = 100

    def __init__(self, parent=None):
        super().__init__(parent)
        self._members: list[StaffMember] = []
        self._read: Reader | None = None
        self._locate: Locator | None = None
        self._complete = True
        self._fetching = False
        self.whole = WHOLE_SCHOOL    # the first row: the school shown, or the whole district

    def set_whole(self, text: str) -> None:
        if text != self.whole:
            self.whole = text
            self.dataChanged.emit(self.index(0), self.index(0))

    def set_source(self, read: Reader, locate: Locator) -> None:
        """List the people *read* gives, page by page, from the first page."""
        self._fetching = True    # nothing fetches while the list is being replaced
        try:
            self.beginResetModel()
            self._read, self._locate = read, locate
            self._members = []
            self._read_page()
            self.endResetModel()
        finally:
            self._fetching = False

    def set_members(self, members: list[StaffMember]) -> None:
        """List exactly *members* (no further pages)."""
        self._fetching = True
        try:
            self.beginResetModel()
            self._members = list(members)
            self._read = self._locate = None
            self._complete = True
            self.endResetModel()
        finally:
            self._fetching = False

    def members(self) -> list[StaffMember]:
        """The people read so far, in list order."""
        return list(self._members)

    def _read_page(self) -> list[StaffMember]:
        page = self._read(len(self._members), self.page_size) if self._read else []
        self._complete = len(page) < self.page_size
        self._members.extend(page)
        return page

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._complete and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if not parent.isValid():
            self._fetch(self.page_size)

    def _fetch(self, count: int) -> None:
        """The next *count* people, read at once."""
        # Not again from inside itself (a view or tester answering rowsAboutToBeInserted).
        if self._complete or self._fetching:
            return
        self._fetching = True
        try:
            first = len(self._members) + 1
            page = self._read(len(self._members), count) if self._read else []
            self._complete = len(page) < count
            if page:
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self._members.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False

    def refresh_members(self, ids: Iterable[str], fresh: Iterable[StaffMember]) -> None:
        """The people *ids* as they are now (*fresh*: those of them the list still shows):
        updated in place, removed, or put in their place (read from the list's own order in
        SQL); nobody else is touched. A person whose place is past the pages read so far is
        left for a later page, so the pages read stay the list's first rows."""
        wanted = set(ids)
        by_id = {member.id: member for member in fresh}
        places = {staff_id: self._locate(staff_id) if self._locate else None for staff_id in by_id}
        for position in reversed(range(len(self._members))):
            member = self._members[position]
            if member.id not in wanted:
                continue
            new = by_id.get(member.id)
            stays = self._locate is None or places.get(member.id) == position
            if new is not None and len(wanted) == 1 and stays:
                self._members[position] = by_id.pop(member.id)
                self.dataChanged.emit(self.index(position + 1), self.index(position + 1))
            else:
                self.beginRemoveRows(QModelIndex(), position + 1, position + 1)
                del self._members[position]
                self.endRemoveRows()
        arriving = sorted(((places[staff_id], member) for staff_id, member in by_id.items()
                           if places[staff_id] is not None), key=lambda pair: pair[0])
        for place, member in arriving:
            if place > len(self._members) or (place == len(self._members) and not self._complete):
                continue   # beyond the pages read: a later page brings them
            self.beginInsertRows(QModelIndex(), place + 1, place + 1)
            self._members.insert(place, member)
            self.endInsertRows()

    def row_of(self, staff_id: str | None, *, read_to: bool = True) -> int:
        """The row showing *staff_id* (0, "Whole school", for None); -1 when not listed.
        A person the list shows but has not read yet is read up to, page by page (with
        *read_to* False: -1, nothing read)."""
        if staff_id is None:
            return 0
        for row, member in enumerate(self._members, start=1):
            if member.id == staff_id:
                return row
        if self._complete or self._locate is None or not read_to:
            return -1
        place = self._locate(staff_id)
        if place is None:
            return -1
        if len(self._members) <= place:
            # Up to them and a page beyond, in one read: a page at a time was 25 queries to
            # reach a teacher 2,500 names down a district's list.
            self._fetch(place + 1 - len(self._members) + self.page_size)
        for row, member in enumerate(self._members[place:], start=place + 1):
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
                return self.whole
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
        return ROW_FLAGS
