"""Every record a principal or coach can make can be opened, corrected and deleted from the
window: Enter (or a double click) opens it, the Delete key asks once in plain words and
says what goes with it. The audit log records each edit, a deletion leaves a tombstone,
and Edit ▸ Undo brings a deleted record back whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import celebrations, conversations, goals, observations, pd, self_assessments, staff, wellbeing
from desktop.ui import messages
from desktop.ui.dialogs.celebration_dialog import CelebrationDialog
from desktop.ui.dialogs.check_in_dialog import CheckInDialog
from desktop.ui.dialogs.completion_dialog import EnrollmentDialog
from desktop.ui.dialogs.conversation_dialog import ConversationDialog
from desktop.ui.dialogs.formal_observation import FormalObservationDialog
from desktop.ui.dialogs.goal_dialog import GoalDialog, StepDialog
from desktop.ui.dialogs.offering_dialog import OfferingDialog
from desktop.ui.dialogs.self_assessment_dialog import SelfAssessmentDialog
from desktop.ui.dialogs.walkthrough import ObservationDetailsDialog, WalkthroughDialog
from desktop.ui.dialogs.wellbeing_dialog import WellbeingDialog
from tests.ui.forms import answer


def _column(panel, header):
    column = panel.model.column_index(header)
    return [panel.proxy.index(row, column).data() for row in range(panel.proxy.rowCount())]


def _audit(db, table, row_id) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT action FROM audit_log WHERE table_name = ? AND row_id = ? ORDER BY rowid",
        [table, row_id])]


def _tombstone(db, table, row_id):
    return db.execute("SELECT deleted_at, deleted_by FROM tombstones WHERE table_name = ? AND "
                      "row_id = ?", [table, row_id]).fetchone()


@pytest.fixture
def questions(monkeypatch):
    """Every question the window asks, answered yes."""
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, title, text, **k: asked.append(text) or True)
    return asked


def _focus(window, qtbot, view):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)


def _press(window, qtbot, panel, row: int, key) -> None:
    """Select *row* of a list and press *key* there, as a person at the keyboard would."""
    _focus(window, qtbot, panel.view)
    panel.view.selectRow(row)
    qtbot.keyClick(panel.view, key)


def _gone_then_back(window, table, row_id, before):
    """A deletion left a tombstone and an audit row; Undo brings the record back as it was."""
    db = window.db
    assert db.execute(f'SELECT count(*) FROM "{table}" WHERE id = ?', [row_id]).fetchone()[0] == 0
    stone = _tombstone(db, table, row_id)
    assert stone is not None and stone[0].endswith("Z") and stone[1]
    assert _audit(db, table, row_id)[-1] == "delete"
    assert window.undo_button.isVisible(), "the status bar offers Undo"
    window.undo_action.trigger()
    # Back as it was, but for the moment it was last touched.
    assert _row(db, table, row_id) == before
    assert _tombstone(db, table, row_id) is None
    assert _audit(db, table, row_id)[-1] == "insert"


def _row(db, table, row_id):
    """The record's columns by name, without updated_at (whatever order the columns have)."""
    rows = list(db.query(f'SELECT * FROM "{table}" WHERE id = ?', [row_id]))
    return {key: value for key, value in rows[0].items() if key != "updated_at"} if rows else None


def _observations(window):
    window.tab_widget.setCurrentIndex(1)
    return window.tabs[1]


def _goals(window, staff_id):
    window.sidebar.select(staff_id)
    window.tab_widget.setCurrentIndex(2)
    return window.tabs[2]


# -- observations ------------------------------------------------------------------------

