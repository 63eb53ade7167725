"""Is a data file safe to use? Health reports, risky-folder warnings, and salvage.

Everything here only reads the file it is asked about; salvage writes a *new*
file and leaves the damaged one exactly as it was, for whoever wants to try
harder later.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from db import driver, migrations, records, school_years, staff
from db.connection import (
    SQLITE_HEADER,
    open_new_at_version,
    open_read_only,
    read_only_place,
    translate_error,
)
from db.errors import DamagedFileError, NotCultivateFileError, ReadOnlyFileError, StorageError
from db.lockfile import holder_of

# The records a principal recognises, in the words shown beside a backup or a check.
MAIN_TABLES = {
    "staff": "staff",
    "observations": "observations",
    "goals": "goals",
    "conversations": "conversations",
    "self_assessments": "self-assessments",
    "pd_offerings": "PD offerings",
    "enrollments": "enrolments",
    "celebrations": "celebrations",
    "wellbeing_responses": "monthly wellbeing responses",
}


def record_counts(db: Database) -> dict[str, int]:
    """Rows in each main table that the file has (an older file may lack some)."""
    present = set(db.table_names())
    return {
        table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in MAIN_TABLES
        if table in present
    }


def describe_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {MAIN_TABLES[table]}" for table, count in counts.items())


# ---------------------------------------------------------------- risky folders

# Folder names the sync clients create; matched against each part of the path.
_SYNC_FOLDERS = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "icloud": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "box": "Box",
    "box sync": "Box",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud drive": "pCloud",
}
_NETWORK_TYPES = {
    "nfs", "nfs4", "cifs", "smbfs", "smb3", "afs", "ncpfs", "9p", "ceph", "glusterfs",
    "fuse.sshfs", "fuse.davfs", "davfs", "fuse.rclone", "fuse.gvfsd-fuse", "webdav",
}


def sync_service(path: str | os.PathLike) -> str | None:
    """The cloud service whose folder holds *path* (by its folder names), or None."""
    for part in Path(os.path.abspath(path)).parts[:-1]:
        name = part.lower()
        if name in _SYNC_FOLDERS:
            return _SYNC_FOLDERS[name]
        # "OneDrive - Springfield Schools", "Dropbox (Personal)", macOS CloudStorage/GoogleDrive-me@x
        for prefix in ("onedrive", "dropbox", "googledrive", "google drive"):
            if name.startswith(prefix):
                return _SYNC_FOLDERS[prefix]
    return None


def _unescape_mount(field_text: str) -> str:
    # /proc/mounts writes spaces and tabs in mount points as octal escapes.
    return (
        field_text.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")
    )


def network_filesystem(path: str | os.PathLike, mounts_text: str | None = None) -> str | None:
    """The network filesystem type holding *path* ("nfs", "cifs", …), or None.

    Linux reads /proc/mounts (tests pass *mounts_text*); Windows asks for the
    drive type; elsewhere only UNC-style paths are recognised.
    """
    resolved = os.path.abspath(path)
    if resolved.startswith(("\\\\", "//")):
        return "network share"
    if os.name == "nt":  # pragma: no cover - Windows only
        return _windows_network_drive(resolved)
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best_point, best_type = "", None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, kind = _unescape_mount(fields[1]), fields[2]
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best_point):
            best_point, best_type = point, kind
    if best_type and (best_type in _NETWORK_TYPES or best_type.split(".")[0] in _NETWORK_TYPES):
        return best_type
    return None


def _windows_network_drive(resolved: str) -> str | None:  # pragma: no cover - Windows only
    try:
        import ctypes

        drive = os.path.splitdrive(resolved)[0] + "\\"
        DRIVE_REMOTE = 4
        if ctypes.windll.kernel32.GetDriveTypeW(drive) == DRIVE_REMOTE:
            return "network drive"
    except Exception:
        return None
    return None


def risky_folder_warning(path: str | os.PathLike, mounts_text: str | None = None) -> str | None:
    """A plain-words warning when the data file sits where it can be damaged, else None."""
    service = sync_service(path)
    if service:
        return (
            f"This data file is inside your {service} folder. Sync services copy a database "
            "while it is being written and can keep a half-written or conflicting copy; two "
            "computers editing it at once will lose work. Keep the file in a local folder and "
            "use File > Back up now… to put copies in the cloud."
        )
    network = network_filesystem(path, mounts_text)
    if network:
        return (
            f"This data file is on a network folder ({network}). Network folders can lose "
            "changes when the connection drops, and do not reliably stop two people from "
            "editing at once. Keep the file on this computer and back it up to the network "
            "folder instead."
        )
    return None


# ---------------------------------------------------------------- health report


@dataclass
class HealthReport:
    path: Path
    problem: StorageError | None = None
    data_version: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return self.problem is None


def check_file(path: str | os.PathLike, *, thorough: bool = False) -> HealthReport:
    """Everything Cultivate would check on opening *path*, without writing anything.

    On top of what opening checks (the header, whose file, its version and schema), the
    check of every page (``quick_check``, which opening leaves to the daily background
    backup); *thorough* runs the full ``integrity_check`` (slower still) as well.
    """
    path = Path(path)
    report = HealthReport(path)
    try:
        db = open_read_only(path, pages=True)
    except StorageError as error:
        report.problem = error
        return report
    try:
        if thorough:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
            if problems:
                report.problem = DamagedFileError(path, "; ".join(problems[:3]))
                return report
        report.data_version = migrations.user_version(db)
        report.counts = record_counts(db)
    except driver.Error as error:
        report.problem = translate_error(path, error)
        return report
    finally:
        db.close()
    place = read_only_place(path)
    if place is not None:
        report.problem = ReadOnlyFileError(path, place)
        return report
    if report.data_version < migrations.LATEST_VERSION:
        report.warnings.append(
            f"The file uses data format {report.data_version}; Cultivate will upgrade it to "
            f"{migrations.LATEST_VERSION} when it is next opened, after keeping a backup."
        )
    holder = holder_of(path)
    if holder is not None:
        who = f" by {holder}" if holder else ""
        report.warnings.append(f"The file is open in Cultivate right now{who}.")
    warning = risky_folder_warning(path)
    if warning:
        report.warnings.append(warning)
    return report


# ---------------------------------------------------------------- salvage


@dataclass
class SalvageReport:
    source: Path
    destination: Path
    copied: dict[str, int] = field(default_factory=dict)
    unreadable_tables: list[str] = field(default_factory=list)
    damaged_tables: list[str] = field(default_factory=list)

    @property
    def total_copied(self) -> int:
        return sum(self.copied.values())

    def summary(self) -> str:
        text = f"Salvaged {self.total_copied} records into “{self.destination}”."
        if self.damaged_tables:
            text += " Some records could not be read from: " + ", ".join(self.damaged_tables) + "."
        if self.unreadable_tables:
            text += " Nothing could be read from: " + ", ".join(self.unreadable_tables) + "."
        return text


_LOWEST_ROWID = -(2**63)
_MAX_PROBES = 400


def _without_rowid(conn, table: str) -> bool:
    try:
        return records.without_rowid(conn, table)
    except driver.DatabaseError:
        return False


def _readable_rows(conn, table: str, columns: list[str], report: SalvageReport) -> Iterator[tuple]:
    """Every row of *table* that can be read, stepping over damaged pages by rowid."""
    names = ", ".join(f'"{name}"' for name in columns)
    if _without_rowid(conn, table):
        # No rowid to step by (the private wellbeing answers): what reads, in one pass.
        try:
            yield from conn.execute(f'SELECT {names} FROM "{table}"')
        except driver.DatabaseError:
            report.damaged_tables.append(table)
        return
    select = f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid'
    try:
        top = conn.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
    except driver.DatabaseError:
        top = None
    after = _LOWEST_ROWID
    probes = 0
    while True:
        try:
            for row in conn.execute(select, [after]):
                after = row[0]
                yield row[1:]
            return
        except driver.DatabaseError:
            if table not in report.damaged_tables:
                report.damaged_tables.append(table)
        # Jump ever further past the damaged page until reading works again.
        step = 1
        while True:
            probes += 1
            probe = after + step
            if probes > _MAX_PROBES or probe >= 2**63 or (top is not None and probe >= top):
                return
            try:
                conn.execute(select + " LIMIT 1", [probe]).fetchone()
            except driver.DatabaseError:
                step *= 2
                continue
            after = probe
            break


def salvage(source: str | os.PathLike, destination: str | os.PathLike) -> SalvageReport:
    """Copy every readable row of every table of *source* into a new file at *destination*.

    The new file is made at the damaged file's own data format, the rows are copied
    into it, and then it is upgraded like any older file: so an older file's records
    come out as an upgrade would make them (its unshared wellbeing check-ins, for
    one, lose their link to the teacher). Rows that cannot be read are skipped, and
    the report says where that happened.
    """
    source, destination = Path(source), Path(destination)
    if destination.exists():
        raise StorageError(f"“{destination}” already exists; salvage only writes a new file.")
    with source.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER and not driver.looks_encrypted(source):
            raise NotCultivateFileError(source, "it is not a database file, so nothing can be salvaged")
    old = open_read_only(source, check=False)
    try:
        version = migrations.user_version(old)
    except driver.DatabaseError:
        version = migrations.LATEST_VERSION
    if not 1 <= version <= migrations.LATEST_VERSION:
        version = migrations.LATEST_VERSION
    try:
        # A protected file's rows stay encrypted in the copy: the same key as the damaged file.
        new = open_new_at_version(destination, version, like=source)
    except BaseException:
        old.close()
        raise
    report = SalvageReport(source, destination)
    try:
        # No audit triggers on this connection: the copied audit log already tells the story.
        new.execute("PRAGMA foreign_keys = OFF")  # a lost parent must not cost its children
        try:
            old_tables = set(old.table_names())
        except driver.DatabaseError:
            old_tables = set()
        # The year a new file is given makes way for the damaged file's own years.
        with new.atomic():
            school_years.forget_years(new)
        # Records only: the new file rebuilds its own search index from them as they arrive.
        for table in [name for name in new.table_names() if records.is_record_table(name)]:
            if table not in old_tables:
                report.unreadable_tables.append(table)
                continue
            try:
                old_columns = [column.name for column in old[table].columns]
            except driver.DatabaseError:
                report.unreadable_tables.append(table)
                continue
            columns = [column.name for column in new[table].columns if column.name in old_columns]
            insert = (
                f'INSERT OR IGNORE INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) '
                f'VALUES ({", ".join("?" for _ in columns)})'
            )
            copied = 0
            with new.atomic():
                for row in _readable_rows(old.conn, table, columns, report):
                    # OR IGNORE: a damaged value that breaks a rule is left out, not fatal.
                    copied += new.conn.execute(insert, row).rowcount
            report.copied[table] = copied
        migrations.migrate(new)     # an older file's rows, as an upgrade would make them
        with new.atomic():   # keys of rows that were unreadable
            staff.fill_sort_keys(new)
        if not new.execute("SELECT 1 FROM school_years LIMIT 1").fetchone():
            with new.atomic():   # its years unreadable: from its data
                school_years.years_from_the_data(new)
    finally:
        new.execute("PRAGMA foreign_keys = ON")
        old.close()
        new.close()
    return report
