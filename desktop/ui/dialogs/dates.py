"""The one date field of the whole app: typed or picked, never silently changed.

* Type an ISO date (2026-12-01) or the computer's short form (12/1/26 in the US,
  01/12/2026 in the UK); Enter or leaving the field shows it as ISO.
* An impossible date (2026-02-30) is refused with a message beside the field; what was
  typed stays as typed, and a dialog's Save does nothing until it is put right.
* The calendar button (or Alt+Down, F4) opens a calendar at the field's date, else today.
* Where a date is optional, the field may be left empty, and "No date" empties it.
"""

from __future__ import annotations

import calendar as month_lengths
import re
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import clock

ISO_SHAPE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
NUMBERS = re.compile(r"\d+")


class DateProblem(ValueError):
    """Typed text that is not a date; ``str()`` says why in plain words."""


def _check(year: int, month: int, day: int, typed: str) -> date:
    if not 1 <= month <= 12:
        raise DateProblem(f"“{typed}” is not a date: there is no month {month}.")
    days = month_lengths.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= days:
        raise DateProblem(f"“{typed}” is not a date: {date(2000, month, 1):%B} {year} has "
                          f"{days} days.")
    if not 1900 <= year <= 2999:
        raise DateProblem(f"“{typed}” is not a date Cultivate keeps: the year must be "
                          "between 1900 and 2999.")
    return date(year, month, day)


def _locale_order(locale: QLocale) -> list[str]:
    """The order of day, month and year in the locale's short date, e.g. ['M', 'd', 'y']."""
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    order = []
    for char in pattern:
        if char in "dMy" and char not in order:
            order.append(char)
    return order if sorted(order) == ["M", "d", "y"] else ["y", "M", "d"]


def parse_date(text: str, locale: QLocale | None = None) -> date | None:
    """The day *text* means, ISO or the locale's short form; None for blank text.
    Raises :class:`DateProblem` for text that is not a day."""
    typed = (text or "").strip()
    if not typed:
        return None
    match = ISO_SHAPE.match(typed)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _check(year, month, day, typed)
    locale = locale or QLocale()
    parts = NUMBERS.findall(typed)
    if len(parts) == 3 and not re.search(r"[^\d\s./\-]", typed):
        values = dict(zip(_locale_order(locale), (int(part) for part in parts), strict=True))
        year = values["y"]
        if year < 100:
            year += 2000
        return _check(year, values["M"], values["d"], typed)
    parsed = locale.toDate(typed, QLocale.FormatType.ShortFormat)
    if parsed.isValid():
        return date(parsed.year(), parsed.month(), parsed.day())
    example = locale.toString(QDate(2026, 12, 1), QLocale.FormatType.ShortFormat)
    raise DateProblem(f"“{typed}” is not a date; type it like 2026-12-01 or {example}.")


class _CalendarPopup(QDialog):
    def __init__(self, parent: QWidget, start: date, title: str):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setAccessibleName(f"{title} calendar")
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName(f"{title} calendar")
        self.calendar.setGridVisible(True)
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.calendar.activated.connect(lambda *_: self.accept())
        self.calendar.clicked.connect(lambda *_: self.accept())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)

    def chosen(self) -> date:
        picked = self.calendar.selectedDate()
        return date(picked.year(), picked.month(), picked.day())


