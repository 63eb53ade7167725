"""What every benchmark shares: a figure, its target, percentiles, the table, plug-ins.

A figure is one line of ``make bench``::

    name  measured  baseline  ratio  target  ok|MISS

*measured* is Cultivate doing the thing; *baseline* is the nearest bare equivalent
measured in the same run, alternately with it (A B A B), so a busy machine slows both;
*ratio* is measured / baseline. The target is either an absolute bound ("< 50 ms at the
95th percentile") or a bound on the ratio ("≤ ×1.5 the bare window").

Plug-ins: any module ``benchmarks/bench_<name>.py`` may define

* ``measure(context: Context) -> list[Figure]`` — run in the ``make bench`` process,
  with the district's path and the sample count; and/or
* ``measure_window(bench) -> list[Figure]`` — run inside the window process, with the
  real window on the district (``bench.window``), the bare window beside it
  (``bench.bare``) and ``bench.compare(...)`` to time real key and mouse events
  including the paint (see ``benchmarks/window.py``).

Both are found by name; nothing has to be registered.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Target:
    """*kind* "below": measured < value (in the figure's unit); "ratio": measured/baseline ≤ value."""

    kind: str
    value: float

    def met(self, measured: float, baseline: float | None) -> bool | None:
        if measured is None or math.isnan(measured):
            return False
        if self.kind == "below":
            return measured < self.value
        if self.kind == "ratio":
            if not baseline:
                return None
            return measured / baseline <= self.value
        raise ValueError(self.kind)

    def text(self, unit: str) -> str:
        if self.kind == "below":
            return f"< {_number(self.value)} {unit}"
        return f"≤ ×{self.value:g}"


def below(value: float) -> Target:
    return Target("below", value)


def ratio_at_most(value: float) -> Target:
    return Target("ratio", value)


@dataclass
class Figure:
    name: str
    measured: float
    baseline: float | None = None
    unit: str = "ms"
    target: Target | None = None
    samples: int = 1
    statistic: str = ""          # "p95", "median", "peak", "once" …
    note: str = ""
    group: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0) or self.measured is None:
            return None
        return self.measured / self.baseline

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.target.met(self.measured, self.baseline)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["target"] = None if self.target is None else {"kind": self.target.kind,
                                                           "value": self.target.value}
        data["ratio"] = self.ratio
        data["ok"] = self.ok
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Figure:
        values = {key: data[key] for key in ("name", "measured", "baseline", "unit", "samples",
                                             "statistic", "note", "group") if key in data}
        target = data.get("target")
        return cls(**values, target=Target(target["kind"], target["value"]) if target else None)


def percentile(values: Iterable[float], fraction: float) -> float:
    """The *fraction* percentile (nearest rank), e.g. 0.95; NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def p95(values: Iterable[float]) -> float:
    return percentile(values, 0.95)


def median(values: Iterable[float]) -> float:
    return percentile(values, 0.5)


def _number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if math.isinf(value):
        return "timeout"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(figures: list[Figure]) -> str:
    """The aligned table ``make bench`` prints (and the README quotes)."""
    rows = [("name", "measured", "baseline", "ratio", "target", "")]
    for figure in figures:
        stat = f" {figure.statistic}" if figure.statistic else ""
        ratio = figure.ratio
        ok = figure.ok
        rows.append((
            figure.name,
            f"{_number(figure.measured)} {figure.unit}{stat}",
            "—" if figure.baseline is None else f"{_number(figure.baseline)} {figure.unit}",
            "—" if ratio is None else f"×{ratio:.2f}",
            "—" if figure.target is None else figure.target.text(figure.unit),
            "" if ok is None else ("ok" if ok else "MISS"),
        ))
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in
                                             zip(row[1:5], widths[1:5], strict=True)] + [row[5]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def from_rows(rows: list[dict], *, group: str) -> list[Figure]:
    """Figures from the older benches' rows (``{"benchmark", "value", "baseline", "unit",
    "target"}``, seconds): the search, PD day and Overview measures."""
    figures = []
    for row in rows:
        seconds = row.get("unit", "s") == "s"
        scale = 1000 if seconds else 1
        target = row.get("target")
        figures.append(Figure(
            name=row["benchmark"], measured=row["value"] * scale,
            baseline=None if row.get("baseline") is None else row["baseline"] * scale,
            unit="ms" if seconds else row["unit"], group=group,
            target=None if target is None else Target("below", target * scale)))
    return figures


# -- plug-ins ---------------------------------------------------------------------------------------

@dataclass
class Context:
    """What a plug-in's ``measure(context)`` is given."""

    district: Path
    samples: int
    scratch: Path
    extra: dict = field(default_factory=dict)


def plugins() -> list:
    """Every ``benchmarks/bench_*.py`` module, imported, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules([str(PACKAGE)]), key=lambda info: info.name):
        if info.name.startswith("bench_"):
            found.append(importlib.import_module(f"benchmarks.{info.name}"))
    return found
