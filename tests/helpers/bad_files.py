"""Bad data files of every kind a principal might meet, made on demand for tests."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from db import migrations, staff
from db.connection import open_database, set_audit_enabled

KINDS = ("random_bytes", "zero_bytes", "tiny_truncated", "truncated", "damaged_page", "other_program", "newer")


def big_school(path, people=400):
    db = open_database(path)
    # Seeded without audit entries, so each goal text is stored on exactly one page.
    set_audit_enabled(db, False)
    with db.atomic():
        for number in range(people):
            staff.add(db, first_name=f"Teacher{number:04d}", last_name="Example",
                      career_goals=f"Goal text {number:04d} " * 20)
    set_audit_enabled(db, True)
    staff.add(db, first_name="Audited", last_name="Newcomer")
    db.close()
    return path


def _corrupt_page_holding(path: Path, marker: bytes) -> None:
    """Overwrite, with noise, the page of *path* that stores *marker*."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    page = data.index(marker) // page_size
    rng = random.Random(7)
    data[page * page_size:(page + 1) * page_size] = bytes(rng.randrange(256) for _ in range(page_size))
    path.write_bytes(bytes(data))


def make_bad_file(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.db"
    if kind == "random_bytes":
        path.write_bytes(random.Random(1).randbytes(20_000))
    elif kind == "zero_bytes":
        path.write_bytes(b"")
    elif kind == "tiny_truncated":
        path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" * 20)
    elif kind == "truncated":
        big_school(path)
        path.write_bytes(path.read_bytes()[:8192])
    elif kind == "damaged_page":
        big_school(path)
        _corrupt_page_holding(path, b"Goal text 0200 ")
    elif kind == "other_program":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE songs (title TEXT, artist TEXT)")
        conn.execute("INSERT INTO songs VALUES ('Blue', 'Joni')")
        conn.commit()
        conn.close()
    elif kind == "newer":
        open_database(path).close()
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
        conn.close()
    else:
        raise ValueError(kind)
    return path