class _DateEdit(QLineEdit):
    open_calendar = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() == Qt.Key.Key_F4 or (event.key() == Qt.Key.Key_Down and
                                             event.modifiers() & Qt.KeyboardModifier.AltModifier)):
            self.open_calendar.emit()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date typed or picked; ``iso()`` is the day, or None when left empty."""

    dateChanged = Signal(object)   # the ISO day, or None: emitted for each new valid value

    def __init__(self, value: str | date | None = None, *, accessible_name: str, parent=None,
                 allow_empty: bool = True, empty_text: str = "No date",
                 placeholder: str | None = None):
        super().__init__(parent)
        self.allow_empty = allow_empty
        self.title = accessible_name
        self._last: str | None = None
        self._problem = ""
        self.edit = _DateEdit()
        self.edit.setAccessibleName(accessible_name)
        example = QLocale().toString(QDate(2026, 12, 1), QLocale.FormatType.ShortFormat)
        if placeholder is None:
            placeholder = (f"{empty_text} — 2026-12-01 or {example}" if allow_empty
                           else f"2026-12-01 or {example}")
        self.edit.setPlaceholderText(placeholder)
        self.edit.setToolTip(f"Type 2026-12-01 or {example}; Alt+Down opens the calendar")
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("2026-12-01") + 24)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.edit.open_calendar.connect(self.pick)
        # An arrow, as on every drop-down: it opens the calendar.
        self.calendar_button = QToolButton()
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setAccessibleName(f"{accessible_name} calendar")
        self.calendar_button.setToolTip("Pick the day on a calendar (Alt+Down)")
        self.calendar_button.clicked.connect(self.pick)
        self.clear_button = QToolButton()
        self.clear_button.setText(empty_text)
        self.clear_button.setAccessibleName(empty_text)
        self.clear_button.setAccessibleDescription(f"Leaves the {accessible_name.lower()} empty")
        self.clear_button.setToolTip(f"Leave the {accessible_name.lower()} empty")
        self.clear_button.clicked.connect(self.clear)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.problem_label.setAccessibleName(f"Problem with the {accessible_name.lower()}")
        self.problem_label.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        # Only once it is inside this field: a widget with no parent shown is a window of
        # its own, for a moment, and takes the focus from the window the user is in.
        self.clear_button.setVisible(allow_empty)
        self.setFocusProxy(self.edit)
        self.set_iso(value)

    # -- value -------------------------------------------------------------------------------
    def set_iso(self, value: str | date | None) -> None:
        if value in (None, ""):
            day = None if self.allow_empty else clock.today()
        else:
            day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        self.edit.setText(day.isoformat() if day else "")
        self._show_problem("")
        self._changed(day.isoformat() if day else None)

    def value(self) -> date | None:
        """The day typed (None: empty); raises DateProblem while the text is not a day."""
        day = parse_date(self.edit.text())
        if day is None and not self.allow_empty:
            raise DateProblem(f"The {self.title.lower()} is needed.")
        return day

    def iso(self) -> str | None:
        """The ISO day, or None when empty. Text that is not a day is handed on as typed,
        so whatever saves it refuses it rather than it being lost or changed."""
        try:
            day = self.value()
        except DateProblem:
            return self.edit.text().strip() or None
        return day.isoformat() if day else None

    def is_valid(self) -> bool:
        try:
            self.value()
        except DateProblem:
            return False
        return True

    def problem(self) -> str:
        """What is wrong with the text now ('' when it is a day, or empty and optional)."""
        try:
            self.value()
        except DateProblem as problem:
            return str(problem)
        return ""

    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        if self.allow_empty:
            self.set_iso(None)
            self.edit.setFocus()

    # -- the person at the keyboard ------------------------------------------------------------
    def _typed(self, text: str) -> None:
        try:
            day = self.value()
        except DateProblem:
            return   # still typing: the message waits until they leave the field or save
        self._show_problem("")
        self._changed(day.isoformat() if day else None)

    def _finished(self) -> None:
        message = self.problem()
        self._show_problem(message)
        if not message:
            day = self.value()
            if day is not None and self.edit.text() != day.isoformat():
                self.edit.setText(day.isoformat())
            self._changed(day.isoformat() if day else None)

    def check(self) -> bool:
        """Show the problem, if any, beside the field; True when the field holds a day (or
        is empty and may be)."""
        self._finished()
        return not self._problem

    def pick(self) -> None:
        try:
            start = self.value() or clock.today()
        except DateProblem:
            start = clock.today()
        popup = _CalendarPopup(self, start, self.title)
        popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        if popup.exec() == QDialog.DialogCode.Accepted:
            self.set_iso(popup.chosen())
        self.edit.setFocus()

    def _show_problem(self, message: str) -> None:
        self._problem = message
        self.problem_label.setText(f"⚠ {message}" if message else "")
        self.problem_label.setVisible(bool(message))
        self.edit.setAccessibleDescription(message)

    def _changed(self, iso: str | None) -> None:
        if iso != self._last:
            self._last = iso
            self.dateChanged.emit(iso)


def date_fields_ok(dialog: QWidget) -> bool:
    """Before a dialog saves: every date field in it holds a day (or is empty and may be).
    The first one that does not shows why and takes the focus."""
    for field in dialog.findChildren(DateField):
        if field.isVisibleTo(dialog) and not field.check():
            field.edit.setFocus()
            field.edit.selectAll()
            return False
    return True
