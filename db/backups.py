"""Backups with SQLite's online backup API: automatic, rotating, listable, restorable.

Automatic backups go to ``paths.backups_dir()`` (inside the data folder), named
``<file>-<YYYY-MM-DD-HHMMSS>-<reason>.db`` and rotated to the newest
``backups.keep`` (a setting, default 10). They are taken after start, in the
background, when the last is more than a day old (:func:`daily_backup`, which is
also the day's check of every page), before every migration
(the ``before_migration`` hook), and before an import or merge
(:func:`before_risky_change`, called by those features).

The backup API copies a consistent snapshot even while another connection or
process keeps writing, and each backup is written to a temporary file, checked,
and only then moved into place, so a backup on disk is always a whole one.

Restoring replaces the data file, so it must be closed first: the window closes
its database and releases its :class:`~db.lockfile.DataFileLock`, calls
:func:`restore`, then opens the file again. :func:`restore` takes the lock
itself and refuses (``FileInUseError``) while any Cultivate still has it open.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from db import driver, migrations
from db.connection import open_database, open_read_only
from db.errors import DamagedFileError, StorageError
from db.health import record_counts
from db.lockfile import DataFileLock
from desktop.atomic_files import owner_folder, owner_only, temporary_sibling

log = logging.getLogger("cultivate")
STAMP_FORMAT = "%Y-%m-%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{4}-\d{2}-\d{2}-\d{6})(?:-(?P<reason>[a-z0-9-]+?))?(?:~\d+)?\.db$")
DAILY = "daily"
MANUAL = "manual"
REPLACED_BY_RESTORE = "replaced-by-restore"
REASON_WORDS = {
    DAILY: "daily",
    MANUAL: "made by hand",
    REPLACED_BY_RESTORE: "the file a restore replaced",
    "before-import": "before an import",
    "before-merge": "before a merge",
}


def _default_folder() -> Path:
    from desktop import paths

    return paths.backups_dir()


def _default_keep() -> int:
    from desktop.settings import get_settings

    return max(1, get_settings().get("backups.keep"))


def database_file(db: Database) -> Path | None:
    """The file behind an open database, or None for an in-memory one."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main":
            return Path(row[2]) if row[2] else None
    return None


def _copy_target(source, temp: Path):
    try:
        return driver.backup_target(source, str(temp))
    except LookupError as error:
        raise StorageError(f"The backup was not made: {error}.") from error


