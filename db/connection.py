"""Open a Cultivate data file: check it, set the pragmas, bring the schema up to date.

Nothing here writes to a file until it has been shown to be a healthy Cultivate
database (or a new, empty one), so a damaged or foreign file is never changed.

A file protected with a passphrase opens through ``sqlcipher3`` with the key
:mod:`db.driver` holds for it once it has been unlocked (``db.protection.unlock``);
before that, opening it raises :class:`~db.errors.PassphraseNeededError`, which the
window and the command line answer by asking for the passphrase.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import stat
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlite_utils import Database

from db import audit, clock, data_path, driver, migrations, schema, search
from db._names import name_sort_key  # noqa: F401 - where callers have long found it
from db.errors import (
    DamagedFileError,
    DiskFullError,
    FileBusyError,
    NewerFileError,
    NotCultivateFileError,
    PassphraseNeededError,
    ReadOnlyFileError,
    SaveFailedError,
    StorageError,
)
from desktop.atomic_files import create_owner_file, owner_only

SQLITE_HEADER = driver.SQLITE_HEADER
BUSY_TIMEOUT_MS = 5000


def login_name() -> str:
    """The computer login: the audit log's actor until the user says who they are."""
    try:
        return getpass.getuser()
    except Exception:  # no login name on some sandboxes: still audit
        return "unknown"


def register_functions(db: Database, *, actor: str | None = None, audit: bool = True) -> None:
    """SQL functions the audit triggers rely on; every connection needs them.

    Also ``trusted_schema=OFF``: a file's own triggers and views may not call these
    functions, so a file cannot bring code of its own that runs as the user's writes.
    """
    db.execute("PRAGMA trusted_schema = OFF")
    db.conn.create_function("cultivate_fold", 1, name_sort_key, deterministic=True)
    who = actor or login_name()
    db.conn.create_function("cultivate_actor", 0, lambda: who)
    db.conn.create_function("cultivate_uuid", 0, lambda: str(uuid.uuid4()))
    db.conn.create_function("cultivate_now", 0, clock.utc_stamp)
    db.conn.create_function("cultivate_audit_enabled", 0, lambda: 1 if audit else 0)
    # The one clock's day, asked at each call: when wellbeing months close (db.audit).
    db.conn.create_function("cultivate_today", 0, lambda: clock.today().isoformat())


def set_actor(db: Database, actor: str | None) -> None:
    """Who the audit log and tombstones name from now on (None: the computer login)."""
    who = actor or login_name()
    db.conn.create_function("cultivate_actor", 0, lambda: who)


def set_audit_enabled(db: Database, enabled: bool) -> None:
    db.conn.create_function("cultivate_audit_enabled", 0, lambda: 1 if enabled else 0)


