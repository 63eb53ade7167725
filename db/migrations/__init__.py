"""Numbered, append-only schema migrations tracked in ``PRAGMA user_version``.

Each step runs in one transaction together with the version bump, so a crash
leaves the file at the previous version. A shipped step is never edited: change
the schema by appending a new ``NNNN_name`` step here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlite_utils import Database

from db import audit

_SQL_DIR = Path(__file__).resolve().parent

# 'CULT' – marks a file as Cultivate's, so another program's SQLite file is refused.
APPLICATION_ID = 0x43554C54


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Database], None]


def _run_sql_file(name: str) -> Callable[[Database], None]:
    def apply(db: Database) -> None:
        db.executescript((_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"))

    return apply


def _initial(db: Database) -> None:
    _run_sql_file("0001_initial")(db)
    audit.install_all(db)


MIGRATIONS: list[Migration] = [
    Migration(1, "0001_initial", _initial),
]

LATEST_VERSION = MIGRATIONS[-1].version


def user_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def pending(db: Database) -> list[Migration]:
    current = user_version(db)
    return [step for step in MIGRATIONS if step.version > current]


def migrate(db: Database, *, up_to: int | None = None) -> list[Migration]:
    """Apply every pending step (or those up to *up_to*); return what was applied."""
    applied = []
    for step in pending(db):
        if up_to is not None and step.version > up_to:
            break
        with db.atomic():
            step.apply(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {step.version}")
        applied.append(step)
    return applied
