"""Read a roster export as it comes from the school: a OneRoster folder or zip, or one CSV/XLSX.

Readers only turn bytes into rows of text with the physical line each row starts
on; what a row *means* is decided in :mod:`desktop.core.roster.people`. Rows are
produced lazily so a 50,000-row district export is never held twice in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from db import text_files
from db.text_files import BadRecord
from desktop.errors import UserFacingError

# Larger than any staff export we have seen by two orders of magnitude; a bigger
# file is almost certainly the wrong file (or a zip bomb), and we say so.
MAX_FILE_BYTES = 200 * 1024 * 1024


class RosterReadError(UserFacingError):
    """The export cannot be read at all (missing, not a roster, binary, damaged)."""


@dataclass
class Table:
    """One sheet of rows: the header's columns by normalised name, then the records."""

    name: str  # shown to the user in "file:line: reason"
    columns: dict[str, int]
    rows: Iterator[tuple[int, list[str]] | BadRecord]  # (line the record starts on, cells), or why not

    def find(self, aliases: tuple[str, ...]) -> int | None:
        for alias in aliases:
            if alias in self.columns:
                return self.columns[alias]
        return None


@dataclass(frozen=True)
class Org:
    sourced_id: str
    name: str
    type: str


@dataclass(frozen=True)
class UserRole:
    """One row of a OneRoster 1.2 ``roles.csv``: a user's role at one org."""

    role: str
    role_type: str  # primary / secondary
    org_sourced_id: str


@dataclass
class RosterExport:
    source: Path
    users: Table
    is_oneroster: bool
    version: str | None = None  # "1.1", "1.2" when the manifest or columns say so
    orgs: dict[str, Org] = field(default_factory=dict)
    roles: dict[str, list[UserRole]] = field(default_factory=dict)

    @property
    def description(self) -> str:
        if self.is_oneroster:
            return f"OneRoster {self.version or ''} export".replace("  ", " ")
        return f"staff list {self.users.name}"


def normalise_header(name: str) -> str:
    """'Given Name', 'given_name', 'GIVENNAME' and 'givenName' all become 'givenname'."""
    cleaned = name.replace("\ufeff", "").strip().lower()
    return "".join(ch for ch in cleaned if ch.isalnum())


# --- bytes to text ---------------------------------------------------------------


def decode_text(data: bytes, name: str) -> str:
    """The file's text (see :func:`db.text_files.decode`); refused as a :class:`RosterReadError`."""
    try:
        return text_files.decode(data, name)
    except text_files.UnreadableTextError as error:
        raise RosterReadError(str(error)) from error


def csv_table(text: str, name: str) -> Table:
    """The header and the records of CSV *text*, read strictly (see :func:`db.text_files.csv_records`).

    A line that cannot be read truthfully comes through the rows as a
    :class:`~db.text_files.BadRecord` with its line number. The columns Cultivate
    reads (names, email, role, …) never hold a line break, so a record that puts
    one there is a quote left open; other columns (a "Notes" column) may.
    """
    records = _records(text, name)
    for first in records:
        if isinstance(first, BadRecord):
            raise RosterReadError(f"“{name}” line {first.line} (the header row): {first.reason}.")
        _line, cells = first
        columns: dict[str, int] = {}
        for index, heading in enumerate(cells):
            columns.setdefault(normalise_header(heading), index)
        return Table(name, columns, records)
    raise RosterReadError(f"“{name}” is empty: it has no header row.")


def _may_hold_line_breaks(heading: str) -> bool:
    from desktop.core.roster.people import COLUMNS  # people reads rows made here

    known = {alias for aliases in COLUMNS.values() for alias in aliases}
    return normalise_header(heading) not in known | {"sourcedid", "usersourcedid", "orgsourcedid",
                                                     "type", "roletype", "propertyname", "value"}


def _records(text: str, name: str) -> Iterator[tuple[int, list[str]] | BadRecord]:
    try:
        yield from text_files.csv_records(text, line_breaks=_may_hold_line_breaks)
    except text_files.UnreadableTextError as error:
        raise RosterReadError(f"“{name}”: {error}") from error


def xlsx_table(path: Path) -> Table:
    import openpyxl  # loaded only when a spreadsheet is imported
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        if isinstance(error, (FileNotFoundError, PermissionError)):
            raise
        raise RosterReadError(f"“{path.name}” is not a readable Excel workbook (.xlsx).") from error
    sheet = workbook.worksheets[0]
    records = _xlsx_records(sheet, workbook)
    for _line, cells in records:
        columns: dict[str, int] = {}
        for index, heading in enumerate(cells):
            columns.setdefault(normalise_header(heading), index)
        return Table(path.name, columns, records)
    workbook.close()
    raise RosterReadError(f"“{path.name}” is empty: its first sheet has no header row.")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # staff numbers typed into Excel come back as 1234.0
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _xlsx_records(sheet, workbook) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            if any(cell.strip() for cell in cells):
                yield number, cells
    finally:
        workbook.close()


# --- where the files come from ---------------------------------------------------


def _limited_read(read: Callable[[int], bytes], name: str) -> bytes:
    data = read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise RosterReadError(
            f"“{name}” is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
            "that is not a staff roster."
        )
    return data


class _Folder:
    def __init__(self, folder: Path):
        self.folder = folder
        self.names = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}

    def has(self, name: str) -> bool:
        return name in self.names

    def text(self, name: str) -> str:
        path = self.names[name]
        with path.open("rb") as handle:
            return decode_text(_limited_read(handle.read, path.name), path.name)


