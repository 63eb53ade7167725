"""Can this path be a data file at all? A folder, a device, a missing folder or drive, each in plain words.

Checked before anything is opened, locked or created, by every way in: opening
(:mod:`db.connection`), the window's lock (:mod:`db.lockfile`) and so every
command. A missing folder is never created: a data file on a USB stick that is
not plugged in must not quietly become a new, empty file on the laptop's disk.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from db.errors import StorageError


class UnusablePathError(StorageError):
    """The path cannot hold a data file: what it is instead, and what to do."""

    def __init__(self, message: str, way_out: str):
        super().__init__(message)
        self.way_out = way_out


def _folder_problem(path: Path) -> UnusablePathError | None:
    """Why the folder that should hold *path* cannot, or None when it is there."""
    folder = path.parent if str(path.parent) else Path(".")
    if folder.is_dir():
        return None
    # A file where a folder should be?
    for part in [folder, *folder.parents]:
        if part.exists() and not part.is_dir():
            return UnusablePathError(
                f"“{part}” is a file, not a folder, so there can be no “{path.name}” inside it.",
                "Check the path of the data file, or choose another one.")
    drive = Path(folder.anchor) if folder.anchor else None
    if drive is not None and os.name == "nt" and not drive.exists():
        return UnusablePathError(
            f"The drive {folder.anchor} for “{path}” is not there.",
            "If the data file is on a USB stick or an external or network drive, connect it "
            "and try again; or choose another file.")
    return UnusablePathError(
        f"The folder “{folder}” for “{path.name}” does not exist, so Cultivate has not created anything.",
        "If it is on a USB stick or an external or network drive, connect it and try again; "
        "or choose another folder.")


def check(path: str | os.PathLike, *, must_exist: bool) -> None:
    """Raise :class:`UnusablePathError` when *path* cannot be a data file (*must_exist*: it must be there)."""
    path = Path(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        status = None
    except NotADirectoryError:
        status = None
    except OSError as error:   # a drive that went away, no permission to look
        raise UnusablePathError(f"Cultivate cannot look at “{path}” ({error.strerror or error}).",
                                "Check the drive and the folder's permissions, then try again.") from error
    if status is None:
        problem = _folder_problem(path)
        if problem is not None:
            raise problem
        if must_exist:
            raise UnusablePathError(f"“{path}” does not exist.",
                                    "Check the name and folder, or open another file.")
        return
    if stat.S_ISDIR(status.st_mode):
        raise UnusablePathError(
            f"“{path}” is a folder, not a Cultivate data file.",
            "Choose the data file inside it (usually cultivate.db), or give a file name.")
    if not stat.S_ISREG(status.st_mode):
        raise UnusablePathError(
            f"“{path}” is a device, not a data file.",
            "Choose a Cultivate data file (usually cultivate.db).")
