"""The PD Menu tab driven like a user: choose a teacher and an offering, enroll, complete
with a reflection, see the hours, restart; edit the catalog; plan a PD day; export."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from db import catalog, pd
from desktop.ui import messages
from desktop.ui.dialogs.completion_dialog import CompletionDialog
from desktop.ui.dialogs.offering_dialog import OfferingDialog
from tests.helpers.window import overview_filled
from tests.ui.forms import answer

WORKSHOP = "Questioning that makes students think"


def _column(panel, header):
    column = panel.model.column_index(header)
    return [panel.proxy.index(row, column).data() for row in range(panel.proxy.rowCount())]


def _open_tab(window, qtbot, staff_id):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    tab = window.tabs[3]
    assert window.tab_widget.currentWidget() is tab
    window.sidebar.select(staff_id)
    assert (tab.member.id if tab.member else None) == staff_id
    _menu_shown(tab, qtbot)
    return tab


def _menu_shown(tab, qtbot):
    """A teacher's recommendations are worked out on a worker: wait until they are shown."""
    qtbot.waitUntil(lambda: not tab.background.is_busy("menu"))


def _click_offering(tab, qtbot, title, panel=None):
    panel = panel or tab.catalog
    row = _column(panel, "Offering").index(title)
    view = panel.view
    rect = view.visualRect(panel.proxy.index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.offering_id is not None


def _fill_completion(qtbot, learned, use, rating_text):
    """Type into the modal completion form like a person, then press Save."""
    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CompletionDialog)
        qtbot.keyClicks(dialog.learned, learned)
        qtbot.keyClicks(dialog.use, use)
        dialog.rating.setCurrentIndex(dialog.rating.findText(rating_text))
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, fill)


def test_enroll_complete_with_reflection_and_hours_survive_a_restart(
        window, ids, qtbot, school_file, open_window):
    tab = _open_tab(window, qtbot, ids["ben"])
    assert tab.recommended.isVisible()
    # Ben's goal is on Checking for understanding, so both offerings say so.
    reasons = {r.offering.title: r.explanation for r in tab.recommended.model.rows()}
    assert "linked to your goal ‘Check understanding every ten minutes’" in reasons[WORKSHOP]
    _click_offering(tab, qtbot, WORKSHOP, panel=tab.recommended)
    assert tab.enroll_button.isEnabled()
    qtbot.mouseClick(tab.enroll_button, Qt.MouseButton.LeftButton)
    assert _column(tab.enrollments, "Status") == ["Enrolled"]
    assert "Ben Okafor is enrolled in" in window.statusBar().currentMessage()
    _menu_shown(tab, qtbot)
    assert WORKSHOP not in _column(tab.recommended, "Offering")
    assert _column(tab.catalog, "Seats left")[_column(tab.catalog, "Offering").index(WORKSHOP)] == "Full"

    # Dev wants it too: the workshop is full, so Dev joins the waitlist.
    window.sidebar.select(ids["dev"])
    _click_offering(tab, qtbot, WORKSHOP)
    qtbot.mouseClick(tab.enroll_button, Qt.MouseButton.LeftButton)
    assert _column(tab.enrollments, "Status") == ["Waitlisted"]
    assert not tab.complete_button.isEnabled()
    assert "Waitlist, in order:</b> Dev Patel" in tab.details_html(catalog.get_offering(
        window.db, tab.offering_id)).replace("<b>", "")

    window.sidebar.select(ids["ben"])
    _click_offering(tab, qtbot, WORKSHOP, panel=tab.enrollments)
    _fill_completion(qtbot, "Wait time changes who answers", "Count to five after questions",
                     "4")
    qtbot.mouseClick(tab.complete_button, Qt.MouseButton.LeftButton)
    assert _column(tab.enrollments, "Status") == ["Completed"]
    assert _column(tab.enrollments, "Hours") == ["3"]
    assert _column(tab.enrollments, "Rating") == ["4 of 5"]
    # One date, the one the status is about (completed); the tooltip has both.
    done = tab.enrollments.model.rows()[0]
    assert done.enrolled_on and done.completed_on
    assert _column(tab.enrollments, "Date") == [done.completed_on]
    date_cell = tab.enrollments.proxy.index(0, tab.enrollments.model.column_index("Date"))
    assert date_cell.data(Qt.ItemDataRole.ToolTipRole) == (
        f"Enrolled on {done.enrolled_on}; completed on {done.completed_on}")
    assert tab.hours.text() == "Ben Okafor: 3 PD hours completed this school year."
    assert "completed “Questioning that makes students think”: 3 hours credited" in \
        window.statusBar().currentMessage()
    # The profile (Overview for Ben) shows the hours too.
    window.tab_actions[0].trigger()
    assert overview_filled(qtbot, window).teacher_cards["pd_hours"].value() == "3"
    window.close()

    again = open_window(school_file[0])
    tab = _open_tab(again, qtbot, ids["ben"])
    assert _column(tab.enrollments, "Status") == ["Completed"]
    assert tab.hours.text() == "Ben Okafor: 3 PD hours completed this school year."
    saved = pd.find_enrollment(again.db, tab.enrollments.model.rows()[0].offering_id, ids["ben"])
    assert (saved.reflection_learned, saved.reflection_use, saved.rating) == (
        "Wait time changes who answers", "Count to five after questions", 4)
    _click_offering(tab, qtbot, WORKSHOP, panel=tab.enrollments)
    html = tab.details.toPlainText()
    assert "Ben Okafor: Wait time changes who answers — Count to five after questions" in html
    assert "average rating 4.5 of 5 from 2" in html


