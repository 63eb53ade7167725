"""Goals & Conversations tab, driven like a coach would: keyboard, buttons, dialogs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from db import conversations, goals, self_assessments
from desktop.ui import messages
from desktop.ui.dialogs.check_in_dialog import CheckInDialog
from desktop.ui.dialogs.conversation_dialog import ConversationDialog
from desktop.ui.dialogs.goal_dialog import FAIL_MARK, PASS_MARK, GoalDialog, IndicatorChoice, StepDialog
from desktop.ui.dialogs.self_assessment_dialog import SelfAssessmentDialog
from desktop.ui.dialogs.self_assessment_import import SelfAssessmentImportDialog
from desktop.ui.tabs.goals import GoalsTab
from tests.helpers.window import overview_shown
from tests.ui.forms import answer
from tests.ui.school import TODAY


def goals_tab(window, staff_id=None) -> GoalsTab:
    if staff_id is not None:
        assert window.sidebar.select(staff_id)
    window.tab_widget.setCurrentIndex(2)
    tab = window.tabs[2]
    assert isinstance(tab, GoalsTab)
    tab.refresh()
    return tab


def column(panel, header):
    model = panel.proxy
    col = panel.model.column_index(header)
    return [model.index(row, col).data() for row in range(model.rowCount())]


def test_goal_from_a_conversation_then_tick_a_step_and_it_survives_a_restart(
        window, ids, school_file, open_window, qtbot, monkeypatch):
    tab = goals_tab(window, ids["dev"])
    seen_prompts = []

    def fill_conversation(dialog: ConversationDialog):
        seen_prompts.extend(label.accessibleName() for label in dialog.prompt_labels)
        assert dialog.prompts_box.isVisibleTo(dialog), "goal-setting shows the prompts"
        qtbot.keyClicks(dialog.notes, "Dev wants students to talk more. Agreed on wait time.")
        dialog.next_meeting.set_iso("2026-03-24")
        assert dialog.write_goal.isChecked()

    answer(monkeypatch, ConversationDialog, fill_conversation)

    def run_goal(dialog):
        assert dialog.indicator.currentData() is None or dialog.indicator.currentData() in ("A1", "A2")
        qtbot.keyClicks(dialog.title, "Give students time to think")
        assert dialog.check_labels["specific"].text().startswith(FAIL_MARK)
        qtbot.keyClicks(dialog.description, " after every question in maths lessons with year 7")
        qtbot.keyClicks(dialog.measure, "seconds of wait time in walkthroughs")
        qtbot.keyClicks(dialog.baseline, "1 second")
        qtbot.keyClicks(dialog.target, "3 seconds")
        dialog.indicator.setCurrentIndex(dialog.indicator.findData("A1"))
        dialog.due_on.set_iso("2026-05-29")
        assert all(label.text().startswith(PASS_MARK) for label in dialog.check_labels.values()), [
            label.text() for label in dialog.check_labels.values()]
        assert dialog.summary.text().startswith("6 of 6")

    answer(monkeypatch, GoalDialog, run_goal)
    window.activateWindow()
    tab.new_goal_button.setFocus()
    qtbot.waitUntil(lambda: tab.new_goal_button.hasFocus())
    qtbot.keyClick(tab.new_goal_button, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    assert any("Checking for understanding" in text or "Questioning" in text for text in seen_prompts) \
        or any("No evidence yet" in text for text in seen_prompts)
    assert column(tab.goals, "Goal") == ["Give students time to think"]
    goal = tab.selected_goal()
    assert goal.indicator_code == "A1"
    talk = conversations.list_conversations(window.db, staff_id=ids["dev"])[0]
    assert conversations.get_conversation(window.db, talk.id).goal_ids == (goal.id,)
    assert column(tab.conversations, "Kind") == ["Goal setting"]

    answer(monkeypatch, StepDialog, lambda dialog: (
        qtbot.keyClicks(dialog.description, "Count to three before taking answers"),
        dialog.due_on.set_iso("2026-03-20")))
    qtbot.mouseClick(tab.add_step_button, Qt.MouseButton.LeftButton)
    assert column(tab.steps, "Action step") == ["Count to three before taking answers"]
    tab.steps.view.setFocus()
    qtbot.waitUntil(lambda: tab.steps.view.hasFocus())
    tab.steps.view.selectRow(0)
    assert tab.done_button.isEnabled()
    qtbot.keyClick(tab.steps.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert column(tab.steps, "Status") == ["Done"]
    assert column(tab.goals, "Steps done") == ["1 of 1"]

    window.close()
    again = open_window(school_file[0])
    tab = goals_tab(again, ids["dev"])
    assert column(tab.goals, "Goal") == ["Give students time to think"]
    assert column(tab.steps, "Status") == ["Done"]
    detail = goals.get_goal(again.db, tab.selected_goal().id)
    assert (detail.measure, detail.baseline, detail.target, detail.due_on) == (
        "seconds of wait time in walkthroughs", "1 second", "3 seconds", "2026-05-29")


def test_bad_goal_is_shown_in_the_form_and_nothing_is_lost(window, ids, monkeypatch, qtbot):
    tab = goals_tab(window, ids["dev"])
    problems = []

    def fill(dialog):
        qtbot.keyClicks(dialog.title, "Wait time")
        dialog.start_on.set_iso("2026-05-01")
        dialog.due_on.set_iso("2026-04-01")
        dialog.save_button().click()
        problems.append(dialog.error_label.text())
        assert dialog.isVisible() and dialog.title.text() == "Wait time", "what was typed stays"

    shown = answer(monkeypatch, GoalDialog, fill, save=False)
    tab.new_goal()
    assert len(shown) == 1
    assert "before the start" in problems[0]
    assert goals.list_goals(window.db, staff_id=ids["dev"]) == []


def test_mastered_and_reopen_buttons_and_overdue_flag(window, ids, qtbot):
    tab = goals_tab(window, ids["ana"])
    qtbot.waitUntil(lambda: tab.overdue_note.isVisibleTo(tab))   # counted on a worker
    assert "1 action step is overdue" in tab.overdue_note.text()
    assert "Script five open questions" in tab.overdue_note.text()
    tab.steps.view.selectRow(0)
    assert tab.selected_step().description == "Script five open questions per lesson"
    qtbot.mouseClick(tab.mastered_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.overdue_note.isVisibleTo(tab))   # a finished step is no longer overdue
    statuses = dict(zip(column(tab.steps, "Action step"), column(tab.steps, "Status"), strict=True))
    assert statuses["Script five open questions per lesson"] == "Mastered"
    overview = overview_shown(qtbot, window, ids["ana"])
    assert overview.teacher_cards["overdue"].value() == "0", "and not on the Overview"
    # Its one open step now finished, the goal needs its next one: that is what needs attention.
    assert [item.kind for item in overview.attention.model.rows()] == ["goal_without_step"]
    overview = overview_shown(qtbot, window, None)
    assert "Script five" not in " ".join(column(overview.overdue, "Action step"))
    window.sidebar.select(ids["ana"])
    window.tab_widget.setCurrentIndex(2)
    tab.refresh(force=True)
    row = column(tab.steps, "Action step").index("Script five open questions per lesson")
    tab.steps.view.selectRow(row)
    qtbot.mouseClick(tab.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.overdue_note.isVisibleTo(tab))


def test_check_in_updates_progress(window, ids, monkeypatch, qtbot):
    tab = goals_tab(window, ids["ana"])

    def fill(dialog):
        assert dialog.progress.value() == 40, "starts from the last progress"
        dialog.progress.setValue(65)
        qtbot.keyClicks(dialog.evidence, "Tally: 7 open questions")

    answer(monkeypatch, CheckInDialog, fill)
    qtbot.mouseClick(tab.check_in_button, Qt.MouseButton.LeftButton)
    assert column(tab.goals, "Progress") == ["65%"]
    assert goals.list_check_ins(window.db, ids["goal_ana"])[0].evidence == "Tally: 7 open questions"


def test_growth_profile_panel_shows_levels_strengths_and_chart(window, ids):
    tab = goals_tab(window, ids["ana"])
    panel = tab.profile
    tab.details.setCurrentWidget(panel)
    assert panel.title.text() == "Growth profile — Ana Lopez"
    assert column(panel.levels, "Indicator") == ["A1 Questioning", "A2 Checking for understanding"]
    assert column(panel.levels, "Evidence") == ["2", "2"]
    assert "Strengths: 1. Checking for understanding" in panel.strengths.text()
    assert panel.canvas is not None and panel.canvas.isVisibleTo(panel)
    whole = goals_tab(window, None)
    window.sidebar.select(None)
    whole.refresh()
    assert "Pick a teacher" in panel.note.text()
    assert not tab.new_goal_button.isEnabled()


def test_the_radar_chart_is_drawn_when_its_panel_is_seen_for_the_teacher_picked(window, ids):
    """Drawing it (a third of a second on a district) waits until the sub-tab is opened."""
    tab = goals_tab(window, ids["ana"])
    panel = tab.profile
    tab.details.setCurrentIndex(0)                    # Action steps in front
    window.sidebar.select(ids["ben"])
    tab.refresh()
    assert panel.title.text() == "Growth profile — Ben Okafor" and panel._undrawn is panel.profile
    drawn_before = panel.canvas
    tab.details.setCurrentWidget(panel)               # the Growth profile sub-tab opened
    assert panel._undrawn is None and panel.canvas is not drawn_before
    assert panel.canvas.isVisibleTo(panel)
    assert panel.canvas.accessibleDescription().startswith("A1 ")


def test_self_assessment_typed_in_changes_the_profile(window, ids, monkeypatch):
    tab = goals_tab(window, ids["dev"])
    assert column(tab.profile.levels, "Level") == ["—", "—"]

    def fill(dialog):
        combos = list(dialog.ratings.values())
        combos[0].setCurrentIndex(combos[0].findData(2))
        combos[1].setCurrentIndex(combos[1].findData(4))
        dialog.answers["career_goals"].setText("Become a head of department")
        dialog.would_mentor.setChecked(True)

    answer(monkeypatch, SelfAssessmentDialog, fill)
    tab.self_assessment_button.click()
    assert column(tab.profile.levels, "Level") == ["2.0", "4.0"]
    saved = self_assessments.latest(window.db, ids["dev"])
    assert saved.career_goals == "Become a head of department" and saved.would_mentor
    shown = answer(monkeypatch, ConversationDialog, save=False)
    tab.new_conversation()
    seen = [label.accessibleName() for label in shown[0].prompt_labels]
    assert any(text.endswith("Become a head of department") for text in seen)
    assert any(text.startswith("Gap to work on") and "Questioning" in text for text in seen)


def test_import_wizard_maps_previews_and_imports_on_confirm(window, ids, tmp_path, qtbot):
    tab = goals_tab(window, ids["ben"])
    path = tmp_path / "responses.csv"
    path.write_text("Timestamp,Email Address,Q1,Q2,Career goals\n"
                    "2026/03/01,ben@riverside.example,2,3,Lead science\n"
                    "2026/03/01,who@else.example,2,3,\n", encoding="utf-8")
    dialog = SelfAssessmentImportDialog(window.db, tab, today=TODAY, runner=window.runner)
    qtbot.addWidget(dialog)
    dialog.set_path(path)
    indicator_keys = [key for key in dialog.combos if key.startswith("indicator:")]
    assert all(dialog.combos[key].currentData() is None for key in indicator_keys), \
        "Q1/Q2 cannot be guessed"
    dialog.set_column(indicator_keys[0], 2)
    dialog.set_column(indicator_keys[1], 3)
    assert column(dialog.preview, "Outcome") == ["Import", "Not matched"]
    assert column(dialog.preview, "Line") == ["2", "3"]
    assert self_assessments.latest(window.db, ids["ben"]) is None, "nothing before Import"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.imported == 1
    assert self_assessments.latest(window.db, ids["ben"]).career_goals == "Lead science"
    assert column(tab.profile.levels, "Reason")[1].endswith("self-rated 3"), "shown at once"
    assert window.undo_action.text() == "&Undo Import 1 self-assessments", "an import is one step"
    window.undo_action.trigger()
    assert self_assessments.latest(window.db, ids["ben"]) is None


def test_import_wizard_says_why_a_hostile_file_cannot_be_read(window, ids, tmp_path, qtbot):
    tab = goals_tab(window, ids["ben"])
    path = tmp_path / "responses.csv"
    path.write_bytes(b"PK\x03\x04 not a csv")
    dialog = SelfAssessmentImportDialog(window.db, tab, today=TODAY, runner=window.runner)
    qtbot.addWidget(dialog)
    dialog.set_path(path)
    assert "not CSV" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_goal_sheet_and_blank_survey_are_saved(window, ids, tmp_path, monkeypatch):
    tab = goals_tab(window, ids["ana"])
    targets = iter([tmp_path / "sheet.pdf", tmp_path / "survey.pdf"])
    monkeypatch.setattr(messages, "choose_save_path", lambda *a, **k: next(targets))
    tab.goal_sheet_button.click()
    tab.survey_button.click()
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "survey.pdf").read_bytes().startswith(b"%PDF")
    assert window.statusBar().currentMessage().startswith("Saved")


def test_goal_dialog_template_fills_the_form(qtbot):
    from db.goals import GoalTemplate

    template = GoalTemplate("t1", "Use exit tickets daily", "Every lesson ends with an exit ticket",
                            "share of lessons with an exit ticket", "A2")
    dialog = GoalDialog(None, teacher_name="Ana Lopez",
                        indicators=[IndicatorChoice("A1", "Questioning"),
                                    IndicatorChoice("A2", "Checking for understanding")],
                        templates=[template])
    qtbot.addWidget(dialog)
    dialog.template.setCurrentIndex(1)
    dialog.template.activated.emit(1)
    assert dialog.title.text() == "Use exit tickets daily"
    assert dialog.indicator.currentData() == "A2"
    assert dialog.check_labels["measurable"].text().startswith(PASS_MARK)
    assert dialog.check_labels["time_bound"].text().startswith(FAIL_MARK)
    assert dialog.check_labels["time_bound"].accessibleName() == "Time-bound: not yet"


def test_conversation_dialog_hides_prompts_for_other_kinds(qtbot):
    from desktop.core.conversation_prompts import Prompt

    dialog = ConversationDialog(None, teacher_name="Ana", today=date(2026, 3, 10), goals=[],
                                prompts=[Prompt("Gap to work on", "Questioning at 2.0")])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.prompts_box.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData("check_in"))
    assert not dialog.prompts_box.isVisible() and not dialog.values()["write_goal"]


def test_new_goal_offers_shipped_templates_until_the_file_has_its_own(window, ids, monkeypatch):
    from db import catalog

    tab = goals_tab(window, ids["dev"])
    shown = answer(monkeypatch, GoalDialog, save=False)
    tab.new_goal()
    offered = [[t.title for t in dialog.templates] for dialog in shown]
    shipped = [item["title"].strip() for item in catalog.read_goal_templates()]
    assert offered[0] == shipped and shipped
    catalog.install_goal_templates(window.db)
    tab.new_goal()
    offered = [[t.title for t in dialog.templates] for dialog in shown]
    assert sorted(offered[1], key=str.lower) == offered[1] and set(offered[1]) == set(shipped)


def test_the_import_wizard_keeps_a_backup_before_it_imports(window, ids, tmp_path, qtbot):
    from db import backups

    tab = goals_tab(window, ids["ben"])
    path = tmp_path / "responses.csv"
    path.write_text("Email Address,Career goals\nben@riverside.example,Lead science\n", encoding="utf-8")
    dialog = SelfAssessmentImportDialog(window.db, tab, today=TODAY, runner=window.runner)
    qtbot.addWidget(dialog)
    dialog.set_path(path)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported == 1
    kept = [info for info in backups.list_backups(data_file=window.path) if info.reason == "before-import"]
    assert len(kept) == 1
    assert kept[0].counts["self_assessments"] == 0        # taken before the import, not after


def test_goals_kept_to_a_status_stay_kept_to_it_as_a_write_lands_and_is_undone(window, ids, qtbot):
    """The status filter (the Overview's goal figures open it) is kept when a write refreshes
    just the rows it touched: a goal met leaves the active ones, Undo brings it back."""
    tab = goals_tab(window)
    tab.show_goals(status="active")
    active = column(tab.goals, "Goal")
    assert "Ask more open questions" in active
    goal = next(g for g in goals.list_goals(window.db, staff_id=ids["ana"])
                if g.title == "Ask more open questions")
    window.runner.perform("Mark met", lambda db: goals.update_goal(
        db, goal.id, status="met", met_on=TODAY.isoformat()))
    assert "Ask more open questions" not in column(tab.goals, "Goal")
    assert set(column(tab.goals, "Status")) == {"Active"}
    window.undo()
    assert column(tab.goals, "Goal") == active
