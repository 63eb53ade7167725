"""The PD dialogs as a person uses them: by what is on screen, from the keyboard, every write
an operation that Undo takes back."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from db import attendance, catalog, clock, evaluations, pd, pd_plans, records, rooms, staff
from db.catalog import Session
from db.connection import open_database

TODAY = date(2026, 3, 2)


class Perform:
    """The window's own runner (desktop.ui.runner), with what it said in the status bar kept."""

    def __init__(self, db, monkeypatch):
        from desktop.ui import messages
        from desktop.ui.runner import Runner

        self.runner = Runner(db, None)
        self.statuses: list[str] = []
        monkeypatch.setattr(messages, "show_status",
                            lambda widget, text, **kwargs: self.statuses.append(text))

    def __call__(self, label, write, **options):
        return self.runner.perform(label, write, **options)

    @property
    def labels(self) -> list[str]:
        return [step.label for step in self.runner._undo]

    def undo_last(self) -> None:
        assert self.runner.undo().ok


@pytest.fixture
def school(tmp_path, monkeypatch):
    with clock.fixed(TODAY):
        db = open_database(tmp_path / "pd.db")
        people = {key: staff.add(db, first_name=first, last_name=last, email=f"{key}@school.org",
                                 subjects=subjects, years_experience=years)
                  for key, first, last, subjects, years in [
                      ("ann", "Ann", "Lee", "Mathematics", 3), ("ben", "Ben", "Ode", "Science", 1),
                      ("cy", "Cy", "Park", "French", 12), ("zoe", "Zoë", "Ñúñez", "Mathematics", 6)]}
        series = catalog.add_offering(
            db, {"title": "Talk moves series", "format": "workshop", "hours": 6, "capacity": 3},
            indicator_codes=["2.3"],
            sessions=[Session(f"{d}T15:30", f"{d}T17:30", "Library")
                      for d in ("2026-02-03", "2026-02-10", "2026-03-10")])
        yield db, people, series, Perform(db, monkeypatch)
        db.close()


# --- Find anything --------------------------------------------------------------------------------

def test_find_anything_answers_as_you_type_and_keeps_private_notes_out_until_asked(school, qtbot):
    from desktop.ui.dialogs.search_dialog import SearchDialog

    db, people, _series, _perform = school
    rubric = records.insert(db, "rubrics", {"family_id": "f", "name": "R"})
    visit = records.insert(db, "observations", {
        "staff_id": people["zoe"], "rubric_id": rubric, "kind": "walkthrough", "observed_on": "2026-02-20",
        "glow": "Élèves used think-pair-share well", "private_note": "Mentioned a hard week at home"})
    opened = []
    dialog = SearchDialog(db, None, open_record=lambda hit: opened.append(hit) or True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.query, "eleves think")
    qtbot.waitUntil(lambda: dialog.results.count() == 1)
    assert "Zoë Ñúñez · Walkthrough · 20 Feb 2026" in dialog.results.item(0).text()
    assert "Glow: " in dialog.results.item(0).text()
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, "hard week")
    qtbot.waitUntil(lambda: "Nothing found" in dialog.summary.text())
    assert "Include private notes" in dialog.summary.text()
    dialog.private.setChecked(True)
    assert dialog.results.count() == 1 and "Private note (private)" in dialog.results.item(0).text()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert [(hit.open_table, hit.open_id) for hit in opened] == [("observations", visit)]
    assert not dialog.isVisible()


# --- attendance and close-out -----------------------------------------------------------------------

def test_attendance_marks_are_saved_one_by_one_and_a_future_session_refuses_present(school, qtbot):
    from desktop.ui.dialogs.attendance_dialog import AttendanceDialog

    db, people, series, perform = school
    for key in ("ann", "ben"):
        pd.enroll(db, series, people[key], on="2026-01-20")
    with clock.fixed(TODAY):
        dialog = AttendanceDialog(db, series, perform)
        qtbot.addWidget(dialog)
        first, second, future = catalog.list_sessions(db, series)
        ann = pd.find_enrollment(db, series, people["ann"]).id
        combo = dialog.combos[(ann, first.id)]
        assert combo.accessibleName() == "Ann Lee, Tue 3 Feb 2026 15:30–17:30"
        combo.setCurrentIndex(combo.findText("Present"))
        assert attendance.sheet(db, series).mark(ann, first.id) == "present"
        assert perform.labels[-1] == "Mark Ann Lee present, 3 Feb 2026"
        dialog.session_choice.setCurrentIndex(1)
        qtbot.mouseClick(dialog.everyone_button, Qt.MouseButton.LeftButton)
        assert {dialog.combos[(e, second.id)].currentText() for e in (ann, pd.find_enrollment(
            db, series, people["ben"]).id)} == {"Present"}
        later = dialog.combos[(ann, future.id)]
        later.setCurrentIndex(later.findText("Present"))
        assert "has not started yet" in dialog.problem.text()
        assert later.currentText() == "—"              # put back: nothing was saved
        perform.undo_last()
        assert dialog.sheet.mark(ann, second.id) == "present"   # the dialog reloads on reopening
        assert attendance.sheet(db, series).mark(ann, second.id) is None


