"""Keyboard and screen reader (issue 19, item 8): tab shortcuts right after Ctrl+1…5 wherever
the focus was, every toolbar's » button named, and names matched with or without accents."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from db import staff
from desktop.ui.dialogs.celebration_dialog import CelebrationDialog
from desktop.ui.dialogs.conversation_dialog import ConversationDialog
from desktop.ui.dialogs.goal_dialog import GoalDialog
from desktop.ui.dialogs.walkthrough import WalkthroughDialog
from desktop.ui.dialogs.wellbeing_dialog import WellbeingDialog

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _asked(monkeypatch, dialog, name, asked):
    monkeypatch.setattr(dialog, "ask", classmethod(lambda cls, *a, **k: asked.append(name)))


@pytest.mark.parametrize("tab_key, keys, expected", [
    (Qt.Key.Key_3, Qt.Key.Key_C, "conversation"),
    (Qt.Key.Key_3, Qt.Key.Key_G, "goal"),
    (Qt.Key.Key_5, Qt.Key.Key_R, "celebration"),
    (Qt.Key.Key_5, Qt.Key.Key_K, "wellbeing"),
])
def test_a_tabs_shortcuts_work_right_after_switching_to_it_wherever_the_focus_was(
        window, ids, qtbot, monkeypatch, tab_key, keys, expected):
    asked = []
    for dialog, name in ((ConversationDialog, "conversation"), (GoalDialog, "goal"),
                         (CelebrationDialog, "celebration"), (WellbeingDialog, "wellbeing")):
        _asked(monkeypatch, dialog, name, asked)
    window.sidebar.select(ids["ana"])
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.sidebar.search.setFocus()                  # the focus is in the staff list's search
    qtbot.waitUntil(lambda: window.sidebar.search.hasFocus())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, CTRL)
    qtbot.keyClick(QApplication.focusWidget(), tab_key, CTRL)
    qtbot.keyClick(QApplication.focusWidget(), keys, CTRL_SHIFT)
    assert asked == [expected]


def test_ctrl_shift_c_belongs_to_the_tab_on_show(window, ids, qtbot, monkeypatch):
    """Observations copies the feedback, Goals starts a conversation: never both, never neither."""
    asked = []
    _asked(monkeypatch, ConversationDialog, "conversation", asked)
    window.sidebar.select(ids["ana"])
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    observations = window.tabs[1]
    observations.list.view.selectRow(0)
    window.sidebar.search.setFocus()
    QApplication.clipboard().clear()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_C, CTRL_SHIFT)
    assert "Every student answered" in QApplication.clipboard().text() and asked == []


def test_every_toolbar_overflow_button_has_a_name(window, ids):
    window.resize(640, 600)                           # narrow: the » buttons appear
    window.sidebar.select(ids["ana"])
    found = []
    for index in range(window.tab_widget.count()):
        window.tab_widget.setCurrentIndex(index)
        for bar in window.tab_widget.currentWidget().findChildren(QToolBar):
            for button in bar.findChildren(QToolButton, "qt_toolbar_ext_button"):
                found.append((bar.accessibleName(), button.accessibleName()))
    assert found and all(name for _, name in found), found
    assert ("Goal commands", "More goal commands") in found


@pytest.fixture
def accented(window, qtbot):
    member = staff.add(window.db, first_name="Zoë", last_name="Ñúñez")
    window.sidebar.reload()
    return member


@pytest.mark.parametrize("typed", ["nunez", "ñú", "ÑÚÑEZ", "zoe n", "Zoë"])
def test_the_sidebar_matches_names_with_or_without_accents(window, accented, qtbot, typed):
    everyone = window.sidebar.model.rowCount()
    window.sidebar.search.setText(typed)
    qtbot.waitUntil(lambda: not window.sidebar.search_pending())
    shown = [window.sidebar.model.index(row).data() for row in range(window.sidebar.model.rowCount())]
    assert "Ñúñez, Zoë" in shown and len(shown) < everyone


@pytest.mark.parametrize("typed", ["nunez", "ñú", "zoe"])
def test_the_walkthrough_picker_matches_names_with_or_without_accents(window, accented, qtbot, typed):
    dialog = WalkthroughDialog(window.db)
    qtbot.addWidget(dialog)
    dialog.name_box.insert(typed)   # as typed (QTest cannot type "ñ" offscreen)
    assert [member.full_name for member in dialog.shown] == ["Zoë Ñúñez"]


def test_the_observations_filters_show_whole_in_a_laptop_sized_window(window, qtbot):
    """Every filter and its label inside the tab at 1,400 px, and no label drawn narrower
    than its letters (an underlined shortcut letter draws the word without its kerning:
    "&To" showed as "T")."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QLabel

    window.resize(1400, 900)
    window.tab_widget.setCurrentIndex(1)
    tab = window.current_tab
    qtbot.waitUntil(lambda: tab.isVisible())
    page = tab.since.window()
    inside = QRect(tab.mapTo(page, tab.rect().topLeft()), tab.size())
    controls = {"From": tab.since, "To": tab.until, "Observer": tab.observer, "Kind": tab.kind,
                "Indicator": tab.indicator, "Tag": tab.tag}
    for name, control in controls.items():
        label = next(child for child in control.parentWidget().findChildren(QLabel)
                     if child.buddy() is control)
        assert label.text().replace("&", "") == name
        for widget in (label, control):
            shown = QRect(widget.mapTo(page, widget.rect().topLeft()), widget.size())
            assert inside.contains(shown), f"{name} is cut off"
        letters = sum(label.fontMetrics().horizontalAdvance(letter) for letter in name)
        assert label.width() >= letters, f"the label {name!r} is drawn cut"


def test_a_toolbar_button_that_opens_a_form_says_so_with_its_ellipsis(window, ids):
    """"New goal…", as on the menus and the other tabs' buttons; Qt's own tool button text
    for an action drops the "…"."""
    window.sidebar.select(ids["ana"])
    shown = {}
    for index in range(window.tab_widget.count()):
        window.tab_widget.setCurrentIndex(index)
        for bar in window.tab_widget.currentWidget().findChildren(QToolBar):
            for action in bar.actions():
                button = bar.widgetForAction(action)
                if isinstance(button, QToolButton) and action.text().endswith("…"):
                    shown[action.text()] = button.text()
    assert "New goal…" in shown and "Add step…" in shown
    assert {text: words for text, words in shown.items() if words != text} == {}
