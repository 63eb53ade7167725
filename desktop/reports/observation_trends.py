"""One teacher's scores over time, indicator by indicator: small multiples in black.

One small panel per indicator (same scale everywhere) instead of many lines on one
axis: with 15–20 indicators, no palette or marker set keeps that many lines apart on a
photocopy, but a panel title always does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from db import evidence


@dataclass(frozen=True)
class IndicatorTrend:
    code: str
    name: str
    points: list[tuple[date, float]]   # complete observations only, oldest first

    @property
    def change(self) -> float | None:
        """Last score minus first, when there are two or more."""
        return self.points[-1][1] - self.points[0][1] if len(self.points) > 1 else None


def indicator_trends(db: Database, staff_id: str, *, since: str | None = None,
                     until: str | None = None) -> list[IndicatorTrend]:
    """Every indicator the teacher has been scored on, in rubric code order.

    A visit's point on an indicator is its score there; a walkthrough that marked only
    the indicator's look-fors gives the mean of those marks instead.
    """
    names = dict(db.execute(
        "SELECT i.code, i.name FROM rubric_indicators i JOIN rubrics r ON r.id = i.rubric_id "
        "ORDER BY r.retired_at IS NULL, r.version"   # the newest wording wins
    ).fetchall())
    per_visit: dict[tuple[str, str], tuple[date, list[int]]] = {}
    for row in evidence.observation_scores(db, staff_id, since=since, until=until):
        per_visit[(row.observation_id, row.indicator_code)] = (row.observed_on, [row.score])
    marks: dict[tuple[str, str], tuple[date, list[int]]] = {}
    for row in evidence.look_for_marks(db, staff_id, since=since, until=until):
        marks.setdefault((row.observation_id, row.indicator_code), (row.observed_on, []))[1].append(row.score)
    for key, found in marks.items():
        per_visit.setdefault(key, found)
    by_code: dict[str, list[tuple[date, float]]] = {}
    for (_, code), (day, scores) in per_visit.items():
        by_code.setdefault(code, []).append((day, sum(scores) / len(scores)))
    return [IndicatorTrend(code, names.get(code, code), sorted(points))
            for code, points in sorted(by_code.items(), key=lambda item: _code_key(item[0]))]


def _code_key(code: str):
    return [int(part) if part.isdigit() else part for part in code.replace("-", ".").split(".")]


def trends_figure(trends: list[IndicatorTrend], *, max_level: int = 4, columns: int = 4,
                  panel_width_in: float = 2.3, panel_height_in: float = 1.6):
    """A matplotlib Figure (never pyplot): one panel per indicator, levels 1..max_level."""
    from desktop.reports.charts import _figure, date_axis

    if not trends:
        figure = _figure(6, 2)
        ax = figure.add_subplot(111)
        ax.axis("off")
        ax.text(0.5, 0.5, "No scores yet: trends appear after the first complete observation.",
                ha="center", va="center", fontsize=9)
        return figure
    columns = max(1, min(columns, len(trends)))
    rows = math.ceil(len(trends) / columns)
    width, height = panel_width_in * columns, panel_height_in * rows + 0.3
    figure = _figure(width, height, [trend.name for trend in trends])
    # One time scale and one level scale for every panel (shared axes: the scales and date
    # ticks are worked out once, and the panels compare at a glance); fixed margins instead
    # of tight_layout, which measured every panel's labels again (seconds for 20 panels).
    axes = figure.subplots(rows, columns, squeeze=False, sharex=True, sharey=True)
    days = [day for trend in trends for day, _ in trend.points]
    first, last = min(days), max(days)
    margin = max(timedelta(days=15) if first == last else (last - first) / 25, timedelta(days=1))
    for index, trend in enumerate(trends):
        ax = axes[index // columns][index % columns]
        ax.plot([day for day, _ in trend.points], [score for _, score in trend.points],
                color="black", linewidth=1.2, marker="o", markersize=3.5)
        ax.tick_params(labelsize=6.5)
        ax.grid(axis="y", color="#cccccc", linewidth=0.5)
        change = trend.change
        arrow = "" if change is None else (" ▲" if change > 0 else " ▼" if change < 0 else " =")
        ax.set_title(_short(f"{trend.code} {trend.name}", 30) + arrow, fontsize=7.5, loc="left")
    top_left = axes[0][0]
    top_left.set_ylim(0.5, max_level + 0.5)
    top_left.set_yticks(range(1, max_level + 1))
    # A single visit sits inside a month around it; several, inside their span.
    top_left.set_xlim(first - margin, last + margin)
    date_axis(top_left, max_ticks=4)
    for index in range(len(trends), rows * columns):
        axes[index // columns][index % columns].axis("off")
        if index >= columns:   # the panel above an empty place keeps its dates
            axes[index // columns - 1][index % columns].xaxis.set_tick_params(labelbottom=True)
    figure.subplots_adjust(left=0.35 / width, right=1 - 0.1 / width, bottom=0.35 / height,
                           top=1 - 0.3 / height, wspace=0.08, hspace=0.45)
    return figure


def render_rgba(figure, *, dpi: float = 100) -> tuple[bytes, int, int]:
    """*figure* drawn (Agg, no window: a worker thread may do it) as RGBA bytes, width, height."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    return bytes(canvas.buffer_rgba()), width, height


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
