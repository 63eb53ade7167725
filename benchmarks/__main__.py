"""``make bench``: district-scale timings as ratios against a baseline measured in the same run.

Absolute seconds depend on the machine; a ratio against a trivial baseline run
alongside (a plain SQL fetch, a bare connection) shows whether Cultivate's own
work stays in proportion. Results go to stdout and ``.benchmarks/latest.json``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".benchmarks"


def best_of(function, repeat: int = 5) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def peak_memory(function) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def district_file(teachers: int, seed: int) -> Path:
    from db.connection import open_database
    from desktop.core.demo import build_demo_school

    # A whole school year (as of the summer after), so the cached file is the same every run.
    as_of = date(2026, 6, 30)
    path = CACHE / f"demo-{teachers}-{seed}-{as_of.isoformat()}.db"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        print(f"building a {teachers}-teacher demo school (once; cached in {path}) …", flush=True)
        start = time.perf_counter()
        db = open_database(path)
        build_demo_school(db, teachers=teachers, seed=seed, today=as_of)
        db.close()
        print(f"  built in {time.perf_counter() - start:.1f} s", flush=True)
    return path


def run(teachers: int, seed: int) -> list[dict]:
    from db import staff
    from db.connection import open_database
    from desktop.core.profiles import growth_profile_for

    path = district_file(teachers, seed)
    db = open_database(path)
    raw = sqlite3.connect(path)
    someone = staff.list_staff(db, limit=1)[0]
    results = []

    def record(name, measured, baseline, unit="s"):
        results.append({"benchmark": name, "value": measured, "baseline": baseline,
                        "ratio": measured / baseline if baseline else float("inf"), "unit": unit})

    record("open data file (checks + migrate) vs bare sqlite connect",
           best_of(lambda: open_database(path).close(), 3),
           best_of(lambda: sqlite3.connect(path).execute("SELECT 1").fetchall(), 3))
    record("sidebar search 'an' vs fetching every staff id",
           best_of(lambda: staff.list_staff(db, search="an")),
           best_of(lambda: raw.execute("SELECT id FROM staff").fetchall()))
    record("growth profile of one teacher vs fetching their score rows",
           best_of(lambda: growth_profile_for(db, someone.id)),
           best_of(lambda: raw.execute(
               "SELECT s.* FROM observation_scores s JOIN observations o ON o.id = s.observation_id "
               "WHERE o.staff_id = ?", [someone.id]).fetchall()))
    record("growth profile peak memory vs its score rows",
           peak_memory(lambda: growth_profile_for(db, someone.id)),
           peak_memory(lambda: raw.execute(
               "SELECT s.* FROM observation_scores s JOIN observations o ON o.id = s.observation_id "
               "WHERE o.staff_id = ?", [someone.id]).fetchall()), unit="bytes")
    db.close()
    raw.close()
    from benchmarks import overview  # the tab shows at once and fills in off the main thread

    results += [{**row, "baseline": None, "ratio": None} for row in overview.run(path)]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--teachers", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    results = run(args.teachers, args.seed)
    width = max(len(item["benchmark"]) for item in results)
    for item in results:
        value = f"{item['value'] * 1000:.2f} ms" if item["unit"] == "s" else f"{item['value'] / 1e6:.2f} MB"
        ratio = "" if item["ratio"] is None else f"×{item['ratio']:.1f}"
        print(f"{item['benchmark']:<{width}}  {value:>12}  {ratio}")
    CACHE.mkdir(exist_ok=True)
    (CACHE / "latest.json").write_text(json.dumps(results, indent=2))
    ratios = [item["ratio"] for item in results if item["ratio"] is not None]
    print(f"median ratio ×{statistics.median(ratios):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
