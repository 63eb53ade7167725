"""PD Menu: the catalog, a teacher's recommended menu with reasons, their PD and hours,
and for the chosen offering its sessions, who could lead it and whether it changed practice.

Pick an offering in any list, then act on it: enroll, mark interest, complete with a
reflection, withdraw, correct or delete an enrollment; edit, duplicate, retire or delete
it in the catalog; enroll a group, take attendance, close it out once it is over, record
evaluations. Plan a PD day that fits the rooms; keep rooms; print a teacher's transcript.
Every write goes through the window's runner, so other tabs (the Overview's hours)
refresh too, and Edit ▸ Undo takes it back.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import attendance, catalog, pd, rubrics, school_years, staff
from db.operations import Changes
from desktop.core import pd_menu, wording
from desktop.ui import messages
from desktop.ui.dialogs.completion_dialog import CompletionDialog, EnrollmentDialog
from desktop.ui.dialogs.group_enrollment_dialog import confirm_enrolling_late
from desktop.ui.dialogs.offering_dialog import OfferingDialog
from desktop.ui.models.pd import EnrollmentsModel, OfferingsModel, RecommendationsModel, hours_text
from desktop.ui.models.staff_list import WHOLE_SCHOOL
from desktop.ui.tabs import PD_MENU
from desktop.ui.tabs.base import Tab
from desktop.ui.widgets import ListPanel, caption, command_button, labelled

STATUS_WORDS = {"enrolled": "Enrolled", "waitlisted": "On the waitlist", "completed": "Completed",
                "incomplete": "Did not complete", "interested": "Interested",
                "withdrawn": "Withdrawn"}
# What a teacher's menu, the details pane and the hours are worked out from.
FIGURE_TABLES = frozenset({"enrollments", "goals", "observations", "observation_scores",
                           "self_assessments", "self_assessment_ratings", "pd_offerings",
                           "pd_offering_indicators", "pd_sessions", "pd_attendance",
                           "pd_evaluations", "pd_rooms"})


def _button_bar(name: str, widgets: list[QWidget | None]) -> QToolBar:
    """A row of the tab's buttons (None: the gap that pushes the rest to the right end)."""
    bar = QToolBar(name)
    bar.setAccessibleName(name)
    bar.setStyleSheet("QToolBar { border: none; spacing: 4px; }")
    for widget in widgets:
        if widget is None:
            gap = QWidget()
            gap.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            bar.addWidget(gap)
        else:
            bar.addWidget(widget)
    more = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    if more is not None:   # the » that shows what did not fit: named, like every control
        more.setAccessibleName(f"More {name.lower()}")
    return bar


def _ended(view) -> str:
    """' (2025–26 ended on 31 July 2026)' while a finished year is still the current one."""
    return f" ({view.year.ended_text()})" if view.is_current and view.has_ended else ""


