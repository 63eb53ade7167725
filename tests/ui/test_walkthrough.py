"""Quick walkthrough driven from the keyboard alone, checked in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import observations
from desktop.ui.dialogs.walkthrough import WalkthroughDialog
from tests.helpers.window import shown
from tests.ui.school import TODAY


def type_keys(qtbot, widget, text: str) -> None:
    qtbot.keyClicks(widget, text)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_a_full_walkthrough_from_the_keyboard_alone(qtbot, school_db):
    db, people, rubric = school_db
    dialog = shown(qtbot, WalkthroughDialog(db, today=TODAY))

    assert QApplication.focusWidget() is dialog.name_box
    type_keys(qtbot, dialog.name_box, "okaf")
    assert dialog.match_model.stringList() == ["Ben Okafor"]
    dialog.name_box.selectAll()
    type_keys(qtbot, dialog.name_box, "an")
    assert dialog.match_model.stringList() == ["Anita Brook", "Ana Lopez"]
    press(qtbot, Qt.Key.Key_Down)                       # the second match: Ana
    press(qtbot, Qt.Key.Key_Return)
    visit = dialog.observation_id
    assert visit and observations.get_observation(db, visit).staff_id == people["ana"]
    assert QApplication.focusWidget() is dialog.score_list

    for key in "34n2":                                   # four look-fors scored, cursor moves on
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Down)                        # skip one
    press(qtbot, "3")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.evidence_box
    type_keys(qtbot, dialog.evidence_box, "T asks why; 8 hands up")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, dialog.evidence_box, "Pairs explain to each other")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, dialog.tags_box, "hinge question")
    press(qtbot, "4", Qt.KeyboardModifier.ControlModifier)   # quick tag: Discussion
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.glow_box
    type_keys(qtbot, dialog.glow_box, "Every pair talked")
    press(qtbot, Qt.Key.Key_Return)                     # Enter moves on, like Tab
    type_keys(qtbot, dialog.grow_box, "Wait 5 s")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, dialog.private_box, "tired")

    # Before finishing, everything on screen is already in the file, as a draft.
    draft = observations.get_observation(db, visit)
    assert draft.is_draft and draft.glow == "Every pair talked" and draft.private_note == "tired"
    with qtbot.waitSignal(dialog.finished_walkthrough):
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    done = observations.get_observation(db, visit)
    assert done.status == "complete" and done.kind == "walkthrough"
    assert done.observed_on == TODAY.isoformat() and done.duration_seconds is not None
    look_fors = rubric.look_fors
    assert done.look_for_scores == {look_fors[0].id: 3, look_fors[1].id: 4, look_fors[2].id: None,
                                    look_fors[3].id: 2, look_fors[5].id: 3}
    assert [line.text for line in done.evidence] == ["T asks why; 8 hands up",
                                                     "Pairs explain to each other"]
    assert all(line.offset_seconds is not None and line.noted_at for line in done.evidence)
    assert done.tags == "hinge question, Discussion"
    assert (done.glow, done.grow, done.private_note) == ("Every pair talked", "Wait 5 s", "tired")
    assert observations.drafts(db) == []


def test_scoring_keys_reach_indicators_and_can_be_changed(qtbot, school_db):
    db, people, rubric = school_db
    dialog = shown(qtbot, WalkthroughDialog(db, today=TODAY, staff_id=people["ben"]))
    assert dialog.name_box.text() == "Ben Okafor"
    press(qtbot, Qt.Key.Key_Return)
    first_indicator = len(rubric.look_fors)
    dialog.score_list.setCurrentRow(first_indicator)
    press(qtbot, "4")
    dialog.score_list.setCurrentRow(first_indicator)
    press(qtbot, "2")
    press(qtbot, "x")                                    # ignored: no jump, no score
    assert dialog.score_list.currentRow() == first_indicator + 1
    press(qtbot, "n")
    dialog.score_list.setCurrentRow(first_indicator + 1)
    press(qtbot, Qt.Key.Key_Delete)
    found = observations.get_observation(db, dialog.observation_id)
    assert found.scores == {rubric.indicators[0].id: 2}
    assert dialog.score_list.item(first_indicator).text().startswith("[2] Developing")
    assert dialog.score_list.item(first_indicator + 1).text().startswith("[  ]")


def test_closing_keeps_the_draft_and_it_reopens_as_it_was(qtbot, school_db):
    db, people, rubric = school_db
    dialog = shown(qtbot, WalkthroughDialog(db, today=TODAY, staff_id=people["ana"]))
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, "3")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, dialog.evidence_box, "half a line")   # no Enter: still saved
    visit = dialog.observation_id
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()

    draft = observations.drafts(db, kind="walkthrough")[0]
    again = shown(qtbot, WalkthroughDialog(db, today=TODAY, observation_id=draft))
    assert again.observation_id == visit and again.pages.currentIndex() == 1
    assert again.score_list.item(0).text().startswith("[3] Proficient")
    assert again.score_list.currentRow() == 1            # the first one not yet scored
    assert [again.evidence_list.item(i).text()[7:] for i in range(again.evidence_list.count())] == [
        "half a line"]


def test_no_matching_teacher_says_so_and_starts_nothing(qtbot, school_db):
    db, _, _ = school_db
    dialog = shown(qtbot, WalkthroughDialog(db, today=TODAY))
    type_keys(qtbot, dialog.name_box, "zzz")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.picker_problem.isVisible() and "No teacher matches" in dialog.picker_problem.text()
    assert dialog.observation_id is None
    assert db.execute("SELECT count(*) FROM observations").fetchone()[0] == 0


def test_copy_feedback_leaves_out_the_private_note(qtbot, school_db):
    db, people, _ = school_db
    dialog = shown(qtbot, WalkthroughDialog(db, today=TODAY, staff_id=people["ana"]))
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, dialog.glow_box, "Strong routines")
    type_keys(qtbot, dialog.private_box, "Secret worry")
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "Strong routines" in copied and "Secret worry" not in copied


def test_discard_deletes_the_draft_after_asking(qtbot, school_db, monkeypatch):
    from desktop.ui import messages

    db, people, _ = school_db
    dialog = shown(qtbot, WalkthroughDialog(db, today=TODAY, staff_id=people["ana"]))
    press(qtbot, Qt.Key.Key_Return)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    dialog.discard_button.click()
    assert len(observations.drafts(db)) == 1
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    dialog.discard_button.click()
    assert observations.drafts(db) == []
