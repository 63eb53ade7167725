"""What every tab shares: the database, the selected person, the write path, and refreshing
only what a write changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget
from sqlite_utils import Database

from db import clock, school_years, staff
from db.operations import Changes
from db.school_years import YearView
from db.staff import StaffMember
from desktop.ui.models.staff_list import WHOLE_DISTRICT, WHOLE_SCHOOL
from desktop.ui.runner import Runner

YEAR_TABLES = school_years.TABLES


class Tab(QWidget):
    title = ""
    slug = ""
    # The tables whose changes make this tab's figures stale.
    tables: frozenset[str] = frozenset()

    def __init__(self, db: Database, parent=None, *, runner: Runner | None = None):
        super().__init__(parent)
        self.db = db
        # The window's write path; a tab on its own (a test) gets one of its own.
        self.runner = runner if runner is not None else Runner(db, None, self)
        self.staff_id: str | None = None
        self.member: StaffMember | None = None
        self.year_id: str | None = None     # the school year shown; None: the current one
        self.year_picker = None             # a YearPicker, on tabs that show one
        # The school shown (a district file; None: every school) and how headings name what
        # is shown without a person picked: "Whole school", "Whole district" or the school.
        self.school_id: str | None = None
        self.scope_name = WHOLE_SCHOOL
        self.user_id: str | None = None     # who is using Cultivate (db.users), if known
        self.stale = True
        self._background = None
        self.setAccessibleName(self.title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 14, 16, 12)
        self.layout_.setSpacing(10)
        if runner is None:
            self.runner.changed.connect(self.apply_changes)

    # -- called by the main window -------------------------------------------------
    def set_database(self, db: Database) -> None:
        self.db = db
        self.staff_id = None
        self.member = None
        self.year_id = None
        self.stale = True

    def set_user(self, staff_id: str | None) -> None:
        if staff_id != self.user_id:
            self.user_id = staff_id
            self.stale = True

    def set_year(self, year_id: str | None) -> None:
        """Show the school year *year_id* (None: the current one)."""
        if year_id != self.year_id:
            self.year_id = year_id
            self.stale = True

    def set_school(self, school_id: str | None, scope_name: str = "") -> None:
        """Show the school *school_id* of a district file (None: all of them), named
        *scope_name* in headings ("Whole district", the school's name; "Whole school" in a
        file of one school)."""
        scope_name = scope_name or WHOLE_SCHOOL
        if (school_id, scope_name) != (self.school_id, self.scope_name):
            self.school_id, self.scope_name = school_id, scope_name
            self.stale = True

    def set_staff(self, staff_id: str | None) -> None:
        self.staff_id = staff_id
        self.stale = True

    def apply_changes(self, changes: Changes, initiator=None) -> None:
        """A write changed *changes*: a tab on screen updates what it shows of them, one
        out of sight only notes that it must reload when it is next shown."""
        if changes.tables & YEAR_TABLES:
            # A new school year changes what "this year" means on every tab: all of it is
            # read again (now if it is on screen, else when it is next shown).
            self.stale = True
            if self.isVisible():
                self.refresh()
            return
        if not changes.tables & self.tables:
            return
        if self.stale or not self.isVisible():
            self.stale = True
            return
        if self.member is not None and self.member.id in changes.ids("staff"):
            self.member = staff.get(self.db, self.member.id)
        self.update_rows(changes)

    def refresh(self, *, force: bool = False) -> None:
        """Reload from the database if anything changed since the last load."""
        if not (self.stale or force):
            return
        self.member = staff.get(self.db, self.staff_id) if self.staff_id else None
        self._fill_year_picker()
        self.load()
        self.stale = False

    # -- for subclasses ------------------------------------------------------------
    def build_the_rest(self) -> None:
        """Build what the tab left for later (a page it does not show at first); the window
        calls it once every tab is built, in the time the window is waiting."""

    def load(self) -> None:
        raise NotImplementedError

    def update_rows(self, changes: Changes) -> None:
        """Show *changes* on screen. Tabs with lists refresh just the rows concerned;
        a page of figures (the default) is read again, which is all it shows."""
        self.load()

    def status(self, text: str) -> None:
        from desktop.ui import messages

        messages.show_status(self, text)

    @property
    def background(self):
        """This tab's worker jobs (desktop.ui.background.BackgroundJobs); a failure is said
        in the status bar."""
        if self._background is None:
            from desktop.ui.background import BackgroundJobs

            self._background = BackgroundJobs(self, lane=self.title)   # a lane per tab
            self._background.failed.connect(
                lambda name, words: self.status(f"Could not read {name}: {words}"))
        return self._background

    def read_in_background(self, key: str, work: Callable[[Database], Any],
                           done: Callable[[Any], None], *, lane: str | None = None) -> None:
        """*work(db)* off the window's thread, on a read-only connection of its own, then
        *done(result)* here, unless the tab asked for *key* again since (another teacher,
        another filter): what is on screen never shows a stale answer. A file kept in
        memory (nothing to open twice) is read at once, here."""
        from db.backups import database_file

        if database_file(self.db) is None:
            self.background.cancel(key)
            done(work(self.db))
            return
        self.background.start(key, work, db=self.db, done=done, lane=lane)

    @property
    def context_name(self) -> str:
        return self.member.full_name if self.member else self.scope_name

    @property
    def scope_words(self) -> str:
        """The school shown, in a sentence: "whole school", "whole district" or its name."""
        return self.scope_name.lower() if self.scope_name in (WHOLE_SCHOOL, WHOLE_DISTRICT) \
            else self.scope_name

    @property
    def today(self) -> date:
        """Today, from the one clock: never a day taken from the data."""
        return clock.today()

    @property
    def today_iso(self) -> str:
        return self.today.isoformat()

    @property
    def year_view(self) -> YearView:
        """The school year shown, as seen today: its days, its term, whether it has ended."""
        view = school_years.view(self.db, self.today, self.year_id)
        if self.year_id is not None and view.year.id != self.year_id:
            self.year_id = None   # the year is gone (another file): back to the current one
        return view

    def add_year_picker(self):
        """A picker of the school year this tab shows; the window keeps every tab's in step."""
        from desktop.ui.year_picker import YearPicker

        self.year_picker = YearPicker()
        return self.year_picker

    def _fill_year_picker(self) -> None:
        if self.year_picker is not None:
            view = self.year_view
            present = school_years.current(self.db, self.today)
            self.year_picker.fill(school_years.list_years(self.db), present.id, view.year.id)
