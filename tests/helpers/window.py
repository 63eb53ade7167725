"""Driving the window as a person would, shared by the window tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def shown(qtbot, dialog):
    """Show *dialog* and wait until it has the keyboard."""
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def start_walkthrough(qtbot, window, teacher: str):
    """Ctrl+Shift+W from the window, type part of *teacher*'s name, Enter: the open dialog."""
    from desktop.ui.dialogs.walkthrough import WalkthroughDialog

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_W, CTRL_SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), WalkthroughDialog))
    dialog = QApplication.activeWindow()
    qtbot.keyClicks(dialog.name_box, teacher)
    qtbot.keyClick(dialog.name_box, Qt.Key.Key_Return)
    return dialog


def finish(qtbot, dialog) -> None:
    """Ctrl+Enter, and wait for the walkthrough to close."""
    qtbot.keyClick(dialog.score_list, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def overview_filled(qtbot, window, *, failing: bool = False):
    """Wait until the Overview's figures, worked out off the main thread, have arrived; every
    one of them, unless the test makes some fail on purpose (*failing*)."""
    from desktop.ui.background import wait_idle

    tab = window.tabs[0]
    assert wait_idle(), "the Overview's figures did not arrive"
    qtbot.waitUntil(lambda: not tab.is_filling(), timeout=10_000)
    if not failing:
        assert tab.problem.isHidden(), tab.problem.text()
    return tab


def overview_shown(qtbot, window, staff_id=None):
    """Show the Overview for the whole school (or *staff_id*) and wait until its figures,
    computed off the main thread, have arrived: the tab as a person sees it."""
    if window.sidebar.staff_id != staff_id:
        window.sidebar.select(staff_id)
    window.tab_widget.setCurrentIndex(0)
    window.tabs[0].refresh()
    return overview_filled(qtbot, window)
