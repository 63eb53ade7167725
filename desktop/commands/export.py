"""``cultivate export``: everything in a zip of CSV files plus a JSON file, so no one is locked in."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import add_data_argument, data_file

HELP = "export every record to a zip: one CSV per table, a README and cultivate.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser, "the data file to export")
    parser.add_argument("--out", type=Path, required=True, metavar="ZIP",
                        help="the zip file to write (replaced only once complete)")
    parser.add_argument("--include-private", action="store_true",
                        help="also export private observation notes, private conversations and "
                             "wellbeing check-ins (left out by default; the README says which)")


def run(args: argparse.Namespace) -> int:
    from db.connection import open_read_only
    from db.export import export_zip, exported_tables

    data = data_file(args)
    out = args.out if args.out.suffix.lower() == ".zip" else args.out.with_name(args.out.name + ".zip")
    # Read-only: an export never changes the file, and works while the window has it open.
    db = open_read_only(data)
    rows = []
    try:
        tables = exported_tables(db)
        # Each row is told twice (its CSV line and its JSON line); the last call has the total.
        export_zip(db, out, include_private=args.include_private,
                   progress=lambda done, total, table: rows.append(total // 2))
    finally:
        db.close()
    left_out = "" if args.include_private else " Private data was left out (--include-private adds it)."
    print(f"Exported {rows[-1]} records from {len(tables)} tables to “{out}”.{left_out}")
    return 0
