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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

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
    return write_portfolio(target, portfolio, page_size_name=options.page_size_name)


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
    page numbers (so a teacher's pages can be handed out alone) and a bookmark."""
    from pypdf import PdfReader, PdfWriter

    from desktop.atomic_files import temporary_sibling

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
            parts.append((name, write_one(db, staff_id, part, options)))
            result.done += 1
        if cancelled and cancelled():
            result.cancelled = True
            return result
        writer = PdfWriter()
        for name, part in parts:
            writer.append(PdfReader(part), outline_item=name)
        writer.add_metadata({"/Title": f"Growth portfolios — {options.year.label}", "/Creator": "Cultivate"})
        with temporary_sibling(target) as temp_path:
            with temp_path.open("wb") as stream:
                writer.write(stream)
    result.written.append(target)
    if progress:
        progress(result.done, result.total, "")
    return result


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
