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

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from db import pd, wellbeing
from db.operations import Changes
from db.staff import StaffMember
from desktop.core.wellbeing import MIN_GROUP, school_wellbeing
from desktop.ui.dialogs.wellbeing_dialog import WellbeingDialog
from desktop.ui.models.pd import OfferingsModel
from desktop.ui.models.wellbeing import CheckInsModel, FollowUpsModel, TrendModel, teacher_rows
from desktop.ui.runner import Runner
from desktop.ui.widgets import ListPanel, caption, command_button

# What a wellbeing write can change (the private answers only the school's figures show).
WELLBEING_TABLES = frozenset({"wellbeing_check_ins", "wellbeing_responses", "wellbeing_private_answers"})


def _row_key(check_in_id: str | None, typed: dict) -> str:
    """The teacher's row a saved check-in shows as: itself while shared, else its month
    (``record_check_in`` returns the month's response then, ``update_check_in`` None)."""
    if typed.get("shared_with_leaders") and check_in_id:
        return f"check-in:{check_in_id}"
    return f"month:{wellbeing.month_of(typed['checked_on'])}"


def _answered_privately(db, staff_id: str) -> set[str]:
    """The months *staff_id* has a private answer in (never the answer)."""
    return {r.month for r in wellbeing.list_responses(db, staff_id=staff_id) if r.answered_privately}


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
            # An unshared answer keeps nothing that links it to a person, so nothing that
            # links it to a school either: a district file's trend is the district's.
            district = ("These are the whole district's figures: an unshared answer is kept "
                        "with no link to a person or their school." if self.tab.school_id else "")
            self.school_note.setText(" ".join(filter(None, [rule, trend.withheld_text, district])))
            self.follow_ups.model.set_rows(wellbeing.follow_ups(db, school_id=self.tab.school_id))
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
            self.check_ins.model.fetch = self._teacher_rows
            self.check_ins.model.set_check_ins(wellbeing.list_check_ins(db, staff_id=member.id),
                                               wellbeing.list_responses(db, staff_id=member.id))
            self.check_in_button.setEnabled(not member.is_archived)
            self.interest_button.setText(f"&Add to {member.first_name}'s PD choices")
            self.interest_button.setEnabled(not member.is_archived)
        self.interest_button.setAccessibleName(self.interest_button.text().replace("&", ""))
        self._selected()

    def apply_changes(self, changes: Changes) -> None:
        """A write changed some wellbeing: the teacher's rows it touched are read again (a
        month's response carries the follow-up wish shown on each of its rows); the
        school's averages and follow-ups are figures, worked out again."""
        if not changes.tables & {*WELLBEING_TABLES, "pd_offerings", "enrollments"}:
            return
        if self.member is None:
            self.load(None)
            return
        if changes.tables & WELLBEING_TABLES:
            self.check_ins.model.refresh_rows(self._touched_rows(changes))
        if "pd_offerings" in changes.tables:
            self.offerings.model.set_rows(wellbeing.wellbeing_offerings(self.tab.db))
        self._selected()

    def _teacher_rows(self, keys=None) -> list:
        """The picked teacher's rows (``teacher_rows``), only those of *keys* if given."""
        db, member = self.tab.db, self.member
        if member is None:
            return []
        rows = teacher_rows(wellbeing.list_check_ins(db, staff_id=member.id),
                            wellbeing.list_responses(db, staff_id=member.id))
        return rows if keys is None else [row for row in rows if row.key in keys]

    def _touched_rows(self, changes: Changes) -> set[str]:
        """The keys of the rows *changes* may have changed: its check-ins, and every row of
        a month whose response (this teacher's) or check-ins changed."""
        member = self.member
        months = {str(day)[:7] for day in changes.values("wellbeing_check_ins", "checked_on") if day}
        months |= {change.get("month") for change in changes.of("wellbeing_responses")
                   if member is not None and member.id in change.values("staff_id")}
        keys = {f"check-in:{row_id}" for row_id in changes.ids("wellbeing_check_ins")}
        for row in [*self.check_ins.model.rows(), *self._teacher_rows()]:
            if row.month in months:
                keys.add(row.key)
        return keys | {f"month:{month}" for month in months}

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
        # On the school year's axis, as the portfolio draws it: months close a week after
        # they end, so two or three points are usual, and an axis of their own span would
        # be ticked in days ("Sep 08 15 22 Oct").
        year = self.tab.year_view.year
        figure = trend_chart(series, max_level=5, width_in=7.0, height_in=2.3,
                             year=(year.first_day, year.last_day))
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
        # Only a shared check-in can be corrected or deleted: a private answer is linked
        # to nobody, so nothing on a teacher's page can reach it (only Undo, this session).
        shared = row is not None and row.check_in is not None
        self.edit_check_in_button.setEnabled(shared)
        self.delete_check_in_button.setEnabled(shared)

    # -- writes ----------------------------------------------------------------------------
    def check_in(self) -> None:
        member = self.member
        if member is None:
            return
        result = WellbeingDialog.ask(
            self, member.full_name, today=self.tab.today,
            save=self.runner.form_save(
                f"Record {member.full_name}'s wellbeing check-in",
                lambda db, typed: _row_key(
                    wellbeing.record_check_in(db, staff_id=member.id, **typed), typed),
                status=f"Saved {member.full_name}'s wellbeing check-in.", initiator=self.tab))
        if result is not None:
            self.check_ins.select_id(result.value)

    def edit_check_in(self) -> None:
        """Correct a shared check-in entered wrongly, or stop sharing it (then its scores
        become the month's private answer, see ``db.wellbeing.update_check_in``)."""
        row = self.check_ins.selected_row()
        member = self.member
        if row is None or row.check_in is None or member is None:
            return
        found = row.check_in
        values = {"checked_on": found.checked_on, "energy": found.energy,
                  "workload": found.workload, "stress": found.stress, "note": found.note,
                  "shared_with_leaders": True, "needs_follow_up": row.follow_up}
        name = member.full_name

        def correct(db, typed) -> tuple[str, bool]:
            """The row it shows as, and (no longer shared) whether its scores were kept."""
            before = _answered_privately(db, member.id)
            key = _row_key(wellbeing.update_check_in(db, found.id, **typed), typed)
            return key, _answered_privately(db, member.id) != before

        def said(outcome: tuple[str, bool]) -> str:
            key, kept = outcome
            if key.startswith("check-in:"):
                return "Saved the wellbeing check-in."
            if kept:
                return (f"{name}'s check-in is no longer shared: it left their page, and its "
                        "scores count only in the school's anonymous figures.")
            return (f"{name}'s check-in is no longer shared: it left their page. Its scores were "
                    f"not kept: {name} has a private answer that month already, or it is closed.")

        result = WellbeingDialog.ask(
            self, name, today=self.tab.today, values=values,
            save=self.runner.form_save(
                f"Edit {name}'s wellbeing check-in of {found.checked_on}", correct, status=said,
                initiator=self.tab))
        if result is not None:
            self.check_ins.select_id(result.value[0])

    def delete_check_in(self) -> None:
        row = self.check_ins.selected_row()
        member = self.member
        if row is None or row.check_in is None or member is None:
            return
        self.runner.delete(self, "wellbeing_check_ins", row.check_in.id, initiator=self.tab,
                           what=f"{member.full_name}'s wellbeing check-in of {row.check_in.checked_on}",
                           label=f"Delete {member.full_name}'s wellbeing check-in")

    def toggle_follow_up(self) -> None:
        row = self.check_ins.selected_row()
        if row is None or row.response is None or self.member is None:
            return
        wanted = not row.follow_up
        name = self.member.full_name
        response_id = row.response.id
        self.runner.perform(
            f"{'Ask for' if wanted else 'Withdraw'} a follow-up conversation for {name}",
            lambda db: wellbeing.set_follow_up(db, response_id, wanted), initiator=self.tab,
            status=f"Follow-up conversation {'wanted' if wanted else 'no longer wanted'} "
                   f"for {name} ({wellbeing.month_words(row.month)}).")

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
