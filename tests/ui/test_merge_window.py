"""File ▸ Merge from another file… and File ▸ Merge conflicts…, used as a principal would."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton

from db import clock, merge, records
from db.connection import open_database
from desktop.ui.dialogs import merge_dialogs


def _coach_copy(school_file, tmp_path, ids):
    path, _ = school_file
    usb = tmp_path / "usb"
    usb.mkdir()
    coach = usb / "maya.db"
    shutil.copy(path, coach)
    db = open_database(coach, actor="Maya Reed")
    merge.set_device_id(db, "maya-laptop")
    db.execute("UPDATE replica SET name = 'Maya (coach)'")
    clock.advance(timedelta(milliseconds=10))
    records.update(db, "goals", ids["goal_ana"], {"title": "Ask open questions daily",
                                                   "measure": "tally of open questions"})
    visit = records.insert(db, "observations", {
        "staff_id": ids["dev"], "observer_id": ids["coach"],
        "rubric_id": db.execute("SELECT id FROM rubrics").fetchone()[0], "kind": "walkthrough",
        "status": "complete", "observed_on": clock.today().isoformat(), "glow": "Calm start"})
    db.close()
    return coach, visit


def _action(window, name):
    return next(action for action in window.merge_actions if action.objectName() == name)


def test_the_file_menu_offers_merge_and_conflicts_with_their_names(window):
    names = [action.objectName() for action in window.file_menu.actions()]
    assert "Merge from another file" in names and "Merge conflicts" in names
    for action in window.merge_actions:
        assert action.toolTip() == action.objectName()


def test_merging_a_coachs_file_previews_merges_settles_and_undoes(
        window, school_file, tmp_path, ids, qtbot, monkeypatch):
    coach, visit = _coach_copy(school_file, tmp_path, ids)
    clock.advance(timedelta(milliseconds=10))
    window.runner.perform("Rename goal", lambda db: records.update(
        db, "goals", ids["goal_ana"], {"title": "Open questions, every lesson"}))
    monkeypatch.setattr(merge_dialogs, "choose_merge_file", lambda parent: coach)
    previews = []

    def preview(found, name, parent):
        dialog = merge_dialogs.MergePreviewDialog(found, name, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.grab().save("/tmp/mg/preview.png")
        previews.append(dialog.heading.text())
        return True

    monkeypatch.setattr(merge_dialogs.MergePreviewDialog, "ask", staticmethod(preview))
    _action(window, "Merge from another file").trigger()
    assert previews == ["Merging “Maya (coach)” (maya.db) into this file will: add 1, update 0, "
                        "delete 0 records; 1 conflict."]
    assert records.get(window.db, "observations", visit)["glow"] == "Calm start"
    assert "Merged “maya.db”: added 1" in window.statusBar().currentMessage()
    # The conflict dialog opened by itself: the goal, side by side, field by field.
    dialog = window.conflict_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.list.count() == 1
    assert "Goal “Open questions, every lesson”\nedited on both sides" in dialog.list.item(0).text()
    radios = {button.accessibleName(): button for button in dialog.fields.findChildren(QRadioButton)}
    assert set(radios) == {"Title: keep this file's", "Title: keep the other file's",
                           "Measure: keep this file's", "Measure: keep the other file's"}
    assert radios["Title: keep this file's"].isChecked()     # the newer, kept by the rule
    dialog.grab().save("/tmp/mg/conflict.png")
    # From the keyboard: the focus is on the first field's kept choice; the right arrow
    # picks the other file's title; then the measure from the other file too; Settle.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is radios["Title: keep this file's"])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert radios["Title: keep the other file's"].isChecked()
    radios["Measure: keep the other file's"].setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not merge.open_conflicts(window.db))    # and the dialog closed
    goal = records.get(window.db, "goals", ids["goal_ana"])
    assert (goal["title"], goal["measure"]) == ("Ask open questions daily", "tally of open questions")
    assert merge.open_conflicts(window.db) == []
    # Undo the settling, then the merge: the visit is gone and the conflict open again... and
    # then gone with the merge.
    window.undo()
    assert len(merge.open_conflicts(window.db)) == 1
    window.undo()
    assert records.get(window.db, "observations", visit) is None
    assert merge.open_conflicts(window.db) == []
    assert records.get(window.db, "goals", ids["goal_ana"])["title"] == "Open questions, every lesson"


def test_a_mass_deletion_is_said_in_words_and_on_the_button(window, school_file, tmp_path, ids,
                                                           qtbot, monkeypatch):
    path, _ = school_file
    usb = tmp_path / "usb"
    usb.mkdir()
    emptied = usb / "emptied.db"
    shutil.copy(path, emptied)
    db = open_database(emptied)
    clock.advance(timedelta(milliseconds=10))
    for table in ("observation_scores", "observations", "goals"):
        db.execute(f'DELETE FROM "{table}"')
    db.close()
    seen = []

    def preview(found, name, parent):
        dialog = merge_dialogs.MergePreviewDialog(found, name, parent)
        qtbot.addWidget(dialog)
        seen.append((dialog.warning.text(), dialog.merge_button.text(),
                     dialog.merge_button.isDefault()))
        return False          # the principal says no

    monkeypatch.setattr(merge_dialogs.MergePreviewDialog, "ask", staticmethod(preview))
    before = merge.contents(window.db)
    assert merge_dialogs.merge_from_file(window, emptied) is None
    [(warning, button, default)] = seen
    assert "more than a third" in warning and button.startswith("&Merge and delete")
    assert not default
    assert merge.contents(window.db) == before


def test_a_hostile_file_is_refused_plainly_and_nothing_changes(window, tmp_path, qtbot, monkeypatch):
    bad = tmp_path / "songs.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    told = []
    monkeypatch.setattr(merge_dialogs.messages, "notify",
                        lambda parent, title, text, detail="": told.append((title, text)))
    before = merge.contents(window.db)
    assert merge_dialogs.merge_from_file(window, bad) is None
    assert told and told[0][0] == "Nothing was merged" and "songs.db" in told[0][1]
    assert merge.contents(window.db) == before
    assert window.runner.undo_label is None


def test_export_for_a_colleague_says_what_is_left_out_and_writes_their_copy(
        window, ids, tmp_path, qtbot, monkeypatch):
    from desktop.ui.dialogs.merge_dialogs import ColleagueExportDialog

    dialog = ColleagueExportDialog(window.db, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save("/tmp/mg/export.png")
    assert dialog.colleague.currentText() == "Maya Reed (coach)"
    assert "private notes on visits" in dialog.left_out.text()
    assert "wellbeing check-ins" in dialog.left_out.text()
    # Maya observed Ana, Ben and Cara: they are ticked; Dev, never visited, is not.
    ticked = {dialog.people.item(i).text() for i in range(dialog.people.count())
              if dialog.people.item(i).checkState() == Qt.CheckState.Checked}
    assert ticked == {"Ana Lopez", "Ben Okafor", "Cara Nguyen"}
    chosen = dialog.chosen()
    dialog.close()
    monkeypatch.setattr(ColleagueExportDialog, "ask", classmethod(
        lambda cls, db, parent=None: (ids["coach"], "Maya Reed", chosen, {})))
    out = tmp_path / "for-maya.db"
    monkeypatch.setattr(merge_dialogs.messages, "choose_save_path", lambda *args, **kwargs: out)
    _action(window, "Export for a colleague").trigger()
    assert out.exists()
    assert "Exported" in window.statusBar().currentMessage()
    assert "NOT protected with a passphrase" in window.statusBar().currentMessage()
    copy = open_database(out)
    assert {row["first_name"] for row in copy["staff"].rows} == {"Ana", "Ben", "Cara", "Maya"}
    assert merge.replica(copy).name == "Maya Reed"
    copy.close()
    # It merges back as any other file: nothing new.
    monkeypatch.setattr(merge_dialogs.messages, "notify",
                        lambda parent, title, text, detail="": None)
    report = merge_dialogs.merge_from_file(window, out)
    assert report.summary() == "added 0, updated 0, deleted 0, conflicts 0"


def test_a_protected_files_copy_for_a_colleague_gets_a_passphrase_typed_twice(
        school_file, open_window, ids, tmp_path, qtbot, monkeypatch):
    """From a protected file, the copy is protected: this file's passphrase by default, a
    new one typed twice alike, or none only by choosing it in so many words."""
    from db import driver, protection
    from db.errors import PassphraseNeededError
    from desktop.ui.dialogs.merge_dialogs import ColleagueExportDialog

    path, _ = school_file
    protection.protect(path, "maple grove after dark")
    window = open_window(path)
    dialog = ColleagueExportDialog(window.db, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.same_passphrase.isVisible() and dialog.same_passphrase.isChecked()
    assert not dialog.passphrase.isEnabled()
    dialog.no_passphrase.click()
    assert "anyone who gets hold of the copy can read everything" in dialog.no_passphrase.text()
    assert dialog.export_button.text().replace("&", "") == "Export without a passphrase…"
    dialog.new_passphrase.click()
    assert dialog.export_button.text().replace("&", "") == "Export…"
    qtbot.keyClicks(dialog.passphrase, "maya's own words")
    qtbot.keyClicks(dialog.passphrase_again, "maya's own wordz")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.text() == "The two passphrases are not the same."
    dialog.passphrase_again.clear()
    qtbot.keyClicks(dialog.passphrase_again, "maya's own words")
    dialog.grab().save("/tmp/mg/export-protected.png")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.passphrase.text() == "" == dialog.passphrase_again.text()   # not kept in a widget
    choice = dialog._choice
    assert choice == {"passphrase": "maya's own words"}

    out = tmp_path / "for-maya.db"
    monkeypatch.setattr(ColleagueExportDialog, "ask", classmethod(
        lambda cls, db, parent=None: (ids["coach"], "Maya Reed", [ids["ana"]], choice)))
    monkeypatch.setattr(merge_dialogs.messages, "choose_save_path", lambda *args, **kwargs: out)
    _action(window, "Export for a colleague").trigger()
    status = window.statusBar().currentMessage()
    assert "protected with the passphrase you chose" in status and "NOT" not in status
    assert protection.is_protected(out)
    driver.forget_keys()
    with pytest.raises(PassphraseNeededError):
        open_database(out)