def _inspect_file(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is clearly not ours, or cut short.

    Reads the 100-byte header only, so it costs the same for a district's file: the
    page size and, when the header's "valid for" counter matches its change counter, the
    number of pages, which a whole file holds at least.
    """
    size = path.stat().st_size
    if size == 0:
        raise NotCultivateFileError(path, "the file is empty (zero bytes)")
    with path.open("rb") as handle:
        header = handle.read(100)
    encrypted = not header.startswith(SQLITE_HEADER) and driver.looks_encrypted(path)
    if not header.startswith(SQLITE_HEADER) and not encrypted:
        raise NotCultivateFileError(path, "it is not a database file")
    if size < 512 or len(header) < 100:
        raise DamagedFileError(path, "the file is truncated")
    if encrypted:
        return   # a protected file's header is encrypted too: SQLCipher reads it
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # While another process checkpoints its write-ahead log into the file, page 1 (with the
    # new page count) may be written before the pages that extend the file: a file with a
    # log beside it is left to SQLite's own checks, or a live file would be called truncated.
    wal = path.with_name(path.name + "-wal")
    checkpointing = wal.exists() and wal.stat().st_size > 0
    if header[24:28] == header[92:96] and pages and size < pages * page_size and not checkpointing:
        raise DamagedFileError(path, f"the file is truncated (it holds {size // max(page_size, 1)} "
                                     f"of its {pages} pages)")


def key_of(path: Path) -> bytes | None:
    """None for a plain (or new) file; the key of a protected one, which must have been
    unlocked in this process (:class:`PassphraseNeededError` otherwise)."""
    if not path.exists() or not driver.looks_encrypted(path):
        return None
    key = driver.key_for(path)
    if key is None:
        raise PassphraseNeededError(path)
    return key


def _first_read(db: Database, path: Path, key: bytes | None) -> None:
    """A protected file's first page decrypts with the key it was unlocked with, or the
    file is damaged: the passphrase was checked when it was unlocked."""
    if key is None:
        return
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError as error:
        raise DamagedFileError(
            path, "its passphrase is right, but its pages no longer decrypt") from error
    db.execute("PRAGMA temp_store = MEMORY")   # no sorting spilled to a temporary file


def verify_pages(db: Database, path: Path) -> None:
    """SQLite's ``quick_check`` of every page: seconds on a district's file, so it is not
    part of opening. ``cultivate check``, a restore and the daily background backup (whose
    copy is checked page by page) run it; raises :class:`DamagedFileError`."""
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except driver.DatabaseError as error:
        raise DamagedFileError(path, str(error)) from error
    problems = [row[0] for row in rows if row[0] != "ok"]
    if problems:
        raise DamagedFileError(path, "; ".join(problems[:3]))


def _read_only_check(db: Database, path: Path, *, pages: bool = False) -> None:
    """The checks of opening: whose file, which version, the schema (cheap: the schema table
    and column lists, never the rows); with *pages*, every page as well."""
    if pages:
        verify_pages(db, path)
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = migrations.user_version(db)
    has_tables = bool(db.table_names())
    if app_id != migrations.APPLICATION_ID and (has_tables or version):
        raise NotCultivateFileError(path, "it was made by another program")
    if version > migrations.LATEST_VERSION:
        raise NewerFileError(path, version, migrations.LATEST_VERSION)
    if version or has_tables:
        # A file must not bring its own code: its schema is the migrations', nothing else.
        schema.verify(db, path, version)


def _on_read_only_drive(location: Path) -> bool:
    try:
        return bool(os.statvfs(location).f_flag & os.ST_RDONLY) if hasattr(os, "statvfs") else False
    except OSError:
        return False


def _not_writable(location: Path) -> bool:
    """True for a file or folder the user cannot (or chose not to) write to.

    The permission bits are read as well as ``os.access`` because an
    administrator passes ``os.access`` even on a file marked read-only, and
    Cultivate should respect that mark rather than override it.
    """
    try:
        mode = location.stat().st_mode
    except OSError:
        return False
    return not os.access(location, os.W_OK) or not mode & stat.S_IWUSR


def read_only_place(path: Path) -> str | None:
    """What stops Cultivate saving to *path*: "drive", "folder" (where SQLite keeps its
    write-ahead log) or "file"; None when it can save there."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if _on_read_only_drive(folder):
        return "drive"
    if path.exists() and _not_writable(path):
        return "file"
    if _not_writable(folder):
        return "folder"
    return None


def is_read_only(path: Path) -> bool:
    """Cultivate cannot save to *path*: the file, its folder or its drive is read-only."""
    return read_only_place(path) is not None


def database_over(connection) -> Database:
    """sqlite-utils over *connection* (None: a new in-memory database), with no sqlite-utils
    plugin: none is part of Cultivate, one installed beside it would run inside every
    connection to a file of people's records, and looking for them (every installed
    package's entry points) took 14-25 ms of every start."""
    if connection is None:
        return Database(memory=True, execute_plugins=False)
    return Database(connection, execute_plugins=False)


def open_read_only(path: str | Path, *, check: bool = True, pages: bool = False) -> Database:
    """Open an existing file for reading only: it is never written, migrated or checkpointed.

    With *check*, the same health checks as :func:`open_database` run first and
    raise the same plain-words errors; with *pages*, SQLite's check of every page too
    (:func:`verify_pages`). Used by ``cultivate check``, backups, exports, salvage and
    the window's worker threads.
    """
    path = Path(path)
    data_path.check(path, must_exist=True)   # a folder, a device, a missing drive: said plainly
    if check:
        _inspect_file(path)
    uri = path.resolve().as_uri() + "?mode=ro"
    key = key_of(path)
    try:
        conn = driver.connect(uri, key=key, uri=True)
        db = database_over(conn)
    except driver.Error as error:
        if is_read_only(path):
            # SQLite needs to create the shared-memory file beside a WAL database.
            raise ReadOnlyFileError(path, read_only_place(path)) from error
        raise translate_error(path, error) from error
    try:
        register_functions(db)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _first_read(db, path, key)
        if check:
            _read_only_check(db, path, pages=pages)
    except StorageError:
        db.close()
        raise
    except driver.Error as error:
        db.close()
        if is_read_only(path) and "unable to open" in str(error).lower():
            raise ReadOnlyFileError(path, read_only_place(path)) from error
        raise translate_error(path, error) from error
    return db


def companion_files(path: Path) -> tuple[Path, ...]:
    """The files SQLite and Cultivate keep beside a data file: -wal, -shm, -journal, .lock."""
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal", ".lock"))


def _apply_pragmas(db: Database) -> None:
    # WAL + synchronous=FULL: an acknowledged transaction survives power loss.
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute("PRAGMA synchronous = FULL")
    # Deleted means deleted: freed space is overwritten with zeros, so a private note
    # removed (or replaced) does not linger in the file's free pages.
    db.execute("PRAGMA secure_delete = ON")
    with db.ensure_autocommit_on():
        mode = db.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise StorageError(f"Could not switch the data file to write-ahead logging ({mode}).")


def translate_error(path: Path, error: Exception) -> StorageError:
    """Turn SQLite's environment failures into plain-words storage errors."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return ReadOnlyFileError(path)
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(path)
    if "malformed" in text or "not a database" in text or "disk i/o" in text:
        return DamagedFileError(path, str(error))
    return StorageError(f"“{path}” could not be used: {error}")


_LOW_SPACE_BYTES = 64 * 1024 * 1024


def _file_size_limited() -> bool:
    try:
        import resource
    except ImportError:  # Windows
        return False
    soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    return soft != resource.RLIM_INFINITY


def translate_write_error(path: Path, error: Exception) -> StorageError | None:
    """The plain-words failure of a save, or None when *error* is a bug, not the disk.

    Sorted by SQLite's own error code (``sqlite_errorname``), as qutebrowser's
    ``misc/sql.py`` does: a full disk, I/O, a read-only or busy file, a damaged file
    are the environment; anything else (a constraint failure, a missing column, a
    closed connection) is a bug in Cultivate and is left for the caller to report as
    one. The message text is only read for errors that carry no code.

    SQLite says "disk I/O error" when a write is cut short by a full disk or a
    file-size limit (it reports "full" only for some short writes), so a failed
    write with little space left (or under a limit) is reported as a full disk.
    """
    name = getattr(error, "sqlite_errorname", "") or ""
    text = "" if name else str(error).lower()
    if name == "SQLITE_FULL" or "disk is full" in text:
        return DiskFullError(path)
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        try:
            low = shutil.disk_usage(path.parent).free < _LOW_SPACE_BYTES
        except OSError:
            low = False
        if low or _file_size_limited():
            return DiskFullError(path)
        return SaveFailedError(path, str(error))
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")) or "readonly" in text:
        return ReadOnlyFileError(path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return FileBusyError(path)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return DamagedFileError(path, str(error))
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return SaveFailedError(path, str(error))
    return None


@contextlib.contextmanager
def saving(db: Database) -> Iterator[None]:
    """Around one user action's write: a full disk, an I/O error or a read-only file
    become a plain-words :class:`StorageError`; the transaction has already been
    rolled back, so the file keeps what it had. Bugs pass through unchanged."""
    try:
        yield
    except driver.IntegrityError:
        raise
    except driver.DatabaseError as error:
        row = next((r for r in db.conn.execute("PRAGMA database_list") if r[1] == "main"), None)
        path = Path(row[2]) if row and row[2] else Path("memory")
        if db.conn.in_transaction:
            # A failed COMMIT leaves its transaction open; closing it here keeps
            # the next save from silently joining a dead one.
            db.conn.rollback()
        translated = translate_write_error(path, error)
        if translated is None:
            raise
        raise translated from error


def open_database(
    path: str | Path,
    *,
    create: bool = True,
    actor: str | None = None,
    before_migration: Callable[[Path, int], None] | None = None,
) -> Database:
    """Open (or create) the Cultivate file at *path*, migrated to the latest version.

    *before_migration(path, from_version)* runs before an existing file is
    upgraded; the backups module uses it to keep a copy first.
    """
    path = Path(path)
    data_path.check(path, must_exist=not create)   # never creates a missing folder or drive
    exists = path.exists()
    if exists:
        # Checked through a read-only connection first, so a damaged, foreign or
        # newer file is refused without SQLite ever opening it for writing.
        open_read_only(path).close()
    place = read_only_place(path)
    if place is not None:
        raise ReadOnlyFileError(path, place)
    # Owner-only before SQLite writes a byte: SQLite gives the -wal and -shm files the
    # data file's own permissions. A file already there is tightened, companions too.
    key = key_of(path)
    create_owner_file(path)
    for companion in (path, *companion_files(path)):
        if companion.exists():
            owner_only(companion)
    try:
        db = database_over(driver.connect(str(path), key=key))
    except driver.Error as error:
        raise translate_error(path, error) from error
    try:
        register_functions(db, actor=actor)
        _first_read(db, path, key)
        _apply_pragmas(db)
        from_version = migrations.user_version(db)
        if exists and from_version and migrations.pending(db) and before_migration:
            before_migration(path, from_version)
        applied = migrations.migrate(db)
        if any(step.compacts for step in applied):
            compact(db)
        audit.install(db)
        search.ensure_built(db)   # a new or upgraded file builds its index once
    except StorageError:
        db.close()
        raise
    except driver.Error as error:
        db.close()
        raise translate_error(path, error) from error
    return db


def compact(db: Database) -> None:
    """Rebuild the file without its free pages (VACUUM), so removed text is gone from its bytes.

    The rebuilt copy goes to a temporary file (deleted as it is opened, so no other account
    can see it), not memory: a district's file may not fit in memory twice. A protected
    file's copy stays in memory: no plaintext of it may reach a temporary file.
    """
    if driver.is_encrypted_connection(db.conn):
        with db.ensure_autocommit_on():
            db.conn.execute("VACUUM")
        return
    db.execute("PRAGMA temp_store = FILE")
    try:
        with db.ensure_autocommit_on():
            db.conn.execute("VACUUM")
    finally:
        db.execute("PRAGMA temp_store = MEMORY")


def open_new_at_version(path: str | Path, version: int, *, like: Path | None = None) -> Database:
    """A new file at data format *version* (not the latest), without audit triggers;
    protected with the same key as *like* when that file is protected.

    For salvage: rows copied from an older file go in at their own format, and the
    caller then upgrades the file with :func:`db.migrations.migrate` like any other.
    """
    path = Path(path)
    if path.exists():
        raise StorageError(f"“{path}” already exists.")
    data_path.check(path, must_exist=False)   # never creates a missing folder or drive
    create_owner_file(path)
    key = key_of(like) if like is not None else None
    try:
        db = database_over(driver.connect(str(path), key=key, salt=driver.salt_of(like) if key else None))
    except driver.Error as error:
        raise translate_error(path, error) from error
    register_functions(db, audit=False)
    _apply_pragmas(db)
    migrations.migrate(db, up_to=version)
    return db


def open_memory(*, actor: str | None = "test") -> Database:
    """A migrated in-memory database, for tests and previews."""
    db = database_over(None)
    register_functions(db, actor=actor)
    db.execute("PRAGMA foreign_keys = ON")
    migrations.migrate(db)
    audit.install(db)
    search.ensure_built(db)
    return db
