"""The Celebrations tab's wellbeing page.

One teacher picked: the check-ins they shared, the months they answered privately
(the month only: their private scores are not linked to them, so nobody can show
them, see ``db.wellbeing``), a check-in form and the follow-up flag. Whole school:
only closed months' averages that cannot single anyone out (the rule is in
``desktop.core.wellbeing``), and the names of those who asked for a follow-up
conversation. Either way the PD menu's wellbeing
offerings are listed, one click from a teacher's PD choices.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from db import pd, wellbeing
from db.staff import StaffMember
from desktop.core.wellbeing import MIN_GROUP, WellbeingValidationError, school_wellbeing
from desktop.ui import messages
from desktop.ui.dialogs.wellbeing_dialog import WellbeingDialog
from desktop.ui.models.pd import OfferingsModel
from desktop.ui.models.wellbeing import CheckInsModel, FollowUpsModel, TrendModel
from desktop.ui.widgets import ListPanel, caption, command_button


class WellbeingPage(QWidget):
    def __init__(self, tab, run: Callable, parent=None):
        super().__init__(parent)
        self.tab = tab          # the Celebrations tab: database, today, selected person
        self.run = run          # the window's write path
        self.member: StaffMember | None = None

        # -- one teacher --------------------------------------------------------------
        self.teacher_note = caption()
        self.check_in_button = command_button("&Check in…", self.check_in)
        self.follow_up_button = command_button("&Follow-up wanted", self.toggle_follow_up)
        self.follow_up_button.setCheckable(True)
        self.check_ins = ListPanel("Check-ins", CheckInsModel(), empty_text="No check-ins yet.",
                                   sortable=False)
        self.check_ins.view.selectionModel().selectionChanged.connect(self._selected)
        buttons = QHBoxLayout()
        for widget in (self.check_in_button, self.follow_up_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        teacher = QWidget()
        teacher_layout = QVBoxLayout(teacher)
        teacher_layout.setContentsMargins(0, 0, 0, 0)
        teacher_layout.addWidget(self.teacher_note)
        teacher_layout.addLayout(buttons)
        teacher_layout.addWidget(self.check_ins, 1)

        # -- whole school ---------------------------------------------------------------
        self.school_note = caption()
        self.trend = ListPanel("School wellbeing by month", TrendModel(), sortable=False,
                               empty_text=f"Nothing to show yet: a month appears once it has "
                                          f"closed, a week after it ends, and at least "
                                          f"{MIN_GROUP} teachers answered.")
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
        db = self.tab.db
        self.offerings.model.set_rows(wellbeing.wellbeing_offerings(db))
        if member is None:
            self.views.setCurrentIndex(1)
            view = self.tab.year_view
            trend = school_wellbeing(db, since=view.since or "0000-00-00", until=view.until)
            self.trend.model.set_rows(trend.points)
            self._draw_chart(trend.points)
            rule = (f"Averages on 1–5 {view.year_words}, each over at least {MIN_GROUP} "
                    "teachers and shown once the month has closed, so no figure points to "
                    "one person.")
            self.school_note.setText(" ".join(filter(None, [rule, trend.withheld_text])))
            self.follow_ups.model.set_rows(wellbeing.follow_ups(db))
            self.interest_button.setText("Pick a teacher to add one to their PD")
            self.interest_button.setEnabled(False)
        else:
            self.views.setCurrentIndex(0)
            name = member.full_name
            self.teacher_note.setText(
                f"The check-ins {name} shared show here with their scores. A check-in {name} "
                "did not share is kept with nothing that links it to them: its scores count "
                "only in the school's anonymous monthly figures, and here only its month shows.")
            self.check_ins.set_title(f"Check-ins — {name}")
            self.check_ins.set_empty_text(f"{name} has not checked in yet. "
                                          "Use Check in… to record how they are doing.")
            self.check_ins.model.set_check_ins(wellbeing.list_check_ins(db, staff_id=member.id),
                                               wellbeing.list_responses(db, staff_id=member.id))
            self.check_in_button.setEnabled(not member.is_archived)
            self.interest_button.setText(f"&Add to {member.first_name}'s PD choices")
            self.interest_button.setEnabled(not member.is_archived)
        self.interest_button.setAccessibleName(self.interest_button.text().replace("&", ""))
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

    def _selected(self, *args) -> None:
        row = self.check_ins.selected_row() if self.member else None
        self.follow_up_button.setEnabled(row is not None and row.response is not None)
        self.follow_up_button.setChecked(bool(row and row.follow_up))

    # -- writes ----------------------------------------------------------------------------
    def check_in(self) -> None:
        member = self.member
        if member is None:
            return
        values, error = None, ""
        while True:
            values = WellbeingDialog.ask(self, member.full_name, today=self.tab.today,
                                         values=values, error=error)
            if values is None:
                return
            typed = values
            try:
                outcome = self.run(
                    lambda db: wellbeing.record_check_in(db, staff_id=member.id, **typed),
                    changes={"wellbeing_check_ins", "wellbeing_responses"},
                    done=f"Saved {member.full_name}'s wellbeing check-in.",
                    passes_through=(WellbeingValidationError,))
            except WellbeingValidationError as problem:
                error = str(problem)
                continue
            if outcome.ok:
                self.check_ins.view.selectRow(0)
            return

    def toggle_follow_up(self) -> None:
        row = self.check_ins.selected_row()
        if row is None or row.response is None or self.member is None:
            return
        wanted = not row.follow_up
        name = self.member.full_name
        response_id = row.response.id
        self.run(lambda db: wellbeing.set_follow_up(db, response_id, wanted),
                 changes={"wellbeing_responses"},
                 done=f"Follow-up conversation {'wanted' if wanted else 'no longer wanted'} "
                      f"for {name} ({wellbeing.month_words(row.month)}).")

    def add_interest(self) -> None:
        offering = self.offerings.selected_row()
        member = self.member
        if member is None:
            return
        if offering is None:
            self.tab.status("Pick a wellbeing offering in the list first.")
            return
        try:
            self.run(lambda db: pd.mark_interested(db, offering.id, member.id),
                     changes={"enrollments"},
                     done=f"Added “{offering.title}” to {member.full_name}'s PD choices.",
                     passes_through=(pd.EnrollmentError,))
        except pd.EnrollmentError as problem:
            self.tab.status(str(problem))
            messages.notify(self, "Not added", str(problem))