def test_close_out_waits_for_every_outcome_then_settles_everyone_in_one_step(school, qtbot):
    from desktop.ui.dialogs.attendance_dialog import CloseOutDialog

    db, people, _series, perform = school
    past = catalog.add_offering(db, {"title": "Regional conference", "format": "conference", "hours": 6},
                                sessions=[Session("2025-11-14T08:30", "2025-11-14T14:30", "Hall")])
    for key in ("ann", "ben"):
        pd.enroll(db, past, people[key], on="2025-10-01")
    ann = pd.find_enrollment(db, past, people["ann"]).id
    attendance.mark(db, catalog.list_sessions(db, past)[0].id, ann, "present", now=datetime(2026, 1, 1))
    dialog = CloseOutDialog(db, past, perform)
    qtbot.addWidget(dialog)
    assert "ended on 14 Nov 2025" in dialog.intro.text()
    assert dialog.outcomes[ann].currentText() == "Completed (6 hours)"
    assert not dialog.close_button.isEnabled() and "Ben Ode" in dialog.close_button.toolTip()
    ben = pd.find_enrollment(db, past, people["ben"]).id
    dialog.outcomes[ben].setCurrentIndex(dialog.outcomes[ben].findText("Did not complete"))
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert [pd.get_enrollment(db, e).status for e in (ann, ben)] == ["completed", "incomplete"]
    assert perform.statuses[-1] == "Closed out “Regional conference”: 1 completed, 1 did not complete."
    perform.undo_last()
    assert [pd.get_enrollment(db, e).status for e in (ann, ben)] == ["enrolled", "enrolled"]


# --- group enrollment -----------------------------------------------------------------------------

def test_a_group_is_previewed_then_enrolled_and_undone_as_one(school, qtbot):
    from desktop.ui.dialogs.group_enrollment_dialog import GroupEnrollmentDialog

    db, people, series, perform = school
    dialog = GroupEnrollmentDialog(db, series, perform, selected_ids=list(people.values()), today=TODAY)
    qtbot.addWidget(dialog)
    text = dialog.preview.toPlainText()
    assert "Will be enrolled (3)" in text and "Will join the waitlist, in this order (1)" in text
    assert dialog.enroll_button.text() == "&Enroll 4"
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    statuses = sorted(pd.find_enrollment(db, series, p).status for p in people.values())
    assert statuses == ["enrolled", "enrolled", "enrolled", "waitlisted"]
    assert perform.labels[-1] == "Enroll 4 teachers in Talk moves series"
    perform.undo_last()
    assert all(pd.find_enrollment(db, series, p) is None for p in people.values())


def test_enrolling_a_group_in_an_offering_that_is_over_asks_first(school, qtbot, monkeypatch):
    from desktop.ui import messages
    from desktop.ui.dialogs import group_enrollment_dialog

    db, people, _series, perform = school
    past = catalog.add_offering(db, {"title": "Old workshop", "format": "workshop", "hours": 2},
                                sessions=[Session("2025-11-14T15:30", "2025-11-14T17:00", "Hall")])
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text, yes: asked.append(text) or False)
    dialog = group_enrollment_dialog.GroupEnrollmentDialog(db, past, perform, selected_ids=[people["ann"]],
                                                           today=TODAY)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    assert "already started or been held (the last on 14 Nov 2025)" in asked[0]
    assert pd.find_enrollment(db, past, people["ann"]) is None and perform.labels == []


# --- the PD day ---------------------------------------------------------------------------------

