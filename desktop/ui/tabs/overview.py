"""Overview: the whole school, or one teacher, at a glance; every figure opens its list.

The tab shows at once: its frame, headings and the year come from what is already known,
and every figure and chart fills in when its background job (``desktop.ui.background``)
hands it back. The figures come from ``desktop.core.overview`` (one definition each, shared
with the lists and the portfolio) and the charts from ``desktop.reports.overview_charts``,
both made off the main thread; only the Qt canvases are made here.

Every card, chart part and list row opens the list behind it in its tab, by mouse (click,
double-click) and keyboard (Tab to it, arrows, Enter); Back (Alt+Left) returns here.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db import staff
from db.goals import label as goal_status  # the Goals list's own words
from desktop.core import overview as core
from desktop.core.coverage import threshold_from_settings
from desktop.core.wellbeing import MIN_GROUP
from desktop.core.wording import plural, some_names
from desktop.settings import get_settings
from desktop.ui.background import SLOW, BackgroundJobs
from desktop.ui.dashboard import ChartView, OpeningCard
from desktop.ui.models.celebrations import CelebrationsModel
from desktop.ui.models.coverage import CoverageModel
from desktop.ui.models.goals import ActionStepsModel
from desktop.ui.models.overview import (
    AttentionModel,
    CommonNeedsModel,
    EnrollmentsWithHoursModel,
    GoalsNextStepModel,
    LastVisitsModel,
    UpcomingSessionsModel,
)
from desktop.ui.models.pd import hours_text
from desktop.ui.models.staff_list import ROLE_LABELS, WHOLE_DISTRICT
from desktop.ui.tabs import OVERVIEW
from desktop.ui.tabs.base import Tab
from desktop.ui.widgets import ListPanel, caption, heading, long_date, readable_formats, set_heading

WAITING = "…"
WORKING = "Working out the figures…"
PROFILES_WORKING = "Working out every teacher's growth profile…"
NOT_AVAILABLE = "Not available: see the message above."
NO_SESSIONS = "No PD sessions are scheduled. Add dates to an offering on the PD Menu."


# --- the work done off the main thread (plain functions: no widgets, own connection) --------

def _school_work(today: date, year_id: str | None, threshold: int, school_id: str | None):
    return lambda db: core.school_overview(db, today, year_id=year_id, threshold_days=threshold,
                                           school_id=school_id)


def _profiles_work(today: date, year_id: str | None, school_id: str | None):
    return lambda db: core.school_profiles(db, today, year_id=year_id, school_id=school_id)


def _suggestions_work(today: date, year_id: str | None, school_id: str | None):
    return lambda db: core.suggestions_waiting(db, today, year_id=year_id, school_id=school_id)


def _teacher_work(staff_id: str, today: date, year_id: str | None, threshold: int):
    return lambda db: core.teacher_overview(db, staff_id, today, year_id=year_id,
                                            threshold_days=threshold)


def _charts_work(make, figures):
    """Charts from figures already gathered: *make* is an ``overview_charts`` function name."""
    def work(db):
        from desktop.reports import overview_charts

        return getattr(overview_charts, make)(figures)
    return work


# --- layout pieces --------------------------------------------------------------------------

class Section(QFrame):
    """A titled block of the page: its heading, a line saying what it shows, its content."""

    def __init__(self, title: str, *content: QWidget, note: str = ""):
        super().__init__()
        self.setObjectName("overviewSection")
        self.setStyleSheet("#overviewSection { background: #ffffff; border: 1px solid #e1e6e2;"
                           " border-radius: 6px; }")
        self.title = heading(title, level=2)
        self.note = caption(note)
        self.note.setVisible(bool(note))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        for widget in content:
            layout.addWidget(widget)
        layout.addStretch(1)     # sections side by side share a height; content stays at the top
        self.layout_ = layout
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setAccessibleName(text)
        self.note.setVisible(bool(text))

    def set_title(self, text: str) -> None:
        set_heading(self.title, text)


def _list(title: str, model, *, empty: str, rows: int = 5, stretch: str = "") -> ListPanel:
    """A short list on the page: it opens the row's record on Enter or double-click;
    *stretch* names the column that takes the room left."""
    from PySide6.QtWidgets import QHeaderView

    panel = ListPanel(title, model, empty_text=empty)
    panel.title.hide()        # the section's heading names it
    panel.view.setToolTip("Enter or a double-click opens it")
    if stretch:
        panel.view.horizontalHeader().setSectionResizeMode(
            model.column_index(stretch), QHeaderView.ResizeMode.Stretch)
    height = panel.view.verticalHeader().defaultSectionSize() * rows
    height += panel.view.horizontalHeader().sizeHint().height() + 6
    panel.setFixedHeight(height + 22)
    return panel


def _page() -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 6, 0)
    layout.setSpacing(10)
    return page, layout


def _scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


def _cards(specs: list[tuple[str, str, str]]) -> dict[str, OpeningCard]:
    return {key: OpeningCard(text, opens) for key, text, opens in specs}


def _row(*widgets: QWidget, stretch: tuple[int, ...] = ()) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(10)
    for index, widget in enumerate(widgets):
        row.addWidget(widget, stretch[index] if index < len(stretch) else 1)
    return row


class OverviewTab(Tab):
    title, slug = OVERVIEW.title, OVERVIEW.slug
    tables = frozenset({
        "staff", "observations", "observation_scores", "observation_look_fors", "goals",
        "action_steps", "goal_check_ins", "enrollments", "pd_offerings", "pd_sessions",
        "celebrations", "celebration_staff", "dismissed_suggestions", "wellbeing_check_ins",
        "wellbeing_responses", "wellbeing_private_answers",
        "self_assessments", "self_assessment_ratings", "rubrics", "rubric_indicators",
        "preferences",
    })

    def __init__(self, db, parent=None, *, runner=None):
        super().__init__(db, parent, runner=runner)
        self.threshold_days = threshold_from_settings(get_settings())
        self.jobs = BackgroundJobs(self, lane=self.title)
        self.jobs.finished.connect(self._arrived)
        self.jobs.failed.connect(self._failed)
        self.figures: core.SchoolOverview | None = None
        self.profiles: core.SchoolProfiles | None = None
        self.teacher: core.TeacherOverview | None = None
        self.as_of = self.today

        self.heading = heading(self.scope_name)
        self.subtitle = caption()
        self.subtitle.setAccessibleName("School year")
        self.problem = caption()
        self.problem.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.problem.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.add_year_picker())
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.subtitle)
        self.layout_.addWidget(self.problem)
        self.pages = QStackedWidget()
        self.layout_.addWidget(self.pages, 1)
        self._build_school_page()
        # One teacher's page is built once the window is up (build_the_rest), or when a
        # teacher is picked before that: a quarter of the window's start on a district, for
        # a page the start never shows.
        self.teacher_cards: dict[str, OpeningCard] = {}

    # -- the window's calls ------------------------------------------------------------------
    def set_database(self, db) -> None:
        self.jobs.cancel()      # figures of the other file are never shown in this one
        super().set_database(db)

    def refresh(self, *, force: bool = False) -> None:
        # The threshold is a setting changed on Observations › Coverage, not a table,
        # so a change does not arrive as data_changed: look at it on every showing.
        threshold = threshold_from_settings(get_settings())
        if threshold != self.threshold_days:
            self.threshold_days, self.stale = threshold, True
        super().refresh(force=force)

    def is_filling(self) -> bool:
        """True while figures asked for are still being worked out."""
        return self.jobs.is_busy()

    @property
    def navigator(self):
        return getattr(self.window(), "navigator", None)

    # -- building: the whole school ----------------------------------------------------------
    def _build_school_page(self) -> None:
        page, layout = _page()
        self.school_cards = _cards([
            ("teachers", "Teachers", "Coverage: every teacher and their visits"),
            ("observations", "Visits this term", "the Observations list for the period"),
            ("not_visited", "Not visited lately", "Coverage, the teachers past the threshold"),
            ("goals_active", "Goals active", "the Goals list, active goals"),
            ("goals_met", "Goals met", "the Goals list, goals met"),
            ("overdue", "Overdue action steps", "the Goals list, goals with an overdue step"),
            ("pd_hours", "PD hours this school year", "the PD menu"),
        ])
        grid = QGridLayout()
        grid.setSpacing(8)
        for position, card in enumerate(self.school_cards.values()):
            grid.addWidget(card, 0, position)
            grid.setColumnStretch(position, 1)
        layout.addLayout(grid)

        self.spread_chart = ChartView("Visits per teacher this term")
        self.observer_chart = ChartView("Each observer's share of the visits")
        self.goals_chart = ChartView("Goals by status")
        self.spread_section = Section("Visits per teacher", self.spread_chart)
        self.observer_section = Section("Each observer's share", self.observer_chart)
        self.goals_section = Section("Goals by status", self.goals_chart)
        layout.addLayout(_row(self.spread_section, self.observer_section, self.goals_section))

        self.heat_chart = ChartView("Levels across the staff, by indicator",
                                    waiting=PROFILES_WORKING)
        self.heat_section = Section("Levels across the staff", self.heat_chart)
        self.needs = _list("Common needs", CommonNeedsModel(),
                           empty="No indicator is a gap for anyone yet.", rows=8)
        self.needs_section = Section("Common needs", self.needs)
        layout.addLayout(_row(self.heat_section, self.needs_section, stretch=(3, 2)))

        self.pd_chart = ChartView("PD hours by format")
        self.pd_section = Section("PD hours this school year", self.pd_chart)
        self.upcoming = _list("Upcoming PD sessions", UpcomingSessionsModel(),
                              empty=NO_SESSIONS, rows=6)
        self.upcoming_section = Section("Upcoming PD sessions", self.upcoming)
        layout.addLayout(_row(self.pd_section, self.upcoming_section))

        self.recent = _list("Recent celebrations", CelebrationsModel(),
                            empty="Nobody has been celebrated yet this year.", rows=5)
        for column in ("Kind", "Shown"):
            self.recent.hide_column(column)
        self.suggestions_card = OpeningCard("Noticed for you, waiting",
                                            "Celebrations, the milestones noticed for you")
        self.celebrations_section = Section("Recent celebrations", self.recent, self.suggestions_card)
        self.wellbeing_chart = ChartView("School wellbeing by month")
        self.follow_ups_card = OpeningCard("Asked for a follow-up conversation",
                                           "Celebrations › Wellbeing")
        self.wellbeing_section = Section("Wellbeing", self.wellbeing_chart, self.follow_ups_card)
        layout.addLayout(_row(self.celebrations_section, self.wellbeing_section))

        self.overdue = _list("Overdue action steps", ActionStepsModel(today=self.today_iso),
                             empty="No action step is overdue. Every open step is still on time.",
                             rows=6)
        self.overdue.hide_column("Status")
        self.overdue.hide_column("Goal")        # in the tooltip of the step, and one Enter away
        self.unvisited = _list("Not visited lately", CoverageModel(),
                               empty="Every teacher has had a visit lately.", rows=6,
                               stretch="Teacher")
        for column in ("Last visit", "Visits this term", "This year", "Attention"):
            self.unvisited.hide_column(column)    # how long since says it; Enter opens the rest
        self.overdue_section = Section("Overdue action steps", self.overdue)
        self.unvisited_section = Section("Not visited lately", self.unvisited)
        layout.addLayout(_row(self.overdue_section, self.unvisited_section, stretch=(3, 2)))
        layout.addStretch(1)

        # Where each figure leads.
        opens = {
            "teachers": lambda: self._open_coverage(None, "every teacher"),
            "observations": self._open_period_visits,
            "not_visited": lambda: self._open_coverage("overdue", "the teachers not visited lately"),
            "goals_active": lambda: self._open_goals(status="active"),
            "goals_met": lambda: self._open_goals(status="met"),
            "overdue": lambda: self._open_goals(overdue=True),
            "pd_hours": lambda: self._open_pd(None, "the whole PD menu"),
        }
        for key, card in self.school_cards.items():
            card.opened.connect(opens[key])
        self.suggestions_card.opened.connect(lambda: self._open_celebrations(noticed=True))
        self.follow_ups_card.opened.connect(lambda: self._open_celebrations(wellbeing=True))
        for chart in (self.spread_chart, self.observer_chart, self.goals_chart, self.heat_chart,
                      self.pd_chart, self.wellbeing_chart):
            chart.opened.connect(self._open_part)
        self.needs.view.activated.connect(lambda *_: self._open_need(self.needs.selected_row()))
        self.upcoming.view.activated.connect(
            lambda *_: self._open_session(self.upcoming.selected_row()))
        self.recent.view.activated.connect(
            lambda *_: self._open_celebration(self.recent.selected_row()))
        self.overdue.view.activated.connect(
            lambda *_: self._open_step(self.overdue.selected_row()))
        self.unvisited.view.activated.connect(
            lambda *_: self._open_teacher(self.unvisited.selected_row()))
        self.pages.addWidget(_scrolled(page))

    # -- building: one teacher ---------------------------------------------------------------
    def build_the_rest(self) -> None:
        self._build_teacher_page()

    def _build_teacher_page(self) -> None:
        if self.teacher_cards:
            return
        page, layout = _page()
        self.profile = QLabel()
        self.profile.setWordWrap(True)
        self.profile.setAccessibleName("Profile")
        self.profile.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.profile.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.profile_section = Section("Profile", self.profile)
        self.teacher_cards = _cards([
            ("observations", "Visits this term", "their visits in the period"),
            ("last_visit", "Last visit", "their last visit in the Observations list"),
            ("average", "Average level this school year", "their visits this school year"),
            ("overdue", "Overdue action steps", "their goals with an overdue step"),
            ("goals_active", "Goals active", "their active goals"),
            ("goals_met", "Goals met", "their goals met"),
            ("pd_hours", "PD hours this school year", "their PD on the PD Menu"),
            ("celebrations", "Celebrations this school year", "their celebrations"),
        ])
        cards = QGridLayout()
        cards.setSpacing(8)
        for position, card in enumerate(self.teacher_cards.values()):
            cards.addWidget(card, position // 4, position % 4)
        for column in range(4):
            cards.setColumnStretch(column, 1)
        date_font = self.teacher_cards["last_visit"].value_label.font()
        date_font.setPointSizeF(date_font.pointSizeF() * 0.62)   # a date, not a count
        self.teacher_cards["last_visit"].value_label.setFont(date_font)
        cards_box = QWidget()
        cards_box.setLayout(cards)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.profile_section, 2)
        top.addWidget(cards_box, 3)
        layout.addLayout(top)

        self.growth_chart = ChartView("Growth profile")
        self.growth_words = caption()
        self.growth_words.setAccessibleName("Strengths and gaps")
        self.growth_words.setTextFormat(Qt.TextFormat.PlainText)
        self.growth_section = Section("Growth profile", self.growth_words, self.growth_chart)
        self.attention = _list("Needs attention", AttentionModel(),
                               empty="Nothing needs attention: no overdue steps, a recent visit, "
                                     "and every goal has its next step.", rows=7)
        self.attention.view.setWordWrap(True)      # each item is a sentence: all of it shows
        self.attention.model.modelReset.connect(self.attention.view.resizeRowsToContents)
        self.attention_section = Section("Needs attention", self.attention)
        layout.addLayout(_row(self.growth_section, self.attention_section, stretch=(3, 2)))

        self.active_goals = _list("Active goals and their next steps", GoalsNextStepModel(),
                                  empty="No active goal. Goals agreed in a goal-setting "
                                        "conversation appear here.", rows=4)
        self.active_goals_section = Section("Active goals and their next steps", self.active_goals)
        self.last_visits = _list("Last visits: glow and grow", LastVisitsModel(),
                                 empty="No visits yet this school year.", rows=4)
        self.visits_section = Section("Last visits: glow and grow", self.last_visits)
        layout.addLayout(_row(self.active_goals_section, self.visits_section))

        self.teacher_pd = _list("PD enrolled and completed", EnrollmentsWithHoursModel(),
                                empty="No PD chosen or completed this school year.", rows=4)
        self.pd_list_section = Section("PD enrolled and completed", self.teacher_pd)
        self.teacher_celebrations = _list("Recent celebrations", CelebrationsModel(),
                                          empty="Not celebrated yet this school year.", rows=4)
        for column in ("Who", "Shown"):
            self.teacher_celebrations.hide_column(column)
        self.teacher_celebrations_section = Section("Recent celebrations", self.teacher_celebrations)
        layout.addLayout(_row(self.pd_list_section, self.teacher_celebrations_section))
        layout.addStretch(1)

        opens = {
            "observations": self._open_period_visits,
            "last_visit": lambda: self._open_visits(
                observation=self.teacher.last_visits[0].id if self.teacher and self.teacher.last_visits
                else None, words="their last visit"),
            "average": lambda: self._open_visits(words="their visits this school year"),
            "overdue": lambda: self._open_goals(overdue=True),
            "goals_active": lambda: self._open_goals(status="active"),
            "goals_met": lambda: self._open_goals(status="met"),
            "pd_hours": lambda: self._open_pd(None, "their PD"),
            "celebrations": lambda: self._open_celebrations(),
        }
        for key, card in self.teacher_cards.items():
            card.opened.connect(opens[key])
        self.growth_chart.opened.connect(self._open_part)
        self.attention.view.activated.connect(
            lambda *_: self._open_attention(self.attention.selected_row()))
        self.active_goals.view.activated.connect(
            lambda *_: self._open_goal_row(self.active_goals.selected_row()))
        self.last_visits.view.activated.connect(
            lambda *_: self._open_visit_row(self.last_visits.selected_row()))
        self.teacher_pd.view.activated.connect(
            lambda *_: self._open_enrollment(self.teacher_pd.selected_row()))
        self.teacher_celebrations.view.activated.connect(
            lambda *_: self._open_celebration(self.teacher_celebrations.selected_row()))
        self.pages.addWidget(_scrolled(page))

    # -- loading: at once the frame, then the figures as they arrive ---------------------------
    def load(self) -> None:
        view = self.year_view
        self.as_of = view.as_of
        self.problem.hide()
        if self.member is not None:
            self._build_teacher_page()
        self._say_year(view)
        if self.member is None:
            self._start_school(view)
        else:
            self._start_teacher(view)

    def _say_year(self, view) -> None:
        text = f"{view.describe()} · as of {long_date(view.as_of)}"
        self.subtitle.setText(text)
        self.subtitle.setAccessibleDescription(text)
        period = view.period_words
        year_words = view.year_words
        self.school_cards["observations"].set_caption(f"Visits {period}")
        self.school_cards["pd_hours"].set_caption(f"PD hours {year_words}")
        if self.teacher_cards:   # built: it shows the year too (a teacher's page is read again)
            self.teacher_cards["observations"].set_caption(f"Visits {period}")
            self.teacher_cards["pd_hours"].set_caption(f"PD hours {year_words}")
            self.teacher_cards["average"].set_caption(f"Average level {year_words}")
            self.teacher_cards["celebrations"].set_caption(f"Celebrations {year_words}")
        self.school_cards["not_visited"].set_caption(f"Not visited in {self.threshold_days}+ days")
        self.spread_section.set_title(f"Visits per teacher {period}")
        self.pd_section.set_title(f"PD hours {year_words}")
        self.unvisited_section.set_title(f"Not visited in {self.threshold_days}+ days")
        self.unvisited.set_title(f"Not visited in {self.threshold_days}+ days")
        self.unvisited.set_empty_text(
            f"Every teacher has had a visit in the last {self.threshold_days} days.")

    def _same_page(self) -> bool:
        """True when the page on screen is for the same person, year and threshold: the data
        changed under it, so what it shows stays until the new figures replace it."""
        page = (self.db, self.staff_id, self.school_id, self.year_id, self.threshold_days)
        same, self._page = page == getattr(self, "_page", None), page
        broken, self._broken = getattr(self, "_broken", False), False
        return same and not broken

    def _start_school(self, view) -> None:
        set_heading(self.heading, self.scope_name)
        self.pages.setCurrentIndex(0)
        self.jobs.cancel()
        # The figures first (quick), then their charts, then every teacher's profile (slow).
        self.jobs.start("school", _school_work(self.today, self.year_id, self.threshold_days,
                                               self.school_id), db=self.db)
        if self._same_page():
            return
        self.figures = self.profiles = None
        for card in (*self.school_cards.values(), self.suggestions_card, self.follow_ups_card):
            card.set_value(WAITING)
        for chart in (self.spread_chart, self.observer_chart, self.goals_chart, self.pd_chart,
                      self.wellbeing_chart):
            chart.show_waiting(WORKING)
        self.heat_chart.show_waiting(PROFILES_WORKING)
        for panel in (self.needs, self.upcoming, self.recent, self.overdue, self.unvisited):
            panel.model.set_rows([])
            panel.say_instead(PROFILES_WORKING if panel is self.needs else WORKING)
        for section in (self.heat_section, self.needs_section, self.wellbeing_section,
                        self.celebrations_section):
            section.say("")

    def _start_teacher(self, view) -> None:
        member = self.member
        set_heading(self.heading, member.full_name)
        self.pages.setCurrentIndex(1)
        self.profile.setText(_profile_text(member))
        self.jobs.cancel()
        self.jobs.start("teacher", _teacher_work(member.id, self.today, self.year_id,
                                                 self.threshold_days), db=self.db)
        if self._same_page():
            return
        self.teacher = None
        for card in self.teacher_cards.values():
            card.set_value(WAITING)
        self.growth_chart.show_waiting(WORKING)
        self.growth_words.setText("")
        for panel in self._teacher_panels():
            panel.model.set_rows([])
            panel.say_instead(WORKING)

    def _failed(self, name: str, words: str) -> None:
        self._broken = True
        text = f"Some figures could not be worked out. {words}"
        self.problem.setText(text)
        self.problem.setAccessibleName(text)
        self.problem.show()
        charts = [self.spread_chart, self.observer_chart, self.goals_chart, self.pd_chart,
                  self.wellbeing_chart, self.heat_chart]
        if self.teacher_cards:
            charts.append(self.growth_chart)
        for chart in charts:
            if chart.chart is None:
                chart.show_waiting(NOT_AVAILABLE)
        panels = [self.needs, self.upcoming, self.recent, self.overdue, self.unvisited]
        if self.teacher_cards:
            panels += self._teacher_panels()
        for panel in panels:
            if panel.saying_instead in (WORKING, PROFILES_WORKING):
                panel.say_instead(NOT_AVAILABLE)

    def _teacher_panels(self) -> list[ListPanel]:
        return [self.attention, self.active_goals, self.last_visits, self.teacher_pd,
                self.teacher_celebrations]

    def _arrived(self, name: str, result) -> None:
        if name == "school":
            self._show_school(result)
            self.jobs.start("school charts", _charts_work("school_charts", result), db=self.db)
            self.jobs.start("profiles", _profiles_work(self.today, self.year_id, self.school_id),
                            db=self.db, lane=SLOW)
        elif name == "school charts":
            self._show_school_charts(result)
        elif name == "profiles":
            self._show_profiles(result)
            self.jobs.start("heat chart", _charts_work("heat_chart", result), db=self.db)
            self.jobs.start("suggestions", _suggestions_work(self.today, self.year_id,
                                                             self.school_id), db=self.db, lane=SLOW)
        elif name == "heat chart":
            self.heat_chart.set_chart(result)
        elif name == "suggestions":
            self.suggestions_card.set_value(str(result))
        elif name == "teacher":
            self._show_teacher(result)
            self.jobs.start("teacher chart", _charts_work("teacher_chart", result), db=self.db)
        elif name == "teacher chart":
            self.growth_chart.set_chart(result)

    # -- the figures, as they arrive ------------------------------------------------------------
    def _show_school(self, figures: core.SchoolOverview) -> None:
        self.figures = figures
        cards = self.school_cards
        by_status = figures.goals_by_status
        cards["teachers"].set_value(str(figures.teachers))
        cards["observations"].set_value(str(figures.visits))
        cards["not_visited"].set_value(str(figures.not_visited))
        cards["goals_active"].set_value(str(by_status["active"]))
        cards["goals_met"].set_value(str(by_status["met"]))
        cards["overdue"].set_value(str(len(figures.overdue_steps)))
        cards["pd_hours"].set_value(hours_text(figures.pd_hours.total))
        low, high = figures.coverage.spread
        self.spread_section.say(
            f"{figures.visits} visits {figures.view.period_words}; between {low} and {high} per "
            f"teacher. A bar opens its teachers in Coverage.")
        self.observer_section.say("A bar opens that observer's visits.")
        self.goals_section.say("A bar opens those goals.")
        hours = figures.pd_hours
        share = hours.ongoing_share
        self.pd_section.say(
            f"{hours_text(hours.total)} hours"
            + (f", {share:.0%} of them {core.ONGOING_WORDS.lower()} (hatched)" if share is not None
               else "") + ". A bar opens that PD on the PD Menu.")
        trend = figures.wellbeing
        self.wellbeing_section.say(" ".join(filter(None, [
            f"Monthly averages on 1–5, each over at least {MIN_GROUP} teachers and shown once "
            "the month has closed, so no figure points to one person.", trend.withheld_text,
            # An unshared answer keeps no link to a person, so none to their school either.
            "The whole district's: an unshared answer is kept with no link to a person or "
            "their school." if self.school_id else ""])))
        self.follow_ups_card.set_value(str(figures.follow_ups))
        self.upcoming.set_empty_text(NO_SESSIONS if figures.view.is_current
                                     else f"{figures.view.year.name} is over: no sessions to come.")
        self.upcoming.model.set_rows(figures.upcoming)
        self.recent.model.set_rows(figures.celebrations)
        self.celebrations_section.say(
            f"{plural(figures.celebrations_total, 'celebration')} {figures.view.year_words}; the "
            "latest first. Enter opens one on the wall.")
        self.overdue.model.today = figures.view.until
        self.overdue.model.set_rows(figures.overdue_steps)
        self.unvisited.model.set_rows(figures.coverage.overdue)
        self.overdue_section.say("Enter opens the goal in Goals & Conversations.")
        self.unvisited_section.say("Enter opens that teacher's Overview.")

    def _show_school_charts(self, charts: dict) -> None:
        for key, chart in (("spread", self.spread_chart), ("observers", self.observer_chart),
                           ("goals", self.goals_chart), ("pd", self.pd_chart)):
            chart.set_chart(charts[key])
        if "wellbeing" in charts:
            self.wellbeing_chart.set_chart(charts["wellbeing"])
        else:
            self.wellbeing_chart.show_waiting(
                f"Not enough check-ins to show a trend yet: a month appears once it has closed "
                f"and at least {MIN_GROUP} teachers have checked in.")

    def _show_profiles(self, profiles: core.SchoolProfiles) -> None:
        self.profiles = profiles
        self.heat_section.say(
            f"How many of the {profiles.teachers} teachers are at each level on each indicator "
            "(their growth profile), the school's average in brackets. A cell names its teachers; "
            "Enter or a click opens their visits.")
        self.needs.model.set_rows(profiles.needs)
        self.needs_section.say("The indicators most teachers have as a gap (below "
                               f"{core.rule.GAP_BELOW:g}). Enter opens their visits.")

    def _show_teacher(self, found: core.TeacherOverview) -> None:
        self.teacher = found
        cards = self.teacher_cards
        cards["observations"].set_value(str(found.visits_this_term))
        if found.view.term is not None:
            cards["observations"].set_caption(
                f"Visits this term ({found.visits_this_year} in {found.view.year.name})")
        cards["last_visit"].set_value(_day(found.last_visit_on) if found.last_visit_on
                                      else "None yet")
        cards["average"].set_value("—" if found.average_level is None else f"{found.average_level:.1f}")
        cards["overdue"].set_value(str(len(found.overdue_steps)))
        cards["goals_active"].set_value(str(found.goals_by_status["active"]))
        cards["goals_met"].set_value(str(found.goals_by_status["met"]))
        cards["pd_hours"].set_value(hours_text(found.pd_hours.total))
        cards["celebrations"].set_value(str(found.celebrations_total))
        profile = found.profile
        strengths = [item.indicator.name for item in profile.strengths]
        gaps = [item.indicator.name for item in profile.focus_areas]
        words = [f"Strengths: {some_names(strengths, 4)}." if strengths else "No strength seen in class yet.",
                 f"Focus areas: {some_names(gaps, 3)}." if gaps else "No gaps."]
        if len(profile.gaps) > len(gaps):
            words.append(f"({plural(len(profile.gaps), 'gap')} in all; the focus areas come first.)")
        self.growth_words.setText(" ".join(words))
        self.growth_words.setAccessibleDescription(self.growth_words.text())
        self.growth_section.say("★ strength (solid), ▼ gap (hatched). A bar opens the visits that "
                                "scored it.")
        self.attention.model.set_rows(found.attention)
        self.active_goals.model.set_rows(found.active_goals)
        self.last_visits.model.set_rows(found.last_visits)
        self.teacher_pd.model.set_rows(found.pd)
        self.teacher_celebrations.model.set_rows(found.celebrations)
        self.pd_list_section.say(f"{hours_text(found.pd_hours.total)} hours completed "
                                 f"{found.view.year_words}.")

    # -- opening what is behind a figure ---------------------------------------------------------
    def _go(self, slug: str, show, words: str, *, staff_id=None):
        from desktop.ui.navigation import KEEP

        navigator = self.navigator
        if navigator is None:
            return None
        return navigator.go(slug, show, words=words,
                            staff_id=KEEP if staff_id is None else staff_id)

    def _whose(self) -> str:
        if self.member:
            return f"{self.member.full_name}'s"
        return f"{self.scope_name}'s" if self.school_id else \
            "the district's" if self.scope_name == WHOLE_DISTRICT else "the school's"

    def _open_period_visits(self) -> None:
        view = self.year_view
        since, until = view.period
        self._go("observations", lambda tab: tab.show_visits(since=since, until=until),
                 f"Showing {self._whose()} visits {view.period_words}")

    def _open_visits(self, *, observation: str | None = None, indicator: str | None = None,
                     staff_ids=None, observer: str | None = None, words: str = "",
                     period: bool = False, who: str = "") -> None:
        view = self.year_view
        since, until = view.period if period else (None, None)
        self._go("observations", lambda tab: tab.show_visits(
            since=since, until=until, indicator_code=indicator, staff_ids=staff_ids,
            observer=observer, observation_id=observation, who=who), f"Showing {words}")

    def _open_coverage(self, only, words: str) -> None:
        self._go("observations", lambda tab: tab.show_coverage(only=only, words=words),
                 f"Coverage: {words}")

    def _open_goals(self, *, status: str | None = None, overdue: bool = False,
                    goal_id: str | None = None) -> None:
        words = ("goals with an overdue action step" if overdue else
                 f"goals {goal_status(status).lower()}" if status else "goals")
        self._go("goals", lambda tab: tab.show_goals(status=status, overdue=overdue,
                                                     goal_id=goal_id),
                 f"Showing {self._whose()} {words}")

    def _open_pd(self, formats, words: str, *, offering_id: str | None = None) -> None:
        self._go("pd-menu", lambda tab: tab.show_offerings(formats=formats, label=words,
                                                          offering_id=offering_id),
                 f"PD Menu: {words}")

    def _open_celebrations(self, *, celebration_id: str | None = None, noticed: bool = False,
                           wellbeing: bool = False) -> None:
        self._go("celebrations", lambda tab: tab.show_section(
            celebration_id=celebration_id, noticed=noticed, wellbeing=wellbeing),
                 "Wellbeing" if wellbeing else "Celebrations")

    def _open_part(self, key) -> None:
        kind = key[0]
        if kind == "spread":
            _, visits, or_more = key
            words = (f"teachers with {visits} or more visits" if or_more else
                     f"teachers with {plural(visits, 'visit')}") + f" {self.year_view.period_words}"
            self._open_coverage(("visits", visits, or_more), words)
        elif kind == "observer":
            from db.overview import NO_OBSERVER

            name = key[1]
            self._open_visits(observer=None if name == NO_OBSERVER else name, period=True,
                              words=f"the visits by {name} {self.year_view.period_words}")
        elif kind == "status":
            self._open_goals(status=key[1])
        elif kind == "format":
            from db.pd import FORMAT_LABELS

            self._open_pd((key[1],), f"{FORMAT_LABELS.get(key[1], key[1])} offerings")
        elif kind == "share":
            from db.pd import FORMATS

            ongoing = key[1] == "ongoing"
            formats = tuple(code for code in FORMATS if (code in core.ONGOING_FORMATS) == ongoing)
            self._open_pd(formats, (core.ONGOING_WORDS if ongoing else core.ONE_OFF_WORDS).lower())
        elif kind == "cell":
            self._open_cell(key[1], key[2])
        elif kind == "wellbeing":
            self._open_celebrations(wellbeing=True)
        elif kind == "indicator":
            name = self.teacher.profile.level_of(key[1]).indicator.name if self.teacher else key[1]
            self._open_visits(indicator=key[1], words=f"{self._whose()} visits that scored {name}")

    def _open_cell(self, code: str, band: str) -> None:
        if self.profiles is None:
            return
        row = next(row for row in self.profiles.heat if row.code == code)
        cell = next(cell for cell in row.cells if cell.band == band)
        who = f"the {plural(len(cell.teachers), 'teacher')} at {cell.band_label} on {row.name}"
        self._open_visits(staff_ids=cell.teachers, indicator=None if band == "unseen" else code,
                          who=who, words=f"the visits to {who}")

    def _open_need(self, need: core.CommonNeed | None) -> None:
        if need is None:
            return
        who = f"the {plural(len(need.teachers), 'teacher')} with {need.name} as a gap"
        self._open_visits(staff_ids=need.teachers, indicator=need.code, who=who,
                          words=f"the visits to {who}")

    def _open_session(self, session) -> None:
        if session is not None:
            self._open_pd(None, session.title, offering_id=session.offering_id)

    def _open_celebration(self, celebration) -> None:
        if celebration is not None:
            self._open_celebrations(celebration_id=celebration.id)

    def _open_step(self, step) -> None:
        if step is not None:
            self._open_goals(overdue=True, goal_id=step.goal_id)

    def _open_teacher(self, teacher) -> None:
        if teacher is not None and self.navigator is not None:
            self.navigator.go("overview", lambda tab: None, staff_id=teacher.staff_id,
                              words=f"{teacher.name}'s Overview")

    def _open_attention(self, item: core.Attention | None) -> None:
        if item is None:
            return
        if item.kind == "overdue_step":
            self._open_goals(overdue=True, goal_id=item.goal_id)
        elif item.kind == "goal_without_step":
            self._open_goals(status="active", goal_id=item.goal_id)
        elif item.kind == "follow_up":
            self._open_celebrations(wellbeing=True)
        elif item.kind == "no_visit":
            self._open_visits(words=f"{self._whose()} visits this school year")

    def _open_goal_row(self, entry) -> None:
        if entry is not None:
            self._open_goals(status="active", goal_id=entry.goal.id)

    def _open_visit_row(self, visit) -> None:
        if visit is not None:
            self._open_visits(observation=visit.id, words=f"the visit of {_short_date(visit.observed_on)}")

    def _open_enrollment(self, enrollment) -> None:
        if enrollment is not None:
            self._open_pd(None, enrollment.offering_title, offering_id=enrollment.offering_id)


def _short_date(iso: str) -> str:
    return long_date(date.fromisoformat(iso[:10]))


def _day(iso: str) -> str:
    """'16 Nov 2026': short enough for a figure card."""
    found = date.fromisoformat(iso[:10])
    return f"{found.day} {found:%b %Y}"


def _profile_text(member: staff.StaffMember) -> str:
    role = ROLE_LABELS.get(member.role) or member.role.replace("_", " ").capitalize()
    facts = [role]
    if member.subjects:
        facts.append(member.subjects)
    if member.grades:
        facts.append(f"grades {member.grades}")
    if member.years_experience is not None:
        years = member.years_experience
        facts.append(f"{years} year's experience" if years == 1 else f"{years} years' experience")
    lines = [" · ".join(_escape(fact) for fact in facts)]
    if member.is_archived:
        lines.append("<i>Archived: no longer on the staff list.</i>")
    for label, value in [("Career goals", member.career_goals),
                         ("Prefers to learn through", readable_formats(member.preferred_formats)),
                         ("Interests", member.interests),
                         ("Leadership strengths", member.leadership_strengths)]:
        if value:
            lines.append(f"<b>{label}:</b> {_escape(value)}")
    if member.email:
        lines.append(_escape(member.email))
    return "<br>".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
