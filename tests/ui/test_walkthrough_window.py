"""The walkthrough and the Observations tab inside the real window, over a real file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import observations, rubrics
from db.connection import open_database
from desktop.settings import Settings
from desktop.ui import messages
from desktop.ui.dialogs.formal_observation import FormalObservationDialog
from desktop.ui.dialogs.walkthrough import WalkthroughDialog
from desktop.ui.tabs import observations as tab_module


def _tab(window):
    window.tab_widget.setCurrentIndex(1)
    return window.tabs[1]


def _column(panel, header):
    column = panel.model.column_index(header)
    return [panel.proxy.index(row, column).data() for row in range(panel.proxy.rowCount())]


def _active_dialog(qtbot, kind):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), kind))
    return QApplication.activeWindow()


def test_ctrl_shift_w_from_another_tab_runs_a_walkthrough_into_the_list(window, ids, qtbot):
    window.tab_widget.setCurrentIndex(2)                  # Goals: "from anywhere"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_W,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = _active_dialog(qtbot, WalkthroughDialog)
    qtbot.waitUntil(lambda: dialog.name_box.hasFocus())
    qtbot.keyClicks(dialog.name_box, "dev")
    qtbot.keyClick(dialog.name_box, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.score_list, "3")                # the test rubric has indicators only
    qtbot.keyClick(dialog.score_list, "2")
    qtbot.keyClick(dialog.score_list, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.evidence_box, "Exit ticket on the board")
    qtbot.keyClick(dialog.evidence_box, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.glow_box, "Calm start")
    qtbot.keyClick(dialog.glow_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    tab = _tab(window)
    assert "Dev Patel" in _column(tab.list, "Teacher")
    row = _column(tab.list, "Teacher").index("Dev Patel")
    assert _column(tab.list, "Kind")[row] == "Walkthrough"
    assert _column(tab.list, "Status")[row] == "Complete"
    assert _column(tab.list, "Average score")[row] == "2.5"
    # The coverage view no longer lists Dev as never visited.
    tab.views.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not tab.background.is_busy("coverage"))   # counted on a worker
    dev = next(r for r in tab.coverage.model.rows() if r.name == "Dev Patel")
    assert dev.days_since == 0 and not dev.overdue


def test_an_unfinished_walkthrough_reopens_when_the_app_starts_again(school_file, open_window, qtbot):
    path, ids = school_file
    db = open_database(path)
    rubric_id = rubrics.default_rubric_id(db)
    visit = observations.start_observation(db, staff_id=ids["ben"], rubric_id=rubric_id)
    observations.update_observation(db, visit, glow="Half-typed gl")
    db.close()
    window = open_window(path)
    qtbot.waitUntil(lambda: bool(window.resumed_drafts))
    dialog = window.resumed_drafts[0]
    assert dialog.observation_id == visit and dialog.glow_box.text() == "Half-typed gl"
    assert dialog.heading.text().startswith("Walkthrough — Ben Okafor")


def _filter_rows(tab):
    return sorted(zip(_column(tab.list, "Teacher"), _column(tab.list, "Kind"), strict=True))


def test_an_observer_asked_for_before_the_choices_arrive_stays_chosen(school_file, open_window, qtbot):
    path, ids = school_file
    db = open_database(path)
    visit = observations.start_observation(db, staff_id=ids["ben"], kind="informal",
                                           rubric_id=rubrics.default_rubric_id(db),
                                           observed_on="2026-03-09", observer_name="Guest Principal")
    observations.complete(db, visit)
    db.close()
    window = open_window(path)
    # From a figure elsewhere, the moment the tab is first shown: the observers it offers
    # are still being read on a worker.
    tab = window.navigator.go("observations", lambda tab: tab.show_visits(observer="Guest Principal"))
    assert tab.background.is_busy()
    assert tab.observer.currentData() == "Guest Principal"
    assert _filter_rows(tab) == [("Ben Okafor", "Informal")]
    qtbot.waitUntil(lambda: not tab.background.is_busy())
    assert tab.observer.currentData() == "Guest Principal"
    assert [tab.observer.itemText(i) for i in range(tab.observer.count())].count("Guest Principal") == 1
    assert tab.observer.count() > 2 and _filter_rows(tab) == [("Ben Okafor", "Informal")]   # and the staff


def test_the_list_filters_by_date_observer_kind_indicator_and_tag(window, ids, qtbot):
    db = window.db
    visit = observations.start_observation(db, staff_id=ids["ben"], kind="informal",
                                           rubric_id=rubrics.default_rubric_id(db),
                                           observed_on="2026-03-09", observer_name="Guest Principal")
    observations.update_observation(db, visit, tags="Small groups, Discussion")
    window.reload_everything()
    tab = _tab(window)
    assert len(_column(tab.list, "Date")) == 6
    # The observers and tags offered are read on a worker: they arrive a moment later.
    qtbot.waitUntil(lambda: tab.observer.findData("Guest Principal") > 0 and tab.tag.findData("Discussion") > 0)
    tab.kind.setCurrentIndex(tab.kind.findData("formal"))
    assert _filter_rows(tab) == [("Ana Lopez", "Formal"), ("Cara Nguyen", "Formal")]
    tab.kind.setCurrentIndex(0)
    tab.observer.setCurrentIndex(tab.observer.findData("Guest Principal"))
    assert _filter_rows(tab) == [("Ben Okafor", "Informal")]
    tab.clear_filters()
    tab.tag.setCurrentIndex(tab.tag.findData("Discussion"))
    assert _filter_rows(tab) == [("Ben Okafor", "Informal")]
    tab.clear_filters()
    qtbot.keyClicks(tab.since.edit, "2026-03-01")
    qtbot.keyClicks(tab.until.edit, "2026-03-08")
    assert _filter_rows(tab) == [("Ana Lopez", "Walkthrough"), ("Cara Nguyen", "Informal")]
    tab.clear_filters()
    tab.indicator.setCurrentIndex(tab.indicator.findData("A2"))
    # Ben's walkthrough did not score A2 (not seen); the rest did.
    assert ("Ben Okafor", "Walkthrough") not in _filter_rows(tab)
    assert len(_filter_rows(tab)) == 4
    tab.kind.setCurrentIndex(tab.kind.findData("informal"))
    tab.observer.setCurrentIndex(tab.observer.findData("Guest Principal"))
    assert tab.list.stack.currentWidget() is tab.list.empty_label
    assert "No observations match these filters" in tab.list.empty_label.text()


def test_sorting_any_column_and_opening_with_enter(window, ids, qtbot, monkeypatch):
    tab = _tab(window)
    tab.list.sort_by("Teacher")                           # by last name, as the staff list
    assert _column(tab.list, "Teacher") == sorted(_column(tab.list, "Teacher"),
                                                  key=lambda name: name.split()[-1])
    tab.list.sort_by("Average score", Qt.SortOrder.DescendingOrder)
    assert _column(tab.list, "Average score")[0] == "4.0"
    tab.list.sort_by("Date", Qt.SortOrder.DescendingOrder)
    tab.list.view.setFocus()
    tab.list.view.selectRow(0)                            # Ana's walkthrough, 3 days ago
    qtbot.keyClick(tab.list.view, Qt.Key.Key_Return)
    dialog = _active_dialog(qtbot, WalkthroughDialog)
    assert dialog.observation_id == ids["obs_ana_recent"]
    assert not dialog.finish_button.isEnabled()          # complete: shown, scores kept
    assert dialog.score_list.item(0).text().startswith("[3]")
    dialog.close()


def test_copy_feedback_and_pdf_for_the_selected_visit(window, ids, qtbot, monkeypatch, tmp_path):
    db = window.db
    observations.reopen(db, ids["obs_ana_recent"])
    observations.update_observation(db, ids["obs_ana_recent"], private_note="Not for Ana")
    window.reload_everything()
    tab = _tab(window)
    tab.list.sort_by("Date", Qt.SortOrder.DescendingOrder)
    tab.list.view.selectRow(0)
    tab.list.view.setFocus()
    qtbot.keyClick(tab.list.view, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    copied = QApplication.clipboard().text()
    assert "Every student answered" in copied and "Not for Ana" not in copied
    target = tmp_path / "note.pdf"
    monkeypatch.setattr(messages, "choose_save_path", lambda *a, **k: target)
    tab.pdf_button.click()
    assert target.read_bytes().startswith(b"%PDF")


def test_delete_asks_once_says_what_goes_with_it_and_undo_brings_it_back(
        window, ids, qtbot, monkeypatch):
    tab = _tab(window)
    questions = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text, **k: questions.append(text) or True)
    teachers = _column(tab.list, "Teacher")
    statuses = _column(tab.list, "Status")
    draft_row = statuses.index("Draft")
    tab.list.view.selectRow(draft_row)
    assert tab.delete_button.isEnabled() and teachers[draft_row] == "Cara Nguyen"
    tab.delete_button.click()
    assert questions[0].startswith("Delete this informal visit of Cara Nguyen (2026-03-05) and its 2 scores?")
    assert "Draft" not in _column(tab.list, "Status")
    assert len(_column(tab.list, "Status")) == 4
    assert window.undo_button.isVisible(), "the status bar offers Undo"
    window.undo_button.click()
    assert "Draft" in _column(tab.list, "Status") and len(_column(tab.list, "Status")) == 5


def test_coverage_highlights_past_the_threshold_and_remembers_it(window, qtbot):
    tab = _tab(window)
    tab.views.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not tab.background.is_busy("coverage"))   # counted on a worker
    model = tab.coverage.model
    # Cara's visit five days ago is still a draft: her last visit was 200 days ago.
    assert [(r.name, r.overdue) for r in model.rows()][:3] == [
        ("Dev Patel", True), ("Cara Nguyen", True), ("Ben Okafor", True)]
    since = model.column_index("Since")
    assert model.index(0, since).data() == "⚠ never visited"
    assert model.index(2, since).data() == "⚠ 20 days"
    assert model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(3, since).data() == "3 days"
    assert "3 teachers not visited in 14+ days" in tab.coverage_summary.text()
    tab.threshold.setValue(30)
    qtbot.waitUntil(lambda: not tab.background.is_busy("coverage"))   # counted on a worker
    assert [r.name for r in model.rows() if r.overdue] == ["Dev Patel", "Cara Nguyen"]
    assert Settings.load().get("coverage.threshold_days") == 30


def test_trends_chart_for_one_teacher(window, ids, qtbot):
    window.sidebar.select(ids["ana"])
    tab = _tab(window)
    tab.views.setCurrentIndex(2)
    # Drawn on a worker, then shown: the window does not wait for it.
    qtbot.waitUntil(lambda: tab.trends_canvas is not None)
    chart = tab.trends_canvas.widget()
    assert chart is tab.trends_chart and chart.accessibleName() == "Indicator trends chart"
    assert chart.width() > 400
    assert "2 indicators scored" in tab.trends_caption.text()
    assert [(trend.code, trend.name) for trend in chart.trends] == [
        ("A1", "Questioning"), ("A2", "Checking for understanding")]
    # Tab to it: the line above the panels reads the first one in words.
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    assert tab.trends_line.isVisible() and tab.trends_line.text().startswith("▸ A1 Questioning:")
    assert "rising" in tab.trends_line.text()
    window.sidebar.select(None)
    tab.refresh(force=True)
    assert "Pick a teacher" in tab.trends_caption.text()


def test_formal_observation_with_pre_post_scores_and_goal(window, ids, qtbot):
    window.sidebar.select(ids["ana"])
    tab = _tab(window)
    dialog = tab.new_formal()
    qtbot.addWidget(dialog)
    assert dialog.observation_id is not None            # the sidebar's teacher: started at once
    qtbot.keyClicks(dialog.pre_notes, "Wants feedback on questioning")
    dialog.stages.setCurrentIndex(1)
    boxes = list(dialog.score_boxes.values())
    boxes[0].setCurrentIndex(boxes[0].findData(4))
    boxes[1].setCurrentIndex(boxes[1].findData(0))      # not seen
    notes = list(dialog.evidence_boxes.values())
    qtbot.keyClicks(notes[0], "Asked 'why?' six times")
    dialog.stages.setCurrentIndex(2)
    qtbot.keyClicks(dialog.post_notes, "Agreed to try wait time")
    qtbot.keyClicks(dialog.next_step, "Wait 3 seconds")
    dialog.goal.setCurrentIndex(dialog.goal.findData(ids["goal_ana"]))
    visit = dialog.observation_id
    saved = observations.get_observation(window.db, visit)
    assert saved.is_draft and saved.pre_conference_notes == "Wants feedback on questioning"
    dialog.complete_button.click()
    saved = observations.get_observation(window.db, visit)
    assert saved.status == "complete" and saved.kind == "formal"
    assert saved.post_conference_notes == "Agreed to try wait time"
    assert saved.next_step == "Wait 3 seconds" and saved.goal_id == ids["goal_ana"]
    assert sorted(saved.scores.values(), key=str) == sorted([4, None], key=str)
    assert [line.text for line in saved.evidence] == ["Asked 'why?' six times"]
    assert saved.evidence[0].indicator_id is not None


def test_an_old_observation_shows_its_own_rubric_version(window, ids, qtbot):
    from db.rubric_io import rubric_to_data

    db = window.db
    old_id = rubrics.default_rubric_id(db)
    data = rubric_to_data(rubrics.get_rubric(db, old_id))
    data["levels"] = [{"level": n, "label": f"L{n}"} for n in (1, 2, 3, 4)]
    for domain in data["domains"]:
        for indicator in domain["indicators"]:
            indicator["name"] += " (new)"
            indicator["descriptors"] = {str(n): f"level {n}" for n in (1, 2, 3, 4)}
    new_id = rubrics.save_edited_rubric(db, old_id, data)
    assert new_id != old_id
    formal = next(r for r in observations.list_observations(db, kind="formal")
                  if r.teacher_name == "Ana Lopez")
    dialog = FormalObservationDialog(db, observation_id=formal.id)
    qtbot.addWidget(dialog)
    labels = [box.accessibleName() for box in dialog.score_boxes.values()]
    assert labels == ["Score for A1 Questioning", "Score for A2 Checking for understanding"]
    first = list(dialog.score_boxes.values())[0]
    assert first.currentData() == 2


def test_importing_a_bad_rubric_says_which_line_and_changes_nothing(window, qtbot, monkeypatch, tmp_path):
    bad = tmp_path / "district.csv"
    bad.write_text("record,code,name,description,domain,indicator,level 1,level 2\n"
                   "rubric,,District,,,,,\nlevel,1,Low,,,,,\nlevel,2,High,,,,,\n"
                   "indicator,X.1,Orphan,,X,,a,b\n", encoding="utf-8")
    shown = []
    monkeypatch.setattr(tab_module, "ask_open_path", lambda *a: bad)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": shown.append(text))
    before = window.db.execute("SELECT count(*) FROM rubrics").fetchone()[0]
    tab = _tab(window)
    assert tab.import_rubric() is None
    assert shown == ["district.csv, line 5: indicator X.1 names domain “X”, which has no domain row above it."]
    assert window.db.execute("SELECT count(*) FROM rubrics").fetchone()[0] == before


def test_export_then_import_a_rubric_from_the_tab(window, qtbot, monkeypatch, tmp_path):
    shipped = rubrics.install_rubric(window.db, rubrics.read_default_rubric_file(), is_default=True)
    tab = _tab(window)
    target = tmp_path / "ours.csv"
    monkeypatch.setattr(messages, "choose_save_path", lambda *a, **k: target)
    assert tab.export_rubric() == target
    text = target.read_text("utf-8").replace("Cultivate Growth Rubric", "District rubric")
    Path(target).write_text(text, encoding="utf-8")
    monkeypatch.setattr(tab_module, "ask_open_path", lambda *a: target)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    new_id = tab.import_rubric()
    # Not used yet, so the edit replaces it in place (same family and version).
    assert new_id and rubrics.default_rubric(window.db).id == new_id
    assert rubrics.default_rubric(window.db).name == "District rubric"
    assert rubrics.default_rubric(window.db).version == 1
    assert rubrics.get_rubric(window.db, shipped) is None
    # Scored once, the next import of the same family becomes version 2; the visit keeps 1.
    teacher = observations.list_observations(window.db)[0].staff_id
    visit = observations.start_observation(window.db, staff_id=teacher, rubric_id=new_id)
    newer = tab.import_rubric()
    assert rubrics.get_rubric(window.db, newer).version == 2
    assert observations.get_observation(window.db, visit).rubric_id == new_id


def test_the_coverage_and_observation_models_pass_qtmodeltester(window, qtbot, qtmodeltester):
    tab = _tab(window)
    tab.views.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not tab.background.is_busy("coverage"))   # counted on a worker
    qtmodeltester.check(tab.coverage.model)
    qtmodeltester.check(tab.list.model)


def test_importing_a_rubric_keeps_a_backup_first(window, monkeypatch, tmp_path):
    from db import backups

    tab = _tab(window)
    target = tmp_path / "ours.json"
    monkeypatch.setattr(messages, "choose_save_path", lambda *a, **k: target)   # the one save prompt
    rubrics.install_rubric(window.db, rubrics.read_default_rubric_file(), is_default=True)
    assert tab.export_rubric() == target
    monkeypatch.setattr(tab_module, "ask_open_path", lambda *a: target)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    assert tab.import_rubric()
    kept = [info for info in backups.list_backups(data_file=window.path) if info.reason == "before-import"]
    assert len(kept) == 1 and kept[0].usable
