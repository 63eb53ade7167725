"""Subcommands of ``cultivate`` (see desktop/cli.py), and the ``--data`` option most of them share."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path


def add_data_argument(parser: argparse.ArgumentParser, purpose: str) -> None:
    """``--data FILE`` after the subcommand name. SUPPRESS as the default, so that
    "cultivate --data F <command> …" is not overwritten by a None here."""
    parser.add_argument("--data", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                        help=f"{purpose} (default: your own)")


def data_file(args: argparse.Namespace) -> Path:
    """The data file a command works on: ``--data`` (before or after the command), else your own."""
    from desktop import paths

    return getattr(args, "data", None) or paths.default_database()


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
