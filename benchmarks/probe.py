"""The processes ``make bench`` starts and times: a bare window, Cultivate, the window benchmarks.

``python -m benchmarks.probe bare``
    a bare PySide6 window with five empty tabs; prints ``painted`` (and its peak memory
    in MB) once it has painted, then exits. The start-up baseline.
``python -m benchmarks.probe floor --data FILE``
    the bare window as any window on Cultivate's stack starts: it also imports
    sqlite-utils (as ``db`` does), opens FILE and shows its first 60 staff names, with
    none of Cultivate's own code. The floor under the start-up target.
``python -m benchmarks.probe app --data FILE``
    Cultivate exactly as ``cultivate --data FILE`` starts it (the same ``desktop.cli``
    path), printing ``painted`` once the main window has painted, then exiting.
``python -m benchmarks.probe window --data FILE --out RESULTS.json``
    the real window on FILE, driven with key and mouse events (``benchmarks/window.py``);
    writes its figures and this process's peak resident memory to RESULTS.json.

The parent sets ``CULTIVATE_DATA_DIR`` to a scratch folder, so settings, logs and backups
never touch the user's own.
"""

from __future__ import annotations

import argparse
import os
import sys


def _exit_after_first_paint(window) -> None:
    """Print ``painted`` (and leave at once) when *window* has painted for the first time."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):   # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                # After the paint in progress has finished (the whole window's pass).
                QTimer.singleShot(0, _painted)
            return False

    def _painted() -> None:
        from benchmarks.peak import peak_rss_mb  # small: the measure stops at this line

        sys.stdout.write(f"painted {peak_rss_mb():.1f}\n")
        sys.stdout.flush()
        os._exit(0)   # no clean-up: the parent measured up to here

    window._first_paint = FirstPaint(window)
    window.installEventFilter(window._first_paint)


def bare(data: str | None = None) -> int:
    """The bare window; with *data*, the floor (see the module's notes)."""
    names = []
    if data is not None:
        import sqlite3

        import db  # noqa: F401 - first: sqlite-utils, imported the one way Cultivate does
        # isort: split
        from sqlite_utils import Database

        store = Database(sqlite3.connect(f"file:{data}?mode=ro", uri=True))
        names = [f"{last}, {first}" for first, last in store.execute(
            "SELECT first_name, last_name FROM staff ORDER BY sort_key LIMIT 60").fetchall()]
    from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QSplitter, QTabWidget, QWidget

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget()
    for number in range(1, 6):
        tabs.addTab(QWidget(), f"Tab {number}")
    if data is None:
        window.setCentralWidget(tabs)
    else:
        split = QSplitter()
        split.addWidget(QListWidget())
        split.widget(0).addItems(names)
        split.addWidget(tabs)
        window.setCentralWidget(split)
    window.resize(1280, 820)
    _exit_after_first_paint(window)
    window.show()
    return app.exec()


def app(data: str) -> int:
    from benchmarks.district import AS_OF
    from db import clock

    clock.set_today(AS_OF)
    import desktop.ui.app as gui

    original = gui.start_window

    def start_window(data_path):
        window = original(data_path)
        if window is not None:
            _exit_after_first_paint(window)
        return window

    gui.start_window = start_window
    from desktop.cli import main

    return main(["--data", data])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probe")
    parser.add_argument("what", choices=("bare", "floor", "app", "window"))
    parser.add_argument("--data")
    parser.add_argument("--out")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--only", default="")
    args = parser.parse_args(argv)
    if args.what == "bare":
        return bare()
    if args.what == "floor":
        return bare(args.data)
    if args.what == "app":
        return app(args.data)
    from benchmarks.window import run_window_benchmarks

    return run_window_benchmarks(args.data, args.out, samples=args.samples, only=args.only)


if __name__ == "__main__":
    sys.exit(main())
