"""Overview: the school at a glance, or one teacher's summary."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from db import goals, overview, staff
from desktop.settings import get_settings
from desktop.ui.models.goals import ActionStepsModel, OverdueStepsModel
from desktop.ui.models.overview import UnvisitedTeachersModel
from desktop.ui.models.pd import hours_text
from desktop.ui.models.staff_list import ROLE_LABELS
from desktop.ui.tabs.base import Tab
from desktop.ui.widgets import (
    FigureCard,
    ListPanel,
    caption,
    heading,
    long_date,
    readable_formats,
    set_heading,
)


def _grid(cards: list[FigureCard], columns: int) -> QGridLayout:
    grid = QGridLayout()
    grid.setSpacing(10)
    for position, card in enumerate(cards):
        grid.addWidget(card, position // columns, position % columns)
    return grid


class OverviewTab(Tab):
    title = "Overview"
    slug = "overview"
    tables = frozenset({"staff", "observations", "observation_scores", "goals", "action_steps",
                        "goal_check_ins", "enrollments", "pd_offerings", "celebrations",
                        "celebration_staff", "preferences"})

    def __init__(self, db, parent=None, *, runner=None):
        super().__init__(db, parent, runner=runner)
        self.threshold_days = get_settings().get("coverage.threshold_days")
        self.heading = heading("Whole school")
        self.subtitle = caption()
        self.subtitle.setAccessibleName("School year")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.add_year_picker())
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.subtitle)
        self.pages = QStackedWidget()
        self.layout_.addWidget(self.pages, 1)
        self._build_school_page()
        self._build_teacher_page()

    def refresh(self, *, force: bool = False) -> None:
        # The threshold is a setting changed on Observations › Coverage, not a table,
        # so a change does not arrive as data_changed: look at it on every showing.
        threshold = get_settings().get("coverage.threshold_days")
        if threshold != self.threshold_days:
            self.threshold_days, self.stale = threshold, True
        super().refresh(force=force)

    def _build_school_page(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.school_cards = {
            key: FigureCard(text) for key, text in [
                ("teachers", "Teachers"), ("observations", "Observations this term"),
                ("goals_active", "Goals active"), ("goals_met", "Goals met"),
                ("pd_hours", "PD hours this school year"),
            ]
        }
        layout.addLayout(_grid(list(self.school_cards.values()), 5))
        lists = QHBoxLayout()
        lists.setSpacing(16)
        self.overdue = ListPanel(
            "Overdue action steps", OverdueStepsModel(today=self.today_iso),
            empty_text="No action step is overdue. Every open step is still on time.")
        self.overdue.hide_column("Status")
        self.unvisited = ListPanel(
            f"Not visited in {self.threshold_days}+ days",
            UnvisitedTeachersModel(today=self.today),
            empty_text=f"Every teacher has had a visit in the last {self.threshold_days} days.")
        lists.addWidget(self.overdue, 3)
        lists.addWidget(self.unvisited, 2)
        layout.addLayout(lists, 1)
        self.pages.addWidget(page)

    def _build_teacher_page(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.teacher_cards = {
            key: FigureCard(text) for key, text in [
                ("observations", "Observations this term"), ("last_visit", "Last visit"),
                ("average", "Average score this year"), ("open_steps", "Open action steps"),
                ("goals_active", "Goals active"), ("goals_met", "Goals met"),
                ("pd_hours", "PD hours this school year"), ("celebrations", "Celebrations"),
            ]
        }
        layout.addLayout(_grid(list(self.teacher_cards.values()), 4))
        self.profile = QLabel()
        self.profile.setWordWrap(True)
        self.profile.setAccessibleName("Profile")
        layout.addWidget(heading("Profile", level=2))
        layout.addWidget(self.profile)
        self.teacher_overdue = ListPanel(
            "Overdue action steps", ActionStepsModel(today=self.today_iso),
            empty_text="Nothing overdue for this teacher.")
        self.teacher_overdue.hide_column("Teacher")
        self.teacher_overdue.hide_column("Status")
        layout.addWidget(self.teacher_overdue, 1)
        self.pages.addWidget(page)

    def load(self) -> None:
        # Lists about "now": as of today, or of an earlier year's last day in force.
        self.as_of = self.year_view.as_of
        for panel in (self.overdue, self.teacher_overdue):
            panel.model.today = self.as_of.isoformat()
        self.unvisited.model.today = self.as_of
        if self.member is None:
            self._load_school()
        else:
            self._load_teacher()

    def _say_year(self, view) -> None:
        text = f"{view.describe()} · as of {long_date(view.as_of)}"
        self.subtitle.setText(text)
        self.subtitle.setAccessibleDescription(text)
        year_words = view.year_words
        for cards in (self.school_cards, self.teacher_cards):
            cards["observations"].set_caption(f"Observations {view.period_words}")
            cards["pd_hours"].set_caption(f"PD hours {year_words}")
        self.teacher_cards["average"].set_caption(f"Average score {year_words}")

    def _load_school(self) -> None:
        figures = overview.school_overview(self.db, self.today, year_id=self.year_id)
        set_heading(self.heading, "Whole school")
        self._say_year(figures.view)
        self.school_cards["teachers"].set_value(str(figures.teachers))
        self.school_cards["observations"].set_value(str(figures.observations_this_term))
        self.school_cards["goals_active"].set_value(str(figures.goals_active))
        self.school_cards["goals_met"].set_value(str(figures.goals_met))
        self.school_cards["pd_hours"].set_value(hours_text(figures.pd_hours_this_year))
        db, today = self.db, self.as_of.isoformat()
        self.overdue.model.set_source(lambda offset, limit, order, descending: goals.list_overdue_action_steps(
            db, today=today, limit=limit, offset=offset, order=order, descending=descending))
        self.unvisited.set_title(f"Not visited in {self.threshold_days}+ days")
        self.unvisited.set_empty_text(
            f"Every teacher has had a visit in the last {self.threshold_days} days.")
        self.unvisited.model.set_rows(
            overview.teachers_not_visited(self.db, self.as_of, days=self.threshold_days))
        self.pages.setCurrentIndex(0)

    def _load_teacher(self) -> None:
        member = self.member
        summary = overview.teacher_summary(self.db, member.id, self.today, year_id=self.year_id)
        set_heading(self.heading, member.full_name)
        self._say_year(summary.view)
        cards = self.teacher_cards
        cards["observations"].set_value(
            f"{summary.observations_this_term}")
        if summary.view.term is not None:
            cards["observations"].set_caption(
                f"Observations this term ({summary.observations_total} in {summary.view.year.name})")
        cards["last_visit"].set_value(summary.last_visit_on[:10] if summary.last_visit_on else "None yet")
        average = summary.average_score_this_year
        cards["average"].set_value("—" if average is None else f"{average:.1f}")
        cards["open_steps"].set_value(str(summary.open_action_steps))
        cards["goals_active"].set_value(str(summary.goals_active))
        cards["goals_met"].set_value(str(summary.goals_met))
        cards["pd_hours"].set_value(hours_text(summary.pd_hours_this_year))
        cards["celebrations"].set_value(str(summary.celebrations))
        self.profile.setText(_profile_text(member))
        self.teacher_overdue.model.set_rows(
            goals.list_overdue_action_steps(self.db, today=self.as_of.isoformat(),
                                            staff_id=member.id))
        self.pages.setCurrentIndex(1)


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
    lines = [" · ".join(facts)]
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