def test_withdrawing_asks_first_then_gives_the_seat_to_the_waitlist(window, ids, qtbot,
                                                                     monkeypatch):
    tab = _open_tab(window, qtbot, ids["ben"])
    _click_offering(tab, qtbot, WORKSHOP)
    qtbot.mouseClick(tab.enroll_button, Qt.MouseButton.LeftButton)
    window.sidebar.select(ids["dev"])
    _click_offering(tab, qtbot, WORKSHOP)
    qtbot.mouseClick(tab.enroll_button, Qt.MouseButton.LeftButton)
    window.sidebar.select(ids["ben"])
    _click_offering(tab, qtbot, WORKSHOP, panel=tab.enrollments)
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text, yes: asked.append(text))
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)     # No: nothing changes
    assert asked == [f"Withdraw Ben Okafor from “{WORKSHOP}”? Their seat goes to the first "
                     "person on the waitlist. Edit ▸ Undo takes it back."]
    assert _column(tab.enrollments, "Status") == ["Enrolled"]
    monkeypatch.setattr(messages, "confirm", lambda *args, **kwargs: True)
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)
    assert _column(tab.enrollments, "Status") == ["Withdrawn"]
    assert "Dev Patel now enrolled" in window.statusBar().currentMessage()
    window.sidebar.select(ids["dev"])
    assert _column(tab.enrollments, "Status") == ["Enrolled"]


