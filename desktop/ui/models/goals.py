"""The Goals & Conversations tab's goal and action-step lists."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db.goals import ActionStep, CheckIn, Goal, label
from db.self_assessments import SelfAssessment
from desktop.ui.models.table import RIGHT, Column, DataclassTableModel, PagedTableModel, date_text, number_sort

PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 2


def _progress(goal: Goal) -> str:
    return "" if goal.progress is None else f"{goal.progress}%"


def _steps(goal: Goal) -> str:
    return f"{goal.steps_finished} of {goal.steps_total}" if goal.steps_total else "none yet"


class GoalsModel(PagedTableModel[Goal]):
    """Read a page at a time, sorted by storage (db.goals.GOAL_ORDERS)."""

    # Active goals first, then drafts, then the rest; each by due date (as list_goals reads them).
    natural_key = staticmethod(lambda g: ({"active": 0, "draft": 1}.get(g.status, 2), g.due_on or "9999",
                                          g.title.lower()))
    columns = (
        Column("Teacher", lambda g: g.teacher_name, width=18),
        Column("Goal", lambda g: g.title, tooltip=lambda g: g.title),
        Column("Indicator", lambda g: g.indicator_code or "", width=9),
        Column("Status", lambda g: label(g.status), width=10),
        Column("Stage", lambda g: label(g.cycle_stage), width=9),
        Column("Due", lambda g: date_text(g.due_on), sort_key=lambda g: g.due_on or "", width=11),
        Column("Progress", _progress, sort_key=lambda g: number_sort(g.progress), align=RIGHT,
               width=9),
        Column("Steps done", _steps, sort_key=lambda g: number_sort(g.steps_finished),
               align=RIGHT, width=10),
    )
    orders = {"Teacher": "teacher", "Goal": "title", "Indicator": "indicator", "Status": "status",
              "Stage": "stage", "Due": "due", "Progress": "progress", "Steps done": "steps"}

    def extra_data(self, row: Goal, column: Column, role: int):
        if role == PROGRESS_ROLE and column.header == "Progress":
            return row.progress
        return None


class ActionStepsModel(DataclassTableModel[ActionStep]):
    """Also used for the Overview's overdue list, where the teacher and goal matter."""

    order_key = staticmethod(lambda s: (s.status != "open", s.due_on or "9999"))

    def __init__(self, parent=None, *, today: str = ""):
        super().__init__(parent)
        self.today = today

    columns = (
        Column("Due", lambda s: date_text(s.due_on), sort_key=lambda s: s.due_on or "", width=11),
        Column("Teacher", lambda s: s.teacher_name, width=18),
        Column("Action step", lambda s: s.description, tooltip=lambda s: s.description),
        Column("Goal", lambda s: s.goal_title, tooltip=lambda s: s.goal_title, width=24),
        Column("Status", lambda s: label(s.status), width=9),
    )

    def extra_data(self, row: ActionStep, column: Column, role: int):
        # Overdue is said in words in the tooltip and shown in red: colour is never alone.
        if self.today and row.is_overdue(self.today):
            if role == Qt.ItemDataRole.ForegroundRole and column.header == "Due":
                from PySide6.QtGui import QColor
                return QColor("#b3261e")
            if role == Qt.ItemDataRole.ToolTipRole and column.header == "Due":
                return "Overdue"
        return None


class GoalCheckInsModel(DataclassTableModel[CheckIn]):
    """One goal's check-ins, newest first."""
    order_key = staticmethod(lambda c: c.checked_on)
    descending = True
    columns = (
        Column("Date", lambda c: date_text(c.checked_on), sort_key=lambda c: c.checked_on, width=11),
        Column("Progress", lambda c: "" if c.progress is None else f"{c.progress}%",
               sort_key=lambda c: number_sort(c.progress), align=RIGHT, width=9),
        Column("Evidence", lambda c: " ".join(c.evidence.split()), tooltip=lambda c: c.evidence),
        Column("Notes", lambda c: " ".join(c.notes.split()), tooltip=lambda c: c.notes, width=24),
    )


def _rated(assessment: SelfAssessment) -> str:
    count = len(assessment.ratings)
    return f"{count} indicator{'s' if count != 1 else ''}"


class SelfAssessmentsModel(DataclassTableModel[SelfAssessment]):
    """One teacher's self-assessments, newest first."""
    order_key = staticmethod(lambda a: a.taken_on)
    descending = True
    columns = (
        Column("Taken", lambda a: date_text(a.taken_on), sort_key=lambda a: a.taken_on, width=11),
        Column("Rated", _rated, sort_key=lambda a: len(a.ratings), align=RIGHT, width=12),
        Column("How", lambda a: "Imported" if a.source == "imported" else "Typed in", width=10),
        Column("Career goals", lambda a: a.career_goals, tooltip=lambda a: a.career_goals),
        Column("Wants support with", lambda a: a.support_wanted, tooltip=lambda a: a.support_wanted),
    )
