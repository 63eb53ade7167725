"""Export everything: a zip of one CSV per table, a README, and ``cultivate.json``.

The CSV files are for people (open them in a spreadsheet); the JSON file is for
machines, and :func:`import_json` reads it back into an empty database with
nothing lost, so a school is never locked in to Cultivate.

Private data stays out unless asked for (*include_private*): private observation
notes (the column is there, empty), private conversations and their goal links, and
every wellbeing table (there, with no rows), with the audit log's and the tombstones'
entries about them. The README says what was left out, so whoever opens the zip knows
it is not the whole file; such an export still imports back, without what it left out.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlite_utils import Database

from db import backups, clock, driver, migrations, records, schema, school_years, staff, text_files
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
    return sorted(name for name in db.table_names() if records.is_record_table(name))


def _columns(db: Database, table: str) -> list[str]:
    return [column.name for column in db[table].columns]


Progress = Callable[[int, int, str], None]
_BATCH = 500


class _Ticker:
    """Counts rows written and tells *progress* (done, total, what) every few thousand."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done, self._told = progress, total, 0, -1

    def tell(self, what: str, rows: int = 0) -> None:
        self.done += rows
        if self.progress and (self.done - self._told >= 5000 or rows == 0):
            self._told = self.done
            self.progress(min(self.done, self.total), self.total, what)


# What an export without private data leaves out (see the module notes).
WELLBEING_TABLES = ("wellbeing_check_ins", "wellbeing_responses", "wellbeing_private_answers")
PRIVATE_COLUMNS = {"observations": ("private_note",)}
LEFT_OUT_WORDS = ("private notes of observations (the private_note column is empty)",
                  "private conversations, and their links to goals",
                  "every wellbeing check-in, response and answer (those tables have no rows)",
                  "the audit log's and the tombstones' entries about all of these")


@dataclass(frozen=True)
class _Scope:
    """Which rows and values an export holds: everything, or everything but the private."""
    include_private: bool
    private_conversations: str = "[]"   # a JSON array of ids (now or ever private)

    def selection(self, table: str, columns: list[str]) -> tuple[str, str, list]:
        """(the select list, a WHERE clause, its parameters) for *table*."""
        names = [f'"{name}"' for name in columns]
        if self.include_private:
            return ", ".join(names), "", []
        blank = PRIVATE_COLUMNS.get(table, ())
        names = [f"'' AS \"{name}\"" if name in blank else quoted for name, quoted in zip(columns, names, strict=True)]
        private = "(SELECT value FROM json_each(?))"
        where, params = {
            "conversations": ("is_private = 0", []),
            "conversation_goals": (f"conversation_id NOT IN {private}", [self.private_conversations]),
            "audit_log": (
                f"table_name NOT IN {_WELLBEING} AND NOT (table_name = 'conversations' AND row_id IN {private}) "
                "AND NOT (table_name = 'conversation_goals' AND coalesce(json_extract(after_json, "
                f"'$.conversation_id'), json_extract(before_json, '$.conversation_id')) IN {private})",
                [self.private_conversations, self.private_conversations]),
            "tombstones": (f"table_name NOT IN {_WELLBEING} AND NOT (table_name = 'conversations' "
                           f"AND row_id IN {private})", [self.private_conversations]),
        }.get(table, ("0" if table in WELLBEING_TABLES else "", []))
        return ", ".join(names), (f"WHERE {where}" if where else ""), params


_WELLBEING = "(" + ", ".join(f"'{name}'" for name in WELLBEING_TABLES) + ")"


def _scope(db: Database, include_private: bool) -> _Scope:
    if include_private:
        return _Scope(True)
    # Conversations private now, and those the log shows were private once (since deleted).
    ids = {row[0] for row in db.conn.execute("SELECT id FROM conversations WHERE is_private = 1")}
    ids |= {row[0] for row in db.conn.execute(
        "SELECT row_id FROM audit_log WHERE table_name = 'conversations' AND "
        "(json_extract(before_json, '$.is_private') = 1 OR json_extract(after_json, '$.is_private') = 1)")}
    return _Scope(False, json.dumps(sorted(ids)))


