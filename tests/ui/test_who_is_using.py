"""Who is using Cultivate: said once, then the observer of new visits, the audit log's actor,
and "my visits" in the Observations list."""

from __future__ import annotations

import pytest

from db import observations, records, users
from db.connection import open_memory
from desktop.ui.dialogs.who_dialog import WhoDialog
from tests.helpers.window import finish, start_walkthrough
from tests.ui.forms import answer
from tests.ui.school import build_small_school


def test_say_who_you_are_then_your_visits_and_changes_carry_your_name(
        window, ids, school_file, open_window, qtbot, monkeypatch):
    assert window.user_label.text() == "Who is using Cultivate? Not said yet"
    tab = window.tabs[1]
    window.tab_widget.setCurrentIndex(1)
    assert not tab.mine.isEnabled()

    def pick_maya(dialog):
        names = [dialog.people.item(row).text() for row in range(dialog.people.count())]
        assert names == ["Maya Reed · Coach"]      # leaders and coaches only, never teachers
        assert dialog.pick.isChecked()
        dialog.people.setCurrentRow(0)

    answer(monkeypatch, WhoDialog, pick_maya)
    window.who_action.trigger()
    assert window.user.id == ids["coach"]
    assert window.user_label.text() == "Using Cultivate: Maya Reed"

    # A guest's visit, so that "my visits" has something to leave out.
    rubric = window.db.execute("SELECT id FROM rubrics").fetchone()[0]
    records.insert(window.db, "observations", {
        "staff_id": ids["ben"], "observer_name": "Guest Principal", "rubric_id": rubric,
        "kind": "informal", "status": "complete", "observed_on": "2026-03-09"})

    # A new walkthrough starts with Maya as its observer; its rows name her in the audit log.
    dialog = start_walkthrough(qtbot, window, "dev")
    assert dialog.observer.currentText() == "Maya Reed"
    visit = dialog.observation_id
    qtbot.keyClick(dialog.score_list, "3")
    finish(qtbot, dialog)
    assert observations.get_observation(window.db, visit).observer_id == ids["coach"]
    actors = {row[0] for row in window.db.execute(
        "SELECT DISTINCT actor FROM audit_log WHERE row_id = ?", [visit])}
    assert actors == {"Maya Reed"}

    tab.refresh(force=True)
    everyone = tab.list.model.rowCount()
    tab.mine.setChecked(True)
    mine = tab.list.model.rows()
    assert len(mine) == everyone - 1 and {row.observer_name for row in mine} == {"Maya Reed"}
    tab.clear_filters()
    assert not tab.mine.isChecked() and tab.list.model.rowCount() == everyone
    window.close()

    # A restart remembers her, and her deletions leave tombstones in her name.
    again = open_window(school_file[0])
    assert again.user_label.text() == "Using Cultivate: Maya Reed"
    again.runner.perform("Discard the draft", lambda db: observations.delete_draft(
        db, observations.drafts(db)[0]))
    assert {row[0] for row in again.db.execute("SELECT deleted_by FROM tombstones")} == {"Maya Reed"}


def test_add_yourself_when_you_are_not_on_the_staff_list(window, qtbot, monkeypatch):
    attempts = []

    def add_me(dialog):
        attempts.append(dialog.error_label.text())
        dialog.add.setChecked(True)
        assert dialog.first_name.isEnabled() and not dialog.people.isEnabled()
        if len(attempts) == 1:
            return   # nothing typed: refused, the form comes back with the reason
        qtbot.keyClicks(dialog.first_name, "Noor")
        qtbot.keyClicks(dialog.last_name, "Haddad")
        dialog.role.setCurrentIndex(dialog.role.findData("principal"))

    answer(monkeypatch, WhoDialog, add_me, then=add_me)   # the refusal keeps the form open
    member = window.ask_who_is_using()
    assert attempts == ["", "A first name is required."]
    assert (member.full_name, member.role) == ("Noor Haddad", "principal")
    assert window.user.id == member.id
    assert "Haddad, Noor · Principal" in [window.sidebar.model.index(row).data()
                                          for row in range(window.sidebar.model.rowCount())]


def test_not_now_changes_nothing(window, monkeypatch):
    monkeypatch.setattr(WhoDialog, "ask", classmethod(lambda cls, *a, **k: None))
    assert window.ask_who_is_using() is None and window.user is None


def test_each_computer_login_has_its_own_answer_and_teachers_are_refused():
    db = open_memory()
    ids = build_small_school(db)
    users.set_current(db, ids["coach"], login="mreed")
    assert users.current(db, login="mreed").id == ids["coach"]
    assert users.current(db, login="someone-else") is None
    with pytest.raises(users.UserError, match="Ana Lopez is a teacher"):
        users.set_current(db, ids["ana"], login="alopez")
    db.close()
