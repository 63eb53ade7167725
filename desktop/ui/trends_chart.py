"""One teacher's scores over time, indicator by indicator: small multiples painted in black.

One small panel per indicator, every panel on the same level scale and the same dates,
instead of many lines on one axis: with 15–20 indicators, no palette or marker set keeps
that many lines apart, but a panel title always does. Painted with QPainter rather than
drawn by matplotlib: a district teacher's 17 panels took matplotlib 1–2 s to lay out and
render (the Trends view waited for it); painted, they take milliseconds, and they are
sharp at any screen density.

The chart is read from the keyboard too: Tab to it, the arrow keys step through the
panels, and the line under the title of the panel in focus (and the accessible
description) says its scores in words.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.wording import day as day_words
from desktop.reports.observation_trends import IndicatorTrend

PANEL_WIDTH, PANEL_HEIGHT = 230, 160    # one indicator's panel, in screen points
TITLE_HEIGHT, AXIS_HEIGHT, LEVELS_WIDTH = 18, 16, 22
EMPTY = "No scores yet: trends appear after the first complete observation."


def arrow(trend: IndicatorTrend) -> str:
    """▲ rising, ▼ falling, = level, nothing for a single score: the sign beside a title."""
    change = trend.change
    return "" if change is None else "▲" if change > 0 else "▼" if change < 0 else "="


def spoken(trend: IndicatorTrend) -> str:
    """A panel in words, for the line under the chart and screen readers."""
    scores = [f"{score:g}" for _, score in trend.points]
    visits = len(trend.points)
    first, last = trend.points[0][0], trend.points[-1][0]
    span = f"on {day_words(first)}" if visits == 1 else f"from {day_words(first)} to {day_words(last)}"
    change = trend.change
    direction = ("" if change is None else f", rising by {change:g}" if change > 0 else
                 f", falling by {-change:g}" if change < 0 else ", level")
    return (f"{trend.code} {trend.name}: {visits} visit{'s' if visits != 1 else ''} {span}; "
            f"levels {', '.join(scores)}{direction}")


def month_ticks(first: date, last: date, most: int = 4) -> list[date]:
    """The first days of months between *first* and *last*, at most *most*, evenly spaced."""
    months = []
    day = date(first.year, first.month, 1)
    if day < first:
        day = _next_month(day)
    while day <= last:
        months.append(day)
        day = _next_month(day)
    step = max(1, math.ceil(len(months) / most))
    return months[::step]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class TrendsChart(QWidget):
    """The panels for *trends* (oldest score first in each), on levels 1..*max_level*."""

    pointed = Signal(int)    # the panel now in focus, for the keyboard

    def __init__(self, trends: list[IndicatorTrend], *, max_level: int = 4, columns: int = 4,
                 summary: str = "", parent=None):
        super().__init__(parent)
        self.trends = list(trends)
        self.max_level = max_level
        self.columns = max(1, min(columns, len(self.trends) or 1))
        self.rows = math.ceil(len(self.trends) / self.columns) if self.trends else 1
        self.summary = summary
        self.current: int | None = None
        # The panels drawn once, then copied at each paint: a window's paints (a tooltip
        # over it, the list beside it, the tab shown again) do not draw them again.
        self._picture: QPixmap | None = None
        days = [day for trend in self.trends for day, _ in trend.points]
        if days:
            first, last = min(days), max(days)
            # A single visit sits inside a month around it; several, inside their span.
            margin = max(timedelta(days=15) if first == last else (last - first) / 12,
                         timedelta(days=1))
            self.first, self.last = first - margin, last + margin
            self.ticks = month_ticks(self.first, self.last)
        else:
            self.first = self.last = None
            self.ticks = []
        self.setAccessibleName("Indicator trends chart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self.trends else Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(self.sizeHint())
        self._describe()

    # -- size and places ------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if not self.trends:
            return QSize(PANEL_WIDTH * 2, 60)
        return QSize(LEVELS_WIDTH + self.columns * PANEL_WIDTH + 8, self.rows * PANEL_HEIGHT + 6)

    def panel_rect(self, index: int) -> QRectF:
        """Where panel *index* is painted (its title, plot and dates)."""
        row, column = divmod(index, self.columns)
        return QRectF(LEVELS_WIDTH + column * PANEL_WIDTH, row * PANEL_HEIGHT + 4,
                      PANEL_WIDTH - 10, PANEL_HEIGHT - 8)

    def plot_rect(self, index: int) -> QRectF:
        panel = self.panel_rect(index)
        return panel.adjusted(0, TITLE_HEIGHT, 0, -AXIS_HEIGHT)

    def point_at(self, index: int, trend_point: tuple[date, float]) -> QPointF:
        """Where a score sits inside panel *index*."""
        plot = self.plot_rect(index)
        day, score = trend_point
        span = (self.last - self.first).days or 1
        x = plot.left() + plot.width() * (day - self.first).days / span
        y = plot.bottom() - plot.height() * (score - 0.5) / self.max_level
        return QPointF(x, y)

    # -- painting -------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        ratio = self.devicePixelRatioF()
        if (self._picture is None or self._picture.devicePixelRatioF() != ratio
                or self._picture.deviceIndependentSize().toSize() != self.size()):
            self._picture = QPixmap(self.size() * ratio)
            self._picture.setDevicePixelRatio(ratio)
            self._draw(self._picture)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        painter.end()

    def _redraw(self) -> None:
        """Draw the panels again at the next paint (the keyboard's place or the focus moved)."""
        self._picture = None
        self.update()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._picture = None
        super().changeEvent(event)

    def _draw(self, device: QPixmap) -> None:
        painter = QPainter(device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.8))
        painter.setFont(small)
        if not self.trends:
            painter.setPen(QColor("black"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, EMPTY)
            painter.end()
            return
        for index, trend in enumerate(self.trends):
            self._paint_panel(painter, index, trend, small)
        painter.end()

    def _paint_panel(self, painter: QPainter, index: int, trend: IndicatorTrend, small: QFont) -> None:
        panel, plot = self.panel_rect(index), self.plot_rect(index)
        metrics = QFontMetrics(small)
        black, grey = QColor("black"), QColor("#cccccc")
        # The title: code, name (shortened to the panel) and the sign of the change.
        title_font = QFont(small)
        title_font.setBold(index == self.current)
        painter.setFont(title_font)
        sign = arrow(trend)
        title = QFontMetrics(title_font).elidedText(
            f"{trend.code} {trend.name}", Qt.TextElideMode.ElideRight,
            int(panel.width() - QFontMetrics(title_font).horizontalAdvance(f" {sign}") - 2))
        painter.setPen(black)
        painter.drawText(QRectF(panel.left(), panel.top(), panel.width(), TITLE_HEIGHT),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         f"{title} {sign}".rstrip())
        painter.setFont(small)
        # Levels: a light line at each; their numbers beside the first column.
        for level in range(1, self.max_level + 1):
            y = plot.bottom() - plot.height() * (level - 0.5) / self.max_level
            painter.setPen(QPen(grey, 0.6))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if index % self.columns == 0:
                painter.setPen(black)
                painter.drawText(QRectF(0, y - 8, LEVELS_WIDTH - 4, 16),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(level))
        painter.setPen(QPen(black, 0.8))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(plot)
        # Dates: the first of a few months, under every panel (each panel reads alone).
        span = (self.last - self.first).days or 1
        for tick in self.ticks:
            x = plot.left() + plot.width() * (tick - self.first).days / span
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))
            label = calendar.month_abbr[tick.month]
            if tick.month == 1 or tick == self.ticks[0]:
                label += f" {tick.year}"
            width = metrics.horizontalAdvance(label)
            left = min(max(x - width / 2, panel.left()), panel.right() - width)
            painter.drawText(QPointF(left, plot.bottom() + 4 + metrics.ascent()), label)
        # The scores: a black line through dots, oldest first.
        places = [self.point_at(index, point) for point in trend.points]
        painter.setPen(QPen(black, 1.4))
        if len(places) > 1:
            path = QPainterPath(places[0])
            for place in places[1:]:
                path.lineTo(place)
            painter.drawPath(path)
        painter.setBrush(black)
        for place in places:
            painter.drawEllipse(place, 2.6, 2.6)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if index == self.current and self.hasFocus():
            painter.setPen(QPen(black, 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(panel.adjusted(-4, -2, 4, 2))

    # -- the keyboard ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not self.trends:
            return super().keyPressEvent(event)
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                 Qt.Key.Key_Up: -self.columns, Qt.Key.Key_Down: self.columns}
        key = event.key()
        if key in steps:
            start = 0 if self.current is None else self.current + steps[key]
            self.point(max(0, min(start, len(self.trends) - 1)))
        elif key == Qt.Key.Key_Home:
            self.point(0)
        elif key == Qt.Key.Key_End:
            self.point(len(self.trends) - 1)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        if self.current is None and self.trends:
            self.point(0)
        self._redraw()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self._redraw()

    def point(self, index: int) -> None:
        """Put the keyboard's place on panel *index*: outlined, and said in words."""
        self.current = index
        self._describe()
        self._redraw()
        self.pointed.emit(index)

    def current_text(self) -> str:
        return spoken(self.trends[self.current]) if self.current is not None else ""

    def _describe(self) -> None:
        if not self.trends:
            self.setAccessibleDescription(EMPTY)
            return
        hint = "Use the arrow keys to read each indicator."
        if self.current is not None:
            self.setAccessibleDescription(f"{self.current_text()}. {self.summary} {hint}".strip())
        else:
            self.setAccessibleDescription(f"{self.summary} {hint}".strip())
