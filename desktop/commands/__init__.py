"""Subcommands of ``cultivate`` (see desktop/cli.py), and the ``--data`` option most of them share."""

from __future__ import annotations

import argparse
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
