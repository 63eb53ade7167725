"""Numbered, append-only schema migrations tracked in ``PRAGMA user_version``.

Each step runs in one transaction together with the version bump, so a crash
leaves the file at the previous version. A shipped step is never edited: change
the schema by appending a new ``NNNN_name`` step here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from db.migrations import format1_audit, format3_years, format12_name_keys, private_audit, private_wellbeing

_SQL_DIR = Path(__file__).resolve().parent

# 'CULT' – marks a file as Cultivate's, so another program's SQLite file is refused.
APPLICATION_ID = 0x43554C54


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Database], None]
    # Compact the file afterwards (VACUUM), so that what the step removed is gone from the
    # file's free pages too, not only from its tables (the privacy scrubs).
    compacts: bool = False


def _statements(script: str) -> Iterator[str]:
    # sqlite3's executescript() commits first, which would split a step from its
    # version bump; sqlite-utils' own splitter re-joins the script once per line.
    pending: list[str] = []
    for line in script.splitlines(keepends=True):
        pending.append(line)
        if line.rstrip().endswith(";") and sqlite3.complete_statement(candidate := "".join(pending)):
            yield candidate
            pending = []


def _run_sql_file(name: str) -> Callable[[Database], None]:
    def apply(db: Database) -> None:
        for statement in _statements((_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")):
            db.execute(statement)

    return apply


def _initial(db: Database) -> None:
    _run_sql_file("0001_initial")(db)
    format1_audit.install_all(db)


def _tombstones_and_connection_triggers(db: Database) -> None:
    # The format-1 audit triggers call application functions, which a file's own
    # schema may not do under trusted_schema=OFF: each connection now installs its
    # own (db.audit). The audit log's append-only guards call none and stay.
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_%' ESCAPE '\\' "
        "AND name NOT LIKE 'audit\\_log\\_refuses\\_%' ESCAPE '\\'"
    ).fetchall():
        db.execute(f'DROP TRIGGER "{name}"')
    _run_sql_file("0002_tombstones")(db)


def _school_years(db: Database) -> None:
    _run_sql_file("0003_school_years")(db)
    format3_years.create_years(db)


def _replicas(db: Database) -> None:
    # Every file gets its own device id here: existing files on upgrade, new ones at once.
    _run_sql_file("0011_replicas")(db)
    import uuid

    from db import clock

    stamp = clock.utc_stamp()
    db.execute("INSERT INTO replica (id, device_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
               ["this-file", str(uuid.uuid4()), stamp, stamp])


def _private_wellbeing(db: Database) -> None:
    _run_sql_file("0004_private_wellbeing")(db)
    private_wellbeing.move_unshared_answers(db)


def _name_sort_keys(db: Database) -> None:
    _run_sql_file("0012_name_sort_keys")(db)
    format12_name_keys.fill_keys(db)


MIGRATIONS: list[Migration] = [
    Migration(1, "0001_initial", _initial),
    Migration(2, "0002_tombstones", _tombstones_and_connection_triggers),
    Migration(3, "0003_school_years", _school_years),
    Migration(4, "0004_private_wellbeing", _private_wellbeing, compacts=True),
    Migration(5, "0005_private_audit_text", private_audit.scrub_private_text, compacts=True),
    Migration(6, "0006_pd_attendance", _run_sql_file("0006_pd_attendance")),
    Migration(7, "0007_pd_fit", _run_sql_file("0007_pd_fit")),
    Migration(8, "0008_pd_plans", _run_sql_file("0008_pd_plans")),
    Migration(9, "0009_pd_evaluations", _run_sql_file("0009_pd_evaluations")),
    # The index itself is built after the last step (db.search.ensure_built), from the
    # records as the live sources read them: a shipped step never depends on live code.
    Migration(10, "0010_search", _run_sql_file("0010_search")),
    Migration(11, "0011_replicas", _replicas),
    Migration(12, "0012_name_sort_keys", _name_sort_keys),
    Migration(13, "0013_list_indexes", _run_sql_file("0013_list_indexes")),
    Migration(14, "0014_drafts_index", _run_sql_file("0014_drafts_index")),
    Migration(15, "0015_observation_filters_index", _run_sql_file("0015_observation_filters_index")),
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
