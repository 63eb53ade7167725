"""The Overview on a district: how soon the tab shows, how soon its figures and its heat map
fill in (worked out off the main thread), and the longest the window stops answering
meanwhile (a 20 ms timer on the main thread, its longest gap).

    python -m benchmarks.overview --data district.db [--today 2026-12-01]

``make bench`` runs it on its cached district file (:func:`run`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path


def _window(path: Path):
    from db.connection import open_database
    from desktop.ui.app import make_application
    from desktop.ui.main_window import MainWindow

    app = make_application()
    db = open_database(path, create=False)
    window = MainWindow(db, path, remember_state=False)
    window.resize(1280, 820)
    window.show()
    app.processEvents()
    return app, window


def _measure(app, tab, start_it) -> dict:
    from PySide6.QtCore import QTimer

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    began = time.perf_counter()
    start_it()
    shown = time.perf_counter() - began
    figures = heat = None
    cards = tab.school_cards if tab.member is None else tab.teacher_cards
    while tab.is_filling():
        app.processEvents()
        if figures is None and next(iter(cards.values())).value() != "…":
            figures = time.perf_counter() - began
        if tab.member is None and heat is None and tab.heat_chart.canvas is not None:
            heat = time.perf_counter() - began
        time.sleep(0.002)
    app.processEvents()
    timer.stop()
    return {"shown": shown, "figures": figures, "heat": heat,
            "filled": time.perf_counter() - began, "longest stall": max(gaps, default=0.0)}


def run(path: Path, *, today: date | None = None) -> list[dict]:
    """One row per measure: the whole school, then its busiest teacher."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from db import clock, overview

    if today is not None:
        clock.set_today(today)
    app, window = _window(path)
    tab = window.tabs[0]
    try:
        school = _measure(app, tab, lambda: tab.refresh(force=True))
        teacher_id = overview.most_active_teacher(window.db)
        teacher = _measure(app, tab, lambda: window.sidebar.select(teacher_id))
    finally:
        window.close()
    rows = []
    for page, found in (("whole school", school), ("one teacher", teacher)):
        for measure, seconds in found.items():
            if seconds is not None:
                rows.append({"benchmark": f"Overview, {page}: {measure}", "value": seconds,
                             "unit": "s"})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.overview", description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    for row in run(args.data, today=args.today):
        print(f"{row['benchmark']:<44} {row['value'] * 1000:>9.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
