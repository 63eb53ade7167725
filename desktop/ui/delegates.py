"""Painting for cells that say more as a picture: progress bars and celebration cards."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.models.goals import PROGRESS_ROLE
from desktop.ui.models.table import ROW_ROLE

ACCENT = QColor("#2f6b4f")


class ProgressDelegate(QStyledItemDelegate):
    """A thin bar under the percentage; the number stays, so colour is not the only signal."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        super().paint(painter, option, index)
        value = index.data(PROGRESS_ROLE)
        if value is None:
            return
        painter.save()
        track = QRect(option.rect.left() + 6, option.rect.bottom() - 5, option.rect.width() - 12, 3)
        painter.fillRect(track, QColor("#dfe6e1"))
        filled = QRect(track)
        filled.setWidth(int(track.width() * max(0, min(int(value), 100)) / 100))
        painter.fillRect(filled, ACCENT)
        painter.restore()


class CelebrationCardDelegate(QStyledItemDelegate):
    """One card per celebration: kind and date, title, who, the story, public or private."""

    CARD = QSize(330, 164)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.card_size = QSize(self.CARD)

    def sizeHint(self, option, index) -> QSize:
        return self.card_size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        celebration = index.data(ROW_ROLE)
        if celebration is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = option.rect.adjusted(6, 6, -6, -6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(ACCENT if selected else QColor("#cfd8d2"), 2 if selected else 1))
        painter.setBrush(QColor("#fbfcfa") if celebration.is_public else QColor("#f3f1f6"))
        painter.drawRoundedRect(card, 8, 8)
        painter.fillRect(QRect(card.left() + 1, card.top() + 8, 4, card.height() - 16),
                         ACCENT if celebration.is_public else QColor("#7a6a93"))

        inner = card.adjusted(16, 10, -12, -10)
        base = QFont(option.font)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.9)
        bold = QFont(base)
        bold.setBold(True)
        bold.setPointSizeF(base.pointSizeF() * 1.08)
        line = painter.fontMetrics().height()

        painter.setFont(small)
        painter.setPen(QColor("#555555"))
        top = QRect(inner.left(), inner.top(), inner.width(), line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft,
                         f"{celebration.kind_label} · {celebration.celebrated_on[:10]}")
        marker = "Public" if celebration.is_public else "Private"
        painter.setPen(ACCENT if celebration.is_public else QColor("#5b4b75"))
        painter.drawText(top, Qt.AlignmentFlag.AlignRight, marker)

        painter.setFont(bold)
        painter.setPen(QColor("#1d1d1d"))
        # Titles wrap onto a second line before they are shortened.
        title_flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        title_height = painter.fontMetrics().height()
        full = QRect(inner.left(), top.bottom() + 6, inner.width(), title_height * 2 + 2)
        title = _fit(painter, celebration.title, full, title_flags)
        used = painter.fontMetrics().boundingRect(full, int(title_flags), title).height()
        title_rect = QRect(full.left(), full.top(), full.width(), max(used, title_height))
        painter.drawText(title_rect, int(title_flags), title)

        painter.setFont(small)
        painter.setPen(ACCENT)
        who_rect = QRect(inner.left(), title_rect.bottom() + 2, inner.width(), line)
        who = ", ".join(celebration.staff_names) or "The whole staff"
        painter.drawText(who_rect, Qt.AlignmentFlag.AlignLeft,
                         painter.fontMetrics().elidedText(who, Qt.TextElideMode.ElideRight, inner.width()))

        painter.setFont(base)
        painter.setPen(QColor("#333333"))
        story_rect = QRect(inner.left(), who_rect.bottom() + 6, inner.width(),
                           inner.bottom() - who_rect.bottom() - 6)
        story = " ".join(celebration.story.split())
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(story_rect, int(flags), _fit(painter, story, story_rect, flags))
        painter.restore()


def _fit(painter: QPainter, text: str, rect: QRect, flags) -> str:
    """Shorten *text* word by word until it fits *rect*, ending with an ellipsis."""
    metrics = painter.fontMetrics()
    if metrics.boundingRect(rect, int(flags), text).height() <= rect.height():
        return text
    words = text.split()
    while words:
        words.pop()
        candidate = " ".join(words) + "…"
        if metrics.boundingRect(rect, int(flags), candidate).height() <= rect.height():
            return candidate
    return ""
