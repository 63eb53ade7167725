"""A date field that may be left empty ("No date"), typed from the keyboard or picked."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

# QDateEdit cannot be blank; its minimum shown as special text is Qt's idiom for "none".
NO_DATE = QDate(2000, 1, 1)


class OptionalDateEdit(QDateEdit):
    def __init__(self, value: str | date | None = None, *, accessible_name: str, parent=None,
                 allow_empty: bool = True):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.allow_empty = allow_empty
        if allow_empty:
            self.setMinimumDate(NO_DATE)
            self.setSpecialValueText("No date")
        self.setAccessibleName(accessible_name)
        self.set_iso(value)

    def set_iso(self, value: str | date | None) -> None:
        if value in (None, ""):
            self.setDate(NO_DATE if self.allow_empty else QDate.currentDate())
            return
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        self.setDate(QDate(day.year, day.month, day.day))

    def iso(self) -> str | None:
        if self.allow_empty and self.date() == NO_DATE:
            return None
        return self.date().toString("yyyy-MM-dd")

    def value(self) -> date | None:
        text = self.iso()
        return date.fromisoformat(text) if text else None
