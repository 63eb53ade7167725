"""The one date field (issue 19, item 6): typed ISO or the short local form, an impossible
date refused beside the field, the calendar opening at today, "No date" where optional."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.ui.dialogs import dates
from desktop.ui.dialogs.check_in_dialog import CheckInDialog
from desktop.ui.dialogs.dates import DateField, DateProblem, parse_date
from tests.ui.school import TODAY

US, UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), \
    QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


@pytest.mark.parametrize("text, locale, expected", [
    ("2026-12-01", US, date(2026, 12, 1)), (" 2026-1-5 ", US, date(2026, 1, 5)),
    ("12/1/26", US, date(2026, 12, 1)), ("12/1/2026", US, date(2026, 12, 1)),
    ("01/12/2026", UK, date(2026, 12, 1)), ("1.12.26", UK, date(2026, 12, 1)),
    ("", US, None),
])
def test_typed_dates_are_understood(text, locale, expected):
    assert parse_date(text, locale) == expected


@pytest.mark.parametrize("text, message", [
    ("2026-02-30", "February 2026 has 28 days"), ("2028-02-30", "February 2028 has 29 days"),
    ("2026-13-01", "there is no month 13"), ("31/11/2026", "November 2026 has 30 days"),
    ("next tuesday", "type it like 2026-12-01 or"), ("0026-01-01", "between 1900 and 2999"),
])
def test_impossible_dates_say_why(text, message):
    with pytest.raises(DateProblem, match=message):
        parse_date(text, UK)


def test_an_impossible_date_is_refused_beside_the_field_and_kept_as_typed(qtbot):
    dialog = CheckInDialog(None, goal_title="Ask more open questions", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.checked_on
    assert field.text() == "2026-03-10"          # a new check-in is dated today
    field.edit.clear()
    qtbot.keyClicks(field.edit, "2026-02-30")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0          # not saved
    assert field.problem_label.isVisible()
    assert field.problem_label.text() == "⚠ “2026-02-30” is not a date: February 2026 has 28 days."
    assert field.text() == "2026-02-30"                         # not changed behind their back
    assert field.edit.accessibleDescription().startswith("“2026-02-30” is not a date")
    field.edit.clear()
    qtbot.keyClicks(field.edit, "2026-02-28")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not field.problem_label.isVisible() and dialog.result() == 1
    assert dialog.values()["checked_on"] == "2026-02-28"


def test_no_date_where_optional_and_a_date_needed_where_not(qtbot):
    optional = DateField("2026-05-29", accessible_name="Due date")
    qtbot.addWidget(optional)
    assert optional.clear_button.text() == optional.clear_button.accessibleName() == "No date"
    optional.clear_button.click()
    assert optional.iso() is None and optional.check()
    needed = DateField(None, accessible_name="Date", allow_empty=False)
    qtbot.addWidget(needed)
    assert needed.iso() == TODAY.isoformat() and not needed.clear_button.isVisibleTo(needed)
    needed.edit.clear()
    assert not needed.check() and "The date is needed" in needed.problem_label.text()


def test_the_calendar_opens_at_today_and_picks_a_day(qtbot, monkeypatch):
    field = DateField(None, accessible_name="Next meeting")
    qtbot.addWidget(field)
    field.show()
    seen = []

    def pick_in_popup():
        popup = next(w for w in QApplication.topLevelWidgets()
                     if isinstance(w, dates._CalendarPopup) and w.isVisible())
        seen.append(popup.calendar.selectedDate().toPython())
        popup.calendar.setSelectedDate(popup.calendar.selectedDate().addDays(14))
        popup.accept()

    QTimer.singleShot(0, pick_in_popup)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert seen == [TODAY]
    assert field.iso() == "2026-03-24"
    changed = []
    field.dateChanged.connect(changed.append)
    qtbot.keyClicks(field.edit, "x")          # half-typed: no change announced, no message yet
    assert changed == [] and not field.problem_label.isVisible()


def test_a_date_field_never_shows_a_window_of_its_own(qtbot):
    """Its parts are shown only once inside it: a part shown while it had no parent was a
    window for a moment, and took the focus from the window the user was in."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    shown = []

    class Windows(QObject):
        def eventFilter(self, watched, event):   # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
                shown.append(type(watched).__name__)
            return False

    watcher = Windows()
    QApplication.instance().installEventFilter(watcher)
    try:
        field = DateField(accessible_name="Due date")
    finally:
        QApplication.instance().removeEventFilter(watcher)
    qtbot.addWidget(field)
    assert shown == []
    assert field.clear_button.isVisibleTo(field)
