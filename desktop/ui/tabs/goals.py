"""Goals & Conversations: goals with their action steps, and the coaching conversations."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from db import conversations, goals
from desktop.ui.delegates import ProgressDelegate
from desktop.ui.models.conversations import ConversationsModel
from desktop.ui.models.goals import ActionStepsModel, GoalsModel
from desktop.ui.tabs.base import Tab
from desktop.ui.widgets import ListPanel


class GoalsTab(Tab):
    title = "Goals & Conversations"
    slug = "goals"
    tables = frozenset({"staff", "goals", "action_steps", "goal_check_ins", "conversations"})

    def __init__(self, db, today, parent=None):
        super().__init__(db, today, parent)
        self.goals = ListPanel("Goals", GoalsModel(), empty_text="No goals yet.")
        self.goals.view.setItemDelegateForColumn(
            self.goals.model.column_index("Progress"), ProgressDelegate(self.goals.view))
        self.steps = ListPanel("Action steps", ActionStepsModel(today=self.today_iso),
                               empty_text="Pick a goal above to see its action steps.")
        self.steps.hide_column("Teacher")
        self.steps.hide_column("Goal")
        self.conversations = ListPanel("Conversations", ConversationsModel(),
                                       empty_text="No conversations recorded yet.")
        self.conversations.sort_by("Date", Qt.SortOrder.DescendingOrder)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.steps)
        lower.addWidget(self.conversations)
        lower.setSizes([420, 680])
        lower.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.goals)
        split.addWidget(lower)
        split.setSizes([360, 440])
        split.setChildrenCollapsible(False)
        self.layout_.addWidget(split, 1)
        self.goals.view.selectionModel().selectionChanged.connect(self._show_steps)

    def load(self) -> None:
        self.steps.model.today = self.today_iso
        name = self.context_name
        whose = f" of {name}" if self.member else ""
        self.goals.set_title(f"Goals — {name}")
        self.goals.set_empty_text(
            f"No goals{whose} yet. Goals agreed in a goal-setting conversation appear here.")
        self.goals.hide_column("Teacher", self.member is not None)
        self.conversations.set_empty_text(f"No conversations{whose} recorded yet.")
        self.conversations.hide_column("Teacher", self.member is not None)
        self.goals.model.set_rows(goals.list_goals(self.db, staff_id=self.staff_id))
        self.conversations.model.set_rows(
            conversations.list_conversations(self.db, staff_id=self.staff_id))
        if self.goals.model.rowCount():
            self.goals.view.selectRow(0)
        self._show_steps()

    def _show_steps(self, *args) -> None:
        goal = self.goals.selected_row()
        if goal is None:
            self.steps.set_title("Action steps")
            self.steps.model.set_rows([])
            return
        self.steps.set_title(f"Action steps — {goal.title}")
        self.steps.set_empty_text("This goal has no action steps yet.")
        self.steps.model.set_rows(goals.list_action_steps(self.db, goal_id=goal.id))
