"""``cultivate restore --data FILE BACKUP``: put a backup back in place of a data file.

The replaced file is kept in the backups folder first, so a restore can itself be
undone. Like every command that writes, it holds the window's lock: while
Cultivate has the file open it refuses, and changes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import add_data_argument, data_file, unlock_for_command

HELP = ("replace a data file with a backup (the replaced file is kept in the backups folder); "
        "refused while the file is open in Cultivate")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", type=Path, metavar="BACKUP",
                        help="the backup file to restore (a .db that Cultivate made)")
    add_data_argument(parser, "the data file to replace")


def run(args: argparse.Namespace) -> int:
    from db.backups import describe_backup, restore
    from db.health import describe_counts
    from desktop.errors import UserFacingError

    data = data_file(args)
    backup: Path = args.backup
    if not backup.exists():
        raise UserFacingError(f"“{backup}” was not found. Check the name and folder.")
    unlock_for_command(backup)   # a backup made under an earlier passphrase asks for that one
    if backup.resolve() == Path(data).resolve():
        raise UserFacingError(f"“{backup}” is the data file itself; choose a backup of it.")
    kept = restore(backup, data)   # checks the backup, takes the lock, keeps the replaced file
    info = describe_backup(data)
    print(f"Restored “{data}” from “{backup}” ({describe_counts(info.counts)}).")
    if kept is not None:
        print(f"The file it replaced is kept as “{kept}”.")
    return 0
