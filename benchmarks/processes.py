"""Whole processes, timed from the start to the line or exit that says they are done, with
their peak resident memory: start-up, the window benchmarks, check, backup, export."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, below, median, ratio_at_most

STARTUP = ratio_at_most(1.5)


def environment(scratch: Path) -> dict:
    env = dict(os.environ)
    env["CULTIVATE_DATA_DIR"] = str(scratch / "data")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("PYTHONHASHSEED", "0")
    # Compiled once, as the installed application is (its bundle holds bytecode): with
    # PYTHONDONTWRITEBYTECODE set, as on this machine, every start compiled Cultivate's
    # 300 modules from source again (0.65 s), which a bare window with no modules of its
    # own never pays. The bytecode goes to the scratch folder, not into the worktree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    return env


def until_painted(arguments: list[str], env: dict) -> tuple[float, float]:
    """Seconds from starting *arguments* to its ``painted`` line, and its peak memory (MB)."""
    began = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    line = process.stdout.readline()
    elapsed = time.perf_counter() - began
    status = process.wait()
    error = process.stderr.read().decode(errors="replace")
    process.stdout.close()
    process.stderr.close()
    words = line.split()
    if not words or words[0] != b"painted":
        raise RuntimeError(f"{' '.join(arguments)} did not paint (exit {status}):\n{error[-2000:]}")
    return elapsed, float(words[1])


def run_to_exit(arguments: list[str], env: dict) -> tuple[float, float, str]:
    """Seconds *arguments* ran, its peak memory (MB), and its output. The peak is taken by
    a small launcher (``benchmarks.peak``), since a child of this large process would
    count this one's memory as its own."""
    with tempfile.NamedTemporaryFile(prefix="cultivate-peak-", delete=False) as handle:
        result = Path(handle.name)
    try:
        began = time.perf_counter()
        completed = subprocess.run([PY, "-m", "benchmarks.peak", str(result), "--", *arguments],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        elapsed = time.perf_counter() - began
        text = completed.stdout.decode(errors="replace")
        if completed.returncode != 0:
            raise RuntimeError(f"{' '.join(arguments)} failed ({completed.returncode}):\n{text[-2000:]}")
        kilobytes = int(result.read_text() or 0)
    finally:
        result.unlink(missing_ok=True)
    return elapsed, kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1024 / 1024, text


PY = sys.executable


def startup(district: Path, scratch: Path, pairs: int) -> tuple[list[Figure], float]:
    """Start-up to the painted window against a bare window with five tabs, A B A B (with
    the floor, the bare window on Cultivate's stack, as C); then the first start of a day
    (no backup yet today) the same way. Returns the figures and
    the bare window's peak memory."""
    from db import backups

    env = environment(scratch)
    backup_folder = scratch / "data" / "backups"
    app = [PY, "-m", "benchmarks.probe", "app", "--data", str(district)]
    bare = [PY, "-m", "benchmarks.probe", "bare"]
    floor = [PY, "-m", "benchmarks.probe", "floor", "--data", str(district)]
    # Today's backup exists already: the start of any but the first time in a day.
    backup_folder.mkdir(parents=True, exist_ok=True)
    if backups.last_backup_time(district, backup_folder) is None:
        backups.automatic_backup(district, backups.DAILY, folder=backup_folder)
    until_painted(bare, env)              # warm the file cache for both alike
    until_painted(app, env)
    until_painted(floor, env)
    ours, theirs, floors, bare_memory = [], [], [], []
    for _ in range(pairs):
        elapsed, _memory = until_painted(app, env)
        ours.append(elapsed)
        elapsed, memory = until_painted(bare, env)
        theirs.append(elapsed)
        bare_memory.append(memory)
        floors.append(until_painted(floor, env)[0])
    figures = [Figure("start-up to the painted window", median(ours) * 1000, median(theirs) * 1000,
                      "ms", STARTUP, samples=len(ours), statistic="median", group="start-up"),
               # No target: what the stack itself costs, so the target above can be read
               # against it (the ×1.5 leaves Cultivate's own code what is above this).
               Figure("start-up floor: the bare window + sqlite-utils + the first 60 names",
                      median(floors) * 1000, median(theirs) * 1000, "ms", None, samples=len(floors),
                      statistic="median", group="start-up",
                      note="no Cultivate code: the stack's own cost, for reading the target against")]
    kept = scratch / "kept-backups"
    shutil.rmtree(kept, ignore_errors=True)
    backup_folder.rename(kept)
    first, first_bare = [], []
    for _ in range(max(2, pairs // 3)):
        shutil.rmtree(backup_folder, ignore_errors=True)
        elapsed, _memory = until_painted(app, env)
        first.append(elapsed)
        elapsed, _memory = until_painted(bare, env)
        first_bare.append(elapsed)
    shutil.rmtree(backup_folder, ignore_errors=True)
    kept.rename(backup_folder)
    figures.append(Figure("start-up, the first of the day (backup due)", median(first) * 1000,
                          median(first_bare) * 1000, "ms", STARTUP, samples=len(first),
                          statistic="median", group="start-up"))
    return figures, max(bare_memory)


def window(district: Path, scratch: Path, samples: int, only: str, bare_memory: float) -> list[Figure]:
    from benchmarks.harness import Figure as F

    env = environment(scratch)
    out = scratch / "window.json"
    out.unlink(missing_ok=True)
    process = subprocess.Popen(
        [PY, "-m", "benchmarks.probe", "window", "--data", str(district), "--out", str(out),
         "--samples", str(samples), "--only", only], env=env)
    status = process.wait()
    if not out.exists():
        raise RuntimeError(f"the window benchmarks stopped (exit {status}); see above")
    results = json.loads(out.read_text())
    figures = [F.from_dict(item) for item in results["figures"]]
    figures.append(F("window peak memory, district open, every view visited",
                     results["peak_rss_mb"], bare_memory, "MB", below(300), statistic="peak",
                     group="memory", note="baseline: the bare window's process"))
    return figures


BARE_CHECK = """
import sqlite3, sys
conn = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(conn.execute("PRAGMA quick_check").fetchone()[0])
"""
BARE_BACKUP = """
import sqlite3, sys
source = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
copy = sqlite3.connect(sys.argv[2])
source.backup(copy, pages=-1)
copy.execute("PRAGMA journal_mode = DELETE")
copy.close()
"""
BARE_EXPORT = """
import csv, io, sqlite3, sys, zipfile
conn = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
conn.execute("BEGIN")
tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as archive:
    for table in tables:
        with archive.open(table + ".csv", "w", force_zip64=True) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            writer = csv.writer(text)
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            writer.writerow([column[0] for column in cursor.description])
            while rows := cursor.fetchmany(1000):
                writer.writerows(rows)
            text.flush()
            text.detach()
"""


def storage(district: Path, scratch: Path, pairs: int) -> list[Figure]:
    """``cultivate check``, ``backup`` and ``export`` against SQLite and the standard library
    doing the same work bare (quick_check; the backup API; every table to CSV in a zip)."""
    env = environment(scratch)
    work = scratch / "storage"
    work.mkdir(parents=True, exist_ok=True)
    cultivate = [PY, "-m", "desktop"]
    jobs = (
        ("check", cultivate + ["check", "--data", str(district)], [PY, "-c", BARE_CHECK, str(district)],
         None),
        ("backup", cultivate + ["backup", "--data", str(district), "--out", str(work / "backup.db")],
         [PY, "-c", BARE_BACKUP, str(district), str(work / "bare-backup.db")],
         ("backup.db", "bare-backup.db")),
        ("export", cultivate + ["export", "--data", str(district), "--out", str(work / "export.zip")],
         [PY, "-c", BARE_EXPORT, str(district), str(work / "bare-export.zip")],
         ("export.zip", "bare-export.zip")),
    )
    figures = []
    for name, ours, theirs, outputs in jobs:
        times, bare_times, memory, bare_memory = [], [], [], []
        for _ in range(pairs):
            for output in outputs or ():
                (work / output).unlink(missing_ok=True)
            elapsed, peak, _ = run_to_exit(ours, env)
            times.append(elapsed)
            memory.append(peak)
            elapsed, peak, _ = run_to_exit(theirs, env)
            bare_times.append(elapsed)
            bare_memory.append(peak)
        figures.append(Figure(f"cultivate {name}", median(times), median(bare_times), "s",
                              samples=pairs, statistic="median", group="storage"))
        figures.append(Figure(f"cultivate {name}: peak memory", max(memory), max(bare_memory), "MB",
                              below(200) if name == "export" else None, samples=pairs,
                              statistic="peak", group="storage"))
        print(f"  cultivate {name}: {median(times):.1f} s, {max(memory):.0f} MB "
              f"(bare {median(bare_times):.1f} s, {max(bare_memory):.0f} MB)", file=sys.stderr,
              flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return figures
