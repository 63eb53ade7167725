"""The ``cultivate`` command: the window by default, or one of the subcommands.

Each subcommand lives in ``desktop/commands/<name>.py`` with ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; importing them lazily keeps
``cultivate --help`` and start-up quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from desktop import __version__

# Subcommand name -> module under desktop.commands (module names use underscores).
COMMANDS = {
    "demo": "demo",
    "screenshot": "screenshot",
    "import-roster": "import_roster",
    "check": "check",
    "backup": "backup",
    "restore": "restore",
    "export": "export",
    "portfolio": "portfolio",
    "protect": "protect",
    "unprotect": "unprotect",
}


def _load(name: str):
    return importlib.import_module(f"desktop.commands.{COMMANDS[name]}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cultivate",
        description="Cultivate: personalized professional growth for teachers, offline. "
        "With no subcommand, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"Cultivate {__version__}")
    parser.add_argument(
        "--data",
        type=Path,
        metavar="FILE",
        help="open this data file instead of your own (created if missing)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _load(name)
        sub = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from desktop import qt_libraries

            problem = qt_libraries.startup_problem()   # before Qt can abort on it
            if problem:
                qt_libraries.tell(problem)
                return 1
            from desktop.ui.app import run_gui

            return run_gui(args.data)
        return _load(args.command).run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        from desktop.errors import report_cli_error

        return report_cli_error(error)


if __name__ == "__main__":
    sys.exit(main())