def _rows(db: Database, table: str, columns: list[str], ticker: _Ticker | None = None,
          scope: _Scope = _Scope(True)) -> Iterator[tuple]:
    """The rows of *table*, fetched a batch at a time (never the whole table in memory)."""
    names, where, params = scope.selection(table, columns)
    # By rowid: the order the rows were written, which an import preserves.
    cursor = db.conn.execute(
        f'SELECT {names} FROM "{table}" {where} ORDER BY {records.stored_order(db, table)}', params)
    while batch := cursor.fetchmany(_BATCH):
        yield from batch
        if ticker is not None:
            ticker.tell(table, len(batch))


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


@contextlib.contextmanager
def _one_moment(db: Database) -> Iterator[None]:
    """One read transaction around the whole export: every table as of the same moment.

    In WAL mode a reader's snapshot is fixed at its first read and writers carry on
    beside it, so the window keeps saving while an export runs, and the export never
    holds, say, a wellbeing check-in whose teacher was added after staff was read.
    """
    if db.conn.in_transaction:
        raise StorageError("An export cannot start in the middle of a change; try again.")
    db.conn.execute("BEGIN")
    try:
        db.conn.execute("SELECT count(*) FROM main.sqlite_master").fetchone()  # the snapshot starts here
        yield
    finally:
        db.conn.execute("ROLLBACK")   # it only read


@dataclass
class _Header:
    data_version: int
    exported_at: str
    tables: dict[str, list[str]]   # columns by table
    counts: dict[str, int]
    scope: _Scope

    def json_start(self) -> str:
        head = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION,
                "data_version": self.data_version, "exported_at": self.exported_at,
                "private_data": "included" if self.scope.include_private else "left out"}
        return json.dumps(head, ensure_ascii=False)[:-1] + ', "tables": {'


def _header(db: Database, include_private: bool = False) -> _Header:
    scope = _scope(db, include_private)
    tables = {table: _columns(db, table) for table in exported_tables(db)}
    counts = {}
    for table, columns in tables.items():
        _names, where, params = scope.selection(table, columns)
        counts[table] = db.conn.execute(f'SELECT count(*) FROM "{table}" {where}', params).fetchone()[0]
    return _Header(migrations.user_version(db), clock.now_utc().isoformat(timespec="seconds"),
                   tables, counts, scope)


def _write_json(db: Database, header: _Header, stream: IO[str], ticker: _Ticker | None = None) -> None:
    """The same content as one ``json.dump`` of every table, written a row at a time."""
    stream.write(header.json_start())
    for number, (table, columns) in enumerate(header.tables.items()):
        stream.write(("," if number else "") + "\n " + json.dumps(table, ensure_ascii=False)
                     + ': {"columns": ' + json.dumps(columns, ensure_ascii=False) + ', "rows": [')
        for position, row in enumerate(_rows(db, table, columns, ticker, header.scope)):
            stream.write(("," if position else "") + "\n  ")
            stream.write(json.dumps([_json_value(value) for value in row], ensure_ascii=False))
        stream.write("]}")
    stream.write("\n}}\n")


def _write_csv(db: Database, table: str, columns: list[str], stream: IO[str],
               ticker: _Ticker | None = None, scope: _Scope = _Scope(True)) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    stream.write("\ufeff")
    writer.writerow(columns)
    for row in _rows(db, table, columns, ticker, scope):
        writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return "base64:" + base64.b64encode(value).decode("ascii")
    return text_files.spreadsheet_cell(value)


