"""The staff sidebar: search as you type, pick the whole school or one person.

Whatever is picked here is the context every tab follows.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import staff
from db.operations import Changes
from desktop.ui.models.staff_list import STAFF_ID_ROLE, WHOLE_DISTRICT, WHOLE_SCHOOL, StaffListModel

SEARCH_LABEL = "Search staff"
# The search waits for a pause in the typing: a fast typist's "nguyen" is one search, not six.
SEARCH_PAUSE_MS = 150
LIST_LABEL = "Staff"
SHOW_ARCHIVED_LABEL = "Show archived"
SCHOOL_LABEL = "School"


class _SearchBox(QLineEdit):
    """Down arrow or Enter moves into the list, so the mouse is never needed."""

    move_to_list = Signal(bool)   # True: also pick the first match

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_to_list.emit(False)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move_to_list.emit(True)
            return
        super().keyPressEvent(event)


class StaffSidebar(QWidget):
    selection_changed = Signal(object)   # a staff id, or None for the whole school
    school_changed = Signal(object)      # a school id, or None for every school (the district)
    search_pause_ms = SEARCH_PAUSE_MS

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self._staff_id: str | None = None
        self._context_actions: list[QAction] = []

        self.search = _SearchBox()
        self.search.setPlaceholderText("Search staff…")
        self.search.setAccessibleName(SEARCH_LABEL)
        self.search.setClearButtonEnabled(True)
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(self.search_pause_ms)
        self._search_pause.timeout.connect(self.reload)
        self.search.textChanged.connect(self._search_typed)
        self.search.move_to_list.connect(self._enter_list)

        self.model = StaffListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(LIST_LABEL)
        # Ctrl/Shift+click or Shift+arrows pick several people (e.g. to print their portfolios);
        # the current row is still the one context every tab follows.
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.selectionModel().currentChanged.connect(self._current_changed)

        self.show_archived = QCheckBox(SHOW_ARCHIVED_LABEL)
        self.show_archived.setAccessibleName(SHOW_ARCHIVED_LABEL)
        self.show_archived.toggled.connect(self.reload)

        # A district file (several schools merged into one): which school's staff to list.
        self.school = QComboBox()
        self.school.setAccessibleName(SCHOOL_LABEL)
        self.school_label = QLabel("Sc&hool")
        self.school_label.setBuddy(self.school)
        self.school.currentIndexChanged.connect(self._school_chosen)
        self._several_schools = False

        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #555;")
        search_label = QLabel("&Staff")
        search_label.setBuddy(self.search)
        search_label.setAccessibleName(LIST_LABEL)
        font = search_label.font()
        font.setBold(True)
        search_label.setFont(font)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 4, 8)
        layout.addWidget(self.school_label)
        layout.addWidget(self.school)
        layout.addWidget(search_label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.show_archived)
        layout.addWidget(self.count_label)
        self._fill_schools()
        self.reload()
        self.list.setCurrentIndex(self.model.index(0))

    # -- state -----------------------------------------------------------------------
    @property
    def staff_id(self) -> str | None:
        return self._staff_id

    def selected_ids(self) -> list[str]:
        """The people selected in the list, in list order ("Whole school" is not a person)."""
        rows = sorted(index.row() for index in self.list.selectionModel().selectedRows())
        return [staff_id for staff_id in (self.model.index(row).data(STAFF_ID_ROLE) for row in rows)
                if staff_id is not None]

    @property
    def school_id(self) -> str | None:
        """The school the list shows, or None for all of them."""
        return self.school.currentData() if self._several_schools else None

    @property
    def scope_name(self) -> str:
        """What is shown when no person is picked: "Whole school" in a file of one school,
        else "Whole district" or the school's name."""
        if not self._several_schools:
            return WHOLE_SCHOOL
        return self.school.currentText() if self.school_id else WHOLE_DISTRICT

    def _fill_schools(self) -> None:
        from db import schools
        from desktop.settings import get_settings

        found = schools.list_schools(self.db)
        wanted = get_settings().get("view.school")
        self.school.blockSignals(True)
        self.school.clear()
        self.school.addItem(f"All {len(found)} schools (district)", None)
        for school in found:
            self.school.addItem(school.name, school.id)
        index = self.school.findData(wanted) if wanted else 0
        if index < 0:   # the school chosen last time is gone (another file): the district
            get_settings().set("view.school", "")
        self.school.setCurrentIndex(max(index, 0))
        self.school.blockSignals(False)
        several = self._several_schools = len(found) > 1
        self.school.setVisible(several)
        self.school_label.setVisible(several)
        self.model.set_whole(self.scope_name)

    def _school_chosen(self, _index: int) -> None:
        from desktop.settings import get_settings

        get_settings().set("view.school", self.school.currentData() or "")
        self.model.set_whole(self.scope_name)
        self.reload()
        if self._staff_id is not None and self.model.row_of(self._staff_id) < 0:
            # The person is at another school: the school's own page, said once (by
            # school_changed: the window reads the staff picked with the school).
            self._staff_id = None
            self.list.selectionModel().blockSignals(True)
            self.select_row(0)
            self.list.selectionModel().blockSignals(False)
            self.list.viewport().update()
        self.school_changed.emit(self.school_id)

    def set_database(self, db: Database) -> None:
        self.db = db
        self._staff_id = None
        self.search.clear()
        self._fill_schools()
        self.reload()
        self.select(None)

    def set_context_actions(self, actions: list[QAction]) -> None:
        self._context_actions = actions

    def _search_typed(self, text: str) -> None:
        # Cleared (the clear button, Esc, a new file): at once; typing: after the pause.
        if text:
            self._search_pause.start()
        else:
            self.reload()

    def stop_reading(self) -> None:
        """The file is about to close: keep what is shown, read nothing more."""
        self._search_pause.stop()
        self.model.set_members(self.model.members())

    def search_pending(self) -> bool:
        """Typed text waits for the pause before it is searched."""
        return self._search_pause.isActive()

    def reload(self, *args) -> None:
        self._search_pause.stop()
        search = self.search.text()
        archived = self.show_archived.isChecked()
        db, school_id = self.db, self.school_id
        self.model.set_source(
            lambda offset, limit: staff.list_staff(db, search=search, include_archived=archived,
                                                   limit=limit, offset=offset, school_id=school_id),
            lambda staff_id: staff.position(db, staff_id, search=search, include_archived=archived,
                                            school_id=school_id))
        self._show_count()
        self._keep_selection(shown=True)

    def apply_changes(self, changes: Changes) -> None:
        """A write changed some people: just their rows are read again."""
        if changes.tables & {"schools"}:
            self._fill_schools()       # a merge brought another school, or one was renamed
        ids = changes.ids("staff")
        if not ids:
            return
        fresh = staff.list_staff(self.db, search=self.search.text(),
                                 include_archived=self.show_archived.isChecked(), ids=ids,
                                 school_id=self.school_id)
        # A row moving (a rename) must not pick whoever slides under the cursor.
        self.list.selectionModel().blockSignals(True)
        try:
            self.model.refresh_members(ids, fresh)
        finally:
            self.list.selectionModel().blockSignals(False)
        self._show_count()
        self._keep_selection()
        if self._staff_id is not None and self.model.row_of(self._staff_id) < 0:
            self.select(None)   # the person shown was deleted (or archived out of the list)

    def _show_count(self) -> None:
        total = staff.count(self.db, school_id=self.school_id)
        where = f" at {self.school.currentText()}" if self.school_id else ""
        search = self.search.text()
        if search.strip():
            shown = staff.count_matching(self.db, search=search, school_id=self.school_id,
                                         include_archived=self.show_archived.isChecked())
            self.count_label.setText(f"{shown} of {total} staff{where}")
        else:
            self.count_label.setText(f"{total} staff{where}")

    def _keep_selection(self, *, shown: bool = False) -> None:
        """Highlight the person picked; *shown*: the list was read afresh (a search, a
        filter), so scroll to them, or to the top when they are not on it."""
        # Among the matches of a search, the person picked is highlighted if already read,
        # never read up to: 3,000 names down the matches of "ma" (everyone's email) that was
        # 150 ms a keystroke on a district. With no search, the list goes back to them.
        row = self.model.row_of(self._staff_id, read_to=not self.search.text().strip())
        # Keep the highlighted row in step with the context without re-announcing it.
        self.list.selectionModel().blockSignals(True)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        else:
            self.list.selectionModel().clearSelection()
        self.list.selectionModel().blockSignals(False)
        if shown and row >= 0:
            self.list.scrollTo(self.model.index(row))
        elif shown:
            self.list.scrollToTop()   # the first matches, not wherever the last list was
        self.list.viewport().update()

    def select(self, staff_id: str | None) -> bool:
        """Pick *staff_id* (None: whole school) if it is listed; True when it is."""
        row = self.model.row_of(staff_id)
        if row < 0:
            return False
        self.list.selectionModel().setCurrentIndex(
            self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._set_context(staff_id)
        return True

    def select_row(self, row: int) -> None:
        self.list.selectionModel().setCurrentIndex(
            self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- events ----------------------------------------------------------------------
    def _current_changed(self, current, previous) -> None:
        if current.isValid():
            self._set_context(current.data(STAFF_ID_ROLE))

    def _set_context(self, staff_id: str | None) -> None:
        if staff_id != self._staff_id:
            self._staff_id = staff_id
            self.selection_changed.emit(staff_id)

    def _enter_list(self, pick_first: bool) -> None:
        if self.search_pending():
            self.reload()   # Enter right after typing: the matches of what was typed
        self.list.setFocus()
        if pick_first and self.model.rowCount() > 1:
            self.select_row(1)

    def _context_menu(self, position) -> None:
        index = self.list.indexAt(position)
        if index.isValid():
            self.select_row(index.row())
        menu = QMenu(self)
        for action in self._context_actions:
            menu.addAction(action)
        menu.popup(self.list.viewport().mapToGlobal(position))
