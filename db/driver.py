"""The two SQLite drivers Cultivate uses, and the one way the code base talks to them.

A plain data file is opened with Python's own ``sqlite3``; a file protected with a
passphrase with ``sqlcipher3`` (SQLCipher 4: AES-256 pages, an HMAC on each, a key
from the passphrase through PBKDF2-HMAC-SHA512). Both give the same DB-API connection,
and sqlite-utils works over either (``Database(connection)``), but each driver has its
own exception classes: a ``sqlcipher3`` error is not a ``sqlite3.Error``. So nothing
outside this module names either driver's exceptions: ``except driver.Error`` (and
``DatabaseError``, ``IntegrityError``, ``OperationalError``) catches both, and a test
refuses any ``except sqlite3.…`` elsewhere.

Keys, not passphrases, are kept: :func:`derive_key` turns a passphrase and a file's
salt (its first 16 bytes, which SQLCipher leaves unencrypted) into the raw 256-bit key,
and :func:`remember_key` keeps it in this process's memory, by salt, for as long as
the file is unlocked. Every connection to a file with that salt (the data file, its
backups, which share its salt) is then keyed without asking again and without paying
for the key derivation again. Nothing here is ever written to disk or a log;
:func:`forget_keys` drops them all (the idle lock, a passphrase removed).
"""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

# Catch these, never one driver's own classes (see the module notes).
Error = (sqlite3.Error, sqlcipher.Error)
DatabaseError = (sqlite3.DatabaseError, sqlcipher.DatabaseError)
IntegrityError = (sqlite3.IntegrityError, sqlcipher.IntegrityError)
OperationalError = (sqlite3.OperationalError, sqlcipher.OperationalError)
Connection = (sqlite3.Connection, sqlcipher.Connection)
complete_statement = sqlite3.complete_statement

SQLITE_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
KDF_ITERATIONS = 256_000          # SQLCipher 4's default: the file opens in any SQLCipher 4 tool
PAGE_SIZE = 4096                  # SQLCipher 4's default page size

_keys: dict[bytes, bytes] = {}    # salt -> raw key, for files unlocked in this process


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """SQLCipher 4's key for *passphrase* and a file's *salt* (PBKDF2-HMAC-SHA512)."""
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)


# How other files begin: a file that does is not taken for an encrypted one (looks_encrypted).
OTHER_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\x1f\x8b", b"\x89PNG", b"{", b"[")


def new_salt() -> bytes:
    """A random salt, never one that begins as another kind of file does: the salt is an
    encrypted file's first bytes, and one starting with "{" (1 file in 256) would make
    the file look like a JSON document renamed, refused as not a database."""
    while True:
        salt = os.urandom(SALT_BYTES)
        if not salt.startswith(OTHER_SIGNATURES):
            return salt


def salt_of(path: str | os.PathLike) -> bytes | None:
    """An encrypted file's salt (its first 16 bytes); None for a plain or unreadable file."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(SALT_BYTES)
    except OSError:
        return None
    if len(start) < SALT_BYTES or start == SQLITE_HEADER:
        return None
    return start


def looks_encrypted(path: str | os.PathLike) -> bool:
    """Does *path* look like a SQLCipher file: whole pages of what reads as random bytes?

    An encrypted page cannot be told from noise, so this is a judgement: no SQLite
    header, whole 4 KiB pages, no well-known file signature (zip, PDF, gzip, PNG), and
    the first page's bytes spread as evenly as random ones are (a text or a document
    renamed to .db is not). A wrong passphrase is told apart from a damaged file by
    trying the passphrase (``db.protection.unlock``), not here.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            page = handle.read(PAGE_SIZE)
    except OSError:
        return False
    if size < PAGE_SIZE or size % 512 or page.startswith(SQLITE_HEADER):
        return False
    if page.startswith(OTHER_SIGNATURES):
        return False
    counts = Counter(page)
    entropy = -sum(n / len(page) * math.log2(n / len(page)) for n in counts.values())
    return entropy > 7.5


def remember_key(salt: bytes, key: bytes) -> None:
    _keys[salt] = key


def forget_keys() -> None:
    """Drop every key this process holds: each protected file must be unlocked again."""
    _keys.clear()


def forget_key(salt: bytes | None) -> None:
    if salt is not None:
        _keys.pop(salt, None)


def key_for(path: str | os.PathLike) -> bytes | None:
    """The remembered key of an encrypted *path* (by its salt), or None."""
    salt = salt_of(path)
    return _keys.get(salt) if salt is not None else None


def has_keys() -> bool:
    return bool(_keys)


def _quoted_key(key: bytes, salt: bytes | None = None) -> str:
    # The raw-key form: no key derivation on open; with a salt, a new file gets that salt
    # (so a backup shares the data file's salt, and its key).
    return "\"x'" + key.hex() + (salt.hex() if salt else "") + "'\""


def key_connection(conn: Any, key: bytes, *, salt: bytes | None = None) -> None:
    """Key a fresh ``sqlcipher3`` connection (before its first read)."""
    conn.execute("PRAGMA cipher_log_level = NONE")   # a wrong key is an answer, not noise on stderr
    conn.execute(f"PRAGMA key = {_quoted_key(key, salt)}")


def connect(target: str, *, key: bytes | None = None, salt: bytes | None = None,
            uri: bool = False, check_same_thread: bool = False) -> Any:
    """A connection to *target*: ``sqlite3`` for a plain file, ``sqlcipher3`` keyed with
    *key* for a protected one (*salt*: the salt a new file is to get)."""
    if key is None:
        return sqlite3.connect(target, uri=uri, check_same_thread=check_same_thread)
    conn = sqlcipher.connect(target, uri=uri, check_same_thread=check_same_thread)
    try:
        key_connection(conn, key, salt=salt)
    except BaseException:
        conn.close()
        raise
    return conn


def plain_connection(target: str, *, uri: bool = False) -> Any:
    """A ``sqlcipher3`` connection with no key: it opens plain files too, and can attach an
    encrypted one and ``sqlcipher_export`` into it (encrypting, decrypting, re-keying)."""
    conn = sqlcipher.connect(target, uri=uri, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def attach_clause(key: bytes | None, salt: bytes | None = None) -> str:
    """The ``KEY …`` of an ``ATTACH`` for a file to be encrypted with *key* (plain: no key)."""
    return "KEY ''" if key is None else f"KEY {_quoted_key(key, salt)}"


def is_encrypted_connection(conn: Any) -> bool:
    return isinstance(conn, sqlcipher.Connection)


def key_of_connection(conn: Any) -> tuple[bytes, bytes] | None:
    """(key, salt) of the protected file *conn* is open on; None for a plain file.

    :class:`LookupError` when the key is no longer in memory (Cultivate is locked)."""
    if not is_encrypted_connection(conn):
        return None
    main = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    salt = salt_of(main) if main else None
    key = _keys.get(salt) if salt else None
    if key is None:
        raise LookupError("the protected file's key is no longer in memory (is Cultivate locked?)")
    return key, salt


def backup_target(conn: Any, path: str) -> Any:
    """A connection to a new file *path* that *conn* can copy itself into with the backup
    API: the same driver and, for a protected file, the same key and salt."""
    found = key_of_connection(conn)
    if found is None:
        return sqlite3.connect(path)
    key, salt = found
    return connect(path, key=key, salt=salt)
