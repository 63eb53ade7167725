"""Goal sheet and blank survey PDFs: the words on the pages, page counts, reproducibility."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from db import conversations, goals, rubrics
from desktop.reports.goal_sheet import gather_goal_sheet, write_goal_sheet
from desktop.reports.survey import OPEN_QUESTIONS, write_survey
from tests.ui.school import TODAY, build_small_school


@pytest.fixture
def school(memory_db):
    return memory_db, build_small_school(memory_db)


def text(path) -> str:
    reader = PdfReader(str(path))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def pages(path) -> int:
    return len(PdfReader(str(path)).pages)


def test_goal_sheet_shows_goals_steps_check_ins_and_signature_lines(school, tmp_path):
    db, ids = school
    goals.update_goal(db, ids["goal_ana"], description="Ask open questions in every lesson",
                      measure="open questions per lesson", baseline="2", target="8")
    conversations.add_conversation(db, ids["ana"], kind="check_in", held_on="2026-03-10",
                                   next_meeting_on="2026-03-24", notes="Secret note",
                                   is_private=True)
    sheet = gather_goal_sheet(db, ids["ana"], today=TODAY)
    path = write_goal_sheet(tmp_path / "sheet.pdf", sheet)
    words = text(path)
    assert "Growth goals — Ana Lopez" in words
    assert "Ask more open questions" in words and "Ask open questions in every lesson" in words
    assert "from 2 to 8" in words and "A1 — Questioning" in words
    assert "Script five open questions per lesson" in words and "Watch Cara's seminar" in words
    assert "40%" in words and "10%" in words
    assert "next meeting 24 Mar 2026" in words
    assert "Teacher signature" in words and "Coach or leader signature" in words
    assert "Secret note" not in words
    assert "Run student-led seminars" not in words, "finished goals of others never leak in"
    assert pages(path) == 1


def test_goal_sheet_stays_within_two_pages_for_a_busy_teacher(school, tmp_path):
    db, ids = school
    for number in range(3):
        goal_id = goals.add_goal(db, ids["dev"], title=f"Goal number {number} about questioning",
                                 description="A long statement " * 12, measure="m", baseline="1",
                                 target="3", indicator_code="A1", due_on="2026-06-01")
        for step in range(4):
            goals.add_action_step(db, goal_id, f"Step {step} " + "words " * 10, due_on="2026-04-01")
        for check in range(5):
            goals.add_check_in(db, goal_id, checked_on=f"2026-03-0{check + 1}", progress=10 * check,
                               evidence="Tally " * 8)
    path = write_goal_sheet(tmp_path / "busy.pdf", gather_goal_sheet(db, ids["dev"], today=TODAY))
    assert pages(path) <= 2
    assert "Tally" in text(path) and text(path).count("%") == 3 * 3, "three latest check-ins each"


def test_goal_sheet_without_goals_leaves_room_to_write(school, tmp_path):
    db, ids = school
    path = write_goal_sheet(tmp_path / "none.pdf", gather_goal_sheet(db, ids["dev"], today=TODAY))
    assert "No active goals yet" in text(path)
    assert "Goal 2" in text(path) and "First action step" in text(path) and pages(path) == 1


def test_user_text_is_not_read_as_markup(school, tmp_path):
    db, ids = school
    goals.add_goal(db, ids["dev"], title="Fewer <b>interruptions</b> & more wait time")
    path = write_goal_sheet(tmp_path / "markup.pdf", gather_goal_sheet(db, ids["dev"], today=TODAY))
    assert "Fewer <b>interruptions</b> & more wait time" in text(path)


def test_goal_sheet_is_reproducible(school, tmp_path):
    db, ids = school
    sheet = gather_goal_sheet(db, ids["ana"], today=TODAY)
    first = write_goal_sheet(tmp_path / "one.pdf", sheet).read_bytes()
    assert write_goal_sheet(tmp_path / "two.pdf", sheet).read_bytes() == first


def test_blank_survey_lists_every_indicator_and_question(memory_db, tmp_path):
    rubrics.load_default_rubric(memory_db)
    rubric = rubrics.default_rubric(memory_db)
    path = write_survey(tmp_path / "survey.pdf", rubric, school="Riverside", today=TODAY)
    words = text(path)
    for indicator in rubric.indicators:
        assert indicator.name in words
    for question in OPEN_QUESTIONS:
        assert question[:40] in words
    assert "Would you mentor a colleague?" in words and "Teacher signature" in words
    assert f"1 = {rubric.level_label(1)}" in words
    assert pages(path) <= 4