def _readme(header: _Header) -> str:
    lines = [
        "Cultivate — everything in one export",
        "=====================================",
        "",
        f"Exported: {header.exported_at} (UTC). Data format: {header.data_version}.",
        "",
        "Each .csv file is one table, UTF-8 encoded (with a byte-order mark so spreadsheet",
        "programs show accented names correctly), first line = column names. Empty cells are",
        "empty values. Every record has an 'id'; other tables point at it by that id (for",
        "example observations.staff_id is an id in staff.csv). Dates are YYYY-MM-DD; times",
        "are ISO-8601 in UTC.",
        "",
        "A text cell that begins with =, +, -, @, a tab or a carriage return is written with",
        "an apostrophe (') in front, so a spreadsheet shows it as text instead of running it",
        "as a formula; the value itself is the text after the apostrophe. Numbers are",
        "written as they are.",
        "",
        f"{JSON_NAME} holds the same data for programs, exactly as stored (no apostrophes):",
        "Cultivate can import it back into an empty data file with nothing lost.",
        "",
        "Every file was read at the same moment, so the tables agree with one another even",
        "if Cultivate was saving while the export ran.",
        "",
        "audit_log.csv is the history of every change: who, when, and the record before and",
        "after, as JSON. Private text is never kept there: a private note, a conversation's",
        "notes and a wellbeing check-in's scores and note show as ‹private text› or ‹private›.",
        "",
        *_private_words(header.scope),
        "",
        "Tables and row counts:",
    ]
    for table, count in header.counts.items():
        lines.append(f"  {table}.csv  {count} rows")
    return "\n".join(lines) + "\n"


def _private_words(scope: _Scope) -> list[str]:
    if scope.include_private:
        return ["PRIVATE DATA IS INCLUDED. This export holds private observation notes, private",
                "conversations and wellbeing check-ins (the ones teachers shared, and the",
                "anonymous answers of those they did not, which are linked to nobody). Keep it",
                "as safe as the data file itself."]
    return ["Private data was left out (the export was made without \"include private data\"):",
            *(f"  - {words}" for words in LEFT_OUT_WORDS),
            "So this is not the whole file: importing it gives a file without them."]


@contextlib.contextmanager
def _entry(archive: zipfile.ZipFile, name: str) -> Iterator[IO[str]]:
    """A text stream into one member of *archive*, compressed as it is written."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16      # unzipped, still the owner's only
    # force_zip64: the size is not known in advance, and a district's audit log can pass 2 GB.
    with archive.open(info, "w", force_zip64=True) as raw:
        with io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False) as text:
            yield text


def export_zip(db: Database, destination: str | os.PathLike, *, include_private: bool = False,
               progress: Progress | None = None) -> Path:
    """Write the whole database to the zip at *destination* (replaced only once complete);
    private data only with *include_private* (see the module notes).

    Everything is read inside one read transaction and streamed into the zip table
    by table, so memory stays small however large the file. *progress(done, total,
    table)* is told as rows are written (each row twice: its CSV and the JSON); an
    exception it raises (a Cancel button) stops the export and leaves no file.
    """
    destination = Path(destination)
    with _one_moment(db):
        header = _header(db, include_private)
        ticker = _Ticker(progress, 2 * sum(header.counts.values()))
        with atomic_write(destination, "wb") as stream:
            with zipfile.ZipFile(stream, "w") as archive:
                with _entry(archive, "README.txt") as text:
                    text.write(_readme(header))
                for table, columns in header.tables.items():
                    ticker.tell(table)
                    with _entry(archive, f"{table}.csv") as text:
                        _write_csv(db, table, columns, text, ticker, header.scope)
                ticker.tell(JSON_NAME)
                with _entry(archive, JSON_NAME) as text:
                    _write_json(db, header, text, ticker)
    ticker.tell("")
    return destination


def export_json(db: Database, destination: str | os.PathLike, *, include_private: bool = False) -> Path:
    destination = Path(destination)
    with _one_moment(db):
        header = _header(db, include_private)
        with atomic_write(destination, "w", encoding="utf-8") as stream:
            _write_json(db, header, stream)
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


def _check_tables_and_columns(db: Database, data: dict[str, Any], present: set[str]) -> None:
    """The export's tables and columns are exactly those its data version has (see db.schema)."""
    version = data.get("data_version")
    if not isinstance(version, int) or version < 1:
        raise ImportRefusedError("The export does not say which data format it holds, so it is "
                                 "not a Cultivate export.")
    wanted = {table: columns for table, columns in schema.table_columns(version).items()
              if records.is_record_table(table)}
    for table, content in data["tables"].items():
        if table not in wanted or table not in present:
            raise ImportRefusedError(f"The export has a table this Cultivate does not know: {table}.")
        columns = content.get("columns") if isinstance(content, dict) else None
        if not isinstance(columns, list) or not isinstance(content.get("rows"), list):
            raise ImportRefusedError(f"The export's {table} is not a table of columns and rows.")
        unknown = set(columns) - set(wanted[table]) | (set(columns) - set(_columns(db, table)))
        if unknown:
            raise ImportRefusedError(
                f"The export's {table} has columns this Cultivate does not know: {', '.join(sorted(unknown))}."
            )
        missing = [column for column in wanted[table] if column not in columns]
        if missing:
            raise ImportRefusedError(
                f"The export's {table} has no {', '.join(missing)} column"
                f"{'s' if len(missing) > 1 else ''}, though its data format has; it has been changed "
                "since Cultivate wrote it."
            )
    absent = sorted(set(wanted) - set(data["tables"]))
    if absent:
        raise ImportRefusedError(
            f"The export has no {', '.join(absent)} table{'s' if len(absent) > 1 else ''}, though its "
            "data format has; it has been changed since Cultivate wrote it, so nothing was imported."
        )


