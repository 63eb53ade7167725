"""The feedback note: glow, grow, evidence highlights; never the private note; one page."""

from datetime import date

import pytest
from pypdf import PdfReader

from db import observations as obs
from db import rubrics, staff
from desktop.reports.feedback_note import build_note, note_text, write_pdf

SECRET = "Mentioned a family illness"


@pytest.fixture
def visit(memory_db):
    rubric = rubrics.get_rubric(memory_db, rubrics.load_default_rubric(memory_db))
    teacher = staff.add(memory_db, first_name="Zoë", last_name="Ñúñez")
    coach = staff.add(memory_db, first_name="Maya", last_name="Reed", role="coach")
    visit = obs.start_observation(memory_db, staff_id=teacher, rubric_id=rubric.id, observer_id=coach,
                                  observed_on="2026-03-10", started_at="2026-03-10T09:00:00.000Z")
    obs.update_observation(memory_db, visit, glow="Every pair explained <their> thinking & listened.",
                           grow="Wait five seconds after each question.", private_note=SECRET,
                           class_context="Maths, period 2")
    obs.set_score(memory_db, visit, rubric.indicators[0].id, 4)
    obs.set_score(memory_db, visit, rubric.indicators[1].id, 2)
    obs.set_look_for(memory_db, visit, rubric.look_fors[2].id, 3)
    obs.add_evidence(memory_db, visit, "T: what do you notice?", noted_at="2026-03-10T09:01:05.000Z")
    obs.add_evidence(memory_db, visit, "Ten hands up", noted_at="2026-03-10T09:02:00.000Z")
    obs.complete(memory_db, visit)
    return memory_db, visit, rubric


def test_the_clipboard_text_has_glow_grow_and_highlights_but_no_private_note(visit):
    db, visit_id, rubric = visit
    text = note_text(build_note(db, visit_id))
    assert text.startswith("Walkthrough feedback — Zoë Ñúñez\nTue 10 Mar 2026 · Maths, period 2\n"
                           "From Maya Reed\n")
    assert "Glow — what went well:\nEvery pair explained <their> thinking & listened." in text
    assert "Grow — one next step:\nWait five seconds after each question." in text
    assert "• 01:05  T: what do you notice?\n• 02:00  Ten hands up" in text
    assert "What I saw and heard (time into the visit):\n• 01:05" in text   # not a clock time
    assert f"• {rubric.indicators[0].name} (Exemplary)" in text
    assert f"• {rubric.look_fors[2].text}" in text
    assert rubric.indicators[1].name not in text     # a 2 is not a strength to celebrate
    assert SECRET not in text


def test_an_empty_visit_still_makes_a_polite_note(memory_db):
    rubric_id = rubrics.load_default_rubric(memory_db)
    teacher = staff.add(memory_db, first_name="Ana", last_name="Lopez")
    visit = obs.start_observation(memory_db, staff_id=teacher, rubric_id=rubric_id, observed_on="2026-03-10")
    assert note_text(build_note(memory_db, visit)).endswith("Thank you for having me in your classroom.\n")


@pytest.mark.parametrize("page_size", ["letter", "A4"])
def test_the_pdf_is_one_page_with_the_same_words(visit, tmp_path, page_size):
    db, visit_id, _ = visit
    note = build_note(db, visit_id)
    path = write_pdf(note, tmp_path / "note.pdf", page_size_name=page_size, generated_on=date(2026, 3, 10))
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Every pair explained <their> thinking & listened." in text
    assert "Wait five seconds after each question." in text
    assert "Ten hands up" in text and "Zoë Ñúñez" in text
    assert SECRET not in text


def test_a_very_long_note_still_fits_one_page(visit, tmp_path):
    db, visit_id, _ = visit
    obs.reopen(db, visit_id)
    obs.update_observation(db, visit_id, glow="Students argued with evidence. " * 120,
                           grow="Plan the hinge question. " * 80)
    for number in range(20):
        obs.add_evidence(db, visit_id, f"Line {number}: " + "talk moves " * 30)
    note = build_note(db, visit_id)
    assert len(note.highlights) == 6
    path = write_pdf(note, tmp_path / "long.pdf")
    assert len(PdfReader(str(path)).pages) == 1


def test_same_note_same_file(visit, tmp_path):
    db, visit_id, _ = visit
    note = build_note(db, visit_id)
    first = write_pdf(note, tmp_path / "a.pdf", generated_on=date(2026, 3, 10)).read_bytes()
    second = write_pdf(note, tmp_path / "b.pdf", generated_on=date(2026, 3, 10)).read_bytes()
    assert first == second


def test_a_formal_observation_note_has_a_ratings_table_with_the_evidence_beside_each(memory_db, tmp_path):
    rubric = rubrics.get_rubric(memory_db, rubrics.load_default_rubric(memory_db))
    teacher = staff.add(memory_db, first_name="王", last_name="小明")
    visit = obs.start_observation(memory_db, staff_id=teacher, rubric_id=rubric.id, kind="formal",
                                  observed_on="2026-03-10")
    first, second, third = rubric.indicators[:3]
    obs.set_score(memory_db, visit, first.id, 3)
    obs.set_score(memory_db, visit, second.id, 2)
    obs.add_evidence(memory_db, visit, "Goal on the board in student words", indicator_id=first.id,
                     noted_at="2026-03-12T16:40:00.000Z")       # typed up two days later
    obs.add_evidence(memory_db, visit, "Parents' evening mentioned", noted_at="2026-03-12T16:41:00.000Z")
    obs.complete(memory_db, visit)
    note = build_note(memory_db, visit)
    assert [row[0] for row in note.ratings] == [f"{first.code} {first.name}", f"{second.code} {second.name}"]
    assert note.ratings[0][1] == f"3 {rubric.level_label(3)}"
    assert note.ratings[0][2] == "Goal on the board in student words" and note.ratings[1][2] == ""
    assert note.highlights == ("Parents' evening mentioned",)     # no meaningless "16:41" stamp
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(
        write_pdf(note, tmp_path / "formal.pdf", generated_on=date(2026, 3, 12))).pages).split())
    assert "Ratings by indicator" in text and "Goal on the board in student words" in text
    assert "16:4" not in text and "王 小明" in text and third.name not in text
