"""The real window on the district, driven with key and mouse events, timed up to the paint.

Runs inside ``python -m benchmarks.probe window`` (its own process, so its peak resident
memory is the window's). Beside Cultivate's window a bare one is shown (a line edit, a
table of 40 rows, a combo box, five empty tabs, a plain dialog, a plain chart): every
Cultivate sample is followed by the same gesture on the bare window (A B A B), and the
figure is the 95th percentile of each.

A sample starts before the event is sent and ends when the widget that shows the
result has painted: an event filter on that widget sees its paint event, and the time
is taken once the paint has finished. Work handed to a worker thread is waited for in
the same way (the result's widget must paint), sleeping between polls so the worker
gets the processor. Nothing is timed from inside Cultivate's code; controls are found
by their accessible names, as a person finds them by their labels.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import Figure, below, p95, plugins
from benchmarks.peak import peak_rss_mb

TIMEOUT_S = 60.0
KEYSTROKE = below(50)
TRENDS = below(300)


# -- finding things on screen --------------------------------------------------------------------

def named(root, cls, name: str, *, visible: bool = True):
    """The widget of class *cls* under *root* whose accessible name is *name* (visible first)."""
    found = [widget for widget in root.findChildren(cls) if widget.accessibleName() == name]
    if visible:
        shown = [widget for widget in found if widget.isVisible()]
        found = shown or found
    if not found:
        raise LookupError(f"no {cls.__name__} named {name!r} on screen")
    return found[0]


class PaintSeen:
    """Notes when one widget paints (with *ready()* true as it paints: a paint of the
    result, not one before it was there); removed again after the sample."""

    def __init__(self, widget, ready: Callable[[], bool] | None = None):
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            painted = False

            def eventFilter(self, watched, event):   # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint and (ready is None or ready()):
                    self.painted = True
                return False

        self.widget = widget
        self.filter = Filter()
        widget.installEventFilter(self.filter)

    @property
    def painted(self) -> bool:
        return self.filter.painted

    def remove(self) -> None:
        try:
            self.widget.removeEventFilter(self.filter)
        except RuntimeError:   # the widget is gone already
            pass


class Bench:
    """The window, the bare window, and timing of gestures on them."""

    def __init__(self, app, window, bare, samples: int):
        self.app = app
        self.window = window
        self.bare = bare
        self.samples = samples
        self.figures: list[Figure] = []

    # -- one sample -------------------------------------------------------------------------------
    def settle(self, seconds: float = 0.05) -> None:
        """Let queued work (timers, paints, worker results) finish before the next sample:
        at least *seconds*, then until the event loop has been idle for a few passes."""
        from PySide6.QtCore import QEvent

        began = time.perf_counter()
        quiet = 0
        while quiet < 5 or time.perf_counter() - began < seconds:
            start = time.perf_counter()
            self.app.processEvents()
            quiet = quiet + 1 if time.perf_counter() - start < 0.0005 else 0
            time.sleep(0.002)
            if time.perf_counter() - began > TIMEOUT_S:
                break
        # What the window's event loop does when it is idle and processEvents() never does
        # outside one: delete the widgets given to deleteLater() (closed dialogs, replaced
        # charts). Without it every one of them stayed, and counted in the peak memory.
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def time_gesture(self, gesture: Callable[[], None], shows,
                     ready: Callable[[], bool] | None = None) -> float:
        """Milliseconds from *gesture* until the widget *shows* has painted (with *ready()*
        true, if given). *shows* is a widget on screen already, or a callable that finds
        the widget the gesture makes (a dialog, a chart), None until it exists."""
        known = not callable(shows) or hasattr(shows, "installEventFilter")
        seen = PaintSeen(shows, ready) if known else None
        began = time.perf_counter()
        try:
            gesture()
            passes_since_found = 0
            while True:
                if time.perf_counter() - began > TIMEOUT_S:
                    return math.inf
                self.app.processEvents()
                if seen is None:
                    widget = shows()
                    if widget is None:
                        time.sleep(0.0005)   # a worker may be computing: let it run
                        continue
                    seen = PaintSeen(widget, ready)
                if ready is not None and not ready():
                    time.sleep(0.0005)
                    continue
                if seen.painted:
                    break
                if not known:
                    passes_since_found += 1
                    if passes_since_found > 20:
                        # Found only once it had painted: paint it now (one paint more).
                        seen.widget.repaint()
                        break
                else:
                    time.sleep(0.0002)
            return (time.perf_counter() - began) * 1000
        finally:
            if seen is not None:
                seen.remove()

    def compare(self, name: str, pairs: int, cultivate: Callable[[int], tuple],
                bare: Callable[[int], tuple] | None, *, target=KEYSTROKE, group: str = "",
                note: str = "", before: Callable[[int], None] | None = None,
                bare_before: Callable[[int], None] | None = None, warm_up: bool = True) -> Figure:
        """*pairs* alternating samples: Cultivate's gesture *i*, then the bare one.

        Each callable returns ``(gesture, shows)`` or ``(gesture, shows, ready)``;
        *before(i)* puts Cultivate's window in place for sample *i* (not timed), and
        *bare_before(i)* the bare window (it drops what the last bare sample made: the
        process's peak memory is the window's, not the baseline's leftovers). With
        *warm_up*, a first pair (gesture 0) is made and not counted: the first chart or
        dialog of a process pays for imports and caches once, not at every use.
        """
        measured, baseline = [], []
        for turn in range(-1 if warm_up else 0, pairs):
            index = max(turn, 0)
            self.activate(self.window)
            if before is not None:
                before(index)
                self.settle()
            took = self.time_gesture(*cultivate(index))
            self.settle()
            bare_took = None
            if bare is not None:
                self.activate(self.bare)
                if bare_before is not None:
                    bare_before(index)
                    self.settle(0.01)
                bare_took = self.time_gesture(*bare(index))
                self.settle(0.01)
            if turn >= 0:
                measured.append(took)
                if bare_took is not None:
                    baseline.append(bare_took)
        figure = Figure(name, p95(measured), p95(baseline) if baseline else None, "ms", target,
                        samples=len(measured), statistic="p95", note=note, group=group)
        self.figures.append(figure)
        print(f"  {name}: {figure.measured:.1f} ms (bare {figure.baseline or 0:.1f} ms)",
              file=sys.stderr, flush=True)
        return figure

    def activate(self, window) -> None:
        """Make *window* the active one, as a click on it would: window shortcuts (Ctrl+2)
        only reach the active window."""
        if self.app.activeWindow() is not window:
            window.activateWindow()
            window.raise_()
            deadline = time.perf_counter() + 2
            while self.app.activeWindow() is not window and time.perf_counter() < deadline:
                self.app.processEvents()
                time.sleep(0.001)

    # -- gestures -------------------------------------------------------------------------------
    def key(self, widget, key, modifiers=None, text: str | None = None):
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        modifiers = modifiers or Qt.KeyboardModifier.NoModifier
        return lambda: QTest.keyClick(widget, key, modifiers)

    def type_char(self, widget, char: str):
        from PySide6.QtTest import QTest

        return lambda: QTest.keyClicks(widget, char)

    def click(self, widget, position=None):
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        return lambda: QTest.mouseClick(widget, Qt.MouseButton.LeftButton,
                                        Qt.KeyboardModifier.NoModifier, position or QPoint())


# -- the bare window ---------------------------------------------------------------------------

def make_bare_window():
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import (
        QComboBox,
        QDialog,
        QFormLayout,
        QLineEdit,
        QMainWindow,
        QTableView,
        QTabWidget,
        QVBoxLayout,
        QWidget,
    )

    window = QMainWindow()
    window.setWindowTitle("bare")
    central = QWidget()
    layout = QVBoxLayout(central)
    window.line = QLineEdit()
    window.combo = QComboBox()
    window.combo.addItems([f"Choice {number}" for number in range(12)])
    window.model = QStandardItemModel(0, 6)
    window.table = QTableView()
    window.table.setModel(window.model)
    window.tabs = QTabWidget()
    for number in range(1, 6):
        window.tabs.addTab(QWidget(), f"Tab {number}")
    layout.addWidget(window.line)
    layout.addWidget(window.combo)
    layout.addWidget(window.table, 1)
    layout.addWidget(window.tabs, 1)
    window.setCentralWidget(central)
    window.resize(1280, 820)

    def refill(seed: int) -> None:
        window.model.removeRows(0, window.model.rowCount())
        for row in range(40):
            window.model.appendRow([QStandardItem(f"{seed}-{row}-{column} text")
                                    for column in range(6)])

    window.refill = refill
    window.line.textChanged.connect(lambda text: refill(len(text)))
    window.combo.currentIndexChanged.connect(refill)
    refill(0)

    def open_dialog() -> QDialog:
        dialog = QDialog(window)
        form = QFormLayout(dialog)
        for number in range(8):
            form.addRow(f"Field {number}", QLineEdit(f"value {number}"))
        dialog.resize(640, 560)
        dialog.show()
        window.dialog = dialog
        return dialog

    window.open_dialog = open_dialog
    window.dialog = None
    window.show()
    return window


def drop_bare_chart(holder: dict) -> None:
    """Delete the last bare chart, and its figure with it (they refer to each other: only
    the collector frees them, and the baseline's leftovers are not the window's memory)."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    canvas = holder.pop("canvas", None)
    if canvas is not None:
        canvas.setParent(None)
        canvas.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del canvas
        gc.collect()


def bare_chart(panels: int):
    """A plain matplotlib canvas with *panels* line charts: the Trends baseline."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure as MplFigure

    figure = MplFigure(figsize=(9, max(2.0, 1.6 * panels)))
    for number in range(panels):
        axes = figure.add_subplot(max(panels, 1), 1, number + 1)
        axes.plot(range(12), [(value * 7 + number) % 4 + 1 for value in range(12)], marker="o")
        axes.set_ylim(0.5, 4.5)
    return FigureCanvasQTAgg(figure)


# -- the scenarios ---------------------------------------------------------------------------------

def _busiest_teachers(path: str, count: int, since: str) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT o.staff_id FROM observations o JOIN staff s ON s.id = o.staff_id "
            "WHERE s.archived_at IS NULL AND o.observed_on >= ? GROUP BY o.staff_id "
            "ORDER BY count(*) DESC, o.staff_id LIMIT ?", [since, count]).fetchall()
    finally:
        conn.close()
    return [row[0] for row in rows]


TAB_NAMES = ("Overview", "Observations", "Goals & Conversations", "PD Menu", "Celebrations")


def scenarios(bench: Bench, data: str, only: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QLineEdit, QPushButton, QTabWidget

    window, bare = bench.window, bench.bare
    samples = bench.samples
    teachers = _busiest_teachers(data, 8, "2025-08-18")
    sidebar = window.sidebar
    tab_widget = window.tab_widget

    def wanted(group: str) -> bool:
        return not only or any(part in group for part in only.split(","))

    def pick(staff_id: str | None) -> None:
        sidebar.select(staff_id)

    def show_tab(title: str) -> None:
        tab_widget.setCurrentIndex(_tab_index(tab_widget, title))

    # Staff search: a letter typed (its echo painted), and the list of matches painted
    # (less the pause the search waits for the typing to stop, if it has one).
    if wanted("search"):
        search = named(window, QLineEdit, "Search staff")
        staff_list = sidebar.list
        words = ["ma", "ngu", "lee", "ol", "ri", "san"]
        keys = []
        for word in words:
            keys += [(char, None) for char in word] + [(None, Qt.Key.Key_Backspace)] * len(word)
        keys = (keys * (1 + (2 * samples) // len(keys)))[: 2 * samples]
        search.setFocus()

        def keystroke(widget, index):
            char, key = keys[index]
            gesture = bench.type_char(widget, char) if char else bench.key(widget, key)
            return gesture, widget

        def results(index):
            # The list painted once the search has run: it paints sooner (the caret, the
            # clear button), with the earlier matches still on it.
            gesture, _ = keystroke(search, index)
            return gesture, staff_list.viewport(), lambda: not sidebar.search_pending()

        bench.compare("staff search: a keystroke, echoed", len(keys),
                      lambda i: keystroke(search, i), lambda i: keystroke(bare.line, i),
                      group="search", warm_up=False)
        pause = getattr(sidebar, "search_pause_ms", 0)

        def matches_shown(name: str) -> None:
            figure = bench.compare(name, len(keys), results,
                                   lambda i: (keystroke(bare.line, i)[0], bare.table.viewport()),
                                   group="search", warm_up=False,
                                   note=f"after the {pause} ms pause the search waits for" if pause else "")
            figure.measured = max(figure.measured - pause, 0)
            search.clear()
            bench.settle(0.3)

        matches_shown("staff search: the matches shown")
        # The same with a teacher picked, far down the list: the list keeps them picked
        # through the search (it once read every match up to them, each keystroke).
        pick(max(teachers, key=lambda staff_id: sidebar.model.row_of(staff_id)))
        bench.settle(0.5)
        search.setFocus()
        matches_shown("staff search, a teacher picked: the matches shown")
        pick(None)

    # Tab switches, the first after the context changed (so each tab loads afresh).
    for context in ("whole school", "one teacher"):
        if not wanted("tabs"):
            break
        for number, title in enumerate(TAB_NAMES, start=1):
            previous = TAB_NAMES[number % len(TAB_NAMES)]

            def before(index, previous=previous, context=context):
                show_tab(previous)
                pick(teachers[index % len(teachers)])
                if context == "whole school":
                    bench.settle()
                    pick(None)

            def switch(index, number=number, title=title):
                page = tab_widget.widget(_tab_index(tab_widget, title))
                return bench.key(window, Qt.Key(Qt.Key.Key_0 + number),
                                 Qt.KeyboardModifier.ControlModifier), page

            def bare_switch(index, number=number):
                bare.tabs.setCurrentIndex((number + 1) % 5)
                bench.app.processEvents()
                return (lambda: bare.tabs.setCurrentIndex(number - 1)), bare.tabs.widget(number - 1)

            bench.compare(f"tab switch, {context}: {title}", max(3, samples // 3), switch,
                          bare_switch, before=before, group="tabs")

    # Observations: each filter, each sub-view, opening a visit.
    if wanted("observations"):
        show_tab("Observations")
        pick(None)
        bench.settle(0.5)
        tab = window.current_tab
        views = named(tab, QTabWidget, "Observation views")
        views.setCurrentIndex(0)
        bench.settle()
        obs_list = tab.list.view
        for label in ("Observer", "Kind", "Indicator", "Tag"):
            combo = named(tab, QComboBox, label)

            def change(index, combo=combo):
                combo.setFocus()
                key = Qt.Key.Key_Down if index % 2 == 0 else Qt.Key.Key_Up
                return bench.key(combo, key), obs_list.viewport()

            def bare_change(index):
                key = Qt.Key.Key_Down if index % 2 == 0 else Qt.Key.Key_Up
                return bench.key(bare.combo, key), bare.table.viewport()

            bench.compare(f"Observations filter, whole school: {label}", max(4, samples // 2),
                          change, bare_change, group="observations")
        clear = named(tab, QPushButton, "Clear filters")
        kind = named(tab, QComboBox, "Kind")

        def clear_filters(index):
            kind.setCurrentIndex(1)
            bench.app.processEvents()
            return bench.click(clear), obs_list.viewport()

        bench.compare("Observations filter, whole school: Clear filters", max(3, samples // 3),
                      clear_filters, lambda i: (bench.key(bare.combo, Qt.Key.Key_Down), bare.table.viewport()),
                      group="observations")
        mine = named(tab, QCheckBox, "My visits")
        if mine.isEnabled():
            bench.compare("Observations filter, whole school: My visits", max(4, samples // 2),
                          lambda i: (bench.click(mine), obs_list.viewport()),
                          lambda i: (bench.key(bare.combo, Qt.Key.Key_Down), bare.table.viewport()),
                          group="observations")
        for context in ("whole school", "one teacher"):
            for position, view_name in enumerate(("List", "Coverage", "Trends")):
                if view_name == "Trends" and context == "whole school":
                    continue

                def before(index, position=position, context=context):
                    views.setCurrentIndex((position + 1) % 3)
                    pick(teachers[index % len(teachers)] if context == "one teacher" else None)
                    if context == "whole school":
                        bench.settle()
                        pick(teachers[0])
                        bench.settle()
                        pick(None)

                def open_view(index, position=position):
                    bar = views.tabBar()
                    return bench.click(bar, bar.tabRect(position).center()), views.widget(position)

                def bare_view(index, position=position):
                    bare.tabs.setCurrentIndex((position + 1) % 3)
                    bench.app.processEvents()
                    return (bench.click(bare.tabs.tabBar(), bare.tabs.tabBar().tabRect(position).center()),
                            bare.tabs.widget(position))

                bench.compare(f"Observations view, {context}: {view_name}", max(3, samples // 3),
                              open_view, bare_view, before=before, group="observations")

        # Trends: until the chart itself has painted (found by its accessible name, a new
        # one each time; it may be drawn on a worker first).
        from PySide6.QtWidgets import QWidget

        def charts():
            return [widget for widget in tab.findChildren(QWidget)
                    if widget.accessibleName() == "Indicator trends chart"]

        def before_trends(index):
            views.setCurrentIndex(0)
            pick(teachers[index % len(teachers)])

        def trends(index):
            bar = views.tabBar()
            for widget in charts():   # marked, not remembered by id: a new one may reuse an id
                widget.setProperty("bench_seen", True)

            def chart():
                fresh = [widget for widget in charts()
                         if not widget.property("bench_seen") and widget.isVisible()]
                return fresh[-1] if fresh else None

            return bench.click(bar, bar.tabRect(2).center()), chart

        holder = {}

        def bare_before_trends(index):
            drop_bare_chart(holder)

        def bare_trends(index):
            def gesture():
                holder["canvas"] = bare_chart(6)
                bare.tabs.widget(0).setLayout(bare.tabs.widget(0).layout() or _vbox())
                bare.tabs.widget(0).layout().addWidget(holder["canvas"])
                bare.tabs.setCurrentIndex(0)

            return gesture, lambda: holder.get("canvas")

        bench.compare("Trends, one teacher: the chart shown", max(3, samples // 3), trends,
                      bare_trends, before=before_trends, bare_before=bare_before_trends,
                      target=TRENDS, group="observations")
        drop_bare_chart(holder)

        # Opening a visit from the list (Enter), until its window has painted.
        def before_open(index):
            views.setCurrentIndex(0)
            for dialog in _dialogs(window):
                dialog.close()
            pick(None)
            bench.settle()
            obs_list.setFocus()
            obs_list.selectRow(index * 7 % max(1, min(200, tab.list.model.rowCount())))

        def open_visit(index):
            existing = set(id(dialog) for dialog in _dialogs(window))

            def dialog():
                fresh = [d for d in _dialogs(window) if id(d) not in existing and d.isVisible()]
                return fresh[0] if fresh else None

            return bench.key(obs_list, Qt.Key.Key_Return), dialog

        def bare_before_open(index):
            if bare.dialog is not None:
                bare.dialog.close()
                bare.dialog.deleteLater()
                bare.dialog = None

        def bare_open(index):
            holder = {}
            return (lambda: holder.setdefault("d", bare.open_dialog())), lambda: holder.get("d")

        bench.compare("opening a visit (Enter in the list)", max(4, samples // 2), open_visit,
                      bare_open, before=before_open, bare_before=bare_before_open, group="observations")
        for dialog in _dialogs(window):
            dialog.close()
        bare_before_open(0)

    # Celebrations: each letter typed in its search.
    if wanted("celebrations"):
        show_tab("Celebrations")
        pick(None)
        bench.settle(0.5)
        search = named(window.current_tab, QLineEdit, "Search celebrations")
        wall = named(window.current_tab, QAbstractItemView, "Celebration wall") \
            if _has_named(window.current_tab, QAbstractItemView, "Celebration wall") else None
        search.setFocus()
        letters = list("goal") + [None] * 4 + list("pd") + [None] * 2
        letters = (letters * (1 + samples // len(letters)))[:max(samples, len(letters))]

        def celebrate(index):
            char = letters[index]
            gesture = bench.type_char(search, char) if char else bench.key(search, Qt.Key.Key_Backspace)
            return gesture, (wall.viewport() if wall is not None else search)

        def bare_celebrate(index):
            char = letters[index]
            gesture = bench.type_char(bare.line, char) if char else bench.key(bare.line, Qt.Key.Key_Backspace)
            return gesture, bare.table.viewport()

        bench.compare("Celebrations search: a keystroke, the wall shown", len(letters), celebrate,
                      bare_celebrate, group="celebrations", warm_up=False)
        search.clear()
        bench.settle(0.3)


def _vbox():
    from PySide6.QtWidgets import QVBoxLayout

    return QVBoxLayout()


def _has_named(root, cls, name) -> bool:
    return any(widget.accessibleName() == name for widget in root.findChildren(cls))


def _dialogs(window) -> list:
    from PySide6.QtWidgets import QApplication, QDialog

    return [widget for widget in QApplication.topLevelWidgets()
            if isinstance(widget, QDialog) and widget.isVisible() and widget.parent() is window]


def _tab_index(tabs, title: str) -> int:
    for index in range(tabs.count()):
        if tabs.tabText(index).replace("&&", "&").replace("&", "") == title.replace("&", ""):
            return index
        if tabs.tabText(index).replace("&&", "&") == title:
            return index
    raise LookupError(f"no tab {title!r}")


# -- the process -----------------------------------------------------------------------------------

def run_window_benchmarks(data: str, out: str, *, samples: int, only: str = "") -> int:
    from benchmarks.district import AS_OF
    from db import clock

    clock.set_today(AS_OF)
    from desktop import logging_setup
    from desktop.ui.app import make_application
    from desktop.ui.dialogs.backup_dialogs import open_for_window
    from desktop.ui.main_window import MainWindow

    app = make_application()
    logging_setup.configure()
    began = time.perf_counter()
    db = open_for_window(Path(data))
    window = MainWindow(db, Path(data))
    window.resize(1400, 900)
    window.show()
    bare = make_bare_window()
    bench = Bench(app, window, bare, samples)
    bench.settle(1.0)
    print(f"  window up in {time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)
    scenarios(bench, data, only)
    for module in plugins():
        extra = getattr(module, "measure_window", None)
        if extra is not None:
            bench.figures.extend(extra(bench))
    results = {"figures": [figure.as_dict() for figure in bench.figures],
               "peak_rss_mb": peak_rss_mb(), "pid": os.getpid()}
    Path(out).write_text(json.dumps(results, indent=1))
    sys.stdout.flush()
    os._exit(0)   # the window's close (settings, lock) is not part of the benchmark
