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
