"""The personal PD menu handout: reasons, sessions, choices, reproducible bytes."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from db import pd, staff
from desktop.core import pd_menu
from desktop.reports.pd_menu_pdf import write_personal_menu
from tests.core.test_pd_menu import TODAY, _school, observe, offering


def _menu(db):
    ids = _school(db)
    staff.update(db, ids["ana"], first_name="Zoë", last_name="Ñúñez <b>")
    observe(db, ids, "ana", "2026-03-01", {"Q": 1, "C": 2, "D": 4})
    offering(db, "Questions worth asking", "podcast", ["Q"])
    workshop = offering(db, "Exit tickets & hinge questions", "workshop", ["C"], capacity=1,
                        sessions=[("2026-04-01T15:30", "2026-04-01T17:00")])
    for number in range(10):
        offering(db, f"Extra offering {number:02d}", "webinar", ["D"])
    pd.enroll(db, workshop, ids["ben"], on="2026-03-01")
    waiting = offering(db, "Discussion PLC", "plc", ["D"], capacity=0)
    pd.enroll(db, waiting, ids["ana"], on="2026-03-02")
    return pd_menu.personal_menu_for(db, ids["ana"], as_of=TODAY)


def _text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_handout_lists_the_menu_with_reasons_and_sessions(memory_db, tmp_path):
    menu = _menu(memory_db)
    text = _text(write_personal_menu(tmp_path / "menu.pdf", menu, header="Riverside · 2025–26"))
    flat = " ".join(text.split())
    assert "PD menu for Zoë Ñúñez <b>" in flat
    assert "Questioning (1.0), Checking for understanding (2.0)" in flat
    assert "1. Questions worth asking" in flat
    assert "Why: addresses Questioning, your lowest indicator; a podcast, one of your preferred formats." in flat
    assert "2. Exit tickets & hinge questions" in flat
    assert "full: waitlist" in flat
    assert "Wed 1 Apr 2026, 15:30–17:00, Library" in flat
    assert "Self-paced or arranged with colleagues" in flat
    # Eight on the handout; the rest mentioned, not printed.
    assert "4 more offerings are on the full menu" in flat
    assert "Discussion PLC On the waitlist" in flat
    assert "Riverside · 2025–26" in flat


def test_same_menu_same_bytes(memory_db, tmp_path):
    menu = _menu(memory_db)
    first = write_personal_menu(tmp_path / "a.pdf", menu).read_bytes()
    assert first == write_personal_menu(tmp_path / "b.pdf", menu).read_bytes()


def test_an_empty_menu_still_prints_plain_words(memory_db, tmp_path):
    ids = _school(memory_db)
    menu = pd_menu.personal_menu_for(memory_db, ids["dev"], as_of=TODAY)
    flat = " ".join(_text(write_personal_menu(tmp_path / "empty.pdf", menu)).split())
    assert "No growth areas on record yet" in flat
    assert "Nothing new on the menu right now" in flat
    assert "Nothing yet: pick one or two" in flat


def test_formats_read_naturally_mid_sentence():
    from desktop.reports.pd_menu_pdf import _in_sentence

    assert [_in_sentence(name) for name in ("Book study", "PLC", "Micro-video")] == \
        ["book study", "PLC", "micro-video"]


def test_a_menu_a_little_over_a_page_is_set_on_one_page_not_left_with_a_line_over(tmp_path):
    from reportlab.platypus import KeepTogether, Paragraph

    from desktop.reports.pd_menu_pdf import one_page_if_nearly
    from desktop.reports.pdf_base import HandoutInfo, build_pdf, styles

    body = styles()["body"]

    def pages(count):
        story = [KeepTogether([Paragraph(f"Offering {n}", body), Paragraph("Why: " + "words " * 30, body)])
                 for n in range(count)]
        path = build_pdf(tmp_path / f"{count}.pdf", HandoutInfo("Menu", "Menu", date(2026, 3, 10)),
                         one_page_if_nearly(story, "letter"))
        return len(PdfReader(path).pages)

    assert pages(13) == 1          # about 1.1 pages of content
    assert pages(40) > 1           # a long one still runs on


def test_a_new_teacher_is_told_once_what_the_suggestions_rest_on(memory_db, tmp_path):
    db = memory_db
    ids = _school(db)
    for who in ("ana", "ben", "cara"):                  # Checking is the school's common need
        observe(db, ids, who, "2026-03-01", {"Q": 3, "C": 1, "D": 3})
    offering(db, "Exit tickets that tell you something", "workshop", ["C"])
    offering(db, "Book club", "book_study", ["D"])
    menu = pd_menu.personal_menu_for(db, ids["dev"], as_of=TODAY)   # no visits, goals or formats
    assert menu.school_needs[0][1] == "Checking for understanding"
    flat = " ".join(_text(write_personal_menu(tmp_path / "new.pdf", menu)).split())
    assert "a general offering" not in flat
    assert flat.count("Your growth areas and goals do not point to these suggestions") == 1
    assert "This year that is above all Checking for understanding." in flat
    assert "Why: works on Checking for understanding, a common focus in the school this year." in flat
