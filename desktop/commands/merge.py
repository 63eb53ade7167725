"""``cultivate merge --data FILE OTHER_FILE``: take another Cultivate file's records into yours.

The other file (a coach's copy on a USB stick, a school's file for the district) is
checked whole and only read. Records are matched by id and the newer version of each
wins (the rule in ``db/merge.py``); a backup of your file is kept first, and the merge
is one transaction. Prints ``added N, updated N, deleted N, conflicts N``.

Conflicts (a record edited on both sides since they last exchanged it) are settled by
the rule here, so the file is whole and the same whichever way two files are merged;
each is listed, and both versions stay in the file, unsettled, until someone settles
them field by field in the window (File ▸ Merge conflicts…). A merge that would delete
more than a third of your records is refused unless ``--allow-mass-delete`` is given.
Like every command that writes, it holds the window's lock. A protected OTHER_FILE's
passphrase comes from ``CULTIVATE_OTHER_PASSPHRASE`` or is asked for at the terminal (yours,
as for every command, from ``CULTIVATE_PASSPHRASE``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import add_data_argument, ask_passphrase, data_file, writing

OTHER_PASSPHRASE_VARIABLE = "CULTIVATE_OTHER_PASSPHRASE"

HELP = ("merge another Cultivate file (a colleague's copy, a school's file) into yours: "
        "newer versions win, a backup is kept first")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("other", type=Path, metavar="OTHER_FILE",
                        help="the other Cultivate file (it is only read, never changed)")
    parser.add_argument("--allow-mass-delete", action="store_true",
                        help="go ahead even if the merge deletes more than a third of your records")
    add_data_argument(parser, "the data file to merge into")


def _name(conflict) -> str:
    row = conflict.ours or conflict.theirs or {}
    for keys in (("first_name", "last_name"), ("title",), ("name",), ("observed_on", "kind")):
        words = " ".join(str(row[key]) for key in keys if row.get(key))
        if words:
            return words
    return conflict.row_id


def run(args: argparse.Namespace) -> int:
    from db import merge
    from desktop.errors import UserFacingError

    data = data_file(args)
    other: Path = args.other
    if not other.exists():
        raise UserFacingError(f"“{other}” was not found. Check the name and folder.")
    from db import protection

    if protection.is_protected(other) and not protection.is_unlocked(other):
        protection.unlock(other, ask_passphrase(f"Passphrase for “{other.name}”: ",
                                                variable=OTHER_PASSPHRASE_VARIABLE))
    with writing(data) as db:
        try:
            done = merge.merge_file(db, other, allow_mass_delete=args.allow_mass_delete)
        except merge.MassDeletion as stopped:
            raise UserFacingError(
                f"{stopped} (add --allow-mass-delete to the command).") from stopped
        report = done.value
        print(report.summary())
        ids = set(report.conflict_ids)
        listed = [conflict for conflict in merge.open_conflicts(db) if conflict.id in ids]
        for conflict in listed:
            kept = "this file's" if conflict.kept == "ours" else "the other file's"
            fields = ", ".join(conflict.differing_fields()) or "deleted on one side"
            print(f"  conflict  {conflict.table} “{_name(conflict)}”: {conflict.reason} "
                  f"({fields}); kept {kept} version")
        if listed:
            print("Both versions are kept: settle them in Cultivate with File ▸ Merge conflicts….")
    return 0
