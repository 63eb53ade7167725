"""The printed growth portfolio, read back as text with pypdf."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from db.connection import open_memory
from desktop.core.portfolio_data import gather_portfolio, parse_school_year
from desktop.reports.portfolio import SECTION_TITLES, write_portfolio
from tests.helpers.portfolio_school import (
    PRIVATE_CELEBRATION,
    PRIVATE_CONVERSATION,
    PRIVATE_NOTE,
    SHARED_CONVERSATION,
    UNICODE_NAMES,
    WELLBEING_NOTE,
    build_portfolio_school,
)

GENERATED_ON = date(2026, 6, 20)
MARKERS = ("PRIVATEOBSERVATIONMARKER", "PRIVATECONVERSATIONMARKER", "WELLBEINGMARKER")


@pytest.fixture(scope="module")
def school():
    db = open_memory()
    people = build_portfolio_school(db)
    yield db, people
    db.close()


@pytest.fixture(scope="module")
def pdfs(school, tmp_path_factory):
    """Every teacher's PDF, built once for the module: (path, page texts) by label."""
    db, people = school
    folder = tmp_path_factory.mktemp("portfolios")
    year = parse_school_year(db, "2025-2026")
    wanted = {
        "zoe": (people.full[0], False, "letter"), "zoe_private": (people.full[0], True, "letter"),
        "minh": (people.full[1], False, "a4"), "oyvind": (people.full[2], False, "letter"),
        "empty": (people.empty, False, "letter"), "busy": (people.busy, False, "letter"),
    }
    built = {}
    for key, (staff_id, private, size) in wanted.items():
        portfolio = gather_portfolio(db, staff_id, year=year, generated_on=GENERATED_ON, include_private=private)
        path = write_portfolio(folder / f"{key}.pdf", portfolio, page_size_name=size)
        built[key] = (path, [page.extract_text() for page in PdfReader(path).pages])
    return built


