"""``cultivate portfolio`` as a principal would type it, in its own process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from db import staff
from db.connection import open_database
from tests.helpers.portfolio_school import build_portfolio_school

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def school_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("school") / "cultivate.db"
    db = open_database(path)
    people = build_portfolio_school(db)
    staff.add(db, first_name="Sam", last_name="Lee")
    staff.add(db, first_name="Sam", last_name="Ortiz")
    db.close()
    return path, people


def cultivate(*args):
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_one_teacher_by_part_of_the_name_accents_optional(school_file, tmp_path):
    path, _ = school_file
    before = path.read_bytes()
    out = tmp_path / "zoe.pdf"
    result = cultivate("portfolio", "--data", path, "--teacher", "zoe nunez", "--out", out,
                       "--year", "2025-2026", "--page-size", "A4")
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "Zoë Ñúñez" in text and "Questions that make students think" in text
    assert "PRIVATEOBSERVATIONMARKER" not in text
    assert round(float(PdfReader(out).pages[0].mediabox.width)) == 595
    assert path.read_bytes() == before                     # printing never changes the data file


def test_include_private_and_teacher_by_id_into_a_folder(school_file, tmp_path):
    path, people = school_file
    result = cultivate("--data", path, "portfolio", "--teacher", people.full[2], "--out", tmp_path,
                       "--year", "2025-2026", "--include-private")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "Growth portfolio - Øyvind Łukasz - 2025-2026.pdf"
    assert "PRIVATEOBSERVATIONMARKER" in pdf_text(written)


def test_ambiguous_and_unknown_names_list_the_candidates(school_file, tmp_path):
    path, _ = school_file
    result = cultivate("portfolio", "--data", path, "--teacher", "sam", "--out", tmp_path / "x.pdf")
    assert result.returncode == 2
    assert "matches 2 people" in result.stderr and "Sam Lee" in result.stderr and "Sam Ortiz" in result.stderr
    assert "Traceback" not in result.stderr
    result = cultivate("portfolio", "--data", path, "--teacher", "Sam Leee", "--out", tmp_path / "x.pdf")
    assert result.returncode == 2
    assert "No one called “Sam Leee”" in result.stderr and "Sam Lee" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_whole_staff_into_one_combined_pdf(school_file, tmp_path):
    path, _ = school_file
    out = tmp_path / "everyone.pdf"
    result = cultivate("portfolio", "--data", path, "--all", "--out", out, "--year", "2025-2026")
    assert result.returncode == 0, result.stderr
    assert "[1/7]" in result.stdout and "Wrote 7 portfolios" in result.stdout
    titles = [item.title for item in PdfReader(out).outline if not isinstance(item, list)]
    assert titles[0] == "Staff index"
    assert "Nguyễn Thị Minh" in titles and "Amara Nwosu" not in titles and len(titles) == 1 + 7


def test_a_bad_year_or_missing_file_is_a_plain_message(school_file, tmp_path):
    path, _ = school_file
    result = cultivate("portfolio", "--data", path, "--all", "--out", tmp_path, "--year", "2025")
    assert result.returncode == 2 and "write it like 2025-2026" in result.stderr
    missing = tmp_path / "nope.db"
    result = cultivate("portfolio", "--data", missing, "--all", "--out", tmp_path / "o")
    assert result.returncode == 2 and "does not exist" in result.stderr and not missing.exists()
    assert "Traceback" not in result.stderr


def test_teacher_repeated_prints_a_selection(school_file, tmp_path):
    path, people = school_file
    out = tmp_path / "two.pdf"
    result = cultivate("portfolio", "--data", path, "--teacher", "zoe", "--teacher", "Thị Minh",
                       "--out", out, "--year", "2025-2026")
    assert result.returncode == 0, result.stderr
    titles = [item.title for item in PdfReader(out).outline if not isinstance(item, list)]
    assert titles == ["Staff index", "Zoë Ñúñez", "Nguyễn Thị Minh"] and "Wrote 2 portfolios" in result.stdout
    folder = tmp_path / "folder"
    result = cultivate("portfolio", "--data", path, "--teacher", "zoe", "--teacher", people.full[2],
                       "--out", folder, "--year", "2025-2026")
    assert result.returncode == 0, result.stderr
    assert len(list(folder.iterdir())) == 2


def test_a_name_no_font_prints_is_named_before_printing(tmp_path):
    path = tmp_path / "odd.db"
    db = open_database(path)
    build_portfolio_school(db)
    staff.add(db, first_name="Ankh", last_name="Hieroglyph\U00013000", role="teacher")
    db.close()
    result = cultivate("portfolio", "--data", path, "--teacher", "Ankh", "--out", tmp_path / "a.pdf",
                       "--year", "2025-2026")
    assert result.returncode == 0, result.stderr
    assert "warning: Ankh Hieroglyph\U00013000: no font here prints" in result.stderr
    assert "U+13000 EGYPTIAN HIEROGLYPH A001" in result.stderr


def test_password_protected_portfolio_from_the_command_line(school_file, tmp_path):
    path, _people = school_file
    out = tmp_path / "zoe.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "portfolio", "--data", str(path), "--teacher", "Zoë",
         "--out", str(out), "--password"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "CULTIVATE_PDF_PASSWORD": "for Zoe only"})
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    assert reader.is_encrypted and reader.decrypt("for Zoe only")
    assert "for Zoe only" not in result.stdout + result.stderr
