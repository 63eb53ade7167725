"""Write a file so that a crash leaves either the old file or the complete new one.

The new content goes to a temporary file in the same folder (so the final move
is a rename on one filesystem, which is atomic), is flushed to the disk, and
only then replaces the target. Exports, backups, restores, settings and PDFs all
come through here.

Everything Cultivate writes is personnel data, so every file it writes is readable
by its owner only (0600) and every folder it makes is the owner's only (0700), on
Linux and macOS, whatever the umask: :func:`owner_only` and :func:`owner_folder`.
(On Windows the user's own folders already keep other accounts out.)

A process killed mid-write leaves its temporary file behind (as large as the
backup it was making). Those files are named ``.<target>.cultivate-XXXXXXXX.tmp``
and the folders they were made in are remembered (a short list in the data
folder), so :func:`remove_leftovers`, run when the window starts, removes
Cultivate's own temporary files that nobody has touched for a while, and nothing
else.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

log = logging.getLogger("cultivate")
_TEMP_MARK = ".cultivate-"
# .<target name>.cultivate-<8 characters of mkstemp>.tmp, and SQLite's companions of it.
_OURS = re.compile(r"^\..+\.cultivate-[a-z0-9_]{8}\.tmp(-journal|-wal|-shm)?$")
# What Cultivate 0.1 named them (no marker): only removed inside Cultivate's own folders.
_OLDER = re.compile(r"^\..+\.(db|json|zip|pdf|ics)\.[a-z0-9_]{8}\.tmp(-journal|-wal|-shm)?$"
                    r"|^\.settings-[a-z0-9_]{8}\.json$")
LEFTOVER_AGE_SECONDS = 30 * 60    # a temp file written to within this long may belong to a live writer
_MAX_FOLDERS = 50


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


OWNER_FILE = 0o600
OWNER_FOLDER = 0o700
_POSIX = os.name == "posix"


def owner_only(path: str | os.PathLike) -> bool:
    """Make *path* (a file, or a folder) readable by its owner only; True when it is now.

    A file that is not the user's own (on a shared drive, say) is left as it is.
    """
    if not _POSIX:
        return True
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = OWNER_FOLDER if path.is_dir() else OWNER_FILE
        if mode != wanted:
            os.chmod(path, wanted)
        return True
    except OSError:
        return False


def owner_folder(folder: str | os.PathLike) -> Path:
    """*folder*, made if missing; the folders made here (not those above that already
    existed) are the owner's only."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True, mode=OWNER_FOLDER)
    for made in missing:
        owner_only(made)
    return folder


def create_owner_file(path: str | os.PathLike) -> None:
    """Create *path* empty and owner-only if it is not there (before another program, SQLite
    say, creates it with the umask's permissions)."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_FILE)
    except FileExistsError:
        return
    try:
        if _POSIX:
            os.fchmod(handle, OWNER_FILE)
    finally:
        os.close(handle)


@contextlib.contextmanager
def temporary_sibling(target: str | os.PathLike) -> Iterator[Path]:
    """A fresh temporary path beside *target*; moved onto *target* when the block succeeds.

    For writers that need a path rather than a stream (SQLite's backup, a zip
    library, a PDF engine). Whatever the block writes there is flushed and
    renamed into place; on any error the temporary file is removed and the
    existing *target* is left exactly as it was.
    """
    target = Path(target)
    owner_folder(target.parent)
    _remember_folder(target.parent)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}{_TEMP_MARK}",
                                         suffix=".tmp")
    os.close(handle)
    temp_path = Path(temp_name)
    try:
        yield temp_path
        with temp_path.open("rb+") as stream:
            os.fsync(stream.fileno())
        owner_only(temp_path)       # mkstemp's 0600 already; kept so whatever replaces it
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


# -- leftovers of interrupted writes --------------------------------------------------------------
def _folders_file() -> Path:
    from desktop import paths

    return paths.data_dir() / "temp-folders.txt"


def _remembered_folders() -> list[Path]:
    try:
        text = _folders_file().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [Path(line) for line in text.splitlines() if line.strip()]


def _remember_folder(folder: Path) -> None:
    """Note *folder* (once) as a place Cultivate writes temporary files, for :func:`remove_leftovers`."""
    try:
        folder = folder.resolve()
        known = _remembered_folders()
        if folder in known:
            return
        kept = [folder, *known][:_MAX_FOLDERS]
        listing = _folders_file()
        # Not through temporary_sibling: that would remember the data folder forever.
        temp = listing.with_name(listing.name + ".new")
        temp.write_text("".join(f"{item}\n" for item in kept), encoding="utf-8")
        os.replace(temp, listing)
        owner_only(listing)
    except OSError as error:   # a read-only data folder must not stop a save
        log.info("could not note the folder %s: %s", folder, error)


def remove_leftovers(own_folders: Iterable[os.PathLike | str] = (), *,
                     now: float | None = None, age_seconds: float = LEFTOVER_AGE_SECONDS) -> list[Path]:
    """Remove Cultivate's temporary files that were left by interrupted writes; returns them.

    Looks in every folder Cultivate has written into and in *own_folders*
    (Cultivate's own: the data file's folder, the backups folder), where the
    unmarked names of earlier versions are removed too. Only files not modified
    for *age_seconds* go: a backup being written right now keeps growing, so it
    is never taken for a leftover.
    """
    now = time.time() if now is None else now
    own = {Path(folder).resolve() for folder in own_folders}
    removed: list[Path] = []
    for folder in dict.fromkeys([*own, *_remembered_folders()]):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if not (_OURS.match(name) or (folder in own and _OLDER.match(name))):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                if now - entry.stat(follow_symlinks=False).st_mtime < age_seconds:
                    continue
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(Path(entry.path))
    if removed:
        log.warning("removed %d temporary file(s) left by interrupted writes: %s", len(removed),
                    ", ".join(str(path) for path in removed[:10]))
    return removed
