"""Export everything: a zip of one CSV per table, a README, and ``cultivate.json``.

The CSV files are for people (open them in a spreadsheet); the JSON file is for
machines, and :func:`import_json` reads it back into an empty database with
nothing lost, so a school is never locked in to Cultivate.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import sqlite3
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db import backups, migrations, records
from db.connection import set_audit_enabled
from db.errors import StorageError
from desktop.atomic_files import atomic_write

FORMAT_NAME = "cultivate-export"
FORMAT_VERSION = 1
JSON_NAME = "cultivate.json"
# A fixed time for every zip entry, so the same data always makes the same bytes.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


class ImportRefusedError(StorageError):
    way_out = "Import into a new, empty data file (File > New…), or choose another export."


def exported_tables(db: Database) -> list[str]:
    return sorted(name for name in db.table_names() if not name.startswith(("sqlite_", "_")))


def _columns(db: Database, table: str) -> list[str]:
    return [column.name for column in db[table].columns]


def _rows(db: Database, table: str, columns: list[str]) -> list[list[Any]]:
    names = ", ".join(f'"{name}"' for name in columns)
    # By rowid: the order the rows were written, which an import preserves.
    order = records.stored_order(db, table)
    return [list(row) for row in db.execute(f'SELECT {names} FROM "{table}" ORDER BY {order}')]


def _json_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    return value


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"base64"}:
        return base64.b64decode(value["base64"])
    if isinstance(value, (dict, list)):
        raise ImportRefusedError(f"The export contains a value Cultivate cannot store: {value!r:.60}")
    return value


def snapshot(db: Database) -> dict[str, Any]:
    """Every table's columns and rows, as plain JSON-ready data."""
    tables = {}
    for table in exported_tables(db):
        columns = _columns(db, table)
        tables[table] = {
            "columns": columns,
            "rows": [[_json_value(value) for value in row] for row in _rows(db, table, columns)],
        }
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "data_version": migrations.user_version(db),
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tables": tables,
    }


def _csv_text(columns: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else _csv_cell(value) for value in row])
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dict):  # a binary value
        return "base64:" + value["base64"]
    return value


def _readme(data: dict[str, Any]) -> str:
    lines = [
        "Cultivate — everything in one export",
        "=====================================",
        "",
        f"Exported: {data['exported_at']} (UTC). Data format: {data['data_version']}.",
        "",
        "Each .csv file is one table, UTF-8 encoded (with a byte-order mark so spreadsheet",
        "programs show accented names correctly), first line = column names. Empty cells are",
        "empty values. Every record has an 'id'; other tables point at it by that id (for",
        "example observations.staff_id is an id in staff.csv). Dates are YYYY-MM-DD; times",
        "are ISO-8601 in UTC.",
        "",
        f"{JSON_NAME} holds the same data for programs: Cultivate can import it back into an",
        "empty data file with nothing lost.",
        "",
        "audit_log.csv is the history of every change: who, when, and the record before and",
        "after, as JSON.",
        "",
        "Tables and row counts:",
    ]
    for table, content in data["tables"].items():
        lines.append(f"  {table}.csv  {len(content['rows'])} rows")
    return "\n".join(lines) + "\n"


def _add(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, text.encode("utf-8"))


def export_zip(db: Database, destination: str | os.PathLike) -> Path:
    """Write the whole database to the zip at *destination* (replaced only once complete)."""
    destination = Path(destination)
    data = snapshot(db)
    with atomic_write(destination, "wb") as stream:
        with zipfile.ZipFile(stream, "w") as archive:
            _add(archive, "README.txt", _readme(data))
            for table, content in data["tables"].items():
                _add(archive, f"{table}.csv", "\ufeff" + _csv_text(content["columns"], content["rows"]))
            _add(archive, JSON_NAME, json.dumps(data, ensure_ascii=False, indent=1))
    return destination


def export_json(db: Database, destination: str | os.PathLike) -> Path:
    destination = Path(destination)
    with atomic_write(destination, "w", encoding="utf-8") as stream:
        json.dump(snapshot(db), stream, ensure_ascii=False, indent=1)
    return destination


def read_export(path: str | os.PathLike) -> dict[str, Any]:
    """The JSON content of an export: a ``.json`` file or the zip that contains one."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                text = archive.read(JSON_NAME).decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except KeyError as error:
        raise ImportRefusedError(f"“{path}” has no {JSON_NAME} inside, so it is not a Cultivate export.") from error
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        raise ImportRefusedError(f"“{path}” is not a readable Cultivate export ({error}).") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ImportRefusedError(f"“{path}” is not a Cultivate export.")
    if data.get("format_version", 0) > FORMAT_VERSION or data.get("data_version", 0) > migrations.LATEST_VERSION:
        raise ImportRefusedError(
            f"“{path}” was exported by a newer version of Cultivate; install it to import this file."
        )
    if not isinstance(data.get("tables"), dict):
        raise ImportRefusedError(f"“{path}” is not a Cultivate export (it has no tables).")
    return data


def import_json(db: Database, path: str | os.PathLike) -> dict[str, int]:
    """Load an export into *db*, which must be empty; returns rows imported per table.

    Everything is checked before anything is written, and it all happens in one
    transaction: an import either brings in every row or none. The audit log is
    imported as it was, and the import itself adds no audit entries, so the
    history reads the same as in the file it came from.
    """
    data = read_export(path)
    present = set(exported_tables(db))
    busy = [table for table in present if db.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()]
    if busy:
        raise ImportRefusedError(
            "An export can only be imported into an empty data file; this one already has "
            + ", ".join(sorted(busy)[:5]) + "."
        )
    for table, content in data["tables"].items():
        if table not in present:
            raise ImportRefusedError(f"The export has a table this Cultivate does not know: {table}.")
        unknown = set(content.get("columns", [])) - set(_columns(db, table))
        if unknown:
            raise ImportRefusedError(
                f"The export's {table} has columns this Cultivate does not know: {', '.join(sorted(unknown))}."
            )
    backups.before_risky_change(db, "before-import")
    counts = {}
    set_audit_enabled(db, False)
    try:
        with db.atomic():
            # Parents and children arrive in table-name order; the foreign keys are
            # checked once, at commit, when every row is in.
            db.execute("PRAGMA defer_foreign_keys = ON")
            for table, content in data["tables"].items():
                columns = content["columns"]
                names = ", ".join(f'"{name}"' for name in columns)
                marks = ", ".join("?" for _ in columns)
                rows = [[_sqlite_value(value) for value in row] for row in content["rows"]]
                if any(len(row) != len(columns) for row in rows):
                    raise ImportRefusedError(f"The export's {table} has rows of the wrong length.")
                db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
                counts[table] = len(rows)
    except sqlite3.IntegrityError as error:
        raise ImportRefusedError(
            f"The export's records do not fit together ({error}); nothing was imported."
        ) from error
    finally:
        set_audit_enabled(db, True)
    return counts
