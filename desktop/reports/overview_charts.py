"""The Overview's charts: matplotlib Figures (never pyplot) whose every bar or cell is a *part*
the window can point at, name in words and open.

Made on a worker thread (nothing here touches Qt); the window wraps the Figure in a Qt
canvas. Like every chart in Cultivate they read in black and white: bars are black, grey or
hatched, never told apart by colour alone, and every part carries its figure as text.
Indicators are named, never coded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop import pacing
from desktop.reports.charts import _figure, short_name

INK = "#1f1f1f"
MID = "#8c8c8c"
PALE = "#d9d9d9"
EDGE = "#ffffff"            # every part has an edge, so the window can thicken it to point
GRID = "#e3e3e3"
HATCH = "////"


@dataclass
class ChartPart:
    key: Any                     # what the part stands for; the window decides where it leads
    artist: Any                  # the matplotlib patch drawn for it
    text: str                    # the part in words: tooltip, keyboard caption, screen reader
    cell: tuple[int, int] | None = None   # (row, column) in a grid: arrow keys move in 2D


@dataclass
class Chart:
    figure: Any                  # matplotlib.figure.Figure
    parts: list[ChartPart] = field(default_factory=list)
    summary: str = ""            # the whole chart in one sentence
    drawn: Any = None            # the Agg canvas it was drawn on off the main thread (prepare)


def _laid_out(figure) -> None:
    """Laid out once, here: the window shows the figure at exactly its size, so it is never
    laid out again on the main thread."""
    pacing.give_way()   # a chart at a time: the window's paints go first
    figure.tight_layout(pad=0.4)


def _style(ax, *, grid_axis: str) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(MID)
    ax.spines["bottom"].set_color(MID)
    ax.tick_params(colors="#333333", labelsize=8, length=0)
    ax.grid(axis=grid_axis, color=GRID, linewidth=0.7)
    ax.set_axisbelow(True)


def _empty(figure, text: str) -> Chart:
    ax = figure.add_subplot(111)
    ax.axis("off")
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=9, color="#444444",
            wrap=True)
    return Chart(figure, [], text)


def bar_chart(labels: Sequence[str], values: Sequence[float], keys: Sequence[Any],
              texts: Sequence[str], *, horizontal: bool = True, value_text=None,
              hatched: Sequence[bool] = (), axis_label: str = "", summary: str = "",
              empty: str = "Nothing to show yet.", width_in: float = 4.0,
              height_in: float | None = None, label_width: int = 22) -> Chart:
    """One bar per label (*texts*: each bar in words); *hatched* bars are drawn hatched and
    grey (the other kind), the rest solid black."""
    from desktop.reports.fonts import visual

    shown = [visual(short_name(label, label_width, 2)) for label in labels]
    if height_in is None:
        height_in = max(1.6, 0.32 * len(labels) + 0.7) if horizontal else 2.2
    figure = _figure(width_in, height_in, list(labels))
    if not labels or not any(values):
        return _empty(figure, empty)
    from matplotlib.ticker import MaxNLocator

    ax = figure.add_subplot(111)
    # Whole numbers on the value axis: teachers, visits and goals are counted, not measured.
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(nbins=5, integer=True))
    value_text = value_text or (lambda value: f"{value:g}")
    flags = list(hatched) or [False] * len(labels)
    positions = list(range(len(labels)))
    if horizontal:
        bars = ax.barh(positions, values, height=0.62, color=INK, edgecolor=EDGE, linewidth=0.8)
        ax.set_yticks(positions)
        ax.set_yticklabels(shown)
        ax.invert_yaxis()
        _style(ax, grid_axis="x")
        top = max(values) or 1
        longest = max(len(value_text(value)) for value in values)
        ax.set_xlim(0, top * (1.12 + 0.045 * longest))   # room for the figure beside each bar
        for bar, value in zip(bars, values, strict=True):
            ax.text(bar.get_width() + top * 0.02, bar.get_y() + bar.get_height() / 2,
                    value_text(value), va="center", ha="left", fontsize=8, color="#222222")
        if axis_label:
            ax.set_xlabel(axis_label, fontsize=8, color="#333333")
    else:
        bars = ax.bar(positions, values, width=0.68, color=INK, edgecolor=EDGE, linewidth=0.8)
        ax.set_xticks(positions)
        ax.set_xticklabels(shown)
        _style(ax, grid_axis="y")
        top = max(values) or 1
        ax.set_ylim(0, top * 1.2)
        for bar, value in zip(bars, values, strict=True):
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + top * 0.02,
                    value_text(value), va="bottom", ha="center", fontsize=8, color="#222222")
        if axis_label:
            ax.set_xlabel(axis_label, fontsize=8, color="#333333")
    for bar, flag in zip(bars, flags, strict=True):
        if flag:
            bar.set_facecolor("white")
            bar.set_hatch(HATCH)
            bar.set_edgecolor(INK)
    _laid_out(figure)
    parts = [ChartPart(key, bar, text) for key, bar, text in zip(keys, bars, texts, strict=True)]
    return Chart(figure, parts, summary)


def share_and_formats_chart(ongoing: float, one_off: float, formats: Sequence[str],
                            hours: Sequence[float], keys: Sequence[Any], ongoing_flags: Sequence[bool],
                            *, ongoing_words: str, one_off_words: str, share_keys: tuple[Any, Any],
                            width_in: float = 4.6) -> Chart:
    """PD hours: one bar split into ongoing, job-embedded hours (hatched) and one-off ones
    (solid), above one bar per format (hatched when the format is ongoing)."""
    from matplotlib.gridspec import GridSpec

    from desktop.reports.fonts import visual

    total = ongoing + one_off
    height = max(2.2, 0.3 * len(formats) + 1.3)
    figure = _figure(width_in, height, list(formats))
    if not total:
        return _empty(figure, "No PD completed yet this year.")
    grid = GridSpec(2, 1, figure=figure, height_ratios=[1, max(len(formats), 1) * 0.9])
    share = figure.add_subplot(grid[0])
    share.set_xlim(0, 1)
    share.axis("off")
    parts = []
    left = 0.0
    for words, value, key, hatched in ((ongoing_words, ongoing, share_keys[0], True),
                                       (one_off_words, one_off, share_keys[1], False)):
        part = value / total
        patch = share.barh([0], [part], left=left, height=0.8, color="white" if hatched else INK,
                           hatch=HATCH if hatched else None, edgecolor=INK if hatched else EDGE,
                           linewidth=0.8)[0]
        if part >= 0.12:
            share.text(left + part / 2, 0, f"{part:.0%}", ha="center", va="center", fontsize=8,
                       color="black" if hatched else "white", fontweight="bold",
                       bbox=dict(facecolor="white", edgecolor="none", pad=1) if hatched else None)
        parts.append(ChartPart(key, patch, f"{words}: {value:g} hours, {part:.0%} of the "
                                           f"{total:g} hours"))
        left += part
    share.set_ylim(-0.6, 0.9)
    share.set_title(f"Hatched: {ongoing_words.lower()}, {ongoing / total:.0%}", fontsize=8,
                    loc="left", color="#222222")
    ax = figure.add_subplot(grid[1])
    positions = list(range(len(formats)))
    bars = ax.barh(positions, hours, height=0.62, color=INK, edgecolor=EDGE, linewidth=0.8)
    ax.set_yticks(positions)
    ax.set_yticklabels([visual(name) for name in formats])
    ax.invert_yaxis()
    _style(ax, grid_axis="x")
    top = max(hours) or 1
    ax.set_xlim(0, top * 1.25)
    ax.set_xlabel("Hours credited", fontsize=8, color="#333333")
    for bar, value, flag, key, name in zip(bars, hours, ongoing_flags, keys, formats, strict=True):
        if flag:
            bar.set_facecolor("white")
            bar.set_hatch(HATCH)
            bar.set_edgecolor(INK)
        ax.text(bar.get_width() + top * 0.02, bar.get_y() + bar.get_height() / 2, f"{value:g}",
                va="center", ha="left", fontsize=8)
        kind = ongoing_words.lower() if flag else one_off_words.lower()
        parts.append(ChartPart(key, bar, f"{name}: {value:g} hours ({kind})"))
    _laid_out(figure)
    return Chart(figure, parts, f"{total:g} PD hours: {ongoing / total:.0%} {ongoing_words.lower()}")


def heat_map(rows: Sequence[str], columns: Sequence[str], counts: Sequence[Sequence[int]],
             keys: Sequence[Sequence[Any]], texts: Sequence[Sequence[str]], *,
             row_notes: Sequence[str] = (), width_in: float = 6.4, summary: str = "") -> Chart:
    """A grid of cells: *rows* (indicator names) by *columns* (level bands), each cell the
    number of teachers in it, shaded by its share of the row (darker: more of the staff),
    with the number printed so the shade is never the only signal."""
    from matplotlib.patches import Rectangle

    from desktop.reports.fonts import visual

    height = max(2.0, 0.27 * len(rows) + 0.9)
    figure = _figure(width_in, height, list(rows))
    if not rows:
        return _empty(figure, "No rubric indicators yet.")
    ax = figure.add_subplot(111)
    parts = []
    for r, row in enumerate(counts):
        total = sum(row) or 1
        for c, count in enumerate(row):
            share = count / total
            grey = 1 - 0.85 * share ** 0.8 if count else 1
            shade = (grey, grey, grey)
            cell = Rectangle((c, r), 1, 1, facecolor=shade, edgecolor=PALE, linewidth=0.8)
            ax.add_patch(cell)
            ax.text(c + 0.5, r + 0.5, str(count) if count else "·", ha="center", va="center",
                    fontsize=8, color="white" if grey < 0.55 else "black")
            parts.append(ChartPart(keys[r][c], cell, texts[r][c], cell=(r, c)))
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks([c + 0.5 for c in range(len(columns))])
    ax.set_xticklabels([short_name(name, 9, 2) for name in columns], fontsize=7.5)
    ax.xaxis.tick_top()
    labels = [visual(short_name(name, 34, 1)) for name in rows]
    if row_notes:
        labels = [f"{label}  {note}" for label, note in zip(labels, row_notes, strict=True)]
    ax.set_yticks([r + 0.5 for r in range(len(rows))])
    ax.set_yticklabels(labels, fontsize=8)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    _laid_out(figure)
    return Chart(figure, parts, summary)


def profile_chart(names: Sequence[str], levels: Sequence[float | None], keys: Sequence[Any],
                  marks: Sequence[str], texts: Sequence[str], *, max_level: int = 4,
                  width_in: float = 4.8) -> Chart:
    """A teacher's growth profile: one bar per indicator at its level; a strength is solid
    black and labelled ★, a gap hatched and labelled ▼, the rest grey; no evidence, no bar."""
    from desktop.reports.fonts import visual

    height = max(2.0, 0.27 * len(names) + 0.7)
    figure = _figure(width_in, height, list(names))
    if not names:
        return _empty(figure, "No rubric indicators yet.")
    ax = figure.add_subplot(111)
    positions = list(range(len(names)))
    values = [level or 0 for level in levels]
    bars = ax.barh(positions, values, height=0.66, color=MID, edgecolor=EDGE, linewidth=0.8)
    for bar, level, mark in zip(bars, levels, marks, strict=True):
        if mark == "strength":
            bar.set_facecolor(INK)
        elif mark == "gap":
            bar.set_facecolor("white")
            bar.set_hatch(HATCH)
            bar.set_edgecolor(INK)
        words = {"strength": " ★ strength", "gap": " ▼ gap"}.get(mark, "")
        ax.text((level or 0) + 0.05, bar.get_y() + bar.get_height() / 2,
                ("—" if level is None else f"{level:.1f}") + words, va="center", fontsize=7.5)
    ax.set_yticks(positions)
    ax.set_yticklabels([visual(short_name(name, 30, 1)) for name in names], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max_level + 1.1)
    ax.set_xticks(range(0, max_level + 1))
    _style(ax, grid_axis="x")
    ax.set_xlabel("Level", fontsize=7.5, color="#333333")
    _laid_out(figure)
    return Chart(figure, [ChartPart(key, bar, text) for key, bar, text in zip(keys, bars, texts, strict=True)])


def trend(series, *, key: Any, text: str, max_level: int = 5, width_in: float = 4.6,
          height_in: float = 2.2, span: tuple[date, date] | None = None) -> Chart:
    """Lines over months (``charts.trend_chart``); the whole plot is one part. *span* (first,
    last day) fixes the axis, so it is marked in months (not 'Sep 15 Oct 15 Nov')."""
    from desktop.reports.charts import trend_chart

    figure = trend_chart(series, max_level=max_level, width_in=width_in, height_in=height_in,
                         year=span)
    axes = figure.get_axes()
    if axes and span is not None:
        from matplotlib.dates import DateFormatter, MonthLocator

        months = (span[1].year - span[0].year) * 12 + span[1].month - span[0].month + 1
        axes[0].xaxis.set_major_locator(MonthLocator(interval=1 if months <= 7 else 2))
        axes[0].xaxis.set_major_formatter(DateFormatter("%b"))
    parts = [ChartPart(key, axes[0].patch, text)] if axes else []
    return Chart(figure, parts, text)


def prepare(chart: Chart) -> Chart:
    """Draw the figure once here, off the main thread, so the window's first paint only
    copies the pixels (``dashboard.ChartView``)."""
    canvas = chart.figure.canvas   # the Agg canvas charts._figure gave it, its layout's renderer
    pacing.give_way()
    canvas.draw()
    chart.drawn = canvas
    return chart


# --- the Overview's charts, from its figures (desktop.core.overview) ---------------------------

def school_charts(figures) -> dict[str, Chart]:
    """The whole-school page's charts, by name, from a ``SchoolOverview``."""
    from db.goals import STATUSES  # the Goals list's own words
    from db.goals import label as goal_status
    from db.pd import FORMAT_LABELS
    from desktop.core import overview as core
    from desktop.core.wording import plural, some_names

    period = figures.view.period_words
    spread = bar_chart(
        [bar.label for bar in figures.spread], [len(bar.teachers) for bar in figures.spread],
        [("spread", bar.visits, bar.or_more) for bar in figures.spread],
        [f"{plural(len(bar.teachers), 'teacher')} with {bar.label} "
         f"{'visit' if bar.label == '1' else 'visits'} {period}: {some_names(bar.names)}"
         for bar in figures.spread],
        horizontal=False, axis_label=f"Visits per teacher {period}",
        value_text=lambda value: f"{value:g}", width_in=2.8, height_in=2.3,
        empty="No teachers on the staff list yet.",
        summary=f"How many teachers had each number of visits {period}")
    total = sum(share.visits for share in figures.observers) or 1
    observers = bar_chart(
        [share.name for share in figures.observers], [share.visits for share in figures.observers],
        [("observer", share.name) for share in figures.observers],
        [f"{share.name}: {plural(share.visits, 'visit')} {period}, {share.visits / total:.0%}"
         for share in figures.observers],
        value_text=lambda value: f"{value:g} ({value / total:.0%})", width_in=2.8,
        height_in=max(1.6, 0.3 * len(figures.observers) + 0.7), label_width=20,
        empty=f"No visits {period} yet.", summary=f"Each observer's share of the visits {period}")
    statuses = [status for status in STATUSES if figures.goals_by_status.get(status)]
    goals = bar_chart(
        [goal_status(status) for status in statuses],
        [figures.goals_by_status[status] for status in statuses],
        [("status", status) for status in statuses],
        [f"{goal_status(status)}: {plural(figures.goals_by_status[status], 'goal')}"
         for status in statuses],
        hatched=[status not in ("active", "met") for status in statuses], width_in=2.8,
        height_in=max(1.6, 0.3 * len(statuses) + 0.7), label_width=18,
        empty="No goals yet this year.", summary="Goals live this school year, by status")
    hours = figures.pd_hours
    codes = list(hours.by_format)
    pd = share_and_formats_chart(
        hours.ongoing, hours.one_off, [FORMAT_LABELS.get(code, code) for code in codes],
        [hours.by_format[code] for code in codes], [("format", code) for code in codes],
        [code in core.ONGOING_FORMATS for code in codes], ongoing_words=core.ONGOING_WORDS,
        one_off_words=core.ONE_OFF_WORDS, share_keys=(("share", "ongoing"), ("share", "one_off")),
        width_in=4.55)
    charts = {"spread": spread, "observers": observers, "goals": goals, "pd": pd}
    points = figures.wellbeing.points
    if len(points) > 1:
        from desktop.reports.charts import TrendSeries

        series = [TrendSeries(f"{label} (1–5)", [(p.month, getattr(p, measure)) for p in points])
                  for measure, label in (("energy", "Energy"), ("workload", "Workload"),
                                         ("stress", "Stress"))]
        latest = points[-1]
        charts["wellbeing"] = trend(
            series, key=("wellbeing",), width_in=4.55, height_in=2.1,
            span=(figures.view.year.first_day, max(figures.view.as_of, points[-1].month)),
            text=f"School wellbeing by month, {len(points)} months of at least five teachers; "
                 f"{latest.label}: energy {latest.energy:.1f}, workload {latest.workload:.1f}, "
                 f"stress {latest.stress:.1f} (over {latest.people} teachers)")
    return {name: prepare(chart) for name, chart in charts.items()}


