"""Charts as matplotlib Figures (never pyplot): readable in black and white.

Series differ by marker and line style, not only colour, so a photocopy or a
colour-blind reader loses nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
# Dark enough to survive a photocopier: no pale greys, no sparse dotted lines.
LINE_STYLES = ("-", "--", "-.", (0, (1, 1)))
GREYS = ("#000000", "#333333", "#4d4d4d", "#5e5e5e")


SCREEN_DPI = 100


def _figure(width_in: float, height_in: float, texts: list[str] = (), dpi: int = SCREEN_DPI):
    """A Figure on an Agg canvas of its own: its layout pass and a later draw at the same
    *dpi* then share one renderer, and with it the measured size of every label."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    _paced_canvas_class()(figure)
    _use_bundled_font(texts)
    return figure


@functools.cache
def _paced_canvas_class():
    """``FigureCanvasAgg`` whose renderer gives way to the window (``desktop.pacing``)
    before each label it measures or draws and each mark it draws.

    A chart laid out and drawn on a worker holds the interpreter lock for 30 to 130 ms in
    one go, with no give-way point inside: a tab switch painted meanwhile took 65 to 85 ms
    instead of 20 (the district, one sample in six). Off a worker, or with no window
    waiting, each point is one check and nothing more."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    from desktop.pacing import give_way_once

    def paced(draw):
        def giving_way_first(*args, **kwargs):
            give_way_once()
            return draw(*args, **kwargs)
        return giving_way_first

    class PacedRenderer(RendererAgg):
        draw_path = paced(RendererAgg.draw_path)
        draw_text = paced(RendererAgg.draw_text)
        get_text_width_height_descent = paced(RendererAgg.get_text_width_height_descent)

        def _update_methods(self):
            super()._update_methods()   # these come from the C++ renderer, per instance
            for name in ("draw_image", "draw_markers", "draw_path_collection", "draw_quad_mesh"):
                setattr(self, name, paced(getattr(self, name)))

    class PacedCanvasAgg(FigureCanvasAgg):
        def get_renderer(self):
            # FigureCanvasAgg.get_renderer, with the paced renderer.
            key = (*self.get_width_height(physical=True), self.figure.dpi)
            if self._lastKey != key:
                self.renderer = PacedRenderer(key[0], key[1], key[2])
                self._lastKey = key
            return self.renderer

    return PacedCanvasAgg


def _use_bundled_font(texts: list[str] = ()) -> None:
    """The handouts' faces in fallback order, so a Chinese or Arabic indicator name draws too;
    only the default face when *texts* need no other (fallback lookups slow every label)."""
    from matplotlib import rcParams

    from desktop.reports.fonts import matplotlib_families, needs_fallback

    families = matplotlib_families()
    rcParams["font.family"] = families if any(needs_fallback(text) for text in texts) else families[:1]


@dataclass(frozen=True)
class RadarSeries:
    label: str
    values: list[float | None]   # one per axis, 1–4; None drawn at 0 (no evidence)


def short_name(name: str, width: int = 16, lines: int = 2) -> str:
    """An indicator name for a chart label: wrapped at spaces into at most *lines* lines of
    about *width* characters, the last shortened with '…' only if it must be."""
    import textwrap

    parts = textwrap.wrap(name, width) or [name]
    if len(parts) > lines:
        rest = " ".join(parts[lines - 1:])
        parts = parts[:lines - 1] + [rest if len(rest) <= width + 2 else rest[:width].rstrip() + "…"]
    return "\n".join(parts)


def radar_chart(axes_labels: list[str], series: list[RadarSeries], *, max_level: int = 4,
                width_in: float = 5.5, height_in: float = 5.0, marked: list[int] = (),
                dpi: int = SCREEN_DPI):
    """One spoke per indicator (*axes_labels*: names, wrapped short); the labels of the
    spokes in *marked* (the goals' indicators) are boxed. *dpi*: the resolution it will be
    drawn at (a printed chart's, so its layout is measured once)."""
    import math

    from desktop.reports.fonts import visual

    figure = _figure(width_in, height_in, axes_labels, dpi)
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
    ax.set_xticklabels([visual(short_name(label, 15, 3)) for label in axes_labels], fontsize=7)
    for index, tick in enumerate(ax.get_xticklabels()):
        if index in marked:   # boxed, not bold: the CJK face has no bold, and a box photocopies
            tick.set_bbox(dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="black", linewidth=0.9))
    ax.tick_params(axis="x", pad=16)
    ax.set_ylim(0, max_level)
    ax.set_yticks(range(1, max_level + 1))
    ax.set_yticklabels([str(level) for level in range(1, max_level + 1)], fontsize=7, color="#555555")
    ax.grid(color="#bbbbbb", linewidth=0.6)
    if len(series) > 1:
        # Below the plot: beside it, the legend hid the labels of the first indicators.
        # Far enough down to clear the bottom spoke's label (it stands 16 points out).
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=len(series), fontsize=8,
                  frameon=False)
    figure.tight_layout()
    return figure


@dataclass(frozen=True)
class TrendSeries:
    label: str
    points: list[tuple[date, float]]
    emphasised: bool = False    # the goal's indicator: heavy black line, large filled markers, on top


def trend_chart(series: list[TrendSeries], *, max_level: int = 4, title: str = "",
                width_in: float = 7.0, height_in: float = 3.4, year: tuple[date, date] | None = None,
                dpi: int = SCREEN_DPI):
    """Scores over time. *year* (first, last day) fixes the axis to the school year, so a
    single visit is a point in its month, not a 'trend' on an axis of its own making.
    *dpi* as for :func:`radar_chart`."""
    from datetime import timedelta

    from desktop.reports.fonts import visual

    figure = _figure(width_in, height_in, [item.label for item in series] + [title], dpi)
    ax = figure.add_subplot(111)
    drawn = [item for item in series if item.points]
    if not drawn:
        ax.axis("off")
        ax.text(0.5, 0.5, "No scores yet", ha="center", va="center")
        return figure
    plain = [item for item in drawn if not item.emphasised]
    for index, item in enumerate(drawn):
        points = sorted(item.points)
        # Lines at the same level are nudged apart a little so none hides another.
        nudge = 0.0 if item.emphasised else (plain.index(item) - (len(plain) - 1) / 2) * 0.06
        style = dict(linestyle=LINE_STYLES[index % len(LINE_STYLES)], marker=MARKERS[index % len(MARKERS)],
                     color=GREYS[index % len(GREYS)], linewidth=1.3, markersize=4.5,
                     markerfacecolor="white", zorder=2)
        if item.emphasised:
            style.update(linestyle="-", color="#000000", linewidth=2.8, markersize=7, markerfacecolor="#000000",
                         zorder=3)
        if len(points) == 1:
            style["linestyle"] = "none"   # one visit is a point, not a line
        ax.plot([day for day, _ in points], [value + nudge for _, value in points],
                label=visual(_wrap(item.label, 28)) + (" (goal)" if item.emphasised else ""), **style)
    date_axis(ax, max_ticks=8)
    days = [day for item in drawn for day, _ in item.points]
    if year is not None:   # the year, and any visit recorded after its last day
        ax.set_xlim(min(year[0], min(days)), max(year[1], max(days)))
    elif min(days) == max(days):
        ax.set_xlim(min(days) - timedelta(days=45), max(days) + timedelta(days=45))
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
