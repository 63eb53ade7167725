"""The main window's tabs, each imported and built the first time it is wanted.

Building every tab (and importing its module) took about half of the window's start on a
district file, for four tabs nobody had looked at yet. The window starts with a placeholder
under each title; a tab is made when it is shown or asked for (``tabs[i]``), and the window
builds the rest one at a time once it has painted, so a first switch finds its tab ready.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence

from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.ui.tabs import TabInfo
from desktop.ui.tabs.base import Tab


class TabSet(Sequence):
    """*infos* as tabs of *tab_widget*, in order; *make* builds one from its class (the
    window gives it the file, the person picked, the year shown…)."""

    def __init__(self, tab_widget: QTabWidget, infos: Sequence[TabInfo],
                 make: Callable[[type[Tab]], Tab]):
        self.tab_widget = tab_widget
        self.infos = tuple(infos)
        self._make = make
        self._tabs: list[Tab | None] = [None] * len(self.infos)
        for info in self.infos:
            placeholder = QWidget()
            placeholder.setAccessibleName(info.title)
            tab_widget.addTab(placeholder, info.label)

    def __len__(self) -> int:
        return len(self.infos)

    def __getitem__(self, index: int) -> Tab:   # type: ignore[override] - no slices
        tab = self._tabs[index]
        return tab if tab is not None else self._build(index % len(self.infos))

    def __iter__(self) -> Iterator[Tab]:
        """Every tab, built if it was not yet."""
        return (self[index] for index in range(len(self.infos)))

    def built(self) -> list[Tab]:
        """The tabs made so far: the ones a change of person, year or file concerns (a tab
        not built yet is made with the window's state of the moment)."""
        return [tab for tab in self._tabs if tab is not None]

    def by_slug(self, slug: str) -> Tab | None:
        index = next((n for n, info in enumerate(self.infos) if info.slug == slug), None)
        return None if index is None else self[index]

    def build_next(self) -> bool:
        """Build the first tab not made yet; False when every tab is made."""
        waiting = [index for index, tab in enumerate(self._tabs) if tab is None]
        if waiting:
            self._build(waiting[0])
        return len(waiting) > 1

    def _build(self, index: int) -> Tab:
        info = self.infos[index]
        tab_class = getattr(importlib.import_module(info.module), info.class_name)
        tab = self._make(tab_class)
        self._tabs[index] = tab
        # The placeholder gives way to the tab in the same place, the tab on screen staying
        # on screen: no "current tab changed" for a tab that did not change.
        widget = self.tab_widget
        current = widget.currentIndex()
        blocked = widget.blockSignals(True)
        try:
            placeholder = widget.widget(index)
            widget.removeTab(index)
            widget.insertTab(index, tab, info.label)
            widget.setCurrentIndex(current)
        finally:
            widget.blockSignals(blocked)
        placeholder.deleteLater()
        return tab