def test_a_finished_walkthrough_is_corrected_field_by_field_and_deleted(
        window, ids, qtbot, monkeypatch, questions):
    tab = _observations(window)
    visit = ids["obs_ana_recent"]
    row = _column(tab.list, "Glow").index("Every student answered")
    _press(window, qtbot, tab.list, row, Qt.Key.Key_Return)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, WalkthroughDialog) and w.isVisible())
    assert dialog.observation_id == visit and not dialog.finish_button.isEnabled()
    qtbot.keyClick(dialog.score_list, "2")                 # A1 was 3
    dialog.glow_box.clear()
    qtbot.keyClicks(dialog.glow_box, "Every student spoke")
    qtbot.keyClicks(dialog.grow_box, "Wait longer")
    qtbot.keyClicks(dialog.tags_box, "Discussion")
    qtbot.keyClicks(dialog.private_box, "Ask about the new seating plan")
    qtbot.keyClicks(dialog.evidence_box, "Eight hands up")
    qtbot.keyClick(dialog.evidence_box, Qt.Key.Key_Return)
    # An evidence line already written is corrected by opening it again.
    dialog.evidence_list.itemActivated.emit(dialog.evidence_list.item(0))
    assert dialog.evidence_box.text() == "Eight hands up"
    qtbot.keyClicks(dialog.evidence_box, " at once")
    qtbot.keyClick(dialog.evidence_box, Qt.Key.Key_Return)

    def details(form):
        form.teacher.setCurrentIndex(form.teacher.findText("Ben Okafor"))
        form.observed_on.set_iso("2026-03-06")
        form.observer.setCurrentIndex(form.observer.findData(None))
        form.kind.setCurrentIndex(form.kind.findData("informal"))

    answer(monkeypatch, ObservationDetailsDialog, details)
    dialog.details_button.click()
    saved = observations.get_observation(window.db, visit)
    assert (saved.teacher_name, saved.observed_on, saved.observer_id, saved.kind) == (
        "Ben Okafor", "2026-03-06", None, "informal")
    assert (saved.glow, saved.grow, saved.tags, saved.private_note) == (
        "Every student spoke", "Wait longer", "Discussion", "Ask about the new seating plan")
    assert [line.text for line in saved.evidence] == ["Eight hands up at once"]
    assert 2 in saved.scores.values()
    assert "update" in _audit(window.db, "observations", visit)
    row = _column(tab.list, "Glow").index("Every student spoke")
    assert _column(tab.list, "Teacher")[row] == "Ben Okafor", "the list follows each correction"
    assert _column(tab.list, "Kind")[row] == "Informal"

    # Delete the line again with the Delete key, then the visit itself.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.evidence_list.setFocus()
    dialog.evidence_list.setCurrentRow(0)
    qtbot.keyClick(dialog.evidence_list, Qt.Key.Key_Delete)
    assert observations.get_observation(window.db, visit).evidence == ()
    before = _row(window.db, "observations", visit)
    scores = window.db.execute("SELECT count(*) FROM observation_scores WHERE observation_id = ?",
                               [visit]).fetchone()[0]
    assert dialog.discard_button.text() == "&Delete…"
    dialog.discard_button.click()
    assert questions[-1].startswith(
        f"Delete this walkthrough of Ben Okafor (2026-03-06) and its {scores} scores?")
    assert not dialog.isVisible()
    assert "Every student spoke" not in _column(tab.list, "Glow")
    _gone_then_back(window, "observations", visit, before)
    assert observations.get_observation(window.db, visit).glow == "Every student spoke"
    assert "Every student spoke" in _column(tab.list, "Glow")