def text_of(pdfs, key) -> str:
    """All pages' text with line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join(pdfs[key][1]).split())


def test_every_section_is_there_with_header_and_page_numbers(pdfs):
    text = text_of(pdfs, "zoe")
    for title in ("Contents", *SECTION_TITLES, "Strengths", "Indicator trend", "Selected glows",
                  "Selected evidence", "Reflections"):
        assert title in text, title
    assert "Questions that make students think" in text and "Plan three hinge questions a week" in text
    assert "Hinge questions show who is lost" in text                 # a PD reflection
    assert "PLC" in text and "6.5 hours in all" in text               # hours by format
    assert "Led the PLC on questioning" in text                       # a celebration
    assert "10 classroom visits" in text and "2 formal observations and 8 walkthroughs" in text
    pages = pdfs["zoe"][1]
    assert "Page 1" not in pages[0] and "Maple Grove École · 2025–2026" not in pages[0]  # the cover
    assert "Page 2" in pages[1] and "Growth portfolio — Zoë Ñúñez · Maple Grove École · 2025–2026" in pages[1]


def test_private_text_is_left_out_by_default(pdfs):
    text = text_of(pdfs, "zoe")
    assert SHARED_CONVERSATION in text
    for marker in MARKERS:
        assert marker not in text
    assert "Wellbeing" not in text and "CONFIDENTIAL" not in text


def test_private_text_prints_when_asked_for(pdfs):
    text = text_of(pdfs, "zoe_private")
    for private in (PRIVATE_NOTE, PRIVATE_CONVERSATION, WELLBEING_NOTE):
        assert private in text
    assert "CONFIDENTIAL" in text and "Wellbeing check-ins (shared)" in text
    # Only the check-in she shared: one row, December's; January's private answer is not hers to print.
    wellbeing_page = [page for page in pdfs["zoe_private"][1] if "Wellbeing check-ins (shared)" in page][-1]
    assert "Dec 2025" in wellbeing_page and "Jan 2026" not in wellbeing_page


def test_a_private_celebration_is_marked_private(pdfs):
    for key in ("zoe", "zoe_private"):
        text = " ".join(" ".join(text_of(pdfs, key).split()).split("\n"))
        assert f"{PRIVATE_CELEBRATION} (Shout-out) (private)" in text


def test_unicode_names_survive_extraction(pdfs):
    for key, (first, last) in zip(("zoe", "minh", "oyvind"), UNICODE_NAMES, strict=False):
        cover = pdfs[key][1][0]
        assert f"{first} {last}" in cover


def test_user_text_is_printed_not_read_as_markup(pdfs):
    text = text_of(pdfs, "zoe")
    assert "Problem solving <b>not bold</b>" in text
    assert "asked 'why?' & waited" in text


def test_contents_page_numbers_point_at_the_sections(pdfs):
    pages = pdfs["zoe"][1]
    cover = pages[0]
    assert all(title in cover for title in SECTION_TITLES)
    contents_part = cover[cover.index("Contents"):]
    contents = {title: int(re.search(rf"(?m)^\s*{title}\s+(\d+)", contents_part).group(1))
                for title in SECTION_TITLES}
    assert "Questions that make students think" in pages[contents["Goals"] - 1]
    assert "Hinge questions show who is lost" in "\n".join(pages[contents["Professional learning"] - 1:])
    assert list(contents.values()) == sorted(contents.values())


def test_a_teacher_with_no_data_gets_a_short_sensible_portfolio(pdfs):
    pages = pdfs["empty"][1]
    assert len(pages) <= 3
    text = text_of(pdfs, "empty")
    assert "Ana Blank" in pages[0]
    for sentence in ("No observations this year yet.", "No goals recorded this year yet.",
                     "No professional learning completed this year yet."):
        assert sentence in text
    for title in SECTION_TITLES:
        assert title in text


def test_three_hundred_walkthroughs_are_summarised_not_listed(pdfs):
    pages = pdfs["busy"][1]
    text = text_of(pdfs, "busy")
    assert len(pages) <= 6
    assert "300 classroom visits" in text and "300 walkthroughs" in text
    assert "6 of 300 glows, spread over the year." in text
    assert "Busy glow number 0" in text and "Busy glow number 299" in text  # first and last kept
    assert text.count("Busy glow number") == 6
    assert "monthly means" in text


def test_page_size_follows_the_setting(pdfs):
    a4 = PdfReader(pdfs["minh"][0]).pages[0].mediabox
    letter = PdfReader(pdfs["zoe"][0]).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_outline_lists_the_sections(pdfs):
    outline = [item.title for item in PdfReader(pdfs["zoe"][0]).outline]
    assert outline == list(SECTION_TITLES)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_check_passes(pdfs):
    for key in ("zoe", "zoe_private", "empty", "busy"):
        result = subprocess.run(["qpdf", "--check", str(pdfs[key][0])], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_same_data_same_bytes(school, pdfs, tmp_path):
    db, people = school
    portfolio = gather_portfolio(db, people.full[0], year=parse_school_year(db, "2025-2026"),
                                 generated_on=GENERATED_ON)
    again = write_portfolio(tmp_path / "again.pdf", portfolio)
    assert again.read_bytes() == pdfs["zoe"][0].read_bytes()


def test_a_table_never_leaves_a_lone_row_on_the_next_page():
    from desktop.reports.portfolio import _no_widow_table

    table = _no_widow_table()([["Date"]] + [[f"row {n}"] for n in range(10)],
                              rowHeights=[20] * 11, repeatRows=1)
    first, rest = table.split(200, 20 * 10 + 5)      # room for the header and 9 of 10 rows
    assert len(first._cellvalues) - 1 == 8 and len(rest._cellvalues) - 1 == 2
    first, rest = table.split(200, 20 * 6 + 5)       # a split that is already fine is kept
    assert len(first._cellvalues) - 1 == 5 and len(rest._cellvalues) - 1 == 5
