"""Plan a PD day for a whole district (Plan a PD day…, whole school): seconds, and exact or not.

``measure(path)`` plans 3 offerings for every teacher of the file at *path* and returns the
time against a baseline measured in the same run (reading every teacher's growth profile,
which planning needs and which dominates it)::

    python -m benchmarks.pd_day [--data FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def measure(path: str | Path, *, k: int = 3) -> list[dict]:
    from db import clock
    from db.connection import open_database
    from desktop.core import pd_menu

    db = open_database(path)
    try:
        today = clock.today()
        start = time.perf_counter()
        pd_menu.school_profiles(db, as_of=today)
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        plan = pd_menu.common_thread(db, as_of=today, k=k)
        value = time.perf_counter() - start
    finally:
        db.close()
    return [{"benchmark": f"plan a PD day ({k} offerings, {plan.group_size} teachers, {plan.method}) "
                          "vs their growth profiles",
             "value": value, "baseline": baseline,
             "ratio": value / baseline if baseline else float("inf"), "unit": "s"}]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pd_day", description=__doc__)
    parser.add_argument("--data", type=Path)
    args = parser.parse_args(argv)
    path = args.data
    if path is None:
        from benchmarks.__main__ import district_file

        path = district_file(5000, 2026)
    for item in measure(path):
        print(f"{item['benchmark']}: {item['value']:.1f} s  ×{item['ratio']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
