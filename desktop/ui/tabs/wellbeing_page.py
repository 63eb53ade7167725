"""The Celebrations tab's wellbeing page.

One teacher picked: their own check-ins (scores they did not share masked), a
check-in form and the follow-up flag. Whole school: only monthly averages over
five or more teachers (the rule is in ``desktop.core.wellbeing``), and the names of
those who asked for a follow-up conversation. Either way the PD menu's wellbeing
offerings are listed, one click from a teacher's PD choices.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db import pd, wellbeing
from db.operations import Changes
from db.staff import StaffMember
from desktop.core.wellbeing import MIN_GROUP, school_wellbeing
from desktop.ui.dialogs.wellbeing_dialog import WellbeingDialog
from desktop.ui.models.pd import OfferingsModel
from desktop.ui.models.wellbeing import CheckInsModel, FollowUpsModel, TrendModel
from desktop.ui.runner import Runner
from desktop.ui.widgets import ListPanel, caption, command_button

SHOW_PRIVATE_TEXT = "Show &private check-ins (with the teacher)"



class WellbeingPage(QWidget):
    def __init__(self, tab, runner: Runner, parent=None):
        super().__init__(parent)
        self.tab = tab          # the Celebrations tab: database, today, selected person
        self.runner = runner    # the window's write path
        self.member: StaffMember | None = None

        # -- one teacher --------------------------------------------------------------
        self.teacher_note = caption()
        self.check_in_button = command_button("&Check in…", self.check_in)
        self.follow_up_button = command_button("&Follow-up wanted", self.toggle_follow_up)
        self.follow_up_button.setCheckable(True)
        self.edit_check_in_button = command_button("&Edit check-in…", self.edit_check_in)
        self.delete_check_in_button = command_button("De&lete check-in…", self.delete_check_in)
        self.show_private = QCheckBox(SHOW_PRIVATE_TEXT)
        self.show_private.setAccessibleName(SHOW_PRIVATE_TEXT.replace("&", ""))
        self.show_private.toggled.connect(self._show_private)
        self.check_ins = ListPanel("Check-ins", CheckInsModel(), empty_text="No check-ins yet.",
                                   sortable=False)
        self.check_ins.view.selectionModel().selectionChanged.connect(self._selected)
        self.check_ins.on_open(self.edit_check_in)
        self.check_ins.on_delete(self.delete_check_in, what="check-in")
        buttons = QHBoxLayout()
        for widget in (self.check_in_button, self.follow_up_button, self.edit_check_in_button,
                       self.delete_check_in_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        teacher = QWidget()
        teacher_layout = QVBoxLayout(teacher)
        teacher_layout.setContentsMargins(0, 0, 0, 0)
        teacher_layout.addWidget(self.teacher_note)
        teacher_layout.addLayout(buttons)
        teacher_layout.addWidget(self.show_private)
        teacher_layout.addWidget(self.check_ins, 1)

        # -- whole school ---------------------------------------------------------------
        self.school_note = caption()
        self.trend = ListPanel("School wellbeing by month", TrendModel(), sortable=False,
                               empty_text=f"Nothing to show yet: a month appears once at least "
                                          f"{MIN_GROUP} teachers have checked in.")
        self.follow_ups = ListPanel(
            "Follow-up conversations wanted", FollowUpsModel(), sortable=False,
            empty_text="Nobody has asked for a follow-up conversation.")
        school = QWidget()
        school_layout = QVBoxLayout(school)
        school_layout.setContentsMargins(0, 0, 0, 0)
        school_layout.addWidget(self.school_note)
        self.chart_box = QWidget()
        self.chart_box.setAccessibleName("School wellbeing chart")
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_box.setMinimumHeight(170)
        self.canvas = None
        self._charted: list = []
        trend_split = QSplitter(Qt.Orientation.Vertical)
        trend_split.addWidget(self.chart_box)
        trend_split.addWidget(self.trend)
        trend_split.setSizes([220, 260])
        trend_split.setChildrenCollapsible(False)
        school_split = QSplitter(Qt.Orientation.Horizontal)
        school_split.addWidget(trend_split)
        school_split.addWidget(self.follow_ups)
        school_split.setSizes([620, 360])
        school_split.setChildrenCollapsible(False)
        school_layout.addWidget(school_split, 1)

        self.views = QStackedWidget()
        self.views.addWidget(teacher)
        self.views.addWidget(school)

        # -- wellbeing offerings -----------------------------------------------------------
        self.offerings = ListPanel(
            "Wellbeing offerings from the PD menu", OfferingsModel(),
            empty_text="The PD menu has no wellbeing offerings yet. Add one with the "
                       "format “Wellbeing” and it appears here.")
        for header in ("Indicators", "Format"):
            self.offerings.hide_column(header)
        self.interest_button = command_button("&Add to their PD choices", self.add_interest)
        self.offerings.view.doubleClicked.connect(lambda *_: self.add_interest())
        offer_row = QHBoxLayout()
        offer_row.addStretch(1)
        offer_row.addWidget(self.interest_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.offerings, 1)
        lower_layout.addLayout(offer_row)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.views)
        split.addWidget(lower)
        split.setSizes([560, 150])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(split, 1)

    # -- loading -------------------------------------------------------------------------
    def load(self, member: StaffMember | None) -> None:
        changed_person = (member.id if member else None) != (self.member.id if self.member else None)
        self.member = member
        if changed_person and self.show_private.isChecked():
            self.show_private.setChecked(False)   # never carried over to the next person
        db = self.tab.db
        self.offerings.model.set_rows(wellbeing.wellbeing_offerings(db))
        if member is None:
            self.views.setCurrentIndex(1)
            view = self.tab.year_view
            trend = school_wellbeing(db, since=view.since or "0000-00-00", until=view.until)
            self.trend.model.set_rows(trend.points)
            self._draw_chart(trend.points)
            rule = (f"Averages on 1–5 {view.year_words}, each over at least {MIN_GROUP} "
                    "teachers, so no figure points to one person.")
            self.school_note.setText(" ".join(filter(None, [rule, trend.withheld_text])))
            self.follow_ups.model.set_rows(wellbeing.follow_ups(db))
            self.interest_button.setText("Pick a teacher to add one to their PD")
            self.interest_button.setEnabled(False)
        else:
            self.views.setCurrentIndex(0)
            name = member.full_name
            self.teacher_note.setText(
                f"{name}'s check-ins stay on {name}'s record. Scores {name} did not share "
                "show as “private”.")
            self.check_ins.set_title(f"Check-ins — {name}")
            self.check_ins.set_empty_text(f"{name} has not checked in yet. "
                                          "Use Check in… to record how they are doing.")
            self.check_ins.model.fetch_check_ins(
                lambda ids: wellbeing.list_check_ins(db, staff_id=member.id, ids=ids))
            self.check_ins.model.set_check_ins(wellbeing.list_check_ins(db, staff_id=member.id))
            self.check_in_button.setEnabled(not member.is_archived)
            self.interest_button.setText(f"&Add to {member.first_name}'s PD choices")
            self.interest_button.setEnabled(not member.is_archived)
        self.interest_button.setAccessibleName(self.interest_button.text().replace("&", ""))
        self._selected()

    def apply_changes(self, changes: Changes) -> None:
        """A write changed some check-ins: one teacher's rows are read again; the school's
        averages and follow-ups are figures, worked out again."""
        if not changes.tables & {"wellbeing_check_ins", "pd_offerings", "enrollments"}:
            return
        if self.member is None:
            self.load(None)
            return
        self.check_ins.model.refresh_rows(changes.ids("wellbeing_check_ins"))
        if "pd_offerings" in changes.tables:
            self.offerings.model.set_rows(wellbeing.wellbeing_offerings(self.tab.db))
        self._selected()

    def _draw_chart(self, points) -> None:
        """The monthly averages as lines; drawn only when they change (matplotlib is slow)."""
        self.chart_box.setVisible(len(points) > 1)   # one month is a figure, not a trend
        if len(points) < 2 or points == self._charted:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from desktop.reports.charts import TrendSeries, trend_chart

        series = [TrendSeries(f"{label} (1–5)", [(p.month, getattr(p, measure)) for p in points])
                  for measure, label in (("energy", "Energy"), ("workload", "Workload"),
                                         ("stress", "Stress"))]
        figure = trend_chart(series, max_level=5, width_in=7.0, height_in=2.3)
        if self.canvas is not None:
            self.chart_layout.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.canvas = FigureCanvasQTAgg(figure)
        self.canvas.setAccessibleName("School wellbeing by month, as lines")
        self.chart_layout.addWidget(self.canvas)
        self._charted = list(points)

    def _show_private(self, shown: bool) -> None:
        self.check_ins.model.set_show_private(shown)

    def _selected(self, *args) -> None:
        row = self.check_ins.selected_row() if self.member else None
        self.follow_up_button.setEnabled(row is not None)
        self.follow_up_button.setChecked(bool(row and row.check_in.needs_follow_up))
        self.edit_check_in_button.setEnabled(row is not None)
        self.delete_check_in_button.setEnabled(row is not None)

    # -- writes ----------------------------------------------------------------------------
    def check_in(self) -> None:
        member = self.member
        if member is None:
            return
        result = WellbeingDialog.ask(
            self, member.full_name, today=self.tab.today,
            save=self.runner.form_save(
                f"Record {member.full_name}'s wellbeing check-in",
                lambda db, typed: wellbeing.record_check_in(db, staff_id=member.id, **typed),
                status=f"Saved {member.full_name}'s wellbeing check-in.", initiator=self.tab))
        if result is not None:
            self.check_ins.select_id(result.value)

    def edit_check_in(self) -> None:
        """Correct a check-in entered wrongly (this teacher's own, identified ones only)."""
        row = self.check_ins.selected_row()
        member = self.member
        if row is None or member is None:
            return
        found = row.check_in
        values = {"checked_on": found.checked_on, "energy": found.energy,
                  "workload": found.workload, "stress": found.stress, "note": found.note,
                  "shared_with_leaders": found.shared_with_leaders,
                  "needs_follow_up": found.needs_follow_up}
        WellbeingDialog.ask(
            self, member.full_name, today=self.tab.today, values=values,
            save=self.runner.form_save(
                f"Edit {member.full_name}'s wellbeing check-in of {found.checked_on}",
                lambda db, typed: wellbeing.update_check_in(db, found.id, **typed),
                status="Saved the wellbeing check-in.", initiator=self.tab))

    def delete_check_in(self) -> None:
        row = self.check_ins.selected_row()
        member = self.member
        if row is None or member is None:
            return
        self.runner.delete(self, "wellbeing_check_ins", row.check_in.id, initiator=self.tab,
                           what=f"{member.full_name}'s wellbeing check-in of {row.check_in.checked_on}",
                           label=f"Delete {member.full_name}'s wellbeing check-in")

    def toggle_follow_up(self) -> None:
        row = self.check_ins.selected_row()
        if row is None or self.member is None:
            return
        wanted = not row.check_in.needs_follow_up
        name = self.member.full_name
        self.runner.perform(
            f"{'Ask for' if wanted else 'Withdraw'} a follow-up conversation for {name}",
            lambda db: wellbeing.set_follow_up(db, row.check_in.id, wanted), initiator=self.tab,
            status=f"Follow-up conversation {'wanted' if wanted else 'no longer wanted'} for {name}.")

    def add_interest(self) -> None:
        offering = self.offerings.selected_row()
        member = self.member
        if member is None:
            return
        if offering is None:
            self.tab.status("Pick a wellbeing offering in the list first.")
            return
        self.runner.perform(
            f"Add “{offering.title}” to {member.full_name}'s PD choices",
            lambda db: pd.mark_interested(db, offering.id, member.id), initiator=self.tab,
            status=f"Added “{offering.title}” to {member.full_name}'s PD choices.")
