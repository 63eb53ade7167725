"""The Goals & Conversations tab's conversation list; private notes stay hidden."""

from __future__ import annotations

from db.conversations import Conversation
from db.goals import label
from desktop.ui.models.table import Column, PagedTableModel, date_text

PRIVATE_MARKER = "Private — notes hidden"


def _notes(c: Conversation) -> str:
    if c.is_private:
        return PRIVATE_MARKER
    return " ".join(c.notes.split())


class ConversationsModel(PagedTableModel[Conversation]):
    """Read a page at a time, sorted by storage (db.conversations.CONVERSATION_ORDERS)."""

    columns = (
        Column("Date", lambda c: date_text(c.held_on), sort_key=lambda c: c.held_on, width=11),
        Column("Teacher", lambda c: c.teacher_name, width=18),
        Column("Kind", lambda c: label(c.kind), width=13),
        Column("With", lambda c: c.leader_name, width=14),
        Column("Notes", _notes, tooltip=lambda c: "" if c.is_private else c.notes),
        Column("Next meeting", lambda c: date_text(c.next_meeting_on),
               sort_key=lambda c: c.next_meeting_on or "", width=12),
    )
    orders = {"Date": "date", "Teacher": "teacher", "Kind": "kind", "With": "with",
              "Next meeting": "next"}
    default_order = ("Date", True)   # newest first

    def extra_data(self, row: Conversation, column: Column, role: int):
        from PySide6.QtCore import Qt
        if row.is_private and column.header == "Notes":
            if role == Qt.ItemDataRole.FontRole:
                from PySide6.QtGui import QFont
                font = QFont()
                font.setItalic(True)
                return font
        return None
