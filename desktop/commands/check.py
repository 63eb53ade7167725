"""``cultivate check``: is a data file healthy? Reads only; never migrates or writes."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = ("check a data file without changing it: exit 0 when it is healthy, otherwise "
        "say what is wrong and what to do")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: "cultivate --data F check" must not be overwritten by a None here.
    parser.add_argument("--data", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                        help="the data file to check (default: your own)")
    parser.add_argument("--thorough", action="store_true",
                        help="also run SQLite's full integrity check (slower on big files)")
    parser.add_argument("--salvage-to", type=Path, metavar="NEW_FILE",
                        help="if the file is damaged, copy every readable record into NEW_FILE")


def run(args: argparse.Namespace) -> int:
    from db.errors import DamagedFileError
    from db.health import check_file, describe_counts, salvage
    from desktop import paths
    from desktop.errors import report_cli_error

    data = getattr(args, "data", None) or paths.default_database()
    report = check_file(data, thorough=args.thorough)
    if report.healthy:
        print(f"“{data}” is healthy: data format {report.data_version}, {describe_counts(report.counts)}.")
        for warning in report.warnings:
            print(f"Note: {warning}")
        return 0
    code = report_cli_error(report.problem)
    if args.salvage_to and isinstance(report.problem, DamagedFileError):
        result = salvage(data, args.salvage_to)
        print(result.summary())
        print(f"Open “{args.salvage_to}” to check what was saved; the damaged file is unchanged.")
    return code