class PdMenuTab(Tab):
    title, slug = PD_MENU.title, PD_MENU.slug
    tables = frozenset({"staff", "pd_offerings", "pd_offering_indicators", "pd_sessions",
                        "enrollments", "goals", "observations", "observation_scores",
                        "self_assessments", "self_assessment_ratings", "pd_attendance",
                        "pd_evaluations", "pd_rooms"})
    # The people picked in the staff list (the window sets it): a group to enroll, a PD day.
    staff_selection: Callable[[], list[str]] = staticmethod(lambda: [])

    def __init__(self, db, parent=None, *, runner=None):
        super().__init__(db, parent, runner=runner)
        self.offering_id: str | None = None
        self._profiles: list | None = None
        # What every teacher's menu shares (pd_menu.SchoolPd): worked out once, on a worker,
        # kept while the teacher picked changes, read again after any write it reads.
        self._school_pd = None

        self.recommended = ListPanel("Recommended", RecommendationsModel(),
                                     empty_text="Nothing new to recommend.")
        self.enrollments = ListPanel("Their PD", EnrollmentsModel(),
                                     empty_text="No PD chosen yet.")
        self.catalog = ListPanel(
            "PD menu", OfferingsModel(),
            empty_text="The PD menu is empty. Add an offering, or add the starter catalog.")
        for panel in (self.recommended, self.enrollments, self.catalog):
            panel.view.selectionModel().currentRowChanged.connect(
                lambda current, previous, p=panel: self._row_chosen(p))
        self.catalog.on_open(self.edit_offering)
        self.catalog.on_delete(self.delete_offering, what="offering")
        self.enrollments.on_open(self.edit_enrollment)
        self.enrollments.on_delete(self.delete_enrollment, what="enrollment")
        # The details pane shows length and indicators in full; the title needs the room.
        self.catalog.hide_column("Length")
        self.catalog.hide_column("Indicators")

        self.add_button = command_button("&Add offering…", self.add_offering)
        self.edit_button = command_button("Ed&it offering…", self.edit_offering)
        self.duplicate_button = command_button("&Duplicate", self.duplicate_offering)
        self.retire_button = command_button("&Retire", self.retire_or_restore)
        self.delete_offering_button = command_button("Delete offering…", self.delete_offering)
        self.show_retired = QCheckBox("Show re&tired")
        self.show_retired.setAccessibleName("Show retired")
        self.show_retired.toggled.connect(lambda checked: self.refresh(force=True))
        self.starter_button = command_button("Add starter offerin&gs", self.add_starter_catalog)
        self.rooms_button = command_button("R&ooms…", self.edit_rooms)
        self.plan_button = command_button("&Plan a PD day…", self.plan_pd_day)
        self.export_button = command_button("E&xport calendar…", self.export_calendar)
        self.catalog_buttons = _button_bar("Catalog commands", [
            self.add_button, self.edit_button, self.duplicate_button, self.retire_button,
            self.delete_offering_button, self.show_retired, None, self.starter_button])
        # What is done with the chosen offering as a whole: a group, a register, its end.
        self.group_button = command_button("Enroll a gro&up…", self.enroll_group)
        self.attendance_button = command_button("Attendance…", self.take_attendance)
        self.close_out_button = command_button("Close out…", self.close_out)
        self.evaluation_button = command_button("Evaluations…", self.record_evaluation)
        self.offering_buttons = _button_bar("Offering commands", [
            self.group_button, self.attendance_button, self.close_out_button,
            self.evaluation_button])
        self.planning_buttons = _button_bar("Planning commands", [
            self.plan_button, self.rooms_button, self.export_button])

        self.enroll_button = command_button("E&nroll", self.enroll)
        self.interest_button = command_button("Mark &interested", self.mark_interested)
        self.complete_button = command_button("&Complete…", self.complete)
        self.withdraw_button = command_button("&Withdraw", self.withdraw)
        self.edit_enrollment_button = command_button("Edit enro&llment…", self.edit_enrollment)
        self.delete_enrollment_button = command_button("Delete enrollment…", self.delete_enrollment)
        self.print_button = command_button("Print PD &menu…", self.print_menu)
        self.transcript_button = command_button("Transcript…", self.show_transcript)
        # Tool bars, not rows: in a narrow window what does not fit folds into the » menu
        # instead of being clipped or forcing the window wider than the screen.
        self.teacher_buttons = _button_bar("Their PD commands", [
            self.enroll_button, self.interest_button, self.complete_button, self.withdraw_button,
            self.edit_enrollment_button, self.delete_enrollment_button, None,
            self.transcript_button, self.print_button])

        self.details = QTextBrowser()
        self.details.setAccessibleName("Offering details")
        self.details.setOpenLinks(False)
        self.details.setMinimumWidth(200)

        lists = QSplitter(Qt.Orientation.Vertical)
        for panel in (self.recommended, self.enrollments, self.catalog):
            lists.addWidget(panel)
        lists.setSizes([260, 180, 360])
        lists.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(lists, 1)
        left_layout.addWidget(self.catalog_buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.planning_buttons)
        right_layout.addWidget(self.details, 1)
        right_layout.addWidget(self.offering_buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([730, 400])
        split.setChildrenCollapsible(False)
        self.hours = caption()
        # The chosen teacher's commands span the tab, beside the school year they are for.
        top = QHBoxLayout()
        top.addWidget(self.teacher_buttons, 1)
        top.addWidget(self._build_format_filter())
        top.addWidget(self.add_year_picker())
        self.layout_.addLayout(top)
        self.layout_.addWidget(split, 1)
        self.layout_.addWidget(self.hours)
        self._update_buttons()

    def _build_format_filter(self) -> QWidget:
        """Which formats the catalog lists: all, one, or the ongoing, job-embedded ones against
        the one-off ones (what the Overview's PD hours open)."""
        from desktop.core.overview import ONE_OFF_WORDS, ONGOING_FORMATS, ONGOING_WORDS

        self.format_filter = QComboBox()
        self.format_filter.addItem("Every format", None)
        self.format_filter.addItem(ONGOING_WORDS, tuple(f for f in pd.FORMATS if f in ONGOING_FORMATS))
        self.format_filter.addItem(ONE_OFF_WORDS, tuple(f for f in pd.FORMATS if f not in ONGOING_FORMATS))
        for code in pd.FORMATS:
            self.format_filter.addItem(pd.FORMAT_LABELS[code], (code,))
        self.format_filter.currentIndexChanged.connect(lambda *_: self.refresh(force=True))
        return labelled("For&mat", self.format_filter)

    def show_offerings(self, *, formats=None, label: str = "", offering_id: str | None = None) -> None:
        """The catalog kept to *formats* (a tuple of format codes), *offering_id* chosen."""
        wanted = tuple(formats) if formats else None
        index = self.format_filter.findData(wanted) if wanted else 0
        if index < 0:
            self.format_filter.addItem(label or ", ".join(wanted), wanted)
            index = self.format_filter.count() - 1
        self.format_filter.blockSignals(True)
        self.format_filter.setCurrentIndex(index)
        self.format_filter.blockSignals(False)
        self.refresh(force=True)
        if offering_id:
            self.select_offering(offering_id)
        self.catalog.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- loading -------------------------------------------------------------------------------
    def set_database(self, db) -> None:
        super().set_database(db)
        self.offering_id = None
        self._shown_member = None
        self._school_pd = None
        self._catalog_for = None
        self._menu_for = None   # another file's menu is never left on show

    _catalog_for: tuple | None = None   # the filters the catalog was last read with

    def refresh(self, *, force: bool = False) -> None:
        if force:
            self._catalog_for = None   # read again whole, as asked
        super().refresh(force=force)

    def load(self) -> None:
        with self._reading():
            self._load()

    @contextmanager
    def _reading(self):
        """While lists are read again, their current rows move by themselves: that is not
        the person choosing another offering."""
        self._lists_moving = True
        try:
            yield
        finally:
            self._lists_moving = False

    def _load(self) -> None:
        self._profiles = None
        retired = self.show_retired.isChecked()
        formats = self.format_filter.currentData() or None
        # The catalog is the same for every teacher: read again only when what it lists or
        # its filters changed (a district's thousand offerings took 0.25 s a teacher picked).
        if self._catalog_for != (retired, formats):
            offerings = pd.list_offerings(self.db, include_retired=retired, formats=formats)
            self.catalog.model.fetch = lambda ids: pd.list_offerings(
                self.db, include_retired=retired, ids=ids, formats=formats)
            self.catalog.model.set_rows(offerings)
            self._catalog_for = (retired, formats)
        self.catalog.set_empty_text(
            f"No {self.format_filter.currentText().lower()} offerings on the menu. Format: Every "
            "format lists them all." if formats else
            "The PD menu is empty. Add an offering, or add the starter catalog.")
        self._shown_member = None   # their PD is read in full too
        self._show_figures()

    def _shared(self):
        """The school's part of every menu today (worked out now if the worker has not yet)."""
        if self._school_pd is None or self._school_pd.as_of != self.today:
            self.background.cancel("school pd")
            self._school_pd = pd_menu.school_pd(self.db, as_of=self.today)
        return self._school_pd

    def _prepare_shared(self) -> None:
        if self._school_pd is not None and self._school_pd.as_of == self.today:
            return
        today = self.today
        self.read_in_background("school pd", lambda reader: pd_menu.school_pd(reader, as_of=today),
                                self._keep_shared)

    def _keep_shared(self, school) -> None:
        if self._school_pd is None:
            self._school_pd = school

    def apply_changes(self, changes, initiator=None) -> None:
        if changes.tables & self.tables:
            self._school_pd = None   # offerings, sessions, seats or scores may have changed
            self.background.cancel("school pd")
            if self.stale or not self.isVisible():
                self._catalog_for = None   # read whole when next shown
        super().apply_changes(changes, initiator)

    def _show_figures(self) -> None:
        """The menu, the hours and the details pane: worked out from everything, so read again."""
        formats = self.format_filter.currentData()
        kept = f" · {self.format_filter.currentText()}" if formats else ""
        self.catalog.set_title(f"PD menu — {self.catalog.model.rowCount()} offerings{kept}")
        view = self.year_view
        if self.member is None:
            self._prepare_shared()   # for the first teacher picked
            self.background.cancel("menu")
            self._menu_for = None
            for widget in (self.recommended, self.enrollments, self.teacher_buttons):
                widget.hide()
            since, until, school_id = view.since, view.until, self.school_id
            across = "the school" if self.scope_name == WHOLE_SCHOOL else \
                "the district" if self.school_id is None else self.scope_name
            ended = _ended(view)
            if not self.hours.text().startswith("Adding up"):
                self.hours.setText("Adding up the PD hours…")
            # Every enrollment of the year and every offering's close-out: a worker's reading.
            self.read_in_background(
                "school hours",
                lambda reader: (pd.hours_credited(reader, since=since, until=until, school_id=school_id),
                                attendance.closeable_titles(reader)),
                lambda found: self._show_school_hours(found, across, view.year_words, ended))
        else:
            self.background.cancel("school hours")   # the teacher's hours take the line
            self._load_teacher(view)
        self.hours.setAccessibleName(self.hours.text())
        self._show_details()
        self._update_buttons()

    def _show_school_hours(self, found, across: str, year_words: str, ended: str) -> None:
        total, waiting = found
        self.hours.setText(f"{hours_text(total)} PD hours completed across {across} "
                           f"{year_words}{ended}. Pick a teacher to see their "
                           "menu and choices." + self._close_out_words(waiting))
        self.hours.setAccessibleName(self.hours.text())

    @staticmethod
    def _close_out_words(waiting) -> str:
        """' 2 offerings are over with people still enrolled: …' (the close-out reminder)."""
        if not waiting:
            return ""
        titles = ", ".join(f"“{title}”" for _, title in waiting[:3]) + (" …" if len(waiting) > 3 else "")
        verb = "is" if len(waiting) == 1 else "are"
        return (f" {wording.plural(len(waiting), 'offering')} {verb} over with people still "
                f"enrolled ({titles}): pick one and press Close out….")

    def _load_teacher(self, view) -> None:
        member = self.member
        for widget in (self.recommended, self.enrollments, self.teacher_buttons):
            widget.show()
        self._work_out_menu(member)
        self.enrollments.set_title(f"{member.full_name}'s PD")
        self.enrollments.set_empty_text(f"{member.full_name} has not chosen any PD yet.")
        shown = (member.id, view.year.id)
        if self.enrollments.model.fetch is None or self._shown_member != shown:
            since, until = view.since, view.year.until
            self.enrollments.model.fetch = lambda ids: pd.list_enrollments(
                self.db, staff_id=member.id, since=since, until=until, ids=ids)
            self.enrollments.model.set_rows(pd.list_enrollments(
                self.db, staff_id=member.id, since=since, until=until))
            self._shown_member = shown
        total = pd.hours_credited(self.db, since=view.since, until=view.until, staff_id=member.id)
        earlier = [year for year in pd.hours_by_school_year(self.db, member.id)
                   if year.year_start < view.year.first_day.isoformat()]
        text = (f"{member.full_name}: {hours_text(total)} PD hours completed "
                f"{view.year_words}{_ended(view)}.")
        if earlier:
            text += " Earlier years: " + ", ".join(
                f"{year.year_label} {hours_text(year.hours)} h" for year in earlier[:3]) + "."
        self.hours.setText(text)

    _shown_member: str | None = None

    def _work_out_menu(self, member) -> None:
        """The teacher's recommendations, ranked from their profile, goals and PD: on a
        worker (tens of milliseconds of reading, many more while other work runs), shown
        when ready. Another teacher's are never left on show meanwhile."""
        self.recommended.set_title(f"Recommended for {member.full_name}")
        if self._menu_for != member.id:
            self._menu_for = member.id
            self.recommended.model.set_rows([])
            self.recommended.set_empty_text("Working out what to recommend…")
        today, school, staff_id = self.today, self._shared(), member.id
        self.read_in_background(
            "menu", lambda reader: pd_menu.personal_menu_for(reader, staff_id, as_of=today, school=school),
            lambda menu: self._show_menu(member, menu))

    def _show_menu(self, member, menu) -> None:
        self.recommended.model.set_rows(menu.recommendations)
        self.recommended.set_empty_text(
            f"Nothing new to recommend: {member.full_name} has chosen or completed every open "
            "offering.")
        self._show_details()
        self._update_buttons()

    _menu_for: str | None = None

    def update_rows(self, changes: Changes) -> None:
        """The offerings and enrollments a write touched are read again, row by row; the
        menu of recommendations, the hours and the details are figures, worked out again."""
        if "staff" in changes.tables:
            self._catalog_for = None   # facilitators' names show in the catalog
            self.load()
            return
        with self._reading():
            self._update_rows(changes)

    def _update_rows(self, changes: Changes) -> None:
        offering_ids = set(changes.ids("pd_offerings"))
        for table in ("pd_offering_indicators", "pd_sessions", "enrollments"):
            offering_ids |= changes.values(table, "offering_id")
        self.catalog.model.refresh_rows(offering_ids)
        if self.member is not None:
            self.enrollments.model.refresh_rows(changes.ids("enrollments"))
        if changes.tables & FIGURE_TABLES:
            self._profiles = None
            self._show_figures()

    # -- choosing an offering ---------------------------------------------------------------------
    _lists_moving = False

    def _row_chosen(self, panel: ListPanel) -> None:
        if self._lists_moving:
            return
        # The current row, not the selection: selectRow() moves the current row first.
        index = panel.view.currentIndex()
        row = (panel.model.row_at(panel.proxy.mapToSource(index).row()) if index.isValid()
               else panel.selected_row())
        if row is None:
            return
        offering_id = getattr(row, "offering_id", None) or getattr(
            getattr(row, "offering", None), "id", None) or getattr(row, "id", None)
        if offering_id and offering_id != self.offering_id:
            self.offering_id = offering_id
            self._show_details()
        self._update_buttons()

    def select_offering(self, offering_id: str) -> bool:
        """Make *offering_id* the chosen offering (as clicking it in the catalog would)."""
        for row, item in enumerate(self.catalog.model.rows()):
            if item.id == offering_id:
                index = self.catalog.proxy.mapFromSource(self.catalog.model.index(row, 0))
                self.catalog.view.setCurrentIndex(index)
                self.catalog.view.selectRow(index.row())
                self.offering_id = offering_id
                self._show_details()
                self._update_buttons()
                return True
        return False

    def _enrollment(self) -> pd.EnrollmentDetail | None:
        if self.member is None or self.offering_id is None:
            return None
        return pd.find_enrollment(self.db, self.offering_id, self.member.id)

    def _update_buttons(self) -> None:
        offering = catalog.get_offering(self.db, self.offering_id) if self.offering_id else None
        self.edit_button.setEnabled(offering is not None)
        self.duplicate_button.setEnabled(offering is not None)
        self.retire_button.setEnabled(offering is not None)
        self.delete_offering_button.setEnabled(offering is not None)
        retired = offering is not None and offering.is_retired
        self.retire_button.setText("&Restore" if retired else "&Retire")
        self.retire_button.setAccessibleName("Restore" if retired else "Retire")
        enrollment = self._enrollment()
        status = enrollment.status if enrollment else None
        can_choose = offering is not None and not retired and self.member is not None
        self.enroll_button.setEnabled(can_choose and status in (None, "interested", "withdrawn"))
        self.interest_button.setEnabled(can_choose and status in (None, "withdrawn"))
        self.complete_button.setEnabled(status in ("enrolled", "completed", "interested"))
        self.complete_button.setText("Edit &reflection…" if status == "completed" else "&Complete…")
        self.complete_button.setAccessibleName(
            "Edit reflection" if status == "completed" else "Complete")
        self.withdraw_button.setEnabled(status in ("enrolled", "waitlisted", "interested"))
        self.edit_enrollment_button.setEnabled(enrollment is not None)
        self.delete_enrollment_button.setEnabled(enrollment is not None)
        for button in (self.group_button, self.attendance_button, self.close_out_button,
                       self.evaluation_button):
            button.setEnabled(offering is not None)
        self.group_button.setEnabled(offering is not None and not retired)
        self.close_out_button.setEnabled(
            offering is not None and attendance.needs_close_out(self.db, offering.id))

    # -- the details pane -------------------------------------------------------------------------
    def _school_profiles(self):
        if self._profiles is None:
            self._profiles = pd_menu.school_profiles(self.db, as_of=self.today)
        return self._profiles

    def _show_details(self) -> None:
        offering = catalog.get_offering(self.db, self.offering_id) if self.offering_id else None
        if offering is None:
            self.offering_id = None
            self.details.setHtml("<p style='color:#666'>Pick an offering to see its sessions, "
                                 "who could lead it, and whether it changed practice.</p>")
            return
        self.details.setHtml(self.details_html(offering))

    def details_html(self, offering: catalog.Offering) -> str:
        names = {item.code: item.name for item in pd_menu.profile_indicators(self.db)}
        parts = [f"<h2>{escape(offering.title)}</h2>"]
        facts = [pd.FORMAT_LABELS.get(offering.format, offering.format),
                 f"{hours_text(offering.hours)} hours"]
        if offering.length_description:
            facts.append(offering.length_description)
        facts.append("no seat limit" if offering.capacity is None
                     else f"{offering.capacity} seats")
        if offering.cost:
            facts.append(f"cost {offering.cost:,.2f}")
        if offering.is_retired:
            facts.append("retired")
        parts.append(f"<p>{escape(' · '.join(facts))}</p>")
        fit = next((r for r in self.recommended.model.rows() if r.offering.id == offering.id), None)
        if self.member is not None and fit is not None:
            parts.append(f"<p><b>Why for {escape(self.member.first_name)}:</b> "
                         f"{escape(fit.explanation)}.</p>")
        if offering.description:
            parts.append(f"<p>{escape(offering.description)}</p>")
        facilitator = offering.facilitator_name
        if offering.facilitator_staff_id:
            person = staff.get(self.db, offering.facilitator_staff_id)
            facilitator = f"{person.full_name} (teacher-led)" if person else facilitator
        if facilitator:
            parts.append(f"<p><b>Facilitator:</b> {escape(facilitator)}</p>")
        if offering.indicator_codes:
            parts.append("<p><b>Addresses:</b> " + escape(", ".join(
                names.get(code, code) for code in offering.indicator_codes)) + "</p>")
        audience = pd_menu.audience_words(offering)
        if audience:
            parts.append(f"<p><b>For:</b> {escape(audience)}</p>")
        sessions = catalog.list_sessions(self.db, offering.id)
        parts.append("<h3>Sessions</h3>")
        if sessions:
            parts.append("<ul>" + "".join(
                f"<li>{escape(s.starts_at.replace('T', ' '))}–{escape(s.ends_at[11:16])}"
                f"{escape(', ' + s.location) if s.location else ''}"
                f"{escape(', ' + s.link) if s.link else ''}</li>" for s in sessions) + "</ul>")
        else:
            parts.append("<p>Self-paced, or arranged between colleagues.</p>")
        people = pd.participants(self.db, offering.id, school_id=self.school_id)
        counts = {status: sum(1 for p in people if p.status == status) for status in STATUS_WORDS}
        at = f"At {self.scope_name}: " if self.school_id else ""   # a district's catalog
        parts.append("<p>" + escape(at + (" · ".join(
            f"{count} {STATUS_WORDS[status].lower()}" for status, count in counts.items() if count)
            or "Nobody has chosen it yet.")) + "</p>")
        waiting = [p.teacher_name for p in people if p.status == "waitlisted"]
        if waiting:
            parts.append(f"<p><b>Waitlist, in order:</b> {escape(', '.join(waiting))}</p>")
        if sessions and attendance.needs_close_out(self.db, offering.id):
            open_lines = attendance.close_out_of(self.db, offering.id).lines
            parts.append(f"<p><b>Over, not closed out:</b> "
                         f"{escape(wording.plural(len(open_lines), 'person', 'people'))} "
                         "still enrolled or waiting. Press Close out… to say what happened.</p>")

        leaders = pd_menu.leader_suggestions(self.db, offering.id, as_of=self.today,
                                             profiles=self._school_profiles())
        parts.append("<h3>Could lead or mentor</h3>")
        if leaders:
            parts.append("<ul>" + "".join(
                f"<li><b>{escape(s.name)}</b> as {s.role}: {escape(s.reason)}</li>"
                for s in leaders) + "</ul>")
        else:
            parts.append("<p>No teacher is strong on its indicators yet.</p>")

        result = pd_menu.offering_efficacy(self.db, offering.id, as_of=self.today)
        parts.append("<h3>Did it change practice?</h3>")
        rating = (f"average rating {result.average_rating:g} of 5 from {result.ratings}"
                  if result.average_rating is not None else "no ratings yet")
        parts.append(f"<p>{result.completed} completed; {escape(rating)} (reactions).</p>")
        measured = [c for c in result.changes if c.participants]
        if measured:
            parts.append("<ul>" + "".join(
                f"<li>{escape(c.indicator_name)}: {c.mean_before:.1f} before → "
                f"{c.mean_after:.1f} after ({c.change:+.1f}), {c.participants} observed "
                f"both times</li>" for c in measured) + "</ul>")
        elif result.completed:
            parts.append("<p>No observations yet both before and after completion on its "
                         "indicators.</p>")
        evaluation = result.evaluation
        if evaluation is not None and evaluation.responses:
            parts.append(f"<p><b>Evaluations</b> ({evaluation.responses}): " + escape("; ".join(
                f"{level.label} {level.mean:.1f} of 5 ({level.responses})"
                for level in evaluation.levels if level.responses)) + "</p>")
        if result.student_outcome_note:
            parts.append(f"<p><b>Student outcomes:</b> {escape(result.student_outcome_note)}</p>")
        if result.flagged:
            parts.append("<p><b>⚑ One-off and short, with no follow-up:</b> PD like this "
                         "rarely changes practice. Add sessions or a follow-up.</p>")
        elif result.design_notes:
            parts.append(f"<p style='color:#555'>Design: {escape('; '.join(result.design_notes))}"
                         ".</p>")
        if result.reflections:
            parts.append("<h3>Reflections</h3>")
            for item in result.reflections[:6]:
                parts.append(f"<p><b>{escape(item.teacher_name)}</b>: "
                             f"{escape(item.learned)}"
                             f"{' — ' + escape(item.use) if item.use else ''}</p>")
        return "".join(parts)

    # -- writes ---------------------------------------------------------------------------------------
    def enroll(self) -> None:
        if self.member is None or self.offering_id is None:
            return
        member, offering_id = self.member, self.offering_id
        title = self._title(offering_id)
        if not confirm_enrolling_late(self, self.db, offering_id):
            return

        def said(status: str) -> str:
            words = "enrolled in" if status == "enrolled" else "on the waitlist for"
            return f"{member.full_name} is {words} “{title}”."

        self.runner.perform(f"Enroll {member.full_name} in “{title}”",
                            lambda db: pd.enroll(db, offering_id, member.id, on=self.today_iso),
                            status=said, initiator=self)

    def mark_interested(self) -> None:
        if self.member is None or self.offering_id is None:
            return
        member, offering_id = self.member, self.offering_id
        title = self._title(offering_id)
        self.runner.perform(f"Mark {member.full_name} interested in “{title}”",
                            lambda db: pd.mark_interested(db, offering_id, member.id),
                            status=f"{member.full_name} is interested in “{title}”.",
                            initiator=self)

    def complete(self) -> None:
        detail = self._enrollment()
        if detail is None:
            return
        offering = catalog.get_offering(self.db, detail.offering_id)

        def write(db, typed):
            pd.complete(db, detail.id, completed_on=typed.completed_on, hours=typed.hours,
                        learned=typed.learned, use=typed.use, rating=typed.rating)
            return typed.hours

        CompletionDialog.ask(
            self, detail, offering_hours=offering.hours, today=self.today,
            save=self.runner.form_save(
                f"Complete “{detail.offering_title}” for {detail.teacher_name}", write,
                status=lambda hours: f"{detail.teacher_name} completed “{detail.offering_title}”: "
                                     f"{hours_text(hours)} hours credited.",
                initiator=self))

    def withdraw(self) -> None:
        detail = self._enrollment()
        if detail is None:
            return
        seat = (" Their seat goes to the first person on the waitlist." if detail.status == "enrolled"
                else "")
        if not messages.confirm(
                self, "Withdraw", f"Withdraw {detail.teacher_name} from “{detail.offering_title}”?"
                f"{seat} Edit ▸ Undo takes it back.", yes="Withdraw"):
            return

        def said(promoted: list[str]) -> str:
            text = f"{detail.teacher_name} withdrew from “{detail.offering_title}”."
            if promoted:
                moved = [pd.get_enrollment(self.db, key) for key in promoted]
                text += " From the waitlist: " + ", ".join(m.teacher_name for m in moved if m) + \
                    " now enrolled."
            return text

        self.runner.perform(f"Withdraw {detail.teacher_name} from “{detail.offering_title}”",
                            lambda db: pd.withdraw(db, detail.id, on=self.today_iso),
                            status=said, destructive=True, initiator=self)

    def _selected_enrollment(self) -> pd.EnrollmentDetail | None:
        """The enrollment picked in Their PD, else the one of the chosen offering."""
        row = self.enrollments.selected_row() if self.member is not None else None
        if row is not None:
            return pd.get_enrollment(self.db, row.id)
        return self._enrollment()

    def edit_enrollment(self) -> None:
        """Correct an enrollment entered wrongly: status, dates, hours, reflection, rating."""
        detail = self._selected_enrollment()
        if detail is None:
            return
        EnrollmentDialog.ask(
            self, detail, today=self.today,
            save=self.runner.form_save(
                f"Correct the enrollment of {detail.teacher_name} in “{detail.offering_title}”",
                lambda db, typed: pd.correct_enrollment(db, detail.id, **typed),
                status="Saved the enrollment.", initiator=self))

    def delete_enrollment(self) -> None:
        detail = self._selected_enrollment()
        if detail is None:
            return
        self.runner.delete(
            self, "enrollments", detail.id, initiator=self,
            what=f"the enrollment of {detail.teacher_name} in “{detail.offering_title}”",
            label=f"Delete the enrollment of {detail.teacher_name} in “{detail.offering_title}”")

    def _title(self, offering_id: str) -> str:
        offering = catalog.get_offering(self.db, offering_id)
        return offering.title if offering else ""

    # -- the catalog ----------------------------------------------------------------------------------
    def _editor_choices(self) -> dict:
        rubric_id = rubrics.default_rubric_id(self.db)
        indicators = [(item.code, item.name) for item in rubrics.indicators(self.db, rubric_id)] \
            if rubric_id else []
        people = [(m.id, m.full_name) for m in staff.list_staff(self.db)]
        return {"indicators": indicators, "people": people}

    def add_offering(self) -> None:
        self._edit(None)

    def edit_offering(self) -> None:
        offering = catalog.get_offering(self.db, self.offering_id) if self.offering_id else None
        if offering is not None:
            self._edit(offering)

    def _edit(self, offering: catalog.Offering | None) -> None:
        choices = self._editor_choices()
        sessions = catalog.list_sessions(self.db, offering.id) if offering else []
        if offering is None:
            save = self.runner.form_save(
                lambda typed: f"Add “{typed.values['title']}” to the PD menu",
                lambda db, typed: catalog.add_offering(db, typed.values,
                                                       indicator_codes=typed.indicator_codes,
                                                       sessions=typed.sessions),
                status="Added the offering to the PD menu.", initiator=self)
        else:
            save = self.runner.form_save(
                lambda typed: f"Edit “{typed.values['title']}”",
                lambda db, typed: catalog.update_offering(
                    db, offering.id, typed.values, indicator_codes=typed.indicator_codes,
                    sessions=typed.sessions, today=self.today_iso),
                status=f"Saved “{offering.title}”.", initiator=self)
        result = OfferingDialog.ask(self, offering, sessions=sessions, save=save, **choices)
        if result is not None and offering is None:
            self.select_offering(result.value)

    def duplicate_offering(self) -> None:
        if self.offering_id is None:
            return
        original = self.offering_id
        result = self.runner.perform(f"Duplicate “{self._title(original)}”",
                                     lambda db: catalog.duplicate_offering(db, original),
                                     status="Duplicated; edit the copy's title and dates.",
                                     initiator=self)
        if result.ok:
            self.select_offering(result.value)

    def add_starter_catalog(self) -> None:
        """The shipped starter offerings; ones already here (or retired) are left alone."""
        self.runner.perform(
            "Add the starter offerings", catalog.install_starter_catalog, initiator=self,
            status=lambda added: (f"Added {added} starter offerings to the PD menu." if added
                                  else "Every starter offering is already in the catalog."))

    def retire_or_restore(self) -> None:
        offering = catalog.get_offering(self.db, self.offering_id) if self.offering_id else None
        if offering is None:
            return
        if offering.is_retired:
            self.runner.perform(f"Restore “{offering.title}”",
                                lambda db: catalog.restore_offering(db, offering.id),
                                status=f"“{offering.title}” is back on the menu.", initiator=self)
            return
        if not messages.confirm(
                self, "Retire offering",
                f"Retire “{offering.title}”? It leaves the PD menu; enrollments, hours and "
                "reflections stay. Show retired offerings to restore it.", yes="Retire"):
            return
        self.runner.perform(f"Retire “{offering.title}”",
                            lambda db: catalog.retire_offering(db, offering.id),
                            status=f"Retired “{offering.title}”.", destructive=True, initiator=self)

    def delete_offering(self) -> None:
        """An offering added by mistake; one that anyone chose is retired instead."""
        offering = catalog.get_offering(self.db, self.offering_id) if self.offering_id else None
        if offering is None:
            return
        self.runner.delete(self, "pd_offerings", offering.id, initiator=self,
                           what=f"the offering “{offering.title}”",
                           label=f"Delete the offering “{offering.title}”")

    # -- planning, printing, calendars ----------------------------------------------------------------------
    def plan_pd_day(self) -> None:
        from desktop.ui.dialogs.pd_day_dialog import PdDayDialog

        teachers = [(m.id, m.full_name) for m in staff.list_staff(self.db)
                    if m.role in pd_menu.CLASSROOM_ROLES]
        PdDayDialog.ask(self, self.db, self.runner.perform, lambda ids, k, day: pd_menu.common_thread(
            self.db, as_of=self.today, k=k, staff_ids=ids, day=day), teachers=teachers,
            today=self.today, selected_ids=self.staff_selection() or None,
            page_size_name=self._page_size())

    def _page_size(self) -> str:
        settings = getattr(self.window(), "settings", None)
        return settings.get("pdf.page_size") if settings is not None else "letter"

    def edit_rooms(self) -> None:
        from desktop.ui.dialogs.rooms_dialog import RoomsDialog

        RoomsDialog.ask(self, self.db, self.runner.perform)

    # -- the chosen offering as a whole ------------------------------------------------------------------
    def enroll_group(self) -> None:
        from desktop.ui.dialogs.group_enrollment_dialog import GroupEnrollmentDialog

        if self.offering_id is None:
            return
        GroupEnrollmentDialog.ask(self, self.db, self.offering_id, self.runner.perform,
                                  selected_ids=self.staff_selection(), today=self.today)

    def take_attendance(self) -> None:
        from desktop.ui.dialogs.attendance_dialog import AttendanceDialog

        if self.offering_id is None:
            return
        if not catalog.list_sessions(self.db, self.offering_id):
            messages.notify(self, "No sessions", f"“{self._title(self.offering_id)}” has no "
                            "sessions to take attendance at: it is self-paced or arranged. Mark "
                            "it completed for each teacher instead, or add its sessions.")
            return
        AttendanceDialog.ask(self, self.db, self.offering_id, self.runner.perform)

    def close_out(self) -> None:
        from desktop.ui.dialogs.attendance_dialog import CloseOutDialog

        if self.offering_id is None:
            return
        offering_id = self.offering_id
        CloseOutDialog.ask(self, self.db, offering_id, self.runner.perform,
                           take_attendance=self.take_attendance)

    def record_evaluation(self) -> None:
        from desktop.ui.dialogs.evaluation_dialog import EvaluationDialog

        if self.offering_id is None:
            return
        offering_id = self.offering_id
        EvaluationDialog.ask(self, self.db, offering_id, self.runner.perform, today=self.today,
                             staff_id=self.member.id if self.member else None,
                             import_file=lambda: self.import_evaluations(offering_id))

    def import_evaluations(self, offering_id: str) -> int:
        from desktop.ui.dialogs.evaluation_dialog import EvaluationImportDialog

        return EvaluationImportDialog.ask(self, self.db, offering_id, today=self.today,
                                          runner=self.runner)

    def show_transcript(self) -> None:
        from desktop.ui.dialogs.transcript_dialog import TranscriptDialog

        if self.member is None:
            return
        TranscriptDialog.ask(self, self.db, self.member.id, today=self.today, year_id=self.year_id,
                             page_size_name=self._page_size())

    def show_record(self, table: str, record_id: str) -> bool:
        """Find anything opened a PD reflection: its offering, and the enrollment in Their PD."""
        if table != "enrollments":
            return False
        detail = pd.get_enrollment(self.db, record_id)
        if detail is None:
            return False
        self.refresh()
        if not self.select_offering(detail.offering_id):
            self.offering_id = detail.offering_id
            self._show_details()
            self._update_buttons()
        if self.member is not None:
            self.enrollments.select_id(record_id)
            self.enrollments.view.setFocus()
        return True

    def export_calendar(self) -> None:
        from desktop.reports.calendar_ics import write_calendar

        if self.member is not None:
            events = pd_menu.calendar_sessions(self.db, staff_id=self.member.id)
            whose, name = f"{self.member.full_name}'s PD", f"{self.member.full_name} PD"
        else:
            events = pd_menu.calendar_sessions(self.db)
            whose, name = "the PD menu", "PD menu"
        if not events:
            self.status(f"No sessions to export for {whose}.")
            messages.notify(self, "Nothing to export", f"There are no scheduled sessions for "
                            f"{whose}.")
            return
        path = messages.choose_save_path(self, "Export sessions to a calendar file",
                                         f"{name}.ics".replace("'", ""), "Calendar files (*.ics)",
                                         suffix=".ics")
        if path is None:
            return
        try:
            write_calendar(events, path, name=name)
        except OSError as error:
            messages.notify(self, "Could not save the calendar", f"{path}: {error.strerror}",
                            "Choose another folder, or check there is free space.")
            return
        self.status(f"Saved {len(events)} sessions ({whose}) to {path}.")

    def print_menu(self) -> None:
        if self.member is None:
            return
        from desktop.reports.pd_menu_pdf import write_personal_menu

        view = school_years.view(self.db, self.today)   # a menu is for now: the current year
        menu = pd_menu.personal_menu_for(self.db, self.member.id, as_of=self.today, school=self._shared())
        path = messages.choose_save_path(self, "Save the personal PD menu",
                                         f"PD menu - {self.member.full_name}.pdf",
                                         "PDF files (*.pdf)", suffix=".pdf")
        if path is None:
            return
        try:
            write_personal_menu(path, menu, header=f"Personal PD menu · {view.period_label}")
        except OSError as error:
            messages.notify(self, "Could not save the PD menu", f"{path}: {error.strerror}",
                            "Choose another folder, or check there is free space.")
            return
        self.status(f"Saved {self.member.full_name}'s PD menu to {path}.")
