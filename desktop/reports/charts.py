"""Charts as matplotlib Figures (never pyplot): readable in black and white.

Series differ by marker and line style, not only colour, so a photocopy or a
colour-blind reader loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINE_STYLES = ("-", "--", "-.", ":")
GREYS = ("#000000", "#444444", "#777777", "#999999")


def _figure(width_in: float, height_in: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=100)
    _use_bundled_font()
    return figure


def _use_bundled_font() -> None:
    """The handouts' faces in fallback order, so a Chinese or Arabic indicator name draws too."""
    from matplotlib import rcParams

    from desktop.reports.fonts import matplotlib_families

    rcParams["font.family"] = matplotlib_families()


@dataclass(frozen=True)
class RadarSeries:
    label: str
    values: list[float | None]   # one per axis, 1–4; None drawn at 0 (no evidence)


def radar_chart(axes_labels: list[str], series: list[RadarSeries], *, max_level: int = 4,
                width_in: float = 5.5, height_in: float = 5.0):
    import math

    figure = _figure(width_in, height_in)
    if not axes_labels:
        ax = figure.add_subplot(111)
        ax.axis("off")
        ax.text(0.5, 0.5, "No indicators to show yet", ha="center", va="center")
        return figure
    ax = figure.add_subplot(111, projection="polar")
    count = len(axes_labels)
    angles = [2 * math.pi * index / count for index in range(count)]
    for index, item in enumerate(series):
        values = [value if value is not None else 0 for value in item.values]
        ax.plot(angles + angles[:1], values + values[:1],
                linestyle=LINE_STYLES[index % len(LINE_STYLES)], marker=MARKERS[index % len(MARKERS)],
                color=GREYS[index % len(GREYS)], linewidth=1.6, markersize=4, label=item.label)
        if index == 0:
            ax.fill(angles + angles[:1], values + values[:1], color="#000000", alpha=0.08)
    ax.set_xticks(angles)
    ax.set_xticklabels([_wrap(label, 16) for label in axes_labels], fontsize=7)
    ax.set_ylim(0, max_level)
    ax.set_yticks(range(1, max_level + 1))
    ax.set_yticklabels([str(level) for level in range(1, max_level + 1)], fontsize=7, color="#555555")
    ax.grid(color="#bbbbbb", linewidth=0.6)
    if len(series) > 1:
        # Below the plot: beside it, the legend hid the labels of the first indicators.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(series), fontsize=8,
                  frameon=False)
    figure.tight_layout()
    return figure


@dataclass(frozen=True)
class TrendSeries:
    label: str
    points: list[tuple[date, float]]


def trend_chart(series: list[TrendSeries], *, max_level: int = 4, title: str = "",
                width_in: float = 7.0, height_in: float = 3.4):
    figure = _figure(width_in, height_in)
    ax = figure.add_subplot(111)
    drawn = [item for item in series if item.points]
    if not drawn:
        ax.axis("off")
        ax.text(0.5, 0.5, "No scores yet", ha="center", va="center")
        return figure
    for index, item in enumerate(drawn):
        points = sorted(item.points)
        ax.plot([day for day, _ in points], [value for _, value in points],
                linestyle=LINE_STYLES[index % len(LINE_STYLES)], marker=MARKERS[index % len(MARKERS)],
                color=GREYS[index % len(GREYS)], linewidth=1.4, markersize=4, label=_wrap(item.label, 28))
    date_axis(ax, max_ticks=8)
    ax.set_ylim(0.5, max_level + 0.5)
    ax.set_yticks(range(1, max_level + 1))
    ax.set_ylabel("Level")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7, frameon=False)
    figure.tight_layout()
    return figure


def date_axis(ax, *, max_ticks: int) -> None:
    """Short month labels; no stray offset text (e.g. '2025-Nov') in the corner."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(maxticks=max_ticks)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, show_offset=False))


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text
