"""Hand-made teachers whose portfolios must read fairly, lay out well and print their names.

Each case is built by hand (no randomness) and read back as a person would: the
extracted text of the PDF, its pages, and the fonts it embeds.
"""

import shutil
import subprocess
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from db import records, rubrics, staff
from db.connection import open_memory
from desktop.core.portfolio_data import gather_portfolio, parse_school_year
from desktop.reports.portfolio import write_portfolio
from tests.helpers.pdf_review import orphaned_headings, read_pages

GENERATED_ON = date(2026, 6, 20)
CHINESE, ARABIC, HEBREW = ("王", "小明"), ("فاطمة", "الزهراء"), ("דוד", "לוי")
LONG = ("Wolfe", "Schlegelsteinhausen-Bergerdorff")


def _visit(db, teacher, coach, rubric_id, indicators, on, scores, *, kind="walkthrough", next_step=""):
    observation = records.insert(db, "observations", {
        "staff_id": teacher, "observer_id": coach, "rubric_id": rubric_id, "kind": kind, "status": "complete",
        "observed_on": on, "glow": f"Glow on {on}", "next_step": next_step, "private_note": ""})
    for indicator, score in zip(indicators, scores, strict=False):
        records.insert(db, "observation_scores", {"observation_id": observation, "indicator_id": indicator.id,
                                                  "score": score})
    return observation


@pytest.fixture(scope="module")
def school():
    db = open_memory()
    rubric_id = rubrics.load_default_rubric(db)
    ind = rubrics.indicators(db, rubric_id)
    people = {}
    with db.atomic():
        coach = staff.add(db, first_name="Amara", last_name="Nwosu", role="coach")
        # No strengths yet: every indicator seen at 2, the latest visit a little better.
        low = people["low"] = staff.add(db, first_name="Lou", last_name="Starting")
        for month, value in (("2025-10-01", 2), ("2025-12-01", 2), ("2026-03-01", 2)):
            _visit(db, low, coach, rubric_id, ind, month, [value] * len(ind),
                   next_step="Plan one hinge question for each lesson")
        # A met goal on an indicator whose level is still below 2.75.
        met = people["met"] = staff.add(db, first_name="Maya", last_name="Achiever")
        records.insert(db, "goals", {"staff_id": met, "title": "Students explain the goal", "status": "met",
                                     "indicator_code": ind[0].code, "start_on": "2025-09-10",
                                     "met_on": "2026-03-10", "cycle_stage": "improve",
                                     "baseline": "Developing (2).", "target": "Proficient (3)."})
        for on, first in (("2025-09-20", 1), ("2025-11-20", 2), ("2026-02-20", 2), ("2026-04-20", 3)):
            _visit(db, met, coach, rubric_id, ind[:3], on, [first, 3, 4])
        # A single visit.
        once = people["once"] = staff.add(db, first_name="Omar", last_name="Once")
        _visit(db, once, coach, rubric_id, ind[:4], "2026-03-05", [3, 3, 2, 2], kind="formal")
        for key, (first, last) in (("chinese", CHINESE), ("arabic", ARABIC), ("hebrew", HEBREW), ("long", LONG)):
            people[key] = staff.add(db, first_name=first, last_name=last, role="teacher")
            _visit(db, people[key], coach, rubric_id, ind[:2], "2026-01-15", [3, 2])
    yield db, people
    db.close()


@pytest.fixture(scope="module")
def pdfs(school, tmp_path_factory):
    db, people = school
    folder = tmp_path_factory.mktemp("cases")
    year = parse_school_year(db, "2025-2026")
    built = {}
    for key, staff_id in people.items():
        portfolio = gather_portfolio(db, staff_id, year=year, generated_on=GENERATED_ON)
        path = write_portfolio(folder / f"{key}.pdf", portfolio)
        pages = [page.extract_text() for page in PdfReader(path).pages]
        built[key] = (path, pages, portfolio)
    return built


