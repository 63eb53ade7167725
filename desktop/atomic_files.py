"""Write a file so that a crash leaves either the old file or the complete new one.

The new content goes to a temporary file in the same folder (so the final move
is a rename on one filesystem, which is atomic), is flushed to the disk, and
only then replaces the target. Exports, backups and PDFs all come through here.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _sync_folder(folder: Path) -> None:
    # The rename itself lives in the folder's entry; without this a power cut
    # right after os.replace can still bring the old name back on some filesystems.
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, or what a plainly created file would get.

    mkstemp makes owner-only files; a PDF or export handed to colleagues should be
    as readable as any other file the user saves.
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def temporary_sibling(target: str | os.PathLike) -> Iterator[Path]:
    """A fresh temporary path beside *target*; moved onto *target* when the block succeeds.

    For writers that need a path rather than a stream (SQLite's backup, a zip
    library, a PDF engine). Whatever the block writes there is flushed and
    renamed into place; on any error the temporary file is removed and the
    existing *target* is left exactly as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        yield temp_path
        with temp_path.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.chmod(temp_path, _mode_for(target))
        os.replace(temp_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        raise
    _sync_folder(target.parent)


@contextlib.contextmanager
def atomic_write(
    target: str | os.PathLike, mode: str = "wb", *, encoding: str | None = None, newline: str | None = None
) -> Iterator[IO]:
    """Open a stream whose content replaces *target* only once it is completely written."""
    if mode not in ("w", "wb", "wt"):
        raise ValueError("atomic_write only writes whole files ('w' or 'wb')")
    if "b" not in mode and encoding is None:
        encoding = "utf-8"
    with temporary_sibling(target) as temp_path:
        with open(temp_path, mode, encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    with atomic_write(target, "wb") as stream:
        stream.write(data)


def write_text(target: str | os.PathLike, text: str, *, encoding: str = "utf-8") -> None:
    with atomic_write(target, "w", encoding=encoding, newline="") as stream:
        stream.write(text)
