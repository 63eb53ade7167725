"""``cultivate portfolio``: print growth portfolios to PDF, one teacher or the whole staff."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from desktop.commands import add_data_argument, data_file

HELP = ("Write growth portfolio PDFs: one teacher (--teacher), a selection (--teacher repeated) or "
        "everyone (--all) into a folder, or into one combined PDF when --out ends in .pdf.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser, "the Cultivate data file to read")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--teacher", metavar="NAME|ID", action="append",
                     help="the teacher's name (or part of it) or id; repeat it for a selection")
    who.add_argument("--all", action="store_true", help="every current teacher")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="a .pdf file, or a folder to hold one PDF per teacher")
    parser.add_argument("--year", metavar="YYYY-YYYY",
                        help="the school year, e.g. 2025-2026 (default: the year the file is about, "
                             "else the current one)")
    parser.add_argument("--include-private", action="store_true",
                        help="also print private observation notes, private conversations and "
                             "the wellbeing check-ins the teacher shared (left out by default)")
    parser.add_argument("--page-size", choices=("letter", "a4"), type=str.lower,
                        help="paper size (default: your pdf.page_size setting)")
    parser.add_argument("--password", action="store_true",
                        help="protect the PDFs with a password (AES-256), for sending by email: "
                             "taken from CULTIVATE_PDF_PASSWORD, or asked for at the terminal")


def run(args: argparse.Namespace) -> int:
    from db import clock
    from db.connection import open_read_only
    from desktop.core import batch_export
    from desktop.core.portfolio_data import SchoolYearError, default_school_year, parse_school_year
    from desktop.errors import UserFacingError
    from desktop.settings import get_settings

    data = data_file(args)
    db = open_read_only(data)  # printing only reads: a typo in --data must not create a file
    try:
        today = clock.today()
        try:
            year = parse_school_year(db, args.year) if args.year else default_school_year(db, today)
        except SchoolYearError as error:
            raise UserFacingError(str(error)) from error
        password = ""
        if args.password:
            from desktop.commands import ask_passphrase
            from desktop.reports.pdf_base import MIN_PDF_PASSWORD

            password = ask_passphrase("Password for the PDFs: ", variable="CULTIVATE_PDF_PASSWORD",
                                      again=True)
            if len(password) < MIN_PDF_PASSWORD:
                raise UserFacingError(f"The PDF password needs at least {MIN_PDF_PASSWORD} characters.")
        options = batch_export.PortfolioOptions(
            year=year, generated_on=today, include_private=args.include_private,
            page_size_name=args.page_size or get_settings().get("pdf.page_size"),
            password=password,
        )
        if args.teacher:
            chosen: list[str] = []
            for text in args.teacher:
                staff_id, message = find_teacher(db, text)
                if staff_id is None:
                    print(f"cultivate: {message}", file=sys.stderr)
                    return 2
                if staff_id not in chosen:
                    chosen.append(staff_id)
            _warn_unprintable(db, chosen)
            if len(chosen) == 1:
                return _one(db, chosen[0], args.out, options)
            return _all(db, chosen, args.out, options)
        everyone = batch_export.staff_for_export(db)
        _warn_unprintable(db, everyone)
        return _all(db, everyone, args.out, options)
    finally:
        db.close()


def _warn_unprintable(db, staff_ids: list[str]) -> None:
    """Before printing: say whose name has characters no font here can print."""
    from desktop.core import batch_export

    for found in batch_export.unprintable_names(db, staff_ids):
        print(f"cultivate: warning: {found.message}", file=sys.stderr)


def _one(db, staff_id: str, out: Path, options) -> int:
    from db import staff
    from desktop.core import batch_export

    if out.is_dir():
        out = out / batch_export.portfolio_file_name(staff.get(db, staff_id).full_name, options.year.label)
    written = batch_export.write_one(db, staff_id, out, options)
    print(f"Wrote {written}")
    return 0


def _all(db, staff_ids: list[str], out: Path, options) -> int:
    from desktop.core import batch_export

    if not staff_ids:
        print("cultivate: there are no current teachers to print.", file=sys.stderr)
        return 2
    if out.suffix.lower() != ".pdf" and out.exists() and not out.is_dir():
        print(f"cultivate: {out} is a file; give a folder, or a name ending in .pdf for one combined PDF.",
              file=sys.stderr)
        return 2

    def progress(done: int, total: int, name: str) -> None:
        if name:
            print(f"[{done + 1}/{total}] {name}", flush=True)

    if out.suffix.lower() == ".pdf":
        batch_export.export_combined(db, staff_ids, out, options, progress=progress)
        print(f"Wrote {len(staff_ids)} portfolios into {out}")
    else:
        result = batch_export.export_to_folder(db, staff_ids, out, options, progress=progress)
        print(f"Wrote {len(result.written)} portfolios into {out}")
    return 0


def _folded(text: str) -> str:
    """Case- and accent-blind form, so 'zoe nunez' finds Zoë Ñúñez."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def find_teacher(db, text: str) -> tuple[str | None, str]:
    """(staff id, '') for one match by id, whole name or part of a name; else (None, a plain message)."""
    from db import staff

    person = staff.get(db, text.strip())
    if person is not None:
        return person.id, ""
    everyone = staff.list_staff(db, include_archived=True)
    wanted = _folded(text)
    exact = [item for item in everyone if _folded(item.full_name) == wanted]
    if len(exact) == 1:
        return exact[0].id, ""
    matches = exact or [item for item in everyone if wanted and wanted in _folded(item.full_name)]
    if len(matches) == 1:
        return matches[0].id, ""
    if matches:
        listed = "\n".join(f"  {item.full_name}  (--teacher {item.id})" for item in matches[:20])
        more = f"\n  … and {len(matches) - 20} more" if len(matches) > 20 else ""
        return None, (f"“{text}” matches {len(matches)} people; say which one:\n{listed}{more}")
    import difflib

    names = {item.full_name: item for item in everyone}
    close = difflib.get_close_matches(text, list(names), n=5, cutoff=0.5)
    hint = ("\nDid you mean:\n" + "\n".join(f"  {name}" for name in close)) if close else ""
    return None, f"No one called “{text}” is in this file.{hint}"