def test_a_refused_completion_keeps_the_form_open_with_what_was_typed(window, ids, qtbot,
                                                                      monkeypatch):
    tab = _open_tab(window, qtbot, ids["ben"])
    _click_offering(tab, qtbot, WORKSHOP)
    qtbot.mouseClick(tab.enroll_button, Qt.MouseButton.LeftButton)
    problems = []

    def fill(dialog):
        dialog.completed_on.set_iso("2026-01-01")
        qtbot.keyClicks(dialog.learned, "Learned")
        dialog.save_button().click()
        # Completed before they enrolled (today, 2026-03-10): refused, the text still there.
        problems.append(dialog.error_label.text())
        assert dialog.isVisible() and dialog.learned.toPlainText() == "Learned"

    shown = answer(monkeypatch, CompletionDialog, fill, save=False)
    qtbot.mouseClick(tab.complete_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "before they enrolled" in problems[0]
    assert _column(tab.enrollments, "Status") == ["Enrolled"]


def test_add_edit_duplicate_and_retire_offerings(window, ids, qtbot, monkeypatch):
    tab = _open_tab(window, qtbot, ids["ana"])
    seen = []

    def fill(dialog):
        seen.append([dialog.indicators.item(n).text() for n in range(dialog.indicators.count())])
        qtbot.keyClicks(dialog.title, "Discussion protocols")
        dialog.format.setCurrentIndex(dialog.format.findData("plc"))
        dialog.hours.setValue(6)
        dialog.capacity.setValue(8)
        dialog.follow_up.setChecked(True)
        dialog.indicators.item(0).setCheckState(Qt.CheckState.Checked)
        dialog.add_session(None)
        for column, text in enumerate(["2026-04-02", "15:30", "15:00", "Library", ""]):
            dialog.sessions.item(0, column).setText(text)
        dialog.save_button().click()
        seen.append(dialog.error_label.text())
        assert dialog.isVisible() and dialog.title.text() == "Discussion protocols"
        dialog.sessions.item(0, 2).setText("16:30")
        dialog.add_session(None)
        for column, text in enumerate(["2026-05-07", "15:30", "16:30", "Library", ""]):
            dialog.sessions.item(1, column).setText(text)

    shown = answer(monkeypatch, OfferingDialog, fill)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    assert seen[0] == ["A1 Questioning", "A2 Checking for understanding"]
    assert "must end after it starts" in seen[1]
    assert "Discussion protocols" in _column(tab.catalog, "Offering")
    new_id = tab.offering_id
    assert [s.starts_at for s in catalog.list_sessions(window.db, new_id)] == [
        "2026-04-02T15:30", "2026-05-07T15:30"]
    # Cara is strong on Questioning (her profile) and is suggested to lead it.
    assert "Cara Nguyen as facilitator: strong on Questioning (3.0" in tab.details.toPlainText()

    qtbot.mouseClick(tab.duplicate_button, Qt.MouseButton.LeftButton)
    assert "Discussion protocols (copy)" in _column(tab.catalog, "Offering")
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(tab.retire_button, Qt.MouseButton.LeftButton)
    assert "Discussion protocols (copy)" not in _column(tab.catalog, "Offering")
    qtbot.mouseClick(tab.show_retired, Qt.MouseButton.LeftButton)
    assert "Retired" in _column(tab.catalog, "Seats left")


def test_offering_dialog_reads_what_was_typed(qtbot):
    dialog = OfferingDialog(None, None, indicators=[("A1", "Questioning"), ("A2", "Checking")],
                            people=[("p1", "Ana Lopez")])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "  Hinge questions ")
    dialog.format.setCurrentIndex(dialog.format.findData("micro_video"))
    dialog.indicators.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.capacity.setValue(-1)
    dialog.facilitator.setCurrentIndex(1)
    dialog.add_session(None)
    for column, text in enumerate(["2026-04-02", "15:30", "16:00", "Library", ""]):
        dialog.sessions.item(0, column).setText(text)
    dialog.add_session(None)   # left blank: not a session
    form = dialog.form()
    assert form.values["title"] == "Hinge questions"
    assert form.values["format"] == "micro_video"
    assert form.values["capacity"] is None
    assert form.values["facilitator_staff_id"] == "p1"
    assert form.indicator_codes == ["A2"]
    assert [(s.starts_at, s.ends_at, s.location) for s in form.sessions] == [
        ("2026-04-02T15:30", "2026-04-02T16:00", "Library")]


