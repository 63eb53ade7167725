import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from desktop.reports.charts import RadarSeries, TrendSeries, radar_chart, trend_chart
from desktop.reports.pdf_base import HandoutInfo, build_pdf, escape, figure_flowable, styles

NAMES = ["Zoë Ñúñez", "Nguyễn Thị Minh", "Øyvind Łukasz"]


def make_pdf(path, page_size="letter"):
    from reportlab.platypus import PageBreak, Paragraph

    style = styles()
    radar = radar_chart(["Questioning", "Feedback", "Climate"], [RadarSeries("Now", [2, 3.5, None])])
    trend = trend_chart([TrendSeries("Questioning", [(date(2026, 1, 5), 2), (date(2026, 3, 5), 3)])])
    story = [Paragraph(escape(name + " <script>"), style["title"]) for name in NAMES]
    story += [figure_flowable(radar, 250, 230), PageBreak(), figure_flowable(trend, 400, 200)]
    info = HandoutInfo("Test handout", "Maple Grove · 2025–2026", date(2026, 6, 1), page_size)
    return build_pdf(path, info, story)


def test_unicode_names_survive_text_extraction(tmp_path):
    reader = PdfReader(make_pdf(tmp_path / "names.pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for name in NAMES:
        assert name in text
    assert "<script>" in text          # escaped, printed as text rather than read as markup
    assert "Page 2" in text and "Maple Grove · 2025–2026" in text


def test_same_story_same_bytes_and_a4_is_a4(tmp_path):
    first = make_pdf(tmp_path / "a.pdf").read_bytes()
    second = make_pdf(tmp_path / "b.pdf").read_bytes()
    assert first == second
    a4 = PdfReader(make_pdf(tmp_path / "a4.pdf", "A4")).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_check_passes(tmp_path):
    result = subprocess.run(["qpdf", "--check", str(make_pdf(tmp_path / "q.pdf"))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _contents_story(headings):
    from reportlab.platypus import PageBreak, Spacer

    from desktop.reports.pdf_base import Paragraph, compact_contents

    style = styles()
    story = [Paragraph("Contents", style["h2"]), compact_contents(style["body"]), PageBreak()]
    for text, room in headings:
        story += [Paragraph(escape(text), style["h1"]), Spacer(1, room)]
    return story


def _listed_pages(path):
    import re

    pages = [page.extract_text() for page in PdfReader(path).pages]
    contents = pages[0][pages[0].index("Contents"):]
    return pages, {title: int(number) for title, number in re.findall(r"(Section \w+)\s+(\d+)", contents)}


def _first_page_showing(pages, title):
    return next(number for number, text in enumerate(pages[1:], start=2) if title in text)


@pytest.fixture
def passes(monkeypatch):
    """Counts the times a story is laid out (reportlab's build)."""
    from reportlab.platypus import BaseDocTemplate

    counted = []
    build = BaseDocTemplate.build
    monkeypatch.setattr(BaseDocTemplate, "build", lambda self, *a, **k: counted.append(1) or build(self, *a, **k))
    return counted


def test_contents_are_laid_out_in_one_pass_with_the_right_pages(tmp_path, passes):
    story = _contents_story([("Section one", 300), ("Section two", 600), ("Section three", 600),
                             ("Section four", 10)])
    path = build_pdf(tmp_path / "contents.pdf", HandoutInfo("Contents", "Header", date(2026, 6, 1)), story)
    pages, listed = _listed_pages(path)
    assert len(passes) == 1
    assert set(listed) == {"Section one", "Section two", "Section three", "Section four"}
    assert {title: _first_page_showing(pages, title) for title in listed} == listed
    assert listed == {"Section one": 2, "Section two": 2, "Section three": 3, "Section four": 4}


def test_contents_follow_headings_the_story_did_not_foresee(tmp_path, passes):
    # A heading long enough to break across two pages is drawn as two headings: the
    # contents are laid out again with what was drawn, and still point at the right pages.
    long_heading = "Section long " + "word " * 60
    story = _contents_story([("Section one", 560), (long_heading, 10), ("Section last", 10)])
    path = build_pdf(tmp_path / "unforeseen.pdf", HandoutInfo("Contents", "Header", date(2026, 6, 1)), story)
    pages, listed = _listed_pages(path)
    assert len(passes) == 2
    assert listed["Section one"] == 2
    assert listed["Section last"] == _first_page_showing(pages, "Section last") == 3


def _saved_tight(figure, dpi):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def _differing_share(first, second) -> float:
    from PIL import ImageChops

    difference = ImageChops.difference(first, second).convert("L").point(lambda value: 255 if value > 40 else 0)
    return sum(difference.histogram()[255:]) / (first.width * first.height)


@pytest.mark.parametrize("make", [
    lambda dpi: radar_chart(["Questioning", "Feedback", "Climate", "Routines"],
                            [RadarSeries("Level", [2, 3.5, None, 1]), RadarSeries("Self-rating", [3, 3, 2, 2])],
                            marked=[1], dpi=dpi),
    lambda dpi: trend_chart([TrendSeries("1.1 Clear learning intentions",
                                         [(date(2026, 1, 5), 2), (date(2026, 3, 5), 3)], emphasised=True),
                             TrendSeries("2.3 Purposeful student talk", [(date(2026, 2, 5), 1)])],
                            title="Indicator trend", year=(date(2025, 8, 20), date(2026, 6, 30)), dpi=dpi),
], ids=["radar", "trend"])
def test_a_printed_chart_is_the_picture_savefig_would_have_made(make):
    from desktop.reports.pdf_base import CHART_DPI, chart_image

    ours = chart_image(make(CHART_DPI))
    theirs = _saved_tight(make(CHART_DPI), CHART_DPI)
    assert abs(ours.width - theirs.width) <= 4 and abs(ours.height - theirs.height) <= 4
    assert _differing_share(ours, theirs.resize(ours.size)) < 0.02


def test_a_chart_with_ink_outside_its_figure_is_pictured_whole():
    from matplotlib.figure import Figure

    from desktop.reports.pdf_base import chart_image

    def make():
        figure = Figure(figsize=(3, 2), dpi=100)
        axes = figure.add_subplot(111)
        axes.plot([1, 2, 3], [1, 3, 2])
        axes.text(1.3, 0.5, "a note beside the plot", transform=axes.transAxes)
        return figure

    ours = chart_image(make(), dpi=100)
    assert ours.width > 300                       # wider than the figure: the note is in it
    assert ours.size == _saved_tight(make(), 100).size
