"""``cultivate unprotect --data FILE``: remove a data file's passphrase (it and its backups decrypted).

The passphrase comes from ``CULTIVATE_PASSPHRASE`` or is typed at the terminal. Refused
while Cultivate has the file open.
"""

from __future__ import annotations

import argparse

from desktop.commands import add_data_argument, ask_passphrase

HELP = "remove a data file's passphrase: it and its automatic backups are decrypted"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser, "the data file to unprotect")


def run(args: argparse.Namespace) -> int:
    from db import protection
    from db.lockfile import DataFileLock
    from desktop import paths
    from desktop.errors import UserFacingError

    data = getattr(args, "data", None) or paths.default_database()
    if not data.is_file() or not protection.is_protected(data):
        raise UserFacingError(f"“{data}” is not protected with a passphrase; nothing to remove.")
    with DataFileLock(data):
        protection.unprotect(data, ask_passphrase(f"Passphrase for “{data.name}”: "))
    print(f"“{data}” and its backups are no longer protected with a passphrase.")
    return 0
