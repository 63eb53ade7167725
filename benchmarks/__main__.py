"""``make bench``: Cultivate on a district of ten years, each figure against a bare baseline.

One line per figure: ``name  measured  baseline  ratio  target  ok|MISS``. Interactive
figures are the 95th percentile of samples taken in the real window (offscreen, real
key and mouse events, each sample up to the paint), alternating with the same gesture
on a bare window; start-up is whole processes, Cultivate and a bare PySide6 window with
five empty tabs, alternately. The district is built once and cached
(``benchmarks/district.py``). Results also go to ``.benchmarks/latest.json``; with
``--markdown`` the table is printed ready for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / ".benchmarks"
PARTS = ("start-up", "window", "printing", "storage", "plugins")


def machine() -> str:
    cores = os.cpu_count() or 0
    try:
        model = next((line.split(":", 1)[1].strip() for line in
                      Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "")
    except OSError:
        model = platform.processor()
    try:
        load = "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = ""
    memory = ""
    try:
        kilobytes = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                             if line.startswith("MemTotal")))
        memory = f"{kilobytes / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    import sqlite3

    import PySide6

    return (f"{platform.system()} {platform.machine()}, {cores} cores ({model}), {memory}, {load}; "
            f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
            f"SQLite {sqlite3.sqlite_version}")


def markdown(figures) -> str:
    from benchmarks.harness import _number

    lines = ["| figure | measured | baseline | ratio | target | |", "|---|---:|---:|---:|---:|---|"]
    for figure in figures:
        ratio = figure.ratio
        stat = f" {figure.statistic}" if figure.statistic else ""
        ok = figure.ok
        lines.append("| {} | {} | {} | {} | {} | {} |".format(
            figure.name, f"{_number(figure.measured)} {figure.unit}{stat}",
            "—" if figure.baseline is None else f"{_number(figure.baseline)} {figure.unit}",
            "—" if ratio is None else f"×{ratio:.2f}",
            "—" if figure.target is None else figure.target.text(figure.unit).replace("<", "&lt;"),
            "" if ok is None else ("ok" if ok else "**MISS**")))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--samples", type=int, default=20,
                        help="samples per interactive figure (default 20)")
    parser.add_argument("--startups", type=int, default=8, help="start-up pairs (default 8)")
    parser.add_argument("--batch", type=int, default=50, help="portfolios in the batch (0: none)")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"which parts to run, comma separated: {', '.join(PARTS)}")
    parser.add_argument("--only", default="",
                        help="window groups only: search, tabs, observations, celebrations")
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = parser.parse_args(argv)
    parts = {part.strip() for part in args.parts.split(",") if part.strip()}
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")

    from benchmarks import harness, portfolios, processes
    from benchmarks.district import describe, district_file

    district = district_file(args.teachers, args.seed)
    print(f"district: {describe(district)}", flush=True)
    print(f"machine: {machine()}", flush=True)
    scratch = Path(tempfile.mkdtemp(prefix="cultivate-bench-"))
    figures: list[harness.Figure] = []
    began = time.perf_counter()
    try:
        bare_memory = None
        if "start-up" in parts or "window" in parts:
            print("start-up …", file=sys.stderr, flush=True)
            startup_figures, bare_memory = processes.startup(district, scratch, args.startups)
            if "start-up" in parts:
                figures += startup_figures
        if "window" in parts:
            print("the window …", file=sys.stderr, flush=True)
            figures += processes.window(district, scratch, args.samples, args.only, bare_memory)
        if "printing" in parts:
            print("printing …", file=sys.stderr, flush=True)
            figures += portfolios.measure(district, pairs=5, batch=args.batch)
        if "storage" in parts:
            print("check, backup, export …", file=sys.stderr, flush=True)
            figures += processes.storage(district, scratch, pairs=1)
        if "plugins" in parts:
            context = harness.Context(district=district, samples=args.samples, scratch=scratch)
            for module in harness.plugins():
                measure = getattr(module, "measure", None)
                if measure is not None:
                    figures += measure(context)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print()
    print(harness.table(figures))
    missed = [figure for figure in figures if figure.ok is False]
    print(f"\n{len(figures)} figures, {len(missed)} missed, in {time.perf_counter() - began:.0f} s")
    if args.markdown:
        print()
        print(markdown(figures))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(
        {"machine": machine(), "district": describe(district),
         "figures": [figure.as_dict() for figure in figures]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
