"""Growth portfolios for many teachers: one PDF each in a folder, or one combined PDF.

Plain Python so the CLI and a Qt worker thread share it: the caller passes
``progress(done, total, name)`` to hear about each teacher and ``cancelled()``
to stop between teachers. A cancelled export leaves no partial file behind:
each PDF is written atomically, and the combined PDF is only written once
every teacher's part is ready.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from db import staff
from desktop.core.portfolio_data import SchoolYear, gather_portfolio

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
MAX_NAME_LENGTH = 120
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


@dataclass(frozen=True)
class PortfolioOptions:
    year: SchoolYear
    generated_on: date
    include_private: bool = False
    page_size_name: str = "letter"
    # A password for the PDFs (AES-256, desktop.reports.pdf_base.protect_pdf); never shown in
    # a repr, a log line or a traceback.
    password: str = field(default="", repr=False, compare=False)


@dataclass
class BatchResult:
    total: int
    written: list[Path] = field(default_factory=list)   # the PDFs now on disk
    done: int = 0                                       # teachers finished
    cancelled: bool = False


def write_one(db: Database, staff_id: str, target: Path, options: PortfolioOptions) -> Path:
    from desktop.reports.portfolio import write_portfolio

    portfolio = gather_portfolio(db, staff_id, year=options.year, generated_on=options.generated_on,
                                 include_private=options.include_private)
    written = write_portfolio(target, portfolio, page_size_name=options.page_size_name)
    if options.password:
        from desktop.reports.pdf_base import protect_pdf

        protect_pdf(written, options.password)
    return written


def portfolio_file_name(teacher_name: str, year_label: str) -> str:
    """'Growth portfolio - Zoë Ñúñez - 2025-2026.pdf': any letters, nothing a file system refuses."""
    text = unicodedata.normalize("NFC", f"Growth portfolio - {teacher_name} - {year_label}")
    text = text.replace("–", "-")
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text[:MAX_NAME_LENGTH].rstrip(" .") + ".pdf"


def export_to_folder(db: Database, staff_ids: Sequence[str], folder: Path, options: PortfolioOptions, *,
                     progress: Progress | None = None, cancelled: Cancelled | None = None) -> BatchResult:
    """One PDF per teacher in *folder*; two teachers with the same name get ' (2)' and so on."""
    from desktop.atomic_files import owner_folder

    folder = owner_folder(Path(folder))     # a folder Cultivate makes for them is the user's only
    result = BatchResult(total=len(staff_ids))
    used: set[str] = set()
    for staff_id, name in _names(db, staff_ids):
        if cancelled and cancelled():
            result.cancelled = True
            break
        if progress:
            progress(result.done, result.total, name)
        file_name = _unique(portfolio_file_name(name, options.year.label), used)
        result.written.append(write_one(db, staff_id, folder / file_name, options))
        result.done += 1
    if progress and not result.cancelled:
        progress(result.done, result.total, "")
    return result


def export_combined(db: Database, staff_ids: Sequence[str], target: Path, options: PortfolioOptions, *,
                    progress: Progress | None = None, cancelled: Cancelled | None = None) -> BatchResult:
    """Every teacher's portfolio in one PDF, each starting on its own page with its own
    page numbers (so a teacher's pages can be handed out alone) and a bookmark.

    Printed double-sided, every portfolio starts on a front: each is padded to an even
    page count with a page that says it is blank on purpose, and a staff index at the
    front (itself even) gives each teacher's first page in the file."""
    from pypdf import PdfReader, PdfWriter

    from desktop.atomic_files import temporary_sibling
    from desktop.reports.portfolio import write_blank_page, write_staff_index

    target = Path(target)
    result = BatchResult(total=len(staff_ids))
    parts: list[tuple[str, Path]] = []
    with tempfile.TemporaryDirectory(prefix="cultivate-portfolios-") as scratch:
        for staff_id, name in _names(db, staff_ids):
            if cancelled and cancelled():
                result.cancelled = True
                return result
            if progress:
                progress(result.done, result.total, name)
            part = Path(scratch) / f"{len(parts):05d}.pdf"
            # The parts are joined first; the combined PDF gets the password.
            parts.append((name, write_one(db, staff_id, part, replace(options, password=""))))
            result.done += 1
        if cancelled and cancelled():
            result.cancelled = True
            return result
        readers = [(name, PdfReader(part)) for name, part in parts]
        blank = PdfReader(write_blank_page(Path(scratch) / "blank.pdf", options.page_size_name,
                                           options.generated_on))
        entries, _ = _index_entries(db, staff_ids, readers, options)
        index = PdfReader(write_staff_index(Path(scratch) / "index.pdf", entries, year_label=options.year.label,
                                            school=_school(db, staff_ids), generated_on=options.generated_on,
                                            page_size_name=options.page_size_name))
        writer = PdfWriter()
        writer.append(index, outline_item="Staff index")
        if len(index.pages) % 2:
            writer.append(blank)
        for name, reader in readers:
            writer.append(reader, outline_item=name)
            if len(reader.pages) % 2:
                writer.append(blank)
        writer.add_metadata({"/Title": f"Growth portfolios — {options.year.label}", "/Creator": "Cultivate"})
        if options.password:
            from desktop.reports.pdf_base import encrypt_writer

            encrypt_writer(writer, options.password)
        with temporary_sibling(target) as temp_path:
            with temp_path.open("wb") as stream:
                writer.write(stream)
    result.written.append(target)
    if progress:
        progress(result.done, result.total, "")
    return result


@dataclass(frozen=True)
class IndexEntry:
    name: str
    role: str
    first_page: int      # in the combined file, counting the index
    pages: int           # the portfolio's own pages, without the blank one


def _index_entries(db: Database, staff_ids: Sequence[str], readers, options: PortfolioOptions):
    """The index rows and the index's own length: its length decides where every portfolio
    starts, so the index is laid out once to count its pages, then with the numbers."""
    from desktop.reports.portfolio import write_staff_index

    def entries_for(index_pages: int) -> list[IndexEntry]:
        page = index_pages + index_pages % 2 + 1
        rows = []
        for staff_id, (name, reader) in zip(staff_ids, readers, strict=True):
            person = staff.get(db, staff_id)
            rows.append(IndexEntry(name, (person.role or "").replace("_", " ").capitalize(), page,
                                   len(reader.pages)))
            page += len(reader.pages) + len(reader.pages) % 2
        return rows

    from pypdf import PdfReader

    with tempfile.TemporaryDirectory(prefix="cultivate-index-") as scratch:
        draft = write_staff_index(Path(scratch) / "draft.pdf", entries_for(1), year_label=options.year.label,
                                  school=_school(db, staff_ids), generated_on=options.generated_on,
                                  page_size_name=options.page_size_name)
        index_pages = len(PdfReader(draft).pages)
    return entries_for(index_pages), index_pages


def _school(db: Database, staff_ids: Sequence[str]) -> str:
    from db.portfolio_queries import school_name

    person = staff.get(db, staff_ids[0]) if staff_ids else None
    return school_name(db, person.school_id if person else None)


@dataclass(frozen=True)
class Unprintable:
    staff_id: str
    name: str
    characters: list[str]

    @property
    def message(self) -> str:
        from desktop.reports.fonts import describe

        return f"{self.name}: no font here prints {describe(self.characters)}; it will print as a box."


def unprintable_names(db: Database, staff_ids: Sequence[str]) -> list[Unprintable]:
    """The people whose names have characters no shipped font has, to say so before printing."""
    from desktop.reports.fonts import uncovered

    names = {person.id: person.full_name for person in staff.list_staff(db, include_archived=True)}
    found = []
    for staff_id in staff_ids:   # one query for everyone: the dialog asks again on each choice
        name = names.get(staff_id) or (staff.get(db, staff_id).full_name if staff.get(db, staff_id) else "")
        missing = uncovered(name)
        if missing:
            found.append(Unprintable(staff_id, name, missing))
    return found


def _names(db: Database, staff_ids: Sequence[str]):
    for staff_id in staff_ids:
        person = staff.get(db, staff_id)
        if person is None:
            raise KeyError(f"No staff member with id {staff_id}")
        yield staff_id, person.full_name


def _unique(file_name: str, used: set[str]) -> str:
    stem, suffix = file_name[:-4], file_name[-4:]
    candidate, number = file_name, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{stem} ({number}){suffix}"
    used.add(candidate.casefold())
    return candidate


# Leaders and coaches run the growth loop rather than go through it, so "--all" leaves them out.
PORTFOLIO_ROLES = ("teacher", "specialist", "other")


def staff_for_export(db: Database) -> list[str]:
    """Everyone current who gets a growth portfolio, by last name."""
    return [person.id for person in staff.list_staff(db) if person.role in PORTFOLIO_ROLES]
