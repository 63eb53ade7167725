"""Observations: the list (filters, sort, open), school coverage, and one teacher's trends.

Writes go through the window's runner (every dialog saves as it goes); this tab reads,
filters in SQL, opens the right editor, and after a write refreshes just the visits it
touched (a score typed in an open walkthrough shows in the list as it is typed).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db import observations, rubrics
from db.operations import Changes
from desktop.core.coverage import school_coverage, threshold_from_settings
from desktop.settings import get_settings
from desktop.ui import messages
from desktop.ui.dialogs.dates import DateField
from desktop.ui.models.coverage import CoverageModel
from desktop.ui.models.observations import ObservationsModel
from desktop.ui.tabs import OBSERVATIONS
from desktop.ui.tabs.base import Tab
from desktop.ui.widgets import ListPanel, caption, labelled, long_date

ANY = "Any"
KIND_FILTERS = (("Any kind", None), ("Walkthrough", "walkthrough"), ("Formal", "formal"),
                ("Informal", "informal"))


def _kept_to_row(button: QPushButton) -> tuple[QWidget, QLabel]:
    """(row, note): the line saying which teachers a list is kept to, with its way out."""
    note = caption()
    note.setStyleSheet("color: #1f3d2e; font-weight: bold;")
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(note, 1)
    layout.addWidget(button)
    row.hide()
    return row, note


def _squeezable(row: QHBoxLayout) -> QWidget:
    # A narrow window clips the end of a toolbar row instead of refusing to get narrower.
    holder = QWidget()
    row.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(row)
    holder.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    return holder


def _date_filter(name: str) -> DateField:
    """A From/To filter: the app's one date field, empty meaning any day."""
    return DateField(None, accessible_name=name, empty_text=ANY, placeholder=ANY)