def test_pd_day_planner_names_who_is_served_and_left_out(window, ids, qtbot, monkeypatch):
    from desktop.ui.dialogs.pd_day_dialog import PdDayDialog

    tab = _open_tab(window, qtbot, ids["ben"])
    shown = []

    def look(dialog):
        dialog.k.setValue(1)
        qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)
        shown.append(dialog.result.toPlainText())
        # On its round button, as a person clicks it: the middle of a stretched radio button
        # can be blank space beside its words, which does not toggle it.
        qtbot.mouseClick(dialog.selected, Qt.MouseButton.LeftButton,
                         pos=QPoint(8, dialog.selected.height() // 2))
        for row in range(dialog.teachers.count()):
            dialog.teachers.item(row).setCheckState(Qt.CheckState.Unchecked)
        qtbot.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)
        shown.append(dialog.problem.text() + dialog.result.toPlainText())

    monkeypatch.setattr(PdDayDialog, "exec", lambda dialog: look(dialog) or 0)
    qtbot.mouseClick(tab.plan_button, Qt.MouseButton.LeftButton)
    whole, none_ticked = shown
    assert "1 of 1 offerings serve 1 of 4 teachers" in whole and "the best possible choice" in whole
    assert "Serves 1: Ben Okafor" in whole and "1 seat free" in whole
    assert "Ana Lopez: they have completed “Questioning that makes students think” already" in whole
    assert "No growth areas on record for: Cara Nguyen, Dev Patel" in whole
    assert "Tick at least one teacher" in none_ticked


def test_calendar_export_and_printed_menu(window, ids, qtbot, monkeypatch, tmp_path):
    from icalendar import Calendar
    from pypdf import PdfReader

    workshop = next(o.id for o in catalog.list_offerings(window.db) if o.title == WORKSHOP)
    catalog.update_offering(window.db, workshop, {}, sessions=[
        catalog.Session("2026-04-02T15:30", "2026-04-02T17:00", "Library")])
    tab = _open_tab(window, qtbot, ids["ben"])
    _click_offering(tab, qtbot, WORKSHOP)
    qtbot.mouseClick(tab.enroll_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(messages, "choose_save_path",
                        lambda parent, title, suggested, kind, suffix="": tmp_path / f"ben{suffix}")
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    events = list(Calendar.from_ical((tmp_path / "ben.ics").read_bytes()).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [WORKSHOP]
    assert str(events[0]["location"]) == "Library"
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    text = " ".join(PdfReader(tmp_path / "ben.pdf").pages[0].extract_text().split())
    assert "PD menu for Ben Okafor" in text
    assert "Exit tickets in ten minutes" in text


def test_recommendations_model_passes_the_model_tester(window, ids, qtbot, qtmodeltester):
    tab = _open_tab(window, qtbot, ids["ben"])
    assert tab.recommended.model.rowCount() == 2
    qtmodeltester.check(tab.recommended.model)


def test_starter_catalog_is_added_once(window, qtbot):
    tab = window.tabs[3]
    window.tab_actions[3].trigger()
    qtbot.mouseClick(tab.starter_button, Qt.MouseButton.LeftButton)
    added = len(tab.catalog.model.rows())
    assert added > 25
    assert "starter offerings to the PD menu" in window.statusBar().currentMessage()
    qtbot.mouseClick(tab.starter_button, Qt.MouseButton.LeftButton)
    assert len(tab.catalog.model.rows()) == added
    assert "already in the catalog" in window.statusBar().currentMessage()


def test_quarter_hours_stay_quarter_hours_in_the_offering_and_completion_forms(window, ids, qtbot):
    """Issue 20: the one-decimal hours box turned 0.25 h into 0.3 h and saved it."""
    offering = catalog.get_offering(window.db, catalog.add_offering(
        window.db, {"title": "Ten-minute huddle", "format": "micro_video", "hours": 0.25}))
    dialog = OfferingDialog(None, offering, indicators=[], people=[])
    qtbot.addWidget(dialog)
    assert dialog.hours.text() == "0.25" and dialog.form().values["hours"] == 0.25
    qtbot.keyClick(dialog.hours, Qt.Key.Key_Up)        # one step is a quarter hour
    assert dialog.form().values["hours"] == 0.5
    pd.enroll(window.db, offering.id, ids["ben"], on="2026-01-05")
    detail = pd.find_enrollment(window.db, offering.id, ids["ben"])
    completion = CompletionDialog(None, detail, offering_hours=offering.hours, today=window.today)
    qtbot.addWidget(completion)
    assert completion.completion().hours == 0.25


def test_offering_dialog_says_who_the_offering_is_for(qtbot):
    dialog = OfferingDialog(None, None, indicators=[], people=[])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "New teacher circle")
    qtbot.keyClicks(dialog.audience_subjects, "Mathematics, Science")
    dialog.max_years.setValue(2)
    values = dialog.form().values
    assert values["audience_subjects"] == "Mathematics, Science" and values["audience_grades"] == ""
    assert values["min_years_experience"] is None and values["max_years_experience"] == 2
    assert dialog.min_years.text() == "Any" and dialog.min_years.accessibleName() == \
        "At least (years of experience)"


def test_the_menu_kept_to_a_format_stays_kept_to_it_as_offerings_are_added(window, ids, qtbot):
    """The format filter (the Overview's PD hours open it) holds when a write refreshes just
    the rows it touched: an offering of another format stays off the list, one of the
    format joins it."""
    window.tab_widget.setCurrentIndex(3)
    tab = window.tabs[3]
    tab.show_offerings(formats=("workshop",), label="Workshop")
    before = _column(tab.catalog, "Offering")
    assert before and set(_column(tab.catalog, "Format")) == {"Workshop"}
    window.runner.perform("Add a course", lambda db: catalog.add_offering(
        db, {"title": "Questioning online", "format": "online_course", "hours": 1}))
    assert _column(tab.catalog, "Offering") == before
    window.runner.perform("Add a workshop", lambda db: catalog.add_offering(
        db, {"title": "Lunchtime workshop on questioning", "format": "workshop", "hours": 1}))
    assert "Lunchtime workshop on questioning" in _column(tab.catalog, "Offering")
    assert set(_column(tab.catalog, "Format")) == {"Workshop"}


def test_the_schools_part_of_a_menu_is_worked_out_once_for_every_teacher_picked(
        window, ids, qtbot, monkeypatch):
    from desktop.core import pd_menu

    worked_out = []
    real = pd_menu.school_pd
    monkeypatch.setattr(pd_menu, "school_pd", lambda db, **kw: worked_out.append(1) or real(db, **kw))
    tab = _open_tab(window, qtbot, None)         # the whole school: worked out on a worker
    qtbot.waitUntil(lambda: not tab.background.is_busy("school pd"))
    window.sidebar.select(ids["ana"])
    _menu_shown(tab, qtbot)
    first = _column(tab.recommended, "Offering")
    window.sidebar.select(ids["ben"])
    window.sidebar.select(ids["ana"])
    _menu_shown(tab, qtbot)
    assert _column(tab.recommended, "Offering") == first and len(worked_out) == 1
    # A write it reads (a teacher enrolled: a seat fewer) makes it worked out again, once.
    enrolled = []
    for offering in pd.list_offerings(window.db):
        if not enrolled and window.runner.perform(
                "Enroll Dev", lambda db, o=offering: pd.enroll(db, o.id, ids["dev"]),
                report_corrections=False).ok:
            enrolled.append(offering)
    assert enrolled
    window.sidebar.select(ids["ben"])
    window.sidebar.select(ids["dev"])
    assert len(worked_out) == 2


def test_the_catalog_is_not_read_again_for_every_teacher_picked(window, ids, qtbot, monkeypatch):
    """The PD menu's catalog is every teacher's: picking another reads their menu, not it;
    Show retired reads it again."""
    tab = _open_tab(window, qtbot, ids["ana"])
    filled = []
    real = tab.catalog.model.set_rows
    monkeypatch.setattr(tab.catalog.model, "set_rows", lambda rows: filled.append(len(rows)) or real(rows))
    window.sidebar.select(ids["ben"])
    window.sidebar.select(ids["dev"])
    assert filled == [] and _column(tab.catalog, "Offering")
    assert tab.recommended.title.text() == "Recommended for Dev Patel"
    qtbot.mouseClick(tab.show_retired, Qt.MouseButton.LeftButton)
    assert len(filled) == 1


def test_a_teachers_menu_is_worked_out_off_the_window_and_never_shows_another_teachers(
        window, ids, qtbot):
    tab = _open_tab(window, qtbot, ids["ben"])
    assert _column(tab.recommended, "Offering")
    window.sidebar.select(ids["ana"])
    # At once: Ana's title, and not Ben's offerings while hers are worked out.
    assert tab.recommended.title.text() == "Recommended for Ana Lopez"
    assert tab.recommended.model.rowCount() == 0
    assert tab.recommended.empty_label.text() == "Working out what to recommend…"
    _menu_shown(tab, qtbot)
    assert tab.recommended.empty_label.text().startswith("Nothing new to recommend: Ana Lopez")
    window.sidebar.select(ids["ben"])
    _menu_shown(tab, qtbot)
    assert _column(tab.recommended, "Offering")
