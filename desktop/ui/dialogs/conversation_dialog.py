"""Record a coaching conversation; a goal-setting one shows prompts from the teacher's profile.

``ConversationDialog.ask()`` saves the typed values through *save* and returns its
Result, or None. ``values["write_goal"]`` asks the tab to open the goal editor next, so
the goal agreed is linked to this talk.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.conversations import KIND_NAMES, KINDS, ConversationDetail
from db.goals import Goal
from desktop.core.conversation_prompts import Prompt
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result
from desktop.ui.widgets import save_cancel_buttons


class ConversationDialog(FormDialog):
    def __init__(self, parent: QWidget | None, *, teacher_name: str, today: date,
                 goals: list[Goal], prompts: list[Prompt],
                 conversation: ConversationDetail | None = None,
                 values: dict[str, Any] | None = None, error: str = ""):
        super().__init__(parent, error=error)
        self.is_new = conversation is None   # an edit links goals; it does not write new ones
        self.setWindowTitle(f"{'Edit' if conversation else 'New'} conversation — {teacher_name}")
        self.setMinimumWidth(820)
        start: dict[str, Any] = {"kind": "goal_setting", "held_on": today.isoformat()}
        if conversation is not None:
            start = {"kind": conversation.kind, "held_on": conversation.held_on,
                     "notes": conversation.notes, "is_private": conversation.is_private,
                     "next_meeting_on": conversation.next_meeting_on,
                     "goal_ids": conversation.goal_ids}
        start.update(values or {})

        form = QFormLayout()
        self.kind = QComboBox()
        for code in KINDS:
            self.kind.addItem(KIND_NAMES[code], code)
        self.kind.setCurrentIndex(max(self.kind.findData(start.get("kind")), 0))
        self._add(form, "&Kind", self.kind)
        self.held_on = DateField(start.get("held_on"), accessible_name="Date",
                                        allow_empty=False)
        self._add(form, "&Date", self.held_on)
        self.notes = QPlainTextEdit(start.get("notes") or "")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(130)
        self._add(form, "&Notes", self.notes)
        self.private = QCheckBox("&Private: leave these notes out of lists and printouts")
        self.private.setChecked(bool(start.get("is_private")))
        self.private.setAccessibleName("Private")
        form.addRow("", self.private)
        self.next_meeting = DateField(start.get("next_meeting_on"),
                                             accessible_name="Next meeting")
        self._add(form, "Ne&xt meeting", self.next_meeting)
        self.goal_list = QListWidget()
        self.goal_list.setMaximumHeight(110)
        linked = set(start.get("goal_ids") or ())
        for goal in goals:
            item = QListWidgetItem(f"{goal.title}  ({goal.status.replace('_', ' ')})")
            item.setData(Qt.ItemDataRole.UserRole, goal.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if goal.id in linked else Qt.CheckState.Unchecked)
            self.goal_list.addItem(item)
        if not goals:
            self.goal_list.addItem("No goals yet")
            self.goal_list.setEnabled(False)
        self._add(form, "&Linked goals", self.goal_list)
        self.write_goal = QCheckBox("Write the &goal agreed here after saving")
        self.write_goal.setAccessibleName("Write the goal agreed here after saving")
        self.write_goal.setChecked(conversation is None and start.get("kind") == "goal_setting")
        form.addRow("", self.write_goal)
        self.field_widgets = {"kind": self.kind, "held_on": self.held_on, "notes": self.notes,
                              "next_meeting_on": self.next_meeting, "goal_ids": self.goal_list}

        self.prompts_box = QGroupBox("Prompts from the growth profile")
        self.prompts_box.setAccessibleName("Prompts from the growth profile")
        # The prompts scroll rather than squeeze: a squeezed word-wrapped label cuts its last lines.
        prompts_page = QWidget()
        prompts_layout = QVBoxLayout(prompts_page)
        prompts_layout.setContentsMargins(0, 0, 4, 0)
        self.prompt_labels: list[QLabel] = []
        for prompt in prompts:
            line = QLabel(f"<b>{_html(prompt.heading)}</b><br>{_html(prompt.text)}")
            line.setWordWrap(True)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            line.setAccessibleName(f"{prompt.heading}: {prompt.text}")
            prompts_layout.addWidget(line)
            self.prompt_labels.append(line)
        prompts_layout.addStretch(1)
        prompts_scroll = QScrollArea()
        prompts_scroll.setWidgetResizable(True)
        prompts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        prompts_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        prompts_scroll.setWidget(prompts_page)
        QVBoxLayout(self.prompts_box).addWidget(prompts_scroll)
        self.prompts_box.setMinimumWidth(290)

        body = QHBoxLayout()
        body.addLayout(form, 3)
        body.addWidget(self.prompts_box, 2)
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.kind.setFocus()

    @staticmethod
    def _add(form: QFormLayout, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", ""))
        form.addRow(label, widget)

    def _kind_changed(self, *args) -> None:
        goal_setting = self.kind.currentData() == "goal_setting"
        # Prompts help choose a goal; other conversations keep the full width for notes.
        self.prompts_box.setVisible(goal_setting)
        self.write_goal.setVisible(goal_setting and self.is_new)
        if not goal_setting:
            self.write_goal.setChecked(False)

    def linked_goal_ids(self) -> tuple[str, ...]:
        found = []
        for row in range(self.goal_list.count()):
            item = self.goal_list.item(row)
            goal_id = item.data(Qt.ItemDataRole.UserRole)
            if goal_id and item.checkState() == Qt.CheckState.Checked:
                found.append(goal_id)
        return tuple(found)

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind.currentData(), "held_on": self.held_on.iso(),
            "notes": self.notes.toPlainText().strip(), "is_private": self.private.isChecked(),
            "next_meeting_on": self.next_meeting.iso(), "goal_ids": self.linked_goal_ids(),
            "write_goal": self.write_goal.isChecked(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, *, teacher_name: str, today: date, goals: list[Goal],
            prompts: list[Prompt], save: Callable[[dict[str, Any]], Result],
            conversation: ConversationDetail | None = None,
            values: dict[str, Any] | None = None) -> Result | None:
        """Show the form until *save* succeeds (its Result) or it is cancelled (None)."""
        return cls(parent, teacher_name=teacher_name, today=today, goals=goals, prompts=prompts,
                   conversation=conversation, values=values).ask_to_save(save)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