def _button(text: str, name: str, slot, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setToolTip(tip or name)
    button.clicked.connect(slot)
    return button


class ObservationsTab(Tab):
    title, slug = OBSERVATIONS.title, OBSERVATIONS.slug
    tables = frozenset({"staff", "observations", "observation_scores", "observation_evidence",
                        "observation_look_fors", "rubrics"})

    # Visits whose list row a change to these tables can alter, and the column naming the visit.
    VISIT_CHILDREN = (("observation_scores", "observation_id"),
                      ("observation_look_fors", "observation_id"),
                      ("observation_evidence", "observation_id"))

    def __init__(self, db, parent=None, *, runner=None):
        super().__init__(db, parent, runner=runner)
        self.views = QTabWidget()
        self.views.setAccessibleName("Observation views")
        self.views.addTab(self._build_list_page(), "&List")
        self.views.addTab(self._build_coverage_page(), "C&overage")
        self.views.addTab(self._build_trends_page(), "T&rends")
        self.views.currentChanged.connect(lambda *_: self._load_view())
        # The school year applies to the list, coverage and trends alike.
        self.views.setCornerWidget(self.add_year_picker(), Qt.Corner.TopRightCorner)
        self.layout_.addWidget(self.views, 1)
        self._filters_filled = False
        self._where: dict = {}   # the list's filters, as last read

    # -- building ---------------------------------------------------------------------------
    def _build_list_page(self) -> QWidget:
        page = QWidget()
        self.since = _date_filter("From")
        self.until = _date_filter("To")
        self.observer = QComboBox()
        self.kind = QComboBox()
        for text, value in KIND_FILTERS:
            self.kind.addItem(text, value)
        self.indicator = QComboBox()
        self.indicator.setMinimumContentsLength(18)
        self.indicator.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tag = QComboBox()
        for control in (self.since, self.until):
            control.dateChanged.connect(self._reload_list)
        for control in (self.observer, self.kind, self.indicator, self.tag):
            control.currentIndexChanged.connect(self._reload_list)
        # Two rows, when and who, then what: in one row the eight controls needed 1,360 px,
        # and a 1,400 px window squeezed their labels ("Tc", "Any indicat").
        when_and_who, what = QHBoxLayout(), QHBoxLayout()
        for row, fields in ((when_and_who, (("&From", self.since), ("&To", self.until),
                                            ("O&bserver", self.observer), ("&Kind", self.kind))),
                            (what, (("&Indicator", self.indicator), ("T&ag", self.tag)))):
            for text, control in fields:
                row.addWidget(labelled(text, control))
        self.mine = QCheckBox("&My visits")
        self.mine.setAccessibleName("My visits")
        self.mine.toggled.connect(self._reload_list)
        when_and_who.addWidget(self.mine)
        what.addWidget(_button("Clear filters", "Clear filters", self.clear_filters))
        for row in (when_and_who, what):
            row.addStretch(1)

        self.list = ListPanel("Observations", ObservationsModel(),
                              empty_text="No observations yet.")
        self.list.sort_by("Date", Qt.SortOrder.DescendingOrder)
        self.list.on_open(self.open_selected)
        self.list.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.summary = caption()
        # Opened from a figure that stands for some teachers (a heat-map cell, a common need):
        # the list keeps to them until Show everyone (or Clear filters).
        self.only_staff: tuple[tuple[str, ...], str] | None = None
        self.show_everyone_button = _button("Show &everyone", "Show everyone",
                                            self.show_everyone)
        self.only_row, self.only_note = _kept_to_row(self.show_everyone_button)

        self.walkthrough_button = _button("Quick &walkthrough…", "Quick walkthrough",
                                          self.new_walkthrough, "Ctrl+Shift+W, from anywhere")
        self.formal_button = _button("Formal observatio&n…", "Formal observation",
                                     self.new_formal)
        self.open_button = _button("&Open", "Open", self.open_selected, "Enter")
        self.copy_button = _button("&Copy feedback", "Copy feedback", self.copy_feedback,
                                   "Ctrl+Shift+C: glow, grow and evidence, without the private note")
        self.pdf_button = _button("Feedback &PDF…", "Feedback PDF", self.save_feedback_pdf)
        self.delete_button = _button("&Delete…", "Delete", self.delete_selected,
                                     "Delete the selected visit (Delete key)")
        self.import_button = _button("Import rubric…", "Import rubric", self.import_rubric,
                                     "Load a rubric from a JSON or CSV file")
        self.export_button = _button("Export rubric…", "Export rubric", self.export_rubric,
                                     "Save the current rubric as JSON or CSV")
        # whatsThis names them in Help ▸ Keyboard shortcuts.
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, activated=self.copy_feedback,
                  context=Qt.ShortcutContext.WindowShortcut,   # while this tab is on show
                  whatsThis="Copy the selected visit's feedback note")
        self.list.on_delete(self.delete_selected, what="visit")
        buttons = QHBoxLayout()
        for button in (self.walkthrough_button, self.formal_button, self.open_button,
                       self.copy_button, self.pdf_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(_squeezable(when_and_who))
        layout.addWidget(_squeezable(what))
        layout.addWidget(self.only_row)
        layout.addWidget(_squeezable(buttons))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        return page

    def _build_coverage_page(self) -> QWidget:
        page = QWidget()
        self.threshold = QSpinBox()
        self.threshold.setRange(1, 365)
        self.threshold.setSuffix(" days")
        self.threshold.setValue(threshold_from_settings(get_settings()))
        self.threshold.valueChanged.connect(self._threshold_changed)
        top = QHBoxLayout()
        top.addWidget(labelled("Flag teachers not visited for at &least", self.threshold))
        top.addStretch(1)
        self.coverage = ListPanel(f"Coverage — {self.scope_words}", CoverageModel(),
                                  empty_text="No teachers on the staff list yet.")
        self.coverage_summary = caption()
        self.coverage_only = None          # None, "overdue" or ("visits", n, or_more)
        self.coverage_all_button = _button("Show every teacher", "Show every teacher",
                                           lambda: self.show_coverage(only=None))
        self.coverage_only_row, self.coverage_note = _kept_to_row(self.coverage_all_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.coverage_summary)
        layout.addWidget(self.coverage_only_row)
        layout.addWidget(self.coverage, 1)
        return page

    def _build_trends_page(self) -> QWidget:
        page = QWidget()
        self.trends_caption = caption()
        self.trends_holder = QVBoxLayout()
        self.trends_canvas = None
        self.trends_chart = None
        # The panel the keyboard is on, in words (for the keyboard and screen readers).
        self.trends_line = caption()
        self.trends_line.setVisible(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.trends_caption)
        layout.addWidget(self.trends_line)
        layout.addLayout(self.trends_holder, 1)
        return page

    # -- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        # The filters' choices are the whole file's (observers, tags, the rubric): not read
        # again for every teacher picked, only when visits or the rubric change.
        if not self._filters_filled:
            self._fill_filters()
        self._load_view()   # the view on show; the others when they are shown

    def set_database(self, db) -> None:
        super().set_database(db)
        self._filters_filled = False

    def _load_view(self) -> None:
        index = self.views.currentIndex()
        if index == 0:
            self._reload_list()
        if index == 1:
            self._load_coverage()
        if index == 2:
            self._load_trends()

    def _fill_filters(self) -> None:
        """The filters' choices. The rubric's indicators at once; the whole file's observers
        and tags on a worker (50 ms of the window's thread on a district): those lists keep
        what they offer (at first "Anyone", "Any tag") until the choices arrive."""
        self._filters_filled = True   # asked for: a change meanwhile asks again
        default = rubrics.default_rubric(self.db)
        self._offer(self.indicator, "Any indicator",
                    [(f"{indicator.code} {indicator.name}", indicator.code)
                     for indicator in (default.indicators if default else ())])
        self.read_in_background("filter choices", _observers_and_tags, self._show_filter_choices)

    def _show_filter_choices(self, choices: tuple[list[str], list[str]]) -> None:
        observers, tags = choices
        self._offer(self.observer, "Anyone", [(name, name) for name in observers])
        self._offer(self.tag, "Any tag", [(tag, tag) for tag in tags])

    def _offer(self, combo: QComboBox, anything: str, choices: list[tuple[str, str]]) -> None:
        """*combo* offers *anything* and then *choices* (label, value), keeping what was
        chosen when it is still offered; the list is not read again for it."""
        filling, self._filling = getattr(self, "_filling", False), True
        keep = combo.currentData()
        combo.clear()
        combo.addItem(anything, None)
        for label, value in choices:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(combo.findData(keep), 0) if keep else 0)
        self._filling = filling

    def filters(self) -> dict:
        def day(field: DateField) -> str | None:
            return field.iso() if field.is_valid() else None   # half-typed: not a filter yet

        return {"since": day(self.since), "until": day(self.until),
                "observer": self.observer.currentData(),
                "observer_id": self.user_id if self.mine.isChecked() and self.user_id else None,
                "kind": self.kind.currentData(),
                "indicator_code": self.indicator.currentData(), "tag": self.tag.currentData(),
                "staff_ids": self.only_staff[0] if self.only_staff else None}

    def clear_filters(self) -> None:
        self._filling = True
        for field in (self.since, self.until):
            field.set_iso(None)
        for combo in (self.observer, self.kind, self.indicator, self.tag):
            combo.setCurrentIndex(0)
        self.mine.setChecked(False)
        self._keep_to(None)
        self._filling = False
        self._reload_list()

    def _in_year(self, chosen: dict) -> dict:
        """The filters' dates kept inside the school year shown."""
        view = self.year_view
        since = max(filter(None, (chosen["since"], view.since)), default=None)
        until = min(filter(None, (chosen["until"], view.year.until)), default=None)
        return {**chosen, "since": since, "until": until}

    def _reload_list(self, *args) -> None:
        if getattr(self, "_filling", False):
            return
        chosen = self.filters()
        where = {"staff_id": self.staff_id, "school_id": self.school_id, **self._in_year(chosen)}
        db = self.db
        filtered = any(chosen.values())
        self.list.set_title(f"Observations — {self.context_name}")
        if filtered:
            self.list.set_empty_text("No observations match these filters. Clear filters to see all.")
        else:
            self.list.set_empty_text(
                f"No observations of {self.context_name} yet. Press Ctrl+Shift+W for a quick "
                "walkthrough; it appears here as soon as it is saved."
                if self.member else
                "No observations yet. Press Ctrl+Shift+W for a quick walkthrough; walkthroughs "
                "and formal observations appear here as soon as they are saved.")
        self.list.hide_column("Teacher", self.member is not None)
        # The first page now; more as the list is scrolled, in the order of its header.
        self.list.set_total(None)
        self.list.model.fetch = lambda ids: observations.list_observations(db, **where, ids=ids)
        self.list.model.set_source(
            lambda offset, limit, order, descending: observations.list_observations(
                db, **where, limit=limit, offset=offset, order=order, descending=descending))
        self._where = where
        self.summary.setText("Counting the visits…" if self.list.model.rowCount() else "")
        self._count_totals()
        self._update_buttons()

    def _count_totals(self) -> None:
        # The totals under the list add up the whole year: on a worker, shown when ready.
        where, view = self._where, self.year_view
        as_of = view.until
        self.read_in_background(
            "totals", lambda reader: observations.list_totals(reader, as_of=as_of, **where),
            lambda totals: self._show_totals(totals, view))

    def _show_totals(self, totals, view) -> None:
        self.list.set_total(totals.shown)
        # Visits and their average level as the Overview and Coverage count them, by the
        # same function (observations.visit_figures): drafts apart, nothing dated ahead.
        figures = totals.figures
        parts = [f"{figures.visits:,} visits in {view.year.name}", f"{figures.walkthroughs:,} walkthroughs"]
        if totals.drafts:
            parts.append(f"{totals.drafts} unfinished {'draft' if totals.drafts == 1 else 'drafts'}, "
                         "not counted yet")
        if totals.ahead:
            parts.append(f"{totals.ahead} dated after {long_date(view.as_of)}, not counted yet")
        if figures.average_level is not None:
            parts.append(f"average of the levels marked {figures.average_level:.1f}")
        self.summary.setText(" · ".join(parts) if totals.shown else "")
        self.summary.setAccessibleName(self.summary.text())

    @staticmethod
    def _changes_filters(changes: Changes) -> bool:
        """*changes* alter the filters' choices (observers, tags, the rubric, names)."""
        return bool(changes.tables & {"staff", "rubrics", "rubric_indicators"}) or any(
            change.action != "update" or change.changed_columns & {"tags", "observer_id", "observer_name"}
            for change in changes.of("observations"))

    def apply_changes(self, changes: Changes, initiator=None) -> None:
        if self._changes_filters(changes):
            self._filters_filled = False   # read again when next loaded, shown or not
        super().apply_changes(changes, initiator)

    def update_rows(self, changes: Changes) -> None:
        """Only the visits *changes* touched are read again (and the totals, on a worker);
        coverage and trends are read when next shown."""
        if changes.tables & {"staff", "rubrics", "rubric_indicators"}:
            self.load()   # names and rubrics show in every row and filter
            return
        visits = set(changes.ids("observations"))
        for table, column in self.VISIT_CHILDREN:
            visits |= changes.values(table, column)
        if not self._filters_filled:
            self._fill_filters()
        self.list.model.refresh_rows(visits)
        self._count_totals()
        self._update_buttons()
        if self.views.currentIndex() != 0:
            self._load_view()

    def _load_coverage(self) -> None:
        # Every teacher's visits: on a worker, shown when ready (the list keeps what it showed).
        today, days, year_id, school_id = self.today, self.threshold.value(), self.year_id, self.school_id
        if not self.coverage.model.rowCount():
            self.coverage_summary.setText("Counting every teacher's visits…")
        self.read_in_background(
            "coverage", lambda reader: school_coverage(reader, today, threshold_days=days,
                                                       year_id=year_id, school_id=school_id),
            self._show_coverage)

    def _show_coverage(self, found) -> None:
        only = self.coverage_only
        if only == "overdue":
            rows = found.overdue
        elif only:
            _, visits, or_more = only
            rows = [teacher for teacher in found.teachers if teacher.visits_this_term == visits
                    or (or_more and teacher.visits_this_term > visits)]
        else:
            rows = found.teachers
        self.coverage.model.set_rows(rows)
        self.coverage_only_row.setVisible(only is not None)
        self.coverage.set_title(f"Coverage — {len(rows)} of {len(found.teachers)} teachers"
                                if only else f"Coverage — {self.scope_words}")
        self.coverage_summary.setText(found.summary())
        self.coverage_summary.setAccessibleName(found.summary())

    def _threshold_changed(self, days: int) -> None:
        get_settings().set("coverage.threshold_days", days)
        self._load_coverage()

    def _load_trends(self) -> None:
        if self.member is None:
            self.background.cancel("trends")
            self._clear_trends()
            self.trends_caption.setText("Pick a teacher in the staff list to see each indicator's "
                                        "scores over time.")
            self.trends_caption.setAccessibleName(self.trends_caption.text())
            return
        # The scores are read on a worker; the chart, painted, is shown when they arrive.
        view, member = self.year_view, self.member
        staff_id, since, until = member.id, view.since, view.year.until
        if self.trends_canvas is None:
            self.trends_caption.setText(f"Reading {member.full_name}'s trends…")

        def work(reader):
            from desktop.reports.observation_trends import indicator_trends

            return indicator_trends(reader, staff_id, since=since, until=until)

        # Its own lane: the chart never waits behind the list's totals.
        self.read_in_background("trends", work, lambda trends: self._show_trends(trends, member, view),
                                lane="Observations: trends")

    def _clear_trends(self) -> None:
        if self.trends_canvas is not None:
            self.trends_holder.removeWidget(self.trends_canvas)
            self.trends_canvas.deleteLater()
            self.trends_canvas = None
            self.trends_chart = None
        self.trends_line.setVisible(False)

    def _show_trends(self, trends, member, view) -> None:
        from desktop.ui.trends_chart import TrendsChart

        rising = sum(1 for t in trends if (t.change or 0) > 0)
        falling = sum(1 for t in trends if (t.change or 0) < 0)
        self.trends_caption.setText(
            f"{member.full_name}, {view.year.name}: {len(trends)} indicators scored in "
            f"complete observations (look-fors count on their indicator) · "
            f"{rising} rising (▲) · {falling} falling (▼)" if trends else
            f"{member.full_name} has no scores from complete observations in "
            f"{view.year.name} yet.")
        self.trends_caption.setAccessibleName(self.trends_caption.text())
        self._clear_trends()
        chart = TrendsChart(trends, summary=self.trends_caption.text())
        chart.pointed.connect(lambda _index: self._say_trend(chart))
        scroller = QScrollArea()
        scroller.setWidget(chart)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setAccessibleName("Indicator trends")
        self.trends_chart = chart
        self.trends_canvas = scroller
        self.trends_holder.addWidget(scroller)

    def _say_trend(self, chart) -> None:
        self.trends_line.setText(f"▸ {chart.current_text()}")
        self.trends_line.setAccessibleName(self.trends_line.text())
        self.trends_line.setVisible(True)
        if chart.current is not None:
            panel = chart.panel_rect(chart.current).toRect()
            self.trends_canvas.ensureVisible(panel.center().x(), panel.center().y(),
                                             panel.width() // 2 + 8, panel.height() // 2 + 8)

    # -- opened from a figure elsewhere (the Overview) -------------------------------------------
    def show_visits(self, *, since: str | None = None, until: str | None = None,
                    observer: str | None = None, indicator_code: str | None = None,
                    staff_ids=None, who: str = "", observation_id: str | None = None) -> None:
        """The list, filtered to what a figure stands for; *staff_ids* keeps it to those
        teachers (*who* says which, above the list); *observation_id* is picked in it."""
        self.views.setCurrentIndex(0)
        self._filling = True
        self.since.set_iso(since)
        self.until.set_iso(until)
        if observer and self.observer.findData(observer) < 0:
            self.observer.addItem(observer, observer)   # the observers offered may be on their way
        for combo, value in ((self.observer, observer), (self.indicator, indicator_code),
                             (self.kind, None), (self.tag, None)):
            combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
        self.mine.setChecked(False)
        self._keep_to((tuple(staff_ids), who) if staff_ids is not None else None)
        self._filling = False
        self._reload_list()
        if observation_id:
            self.list.select_id(observation_id)
        self.list.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_to(self, only: tuple[tuple[str, ...], str] | None) -> None:
        self.only_staff = only
        if only is not None:
            text = f"Only {only[1] or 'some teachers'}."
            self.only_note.setText(text)
            self.only_note.setAccessibleName(text)
        self.only_row.setVisible(only is not None)

    def show_everyone(self) -> None:
        self._keep_to(None)
        self._reload_list()

    def show_coverage(self, *, only=None, words: str = "") -> None:
        """Coverage, kept to the teachers behind a figure: ``"overdue"`` (past the threshold)
        or ``("visits", n, or_more)`` (n visits this term, or n or more)."""
        self.views.setCurrentIndex(1)
        self.coverage_only = only
        text = f"Only {words}." if only is not None else ""
        self.coverage_note.setText(text)
        self.coverage_note.setAccessibleName(text)
        self._load_coverage()
        self.coverage.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- acting on the selection ---------------------------------------------------------------
    def _update_buttons(self) -> None:
        self.mine.setEnabled(self.user_id is not None)
        self.mine.setToolTip("The visits you observed" if self.user_id else
                             "Say who you are first: Staff ▸ Who is using Cultivate…")
        row = self.list.selected_row()
        for button in (self.open_button, self.copy_button, self.pdf_button, self.delete_button):
            button.setEnabled(row is not None)

    def new_walkthrough(self):
        from desktop.ui.dialogs.walkthrough import WalkthroughDialog

        return WalkthroughDialog.ask(self.window(), self.db, runner=self.runner,
                                     staff_id=self.staff_id, today=self.today)

    def new_formal(self):
        from desktop.ui.dialogs.formal_observation import FormalObservationDialog

        return FormalObservationDialog.ask(self.window(), self.db, runner=self.runner,
                                           staff_id=self.staff_id, today=self.today)

    def show_record(self, table: str, record_id: str):
        """Find anything opened a visit (its notes, evidence or a score note): select it in the
        list when it is listed, and open it in its editor."""
        if table != "observations":
            return None
        found = observations.get_observation(self.db, record_id)
        if found is None:
            return None
        self.refresh()
        self.list.select_id(record_id)
        if found.kind == "walkthrough":
            from desktop.ui.dialogs.walkthrough import WalkthroughDialog

            return WalkthroughDialog.ask(self.window(), self.db, runner=self.runner,
                                         observation_id=record_id, today=self.today)
        from desktop.ui.dialogs.formal_observation import FormalObservationDialog

        return FormalObservationDialog.ask(self.window(), self.db, runner=self.runner,
                                           observation_id=record_id, today=self.today)

    def open_selected(self):
        """Enter or a double click: the visit opens in its editor, every field correctable."""
        row = self.list.selected_row()
        if row is None:
            return None
        if row.kind == "walkthrough":
            from desktop.ui.dialogs.walkthrough import WalkthroughDialog

            return WalkthroughDialog.ask(self.window(), self.db, runner=self.runner,
                                         observation_id=row.id, today=self.today)
        from desktop.ui.dialogs.formal_observation import FormalObservationDialog

        return FormalObservationDialog.ask(self.window(), self.db, runner=self.runner,
                                           observation_id=row.id, today=self.today)

    def copy_feedback(self) -> str | None:
        from desktop.reports.feedback_note import build_note, note_text

        row = self.list.selected_row()
        if row is None:
            return None
        text = note_text(build_note(self.db, row.id))
        QApplication.clipboard().setText(text)
        self.status(f"Feedback for {row.teacher_name} copied: paste it into an email or chat.")
        return text

    def save_feedback_pdf(self) -> Path | None:
        from desktop.reports.feedback_note import build_note, write_pdf

        row = self.list.selected_row()
        if row is None:
            return None
        suggested = f"Feedback {row.teacher_name} {row.observed_on}.pdf"
        target = messages.choose_save_path(self, "Save the feedback note", suggested,
                                           "PDF files (*.pdf)", suffix=".pdf")
        if target is None:
            return None
        try:
            write_pdf(build_note(self.db, row.id), target,
                      page_size_name=get_settings().get("pdf.page_size"), generated_on=self.today)
        except OSError as error:
            messages.notify(self, "The PDF was not saved", f"{target} could not be written: "
                            f"{error.strerror or error}.", "Choose another folder.")
            return None
        self.status(f"Saved {target.name}")
        return target

    def delete_selected(self) -> None:
        """Delete the selected visit, draft or complete, after one plain question."""
        row = self.list.selected_row()
        if row is None:
            return
        what = f"this {row.kind_words} of {row.teacher_name} ({row.observed_on})"
        self.runner.delete(self, "observations", row.id, what=what,
                           label=f"Delete the {row.kind_words} of {row.teacher_name}",
                           initiator=self)

    def import_rubric(self) -> str | None:
        from db.rubric_io import RubricFileError, import_rubric

        name = ask_open_path(self, "Import a rubric", "Rubric files (*.json *.csv);;All files (*)")
        if name is None:
            return None
        make_default = messages.confirm(
            self, "Import rubric", "Use the imported rubric for new observations?",
            yes="Use it for new observations")
        result = self.runner.perform(f"Import rubric {Path(name).name}",
                                     lambda db: import_rubric(db, Path(name), make_default=make_default),
                                     status="Rubric imported.", report_corrections=False)
        if isinstance(result.correction, RubricFileError):
            messages.notify(self, "The rubric was not imported", str(result.correction),
                            result.correction.way_out)
        elif result.correction is not None:
            messages.notify(self, "The rubric was not imported", str(result.correction))
        return result.value if result.ok else None

    def export_rubric(self) -> Path | None:
        from db.rubric_io import export_rubric

        rubric = rubrics.default_rubric(self.db)
        if rubric is None:
            messages.notify(self, "No rubric", "There is no rubric to export yet.")
            return None
        target = messages.choose_save_path(self, "Export the rubric",
                                           f"{rubric.name} v{rubric.version}.json",
                                           "JSON (*.json);;CSV (*.csv)")
        if target is None:
            return None
        try:
            export_rubric(self.db, rubric.id, target)
        except OSError as error:
            messages.notify(self, "The rubric was not exported", f"{target} could not be written: "
                            f"{error.strerror or error}.", "Choose another folder.")
            return None
        self.status(f"Exported {rubric.name} to {target.name}")
        return target


def ask_open_path(parent: QWidget, title: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return Path(name) if name else None



def _observers_and_tags(db) -> tuple[list[str], list[str]]:
    return observations.observers(db), observations.tags_in_use(db)
