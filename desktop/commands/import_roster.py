"""``cultivate import-roster``: bring staff in from the school information system's export."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from desktop.commands import add_data_argument, data_file

HELP = ("Import staff from a OneRoster export (folder or zip) or a CSV/XLSX staff list; "
        "applies at once unless --dry-run.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, metavar="PATH",
                        help="a OneRoster folder or .zip, a users.csv, or a .csv/.xlsx staff list")
    add_data_argument(parser, "the Cultivate data file to import into")
    parser.add_argument("--dry-run", action="store_true",
                        help="only show what would change; change nothing")
    parser.add_argument("--archive-missing", action="store_true",
                        help="archive staff of these schools who are no longer in the export")
    parser.add_argument("--include-other-staff", action="store_true",
                        help="also import aides, counselors and other non-teaching staff")


def run(args: argparse.Namespace) -> int:
    from db.connection import open_memory, open_read_only
    from desktop.commands import writing
    from desktop.core import roster

    # Read the export before opening the data file: a typo in PATH must not create one.
    export = roster.read_roster(args.path)
    data = data_file(args)
    options = roster.ImportOptions(archive_missing=args.archive_missing,
                                   include_other_staff=args.include_other_staff)
    if args.dry_run and not Path(data).exists():
        # A preview against an empty file, without creating it.
        opened = contextlib.closing(open_memory(actor=None))
    elif args.dry_run:
        opened = contextlib.closing(open_read_only(data))
    else:
        opened = writing(data)   # holds the lock: refused while a window has the file
    with opened as db:
        plan = roster.plan_import(db, export, options)
        if args.dry_run:
            _print_preview(plan)
        for row in plan.rejected:
            print(f"{row.file}:{row.line}: {row.reason}")
        summary = plan.summary() if args.dry_run else roster.apply_plan(db, plan)
    print(summary)
    return 0


def _print_preview(plan) -> None:
    print(f"Dry run: nothing was changed. From the {plan.source}:")
    for ref in plan.new_schools:
        print(f"  new school    {ref.name}")
    for add in plan.adds:
        person = add.person
        print(f"  add           {person.full_name} ({person.role})  {person.file}:{person.line}")
    for update in plan.updates:
        details = "; ".join(change.describe() for change in update.changes)
        print(f"  update        {update.staff.full_name}: {details}")
    for archive in plan.archives:
        print(f"  archive       {archive.staff.full_name}: {archive.reason}")
    skipped = ", ".join(f"{count} {why}" for why, count in plan.skipped.items() if count)
    if skipped:
        print(f"  skipped       {skipped}")
