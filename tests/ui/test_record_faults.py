"""The smaller record-keeping faults a new user met (issue 19, item 7), each reproduced first."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from db import clock, goals, observations, records, staff
from db.connection import open_database
from desktop.ui import messages
from desktop.ui.dialogs.check_in_dialog import CheckInDialog
from desktop.ui.dialogs.walkthrough import WalkthroughDialog
from tests.helpers.window import overview_filled, shown, start_walkthrough
from tests.ui.forms import answer
from tests.ui.school import TODAY


def test_a_teacher_with_a_draft_is_offered_it_back_instead_of_a_second(qtbot, school_db, monkeypatch):
    db, people, _ = school_db
    first = shown(qtbot, WalkthroughDialog(db, staff_id=people["ana"]))
    qtbot.keyClick(first.name_box, Qt.Key.Key_Return)
    draft = first.observation_id
    qtbot.keyClick(first.score_list, "3")
    first.reject()

    asked = []

    def choose(parent, title, text, choices, **kwargs):
        asked.append((title, text, choices))
        return choices[0]

    monkeypatch.setattr(messages, "choose", choose)
    again = shown(qtbot, WalkthroughDialog(db))
    qtbot.keyClicks(again.name_box, "ana")
    qtbot.keyClick(again.name_box, Qt.Key.Key_Return)
    assert asked and asked[0][2][0] == "Resume the draft"
    assert "Ana Lopez has an unfinished walkthrough" in asked[0][1]
    assert again.observation_id == draft
    assert observations.drafts(db, kind="walkthrough") == [draft]
    again.reject()

    # Asked again, the coach may start a second visit all the same.
    monkeypatch.setattr(messages, "choose", lambda parent, title, text, choices, **k: choices[1])
    third = shown(qtbot, WalkthroughDialog(db, staff_id=people["ana"]))
    qtbot.keyClick(third.name_box, Qt.Key.Key_Return)
    assert third.observation_id not in (None, draft)
    assert len(observations.drafts(db, kind="walkthrough")) == 2
    third.reject()
    # …or think again: nothing is started.
    monkeypatch.setattr(messages, "choose", lambda *a, **k: None)
    fourth = shown(qtbot, WalkthroughDialog(db, staff_id=people["ana"]))
    qtbot.keyClick(fourth.name_box, Qt.Key.Key_Return)
    assert fourth.observation_id is None and fourth.pages.currentIndex() == 0
    assert len(observations.drafts(db, kind="walkthrough")) == 2


def test_the_visit_clock_measures_the_visit_not_the_hours_the_draft_waited(qtbot, school_db):
    db, people, _ = school_db
    dialog = shown(qtbot, WalkthroughDialog(db, staff_id=people["ben"]))
    qtbot.keyClick(dialog.name_box, Qt.Key.Key_Return)
    visit = dialog.observation_id
    clock.advance(timedelta(minutes=4))
    dialog._tick()
    assert dialog.timer_label.text() == "04:00"
    qtbot.keyClick(dialog.score_list, "3")
    dialog.reject()                         # the bell goes; the coach closes the laptop

    clock.advance(timedelta(hours=3))       # and comes back to it after lunch
    again = shown(qtbot, WalkthroughDialog(db, observation_id=visit))
    assert again.timer_label.text() == "04:00"
    clock.advance(timedelta(minutes=2))
    qtbot.keyClick(again.score_list, Qt.Key.Key_Tab)
    qtbot.keyClicks(again.evidence_box, "Exit ticket on the board")
    qtbot.keyClick(again.evidence_box, Qt.Key.Key_Return)
    again.finish()
    found = observations.get_observation(db, visit)
    assert found.duration_seconds == pytest.approx(6 * 60, abs=5)
    assert found.evidence[0].stamp == "06:00"


def test_quitting_with_a_walkthrough_open_keeps_the_draft_quietly(
        school_file, open_window, qtbot, caplog):
    path, ids = school_file
    window = open_window(path)
    dialog = start_walkthrough(qtbot, window, "dev")
    qtbot.keyClick(dialog.score_list, "3")
    visit = dialog.observation_id
    caplog.set_level(logging.INFO)

    def boxes():
        return {box for box in QApplication.topLevelWidgets()
                if isinstance(box, QMessageBox) and box.isVisible()}

    already = boxes()   # another test's box may still be about
    failures = []
    window.runner.failed.connect(failures.append)
    window.quit_action.trigger()             # Ctrl+Q with the visit still open
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not dialog.isVisible()
    assert failures == []
    assert dialog.save_state.text() == "Saved"
    assert boxes() - already == set()
    assert "closed database" not in caplog.text.lower()
    db = open_database(path)
    assert observations.drafts(db, kind="walkthrough") == [visit]
    assert list(observations.get_observation(db, visit).scores.values()) == [3]
    db.close()


def test_a_check_in_dated_before_its_goal_starts_is_refused(window, ids, monkeypatch, qtbot):
    db = window.db
    records.update(db, "goals", ids["goal_ben"], {"start_on": "2026-03-01"})
    with pytest.raises(goals.GoalValidationError, match="before the goal started on 2026-03-01"):
        goals.add_check_in(db, ids["goal_ben"], checked_on="2026-02-20", progress=10)

    errors = []

    def type_day(day):
        def fill(dialog):
            dialog.checked_on.edit.clear()
            qtbot.keyClicks(dialog.checked_on.edit, day)
            dialog.progress.setValue(20)
        return fill

    def read_and_correct(dialog):
        errors.append(dialog.error_label.text())   # shown in the form, which stayed open
        type_day("2026-03-05")(dialog)

    answer(monkeypatch, CheckInDialog, type_day("2026-02-20"), then=read_and_correct)
    assert window.sidebar.select(ids["ben"])
    window.tab_widget.setCurrentIndex(2)
    tab = window.tabs[2]
    tab.refresh()
    tab.goals.view.selectRow(0)
    tab.check_in()
    assert "before the goal started on 2026-03-01" in errors[0]
    saved = goals.list_check_ins(db, ids["goal_ben"])
    assert [c.checked_on for c in saved] == ["2026-03-05"]
    # A correction is held to the same rule as the check-in it corrects.
    with pytest.raises(goals.GoalValidationError, match="before the goal started on 2026-03-01"):
        goals.update_check_in(db, saved[0].id, checked_on="2026-02-27", progress=20)


def test_after_mark_done_the_selection_stays_on_the_step_just_marked(window, ids, qtbot):
    window.sidebar.select(ids["ana"])
    window.tab_widget.setCurrentIndex(2)
    tab = window.tabs[2]
    tab.refresh()
    tab.details.setCurrentIndex(0)
    steps = [tab.steps.proxy.index(row, tab.steps.model.column_index("Action step")).data()
             for row in range(tab.steps.proxy.rowCount())]
    assert steps == ["Script five open questions per lesson", "Watch Cara's seminar"]
    tab.steps.view.setFocus()
    tab.steps.view.selectRow(0)
    qtbot.keyClick(tab.steps.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    # Both are done now, so the list reorders by due date: the mark must follow the step.
    assert tab.selected_step().description == "Script five open questions per lesson"
    assert tab.selected_step().status == "done"
    assert tab.steps.view.hasFocus()


def test_screens_count_the_same_visits(window, ids, qtbot):
    """Overview, the Observations list and Coverage: drafts never, archived staff alike."""
    db = window.db
    rubric = db.execute("SELECT id FROM rubrics").fetchone()[0]
    leaver = staff.add(db, first_name="Lee", last_name="Left")
    records.insert(db, "observations", {"staff_id": leaver, "rubric_id": rubric,
                                        "kind": "walkthrough", "status": "complete",
                                        "observed_on": (TODAY - timedelta(days=4)).isoformat()})
    staff.archive(db, leaver)
    window.reload_everything()
    overview = window.tabs[0]
    overview.refresh(force=True)
    overview_count = int(overview_filled(qtbot, window).school_cards["observations"].value())
    window.tab_widget.setCurrentIndex(1)
    tab = window.tabs[1]
    tab.refresh(force=True)
    qtbot.keyClicks(tab.since.edit, "2026-01-01")       # this term, as the Overview counts it
    qtbot.waitUntil(lambda: "visits in" in tab.summary.text())   # added up on a worker
    listed = tab.summary.text()
    tab.views.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not tab.background.is_busy("coverage"))   # counted on a worker
    coverage = tab.coverage_summary.text()
    # Ana's walkthrough and formal, Ben's walkthrough, the leaver's; not Cara's draft.
    assert overview_count == 4
    assert listed.startswith("4 visits in 2025–26") and "1 unfinished draft" in listed
    assert "4 visits in Term 2, 2025–26 (1 of them to staff who have since left)" in coverage


def test_look_for_marks_count_in_the_average_and_in_trends(school_db):
    from desktop.reports.observation_trends import indicator_trends

    db, people, rubric = school_db
    first = rubric.look_fors[0]
    second = next(f for f in rubric.look_fors if f.indicator_code != first.indicator_code)
    visits = []
    for day, marks in (("2026-02-02", (2, 3)), ("2026-03-02", (4, None))):
        visit = observations.start_observation(db, staff_id=people["ana"], rubric_id=rubric.id,
                                               observed_on=day)
        observations.set_look_for(db, visit, first.id, marks[0])
        observations.set_look_for(db, visit, second.id, marks[1])
        observations.complete(db, visit)
        visits.append(visit)
    listed = {row.id: row for row in observations.list_observations(db, staff_id=people["ana"])}
    assert (listed[visits[0]].average_score, listed[visits[0]].scored_count) == (2.5, 2)
    assert (listed[visits[1]].average_score, listed[visits[1]].scored_count) == (4.0, 1)
    trends = {trend.code: trend for trend in indicator_trends(db, people["ana"])}
    assert [score for _, score in trends[first.indicator_code].points] == [2, 4]
    assert trends[first.indicator_code].change == 2