def test_a_pd_day_is_planned_saved_edited_printed_and_enrolled(school, qtbot, monkeypatch, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QInputDialog

    from desktop.core import pd_menu
    from desktop.ui import messages
    from desktop.ui.dialogs.pd_day_dialog import PdDayDialog

    db, people, series, perform = school
    rubric = records.insert(db, "rubrics", {"family_id": "f", "name": "R", "is_default": 1})
    domain = records.insert(db, "rubric_domains", {"rubric_id": rubric, "code": "2", "name": "Teaching"})
    indicator = records.insert(db, "rubric_indicators", {"rubric_id": rubric, "domain_id": domain,
                                                         "code": "2.3", "name": "Purposeful talk"})
    for person in people.values():
        visit = records.insert(db, "observations", {"staff_id": person, "rubric_id": rubric, "kind": "walkthrough",
                                                    "status": "complete", "observed_on": "2026-02-01"})
        records.insert(db, "observation_scores", {"observation_id": visit, "indicator_id": indicator, "score": 1})
    maths = catalog.add_offering(db, {"title": "Talk in maths", "format": "webinar", "hours": 1,
                                      "audience_subjects": "Mathematics"}, indicator_codes=["2.3"])
    teachers = [(m.id, m.full_name) for m in staff.list_staff(db)]
    dialog = PdDayDialog(db, perform, lambda ids, k, day: pd_menu.common_thread(
        db, as_of=TODAY, k=k, staff_ids=ids, day=day), teachers=teachers, today=TODAY)
    monkeypatch.setattr(messages, "choose_save_path",
                        lambda *args, suffix="", **kwargs: tmp_path / f"plan{suffix}")
    qtbot.addWidget(dialog)
    dialog.k.setValue(2)
    qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)
    text = dialog.result.toPlainText()
    assert "2 of 2 offerings serve 4 of 4 teachers" in text and "the best possible choice" in text
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("PD day, 10 March", True))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (saved,) = pd_plans.list_plans(db)
    assert dialog.plans.currentText() == "PD day, 10 March" and saved.served == 4
    # By hand: Cy goes to the other offering instead; the plan says it was edited.
    plan = pd_plans.get_plan(db, saved.id)
    cy_pick = next(p for p in plan.picks if any(x.name == "Cy Park" for x in p.places))
    assert cy_pick.title == "Talk moves series"       # "Talk in maths" is for Mathematics teachers
    item = next(dialog.tree.topLevelItem(i).child(j) for i in range(dialog.tree.topLevelItemCount())
                for j in range(dialog.tree.topLevelItem(i).childCount())
                if dialog.tree.topLevelItem(i).child(j).text(0) == "Cy Park")
    dialog.tree.setCurrentItem(item)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "edited" in pd_plans.get_plan(db, saved.id).method
    assert "Cy Park" in dialog.tree.topLevelItem(dialog.tree.topLevelItemCount() - 1).child(0).text(0)
    path = dialog.print_plan("schedules")
    assert path == tmp_path / "plan.pdf" and len(PdfReader(str(path)).pages) == 3
    monkeypatch.setattr(messages, "confirm", lambda *args, **kwargs: True)
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    assert pd.find_enrollment(db, series, people["ann"]) is not None or \
        pd.find_enrollment(db, maths, people["ann"]) is not None
    assert pd.find_enrollment(db, series, people["cy"]) is None
    assert pd_plans.get_plan(db, saved.id).enrolled_on == TODAY.isoformat()
    perform.undo_last()
    assert all(pd.find_enrollment(db, o, p) is None for o in (series, maths) for p in people.values())


# --- transcript, evaluation, rooms ----------------------------------------------------------------------

def test_a_transcript_is_shown_and_saved_as_pdf_and_csv(school, qtbot, tmp_path, monkeypatch):
    from desktop.ui import messages
    from desktop.ui.dialogs.transcript_dialog import TranscriptDialog

    db, people, series, _perform = school
    pd.enroll(db, series, people["ann"], on="2026-01-20")
    pd.complete(db, pd.find_enrollment(db, series, people["ann"]).id, completed_on="2026-02-10", hours=5.75)
    monkeypatch.setattr(messages, "choose_save_path",
                        lambda *args, suffix="", **kwargs: tmp_path / f"ann{suffix}")
    dialog = TranscriptDialog(db, people["ann"], today=TODAY)
    qtbot.addWidget(dialog)
    assert "Talk moves series" in dialog.view.toPlainText() and "5.75" in dialog.view.toPlainText()
    assert dialog.save("pdf") == tmp_path / "ann.pdf" and dialog.save("csv") == tmp_path / "ann.csv"
    assert "5.75" in (tmp_path / "ann.csv").read_text(encoding="utf-8-sig")


def test_an_evaluation_is_typed_in_and_a_teacher_s_second_replaces_the_first(school, qtbot):
    from desktop.ui.dialogs.evaluation_dialog import EvaluationDialog

    db, people, series, perform = school
    pd.enroll(db, series, people["ann"], on="2026-01-20")
    dialog = EvaluationDialog(db, series, perform, today=TODAY, staff_id=people["ann"])
    qtbot.addWidget(dialog)
    dialog.ratings["reaction"].setCurrentIndex(dialog.ratings["reaction"].findText("5 strongly agree"))
    dialog.ratings["support"].setCurrentIndex(dialog.ratings["support"].findText("2 disagree"))
    qtbot.keyClicks(dialog.comment, "No time to plan it in")
    dialog.accept()
    (found,) = evaluations.list_for(db, series)
    assert (found.teacher_name, found.reaction, found.learning, found.support) == ("Ann Lee", 5, None, 2)
    again = EvaluationDialog(db, series, perform, today=TODAY, staff_id=people["ann"])
    qtbot.addWidget(again)
    assert again.ratings["reaction"].currentText() == "5 strongly agree"     # what she said before
    empty = EvaluationDialog(db, series, perform, today=TODAY)
    qtbot.addWidget(empty)
    empty.accept()
    assert "at least one rating" in empty.problem.text() and len(evaluations.list_for(db, series)) == 1


def test_rooms_are_added_and_a_second_of_the_same_name_is_refused_in_words(school, qtbot):
    from desktop.ui.dialogs.rooms_dialog import RoomsDialog

    db, _people, _series, perform = school
    dialog = RoomsDialog(db, perform)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Library")
    dialog.seats.setValue(30)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert rooms.seats_by_room(db) == {"library": 30}
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "already a room called “Library”" in dialog.problem.text()
    assert dialog.table.rowCount() == 1
