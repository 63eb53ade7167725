"""A passphrase lock on a data file (SQLCipher): protect it, unlock it, change or remove it.

Every change of protection goes the same safe way (:func:`_rewrite`): the file is
copied into a new one with the new key (``sqlcipher_export``), the copy is checked
(integrity, the same tables with the same number of rows, the same data format) and
only then swapped in with one atomic rename. The old file's bytes are then overwritten
with zeros and removed, so no plaintext copy stays in the data folder. The automatic
backups of the file (``paths.backups_dir()``) follow it: encrypted when it is
protected, re-keyed when the passphrase changes, decrypted when it is removed.
Backups made elsewhere by hand keep the protection they were made with.

The caller must hold the file (``db.lockfile.DataFileLock``) with no connection open
to it: the window closes its database first and opens it again afterwards.

The passphrase itself is never kept: only the key derived from it (``db.driver``),
in memory. Nothing here writes either to a file or a log.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from db import driver
from db.errors import DamagedFileError, NeedsCorrection, StorageError, WrongPassphraseError

log = logging.getLogger("cultivate")
MIN_LENGTH = 8
_OLD_MARK = ".cultivate-old-"      # the replaced file, until its bytes are overwritten


class PassphraseProblem(NeedsCorrection):
    """A new passphrase that will not do (too short, the two typings differ), in plain words."""


def check_new_passphrase(passphrase: str, again: str | None = None) -> None:
    if again is not None and passphrase != again:
        raise PassphraseProblem("The two passphrases are not the same.", field="again")
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseProblem(
            f"A passphrase needs at least {MIN_LENGTH} characters; a few words are easier to "
            "remember than a short password, and harder to guess.", field="passphrase")
    if passphrase != passphrase.strip():
        raise PassphraseProblem("The passphrase begins or ends with a space; type it without.",
                                field="passphrase")


def is_protected(path: str | os.PathLike) -> bool:
    return driver.looks_encrypted(path)


def is_protected_database(db) -> bool:
    """Is the open database *db* a protected file (a ``sqlcipher3`` connection)?"""
    return driver.is_encrypted_connection(db.conn)


def is_unlocked(path: str | os.PathLike) -> bool:
    return driver.key_for(path) is not None


# -- unlocking ----------------------------------------------------------------------------------
def _opens(path: Path, key: bytes) -> bool:
    """Does *key* decrypt *path*'s first page (read only: nothing written)?"""
    try:
        conn = driver.connect(path.resolve().as_uri() + "?mode=ro", key=key, uri=True)
    except driver.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except driver.Error:
        return False
    finally:
        conn.close()


def _backups_of(path: Path, folder: Path | None) -> list[Path]:
    """The automatic backups of *path* (same name, dated), newest first."""
    from db import backups

    found = backups.backup_files(folder, data_file=path)
    return [item for item in found if item.resolve() != path.resolve()]


def unlock(path: str | os.PathLike, passphrase: str, *, backups_folder: Path | None = None) -> None:
    """Check *passphrase* against the protected file and keep its key for this process.

    A wrong passphrase raises :class:`WrongPassphraseError`. When it does not open the
    file but does open one of its backups, the passphrase is right and the file is
    damaged: :class:`DamagedFileError` says so (restore that backup).
    """
    path = Path(path)
    salt = driver.salt_of(path)
    if salt is None or not is_protected(path):
        raise StorageError(f"“{path}” is not protected with a passphrase.")
    key = driver.derive_key(passphrase, salt)
    if _opens(path, key):
        driver.remember_key(salt, key)
        return
    for backup in _backups_of(path, backups_folder):
        backup_salt = driver.salt_of(backup)
        if backup_salt is None or not driver.looks_encrypted(backup):
            continue
        backup_key = key if backup_salt == salt else driver.derive_key(passphrase, backup_salt)
        if _opens(backup, backup_key):
            driver.remember_key(backup_salt, backup_key)   # so the restore list can read it
            raise DamagedFileError(
                path, f"the passphrase is right (it opens the backup “{backup.name}”), but the "
                "file itself no longer decrypts")
    raise WrongPassphraseError(path)


def lock_all() -> None:
    """Forget every key: each protected file needs its passphrase again (the idle lock)."""
    driver.forget_keys()


# -- changing protection ------------------------------------------------------------------------
def _counts(conn) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _schema(conn) -> list[tuple]:
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()