def text(pdfs, key) -> str:
    return " ".join(" ".join(pdfs[key][1]).split())


def test_a_teacher_with_no_strengths_yet_hears_about_their_strongest_practice_first(pdfs):
    cover = " ".join(pdfs["low"][1][0].split())
    portfolio = pdfs["low"][2]
    assert portfolio.growth.strengths == []
    assert "clear strength yet" not in text(pdfs, "low")
    glance = cover[cover.index("The year at a glance"):cover.index("Where to focus next")]
    assert glance.index("Strongest practice so far") < glance.index("3 classroom visits")
    focus = cover[cover.index("Where to focus next"):cover.index("Contents")]
    assert len(portfolio.growth.focus) == 3 and portfolio.growth.gaps_total == 17
    assert focus.count("—") == 3 and "Plan one hinge question for each lesson" in focus
    assert text(pdfs, "low").count("Plan one hinge question for each lesson") == 1   # said once


def test_a_met_goal_is_growth_not_an_area_to_grow(pdfs):
    portfolio = pdfs["met"][2]
    goal_indicator = portfolio.goals[0].goal.indicator_name
    line = next(item for item in portfolio.growth.indicators if item.name == goal_indicator)
    assert line.level < 2.75                                  # still low by its level alone
    assert goal_indicator not in [area.line.name for area in portfolio.growth.focus]
    all_text = text(pdfs, "met")
    assert "Goal achieved: ‘Students explain the goal’." in all_text
    assert "Achieved on 10 Mar 2026" in all_text and "Goal achieved on 10 Mar 2026" in all_text
    assert "From: Developing (2). To: Proficient (3)." in all_text and ". →" not in all_text
    for jargon in ("Partly met", "Mastered", "stage ·", "Learn stage"):
        assert jargon not in all_text


def test_a_single_visit_is_one_visit_on_its_day(pdfs):
    all_text = text(pdfs, "once")
    assert "1 classroom visit on 5 Mar 2026 by 1 observer: 1 formal observation." in all_text
    trend = pdfs["once"][2].observations.trend
    assert trend and all(len(line.points) == 1 for line in trend)


@pytest.mark.parametrize("key, name", [("chinese", CHINESE), ("arabic", ARABIC), ("hebrew", HEBREW)])
def test_chinese_arabic_and_hebrew_names_are_extracted_intact(pdfs, key, name):
    cover = unicodedata.normalize("NFKC", pdfs[key][1][0])    # Arabic prints in its joined forms
    assert " ".join(name) in cover
    header = unicodedata.normalize("NFKC", pdfs[key][1][1])
    assert f"Growth portfolio — {' '.join(name)}" in header or " ".join(name) in header


def test_a_long_name_wraps_at_its_spaces_never_mid_word(pdfs):
    cover = pdfs["long"][1][0]
    assert "Schlegelsteinhausen-Bergerdorff" in cover.replace("\n", "")
    assert any("Schlegelsteinhausen-Bergerdorff" in line for line in cover.splitlines())


def test_no_heading_is_left_at_the_foot_of_a_page(pdfs):
    for key, (path, _pages, _) in pdfs.items():
        assert orphaned_headings(read_pages(path)) == [], key


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) is not installed")
def test_pdffonts_shows_every_font_embedded(pdfs):
    for key in ("chinese", "arabic", "hebrew", "met"):
        output = subprocess.run(["pdffonts", str(pdfs[key][0])], capture_output=True, text=True,
                                check=True).stdout
        rows = output.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), output
        if key != "met":
            assert any({"chinese": "WenQuanYi", "arabic": "NotoSansArabic", "hebrew": "NotoSansHebrew"}[key]
                       in row for row in rows), output


def test_every_font_is_embedded_even_without_poppler(pdfs):
    for key, (path, _, _) in pdfs.items():
        for page in PdfReader(path).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None and "/FontFile2" in descriptor.get_object(), (key, font["/BaseFont"])