class _Zip:
    def __init__(self, path: Path):
        try:
            self.archive = zipfile.ZipFile(path)
            members = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
            if isinstance(error, (FileNotFoundError, PermissionError)):
                raise
            raise RosterReadError(f"“{path.name}” is not a readable zip file.") from error
        # Exports are sometimes zipped with their folder; match the file names alone.
        self.names: dict[str, zipfile.ZipInfo] = {}
        for info in members:
            if not info.is_dir():
                self.names.setdefault(Path(info.filename).name.lower(), info)
        self.path = path

    def has(self, name: str) -> bool:
        return name in self.names

    def text(self, name: str) -> str:
        info = self.names[name]
        display = Path(info.filename).name
        if info.file_size > MAX_FILE_BYTES:
            _limited_read(lambda size: b"\0" * size, display)  # raises the size message
        try:
            with self.archive.open(info) as handle:
                data = _limited_read(handle.read, display)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as error:
            # RuntimeError: encrypted; NotImplementedError: unknown compression.
            raise RosterReadError(
                f"“{display}” inside “{self.path.name}” cannot be unpacked ({error})."
            ) from error
        return decode_text(data, display)


def read_roster(path: str | Path) -> RosterExport:
    """Open *path* (OneRoster folder or zip, users.csv, or a CSV/XLSX staff list)."""
    path = Path(path)
    if not path.exists():
        raise RosterReadError(f"“{path}” was not found. Check the name and folder.")
    if path.is_dir():
        return _read_oneroster(_Folder(path), path)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _read_oneroster(_Zip(path), path)
    if suffix in (".xlsx", ".xlsm"):
        return RosterExport(path, xlsx_table(path), is_oneroster=False)
    if suffix == ".xls":
        raise RosterReadError(
            f"“{path.name}” is an old-style Excel file; save it as .xlsx or .csv and try again."
        )
    if path.name.lower() == "users.csv" and (path.parent / "orgs.csv").exists():
        # The user picked the users file of a OneRoster folder: read the folder.
        return _read_oneroster(_Folder(path.parent), path.parent)
    with path.open("rb") as handle:
        text = decode_text(_limited_read(handle.read, path.name), path.name)
    table = csv_table(text, path.name)
    looks_oneroster = {"sourcedid", "givenname", "familyname"} <= set(table.columns)
    return RosterExport(path, table, is_oneroster=looks_oneroster, version=_guess_version(table))


def _guess_version(users: Table) -> str | None:
    if "role" in users.columns and "orgsourcedids" in users.columns:
        return "1.1"
    if "primaryorgsourcedid" in users.columns or "usermasteridentifier" in users.columns:
        return "1.2"
    return None


def _read_oneroster(source, path: Path) -> RosterExport:
    if not source.has("users.csv"):
        raise RosterReadError(
            f"“{path.name}” has no users.csv, so it is not a OneRoster export. "
            "Choose the export folder or zip, or a single CSV or XLSX staff list."
        )
    users = csv_table(source.text("users.csv"), "users.csv")
    orgs = _read_orgs(source.text("orgs.csv")) if source.has("orgs.csv") else {}
    roles = _read_roles(source.text("roles.csv")) if source.has("roles.csv") else {}
    version = _manifest_version(source.text("manifest.csv")) if source.has("manifest.csv") else None
    if version is None:
        # No manifest: only 1.2 has roles.csv; only 1.1 keeps the role in users.csv.
        version = "1.2" if roles else _guess_version(users)
    return RosterExport(path, users, is_oneroster=True, version=version, orgs=orgs, roles=roles)


def _lookup_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    """The rows of orgs.csv, roles.csv or manifest.csv: every user depends on them, so a
    line that cannot be read refuses the whole export instead of quietly losing a school."""
    for item in table.rows:
        if isinstance(item, BadRecord):
            raise RosterReadError(f"“{table.name}” line {item.line}: {item.reason}. "
                                  "Fix that line or export the roster again.")
        yield item


def _column(table: Table, cells: list[str], name: str) -> str:
    index = table.columns.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _is_deleted(table: Table, cells: list[str]) -> bool:
    return _column(table, cells, "status").lower() == "tobedeleted"


def _read_orgs(text: str) -> dict[str, Org]:
    table = csv_table(text, "orgs.csv")
    orgs = {}
    for _line, cells in _lookup_rows(table):
        sourced_id = _column(table, cells, "sourcedid")
        if sourced_id and not _is_deleted(table, cells):
            orgs[sourced_id] = Org(
                sourced_id, _column(table, cells, "name") or sourced_id,
                _column(table, cells, "type").lower(),
            )
    return orgs


def _read_roles(text: str) -> dict[str, list[UserRole]]:
    table = csv_table(text, "roles.csv")
    roles: dict[str, list[UserRole]] = {}
    for _line, cells in _lookup_rows(table):
        user = _column(table, cells, "usersourcedid")
        if user and not _is_deleted(table, cells):
            roles.setdefault(user, []).append(UserRole(
                _column(table, cells, "role"),
                _column(table, cells, "roletype").lower(),
                _column(table, cells, "orgsourcedid"),
            ))
    return roles


def _manifest_version(text: str) -> str | None:
    table = csv_table(text, "manifest.csv")
    for _line, cells in _lookup_rows(table):
        if _column(table, cells, "propertyname").lower() == "oneroster.version":
            return _column(table, cells, "value") or None
    return None