def import_json(db: Database, path: str | os.PathLike) -> dict[str, int]:
    """Load an export into *db*, which must be empty; returns rows imported per table.

    Everything is checked before anything is written, and it all happens in one
    transaction: an import either brings in every row or none. The audit log is
    imported as it was, and the import itself adds no audit entries, so the
    history reads the same as in the file it came from.
    """
    data = read_export(path)
    present = set(exported_tables(db))
    # A new file comes with the school year it was made in; that is not data of its own.
    made_up_years = set(school_years.TABLES) if school_years.only_made_up_years(db) else set()
    # Every file has its own device id row (db/merge.py); the export's takes its place.
    busy = [table for table in present - made_up_years - {"replica"}
            if db.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()]
    if busy:
        raise ImportRefusedError(
            "An export can only be imported into an empty data file; this one already has "
            + ", ".join(sorted(busy)[:5]) + "."
        )
    _check_tables_and_columns(db, data, present)
    backups.before_import(db)
    counts = {}
    set_audit_enabled(db, False)
    try:
        with db.atomic():
            # Parents and children arrive in table-name order; the foreign keys are
            # checked once, at commit, when every row is in.
            db.execute("PRAGMA defer_foreign_keys = ON")
            if made_up_years:
                school_years.forget_years(db)
            if "replica" in data["tables"]:
                db.execute("DELETE FROM replica")
            for table, content in data["tables"].items():
                columns = content["columns"]
                names = ", ".join(f'"{name}"' for name in columns)
                marks = ", ".join("?" for _ in columns)
                rows = [[_sqlite_value(value) for value in row] for row in content["rows"]]
                if any(len(row) != len(columns) for row in rows):
                    raise ImportRefusedError(f"The export's {table} has rows of the wrong length.")
                db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
                counts[table] = len(rows)
            if "school_years" not in data["tables"]:
                # An export from before school years were records: its years from its data.
                school_years.years_from_the_data(db)
            staff.fill_sort_keys(db)   # an export from before names had stored sort keys
    except driver.IntegrityError as error:
        raise ImportRefusedError(
            f"The export's records do not fit together ({error}); nothing was imported."
        ) from error
    finally:
        set_audit_enabled(db, True)
    return counts