def backup_name(data_file: str | os.PathLike, reason: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime(STAMP_FORMAT)
    return f"{Path(data_file).stem}-{stamp}-{reason}.db"


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    counter = 2
    while target.exists():
        target = folder / f"{Path(name).stem}~{counter}.db"
        counter += 1
    return target


def _copy_with_backup_api(source, target: Path, data_file: Path | None = None) -> None:
    """A checked, self-contained copy of *source* at *target*, which appears only when whole.

    The copy is checked page by page (``quick_check``); the backup API copies the pages as
    they are, so a copy that fails says the data file (*data_file*) is damaged. A protected
    file's copy is encrypted with the same key and salt (``db.driver``): no plaintext of it
    is ever written, and the copy opens with the same passphrase."""
    with temporary_sibling(target) as temp:
        copy = _copy_target(source, temp)
        try:
            # One step (pages=-1): the whole snapshot is read under one read lock,
            # so a concurrent writer can never make it a mixture of two states.
            try:
                source.backup(copy, pages=-1)
                # A backup is one file on its own, not a WAL database needing its -wal.
                copy.execute("PRAGMA journal_mode = DELETE")
                verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
            except driver.DatabaseError as error:
                if "malformed" not in str(error).lower() and "corrupt" not in str(error).lower():
                    raise
                verdict = str(error)
        finally:
            copy.close()
        if verdict != "ok":
            if data_file is not None:
                raise DamagedFileError(data_file, f"its backup copy did not pass the check of every "
                                                  f"page ({verdict}); no backup was saved")
            raise StorageError(f"The backup copy did not pass its check ({verdict}); nothing was saved.")


def backup_to(
    source: Database | str | os.PathLike,
    destination: str | os.PathLike,
    *,
    reason: str = MANUAL,
    now: datetime | None = None,
) -> Path:
    """Back up an open database or a data file to *destination* (a folder or a ``.db`` path).

    A folder gets a dated name; an existing file at a given path is replaced
    only once the new copy is complete. Returns the backup's path.
    """
    destination = Path(destination)
    if isinstance(source, Database):
        data_file = database_file(source) or Path("cultivate.db")
    else:
        data_file = Path(source)
    if destination.is_dir() or destination.suffix.lower() != ".db":
        owner_folder(destination)
        target = _free_name(destination, backup_name(data_file, reason, now))
    else:
        target = destination
    if target.resolve() == data_file.resolve():
        raise StorageError("A backup cannot replace the data file it is copying.")
    if isinstance(source, Database):
        _copy_with_backup_api(source.conn, target, data_file)
    else:
        db = open_read_only(data_file)
        try:
            _copy_with_backup_api(db.conn, target, data_file)
        finally:
            db.close()
    return target


# ---------------------------------------------------------------- listing


@dataclass
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int
    data_version: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None

    @property
    def usable(self) -> bool:
        return self.problem is None

    @property
    def reason_words(self) -> str:
        if self.reason.startswith("before-upgrade"):
            return "before an upgrade"
        return REASON_WORDS.get(self.reason, self.reason.replace("-", " "))


def _parse(path: Path) -> tuple[str, datetime, str] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        taken = datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return match["stem"], taken, match["reason"] or MANUAL


def _backups_of(folder: Path, stem: str | None, *, whole_only: bool = False) -> list[tuple[Path, datetime, str]]:
    found = []
    if not folder.is_dir():
        return found
    for path in folder.glob("*.db"):
        parsed = _parse(path)
        if parsed and (stem is None or parsed[0] == stem) and (not whole_only or is_whole(path)):
            found.append((path, parsed[1], parsed[2]))
    found.sort(key=lambda item: (item[1], item[0].name), reverse=True)
    return found


def is_whole(path: Path) -> bool:
    """A complete SQLite file, judged from its header alone (cheap for a large backup).

    The header records the page size and, when its "valid for" counter matches the
    change counter, the number of pages: a whole backup is exactly that long. A
    file cut short, or one that is not a database, is not counted as a backup. A
    protected backup's header is encrypted: whole pages are all that can be told.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if not header.startswith(b"SQLite format 3\x00") and driver.looks_encrypted(path):
        return size % driver.PAGE_SIZE == 0
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_matches = header[24:28] == header[92:96]
    if not page_size or size % page_size:
        return False
    return not counter_matches or pages == 0 or size == pages * page_size


def backup_files(folder: str | os.PathLike | None = None, *, data_file: str | os.PathLike) -> list[Path]:
    """The backup files of *data_file* in *folder* (default: the automatic ones), newest
    first, without opening them."""
    folder = Path(folder) if folder is not None else _default_folder()
    return [path for path, _taken, _reason in _backups_of(folder, Path(data_file).stem)]


def describe_backup(path: str | os.PathLike) -> BackupInfo:
    """Date, reason and record counts of one backup file (read only)."""
    path = Path(path)
    parsed = _parse(path)
    if parsed:
        _stem, taken, reason = parsed
    else:
        taken, reason = datetime.fromtimestamp(path.stat().st_mtime), MANUAL
    info = BackupInfo(path, taken, reason, path.stat().st_size)
    try:
        db = open_read_only(path)
    except StorageError as error:
        info.problem = str(error)
        return info
    try:
        info.data_version = migrations.user_version(db)
        info.counts = record_counts(db)
    except driver.Error as error:
        info.problem = str(error)
    finally:
        db.close()
    return info


def list_backups(folder: str | os.PathLike | None = None, *,
                 data_file: str | os.PathLike | None = None) -> list[BackupInfo]:
    """Backups in *folder* (default: the automatic ones), newest first; only *data_file*'s if given."""
    folder = Path(folder) if folder is not None else _default_folder()
    stem = Path(data_file).stem if data_file is not None else None
    return [describe_backup(path) for path, _taken, _reason in _backups_of(folder, stem)]


# ---------------------------------------------------------------- automatic


def rotate(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest *keep* backups of *stem* in *folder*; returns what went."""
    removed = []
    # Only whole backups count: a file cut short must not push a good backup out.
    for path, _taken, _reason in _backups_of(folder, stem, whole_only=True)[max(keep, 1):]:
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def automatic_backup(
    source: Database | str | os.PathLike,
    reason: str,
    *,
    folder: str | os.PathLike | None = None,
    keep: int | None = None,
    now: datetime | None = None,
) -> Path:
    folder = Path(folder) if folder is not None else _default_folder()
    target = backup_to(source, folder, reason=reason, now=now)
    stem = _parse(target)[0] if _parse(target) else target.stem
    rotate(folder, stem, keep if keep is not None else _default_keep())
    return target


def last_backup_time(data_file: str | os.PathLike, folder: str | os.PathLike | None = None) -> datetime | None:
    folder = Path(folder) if folder is not None else _default_folder()
    found = _backups_of(folder, Path(data_file).stem, whole_only=True)
    return found[0][1] if found else None


def backup_if_due(
    source: Database | str | os.PathLike,
    *,
    folder: str | os.PathLike | None = None,
    keep: int | None = None,
    now: datetime | None = None,
    max_age: timedelta = timedelta(days=1),
) -> Path | None:
    """The start-up backup: taken only when the newest one is older than *max_age*."""
    data_file = database_file(source) if isinstance(source, Database) else Path(source)
    if data_file is None:
        return None
    now = now or datetime.now()
    last = last_backup_time(data_file, folder)
    if last is not None and now - last < max_age:
        return None
    return automatic_backup(source, DAILY, folder=folder, keep=keep, now=now)


def backup_before_migration(path: Path, from_version: int) -> None:
    """The ``before_migration`` hook of :func:`db.connection.open_database`."""
    automatic_backup(path, f"before-upgrade-from-v{from_version}")


def before_risky_change(db: Database, reason: str) -> Path | None:
    """Keep a copy before an import or merge (*reason* like ``"before-import"``)."""
    if database_file(db) is None:
        return None
    return automatic_backup(db, reason)


IMPORT = "before-import"


def before_import(db: Database) -> Path | None:
    """The backup every import keeps first (rubric, self-assessment, JSON; roster names its own)."""
    return before_risky_change(db, IMPORT)


def open_with_backups(path: str | os.PathLike, *, actor: str | None = None) -> Database:
    """Open the data file the way the window does: a backup before an upgrade.

    The daily backup is not part of opening (a district's file takes seconds to copy):
    the window runs :func:`daily_backup` on a worker thread once it is on screen."""
    return open_database(path, actor=actor, before_migration=backup_before_migration)


def daily_backup(path: str | os.PathLike, *, folder: str | os.PathLike | None = None,
                 now: datetime | None = None) -> Path | None:
    """The start of the day's backup of the data file *path*, if none was taken today,
    through a read-only connection of its own (a worker thread may call it while the
    window saves). It doubles as the day's check of every page: the copy is checked, so
    a damaged file raises :class:`DamagedFileError`. A backup that cannot be written for
    any other reason is logged, not raised: it must not stop anyone working, and the next
    start tries again. Returns the backup made, or None."""
    try:
        return backup_if_due(Path(path), folder=folder, now=now)
    except DamagedFileError:
        raise
    except (StorageError, OSError, *driver.Error) as error:
        log.warning("daily backup of %s failed: %s", path, error)
        return None


# ---------------------------------------------------------------- restore


def _keep_replaced_file(target: Path, folder: Path, now: datetime | None) -> Path:
    """A copy of the file about to be replaced; byte for byte if it is too damaged to back up."""
    try:
        return backup_to(target, folder, reason=REPLACED_BY_RESTORE, now=now)
    except (StorageError, *driver.Error):
        pass
    kept = _free_name(folder, backup_name(target, REPLACED_BY_RESTORE, now))
    shutil.copy2(target, kept)
    owner_only(kept)
    for suffix in ("-wal",):
        companion = target.with_name(target.name + suffix)
        if companion.exists():
            shutil.copy2(companion, kept.with_name(kept.name + suffix))
            owner_only(kept.with_name(kept.name + suffix))
    return kept


def restore(
    backup: str | os.PathLike,
    target: str | os.PathLike,
    *,
    folder: str | os.PathLike | None = None,
    now: datetime | None = None,
) -> Path | None:
    """Replace the data file *target* with *backup*, keeping a copy of what it replaces.

    The caller has closed *target* (see the module notes). Returns where the
    replaced file was kept, or None if there was no file to replace.
    """
    backup, target = Path(backup), Path(target)
    folder = owner_folder(Path(folder) if folder is not None else _default_folder())
    source = open_read_only(backup, pages=True)  # a damaged, foreign or newer backup is refused here
    try:
        with DataFileLock(target):
            kept = _keep_replaced_file(target, folder, now) if target.exists() else None
            with temporary_sibling(target) as temp:
                copy = _copy_target(source.conn, temp)
                try:
                    source.conn.backup(copy, pages=-1)
                    copy.execute("PRAGMA journal_mode = DELETE")
                finally:
                    copy.close()
                # The old file's write-ahead log belongs to the old file: left
                # beside the restored one, SQLite would replay it into it.
                for suffix in ("-wal", "-shm"):
                    target.with_name(target.name + suffix).unlink(missing_ok=True)
    finally:
        source.close()
    return kept
