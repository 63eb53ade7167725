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
    figure = _figure(panel_width_in * columns, panel_height_in * rows + 0.3, [trend.name for trend in trends])
    axes = figure.subplots(rows, columns, squeeze=False, sharey=True)
    for index, trend in enumerate(trends):
        ax = axes[index // columns][index % columns]
        days = [day for day, _ in trend.points]
        scores = [score for _, score in trend.points]
        ax.plot(days, scores, color="black", linewidth=1.2, marker="o", markersize=3.5)
        ax.set_ylim(0.5, max_level + 0.5)
        ax.set_yticks(range(1, max_level + 1))
        ax.tick_params(labelsize=6.5)
        ax.grid(axis="y", color="#cccccc", linewidth=0.5)
        change = trend.change
        arrow = "" if change is None else (" ▲" if change > 0 else " ▼" if change < 0 else " =")
        ax.set_title(_short(f"{trend.code} {trend.name}", 30) + arrow, fontsize=7.5, loc="left")
        date_axis(ax, max_ticks=4)
        if len(days) == 1:
            # One visit: a month around it, so the single point sits in view.
            ax.set_xlim(days[0] - timedelta(days=15), days[0] + timedelta(days=15))
    for index in range(len(trends), rows * columns):
        axes[index // columns][index % columns].axis("off")
    figure.tight_layout(pad=0.6)
    return figure


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
