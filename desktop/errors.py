"""How failures reach a person: plain words for environment problems, a log for bugs."""

from __future__ import annotations

import logging
import os
import sys
import traceback

from db.errors import NeedsCorrection, StorageError

log = logging.getLogger("cultivate")


class UserFacingError(NeedsCorrection):
    """A problem the user can fix (bad input, a missing file); ``str()`` says how.

    The same kind of error as the storage layer's :class:`~db.errors.NeedsCorrection`
    (one base class for "the user must change something"), raised above it: by the
    command line and the file readers."""


def plain_message(error: BaseException) -> tuple[str, str]:
    """(what happened, what to do) for a storage or user error; generic for bugs."""
    if isinstance(error, StorageError):
        return str(error), error.way_out
    if isinstance(error, NeedsCorrection):
        return str(error), ""
    if isinstance(error, PermissionError):
        return f"Cultivate was not allowed to use “{error.filename}”.", "Check the file's permissions."
    if isinstance(error, IsADirectoryError):
        return f"“{error.filename}” is a folder, not a file.", "Choose a file inside it."
    if isinstance(error, NotADirectoryError):
        return f"Part of “{error.filename}” is a file, not a folder.", "Check the path and try again."
    if isinstance(error, FileNotFoundError):
        return f"“{error.filename}” was not found.", "Check the name and folder."
    if isinstance(error, OSError) and error.errno == 28:
        return "The disk is full, so the change was not saved.", "Free some disk space and try again."
    return (
        "Something went wrong inside Cultivate. Your saved work is safe.",
        "The details are in the log file; please send it to whoever supports Cultivate.",
    )


def is_bug(error: BaseException) -> bool:
    return not isinstance(error, (StorageError, NeedsCorrection, OSError))


def report_cli_error(error: BaseException) -> int:
    what, way_out = plain_message(error)
    if is_bug(error):
        log.error("Unexpected error", exc_info=error)
        _log_to_file(error)
    print(f"cultivate: {what}", file=sys.stderr)
    if way_out:
        print(f"  {way_out}", file=sys.stderr)
    return 2


def _log_to_file(error: BaseException) -> None:
    try:
        from desktop import paths
        from desktop.atomic_files import OWNER_FILE

        target = paths.log_file()
        with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, OWNER_FILE), "a",
                       encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(error)))
    except OSError:
        pass