def test_a_formal_observation_is_corrected_and_deleted_from_the_list(
        window, ids, qtbot, questions):
    tab = _observations(window)
    row = _column(tab.list, "Glow").index("Clear learning target")
    _press(window, qtbot, tab.list, row, Qt.Key.Key_Enter)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, FormalObservationDialog) and w.isVisible())
    visit = dialog.observation_id
    dialog.teacher.setCurrentIndex(dialog.teacher.findText("Cara Nguyen"))
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("informal"))
    dialog.observed_on.set_iso("2026-01-30")
    qtbot.keyClicks(dialog.tags, "Routines")
    dialog.glow.clear()
    qtbot.keyClicks(dialog.glow, "Crisp target")
    box = next(iter(dialog.score_boxes.values()))
    box.setCurrentIndex(box.findData(4))
    qtbot.keyClicks(next(iter(dialog.evidence_boxes.values())), "Target read aloud")
    saved = observations.get_observation(window.db, visit)
    assert (saved.teacher_name, saved.kind, saved.observed_on, saved.tags, saved.glow) == (
        "Cara Nguyen", "informal", "2026-01-30", "Routines", "Crisp target")
    assert 4 in saved.scores.values() and saved.evidence[0].text == "Target read aloud"
    dialog.reject()

    row = _column(tab.list, "Glow").index("Crisp target")
    before = _row(window.db, "observations", visit)
    _press(window, qtbot, tab.list, row, Qt.Key.Key_Delete)
    assert questions[-1].startswith("Delete this informal visit of Cara Nguyen (2026-01-30), its "
                                    "2 scores and 1 evidence line?")
    _gone_then_back(window, "observations", visit, before)


# -- goals, steps, check-ins, conversations, self-assessments -----------------------------

def test_a_goal_is_corrected_and_deleted_with_its_steps(window, ids, qtbot, monkeypatch, questions):
    tab = _goals(window, ids["ana"])

    def fill(dialog):
        dialog.title.clear()
        qtbot.keyClicks(dialog.title, "Ask open questions daily")
        dialog.status.setCurrentIndex(dialog.status.findData("draft"))

    answer(monkeypatch, GoalDialog, fill)
    _press(window, qtbot, tab.goals, 0, Qt.Key.Key_Return)
    assert goals.get_goal(window.db, ids["goal_ana"]).title == "Ask open questions daily"
    assert _column(tab.goals, "Goal") == ["Ask open questions daily"]
    assert _audit(window.db, "goals", ids["goal_ana"])[-1] == "update"

    before = _row(window.db, "goals", ids["goal_ana"])
    _press(window, qtbot, tab.goals, 0, Qt.Key.Key_Delete)
    assert questions[-1].startswith(
        "Delete the goal “Ask open questions daily” of Ana Lopez, its 2 action steps and 2 check-ins?")
    assert _column(tab.goals, "Goal") == []
    _gone_then_back(window, "goals", ids["goal_ana"], before)
    assert len(goals.list_action_steps(window.db, goal_id=ids["goal_ana"])) == 2
    assert _column(tab.goals, "Goal") == ["Ask open questions daily"]


def test_an_action_step_text_due_date_and_status_are_corrected_then_deleted(
        window, ids, qtbot, monkeypatch, questions):
    tab = _goals(window, ids["ana"])
    row = _column(tab.steps, "Action step").index("Watch Cara's seminar")
    step = tab.steps.model.rows()[tab.steps.proxy.mapToSource(tab.steps.proxy.index(row, 0)).row()]

    def fill(dialog):
        assert dialog.status.currentData() == "done"
        dialog.description.clear()
        qtbot.keyClicks(dialog.description, "Watch two of Cara's seminars")
        dialog.due_on.set_iso("2026-04-01")
        dialog.status.setCurrentIndex(dialog.status.findData("open"))

    answer(monkeypatch, StepDialog, fill)
    _press(window, qtbot, tab.steps, row, Qt.Key.Key_Return)
    fixed = next(s for s in goals.list_action_steps(window.db, goal_id=ids["goal_ana"]) if s.id == step.id)
    assert (fixed.description, fixed.due_on, fixed.status, fixed.done_on) == (
        "Watch two of Cara's seminars", "2026-04-01", "open", None)
    assert "Watch two of Cara's seminars" in _column(tab.steps, "Action step")

    row = _column(tab.steps, "Action step").index("Watch two of Cara's seminars")
    before = _row(window.db, "action_steps", step.id)
    _press(window, qtbot, tab.steps, row, Qt.Key.Key_Delete)
    assert questions[-1].startswith("Delete the action step “Watch two of Cara's seminars”?")
    assert "Watch two of Cara's seminars" not in _column(tab.steps, "Action step")
    _gone_then_back(window, "action_steps", step.id, before)


