"""The main window: staff sidebar, the five tabs, menus, Undo. No SQL here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import clock, school_years, staff, users
from db.connection import set_actor
from db.errors import PassphraseNeededError, StorageError
from db.operations import Changes
from desktop.settings import get_settings
from desktop.ui import messages
from desktop.ui.background import BackgroundJobs
from desktop.ui.dialogs.backup_dialogs import install_data_actions, open_for_window, start_daily_backup
from desktop.ui.help import (
    KeyboardShortcutsDialog,
    UserGuideWindow,
    open_data_folder,
    page_for_tab,
    report_a_problem,
    show_about,
    window_shortcuts,
)
from desktop.ui.navigation import Navigator, install_back
from desktop.ui.observe_menu import install_observation_actions
from desktop.ui.passphrase import follow_protection, install_passphrase_actions
from desktop.ui.runner import Runner
from desktop.ui.sidebar import StaffSidebar
from desktop.ui.tab_set import TabSet
from desktop.ui.tabs import WINDOW_TABS
from desktop.ui.tabs.base import YEAR_TABLES, Tab
from desktop.ui.widgets import add_menu_actions, delete_key, long_date

DEFAULT_SIZE = (1280, 820)
UNDO_OFFER_SECONDS = 15


class MainWindow(QMainWindow):
    def __init__(self, db: Database, path: Path | None, *,
                 remember_state: bool = True):
        super().__init__()
        self.db = db
        self.path = path
        self.settings = get_settings()   # the one settings object every part of the window shares
        self.remember_state = remember_state
        # The one write path: every tab and dialog writes through it, and it says what changed.
        self.runner = Runner(db, path, self)
        self.runner.changed.connect(self._data_changed)

        self.sidebar = StaffSidebar(db)
        self.sidebar.selection_changed.connect(self._context_changed)
        self.sidebar.school_changed.connect(self._school_changed)
        self.tab_widget = QTabWidget()
        self.tab_widget.setAccessibleName("Tabs")
        self.tab_widget.setDocumentMode(True)
        self.year_id: str | None = None   # the school year the tabs show; None: the current one
        self.user_id: str | None = None   # who is using Cultivate, as the tabs are told
        self._after_paint: list[Callable[[], Any]] | None = []   # None once painted
        # Each tab is built when first shown or asked for (self.tabs[i]), the rest once the
        # window has painted: start-up builds only the tab on screen.
        self.tabs = TabSet(self.tab_widget, WINDOW_TABS, self._make_tab)
        self.tab_widget.currentChanged.connect(self._tab_shown)
        self.when_painted(self._build_a_waiting_tab)
        self.navigator = Navigator(self)   # a figure opens its list; Back (Alt+Left) returns

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.sidebar)
        split.addWidget(self.tab_widget)
        split.setStretchFactor(1, 1)
        split.setSizes([250, 1100])
        split.setChildrenCollapsible(False)
        self.year_bar = YearEndedBar(self)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.year_bar)
        central_layout.addWidget(split, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel()
        self.user_label.setAccessibleName("Who is using Cultivate")
        self.statusBar().addPermanentWidget(self.user_label)
        self.year_label = QLabel()
        self.year_label.setAccessibleName("School year")
        self.statusBar().addPermanentWidget(self.year_label)
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
        self._give_school()
        self._show_file()
        self._show_school_year()
        self._follow_user()
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

    def _later(self, module: str, function: str):
        """A menu action that runs *function* of *module* on this window, the module imported
        when first used: merging and printing, and what they import, took 0.3 s of every
        start for actions most starts never use."""
        def run():
            return getattr(importlib.import_module(module), function)(self)

        return run

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
        install_passphrase_actions(self, file_menu)
        merging = "desktop.ui.dialogs.merge_dialogs"
        self.merge_actions = add_menu_actions(self, file_menu, [
            ("&Merge from another file…", "Merge from another file", self._later(merging, "merge_from_file")),
            ("Merge &conflicts…", "Merge conflicts", self._later(merging, "settle_conflicts")),
            ("Export for a co&lleague…", "Export for a colleague",
             self._later(merging, "export_for_colleague")),
        ])
        self.print_portfolio_action = self._action(
            "&Print growth portfolio…",
            self._later("desktop.ui.dialogs.portfolio_export", "print_growth_portfolio"), "Ctrl+P")
        file_menu.addAction(self.print_portfolio_action)
        file_menu.addSeparator()
        self.new_year_action = self._action("Start the next school &year…", self.start_next_year)
        file_menu.addAction(self.new_year_action)
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
        staff_menu.addSeparator()
        self.who_action = self._action("&Who is using Cultivate…", self.ask_who_is_using)
        staff_menu.addAction(self.who_action)
        self.sidebar.show_archived.toggled.connect(self.show_archived_action.setChecked)
        self.sidebar.set_context_actions([self.edit_staff_action, self.archive_staff_action,
                                          self.restore_staff_action, self.delete_staff_action])
        # As in every list: Enter (or a double click) opens the person, Delete asks to delete.
        self.sidebar.list.activated.connect(lambda *_: self.edit_staff() if self.selected_member() else None)
        delete_key(self.sidebar.list, self.delete_staff, "Delete the selected person", "Staff list")
        self.observation_actions = install_observation_actions(self, bar)

        view_menu = bar.addMenu("&View")
        self.tab_actions = []
        for number, info in enumerate(self.tabs.infos, start=1):
            action = self._action(f"&{number} {info.label}",
                                  lambda checked=False, i=number - 1: self.tab_widget.setCurrentIndex(i),
                                  f"Ctrl+{number}")
            view_menu.addAction(action)
            self.tab_actions.append(action)
        view_menu.addSeparator()
        self.back_action = install_back(self, self.navigator, view_menu)
        self.focus_search_action = self._action("&Search staff", self.focus_search,
                                                QKeySequence.StandardKey.Find)
        view_menu.addAction(self.focus_search_action)
        self.find_anything_action = self._action("&Find anything…", self.find_anything, "Ctrl+K")
        view_menu.addAction(self.find_anything_action)

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
        self.idle_lock.stop()
        self._save_state()
        # An open visit keeps its draft (and stops its clock) while the file is still open.
        self._close_visits()
        self.sidebar.stop_reading()   # no page or pending search reads a closed file
        for jobs in self.findChildren(BackgroundJobs):   # nor a result arriving after this
            jobs.cancel()
        self.runner.close()   # Undo's history is in memory only: it goes with the window
        self.db.close()
        super().closeEvent(event)

    def _close_visits(self) -> None:
        from desktop.ui.dialogs.formal_observation import FormalObservationDialog
        from desktop.ui.dialogs.walkthrough import WalkthroughDialog

        for dialog in self.findChildren(QDialog):
            if isinstance(dialog, (WalkthroughDialog, FormalObservationDialog)) and dialog.isVisible():
                dialog.reject()

    def _show_file(self) -> None:
        name = self.path.name if self.path else "Sample in memory"
        self.setWindowTitle(f"{name} — Cultivate")
        text = f"Data file: {self.path}" if self.path else "Data file: not saved to disk"
        self.file_label.setText(text)
        self.file_label.setAccessibleDescription(text)

    # -- following the sidebar and the data ---------------------------------------------------
    def _context_changed(self, staff_id: str | None) -> None:
        for tab in self.tabs.built():
            tab.set_staff(staff_id)
        self.current_tab.refresh()
        self._update_staff_actions()

    def _give_school(self) -> None:
        """Every tab shows the school the sidebar's School picker shows (a district file)."""
        for tab in self.tabs.built():
            tab.set_school(self.sidebar.school_id, self.sidebar.scope_name)

    def _school_changed(self, _school_id: str | None) -> None:
        """Another school picked: the tab on screen shows it now, the others when shown."""
        self._give_school()
        staff_id = self.sidebar.staff_id   # none, if the person picked is at another school
        for tab in self.tabs.built():
            if tab.staff_id != staff_id:
                tab.set_staff(staff_id)
        self.current_tab.refresh()
        self._update_staff_actions()

    def _make_tab(self, tab_class: type[Tab]) -> Tab:
        """A tab of *tab_class*, showing what the window shows now (TabSet builds it)."""
        # Made inside the tabs (never a window of its own, even for the moment before it is
        # put in place): a top-level widget appearing would take the focus from the window.
        tab = tab_class(self.db, self.tab_widget, runner=self.runner)
        if hasattr(tab, "staff_selection"):   # the PD tab enrolls (and plans for) those picked
            tab.staff_selection = self.sidebar.selected_ids
        if tab.year_picker is not None:
            tab.year_picker.chosen.connect(self.show_year)
        tab.set_school(self.sidebar.school_id, self.sidebar.scope_name)
        tab.set_staff(self.sidebar.staff_id)
        tab.set_year(self.year_id)
        tab.set_user(self.user_id)
        return tab

    def when_painted(self, call: Callable[[], Any]) -> None:
        """Run *call* once the window has painted for the first time (soon, if it has):
        work that must not keep the window from being seen, such as the day's backup."""
        if self._after_paint is None:
            QTimer.singleShot(0, self, call)
        else:
            self._after_paint.append(call)

    def paintEvent(self, event) -> None:   # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self._after_paint is not None:
            waiting, self._after_paint = self._after_paint, None
            for call in waiting:   # after this paint, a turn of the event loop each
                QTimer.singleShot(0, self, call)

    def _build_a_waiting_tab(self) -> None:
        """One more tab built, a turn of the event loop each, until all are, then what each
        left for later: after the first paint, so they never delay it, and before a first
        switch to them."""
        if self.tabs.build_next():
            QTimer.singleShot(0, self, self._build_a_waiting_tab)
        else:
            for tab in self.tabs.built():
                QTimer.singleShot(0, tab, tab.build_the_rest)

    def _tab_shown(self, index: int) -> None:
        if 0 <= index < len(self.tabs):
            self.tabs[index].refresh()

    def _data_changed(self, changes: Changes, initiator=None) -> None:
        """A write (or Undo) changed *changes*: each view updates only what concerns it."""
        self.sidebar.apply_changes(changes)
        if changes.tables & {"schools"}:
            self._give_school()   # a merge brought another school, or one was renamed
        if changes.tables & YEAR_TABLES:
            self._show_school_year()
        if changes.tables & {"staff", "preferences"}:
            self._follow_user()   # who is using Cultivate was said, changed or taken back
        for tab in self.tabs.built():
            tab.apply_changes(changes, initiator)
        self._update_staff_actions()

    @property
    def today(self) -> date:
        """Today, from the one clock (db.clock): never a day taken from the data."""
        return clock.today()

    # -- the school year ----------------------------------------------------------------------
    def _show_school_year(self) -> None:
        """The status bar says which year is current; a year that has ended says so and
        the bar above the tabs offers the next one."""
        today = self.today
        year = school_years.current(self.db, today)
        term = year.term_on(today)
        if year.has_ended(today):
            text = f"School year {year.name}: ended on {long_date(year.last_day)}"
        elif not year.has_begun(today):
            text = f"School year {year.name}: begins on {long_date(year.first_day)}"
        else:
            text = f"School year {year.name}" + (f" · {term.name}" if term else "")
        self.year_label.setText(text)
        self.year_label.setAccessibleDescription(text)
        self.setWindowTitle(f"{self.path.name if self.path else 'Sample in memory'} — "
                            f"{year.name} — Cultivate")
        offer = school_years.next_year_offer(self.db, today)
        self.new_year_action.setEnabled(offer is not None)
        if offer is not None:
            self.new_year_action.setText(f"Start the {offer.name} school &year…")
            self.new_year_action.setObjectName(f"Start the {offer.name} school year")
            self.year_bar.offer(year, offer)
        else:
            self.new_year_action.setText("Start the next school &year…")
            self.year_bar.hide()

    def show_year(self, year_id: str | None) -> None:
        """Every tab shows the school year *year_id* (None: the current one)."""
        self.year_id = year_id
        for tab in self.tabs.built():
            tab.set_year(year_id)
        self.current_tab.refresh()
        shown = school_years.view(self.db, self.today, year_id)
        if not shown.is_current:
            messages.show_status(
                self, f"Showing {shown.year.name}. New records are dated today and belong to the "
                "current school year.")

    def start_next_year(self) -> str | None:
        """Ask for the next school year (what carries forward, what closes) and start it."""
        from desktop.ui.dialogs.school_year_dialog import SchoolYearDialog

        plan = school_years.next_year_offer(self.db, self.today)
        if plan is None:
            return None
        summary = school_years.rollover(self.db, self.today)
        save = self.runner.form_save(
            lambda typed: f"Start the {typed.name.strip()} school year",
            lambda db, typed: school_years.start_year(db, typed, today=self.today),
            status=lambda _: f"{school_years.current(self.db, self.today).name} has begun: it is "
                             "the current school year.")
        result = SchoolYearDialog.ask(self, plan, summary, save=save)
        if result is None:
            return None
        self.show_year(None)
        return result.value

    # -- who is using Cultivate ----------------------------------------------------------------
    @property
    def user(self) -> staff.StaffMember | None:
        """The leader or coach at the keyboard, as they told this file (db.users)."""
        return users.current(self.db)

    def _follow_user(self) -> None:
        """The audit log names the user; the status bar says who that is."""
        member = self.user
        set_actor(self.db, users.actor(member))
        text = f"Using Cultivate: {member.full_name}" if member else "Who is using Cultivate? Not said yet"
        self.user_label.setText(text)
        self.user_label.setAccessibleDescription(text)
        self.user_label.setToolTip("Staff ▸ Who is using Cultivate… to change it")
        self.user_id = member.id if member else None
        for tab in self.tabs.built():
            tab.set_user(self.user_id)

    def ask_who_is_using(self) -> staff.StaffMember | None:
        """Ask who is at the keyboard (pick a leader or coach, or add yourself); saved in the file."""
        from desktop.ui.dialogs.who_dialog import WhoDialog

        current = self.user

        def write(db: Database, typed: dict[str, Any]) -> staff.StaffMember:
            if "staff_id" in typed:
                return users.set_current(db, typed["staff_id"])
            return users.add_me(db, **typed["new"])

        save = self.runner.form_save("Say who is using Cultivate", write,
                                     status=lambda member: f"Cultivate knows you as {member.full_name}.")
        result = WhoDialog.ask(self, users.candidates(self.db), save=save,
                               current_id=current.id if current else None)
        return result.value if result is not None else None

    def reload_everything(self) -> None:
        """After a bulk change made without row-by-row capture (the sample school): every
        list and figure from scratch."""
        self._show_school_year()
        self._follow_user()
        self.sidebar.reload()
        for tab in self.tabs.built():
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
        except PassphraseNeededError:       # the passphrase question was cancelled
            messages.show_status(self, f"{Path(path).name} was not opened: it needs its passphrase.")
            return False
        except StorageError as error:
            messages.show_status(self, f"Could not open {path.name}")
            messages.notify(self, "Could not open the file", str(error), error.way_out)
            return False
        self._close_visits()   # while their file is still open
        self.db.close()
        self.db, self.path = new_db, Path(path)
        self.runner.set_database(new_db, self.path)   # Undo forgets the other file
        self.settings.remember_file(self.path)
        self.sidebar.set_database(new_db)
        self.navigator.forget()
        self.year_id = None   # a tab given another file shows its current year
        for tab in self.tabs.built():
            tab.set_database(new_db)
        self._give_school()
        self._show_file()
        self._show_school_year()
        self._follow_user()
        self.current_tab.refresh()
        self._update_staff_actions()
        follow_protection(self)
        messages.show_status(self, f"Opened {self.path}")
        start_daily_backup(self)
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
        from desktop.ui.dialogs.staff_dialog import StaffDialog

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

    def find_anything(self):
        """Ctrl+K: words from notes, evidence, goals, conversations, reflections, celebrations."""
        from desktop.ui.dialogs.search_dialog import SearchDialog

        if self.db is None:
            return None
        self.search_dialog = SearchDialog.ask(self, self.db, self.open_search_hit)
        return self.search_dialog

    # Which tab shows each kind of record Find anything opens.
    RECORD_TABS = {"observations": "observations", "goals": "goals", "conversations": "goals",
                   "enrollments": "pd-menu", "celebrations": "celebrations"}

    def open_search_hit(self, hit) -> bool:
        """Open what Find anything found: the person it is about, their tab, the record."""
        slug = self.RECORD_TABS.get(hit.open_table)
        tab = self.tabs.by_slug(slug) if slug else None
        if tab is None:
            return False
        if len(hit.staff_ids) == 1:
            self._reveal(hit.staff_ids[0])
        self.tab_widget.setCurrentWidget(tab)
        opened = tab.show_record(hit.open_table, hit.open_id)
        if not opened:
            when = f" ({hit.day})" if hit.day else ""
            messages.show_status(self, f"{hit.title}{when} is not listed on this tab as it stands: "
                                 "pick its school year at the top of the tab, or clear the filters.")
            return False
        return True

    def _reveal(self, staff_id: str) -> bool:
        """Pick *staff_id* in the sidebar whichever school it shows (the district lists
        everyone) and archived or not (archived people are listed only when asked for)."""
        if self.sidebar.select(staff_id):
            return True
        if self.sidebar.school_id is not None:
            self.sidebar.school.setCurrentIndex(0)
            if self.sidebar.select(staff_id):
                return True
        if not self.sidebar.show_archived.isChecked():
            self.sidebar.show_archived.setChecked(True)
            return self.sidebar.select(staff_id)
        return False

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

