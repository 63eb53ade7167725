"""Growth portfolios against a bare reportlab document of the same pages and charts.

The bare document is what any program printing the same thing would at least pay:
the text of each page of Cultivate's PDF (read back from it) as plain paragraphs on
as many pages, in the same font, and the same charts (as many figures of the same
sizes and kinds, with as many lines and points, rendered by matplotlib at the same
resolution) — without Cultivate's queries, layout rules or contents pass.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.harness import Figure, median, ratio_at_most

PORTFOLIO = ratio_at_most(1.3)


@dataclass
class ChartShape:
    width_in: float
    height_in: float
    polar: list[bool]
    lines: list[list[int]]          # per axes: the points of each line


@dataclass
class PrintedShape:
    pages: list[str] = field(default_factory=list)
    charts: list[ChartShape] = field(default_factory=list)
    page_size: tuple[float, float] = (612.0, 792.0)


def _chart_shape(figure) -> ChartShape:
    width, height = figure.get_size_inches()
    polar, lines = [], []
    for axes in figure.axes:
        polar.append(axes.name == "polar")
        lines.append([len(line.get_xdata()) for line in axes.get_lines()])
    return ChartShape(float(width), float(height), polar, lines)


class ChartRecorder:
    """Wraps the portfolio's ``figure_flowable`` to note the shape of every chart drawn."""

    def __init__(self):
        import desktop.reports.portfolio as portfolio

        self.module = portfolio
        self.original = portfolio.figure_flowable
        self.shapes: list[ChartShape] = []

        def recording(figure, *args, **kwargs):
            self.shapes.append(_chart_shape(figure))
            return self.original(figure, *args, **kwargs)

        portfolio.figure_flowable = recording

    def take(self) -> list[ChartShape]:
        shapes, self.shapes = self.shapes, []
        return shapes

    def close(self) -> None:
        self.module.figure_flowable = self.original


def read_shape(pdf: Path, charts: list[ChartShape]) -> PrintedShape:
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    return PrintedShape([page.extract_text() or "" for page in reader.pages], charts,
                        (float(box.width), float(box.height)))


def bare_document(shape: PrintedShape, target: Path) -> None:
    """The same pages and charts, printed by reportlab and matplotlib with nothing else."""
    import io
    from xml.sax.saxutils import escape

    from matplotlib.figure import Figure as MplFigure
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate

    from desktop import paths

    if "BenchSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BenchSans", str(paths.fonts_dir() / "DejaVuSans.ttf")))
    style = ParagraphStyle("body", fontName="BenchSans", fontSize=8.5, leading=10.5)
    story = []
    charts = list(shape.charts)
    per_page = -(-len(charts) // max(1, len(shape.pages)))
    for number, text in enumerate(shape.pages):
        for line in text.splitlines():
            if line.strip():
                story.append(Paragraph(escape(line), style))
        for chart in charts[number * per_page:(number + 1) * per_page]:
            figure = MplFigure(figsize=(chart.width_in, chart.height_in), dpi=100)
            count = max(1, len(chart.polar))
            for index, (polar, lines) in enumerate(zip(chart.polar, chart.lines, strict=True)):
                axes = figure.add_subplot(count, 1, index + 1, projection="polar" if polar else None)
                for points in lines:
                    axes.plot(range(points), [(value % 4) + 1 for value in range(points)], marker="o")
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=200, bbox_inches="tight")
            buffer.seek(0)
            width = 6.5 * 72
            story.append(Image(buffer, width=width, height=width * chart.height_in / chart.width_in))
        story.append(PageBreak())
    doc = SimpleDocTemplate(str(target), pagesize=shape.page_size, leftMargin=50, rightMargin=50,
                            topMargin=60, bottomMargin=50)
    doc.build(story)


def _options(db):
    from db import clock
    from desktop.core import batch_export
    from desktop.core.portfolio_data import default_school_year

    today = clock.today()
    return batch_export.PortfolioOptions(year=default_school_year(db, today), generated_on=today,
                                         page_size_name="letter")


def measure(district: Path, pairs: int, batch: int) -> list[Figure]:
    from benchmarks.district import AS_OF
    from benchmarks.window import _busiest_teachers
    from db import clock
    from db.connection import open_read_only
    from desktop.core import batch_export

    clock.set_today(AS_OF)
    db = open_read_only(district)
    recorder = ChartRecorder()
    figures = []
    try:
        options = _options(db)
        someone = _busiest_teachers(str(district), 1, options.year.first.isoformat())[0]
        with tempfile.TemporaryDirectory(prefix="cultivate-bench-") as scratch:
            folder = Path(scratch)
            ours, theirs = [], []
            shape = None
            for number in range(pairs):
                began = time.perf_counter()
                batch_export.write_one(db, someone, folder / f"one-{number}.pdf", options)
                ours.append(time.perf_counter() - began)
                charts = recorder.take()
                if shape is None:
                    shape = read_shape(folder / f"one-{number}.pdf", charts)
                began = time.perf_counter()
                bare_document(shape, folder / f"bare-{number}.pdf")
                theirs.append(time.perf_counter() - began)
            figures.append(Figure(f"one growth portfolio ({len(shape.pages)} pages, "
                                  f"{len(shape.charts)} charts)", median(ours) * 1000,
                                  median(theirs) * 1000, "ms", PORTFOLIO, samples=pairs,
                                  statistic="median", group="printing"))
            print(f"  one portfolio: {median(ours):.2f} s (bare {median(theirs):.2f} s)",
                  file=sys.stderr, flush=True)
            if batch:
                everyone = batch_export.staff_for_export(db)[:batch]
                shapes: list[list[ChartShape]] = []

                def progress(done, total, name):
                    if done:
                        shapes.append(recorder.take())

                began = time.perf_counter()
                result = batch_export.export_to_folder(db, everyone, folder / "batch", options,
                                                       progress=progress)
                elapsed = time.perf_counter() - began
                printed = [read_shape(path, charts) for path, charts in zip(result.written, shapes, strict=True)]
                began = time.perf_counter()
                for number, one in enumerate(printed):
                    bare_document(one, folder / f"bare-batch-{number}.pdf")
                bare_elapsed = time.perf_counter() - began
                pages = sum(len(one.pages) for one in printed)
                figures.append(Figure(f"{len(everyone)} portfolios in a batch ({pages} pages)",
                                      elapsed, bare_elapsed, "s", PORTFOLIO, statistic="once",
                                      group="printing"))
                print(f"  {len(everyone)} portfolios: {elapsed:.1f} s (bare {bare_elapsed:.1f} s)",
                      file=sys.stderr, flush=True)
    finally:
        recorder.close()
        db.close()
    return figures
