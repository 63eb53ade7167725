"""Subcommands of ``cultivate`` (see desktop/cli.py), and the ``--data`` option most of them share.

A data file protected with a passphrase opens for every command: the passphrase comes
from the ``CULTIVATE_PASSPHRASE`` environment variable, or is asked for at the
terminal (not echoed). It is never written anywhere, the log included.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

PASSPHRASE_VARIABLE = "CULTIVATE_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "CULTIVATE_NEW_PASSPHRASE"


def add_data_argument(parser: argparse.ArgumentParser, purpose: str) -> None:
    """``--data FILE`` after the subcommand name. SUPPRESS as the default, so that
    "cultivate --data F <command> …" is not overwritten by a None here."""
    parser.add_argument("--data", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                        help=f"{purpose} (default: your own)")


def data_file(args: argparse.Namespace) -> Path:
    """The data file a command works on: ``--data`` (before or after the command), else your
    own; unlocked first when it is protected with a passphrase."""
    from desktop import paths

    path = getattr(args, "data", None) or paths.default_database()
    unlock_for_command(path)
    return path


def ask_passphrase(prompt: str, *, variable: str = PASSPHRASE_VARIABLE, again: bool = False) -> str:
    """A passphrase from *variable*, else typed at the terminal (twice when *again*)."""
    from desktop.errors import UserFacingError

    given = os.environ.get(variable)
    if given:
        return given
    if not sys.stdin or not sys.stdin.isatty():
        raise UserFacingError(f"A passphrase is needed: set {variable}, or run the command in a "
                              "terminal to type it.")
    import getpass

    typed = getpass.getpass(prompt)
    if again and getpass.getpass("The same again: ") != typed:
        raise UserFacingError("The two passphrases are not the same; nothing was changed.")
    return typed


def unlock_for_command(path: Path) -> None:
    """Ask for the passphrase of a protected *path* that this process has not unlocked yet."""
    from db import protection

    path = Path(path)
    if path.is_file() and protection.is_protected(path) and not protection.is_unlocked(path):
        protection.unlock(path, ask_passphrase(f"Passphrase for “{path.name}”: "))


@contextlib.contextmanager
def writing(path: Path) -> Iterator:
    """The data file opened for a command that writes, with the window's lock held throughout.

    While a window (or another command) has the file open this refuses with
    ``FileInUseError`` before anything is read or written; an upgrade keeps a
    backup first, as the window's does.
    """
    from db.backups import backup_before_migration
    from db.connection import open_database
    from db.lockfile import DataFileLock

    with DataFileLock(path):
        db = open_database(path, before_migration=backup_before_migration)
        try:
            yield db
        finally:
            db.close()