def test_a_check_in_is_corrected_and_deleted(window, ids, qtbot, monkeypatch, questions):
    tab = _goals(window, ids["ana"])
    tab.details.setCurrentIndex(1)
    assert _column(tab.check_ins, "Progress") == ["40%", "10%"]
    latest = tab.check_ins.model.rows()[0]

    def fill(dialog):
        assert dialog.progress.value() == 40
        dialog.progress.setValue(45)
        qtbot.keyClicks(dialog.evidence, "Tally of open questions")

    answer(monkeypatch, CheckInDialog, fill)
    _press(window, qtbot, tab.check_ins, 0, Qt.Key.Key_Return)
    assert _column(tab.check_ins, "Progress") == ["45%", "10%"]
    assert _column(tab.goals, "Progress")[0] == "45%", "the goal's progress follows"
    assert goals.get_check_in(window.db, latest.id).evidence == "Tally of open questions"

    before = _row(window.db, "goal_check_ins", latest.id)
    _press(window, qtbot, tab.check_ins, 0, Qt.Key.Key_Delete)
    assert questions[-1].startswith("Delete the check-in of 2026-03-08 on “Ask more open questions”?")
    assert _column(tab.check_ins, "Progress") == ["10%"]
    _gone_then_back(window, "goal_check_ins", latest.id, before)
    assert _column(tab.check_ins, "Progress") == ["45%", "10%"]


def test_a_conversation_is_corrected_and_deleted(window, ids, qtbot, monkeypatch, questions):
    tab = _goals(window, ids["ana"])
    tab.details.setCurrentIndex(2)
    row = _column(tab.conversations, "Kind").index("Goal setting")
    talk = tab.conversations.model.rows()[
        tab.conversations.proxy.mapToSource(tab.conversations.proxy.index(row, 0)).row()]

    def fill(dialog):
        dialog.notes.clear()
        qtbot.keyClicks(dialog.notes, "Questioning is the focus; wait time next.")
        dialog.held_on.set_iso("2026-01-23")

    answer(monkeypatch, ConversationDialog, fill)
    _press(window, qtbot, tab.conversations, row, Qt.Key.Key_Return)
    detail = conversations.get_conversation(window.db, talk.id)
    assert (detail.notes, detail.held_on) == ("Questioning is the focus; wait time next.", "2026-01-23")

    row = _column(tab.conversations, "Date").index("2026-01-23")
    before = _row(window.db, "conversations", talk.id)
    _press(window, qtbot, tab.conversations, row, Qt.Key.Key_Delete)
    assert questions[-1].startswith("Delete this conversation with Ana Lopez (2026-01-23)?")
    assert "2026-01-23" not in _column(tab.conversations, "Date")
    _gone_then_back(window, "conversations", talk.id, before)


def test_a_self_assessment_is_typed_in_corrected_and_deleted(
        window, ids, qtbot, monkeypatch, questions):
    tab = _goals(window, ids["dev"])
    tab.details.setCurrentIndex(3)

    def first(dialog):
        combo = next(iter(dialog.ratings.values()))
        combo.setCurrentIndex(combo.findData(2))
        dialog.answers["support_wanted"].setText("Questioning")

    answer(monkeypatch, SelfAssessmentDialog, first)
    tab.self_assessment_button.click()
    assert _column(tab.assessments, "Wants support with") == ["Questioning"]
    assessment = tab.assessments.model.rows()[0]

    def correct(dialog):
        combo = next(iter(dialog.ratings.values()))
        assert combo.currentData() == 2, "opens with the ratings as saved"
        combo.setCurrentIndex(combo.findData(3))
        dialog.answers["support_wanted"].setText("Questioning and wait time")

    answer(monkeypatch, SelfAssessmentDialog, correct)
    _press(window, qtbot, tab.assessments, 0, Qt.Key.Key_Return)
    saved = self_assessments.get(window.db, assessment.id)
    assert saved.support_wanted == "Questioning and wait time" and 3 in saved.ratings.values()
    assert _column(tab.assessments, "Wants support with") == ["Questioning and wait time"]

    before = _row(window.db, "self_assessments", assessment.id)
    _press(window, qtbot, tab.assessments, 0, Qt.Key.Key_Delete)
    assert questions[-1].startswith(f"Delete Dev Patel's self-assessment of {saved.taken_on} "
                                    "and its 1 rating?")
    assert _column(tab.assessments, "Wants support with") == []
    _gone_then_back(window, "self_assessments", assessment.id, before)
    assert self_assessments.get(window.db, assessment.id).ratings == saved.ratings


