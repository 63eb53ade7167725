"""``cultivate demo --out FILE``: write a demo school to a new data file."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

HELP = "write a demo school (the school year up to today, made up) to a new data file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="the data file to create, e.g. demo.db")
    parser.add_argument("--teachers", type=int, default=40, metavar="N",
                        help="how many teachers (default 40)")
    parser.add_argument("--seed", type=int, default=2026, metavar="S",
                        help="the same seed always makes the same school (default 2026)")
    parser.add_argument("--today", type=_day, metavar="YYYY-MM-DD",
                        help="build the school year this day is in, as it stands that day "
                             "(default: today); with the same --seed, the same file every time")
    parser.add_argument("--force", action="store_true",
                        help="replace FILE if it already exists")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-12-01") from None


def _remove_data_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `cultivate --help` stays quick.
    from db.connection import open_database
    from db.lockfile import DataFileLock
    from desktop.core.demo import MAX_TEACHERS, build_demo_school
    from desktop.errors import UserFacingError

    out: Path = args.out
    if not 1 <= args.teachers <= MAX_TEACHERS:
        raise UserFacingError(f"--teachers must be between 1 and {MAX_TEACHERS}.")
    if out.exists() and not args.force:
        raise UserFacingError(
            f"“{out}” already exists; Cultivate has not changed it. "
            "Choose another name, or add --force to replace it."
        )
    if out.is_dir():
        raise UserFacingError(f"“{out}” is a folder; give a file name for --out.")
    # The window's lock, before anything is removed: a file open in Cultivate is refused.
    with DataFileLock(out):
        _remove_data_file(out)
        db = open_database(out)
        try:
            summary = build_demo_school(db, teachers=args.teachers, seed=args.seed, today=args.today)
        except BaseException:
            db.close()
            _remove_data_file(out)  # never leave a half-built demo behind
            raise
        db.close()
    print(f"Wrote {out}: {summary.describe()}")
    return 0
