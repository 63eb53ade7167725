"""Celebrations: a wall of cards, newest first, each marked public or private."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QStackedWidget

from db import celebrations
from desktop.ui.delegates import CelebrationCardDelegate
from desktop.ui.models.celebrations import CelebrationsModel
from desktop.ui.tabs.base import Tab
from desktop.ui.widgets import caption, heading, set_heading

WALL_NAME = "Celebration wall"


class CelebrationsTab(Tab):
    title = "Celebrations"
    slug = "celebrations"
    tables = frozenset({"staff", "celebrations", "celebration_staff"})

    def __init__(self, db, today, parent=None):
        super().__init__(db, today, parent)
        self.heading = heading("Celebrations")
        self.subtitle = caption()
        self.model = CelebrationsModel(self)
        self.wall = QListView()
        self.wall.setModel(self.model)
        self.wall.setViewMode(QListView.ViewMode.IconMode)
        self.wall.setFlow(QListView.Flow.LeftToRight)
        self.wall.setWrapping(True)
        self.wall.setResizeMode(QListView.ResizeMode.Adjust)
        self.wall.setMovement(QListView.Movement.Static)
        self.wall.setUniformItemSizes(True)
        self.wall.setGridSize(CelebrationCardDelegate.CARD + QSize(4, 4))
        self.wall.setSpacing(0)
        self.wall.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cards = CelebrationCardDelegate(self.wall)
        self.wall.setItemDelegate(self.cards)
        self.wall.viewport().installEventFilter(self)
        self.wall.setAccessibleName(WALL_NAME)
        self.wall.setStyleSheet("QListView { background: #ffffff; }")
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #666; padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.wall)
        self.stack.addWidget(self.empty)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.subtitle)
        self.layout_.addWidget(self.stack, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.wall.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_cards(self.wall.viewport().width())
        return super().eventFilter(watched, event)

    def _fit_cards(self, width: int) -> None:
        """As many columns as fit at the smallest card width, then share out the rest."""
        smallest = CelebrationCardDelegate.CARD.width()
        usable = width - 24   # room for the scroll bar, so it appearing does not re-flow the wall
        columns = max(1, usable // (smallest + 4))
        card = QSize(min(usable // columns - 4, 2 * smallest), CelebrationCardDelegate.CARD.height())
        if card != self.cards.card_size:
            self.cards.card_size = card
            self.wall.setGridSize(card + QSize(4, 4))

    def load(self) -> None:
        rows = celebrations.list_celebrations(self.db, staff_id=self.staff_id)
        self.model.set_rows(rows)
        set_heading(self.heading, f"Celebrations — {self.context_name}")
        public = sum(1 for row in rows if row.is_public)
        self.subtitle.setText(
            f"{len(rows)} celebrations, newest first · {public} public, "
            f"{len(rows) - public} private" if rows else "")
        who = f"{self.context_name} has not" if self.member else "Nobody has"
        text = (f"{who} been celebrated yet. Goals met, PD completed and shout-outs "
                "show up here as cards.")
        self.empty.setText(text)
        self.empty.setAccessibleName(text)
        self.stack.setCurrentIndex(0 if rows else 1)