# -- PD ----------------------------------------------------------------------------------------

def test_an_enrollment_status_dates_hours_and_reflection_are_corrected_then_deleted(
        window, ids, qtbot, monkeypatch, questions):
    window.sidebar.select(ids["ana"])
    window.tab_widget.setCurrentIndex(3)
    tab = window.tabs[3]
    row = _column(tab.enrollments, "Offering").index("Exit tickets in ten minutes")
    enrollment = tab.enrollments.model.rows()[
        tab.enrollments.proxy.mapToSource(tab.enrollments.proxy.index(row, 0)).row()]

    def fill(dialog):
        assert dialog.status.currentData() == "completed"
        dialog.completed_on.set_iso("2026-02-20")
        dialog.hours.setValue(1.0)
        qtbot.keyClicks(dialog.learned, "Exit tickets in two minutes")
        dialog.rating.setCurrentIndex(dialog.rating.findData(4))

    answer(monkeypatch, EnrollmentDialog, fill)
    _press(window, qtbot, tab.enrollments, row, Qt.Key.Key_Return)
    saved = pd.get_enrollment(window.db, enrollment.id)
    assert (saved.completed_on, saved.hours_credited, saved.reflection_learned, saved.rating) == (
        "2026-02-20", 1.0, "Exit tickets in two minutes", 4)
    assert "4 PD hours" in tab.hours.text(), "the hours follow the correction"

    def not_completed(dialog):
        dialog.status.setCurrentIndex(dialog.status.findData("interested"))

    answer(monkeypatch, EnrollmentDialog, not_completed)
    row = _column(tab.enrollments, "Offering").index("Exit tickets in ten minutes")
    _press(window, qtbot, tab.enrollments, row, Qt.Key.Key_Return)
    assert pd.get_enrollment(window.db, enrollment.id).status == "interested"
    assert pd.get_enrollment(window.db, enrollment.id).hours_credited == 0

    row = _column(tab.enrollments, "Offering").index("Exit tickets in ten minutes")
    before = _row(window.db, "enrollments", enrollment.id)
    _press(window, qtbot, tab.enrollments, row, Qt.Key.Key_Delete)
    assert questions[-1].startswith(
        "Delete the enrollment of Ana Lopez in “Exit tickets in ten minutes”?")
    assert "Exit tickets in ten minutes" not in _column(tab.enrollments, "Offering")
    _gone_then_back(window, "enrollments", enrollment.id, before)


