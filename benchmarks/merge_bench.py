"""Merge at district scale (issue 18): seconds against a plain-SQLite baseline of the same work.

``measure(district_path, scratch)`` times two merges into a scratch copy of the district
file at *district_path* (the file itself is never written) and returns
``(name, measured_s, baseline_s, target_s)`` rows:

* **a copy of the district merged into it** (nothing to do: every record is the same on
  both sides), against reading the whole file once (SQLite's backup of it to *scratch*):
  the least a comparison of two whole files can cost;
* **a coach's copy merged back** (File ▸ Export for a colleague… of 40 teachers, the
  coach's week in it: new walkthroughs, goals edited), against what a merge must at
  least do: the backup of the district taken first and the copy's rows written over
  the district's with plain ``INSERT OR REPLACE … SELECT`` through ``ATTACH``.

The targets are what a principal waits for behind a progress bar::

    python -m benchmarks.merge_bench FILE [--scratch FOLDER]

prints ``name  measured  baseline  ratio  target  ok|MISS`` per case (FILE: a district,
e.g. ``cultivate demo --teachers 5000 --out FILE``).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

SLICE_TEACHERS = 40
# Seconds, for a 5,000-teacher district (1.3 million rows, 700 MB) on a laptop.
TARGET_NOTHING_TO_DO = 10.0
TARGET_SLICE = 15.0


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _sqlite_backup(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _coach_copy(district: Path, folder: Path) -> Path:
    """A coach's copy of 40 teachers, and their week in it: five new walkthroughs, ten
    goals edited, one action step deleted."""
    from db import clock, records, slices
    from db.connection import open_database

    db = open_database(district)
    try:
        coach = db.execute("SELECT id FROM staff WHERE role = 'coach' ORDER BY id").fetchone()[0]
        teachers = [row[0] for row in db.execute(
            "SELECT id FROM staff WHERE role = 'teacher' ORDER BY id LIMIT ?", [SLICE_TEACHERS])]
        out = folder / "coach.db"
        out.unlink(missing_ok=True)
        slices.export_for_colleague(db, out, [coach, *teachers], name="Coach")
    finally:
        db.close()
    clock.advance(timedelta(seconds=1))
    copy = open_database(out, actor="Coach")
    try:
        rubric = copy.execute("SELECT id FROM rubrics").fetchone()[0]
        with copy.atomic():
            for teacher in teachers[:5]:
                records.insert(copy, "observations", {
                    "staff_id": teacher, "observer_id": coach, "rubric_id": rubric,
                    "kind": "walkthrough", "observed_on": clock.today().isoformat(),
                    "glow": "Every student answered"})
            for (goal,) in copy.execute("SELECT id FROM goals ORDER BY id LIMIT 10").fetchall():
                records.update(copy, "goals", goal, {"title": "Edited on the coach's laptop"})
            step = copy.execute("SELECT id FROM action_steps ORDER BY id LIMIT 1").fetchone()
            if step:
                copy.execute("DELETE FROM action_steps WHERE id = ?", [step[0]])
    finally:
        copy.close()
    return out


def _plain_copy_baseline(target: Path, other: Path, backup: Path) -> None:
    """The backup a merge takes first, then the other file's rows written over the
    target's, table by table, by plain SQL through ATTACH."""
    from db import merge
    from db.connection import open_read_only

    _sqlite_backup(target, backup)
    probe = open_read_only(other)
    try:
        tables = merge.merged_tables(probe)
    finally:
        probe.close()
    conn = sqlite3.connect(target)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("ATTACH DATABASE ? AS other", [str(other)])
        with conn:
            for table in tables:
                conn.execute(f'INSERT OR REPLACE INTO main."{table}" SELECT * FROM other."{table}"')
        conn.execute("DETACH DATABASE other")
    finally:
        conn.close()


def measure(district_path: str | Path, scratch: str | Path) -> list[tuple[str, float, float, float | None]]:
    """(name, measured seconds, baseline seconds, target seconds or None) per case."""
    from desktop import paths

    district_path, scratch = Path(district_path), Path(scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    paths.override_data_dir(scratch / "data")      # the merge's backups go there, not to yours
    try:
        return _measure(district_path, scratch)
    finally:
        paths.override_data_dir(None)
        shutil.rmtree(scratch / "data", ignore_errors=True)


def _measure(district_path: Path, scratch: Path) -> list[tuple[str, float, float, float | None]]:
    from db import merge
    from db.connection import open_database

    target = scratch / "district.db"
    twin = scratch / "district-copy.db"
    backup = scratch / "baseline-backup.db"
    rows: list[tuple[str, float, float, float | None]] = []

    _sqlite_backup(district_path, target)
    shutil.copy(target, twin)
    db = open_database(target)
    try:
        merged = _timed(lambda: merge.merge_file(db, twin))
    finally:
        db.close()
    baseline = _timed(lambda: _sqlite_backup(target, backup))
    rows.append(("merge a copy of the district into it (nothing to do) vs reading the file once",
                 merged, baseline, TARGET_NOTHING_TO_DO))

    coach = _coach_copy(target, scratch)
    _sqlite_backup(district_path, target)
    db = open_database(target)
    try:
        summary = []
        merged = _timed(lambda: summary.append(merge.merge_file(db, coach).value.summary()))
    finally:
        db.close()
    _sqlite_backup(district_path, target)
    baseline = _timed(lambda: _plain_copy_baseline(target, coach, backup))
    rows.append((f"merge a coach's copy of {SLICE_TEACHERS} teachers ({summary[0]}) vs backup + "
                 "INSERT…SELECT of its rows", merged, baseline, TARGET_SLICE))
    for path in (target, twin, backup, coach):
        path.unlink(missing_ok=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.merge_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("district", type=Path, metavar="FILE", help="a district's Cultivate file")
    parser.add_argument("--scratch", type=Path, help="a folder for the copies (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="merge-bench-") as temporary:
        found = measure(args.district, args.scratch or Path(temporary))
    width = max(len(name) for name, *_ in found)
    print(f"{'name':<{width}}  {'measured':>9}  {'baseline':>9}  {'ratio':>6}  {'target':>7}")
    for name, measured, baseline, target in found:
        verdict = "" if target is None else ("ok" if measured <= target else "MISS")
        print(f"{name:<{width}}  {measured:8.2f}s  {baseline:8.2f}s  ×{measured / baseline:5.1f}  "
              f"{'' if target is None else f'{target:6.1f}s'}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
