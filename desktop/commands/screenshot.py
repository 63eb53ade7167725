"""``cultivate screenshot``: a PNG of every tab, rendered without a screen."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from desktop.errors import UserFacingError

HELP = "save a picture of each tab of the window (rendered offscreen) into a folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # Its own dest: argparse lets a subparser's default overwrite the main --data.
    parser.add_argument("--data", dest="screenshot_data", type=Path, metavar="FILE",
                        help="the data file to show (default: the one given before the command)")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="folder for overview.png, observations.png, goals.png, "
                             "pd-menu.png and celebrations.png")
    parser.add_argument("--size", default="1400x900", metavar="WxH",
                        help="window size in pixels (default 1400x900)")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="show figures as of this day (default: today)")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UserFacingError(f"--size must look like 1400x900, not “{text}”.") from None
    if width < 400 or height < 300:
        raise UserFacingError("--size must be at least 400x300.")
    return width, height


def run(args: argparse.Namespace) -> int:
    data = args.screenshot_data or args.data
    if data is None:
        raise UserFacingError("Say which data file to show with --data FILE.")
    size = _size(args.size)
    from desktop.commands import unlock_for_command

    unlock_for_command(Path(data))
    # No screen needed: render offscreen unless the caller chose a platform.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop import logging_setup, qt_libraries

    problem = qt_libraries.startup_problem()
    if problem:
        raise UserFacingError(problem)
    from desktop.ui.app import route_qt_messages_to_log
    from desktop.ui.screenshots import capture_tabs

    logging_setup.configure()
    route_qt_messages_to_log()

    for path in capture_tabs(data, args.out, size=size, today=args.today):
        print(path)
    return 0
