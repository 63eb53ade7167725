"""What every tab shares: the database, the selected person, and lazy reloading."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QVBoxLayout, QWidget
from sqlite_utils import Database

from db import staff
from db.staff import StaffMember


class Tab(QWidget):
    title = ""
    slug = ""
    # The tables whose changes make this tab's figures stale.
    tables: frozenset[str] = frozenset()

    def __init__(self, db: Database, today: date, parent=None):
        super().__init__(parent)
        self.db = db
        self.today = today
        self.staff_id: str | None = None
        self.member: StaffMember | None = None
        self.stale = True
        self.setAccessibleName(self.title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 14, 16, 12)
        self.layout_.setSpacing(10)

    # -- called by the main window -------------------------------------------------
    def set_database(self, db: Database) -> None:
        self.db = db
        self.staff_id = None
        self.member = None
        self.stale = True

    def set_staff(self, staff_id: str | None) -> None:
        self.staff_id = staff_id
        self.stale = True

    def tables_changed(self, tables: set[str]) -> None:
        if tables & self.tables:
            self.stale = True

    def refresh(self, *, force: bool = False) -> None:
        """Reload from the database if anything changed since the last load."""
        if not (self.stale or force):
            return
        self.member = staff.get(self.db, self.staff_id) if self.staff_id else None
        self.load()
        self.stale = False

    # -- for subclasses ------------------------------------------------------------
    def load(self) -> None:
        raise NotImplementedError

    @property
    def context_name(self) -> str:
        return self.member.full_name if self.member else "Whole school"

    @property
    def today_iso(self) -> str:
        return self.today.isoformat()
