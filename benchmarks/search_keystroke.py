"""Search as the user types (Ctrl+K), on a district's file: the time of each keystroke's search.

``measure(path)`` types a few phrases one character at a time into :func:`db.search.search`
(private text included, the slowest case) and returns the slowest and the median
keystroke, each against a baseline measured in the same run (fetching 50 rows of the
index's row table). The target is under 50 ms per keystroke on the 5,000-teacher file::

    python -m benchmarks.search_keystroke [--data FILE]

builds (once) or reuses the 5,000-teacher demo school that ``make bench`` uses.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

PHRASES = ("think-pair-share", "students explain their reasoning", "wait time", "exit ticket",
           "quest", "walkthrough feedback")
TARGET_MS = 50.0


def _keystrokes(phrase: str) -> list[str]:
    return [phrase[:end] for end in range(1, len(phrase) + 1)]


def measure(path: str | Path, *, repeat: int = 3) -> list[dict]:
    """Per-keystroke search times on the file at *path* (opened, never changed but for the index)."""
    from db import search
    from db.connection import open_database

    db = open_database(path)
    try:
        search.flush(db)
        timings = []
        for phrase in PHRASES:
            for typed in _keystrokes(phrase):
                best = min(_timed(lambda typed=typed: search.search(db, typed, include_private=True))
                           for _ in range(repeat))
                timings.append(best)
        baseline = min(_timed(lambda: db.execute(
            "SELECT * FROM _search_rows ORDER BY id DESC LIMIT 50").fetchall()) for _ in range(repeat))
    finally:
        db.close()
    return [
        {"benchmark": "search, slowest keystroke vs 50 index rows", "value": max(timings),
         "baseline": baseline, "ratio": max(timings) / baseline if baseline else float("inf"),
         "unit": "s", "target": TARGET_MS / 1000},
        {"benchmark": "search, median keystroke vs 50 index rows", "value": statistics.median(timings),
         "baseline": baseline, "ratio": statistics.median(timings) / baseline if baseline else float("inf"),
         "unit": "s", "target": TARGET_MS / 1000},
    ]


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_keystroke", description=__doc__)
    parser.add_argument("--data", type=Path, help="a data file (default: the cached 5,000-teacher demo)")
    args = parser.parse_args(argv)
    path = args.data
    if path is None:
        from benchmarks.__main__ import district_file

        path = district_file(5000, 2026)
    results = measure(path)
    for item in results:
        verdict = "ok" if item["value"] <= item["target"] else "TOO SLOW"
        print(f"{item['benchmark']:<48} {item['value'] * 1000:8.2f} ms  ×{item['ratio']:.1f}  {verdict}")
    return 0 if all(item["value"] <= item["target"] for item in results) else 1


if __name__ == "__main__":
    sys.exit(main())
