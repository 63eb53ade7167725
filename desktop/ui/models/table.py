"""A read-only table model over a list of dataclasses, described column by column.

Each list model subclasses it and declares its columns; the sort role carries a
value of one type per column so a QSortFilterProxyModel sorts dates and numbers
properly, and the row role hands views the dataclass itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Sequence, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    text: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None   # defaults to the lower-cased text
    align: Qt.AlignmentFlag = LEFT
    width: int = 0                                 # preferred width in characters; 0: stretch
    tooltip: Callable[[Row], str] | None = None
    extra: dict = field(default_factory=dict)


def date_text(value: str | None) -> str:
    """ISO date (or date-time) as the table shows it; blank when unknown."""
    return (value or "")[:10]


def number_sort(value: float | int | None) -> float:
    # Unknown values sort below every real one, whichever way the column is sorted.
    return -1.0 if value is None else float(value)


class DataclassTableModel(QAbstractTableModel, Generic[Row]):
    columns: Sequence[Column] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Row] = []

    # -- filling -------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def column_index(self, header: str) -> int:
        return [column.header for column in self.columns].index(header)

    # -- Qt ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            if column.sort_key is not None:
                return column.sort_key(row)
            return column.text(row).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(row)
        if role == ROW_ROLE:
            return row
        return self.extra_data(row, column, role)

    def extra_data(self, row: Row, column: Column, role: int) -> Any:
        """Subclasses add roles here (colours, fonts) without repeating the basics."""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(column.align.value)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
