"""Many portfolios at once: a folder of PDFs or one combined PDF, with progress and Cancel."""

from datetime import date

import pytest
from pypdf import PdfReader

from db import staff
from db.connection import open_memory
from desktop.core.batch_export import (
    PortfolioOptions,
    export_combined,
    export_to_folder,
    portfolio_file_name,
    staff_for_export,
)
from desktop.core.portfolio_data import parse_school_year
from tests.helpers.portfolio_school import UNICODE_NAMES, build_portfolio_school


@pytest.fixture(scope="module")
def school():
    db = open_memory()
    people = build_portfolio_school(db)
    yield db, people
    db.close()


@pytest.fixture(scope="module")
def options(school):
    db, _ = school
    return PortfolioOptions(year=parse_school_year(db, "2025-2026"), generated_on=date(2026, 6, 20))


def test_file_names_keep_any_letters_and_drop_what_file_systems_refuse():
    assert portfolio_file_name("Zoë Ñúñez", "2025–2026") == "Growth portfolio - Zoë Ñúñez - 2025-2026.pdf"
    unsafe = portfolio_file_name('A/B\\C:D*E?"F<G>|H\x00', "2025–2026")
    assert not set('/\\:*?"<>|\x00') & set(unsafe)
    assert len(portfolio_file_name("x" * 500, "2025–2026")) <= 124


def test_folder_export_writes_one_pdf_per_teacher_and_reports_progress(school, options, tmp_path):
    db, people = school
    seen = []
    result = export_to_folder(db, people.full, tmp_path / "out", options,
                              progress=lambda done, total, name: seen.append((done, total, name)))
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names == sorted(f"Growth portfolio - {first} {last} - 2025-2026.pdf" for first, last in UNICODE_NAMES)
    assert result.done == 3 and not result.cancelled and len(result.written) == 3
    assert [item[:2] for item in seen] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert seen[0][2] == "Zoë Ñúñez" and seen[-1][2] == ""
    for path in result.written:
        first_page = PdfReader(path).pages[0].extract_text()
        assert any(f"{first} {last}" in first_page and path.name.count(first) for first, last in UNICODE_NAMES)


def test_cancel_after_two_leaves_exactly_two_whole_files(school, options, tmp_path):
    db, people = school
    folder = tmp_path / "out"
    result = export_to_folder(db, [*people.full, people.empty], folder, options,
                              cancelled=lambda: len(list(folder.iterdir())) >= 2)
    files = sorted(folder.iterdir())
    assert result.cancelled and result.done == 2 and len(files) == 2
    assert all(path.suffix == ".pdf" and not path.name.startswith(".") for path in files)
    for path in files:
        assert len(PdfReader(path).pages) >= 2          # whole, readable PDFs


def test_same_names_get_numbered_files(school, options, tmp_path):
    db, people = school
    result = export_to_folder(db, [people.empty, people.empty], tmp_path, options)
    assert [path.name for path in result.written] == [
        "Growth portfolio - Ana Blank - 2025-2026.pdf", "Growth portfolio - Ana Blank - 2025-2026 (2).pdf"]


def test_combined_pdf_has_every_teacher_with_a_bookmark_each(school, options, tmp_path):
    db, people = school
    target = tmp_path / "all.pdf"
    result = export_combined(db, [*people.full, people.empty], target, options)
    reader = PdfReader(target)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for first, last in UNICODE_NAMES:
        assert f"{first} {last}" in text
    top_level = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top_level == ["Staff index", "Zoë Ñúñez", "Nguyễn Thị Minh", "Øyvind Łukasz", "Ana Blank"]
    assert result.written == [target] and result.done == 4
    assert list(tmp_path.iterdir()) == [target]


def test_combined_pdf_starts_every_teacher_on_a_front_page_listed_in_the_index(school, options, tmp_path):
    """Printed double-sided, no teacher's cover lands on the back of someone else's page."""
    db, people = school
    target = tmp_path / "all.pdf"
    export_combined(db, [*people.full, people.empty], target, options)
    reader = PdfReader(target)
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) % 2 == 0
    starts = {item.title: reader.get_destination_page_number(item)
              for item in reader.outline if not isinstance(item, list)}
    assert starts["Staff index"] == 0
    index = " ".join(" ".join(pages[0].split()).split())
    assert "Growth portfolios" in index and "Starts on page" in index
    ordered = sorted(starts.items(), key=lambda pair: pair[1])
    for (name, start), (_, following) in zip(ordered, ordered[1:] + [("end", len(pages))], strict=True):
        assert start % 2 == 0, f"{name} starts on the back of a sheet"
        assert (following - start) % 2 == 0
        if name != "Staff index":
            assert f"{name} {start + 1}" in index or f"{start + 1}" in index.split(name, 1)[1][:30]
            assert name in pages[start]                       # the cover is where the index says
            own = [text for text in pages[start:following] if "intentionally left blank" not in text]
            padded = following - start - len(own)
            assert padded == len(own) % 2                      # a blank page only to make it even
    # Each teacher's sections stay bookmarked under their name.
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert nested and "Growth profile" in [entry.title for entry in nested[0]]


def test_cancelled_combined_export_writes_nothing(school, options, tmp_path):
    db, people = school
    seen = []
    result = export_combined(db, people.full, tmp_path / "all.pdf", options,
                             progress=lambda done, total, name: seen.append(done),
                             cancelled=lambda: len(seen) >= 2)
    assert result.cancelled and result.done == 2 and result.written == []
    assert list(tmp_path.iterdir()) == []


def test_whole_staff_leaves_out_leaders_and_archived(school):
    db, people = school
    everyone = staff_for_export(db)
    assert people.coach not in everyone
    assert set(people.full) | {people.empty, people.busy} == set(everyone)
    retired = staff.add(db, first_name="Old", last_name="Timer")
    staff.archive(db, retired)
    assert retired not in staff_for_export(db)
