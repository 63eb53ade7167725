"""A read-only table model over a list of dataclasses, described column by column.

Each list model subclasses it and declares its columns; the sort role carries a
value of one type per column so a QSortFilterProxyModel sorts dates and numbers
properly, and the row role hands views the dataclass itself.

After a write, :meth:`DataclassTableModel.refresh_rows` reloads just the rows it
touched (``dataChanged``, or a row inserted or removed), never the whole list: the one
place a list's rows follow the data, whatever later fetches them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
# Made once: a view asks data() and flags() for every cell it paints (a thousand calls a
# list's repaint), and each "|" of Qt's flags or look-up of a role costs a Python call.
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole

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
        # Rows by id under the list's current filter; set by the view that fills the list.
        self.fetch: Callable[[frozenset[str]], Sequence[Row]] | None = None

    # The list's own order, as its query sorts it: a row added or changed by a write takes
    # its place by this key (None: new rows go first).
    order_key: Callable[[Row], Any] | None = None
    descending = False

    @staticmethod
    def key(row: Row) -> str:
        """The record id a row shows (rows over a wrapper override this)."""
        return row.id  # type: ignore[attr-defined]

    def _comes_before(self, row: Row, other: Row, *, newest: bool) -> bool:
        mine, theirs = self.order_key(row), self.order_key(other)
        if self.descending:   # newest-first lists: a new record goes first among its equals
            return mine > theirs or (newest and mine == theirs)
        return mine < theirs

    def _place(self, row: Row, rows: Sequence[Row], *, new: bool = False) -> int:
        if self.order_key is None:
            return 0
        return next((n for n, other in enumerate(rows)
                     if self._comes_before(row, other, newest=new)), len(rows))

    def _in_place(self, row: Row, position: int) -> bool:
        """*row* at *position* keeps the list in order (so an edit does not move it)."""
        if self.order_key is None:
            return True
        before = self._rows[position - 1] if position > 0 else None
        after = self._rows[position + 1] if position + 1 < len(self._rows) else None
        return not ((before is not None and self._comes_before(row, before, newest=False))
                    or (after is not None and self._comes_before(after, row, newest=False)))

    def refresh_rows(self, ids: Iterable[str]) -> None:
        """Reload the rows of records *ids* and nothing else: a row still listed is
        updated in place (moved, keeping its selection, if its place in the order
        changed), one that no longer belongs is removed, and a record that now belongs
        is added where the order puts it."""
        wanted = frozenset(ids)
        if not wanted or self.fetch is None:
            return
        fresh = {self.key(row): row for row in self.fetch(wanted)}
        last = len(self.columns) - 1
        for row_id in [self.key(row) for row in self._rows if self.key(row) in wanted]:
            position = self.position_of(row_id)
            if row_id not in fresh:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
                continue
            row = fresh.pop(row_id)
            others = self._rows[:position] + self._rows[position + 1:]
            target = position if self._in_place(row, position) else self._place(row, others)
            if self._past_the_pages(target, len(others)):   # it moved to a page not read yet
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
                continue
            destination = target if target <= position else target + 1
            if destination not in (position, position + 1):
                self.beginMoveRows(QModelIndex(), position, position, QModelIndex(), destination)
                self._rows.pop(position)
                self._rows.insert(target, row)
                self.endMoveRows()
            else:
                target = position
                self._rows[position] = row
            self.dataChanged.emit(self.index(target, 0), self.index(target, last))
        for row in fresh.values():
            target = self._place(row, self._rows, new=True)
            if self._past_the_pages(target, len(self._rows)):
                continue   # a later page brings it, in its place
            self.beginInsertRows(QModelIndex(), target, target)
            self._rows.insert(target, row)
            self.endInsertRows()

    def _past_the_pages(self, position: int, count: int) -> bool:
        """A row placed at *position*, after all *count* rows listed, belongs to a page
        not read yet (a list read a page at a time; this one is read whole)."""
        return False

    def position_of(self, row_id: str | None) -> int:
        """The row showing record *row_id*, or -1."""
        return next((n for n, row in enumerate(self._rows) if self.key(row) == row_id), -1)

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
        if role == _DISPLAY:
            return column.text(row)
        if role == SORT_ROLE:
            if column.sort_key is not None:
                return column.sort_key(row)
            return column.text(row).lower()
        if role == _ALIGNMENT:
            return int(column.align.value)
        if role == _TOOLTIP and column.tooltip:
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
        return ROW_FLAGS


class PagedTableModel(DataclassTableModel[Row]):
    """A list read a page at a time from storage, sorted there, never held whole.

    The view asks for more as it scrolls (``canFetchMore``/``fetchMore``); a click on a
    column header (``sort``) reads the first page again in that column's order, which
    storage sorts on its indexes. *orders* maps a column's header to the name storage
    knows that order by; a column without one does not sort; storage's "" order is the
    list's own (``natural_key``), before any header is clicked. ``set_rows`` still lists a
    fixed set of rows (sorted in memory by the same columns' sort keys).
    """

    # Two screens of rows: a first page is what a list costs to show, and a page under
    # several filters may have to pass over most of a district's year to fill itself
    # (200 rows under four filters: 115 ms; 80: a third of it). The view asks for more.
    page_size = 80
    orders: dict[str, str] = {}
    # The order a new list is read in: (header, descending).
    default_order: tuple[str, bool] = ("", False)

    def __init__(self, parent=None):
        super().__init__(parent)
        # read(offset, limit, order, descending) -> the rows of one page
        self._read: Callable[[int, int, str, bool], Sequence[Row]] | None = None
        self._complete = True
        self._fetching = False
        header, descending = self.default_order
        self._order = self.orders.get(header, "")
        self._order_column = next((n for n, c in enumerate(self.columns) if c.header == header), -1)
        self._descending = descending

    # The list's own order before a header is clicked (storage's "" order), as a sort key.
    natural_key: Callable[[Row], Any] | None = None

    # A write's rows take their place (refresh_rows) by the column the list is sorted on.
    @property
    def order_key(self) -> Callable[[Row], Any] | None:  # type: ignore[override]
        if self._order_column < 0:
            return self.natural_key
        column = self.columns[self._order_column]
        return column.sort_key or (lambda row: column.text(row).lower())

    @property
    def descending(self) -> bool:  # type: ignore[override]
        return self._descending

    def _past_the_pages(self, position: int, count: int) -> bool:
        return position >= count and not self._complete

    @property
    def order(self) -> tuple[str, bool]:
        """The storage order the list is read in, and whether it is reversed."""
        return self._order, self._descending

    def set_source(self, read: Callable[[int, int, str, bool], Sequence[Row]]) -> None:
        """List what *read* gives, from its first page, in the current order."""
        self._read = read
        self._reset(lambda: self._first_page())

    def set_rows(self, rows: Sequence[Row]) -> None:
        self._read = None
        self._reset(lambda: self._sorted(list(rows)))

    def _reset(self, fill: Callable[[], list]) -> None:
        self._fetching = True    # nothing fetches while the list is being replaced
        try:
            self.beginResetModel()
            self._complete = True
            self._rows = fill()
            self.endResetModel()
        finally:
            self._fetching = False

    def _first_page(self) -> list:
        page = list(self._read(0, self.page_size, self._order, self._descending))
        self._complete = len(page) < self.page_size
        return page

    def _sorted(self, rows: list) -> list:
        if self._order_column < 0:
            return sorted(rows, key=self.natural_key, reverse=self._descending) if self.natural_key else rows
        column = self.columns[self._order_column]
        key = column.sort_key or (lambda row: column.text(row).lower())
        return sorted(rows, key=key, reverse=self._descending)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._complete and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        # Not again from inside itself (a view or tester answering rowsAboutToBeInserted).
        if parent.isValid() or self._complete or self._fetching or self._read is None:
            return
        self._fetching = True
        try:
            page = list(self._read(len(self._rows), self.page_size, self._order, self._descending))
            self._complete = len(page) < self.page_size
            # A row a write put among the rows read already is not listed twice.
            shown = {self.key(row) for row in self._rows}
            page = [row for row in page if self.key(row) not in shown]
            if page:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                self._rows.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False

    # A list panel shows a paged list without a proxy: these let code written for a proxy
    # (``panel.proxy.mapToSource``) read it the same way.
    @staticmethod
    def mapToSource(index: QModelIndex | QPersistentModelIndex) -> QModelIndex | QPersistentModelIndex:  # noqa: N802 - Qt's name
        return index

    @staticmethod
    def mapFromSource(index: QModelIndex | QPersistentModelIndex) -> QModelIndex | QPersistentModelIndex:  # noqa: N802 - Qt's name
        return index

    def fetch_all(self) -> None:
        """Read every remaining page (for a command that needs the whole list)."""
        while self.canFetchMore():
            self.fetchMore()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].header not in self.orders:
            return
        self._order = self.orders[self.columns[column].header]
        self._order_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        if self._read is not None:
            self._reset(self._first_page)
        else:
            self._reset(lambda: self._sorted(list(self._rows)))
