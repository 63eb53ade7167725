"""The main window: staff sidebar, the five tabs, menus. No SQL here."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QTabWidget
from sqlite_utils import Database

from db import overview, staff
from db.connection import set_today
from db.errors import StorageError
from db.staff import StaffValidationError
from desktop.settings import Settings
from desktop.ui import messages
from desktop.ui.actions import Actions
from desktop.ui.dialogs.backup_dialogs import install_data_actions, open_for_window
from desktop.ui.dialogs.staff_dialog import StaffDialog
from desktop.ui.help import (
    KeyboardShortcutsDialog, UserGuideWindow, open_data_folder, page_for_tab, report_a_problem,
    show_about, window_shortcuts,
)
from desktop.ui.sidebar import StaffSidebar
from desktop.ui.tabs.base import Tab
from desktop.ui.tabs.celebrations import CelebrationsTab
from desktop.ui.tabs.goals import GoalsTab
from desktop.ui.tabs.observations import ObservationsTab
from desktop.ui.tabs.overview import OverviewTab
from desktop.ui.tabs.pd_menu import PdMenuTab

TAB_CLASSES = (OverviewTab, ObservationsTab, GoalsTab, PdMenuTab, CelebrationsTab)
DEFAULT_SIZE = (1280, 820)


class MainWindow(QMainWindow):
    def __init__(self, db: Database, path: Path | None, *, settings: Settings | None = None,
                 today: date | None = None, remember_state: bool = True):
        super().__init__()
        self.db = db
        self.path = path
        self.settings = settings or Settings.load()
        self._fixed_today = today
        self._follow_fixed_today(db)
        self.today = self._reference_day()
        self.remember_state = remember_state
        self.operations = Actions(db, path, self)
        self.operations.data_changed.connect(self._data_changed)

        self.sidebar = StaffSidebar(db)
        self.sidebar.selection_changed.connect(self._context_changed)
        self.tab_widget = QTabWidget()
        self.tab_widget.setAccessibleName("Tabs")
        self.tab_widget.setDocumentMode(True)
        self.tabs: list[Tab] = []
        for tab_class in TAB_CLASSES:
            tab = tab_class(db, self.today)
            self.tabs.append(tab)
            self.tab_widget.addTab(tab, tab.title.replace("&", "&&"))
        self.tab_widget.currentChanged.connect(self._tab_shown)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.sidebar)
        split.addWidget(self.tab_widget)
        split.setStretchFactor(1, 1)
        split.setSizes([250, 1100])
        split.setChildrenCollapsible(False)
        self.setCentralWidget(split)

        self.file_label = QLabel()
        self.file_label.setAccessibleName("Data file")
        self.statusBar().addPermanentWidget(self.file_label)
        self._build_menus()
        self._show_file()
        self._restore_state()
        self._tab_shown(self.tab_widget.currentIndex())

    # -- menus -------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: Any = None, *, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        plain = text.replace("&", "").rstrip("…")
        action.setObjectName(plain)
        action.setToolTip(plain)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_file_action = self._action("&New database…", self.new_database, "Ctrl+Shift+N")
        self.open_file_action = self._action("&Open database…", self.open_database_dialog,
                                             QKeySequence.StandardKey.Open)
        file_menu.addAction(self.new_file_action)
        file_menu.addAction(self.open_file_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        self.data_actions = install_data_actions(self, file_menu)
        from desktop.ui.dialogs.portfolio_export import print_growth_portfolio

        self.print_portfolio_action = self._action("&Print growth portfolio…",
                                                   lambda: print_growth_portfolio(self), "Ctrl+P")
        file_menu.addAction(self.print_portfolio_action)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        file_menu.addAction(self.quit_action)

        staff_menu = bar.addMenu("&Staff")
        self.add_staff_action = self._action("&Add teacher…", self.add_staff, "Ctrl+N")
        self.edit_staff_action = self._action("&Edit…", self.edit_staff, "Ctrl+E")
        self.archive_staff_action = self._action("A&rchive…", self.archive_staff, "Ctrl+Shift+D")
        self.restore_staff_action = self._action("Re&store", self.restore_staff)
        self.show_archived_action = self._action("Show a&rchived", self._toggle_archived,
                                                 checkable=True)
        for action in (self.add_staff_action, self.edit_staff_action, self.archive_staff_action,
                       self.restore_staff_action):
            staff_menu.addAction(action)
        staff_menu.addSeparator()
        staff_menu.addAction(self.show_archived_action)
        staff_menu.addSeparator()
        self.import_roster_action = self._action("&Import roster…", self.import_roster)
        staff_menu.addAction(self.import_roster_action)
        self.sidebar.show_archived.toggled.connect(self.show_archived_action.setChecked)
        self.sidebar.set_context_actions([self.edit_staff_action, self.archive_staff_action,
                                          self.restore_staff_action])
        from desktop.ui.tabs.observations import install_observation_actions

        self.observation_actions = install_observation_actions(self, bar)

        view_menu = bar.addMenu("&View")
        self.tab_actions = []
        for number, tab in enumerate(self.tabs, start=1):
            action = self._action(f"&{number} {tab.title.replace('&', '&&')}",
                                  lambda checked=False, i=number - 1: self.tab_widget.setCurrentIndex(i),
                                  f"Ctrl+{number}")
            view_menu.addAction(action)
            self.tab_actions.append(action)
        view_menu.addSeparator()
        self.focus_search_action = self._action("&Search staff", self.focus_search,
                                                QKeySequence.StandardKey.Find)
        view_menu.addAction(self.focus_search_action)

        help_menu = bar.addMenu("&Help")
        self.guide_window: UserGuideWindow | None = None
        self.guide_action = self._action("&User guide", lambda: self.show_user_guide(),
                                         QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/")
        self.data_folder_action = self._action("Open &data folder", self.open_data_folder)
        self.report_action = self._action("&Report a problem…", self.report_problem)
        self.about_action = self._action("&About Cultivate", self.show_about)
        for action in (self.guide_action, self.shortcuts_action, None, self.data_folder_action,
                       self.report_action, None, self.about_action):
            if action is None:
                help_menu.addSeparator()
            else:
                help_menu.addAction(action)
        self._update_staff_actions()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [Path(item) for item in self.settings.get("files.recent")]
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda checked=False, p=path: self.open_file(p))
        if not recent:
            empty = self.recent_menu.addAction("No recent files")
            empty.setEnabled(False)

    # -- state ---------------------------------------------------------------------------
    @property
    def current_tab(self) -> Tab:
        return self.tabs[self.tab_widget.currentIndex()]

    def _restore_state(self) -> None:
        geometry = self.settings.get("window.geometry")
        if not (geometry and self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))):
            self.resize(*DEFAULT_SIZE)
        last_tab = self.settings.get("window.last_tab")
        if 0 <= last_tab < len(self.tabs):
            self.tab_widget.setCurrentIndex(last_tab)

    def _save_state(self) -> None:
        if not self.remember_state:
            return
        self.settings.set("window.geometry", self.saveGeometry().toBase64().data().decode("ascii"))
        self.settings.set("window.last_tab", self.tab_widget.currentIndex())

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        self.db.close()
        super().closeEvent(event)

    def _show_file(self) -> None:
        name = self.path.name if self.path else "Sample in memory"
        self.setWindowTitle(f"{name} — Cultivate")
        text = f"Data file: {self.path}" if self.path else "Data file: not saved to disk"
        self.file_label.setText(text)
        self.file_label.setAccessibleDescription(text)

    # -- following the sidebar and the data ---------------------------------------------------
    def _context_changed(self, staff_id: str | None) -> None:
        for tab in self.tabs:
            tab.set_staff(staff_id)
        self.current_tab.refresh()
        self._update_staff_actions()

    def _tab_shown(self, index: int) -> None:
        if 0 <= index < len(self.tabs):
            self.tabs[index].refresh()

    def _data_changed(self, tables: set[str]) -> None:
        if "staff" in tables:
            self.sidebar.reload()
        for tab in self.tabs:
            tab.tables_changed(tables)
        self.current_tab.refresh()
        self._update_staff_actions()

    def _follow_fixed_today(self, db: Database) -> None:
        """A window told which day it is (tests, screenshots) has its file's rules follow
        that day too: when wellbeing months close."""
        if self._fixed_today is not None:
            set_today(db, self._fixed_today)

    def _reference_day(self) -> date:
        """'Today' for figures: a finished school year is shown as of its last recorded day."""
        return self._fixed_today or overview.reference_day(self.db, date.today())

    def _follow_today(self) -> None:
        self.today = self._reference_day()
        for tab in self.tabs:
            tab.today = self.today

    def reload_everything(self) -> None:
        """After a bulk change (the sample school): every list and figure from scratch."""
        self._follow_today()
        self._data_changed({"staff", *set().union(*(tab.tables for tab in self.tabs))})

    def _update_staff_actions(self) -> None:
        member = self.selected_member()
        self.edit_staff_action.setEnabled(member is not None)
        self.archive_staff_action.setEnabled(member is not None and not member.is_archived)
        self.restore_staff_action.setEnabled(member is not None and member.is_archived)

    def selected_member(self) -> staff.StaffMember | None:
        staff_id = self.sidebar.staff_id
        return staff.get(self.db, staff_id) if staff_id else None

    # -- files --------------------------------------------------------------------------------
    def new_database(self) -> None:
        path = messages.choose_file(self, new=True)
        if path is not None:
            self.open_file(path)

    def open_database_dialog(self) -> None:
        path = messages.choose_file(self, new=False)
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path) -> bool:
        """Switch the window to another data file; the current one stays open if that fails."""
        try:
            new_db = open_for_window(path, previous=self.path, parent=self)
        except StorageError as error:
            self.statusBar().showMessage(f"Could not open {path.name}", 8000)
            messages.notify(self, "Could not open the file", str(error), error.way_out)
            return False
        self.db.close()
        self._follow_fixed_today(new_db)
        self.db, self.path = new_db, Path(path)
        self.operations.db, self.operations.path = new_db, self.path
        self.settings.remember_file(self.path)
        self.sidebar.set_database(new_db)
        for tab in self.tabs:
            tab.set_database(new_db)
        self._follow_today()
        self._show_file()
        self.current_tab.refresh()
        self._update_staff_actions()
        self.statusBar().showMessage(f"Opened {self.path}", 8000)
        return True

    # -- staff ----------------------------------------------------------------------------------
    def add_staff(self) -> None:
        self._edit_staff(None)

    def edit_staff(self) -> None:
        member = self.selected_member()
        if member is None:
            self.statusBar().showMessage("Pick a person in the staff list first.", 6000)
            return
        self._edit_staff(member)

    def _edit_staff(self, member: staff.StaffMember | None) -> None:
        values: dict[str, Any] | None = None
        error = ""
        while True:
            values = StaffDialog.ask(self, member, values=values, error=error)
            if values is None:
                return
            typed = values
            try:
                if member is None:
                    outcome = self.operations.run(
                        lambda db: staff.add(db, **typed), changes={"staff"},
                        done=f"Added {_name(typed)}.", passes_through=(StaffValidationError,))
                else:
                    outcome = self.operations.run(
                        lambda db: staff.update(db, member.id, **typed), changes={"staff"},
                        done=f"Saved {_name(typed)}.", passes_through=(StaffValidationError,))
            except StaffValidationError as problem:
                error = str(problem)
                continue
            if outcome.ok and member is None:
                if not self.sidebar.select(outcome.value):
                    self.sidebar.search.clear()
                    self.sidebar.select(outcome.value)
            return

    def archive_staff(self) -> None:
        member = self.selected_member()
        if member is None or member.is_archived:
            return
        if not messages.confirm(
                self, "Archive staff member",
                f"Archive {member.full_name}? They leave the staff list; their observations, "
                "goals and PD stay. You can restore them from Staff ▸ Show archived.",
                yes="Archive"):
            return
        outcome = self.operations.run(lambda db: staff.archive(db, member.id), changes={"staff"},
                                      done=f"Archived {member.full_name}.")
        if outcome.ok and not self.sidebar.show_archived.isChecked():
            self.sidebar.select(None)

    def restore_staff(self) -> None:
        member = self.selected_member()
        if member is None or not member.is_archived:
            return
        self.operations.run(lambda db: staff.restore(db, member.id), changes={"staff"},
                            done=f"Restored {member.full_name}.")

    def import_roster(self) -> None:
        # Imported when asked: start-up does not pay for the roster readers.
        from desktop.ui.dialogs.roster_import import RosterImportDialog

        RosterImportDialog.ask(self, self.db, run_write=self.operations.run)

    def _toggle_archived(self, checked: bool) -> None:
        self.sidebar.show_archived.setChecked(checked)

    # -- view and help ----------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.sidebar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sidebar.search.selectAll()

    def show_user_guide(self, page: str | None = None) -> UserGuideWindow:
        """The guide, at *page* or else at the page about the tab on screen (F1)."""
        if self.guide_window is None:
            self.guide_window = UserGuideWindow(self, show_shortcuts=self.show_shortcuts)
        self.guide_window.open_page(page or page_for_tab(self.current_tab.slug))
        self.guide_window.show()
        self.guide_window.raise_()
        self.guide_window.activateWindow()
        return self.guide_window

    def show_shortcuts(self) -> KeyboardShortcutsDialog:
        dialog = KeyboardShortcutsDialog(
            window_shortcuts(self), self,
            open_walkthrough_keys=lambda: self.show_user_guide("walkthrough.html"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_data_folder(self) -> bool:
        return open_data_folder(self)

    def report_problem(self) -> QMessageBox:
        return report_a_problem(self, self.path)

    def show_about(self) -> QMessageBox:
        return show_about(self, self.path)

def _name(values: dict[str, Any]) -> str:
    return f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
