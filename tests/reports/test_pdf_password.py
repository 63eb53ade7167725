"""Password-protected portfolios (AES-256), for a portfolio sent by email: the password opens
them in any reader, nothing of them reads without it, and the password is kept nowhere."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from db.connection import open_database
from desktop.core import batch_export
from desktop.core.batch_export import PortfolioOptions
from desktop.core.portfolio_data import default_school_year
from tests.helpers.portfolio_school import build_portfolio_school

PASSWORD = "for Zoe only"
TODAY = date(2026, 6, 20)


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("pdf") / "school.db")
    people = build_portfolio_school(db)
    yield db, people
    db.close()


def _options(db, password=""):
    return PortfolioOptions(year=default_school_year(db, TODAY), generated_on=TODAY, password=password)


def _check_locked(path, name):
    reader = PdfReader(path)
    assert reader.is_encrypted
    assert reader._encryption.V == 5 and reader._encryption.R == 6      # AES-256 (PDF 2.0)
    assert not reader.decrypt("not the password")
    assert name.encode("utf-8") not in path.read_bytes()                 # not even in the metadata
    opened = PdfReader(path)
    assert opened.decrypt(PASSWORD)
    assert name in " ".join(page.extract_text() for page in opened.pages)


def test_one_portfolio_with_a_password(school, tmp_path):
    db, people = school
    target = batch_export.write_one(db, people.full[0], tmp_path / "zoe.pdf", _options(db, PASSWORD))
    _check_locked(target, "Ñúñez")


def test_combined_and_folder_exports_with_a_password(school, tmp_path):
    db, people = school
    combined = tmp_path / "all.pdf"
    batch_export.export_combined(db, people.full, combined, _options(db, PASSWORD))
    _check_locked(combined, "Ñúñez")
    result = batch_export.export_to_folder(db, people.full[:2], tmp_path / "each", _options(db, PASSWORD))
    for path in result.written:
        assert PdfReader(path).is_encrypted


def test_without_a_password_nothing_changes_and_it_never_shows(school, tmp_path):
    db, people = school
    options = _options(db, PASSWORD)
    assert PASSWORD not in repr(options)
    plain = batch_export.write_one(db, people.full[0], tmp_path / "plain.pdf", _options(db))
    assert not PdfReader(plain).is_encrypted
