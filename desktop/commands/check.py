"""``cultivate check``: is a data file healthy? Reads only; never migrates or writes."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import add_data_argument, data_file

HELP = ("check a data file without changing it: exit 0 when it is healthy, otherwise "
        "say what is wrong and what to do")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser, "the data file to check")
    parser.add_argument("--thorough", action="store_true",
                        help="also run SQLite's full integrity check (slower on big files)")
    parser.add_argument("--salvage-to", type=Path, metavar="NEW_FILE",
                        help="if the file is damaged (or not of Cultivate's own design), copy every "
                             "readable record into NEW_FILE")


def run(args: argparse.Namespace) -> int:
    from db.errors import DamagedFileError, UnexpectedSchemaError
    from db.health import check_file, describe_counts, salvage
    from desktop.errors import report_cli_error

    data = data_file(args)
    report = check_file(data, thorough=args.thorough)
    if report.healthy:
        print(f"“{data}” is healthy: data format {report.data_version}, {describe_counts(report.counts)}.")
        for warning in report.warnings:
            print(f"Note: {warning}")
        return 0
    code = report_cli_error(report.problem)
    if args.salvage_to and isinstance(report.problem, (DamagedFileError, UnexpectedSchemaError)):
        result = salvage(data, args.salvage_to)
        print(result.summary())
        print(f"Open “{args.salvage_to}” to check what was saved; the damaged file is unchanged.")
    return code