def test_an_offering_is_corrected_deleted_only_while_nobody_chose_it(
        window, ids, qtbot, monkeypatch, questions):
    window.tab_widget.setCurrentIndex(3)
    tab = window.tabs[3]
    row = _column(tab.catalog, "Offering").index("Exit tickets in ten minutes")

    def fill(dialog):
        dialog.hours.setValue(1.5)

    answer(monkeypatch, OfferingDialog, fill)
    _press(window, qtbot, tab.catalog, row, Qt.Key.Key_Return)
    assert _column(tab.catalog, "Hours")[row] == "1.5"
    refusals = []
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": refusals.append(text))
    _press(window, qtbot, tab.catalog, row, Qt.Key.Key_Delete)
    assert refusals and refusals[0] == ("The offering “Exit tickets in ten minutes” cannot be "
                                        "deleted while 2 enrollments still refer to it.")
    assert "Exit tickets in ten minutes" in _column(tab.catalog, "Offering")

    new = window.runner.perform("Add", lambda db: __import__("db.catalog", fromlist=["x"]).add_offering(
        db, {"title": "Typo offering", "format": "webinar", "hours": 1}))
    row = _column(tab.catalog, "Offering").index("Typo offering")
    before = _row(window.db, "pd_offerings", new.value)
    _press(window, qtbot, tab.catalog, row, Qt.Key.Key_Delete)
    assert not refusals[1:], refusals
    assert questions[-1].startswith("Delete the offering “Typo offering”?")
    assert "Typo offering" not in _column(tab.catalog, "Offering")
    _gone_then_back(window, "pd_offerings", new.value, before)


# -- celebrations and wellbeing ---------------------------------------------------------------

def test_a_celebration_is_corrected_and_deleted_from_the_wall(
        window, ids, qtbot, monkeypatch, questions):
    window.tab_widget.setCurrentIndex(4)
    tab = window.tabs[4]
    titles = [c.title for c in tab.model.rows()]
    position = titles.index("Thanks for covering lunch duty")
    chosen = tab.model.rows()[position]

    def fill(dialog):
        assert set(dialog.checked_ids()) == {ids["ana"], ids["ben"]}
        dialog.people.findItems("Ben Okafor", Qt.MatchFlag.MatchExactly)[0].setCheckState(
            Qt.CheckState.Unchecked)
        dialog.title.clear()
        qtbot.keyClicks(dialog.title, "Thanks for covering lunch, Ana")

    answer(monkeypatch, CelebrationDialog, fill)
    _focus(window, qtbot, tab.wall)
    tab.wall.setCurrentIndex(tab.model.index(position, 0))
    qtbot.keyClick(tab.wall, Qt.Key.Key_Return)
    saved = celebrations.get_celebration(window.db, chosen.id)
    assert (saved.title, saved.staff_names) == ("Thanks for covering lunch, Ana", ("Ana Lopez",))
    assert "Thanks for covering lunch, Ana" in [c.title for c in tab.model.rows()]

    before = _row(window.db, "celebrations", chosen.id)
    tab.wall.setCurrentIndex(tab.model.index(position, 0))
    qtbot.keyClick(tab.wall, Qt.Key.Key_Delete)
    assert questions[-1].startswith("Delete the celebration “Thanks for covering lunch, Ana”?")
    assert "Thanks for covering lunch, Ana" not in [c.title for c in tab.model.rows()]
    _gone_then_back(window, "celebrations", chosen.id, before)
    assert celebrations.get_celebration(window.db, chosen.id).staff_names == ("Ana Lopez",)


def _wellbeing_page(window, staff_id):
    window.sidebar.select(staff_id)
    window.tab_widget.setCurrentIndex(4)
    tab = window.tabs[4]
    tab.sections.setCurrentIndex(1)
    return tab.wellbeing


def _logged(db, *tables) -> str:
    """Everything the file's audit log and tombstones hold about *tables*, as one text."""
    marks = ", ".join("?" for _ in tables)
    rows = db.execute(f"SELECT table_name, row_id, action, before_json, after_json FROM audit_log "
                      f"WHERE table_name IN ({marks})", list(tables)).fetchall()
    rows += db.execute(f"SELECT table_name, row_id FROM tombstones WHERE table_name IN ({marks})",
                       list(tables)).fetchall()
    return repr(rows)


