"""Pieces of a dashboard that open what is behind them, by mouse and by keyboard.

* :class:`OpeningCard` — a figure card (“12 / Goals active”) that opens its list: click it,
  or Tab to it and press Enter or Space.
* :class:`ChartView` — a matplotlib Figure in a Qt canvas (``FigureCanvasQTAgg``, never
  pyplot) whose parts (bars, cells) say what they are in a tooltip, are stepped through with
  the arrow keys (a grid in two directions), named in a line under the chart for the
  keyboard and screen readers, and opened with a click, Enter or Space.

The figure is made elsewhere, off the main thread (``desktop.reports.overview_charts``); the
canvas widget is made here, on the main thread, as Qt requires.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QToolTip, QVBoxLayout

from desktop.ui.widgets import ACCENT, FigureCard

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class OpeningCard(FigureCard):
    """A figure card that opens the list behind its number."""

    opened = Signal()

    def __init__(self, caption_text: str, opens: str = "", parent=None):
        super().__init__(caption_text, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "#figureCard { background: #f6f8f6; border: 1px solid #d5ddd7; border-radius: 6px; }"
            "#figureCard:hover { border: 1px solid #7a9a86; background: #eef3ef; }"
            f"#figureCard:focus {{ border: 2px solid {ACCENT}; background: #eef3ef; }}")
        # Cards side by side share a height, whatever their captions wrap to.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.set_opens(opens)

    def set_opens(self, words: str) -> None:
        """What pressing it shows ("the Observations list, this term")."""
        self.opens = words
        tip = f"Opens {words} (Enter)" if words else ""
        self.setToolTip(tip)
        self.setWhatsThis(tip)

    def set_value(self, value: str) -> None:
        super().set_value(value)
        if self.opens:
            self.setAccessibleDescription(f"{self.caption_text}: {value}. Opens {self.opens}.")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.opened.emit()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in OPEN_KEYS:
            self.opened.emit()
            return
        super().keyPressEvent(event)


class ChartView(QFrame):
    """A chart whose every part can be pointed at and opened; see the module docstring."""

    opened = Signal(object)      # the part's key
    pointed = Signal(object)     # the part now pointed at (None: none)

    def __init__(self, name: str, *, waiting: str = "Working out the figures…", parent=None):
        super().__init__(parent)
        self.setObjectName("chartView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet("#chartView { border: 1px solid transparent; border-radius: 4px; }"
                           f"#chartView:focus {{ border: 2px solid {ACCENT}; }}")
        self.name = name
        self.setAccessibleName(name)
        self.chart = None
        self.canvas = None
        self.current: int | None = None
        self._hovered: int | None = None
        self._marker = None
        self.waiting = QLabel(waiting)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setStyleSheet("color: #666; padding: 18px;")
        self.waiting.setWordWrap(True)
        self.line = QLabel()
        self.line.setWordWrap(True)
        self.line.setStyleSheet("color: #333;")
        self.line.setTextFormat(Qt.TextFormat.PlainText)
        self.line.hide()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(2, 2, 2, 2)
        self.layout_.setSpacing(2)
        self.layout_.addWidget(self.waiting)
        self.layout_.addWidget(self.line)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    # -- filling -----------------------------------------------------------------------------
    def show_waiting(self, text: str | None = None) -> None:
        """Before the figure arrives (or when there is none): words in its place."""
        if text is not None:
            self.waiting.setText(text)
        self._drop_canvas()
        self.chart = None
        self.current = None
        self.waiting.show()
        self.line.hide()
        self.setAccessibleDescription(self.waiting.text())

    def set_chart(self, chart) -> None:
        """Show *chart* (``overview_charts.Chart``), made, laid out and drawn off the main
        thread; shown at exactly its size, so its first paint copies those pixels."""
        self._drop_canvas()
        self.chart = chart
        self.current = None
        self._hovered = None
        self._marker = None
        # Its size in screen points, as drawn (a high-density screen draws it finer, not bigger).
        width, height = chart.figure.get_size_inches() * chart.figure.dpi
        canvas = prepared_canvas(chart.figure, chart.drawn)
        canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the view takes the keys
        canvas.setFixedSize(int(round(width)), int(round(height)))
        canvas.setAccessibleName(self.name)
        canvas.mpl_connect("motion_notify_event", self._moved)
        canvas.mpl_connect("button_release_event", self._clicked)
        canvas.mpl_connect("figure_leave_event", lambda event: self._hover(None))
        self.canvas = canvas
        self.waiting.hide()
        self.layout_.insertWidget(0, canvas, 0, Qt.AlignmentFlag.AlignLeft)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if chart.parts else Qt.FocusPolicy.NoFocus)
        self._say()

    def _drop_canvas(self) -> None:
        if self.canvas is not None:
            self.layout_.removeWidget(self.canvas)
            self.canvas.hide()
            self.canvas.deleteLater()
            self.canvas = None

    @property
    def parts(self) -> list:
        return self.chart.parts if self.chart is not None else []

    # -- pointing ----------------------------------------------------------------------------
    def point_at(self, index: int | None) -> None:
        """Point at part *index* (the keyboard's place): outlined, named under the chart."""
        if not self.parts:
            index = None
        elif index is not None:
            index = max(0, min(index, len(self.parts) - 1))
        self.current = index
        self._outline(index)
        self._say()
        self.pointed.emit(None if index is None else self.parts[index].key)

    def open_current(self) -> None:
        if self.current is not None and self.parts:
            self.opened.emit(self.parts[self.current].key)

    def _say(self) -> None:
        summary = self.chart.summary if self.chart is not None else ""
        if self.current is None:
            self.line.setVisible(False)
            hint = " Tab here and use the arrow keys to read each part; Enter opens it." if self.parts else ""
            self.setAccessibleDescription(f"{summary}{hint}".strip())
            return
        text = self.parts[self.current].text
        self.line.setText(f"▸ {text}  (Enter opens it)")
        self.line.setVisible(True)
        self.setAccessibleDescription(f"{text}. Enter opens it. {summary}".strip())

    def _outline(self, index: int | None) -> None:
        from matplotlib.patches import Rectangle

        if self._marker is not None:
            self._marker.remove()
            self._marker = None
        if index is not None and self.canvas is not None:
            from matplotlib.transforms import IdentityTransform

            artist = self.parts[index].artist
            ax = artist.axes
            if artist is ax.patch:
                box = Rectangle((0, 0), 1, 1, transform=ax.transAxes)
            else:   # three pixels around the bar or cell (the figure is shown at its size)
                extent = artist.get_window_extent()
                box = Rectangle((extent.x0 - 3, extent.y0 - 3), extent.width + 6,
                                extent.height + 6, transform=IdentityTransform())
            box.set(fill=False, edgecolor="black", linewidth=2.2, linestyle=(0, (3, 1.5)),
                    zorder=20, clip_on=False)
            box.set_in_layout(False)
            ax.add_patch(box)
            self._marker = box
        if self.canvas is not None:
            self.canvas.draw_idle()

    def _part_at(self, event) -> int | None:
        for index, part in enumerate(self.parts):
            if part.artist.contains(event)[0]:
                return index
        return None

    def _moved(self, event) -> None:
        self._hover(self._part_at(event) if event.inaxes is not None else None)

    def _hover(self, index: int | None) -> None:
        # Moving within the part shows its tip again once something (a click, a window
        # change, its timeout) has hidden it, as Qt's own tooltips do.
        if index == self._hovered and (index is None or QToolTip.isVisible()):
            return
        self._hovered = index
        if self.canvas is None:
            return
        if index is None:
            self.canvas.unsetCursor()
            QToolTip.hideText()
            return
        self.canvas.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos(), f"{self.parts[index].text}\nClick to open.", self.canvas)

    def _clicked(self, event) -> None:
        if event.button != 1 or event.inaxes is None:
            return
        index = self._part_at(event)
        if index is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.point_at(index)
            self.opened.emit(self.parts[index].key)

    # -- keys --------------------------------------------------------------------------------
    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if self.current is None and self.parts:
            self.point_at(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if not self.parts:
            super().keyPressEvent(event)
            return
        if key in OPEN_KEYS:
            self.open_current()
            return
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0),
                 Qt.Key.Key_Down: (1, 0)}
        if key in moves:
            self.point_at(self._step(*moves[key]))
            return
        if key == Qt.Key.Key_Home:
            self.point_at(0)
            return
        if key == Qt.Key.Key_End:
            self.point_at(len(self.parts) - 1)
            return
        super().keyPressEvent(event)

    def _step(self, rows: int, columns: int) -> int:
        current = self.current if self.current is not None else 0
        here = self.parts[current].cell
        if here is None:   # a row of bars: every arrow moves along it
            return current + (rows or columns)
        wanted = (here[0] + rows, here[1] + columns)
        for index, part in enumerate(self.parts):
            if part.cell == wanted:
                return index
        return current


def prepared_canvas(figure, drawn):
    """A ``FigureCanvasQTAgg`` for *figure* whose first paint uses the pixels *drawn* (a
    ``FigureCanvasAgg`` it was drawn on off the main thread), when the size is unchanged;
    every later draw (the keyboard's outline) is an ordinary one."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class PreparedCanvas(FigureCanvasQTAgg):
        def draw(self):
            ready, self._ready = getattr(self, "_ready", None), None
            renderer = getattr(ready, "renderer", None)
            # The size as get_renderer() compares it (matplotlib's own rounding): int() of
            # the figure's 229.99999999999997-point side made two charts of five draw again
            # here, on the main thread.
            if renderer is not None and \
                    ready._lastKey == (*self.get_width_height(physical=True), self.figure.dpi):
                self.renderer, self._lastKey = renderer, ready._lastKey
                self.update()
                return
            super().draw()

    canvas = PreparedCanvas(figure)
    canvas._ready = drawn
    return canvas


def part_index(view: ChartView, key: Any) -> int | None:
    """Where the part standing for *key* is in *view* (tests and the tab point at it)."""
    return next((index for index, part in enumerate(view.parts) if part.key == key), None)
