"""The main window: staff sidebar, the five tabs, menus, Undo. No SQL here."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QPushButton, QSplitter, QTabWidget
from sqlite_utils import Database

from db import overview, staff
from db.errors import StorageError
from db.operations import Changes
from desktop import __version__
from desktop.settings import Settings
from desktop.ui import messages
from desktop.ui.dialogs.backup_dialogs import install_data_actions, open_for_window
from desktop.ui.dialogs.staff_dialog import StaffDialog
from desktop.ui.runner import Runner
from desktop.ui.sidebar import StaffSidebar
from desktop.ui.tabs.base import Tab
from desktop.ui.tabs.celebrations import CelebrationsTab
from desktop.ui.tabs.goals import GoalsTab
from desktop.ui.tabs.observations import ObservationsTab
from desktop.ui.tabs.overview import OverviewTab
from desktop.ui.tabs.pd_menu import PdMenuTab

TAB_CLASSES = (OverviewTab, ObservationsTab, GoalsTab, PdMenuTab, CelebrationsTab)
DEFAULT_SIZE = (1280, 820)
UNDO_OFFER_SECONDS = 15


class MainWindow(QMainWindow):
    def __init__(self, db: Database, path: Path | None, *, settings: Settings | None = None,
                 today: date | None = None, remember_state: bool = True):
        super().__init__()
        self.db = db
        self.path = path
        self.settings = settings or Settings.load()
        self._fixed_today = today
        self.today = self._reference_day()
        self.remember_state = remember_state
        # The one write path: every tab and dialog writes through it, and it says what changed.
        self.runner = Runner(db, path, self)
        self.runner.changed.connect(self._data_changed)

        self.sidebar = StaffSidebar(db)
        self.sidebar.selection_changed.connect(self._context_changed)
        self.tab_widget = QTabWidget()
        self.tab_widget.setAccessibleName("Tabs")
        self.tab_widget.setDocumentMode(True)
        self.tabs: list[Tab] = []
        for tab_class in TAB_CLASSES:
            tab = tab_class(db, self.today, runner=self.runner)
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
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        self._offered_label: str | None = None
        self._undo_offer = QTimer(self)
        self._undo_offer.setSingleShot(True)
        self._undo_offer.timeout.connect(self.undo_button.hide)
        self.statusBar().addPermanentWidget(self.undo_button)
        self.statusBar().addPermanentWidget(self.file_label)
        self.runner.undo_offered.connect(self._offer_undo)
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
        # Kept: PySide6 before 6.9 hands back a dead wrapper from QAction.menu().
        self.file_menu = file_menu = bar.addMenu("&File")
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

        self.edit_menu = edit_menu = bar.addMenu("&Edit")
        self.undo_action = self._action("&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("&Redo", self.redo, "Ctrl+Shift+Z")
        # Ctrl+Shift+Z everywhere, and the platform's own Redo key too (Ctrl+Y on Windows).
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [key for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                      if key not in redo_keys]
        self.redo_action.setShortcuts(redo_keys)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        self.runner.history_changed.connect(self._show_history)
        self._show_history()

        staff_menu = bar.addMenu("&Staff")
        self.add_staff_action = self._action("&Add teacher…", self.add_staff, "Ctrl+N")
        self.edit_staff_action = self._action("&Edit…", self.edit_staff, "Ctrl+E")
        self.archive_staff_action = self._action("A&rchive…", self.archive_staff, "Ctrl+Shift+D")
        self.restore_staff_action = self._action("Re&store", self.restore_staff)
        self.delete_staff_action = self._action("&Delete…", self.delete_staff)
        self.show_archived_action = self._action("Show a&rchived", self._toggle_archived,
                                                 checkable=True)
        for action in (self.add_staff_action, self.edit_staff_action, self.archive_staff_action,
                       self.restore_staff_action, self.delete_staff_action):
            staff_menu.addAction(action)
        staff_menu.addSeparator()
        staff_menu.addAction(self.show_archived_action)
        staff_menu.addSeparator()
        self.import_roster_action = self._action("&Import roster…", self.import_roster)
        staff_menu.addAction(self.import_roster_action)
        self.sidebar.show_archived.toggled.connect(self.show_archived_action.setChecked)
        self.sidebar.set_context_actions([self.edit_staff_action, self.archive_staff_action,
                                          self.restore_staff_action, self.delete_staff_action])
        # As in every list: Enter (or a double click) opens the person, Delete asks to delete.
        self.sidebar.list.activated.connect(lambda *_: self.edit_staff() if self.selected_member() else None)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.sidebar.list,
                  activated=self.delete_staff, context=Qt.ShortcutContext.WidgetShortcut)
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
        self.about_action = self._action("&About Cultivate", self.show_about)
        help_menu.addAction(self.about_action)
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
        self.runner.close()   # Undo's history is in memory only: it goes with the window
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

    def _data_changed(self, changes: Changes, initiator=None) -> None:
        """A write (or Undo) changed *changes*: each view updates only what concerns it."""
        self.sidebar.apply_changes(changes)
        for tab in self.tabs:
            tab.apply_changes(changes, initiator)
        self._update_staff_actions()

    def _reference_day(self) -> date:
        """'Today' for figures: a finished school year is shown as of its last recorded day."""
        return self._fixed_today or overview.reference_day(self.db, date.today())

    def _follow_today(self) -> None:
        self.today = self._reference_day()
        for tab in self.tabs:
            tab.today = self.today

    def reload_everything(self) -> None:
        """After a bulk change made without row-by-row capture (the sample school): every
        list and figure from scratch."""
        self._follow_today()
        self.sidebar.reload()
        for tab in self.tabs:
            tab.stale = True
        self.current_tab.refresh()
        self._update_staff_actions()

    def _update_staff_actions(self) -> None:
        member = self.selected_member()
        self.edit_staff_action.setEnabled(member is not None)
        self.archive_staff_action.setEnabled(member is not None and not member.is_archived)
        self.restore_staff_action.setEnabled(member is not None and member.is_archived)
        self.delete_staff_action.setEnabled(member is not None)

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
            messages.show_status(self, f"Could not open {path.name}")
            messages.notify(self, "Could not open the file", str(error), error.way_out)
            return False
        self.db.close()
        self.db, self.path = new_db, Path(path)
        self.runner.set_database(new_db, self.path)   # Undo forgets the other file
        self.settings.remember_file(self.path)
        self.sidebar.set_database(new_db)
        for tab in self.tabs:
            tab.set_database(new_db)
        self._follow_today()
        self._show_file()
        self.current_tab.refresh()
        self._update_staff_actions()
        messages.show_status(self, f"Opened {self.path}")
        return True

    # -- staff ----------------------------------------------------------------------------------
    def add_staff(self) -> None:
        self._edit_staff(None)

    def edit_staff(self) -> None:
        member = self.selected_member()
        if member is None:
            messages.show_status(self, "Pick a person in the staff list first.")
            return
        self._edit_staff(member)

    def _edit_staff(self, member: staff.StaffMember | None) -> None:
        if member is None:
            save = self.runner.form_save(lambda typed: f"Add {_name(typed)}",
                                         lambda db, typed: staff.add(db, **typed),
                                         status=lambda new_id: f"Added {self._name_of(new_id)}.")
        else:
            save = self.runner.form_save(lambda typed: f"Edit {_name(typed)}",
                                         lambda db, typed: staff.update(db, member.id, **typed),
                                         status=lambda _: f"Saved {self._name_of(member.id)}.")
        result = StaffDialog.ask(self, member, save=save)
        if result is not None and member is None:
            if not self.sidebar.select(result.value):
                self.sidebar.search.clear()
                self.sidebar.select(result.value)

    def _name_of(self, staff_id: str) -> str:
        member = staff.get(self.db, staff_id)
        return member.full_name if member else ""

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
        result = self.runner.perform(f"Archive {member.full_name}",
                                     lambda db: staff.archive(db, member.id),
                                     status=f"Archived {member.full_name}.", destructive=True)
        if result.ok and not self.sidebar.show_archived.isChecked():
            self.sidebar.select(None)

    def restore_staff(self) -> None:
        member = self.selected_member()
        if member is None or not member.is_archived:
            return
        self.runner.perform(f"Restore {member.full_name}", lambda db: staff.restore(db, member.id),
                            status=f"Restored {member.full_name}.")

    def delete_staff(self) -> None:
        """Someone added by mistake: deleted only while nothing is recorded for them."""
        member = self.selected_member()
        if member is None:
            return
        result = self.runner.delete(self, "staff", member.id, what=member.full_name, it="them",
                                    label=f"Delete {member.full_name}")
        if result is not None and result.ok:
            self.sidebar.select(None)

    def import_roster(self) -> None:
        # Imported when asked: start-up does not pay for the roster readers.
        from desktop.ui.dialogs.roster_import import RosterImportDialog

        RosterImportDialog.ask(self, self.db, runner=self.runner)

    def _toggle_archived(self, checked: bool) -> None:
        self.sidebar.show_archived.setChecked(checked)

    # -- Undo ------------------------------------------------------------------------------------
    def undo(self) -> None:
        self.undo_button.hide()
        self.runner.undo()

    def redo(self) -> None:
        self.runner.redo()

    def _show_history(self) -> None:
        """Edit ▸ Undo and Redo say what they would take back."""
        for action, verb, label in ((self.undo_action, "Undo", self.runner.undo_label),
                                    (self.redo_action, "Redo", self.runner.redo_label)):
            action.setEnabled(label is not None)
            action.setText(f"&{verb} {label.replace('&', '&&')}" if label else f"&{verb}")
            action.setToolTip(f"{verb} {label}" if label else f"Nothing to {verb.lower()}")
        if self.runner.undo_label != self._offered_label:
            self.undo_button.hide()

    def _offer_undo(self, label: str) -> None:
        """After a destructive action: an Undo button beside the status message for a while."""
        self._offered_label = label
        self.undo_button.setToolTip(f"Undo {label} (Ctrl+Z)")
        self.undo_button.show()
        self._undo_offer.start(UNDO_OFFER_SECONDS * 1000)

    # -- view and help ----------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.sidebar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sidebar.search.selectAll()

    def show_about(self) -> QMessageBox:
        where = html.escape(str(self.path)) if self.path else "not saved to disk"
        box = QMessageBox(QMessageBox.Icon.Information, "About Cultivate",
                          f"<b>Cultivate {__version__}</b><br>"
                          "Personalized professional growth for teachers, offline.<br><br>"
                          f"Data file:<br><code>{where}</code>",
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("about")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        return box


def _name(values: dict[str, Any]) -> str:
    return f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