class YearEndedBar(QFrame):
    """Above the tabs while the current school year has ended: say so, offer the next one."""

    def __init__(self, window: MainWindow):
        super().__init__()
        self.setObjectName("yearEndedBar")
        self.setStyleSheet("#yearEndedBar { background: #fff4d6; border-bottom: 1px solid #e0c878; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("School year ended")
        self.start_button = QPushButton()
        self.start_button.clicked.connect(window.start_next_year)
        self.later_button = QPushButton("Not now")
        self.later_button.setAccessibleName("Not now")
        self.later_button.setToolTip("Hide this until Cultivate starts again; File ▸ Start the "
                                     "next school year… is always there")
        self.later_button.clicked.connect(self._later)
        self.dismissed = False
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        # The style's own information icon: "ⓘ" is in none of the bundled faces (a box).
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(18, 18))
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        row.addWidget(self.start_button)
        row.addWidget(self.later_button)
        self.hide()

    def offer(self, year, plan) -> None:
        text = (f"{year.ended_text()}. Cultivate goes on working and dates new records today; "
                f"they stay with {year.name} until you start {plan.name}.")
        self.text.setText(text)
        self.text.setAccessibleDescription(text)
        self.start_button.setText(f"Start the {plan.name} school year…")
        self.start_button.setAccessibleName(f"Start the {plan.name} school year")
        self.setVisible(not self.dismissed)

    def _later(self) -> None:
        self.dismissed = True
        self.hide()


def _name(values: dict[str, Any]) -> str:
    return f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