def _source(path: Path, key: bytes | None):
    """A connection to the file as it is, its write-ahead log folded in and removed."""
    conn = driver.plain_connection(str(path))
    if key is not None:
        driver.key_connection(conn, key)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    return conn


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def shred(path: Path) -> None:
    """Overwrite a file's bytes with zeros, then remove it (best effort: see the README on
    what a disk may keep)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            chunk = b"\0" * (1 << 20)
            left = size
            while left > 0:
                handle.write(chunk[:min(left, len(chunk))])
                left -= min(left, len(chunk))
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        log.warning("could not overwrite %s before removing it: %s", path.name, error)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def remove_leftovers(path: str | os.PathLike) -> list[Path]:
    """Overwrite and remove the replaced copies an interrupted change of protection left."""
    path = Path(path)
    found = sorted(path.parent.glob(f".{path.name}{_OLD_MARK}*"))
    for item in found:
        shred(item)
    return found


@contextlib.contextmanager
def _new_copy(path: Path) -> Iterator[Path]:
    """A fresh owner-only file beside *path* for the new copy; removed if anything fails."""
    from desktop.atomic_files import create_owner_file

    temp = path.with_name(f".{path.name}.cultivate-new-{os.urandom(4).hex()}.tmp")
    create_owner_file(temp)
    try:
        yield temp
    except BaseException:
        for item in (temp, *(temp.with_name(temp.name + s) for s in ("-journal", "-wal", "-shm"))):
            if item.exists():
                shred(item)
        raise


def _rewrite(path: Path, old_key: bytes | None, new_key: bytes | None, new_salt: bytes | None) -> None:
    """Copy *path* under *new_key* (None: plain), check the copy, swap it in, shred the old."""
    source = _source(path, old_key)
    try:
        version = source.execute("PRAGMA user_version").fetchone()[0]
        application_id = source.execute("PRAGMA application_id").fetchone()[0]
        counts, schema = _counts(source), _schema(source)
        with _new_copy(path) as temp:
            source.execute(f"ATTACH DATABASE ? AS target {driver.attach_clause(new_key, new_salt)}",
                           [str(temp)])
            source.execute("SELECT sqlcipher_export('target')")
            source.execute(f"PRAGMA target.user_version = {int(version)}")
            source.execute(f"PRAGMA target.application_id = {int(application_id)}")
            source.execute("DETACH DATABASE target")
            copy = driver.connect(str(temp), key=new_key)
            try:
                verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
                same = (_counts(copy) == counts and _schema(copy) == schema
                        and copy.execute("PRAGMA user_version").fetchone()[0] == version)
            finally:
                copy.close()
            if verdict != "ok" or not same:
                raise StorageError(f"The new copy of “{path.name}” did not check out ({verdict}); "
                                   "the file is unchanged.")
            with temp.open("rb+") as handle:
                os.fsync(handle.fileno())
            source.close()
            source = None
            old = path.with_name(f".{path.name}{_OLD_MARK}{os.urandom(4).hex()}")
            try:
                os.link(path, old)          # the old bytes stay reachable, to be overwritten
            except OSError:
                old = None
            os.replace(temp, path)
            _sync_folder(path.parent)
    finally:
        if source is not None:
            source.close()
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            shred(companion)
    if old is not None:
        shred(old)


def _follow_backups(path: Path, folder: Path | None, old_key: bytes | None,
                    new_key: bytes | None, new_salt: bytes | None) -> int:
    """Give the automatic backups the file had under *old_key* the new protection."""
    changed = 0
    for backup in _backups_of(path, folder):
        encrypted = driver.looks_encrypted(backup)
        if old_key is None and encrypted:
            continue                         # protected some other way: leave it
        if old_key is not None and not (encrypted and _opens(backup, old_key)):
            continue                         # an older passphrase's, or plain: leave it
        try:
            _rewrite(backup, old_key, new_key, new_salt)
            changed += 1
        except (StorageError, OSError, *driver.Error) as error:
            log.warning("the backup %s kept its old protection: %s", backup.name, error)
    return changed


def start_protected_file(path: str | os.PathLike, key: bytes, salt: bytes) -> None:
    """Make the empty (or absent) file at *path* an encrypted database with *key* and
    *salt*, and keep the key for this process: :func:`db.connection.open_database` then
    builds a Cultivate file in it whose every byte on disk is encrypted (a copy for a
    colleague), with no plain copy ever written to be shredded afterwards."""
    path = Path(path)
    if path.exists() and path.stat().st_size:
        raise StorageError(f"“{path}” is not empty; a protected file is started only in a new one.")
    from desktop.atomic_files import create_owner_file

    create_owner_file(path)
    conn = driver.connect(str(path), key=key, salt=salt)
    try:
        conn.execute("CREATE TABLE cultivate_start (x)")   # writes the first, encrypted page
        conn.execute("DROP TABLE cultivate_start")
        conn.commit()
    finally:
        conn.close()
    driver.remember_key(salt, key)


def protect(path: str | os.PathLike, passphrase: str, *, backups_folder: Path | None = None) -> None:
    """Encrypt the (closed) plain data file and its automatic backups with *passphrase*."""
    path = Path(path)
    check_new_passphrase(passphrase)
    if is_protected(path):
        raise StorageError(f"“{path}” is already protected with a passphrase.")
    salt = driver.new_salt()
    key = driver.derive_key(passphrase, salt)
    _rewrite(path, None, key, salt)
    driver.remember_key(salt, key)
    _follow_backups(path, backups_folder, None, key, salt)
    log.info("%s is now protected with a passphrase", path.name)


def change_passphrase(path: str | os.PathLike, old: str, new: str, *,
                      backups_folder: Path | None = None) -> None:
    """Re-key the (closed) protected file, and its backups, from *old* to *new*."""
    path = Path(path)
    check_new_passphrase(new)
    unlock(path, old, backups_folder=backups_folder)
    old_salt = driver.salt_of(path)
    old_key = driver.key_for(path)
    salt = driver.new_salt()
    key = driver.derive_key(new, salt)
    _rewrite(path, old_key, key, salt)
    driver.remember_key(salt, key)
    _follow_backups(path, backups_folder, old_key, key, salt)
    driver.forget_key(old_salt)
    log.info("the passphrase of %s was changed", path.name)


def unprotect(path: str | os.PathLike, passphrase: str, *, backups_folder: Path | None = None) -> None:
    """Decrypt the (closed) protected file, and its backups, back to plain SQLite."""
    path = Path(path)
    unlock(path, passphrase, backups_folder=backups_folder)
    salt = driver.salt_of(path)
    key = driver.key_for(path)
    _rewrite(path, key, None, None)
    _follow_backups(path, backups_folder, key, None, None)
    driver.forget_key(salt)
    log.info("%s is no longer protected with a passphrase", path.name)