def test_a_wellbeing_check_in_is_corrected_and_deleted(window, ids, qtbot, monkeypatch, questions):
    page = _wellbeing_page(window, ids["ben"])

    def record(dialog):
        qtbot.keyClicks(dialog.note, "Tired")
        qtbot.keyClick(dialog.shared, Qt.Key.Key_Space)          # Ben shares this one

    answer(monkeypatch, WellbeingDialog, record)
    page.check_in_button.click()
    [row] = page.check_ins.model.rows()
    assert row.shared and row.note == "Tired"

    def fill(dialog):
        assert dialog.note.toPlainText() == "Tired" and dialog.shared.isChecked()
        qtbot.keyClick(dialog.scores["energy"].slider, Qt.Key.Key_Home)   # 1

    answer(monkeypatch, WellbeingDialog, fill)
    _press(window, qtbot, page.check_ins, 0, Qt.Key.Key_Return)
    [shown] = page.check_ins.model.rows()
    assert shown.check_in.energy == 1 and shown.score("energy") == "1"
    # The log keeps that it was written and corrected, never the note or the scores.
    logged = _logged(window.db, "wellbeing_check_ins")
    assert _audit(window.db, "wellbeing_check_ins", row.check_in.id) == ["insert", "update"]
    assert "Tired" not in logged and '"energy":1' not in logged and "‹private" in logged

    before = _row(window.db, "wellbeing_check_ins", row.check_in.id)
    _press(window, qtbot, page.check_ins, 0, Qt.Key.Key_Delete)
    assert questions[-1].startswith("Delete Ben Okafor's wellbeing check-in of")
    assert page.check_ins.model.rows() == []
    _gone_then_back(window, "wellbeing_check_ins", row.check_in.id, before)
    assert [r.check_in.id for r in page.check_ins.model.rows()] == [row.check_in.id]
    assert wellbeing.list_check_ins(window.db, staff_id=ids["ben"])[0].energy == 1
    assert "Tired" not in _logged(window.db, "wellbeing_check_ins")


def test_stopping_sharing_asks_for_the_note_to_go_and_leaves_only_the_month(
        window, ids, qtbot, monkeypatch):
    page = _wellbeing_page(window, ids["ben"])
    answer(monkeypatch, WellbeingDialog, lambda dialog: (
        qtbot.keyClicks(dialog.note, "Tired"), qtbot.keyClick(dialog.shared, Qt.Key.Key_Space)))
    page.check_in_button.click()
    problems = []

    def put_right(dialog):                     # refused beside the note, everything kept
        problems.append(dialog.error_label.text())
        assert dialog.note.toPlainText() == "Tired" and dialog.focusWidget() is dialog.note
        dialog.note.clear()

    answer(monkeypatch, WellbeingDialog, lambda dialog: qtbot.keyClick(dialog.shared, Qt.Key.Key_Space),
           then=put_right)
    _press(window, qtbot, page.check_ins, 0, Qt.Key.Key_Return)
    assert "note is kept only with a check-in shared" in problems[0]
    [row] = page.check_ins.model.rows()
    assert (row.sharing, row.score("energy"), row.note) == ("Answered privately", "—", "")
    assert "no longer shared" in window.statusBar().currentMessage()
    assert window.db.execute("SELECT count(*) FROM wellbeing_private_answers").fetchone()[0] == 1