def heat_chart(profiles) -> Chart:
    """The heat map from a ``SchoolProfiles``: indicators by level band, who is in each cell."""
    from desktop.core import overview as core
    from desktop.core.wording import plural, some_names

    rows = profiles.heat
    columns = [label for _, label, *_ in core.BANDS]
    counts = [[len(cell.teachers) for cell in row.cells] for row in rows]
    keys = [[("cell", cell.indicator_code, cell.band) for cell in row.cells] for row in rows]
    texts = [[f"{row.name}, {cell.band_label}: {plural(len(cell.teachers), 'teacher')}"
              + (f" — {some_names(cell.names)}" if cell.teachers else "") for cell in row.cells]
             for row in rows]
    notes = ["" if row.average is None else f"({row.average:.1f})" for row in rows]
    return prepare(heat_map(
        [row.name for row in rows], columns, counts, keys, texts, row_notes=notes, width_in=5.6,
        summary=f"Each indicator's levels across {plural(profiles.teachers, 'teacher')}: how "
                "many are at each level, and who; the school's average level in brackets"))


def teacher_chart(found) -> Chart:
    """A ``TeacherOverview``'s growth profile: one bar per indicator, strengths and gaps marked."""
    levels = found.profile.levels
    strengths = {item.indicator.code for item in found.profile.strengths}
    gaps = {item.indicator.code for item in found.profile.gaps}
    marks = ["strength" if item.indicator.code in strengths else
             "gap" if item.indicator.code in gaps else "" for item in levels]
    texts = []
    for item, mark in zip(levels, marks, strict=True):
        words = {"strength": "a strength", "gap": "a gap"}.get(mark, "")
        level = "no evidence yet" if item.level is None else f"level {item.level:.1f}"
        texts.append(f"{item.indicator.name}: {level}" + (f", {words}" if words else "")
                     + f" ({item.reason})")
    return prepare(profile_chart([item.indicator.name for item in levels],
                                 [item.level for item in levels],
                                 [("indicator", item.indicator.code) for item in levels],
                                 marks, texts, width_in=5.6))
