"""The Goals & Conversations tab's goal and action-step lists."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db.goals import ActionStep, Goal, label
from desktop.ui.models.table import RIGHT, Column, DataclassTableModel, date_text, number_sort

PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 2


def _progress(goal: Goal) -> str:
    return "" if goal.progress is None else f"{goal.progress}%"


def _steps(goal: Goal) -> str:
    return f"{goal.steps_finished} of {goal.steps_total}" if goal.steps_total else "none yet"


class GoalsModel(DataclassTableModel[Goal]):
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

    def extra_data(self, row: Goal, column: Column, role: int):
        if role == PROGRESS_ROLE and column.header == "Progress":
            return row.progress
        return None


class ActionStepsModel(DataclassTableModel[ActionStep]):
    """Also used for the Overview's overdue list, where the teacher and goal matter."""

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