def test_a_private_answer_cannot_be_opened_or_deleted_and_undo_takes_it_back(
        window, ids, qtbot, monkeypatch, questions):
    """Recorded unshared, then Edit ▸ Undo: the private answer is gone, and nothing of it
    reached the audit log or the tombstones on the way in or out."""
    db = window.db
    page = _wellbeing_page(window, ids["ben"])

    def record(dialog):
        assert not dialog.shared.isChecked()
        qtbot.keyClick(dialog.scores["energy"].slider, Qt.Key.Key_Home)   # 1
        qtbot.keyClick(dialog.scores["stress"].slider, Qt.Key.Key_End)    # 5

    answer(monkeypatch, WellbeingDialog, record)
    page.check_in_button.click()
    [row] = page.check_ins.model.rows()
    assert (row.sharing, row.score("energy"), row.score("stress")) == ("Answered privately", "—", "—")
    assert db.execute("SELECT energy, stress FROM wellbeing_private_answers").fetchall() == [(1.0, 5.0)]

    # Nothing on the page reaches it: no Edit, no Delete, Enter and the Delete key do nothing.
    opened = answer(monkeypatch, WellbeingDialog)
    page.check_ins.view.selectRow(0)
    assert not page.edit_check_in_button.isEnabled() and not page.delete_check_in_button.isEnabled()
    _press(window, qtbot, page.check_ins, 0, Qt.Key.Key_Return)
    _press(window, qtbot, page.check_ins, 0, Qt.Key.Key_Delete)
    assert opened == [] and questions == []
    assert len(page.check_ins.model.rows()) == 1

    assert window.undo_action.text() == "&Undo Record Ben Okafor's wellbeing check-in"
    window.undo_action.trigger()
    assert db.execute("SELECT count(*) FROM wellbeing_private_answers").fetchone()[0] == 0
    assert wellbeing.list_responses(db, staff_id=ids["ben"]) == []
    assert page.check_ins.model.rows() == []
    # The log has the month's response coming and going (no scores in it), nothing else.
    logged = _logged(db, "wellbeing_private_answers", "wellbeing_responses", "wellbeing_check_ins")
    assert "wellbeing_private_answers" not in logged
    assert '"energy"' not in logged and '"stress"' not in logged
    assert [r[0] for r in db.execute("SELECT action FROM audit_log WHERE table_name = "
                                     "'wellbeing_responses' ORDER BY rowid")] == [
        "insert", "update", "update", "delete"]       # answered privately, then taken back
    window.redo_action.trigger()                  # and Redo brings the answer back, unlinked
    assert db.execute("SELECT month = created_at AND month = updated_at FROM "
                      "wellbeing_private_answers").fetchall() == [(1,)]


# -- staff -----------------------------------------------------------------------------------------

def test_staff_are_deleted_only_while_nothing_is_recorded_for_them(window, ids, qtbot, monkeypatch,
                                                                   questions):
    refusals = []
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": refusals.append(text))
    window.sidebar.select(ids["ana"])
    window.delete_staff_action.trigger()
    assert refusals[0].startswith("Ana Lopez cannot be deleted while 2 observations, 1 goal, "
                                  "2 conversations, 2 enrollments and 1 celebration")
    assert refusals[0].endswith("still refer to them.")
    assert staff.get(window.db, ids["ana"]) is not None and not questions

    added = window.runner.perform("Add", lambda db: staff.add(db, first_name="Typo", last_name="Person"))
    assert window.sidebar.select(added.value)
    before = _row(window.db, "staff", added.value)
    _focus(window, qtbot, window.sidebar.list)       # the Delete key in the staff list
    qtbot.keyClick(window.sidebar.list, Qt.Key.Key_Delete)
    assert questions[-1].startswith("Delete Typo Person?")
    assert window.sidebar.staff_id is None
    names = [window.sidebar.model.index(n).data() for n in range(window.sidebar.model.rowCount())]
    assert "Person, Typo" not in names
    _gone_then_back(window, "staff", added.value, before)
    names = [window.sidebar.model.index(n).data() for n in range(window.sidebar.model.rowCount())]
    assert "Person, Typo" in names


def test_enter_in_the_staff_list_opens_the_person(window, ids, qtbot, monkeypatch):
    from desktop.ui.dialogs.staff_dialog import StaffDialog

    seen = []
    answer(monkeypatch, StaffDialog, lambda dialog: seen.append(dialog.fields["first_name"].text()),
           save=False)
    assert window.sidebar.select(ids["dev"])
    _focus(window, qtbot, window.sidebar.list)
    qtbot.keyClick(window.sidebar.list, Qt.Key.Key_Return)
    assert seen == ["Dev"]
