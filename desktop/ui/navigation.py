"""Going to the list behind a figure, and Back (Alt+Left) to where you were.

A figure on the Overview opens its list in another tab (Observations filtered, Goals by
status, the PD menu…). The window remembers where the person was — which tab, whole school
or which teacher — so Back returns there, as a browser would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.ui import messages

KEEP = object()          # go(): leave the staff list's choice as it is
MOST_REMEMBERED = 30


@dataclass(frozen=True)
class Place:
    tab: int
    staff_id: str | None
    words: str           # "the Overview (whole school)"


class Navigator(QObject):
    """The window's history of places; see the module docstring."""

    changed = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.places: list[Place] = []

    def here(self) -> Place:
        window = self.window
        tab = window.current_tab
        who = window.sidebar.staff_id
        whose = tab.member.full_name if (who and tab.member is not None) else tab.scope_words
        return Place(window.tab_widget.currentIndex(), who, f"{tab.title} ({whose})")

    @property
    def can_go_back(self) -> bool:
        return bool(self.places)

    def go(self, slug: str, show: Callable, *, staff_id=KEEP, words: str = ""):
        """Open tab *slug* (for *staff_id*, or whoever is picked now) and call ``show(tab)``
        there, remembering this place for Back. Returns the tab."""
        window = self.window
        came_from = self.here()
        if staff_id is not KEEP and staff_id != window.sidebar.staff_id:
            if not window.sidebar.select(staff_id):
                window.sidebar.search.clear()
                window.sidebar.select(staff_id)
        tab = window.tabs.by_slug(slug)
        self.places.append(came_from)
        del self.places[:-MOST_REMEMBERED]
        window.tab_widget.setCurrentWidget(tab)
        tab.refresh()
        show(tab)
        message = f"{words}. " if words else ""
        # The Back button before the tabs names where it returns; the line stays short enough
        # to be read whole beside the status bar's own fields.
        messages.show_status(window, f"{message}Alt+Left goes back.", seconds=10)
        self.changed.emit()
        return tab

    def back(self) -> bool:
        """Return to the place before the last :meth:`go`; False when there is none."""
        if not self.places:
            return False
        place = self.places.pop()
        window = self.window
        if place.staff_id != window.sidebar.staff_id:
            if not window.sidebar.select(place.staff_id):
                window.sidebar.search.clear()
                window.sidebar.select(place.staff_id)
        window.tab_widget.setCurrentIndex(place.tab)
        window.current_tab.refresh()
        messages.show_status(window, f"Back to {place.words}.", seconds=6)
        self.changed.emit()
        return True

    def forget(self) -> None:
        """Another file: its places mean nothing in this one."""
        self.places.clear()
        self.changed.emit()


def install_back(window, navigator: Navigator, menu):
    """View ▸ Back (Alt+Left), and a ◀ Back button before the tabs while there is a place to
    go back to; returns the action."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QToolButton

    action = QAction("&Back", window)
    keys = [QKeySequence("Alt+Left")]
    keys += [key for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Back) if key not in keys]
    action.setShortcuts(keys)
    action.setObjectName("Back")
    action.triggered.connect(lambda checked=False: navigator.back())
    menu.addAction(action)
    button = QToolButton()
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.clicked.connect(lambda checked=False: navigator.back())
    window.tab_widget.setCornerWidget(button, Qt.Corner.TopLeftCorner)
    window.back_button = button

    def follow() -> None:
        place = navigator.places[-1] if navigator.places else None
        action.setEnabled(place is not None)
        words = f"Back to {place.words}" if place else "Back"
        action.setToolTip(f"{words} (Alt+Left)")
        button.setText(f"◀ {words}".replace("&", "&&"))
        button.setToolTip(f"{words} (Alt+Left)")
        button.setAccessibleName(words)
        button.setVisible(place is not None)

    navigator.changed.connect(follow)
    follow()
    return action
