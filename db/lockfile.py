"""One Cultivate per data file: an operating-system lock on ``<file>.lock``.

The lock is taken with ``fcntl.flock`` (``msvcrt.locking`` on Windows), so the
operating system drops it the moment its process ends, even after kill -9 or a
power cut: a lock file left behind by a dead process is simply taken over. The
file's text (process id, user, computer) only serves to tell the second window
who holds it.

The window and every command that writes hold a :class:`DataFileLock` for as
long as the file is open::

    with DataFileLock(path):
        db = open_database(path)
        ...
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from db import data_path
from db.errors import FileInUseError, ReadOnlyFileError
from desktop.atomic_files import OWNER_FILE, owner_only

if os.name == "nt":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(handle: int) -> bool:
        try:
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: int) -> None:
        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)


def lock_path(data_file: str | os.PathLike) -> Path:
    data_file = Path(data_file)
    return data_file.with_name(data_file.name + ".lock")


def _describe(holder: dict) -> str:
    parts = []
    if holder.get("user"):
        parts.append(str(holder["user"]))
    if holder.get("host") and holder.get("host") != socket.gethostname():
        parts.append(f"on {holder['host']}")
    if holder.get("pid"):
        parts.append(f"(process {holder['pid']})")
    return " ".join(parts)


def _read_holder(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
        holder = json.loads(text) if text.strip() else {}
        return holder if isinstance(holder, dict) else {}
    except (OSError, ValueError):
        return {}


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes
        return ""


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class DataFileLock:
    """Hold the data file for this process; a second holder gets :class:`FileInUseError`."""

    def __init__(self, data_file: str | os.PathLike):
        self.data_file = Path(data_file)
        self.path = lock_path(self.data_file)
        self._handle: int | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> DataFileLock:
        if self._handle is not None:
            return self
        # A folder, a device or a missing drive gets its own message before anything is created.
        data_path.check(self.data_file, must_exist=False)
        for _attempt in range(5):
            try:
                handle = os.open(self.path, os.O_RDWR | os.O_CREAT, OWNER_FILE)
            except PermissionError as error:
                raise ReadOnlyFileError(self.data_file, "folder") from error
            except OSError as error:
                if error.errno == errno.EROFS:
                    raise ReadOnlyFileError(self.data_file, "drive") from error
                raise
            if not _try_lock(handle):
                os.close(handle)
                raise FileInUseError(self.data_file, _describe(_read_holder(self.path)))
            # Another process may have removed the lock file between our open and
            # our lock; then we hold a lock nobody else can see. Start again.
            try:
                same = os.path.samestat(os.fstat(handle), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                owner_only(self.path)   # one left by an earlier version is tightened too
                self._handle = handle
                self._write_holder()
                return self
            _unlock(handle)
            os.close(handle)
        raise FileInUseError(self.data_file)

    def _write_holder(self) -> None:
        holder = {
            "pid": os.getpid(),
            "user": _user(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        data = json.dumps(holder).encode("utf-8")
        assert self._handle is not None
        os.ftruncate(self._handle, 0)
        os.lseek(self._handle, 0, os.SEEK_SET)
        os.write(self._handle, data)

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        try:
            # Remove it while still holding the lock, so no one can be waiting on it.
            if os.name != "nt":
                self.path.unlink(missing_ok=True)
        except OSError:
            pass
        try:
            _unlock(handle)
        finally:
            os.close(handle)
        if os.name == "nt":  # pragma: no cover
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass

    def __enter__(self) -> DataFileLock:
        return self.acquire()

    def __exit__(self, *exc_info) -> None:
        self.release()


def holder_of(data_file: str | os.PathLike) -> str | None:
    """Who holds *data_file* right now (a description, "" if unknown), or None if nobody.

    Only reads: used by ``cultivate check``, which must never write, not even a lock file.
    """
    path = lock_path(data_file)
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        if _try_lock(handle):
            _unlock(handle)
            return None
    finally:
        os.close(handle)
    holder = _read_holder(path)
    pid = holder.get("pid")
    if isinstance(pid, int) and holder.get("host") == socket.gethostname() and not _pid_alive(pid):
        return None
    return _describe(holder)
