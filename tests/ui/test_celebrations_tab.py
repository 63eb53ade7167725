"""The Celebrations tab driven like a user: accept and dismiss what was noticed, record a
celebration, check in on wellbeing, print; a restart keeps everything."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel

from db import celebrations, clock, pd, records, staff, wellbeing
from db.connection import open_database
from desktop.ui.background import wait_idle
from desktop.ui.dialogs.celebration_dialog import CelebrationDialog
from desktop.ui.dialogs.wellbeing_dialog import WellbeingDialog
from desktop.ui.tabs import celebrations as celebrations_tab
from tests.ui.forms import answer
from tests.ui.school import TODAY, day

CELEBRATIONS = 4
CARA_GOAL = "Cara Nguyen met the goal ‘Run student-led seminars’"


def show(window, staff_id=None, section=0):
    # Let the window finish its start-up work (queued timers) before acting, as a user would.
    QApplication.processEvents()
    window.sidebar.select(staff_id)
    window.tab_widget.setCurrentIndex(CELEBRATIONS)
    tab = window.tabs[CELEBRATIONS]
    tab.sections.setCurrentIndex(section)
    return tab


def noticed_titles(tab):
    """What Noticed for you lists, once the worker working it out has reported back."""
    assert wait_idle(10000)   # the worker is done and its answer delivered
    return [s.title for s in tab.noticed.list.model.rows()]


def wall_titles(tab):
    return [c.title for c in tab.model.rows()]


def click(qtbot, widget):
    assert widget.isEnabled(), widget.text()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def add_rows(path, fill):
    db = open_database(path)
    with db.atomic():
        fill(db)
    clock.set_today(TODAY)   # a fill typed on another day: the window opens today
    db.close()


def drive_celebration_dialog(qtbot, monkeypatch, *, title=None, tick=(), public=None, calls=None):
    """The next celebration form is filled in by keyboard and mouse, then saved."""

    def fill(dialog):
        if calls is not None:
            calls.append({"title": dialog.title.text(), "fixed_people": dialog.people.isHidden(),
                          "is_public": dialog.public.isChecked(),
                          "evidence": " ".join(label.text() for label in dialog.findChildren(QLabel)
                                               if label.text().startswith("Noticed"))})
        if title is not None:
            dialog.title.selectAll()
            qtbot.keyClick(dialog.title, Qt.Key.Key_Delete)
            qtbot.keyClicks(dialog.title, title)
        for name in tick:
            item = dialog.people.findItems(name, Qt.MatchFlag.MatchExactly)[0]
            item.setCheckState(Qt.CheckState.Checked)
        if public is not None and dialog.public.isChecked() != public:
            qtbot.keyClick(dialog.public, Qt.Key.Key_Space)

    return answer(monkeypatch, CelebrationDialog, fill)


def test_accepting_a_suggestion_makes_a_celebration_that_survives_a_restart(
        window, school_file, open_window, qtbot, monkeypatch):
    tab = show(window)
    assert noticed_titles(tab) == [CARA_GOAL]
    assert "Goal marked met on 28 Feb 2026" in tab.noticed.evidence.text()
    calls = []
    drive_celebration_dialog(qtbot, monkeypatch, title="Cara's students run the seminar",
                             calls=calls)
    click(qtbot, tab.noticed.accept_button)
    # The form opened with the suggestion's words, only Cara, the evidence on show, and
    # private until the leader chooses otherwise.
    assert calls[0]["title"] == CARA_GOAL and calls[0]["fixed_people"]
    assert calls[0]["is_public"] is False
    assert "Goal marked met" in calls[0]["evidence"]
    assert noticed_titles(tab) == []
    assert "Nothing new to celebrate" in tab.noticed.list.empty_label.text()
    # Dated the day the goal was met, so it takes its place in the newest-first wall.
    assert wall_titles(tab) == ["Thanks for covering lunch duty", "Cara's seminars are student-led",
                                "Cara's students run the seminar"]
    saved = tab.model.rows()[2]
    assert saved.staff_names == ("Cara Nguyen",) and not saved.is_public
    assert saved.celebrated_on == day(-10) and saved.kind == "goal_achieved"
    assert "Saved" in window.statusBar().currentMessage()

    window.close()
    again = show(open_window(school_file[0]))
    assert noticed_titles(again) == []
    assert "Cara's students run the seminar" in wall_titles(again)
    key = again.db.execute("SELECT suggestion_key FROM celebrations WHERE title LIKE 'Cara''s students%'"
                           ).fetchone()[0]
    assert key.startswith("goal_met:")


def test_dismissing_hides_a_suggestion_for_good(school_file, open_window, ids, qtbot):
    path = school_file[0]

    def mastered(db):
        goal = db.execute("SELECT id FROM goals WHERE staff_id = ?", [ids["ana"]]).fetchone()[0]
        records.insert(db, "action_steps", {"goal_id": goal, "description": "Wait five seconds",
                                            "status": "mastered", "done_on": day(-4)})

    add_rows(path, mastered)
    window = open_window(path)
    tab = show(window, ids["ana"])
    assert noticed_titles(tab) == ["Ana Lopez mastered “Wait five seconds”"]
    tab.noticed.list.view.setFocus()
    assert "marked mastered" in tab.noticed.evidence.text()
    click(qtbot, tab.noticed.dismiss_button)
    assert noticed_titles(tab) == []
    assert wall_titles(tab) == ["Thanks for covering lunch duty"]    # nothing celebrated
    assert "will not be suggested again" in window.statusBar().currentMessage()
    window.sidebar.select(None)
    assert noticed_titles(tab) == [CARA_GOAL]                        # others still there

    window.close()
    again = show(open_window(path), ids["ana"])
    assert noticed_titles(again) == []


def test_recording_a_celebration_for_two_teachers_with_a_problem_first(
        window, ids, qtbot, monkeypatch):
    tab = show(window, ids["ana"])
    seen = []

    def fill(dialog):
        seen.append(set(dialog.checked_ids()))
        dialog.people.findItems("Ben Okafor", Qt.MatchFlag.MatchExactly)[0].setCheckState(
            Qt.CheckState.Checked)
        dialog.kind.setCurrentIndex(dialog.kind.findData("innovative_practice"))
        qtbot.keyClicks(dialog.title, "  ")
        qtbot.keyClicks(dialog.story, "Co-taught a lesson.")
        dialog.save_button().click()
        assert dialog.isVisible(), "the form stays open on a problem"
        assert dialog.error_label.text().startswith("A title is required")
        assert dialog.story.toPlainText() == "Co-taught a lesson."
        assert set(dialog.checked_ids()) == {ids["ana"], ids["ben"]}
        dialog.title.clear()
        qtbot.keyClicks(dialog.title, "Science and maths, one lesson")

    shown = answer(monkeypatch, CelebrationDialog, fill)
    click(qtbot, tab.record_button)
    assert len(shown) == 1
    assert seen[0] == {ids["ana"]}      # starts with the person picked
    [new] = [c for c in tab.model.rows() if c.title == "Science and maths, one lesson"]
    assert new.staff_names == ("Ana Lopez", "Ben Okafor")
    assert new.kind_label == "Innovative practice"
    window.sidebar.select(ids["ben"])
    assert "Science and maths, one lesson" in wall_titles(tab)


def test_the_wall_filters_by_kind_visibility_and_words(window, qtbot):
    tab = show(window)
    assert wall_titles(tab) == ["Thanks for covering lunch duty", "Cara's seminars are student-led"]
    tab.kind_filter.setCurrentIndex(tab.kind_filter.findText("Shout-out"))
    assert wall_titles(tab) == ["Thanks for covering lunch duty"]
    tab.kind_filter.setCurrentIndex(0)
    tab.shown_filter.setCurrentIndex(tab.shown_filter.findText("Public only"))
    assert wall_titles(tab) == ["Cara's seminars are student-led"]
    tab.shown_filter.setCurrentIndex(tab.shown_filter.findText("Private only"))
    qtbot.keyClicks(tab.search, "seminar")
    qtbot.waitUntil(lambda: not tab._search_pause.isActive())   # searched once the typing pauses
    assert wall_titles(tab) == []
    assert tab.stack.currentWidget() is tab.empty and "match these filters" in tab.empty.text()
    tab.shown_filter.setCurrentIndex(0)
    assert wall_titles(tab) == ["Cara's seminars are student-led"]
    tab.search.clear()
    qtbot.keyClicks(tab.search, "okafor")       # names match too
    qtbot.waitUntil(lambda: wall_titles(tab) == ["Thanks for covering lunch duty"])


def test_certificate_and_wall_sheet_print_from_the_tab(window, qtbot, monkeypatch, tmp_path):
    tab = show(window)
    targets = iter([tmp_path / "cert.pdf", tmp_path / "wall.pdf"])
    monkeypatch.setattr(celebrations_tab, "choose_pdf", lambda *a: next(targets))
    monkeypatch.setattr(celebrations_tab, "choose_wall_period", lambda parent, choices: 2)   # the school year
    assert not tab.certificate_button.isEnabled()
    tab.wall.setCurrentIndex(tab.model.index(1, 0))    # Cara's card
    click(qtbot, tab.certificate_button)
    text = PdfReader(tmp_path / "cert.pdf").pages[0].extract_text()
    assert "Cara Nguyen" in text and "Certificate of Achievement" in text
    assert "RIVERSIDE MIDDLE SCHOOL" in text
    click(qtbot, tab.wall_sheet_button)
    wall = "".join(page.extract_text() for page in PdfReader(tmp_path / "wall.pdf").pages)
    assert "Cara's seminars are student-led" in wall
    assert "lunch duty" not in wall                      # private: never on the wall sheet
    assert "public celebrations only" in window.statusBar().currentMessage()


def test_an_unshared_check_in_shows_only_its_month_and_no_switch_reveals_it(
        school_file, open_window, ids, qtbot, monkeypatch):
    window = open_window(school_file[0])
    tab = show(window, ids["ana"], section=1)
    page = tab.wellbeing
    assert "has not checked in yet" in page.check_ins.empty_label.text()
    asked = []

    def fill(dialog):
        if len(shown) == 1:
            assert not dialog.shared.isChecked()          # not shared unless the teacher says so
            qtbot.keyClick(dialog.scores["energy"].slider, Qt.Key.Key_Left)          # 3 → 2
            qtbot.keyClick(dialog.scores["stress"].slider, Qt.Key.Key_End)           # 5
            qtbot.keyClicks(dialog.note, "Report cards week")
        else:                                             # a second one, shared, with its note
            qtbot.keyClick(dialog.scores["energy"].slider, Qt.Key.Key_Right)         # 4
            qtbot.keyClicks(dialog.note, "Better after the break")
            qtbot.keyClick(dialog.shared, Qt.Key.Key_Space)

    def put_right(dialog):                                # told why, the typing kept
        asked.append(dialog.error_label.text())
        assert dialog.note.toPlainText() == "Report cards week"
        dialog.note.clear()

    shown = answer(monkeypatch, WellbeingDialog, fill, then=put_right)
    page.check_in_button.setFocus()      # anywhere in the tab: the shortcut is the tab's
    qtbot.waitUntil(lambda: page.check_in_button.hasFocus())
    qtbot.keyClick(page.check_in_button, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "note is kept only with a check-in shared" in asked[0]
    [row] = page.check_ins.model.rows()
    assert (row.when, row.score("energy"), row.note, row.sharing) == (
        "March 2026", "—", "", "Answered privately")
    # No leader's switch on the page can show the scores: there is nothing linked to show.
    assert [box.text() for box in page.findChildren(QCheckBox) if box.isVisible()] == []
    page.check_ins.view.selectRow(0)
    click(qtbot, page.follow_up_button)
    assert page.check_ins.model.rows()[0].follow_up
    click(qtbot, page.check_in_button)
    shared, private = page.check_ins.model.rows()
    assert (shared.score("energy"), shared.score("stress"), shared.note, shared.sharing) == (
        "4", "3", "Better after the break", "Shared")
    assert private.when == "March 2026"
    window.sidebar.select(None)
    assert [f.name for f in page.follow_ups.model.rows()] == ["Ana Lopez"]
    assert page.trend.model.rows() == []                 # one person is not a group

    window.close()
    again = show(open_window(school_file[0]), ids["ana"], section=1)
    rows = again.wellbeing.check_ins.model.rows()
    assert [(r.sharing, r.score("energy"), r.follow_up) for r in rows] == [
        ("Shared", "4", True), ("Answered privately", "—", True)]


def _as_of(db, days):
    """Typed *days* from today (while the month was still open, say)."""
    clock.set_today(TODAY + timedelta(days=days))


def test_school_wellbeing_appears_only_with_five_teachers_once_the_month_closed(
        school_file, open_window, ids):
    people = ["ana", "ben", "cara", "dev"]

    def four(db):
        _as_of(db, -15)          # typed in February, while it was open
        for key in people:
            wellbeing.record_check_in(db, staff_id=ids[key], checked_on=day(-20), energy=4,
                                      workload=3, stress=2)
    add_rows(school_file[0], four)
    window = open_window(school_file[0])
    page = show(window, section=1).wellbeing
    assert page.trend.model.rows() == []
    assert "too few teachers answered" in page.school_note.text()
    window.close()

    add_rows(school_file[0], lambda db: (_as_of(db, -15), wellbeing.record_check_in(
        db, staff_id=ids["coach"], checked_on=day(-19), energy=2, workload=3, stress=2)))
    page = show(open_window(school_file[0]), section=1).wellbeing
    [point] = page.trend.model.rows()
    assert (point.people, point.energy, point.label) == (5, 3.6, "Feb 2026")
    assert "too few" not in page.school_note.text()
    assert page.chart_box.isHidden()                     # one month is not yet a trend


def test_this_months_answers_wait_for_the_month_to_close(school_file, open_window, ids):
    def five(db):
        for key in ("ana", "ben", "cara", "dev", "coach"):
            wellbeing.record_check_in(db, staff_id=ids[key], checked_on=day(-3), energy=4,
                                      workload=3, stress=2)
    add_rows(school_file[0], five)
    page = show(open_window(school_file[0]), section=1).wellbeing
    assert page.trend.model.rows() == []
    assert "March 2026 is still open: its figures appear on 8 April 2026" in page.school_note.text()


def test_wellbeing_offerings_are_one_click_from_a_teachers_pd(school_file, open_window, ids, qtbot):
    add_rows(school_file[0], lambda db: records.insert(db, "pd_offerings", {
        "title": "Mindful mornings", "format": "wellbeing", "hours": 1}))
    window = open_window(school_file[0])
    page = show(window, section=1).wellbeing
    assert [o.title for o in page.offerings.model.rows()] == ["Mindful mornings"]
    assert not page.interest_button.isEnabled()          # whole school: pick a teacher first
    window.sidebar.select(ids["ben"])
    page.offerings.view.selectRow(0)
    click(qtbot, page.interest_button)
    statuses = [e.status for e in pd.list_enrollments(window.db, staff_id=ids["ben"])
                if e.offering_title == "Mindful mornings"]
    assert statuses == ["interested"]


def test_archived_staff_get_no_suggestions_and_no_new_check_ins(school_file, open_window, ids):
    add_rows(school_file[0], lambda db: staff.archive(db, ids["cara"]))
    window = open_window(school_file[0])
    tab = show(window)
    assert noticed_titles(tab) == []
    window.sidebar.show_archived.setChecked(True)
    window.sidebar.select(ids["cara"])
    assert not tab.record_button.isEnabled()
    tab.sections.setCurrentIndex(1)
    assert not tab.wellbeing.check_in_button.isEnabled()


def test_models_pass_the_model_tester(window, ids, qtmodeltester):
    tab = show(window)
    noticed_titles(tab)
    qtmodeltester.check(tab.noticed.list.model, force_py=True)
    wellbeing.record_check_in(window.db, staff_id=ids["ana"], checked_on=day(0), energy=3,
                              workload=3, stress=3, note="fine", shared_with_leaders=True)
    wellbeing.record_check_in(window.db, staff_id=ids["ana"], checked_on=day(-1), energy=3,
                              workload=3, stress=3)
    window.sidebar.select(ids["ana"])
    tab.refresh(force=True)
    qtmodeltester.check(tab.wellbeing.check_ins.model, force_py=True)
    window.sidebar.select(None)
    qtmodeltester.check(tab.wellbeing.follow_ups.model, force_py=True)
    qtmodeltester.check(tab.wellbeing.trend.model, force_py=True)


@pytest.mark.parametrize("accept", [True, False])
def test_a_handled_suggestion_cannot_be_handled_twice(memory_db, accept):
    from datetime import date

    from desktop.core.milestones import Suggestion

    person = staff.add(memory_db, first_name="Ann")
    item = Suggestion("goal_met:x", person, "goal_achieved", "Ann met it", "Met.", date(2026, 3, 1))
    celebrations.accept_suggestion(memory_db, item) if accept else \
        celebrations.dismiss_suggestion(memory_db, item.key)
    with pytest.raises(celebrations.CelebrationValidationError):
        celebrations.accept_suggestion(memory_db, item)
    celebrations.dismiss_suggestion(memory_db, item.key)   # harmless
    assert celebrations.handled_suggestion_keys(memory_db) == {"goal_met:x"}


def test_two_months_of_five_teachers_draw_a_trend(school_file, open_window, ids):
    def two_months(db):
        for offset in (-40, -20):
            _as_of(db, offset + 5)
            for key in ("ana", "ben", "cara", "dev", "coach"):
                wellbeing.record_check_in(db, staff_id=ids[key], checked_on=day(offset), energy=3,
                                          workload=4, stress=3)
    add_rows(school_file[0], two_months)
    page = show(open_window(school_file[0]), section=1).wellbeing
    assert [p.label for p in page.trend.model.rows()] == ["Jan 2026", "Feb 2026"]
    assert not page.chart_box.isHidden() and page.canvas is not None


def test_the_wall_sheet_covers_the_chosen_period(window, qtbot, monkeypatch, tmp_path):
    tab = show(window)
    offered = []
    monkeypatch.setattr(celebrations_tab, "choose_wall_period",
                        lambda parent, choices: offered.extend(choices) or 2)
    monkeypatch.setattr(celebrations_tab, "choose_pdf", lambda *a: tmp_path / "wall.pdf")
    tab.print_wall_sheet()
    assert [text.split(" (")[0] for text in offered] == ["This month", "This term", "This school year"]
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "wall.pdf").pages)
    assert "School year" in " ".join(text.split()) and "Thanks for covering lunch duty" not in text  # private
    monkeypatch.setattr(celebrations_tab, "choose_wall_period", lambda parent, choices: None)
    (tmp_path / "wall.pdf").unlink()
    tab.print_wall_sheet()                               # cancelled: nothing written
    assert not (tmp_path / "wall.pdf").exists()
