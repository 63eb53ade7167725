"""The credit-hours transcript: the text on the page, the CSV, and hours that add up."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from db import attendance, catalog, clock, pd, school_years, staff
from db.catalog import Session
from db.connection import open_memory
from desktop.core.transcript import gather_transcript
from desktop.reports.transcript import write_transcript_csv, write_transcript_pdf

TODAY = date(2026, 6, 20)


def text(path) -> str:
    reader = PdfReader(str(path))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def school_year_db():
    with clock.fixed(TODAY):
        db = open_memory()     # its school year is 2025–26, the one TODAY is in
        yield db
    db.close()


@pytest.fixture
def transcript(school_year_db):
    db = school_year_db
    ann = staff.add(db, first_name="Zoë", last_name="Ñúñez", identifier="T-1042")
    staff.add(db, first_name="Grace", last_name="Adeyemi", role="principal")
    series = catalog.add_offering(
        db, {"title": "Talk moves series", "format": "workshop", "hours": 6, "facilitator_name": "Dana Whitlock"},
        sessions=[Session(f"{d}T15:30", f"{d}T17:30", "Library") for d in ("2026-02-03", "2026-02-10", "2026-02-17")])
    pd.enroll(db, series, ann, on="2026-01-20")
    enrollment = pd.find_enrollment(db, series, ann).id
    after = datetime(2026, 3, 1)
    for session, mark in zip(catalog.list_sessions(db, series), ("present", "present", "absent"), strict=True):
        attendance.mark(db, session.id, enrollment, mark, now=after)
    attendance.close_out(db, series, {enrollment: "completed"})
    clip = catalog.add_offering(db, {"title": "=HYPERLINK(\"http://x\") wait time", "format": "micro_video",
                                     "hours": 0.25})
    pd.enroll(db, clip, ann, on="2026-04-01")
    pd.complete(db, pd.find_enrollment(db, clip, ann).id, completed_on="2026-04-02")
    year = school_years.year_holding(db, date(2026, 3, 1))
    return db, gather_transcript(db, ann, year, today=TODAY)


def test_the_transcript_lists_each_offering_with_dates_format_hours_and_the_total(transcript, tmp_path):
    _db, found = transcript
    assert found.total_hours == 4.25            # 4 of 6 hours attended, and a quarter hour
    words = text(write_transcript_pdf(tmp_path / "t.pdf", found))
    assert "Professional learning: credit hours" in words
    assert "Zoë Ñúñez · staff ID T-1042" in words
    assert "Talk moves series (Dana Whitlock)" in words
    assert "3 Feb 2026 – 10 Feb 2026" in words     # the sessions attended, not the one missed
    assert "2 of 3" in words and "self-paced" in words
    assert "Workshop" in words and "Micro-video" in words
    assert "Total credit hours 4.25" in words
    assert "Principal (Grace Adeyemi) signature" in words
    assert len(PdfReader(str(tmp_path / "t.pdf")).pages) == 1


def test_the_csv_has_a_row_each_the_total_and_never_a_formula(transcript, tmp_path):
    _db, found = transcript
    path = write_transcript_csv(tmp_path / "t.csv", found)
    with path.open(encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][:5] == ["Teacher", "Staff ID", "School", "School year", "Offering"]
    assert [row[4] for row in rows[1:3]] == ["Talk moves series", "'=HYPERLINK(\"http://x\") wait time"]
    assert [row[-1] for row in rows[1:4]] == ["4", "0.25", "4.25"]
    assert rows[3][4] == "Total credit hours"
    assert rows[4][:3] == ["Approved by", "Grace Adeyemi", "Principal"]


def test_a_year_without_pd_says_so(school_year_db, tmp_path):
    ann = staff.add(school_year_db, first_name="Ann", last_name="Lee")
    year = school_years.year_holding(school_year_db, TODAY)
    found = gather_transcript(school_year_db, ann, year, today=TODAY)
    words = text(write_transcript_pdf(tmp_path / "t.pdf", found))
    assert "No professional learning was completed in this school year." in words
