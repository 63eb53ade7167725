"""The Observe menu: a walkthrough or a formal observation from anywhere in the window.

Kept apart from the Observations tab so the window can offer it (Ctrl+Shift+W) before
that tab is built: a visit asked for builds it then.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.ui.tabs import OBSERVATIONS


def install_observation_actions(window, menu_bar) -> list[QAction]:
    """The Observe menu. Quick walkthrough answers Ctrl+Shift+W from anywhere in the app;
    an unfinished walkthrough reopens as soon as the window is up."""
    menu = menu_bar.addMenu("O&bserve")
    entries = (
        ("Quick &walkthrough…", "Quick walkthrough", "Ctrl+Shift+W",
         lambda: _observations_tab(window).new_walkthrough()),
        ("&Formal observation…", "Formal observation", "Ctrl+Shift+O",
         lambda: _observations_tab(window).new_formal()),
    )
    actions = []
    for text, name, keys, slot in entries:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setToolTip(name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        actions.append(action)
    window.resumed_drafts = []
    # Once the window is on screen; a window closed before that (a test, a failed start)
    # has nothing to resume.
    window.when_painted(lambda: window.resumed_drafts.extend(
        open_walkthrough_drafts(window) if window.isVisible() else []))
    return actions


def _observations_tab(window):
    return window.tabs.by_slug(OBSERVATIONS.slug)


def open_walkthrough_drafts(window) -> list:
    """On start: reopen the unfinished walkthrough, exactly where it was left."""
    from db import observations
    from desktop.ui.dialogs.walkthrough import WalkthroughDialog

    found = observations.drafts(window.db, kind="walkthrough")
    if not found:
        return []
    return [WalkthroughDialog.ask(window, window.db, runner=window.runner,
                                  observation_id=found[0], today=window.today)]
