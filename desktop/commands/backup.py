"""``cultivate backup``: a complete copy of a data file, safe even while Cultivate is using it."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import add_data_argument, data_file

HELP = "copy a data file to a folder or a .db file, consistently even while it is open"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser, "the data file to back up")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="a folder (the copy gets a dated name) or a file name ending in .db")


def run(args: argparse.Namespace) -> int:
    from db.backups import backup_to, describe_backup
    from db.health import describe_counts

    data = data_file(args)
    target = backup_to(data, args.out)
    info = describe_backup(target)
    print(f"Backed up “{data}” to “{target}” ({describe_counts(info.counts)}).")
    return 0
