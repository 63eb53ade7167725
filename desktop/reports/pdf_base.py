"""One page template for every printed handout: fonts, styles, running header, page numbers.

Built as a list of platypus flowables through :class:`HandoutTemplate`. Output is
reproducible (``rl_config.invariant``) and written atomically, so the same data
makes the same file and a crash never leaves half a PDF. The shipped fonts print
the names a school's staff have (Zoë Ñúñez, Nguyễn Thị Minh, 王小明, فاطمة الزهراء): see
:mod:`desktop.reports.fonts`; every font is embedded, none merely referenced.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.reports.fonts import FONT, FONT_BOLD, FONT_ITALIC  # noqa: F401 - the handouts' faces
from desktop.reports.fonts import register as register_fonts

MARGIN_MM = 18
HEADER_ROOM_MM = 4   # extra top margin under the running header


def frame_size(page_size_name: str, *, landscape: bool = False) -> tuple[float, float]:
    """Width and height (points) that flowables can fill on one handout page."""
    from reportlab.lib.units import mm

    width, height = page_size(page_size_name)
    if landscape:
        width, height = max(width, height), min(width, height)
    return width - 2 * MARGIN_MM * mm, height - (2 * MARGIN_MM + HEADER_ROOM_MM) * mm


def page_size(name: str):
    from reportlab.lib.pagesizes import A4, LETTER

    return A4 if name.lower() == "a4" else LETTER


def styles():
    """Paragraph styles, black on white: printed handouts are often photocopied."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    # allowWidows=0: a paragraph never leaves its last line alone at the top of a page.
    base = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=10, leading=14,
                          textColor=colors.black, allowWidows=0)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "muted": ParagraphStyle("muted", parent=base, fontSize=9, leading=12, textColor=colors.HexColor("#444444")),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=22, leading=28, spaceAfter=8),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=15, leading=20,
                             spaceBefore=6, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16,
                             spaceBefore=8, spaceAfter=4),
        "quote": ParagraphStyle("quote", parent=base, fontName=FONT_ITALIC, leftIndent=12),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5),
    }


def Paragraph(text: str, style, **options):  # noqa: N802 - stands in for reportlab's class
    """A reportlab Paragraph whose fallback font runs keep the style's weight (see ``escape``)."""
    from reportlab.platypus import Paragraph as ReportlabParagraph

    from desktop.reports.fonts import styled

    return ReportlabParagraph(styled(text, style.fontName), style, **options)


def escape(text: str) -> str:
    """User text as Paragraph mini-HTML: never read as markup, right-to-left runs in visual
    order, and each character in a face that has it (see :mod:`desktop.reports.fonts`)."""
    from desktop.reports.fonts import markup

    return markup(text or "")


@dataclass(frozen=True)
class HandoutInfo:
    title: str            # e.g. "Growth portfolio — Zoë Ñúñez"
    header: str           # running header text, e.g. "Maple Grove School · 2025–2026"
    generated_on: date
    page_size_name: str = "letter"
    author: str = "Cultivate"
    cover_page: bool = False   # page 1 is a cover: no running header or page number on it
    landscape: bool = False
    # A certificate or a wall sheet: no running header, footer or page number at all.
    undecorated: bool = False


def build_pdf(target: Path, info: HandoutInfo, story: list) -> Path:
    """Lay *story* out on the handout template and write it to *target* atomically."""
    from reportlab import rl_config
    from reportlab.lib.units import mm
    from reportlab.platypus import Frame, PageTemplate

    from desktop.atomic_files import temporary_sibling

    rl_config.invariant = 1  # no time stamps or random ids inside: same data, same file
    rl_config.useA85 = 0     # images as binary: reportlab's pure-Python ASCII85 took ~1 s a portfolio
    register_fonts()
    size = page_size(info.page_size_name)
    if info.landscape:
        size = (max(size), min(size))
    margin = MARGIN_MM * mm

    def decorate(canvas, doc):
        if info.undecorated:
            return
        from desktop.core.wording import day
        from desktop.reports.fonts import draw_string

        canvas.saveState()
        width, height = size
        canvas.setFillGray(0.25)
        if doc.page > 1 or not getattr(doc, "cover_page", False):
            draw_string(canvas, margin, height - 12 * mm, info.header, 8)
            canvas.setLineWidth(0.4)
            canvas.line(margin, height - 13.5 * mm, width - margin, height - 13.5 * mm)
        draw_string(canvas, margin, 10 * mm, f"Generated by Cultivate on {day(info.generated_on)}", 8)
        if doc.page > 1 or not getattr(doc, "cover_page", False):
            draw_string(canvas, width - margin, 10 * mm, f"Page {doc.page}", 8, align="right")
        canvas.restoreState()

    target = Path(target)
    contents = [item for item in story if isinstance(item, _contents_class())]
    # The contents list the headings the story will draw, found before the build; the
    # page numbers are filled in as the pages are made. One pass, unless the headings
    # drawn were not the ones foreseen: then again, with those (at most twice more).
    headings = _headings(story) if contents else []
    with temporary_sibling(target) as temp_path:
        for _attempt in range(3):
            doc = _handout_doc_template()(
                str(temp_path), pagesize=size, leftMargin=margin, rightMargin=margin,
                topMargin=margin + HEADER_ROOM_MM * mm, bottomMargin=margin, title=info.title,
                author=info.author, creator="Cultivate",
                # The canvas's first font, set on every page: an unembedded Helvetica unless it is ours.
                initialFontName=FONT,
            )
            doc.cover_page = info.cover_page
            frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
            doc.addPageTemplates([PageTemplate(id="handout", frames=[frame], onPage=decorate)])
            for item in contents:
                item.headings = headings
            if contents:
                doc.contents_size, doc.contents_count = contents[0].style.fontSize, len(headings)
            doc.build(list(story), canvasmaker=_handout_canvas())
            drawn = [text for text, _page in doc.heading_pages]
            if not contents or drawn == headings:
                break
            headings = drawn
    return target


def _headings(story: list) -> list[str]:
    """The "h1" headings *story* will draw, in order: those inside a KeepTogether too
    (the build unpacks it), not those inside a KeepInFrame (it draws its own content)."""
    from reportlab.platypus import KeepInFrame, Paragraph

    found = []
    for item in story:
        if isinstance(item, Paragraph) and item.style.name == "h1":
            found.append(item.getPlainText())
        elif isinstance(getattr(item, "_content", None), list) and not isinstance(item, KeepInFrame):
            found += _headings(item._content)
    return found


def _page_form(number: int) -> str:
    return f"contents-page-{number}"


@functools.cache
def _handout_canvas():
    """A canvas that, before the file is written, draws the contents' page numbers (PDF
    forms the contents placed before the pages were known)."""
    from reportlab.pdfgen.canvas import Canvas

    class HandoutCanvas(Canvas):
        def save(self):
            from desktop.reports.fonts import draw_string

            template = self.handout
            pages = [page for _text, page in template.heading_pages]
            for number in range(1, template.contents_count + 1):
                self.beginForm(_page_form(number), lowerx=-60, lowery=-10, upperx=0, uppery=20)
                if number <= len(pages):
                    draw_string(self, 0, 0, str(pages[number - 1]), template.contents_size, align="right")
                self.endForm()
            super().save()

    return HandoutCanvas


@functools.cache
def _handout_doc_template():
    """BaseDocTemplate that lists every "h1" paragraph in the PDF outline and notes its page
    (``heading_pages``) for the contents."""
    from reportlab.platypus import BaseDocTemplate, Paragraph

    class HandoutDocTemplate(BaseDocTemplate):
        heading_pages: list[tuple[str, int]]
        contents_count = 0     # page-number forms the contents placed (none: no contents)
        contents_size = 0.0    # and the size they are drawn at

        def afterFlowable(self, flowable):
            if not isinstance(flowable, Paragraph) or flowable.style.name != "h1":
                return
            text = flowable.getPlainText()
            self.heading_pages.append((text, self.page))
            # Numbered keys: the same heading text may appear twice (e.g. two teachers).
            key = _heading_key(len(self.heading_pages))
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0, closed=True)

        def handle_documentBegin(self):
            self.heading_pages = []
            self.canv.handout = self   # for the contents' page numbers, at the canvas's save
            super().handle_documentBegin()

    return HandoutDocTemplate


def _heading_key(number: int) -> str:
    return f"h1-{number}"


CHART_DPI = 200   # sharp on paper; a chart made for print is laid out at this resolution


def figure_flowable(figure, max_width_pt: float, max_height_pt: float):
    """A matplotlib Figure as a sharp (200 dpi) image, scaled to fit and keep its shape."""
    image = chart_image(figure)
    scale = min(max_width_pt / image.width, max_height_pt / image.height)
    return _chart_flowable()(image, image.width * scale, image.height * scale)


def chart_image(figure, dpi: int = CHART_DPI):
    """*figure* drawn at *dpi* and cut to its ink with savefig's margin: the picture
    ``savefig(bbox_inches="tight")`` gives, from one draw instead of a layout pass and a
    draw, and without the PNG that reportlab would only have decoded again."""
    import io

    from matplotlib import rcParams
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    if figure.dpi != dpi:
        figure.set_dpi(dpi)
    canvas = figure.canvas
    canvas.draw()
    ink = figure.get_tightbbox(canvas.get_renderer()).padded(rcParams["savefig.pad_inches"])
    whole = figure.bbox_inches
    if ink.x0 < whole.x0 or ink.y0 < whole.y0 or ink.x1 > whole.x1 or ink.y1 > whole.y1:
        # Something stands outside the figure: savefig makes the picture larger to hold it.
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        buffer.seek(0)
        return Image.open(buffer).convert("RGB")
    width, height = canvas.get_width_height()
    drawn = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    box = (math.floor(ink.x0 * dpi), math.floor(height - ink.y1 * dpi),
           math.ceil(ink.x1 * dpi), math.ceil(height - ink.y0 * dpi))
    return drawn.crop(box).convert("RGB")


@functools.cache
def _chart_flowable():
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Flowable

    class Chart(Flowable):
        """A picture drawn at a fixed size, centred (reportlab's Image wants a file)."""

        def __init__(self, image, width: float, height: float):
            super().__init__()
            self.image, self.width, self.height = image, width, height
            self.hAlign = "CENTER"

        def wrap(self, availWidth, availHeight):
            return self.width, self.height

        def draw(self):
            self.canv.drawImage(ImageReader(self.image), 0, 0, self.width, self.height, mask=None)

    return Chart


def measured_height(item, width: float, height: float, canvas=None) -> float:
    """How tall *item* lays out at *width*, before the real build: a KeepTogether is the sum
    of its parts (its own wrap answers "too tall" when they do not fit *height*)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    canvas = canvas or Canvas(io.BytesIO())
    parts = getattr(item, "_content", None)
    if isinstance(parts, list):
        return sum(measured_height(part, width, height, canvas) for part in parts)
    return item.wrapOn(canvas, width, height)[1] + item.getSpaceBefore() + item.getSpaceAfter()


def fitting_size(text: str, width: float, *, largest: float, smallest: float = 9,
                 style: str = "bold") -> float:
    """The largest font size (down to *smallest*) at which every word of *text* fits in
    *width*: a long name then wraps at its spaces and is never broken mid-word."""
    from desktop.reports.fonts import string_width

    words = (text or "").split() or [""]
    widest = max(string_width(word, largest, style) for word in words)
    if widest <= width:
        return largest
    return max(smallest, largest * width / widest * 0.98)


def compact_contents(style):
    """The contents in two columns (section, page), so they share a page with the summary.

    Laid out in the build's one pass: :func:`build_pdf` hands it the headings the story
    will draw, and each page number is a PDF form, drawn when the page is known. (A
    reportlab ``TableOfContents`` lays the whole story out twice for its page numbers.)"""
    return _contents_class()(style)


@functools.cache
def _contents_class():
    from xml.sax.saxutils import escape as escape_markup

    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable, Table, TableStyle

    class PageNumber(Flowable):
        """The page of the *number*th heading, right-aligned: drawn from its form."""

        def __init__(self, number: int, style):
            super().__init__()
            self.number, self.style = number, style

        def wrap(self, availWidth, availHeight):
            self.width, self.height = availWidth, self.style.leading
            return self.width, self.height

        def draw(self):
            baseline = self.height - self.style.fontSize   # where a Paragraph's first line sits
            self.canv.saveState()
            self.canv.translate(self.width, baseline)
            self.canv.doForm(_page_form(self.number))
            self.canv.restoreState()

    class Contents(Flowable):
        def __init__(self, style):
            super().__init__()
            self.style = style
            self.number_style = ParagraphStyle("contents_page", parent=style, alignment=TA_RIGHT)
            self.headings: list[str] = []

        def _table(self, availWidth):
            cells = [[Paragraph(f'<a href="#{_heading_key(number)}">{escape_markup(text)}</a>', self.style),
                      PageNumber(number, self.number_style)]
                     for number, text in enumerate(self.headings, start=1)] or [[Paragraph("Contents", self.style), ""]]
            half = (len(cells) + 1) // 2
            left, right = cells[:half], cells[half:] + [["", ""]] * (half - len(cells[half:]))
            rows = [a + [""] + b for a, b in zip(left, right, strict=True)]
            column = (availWidth - 24) / 2
            table = Table(rows, colWidths=[column - 30, 30, 24, column - 30, 30], hAlign="LEFT")
            table.setStyle(TableStyle([
                ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("ALIGN", (4, 0), (4, -1), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]))
            return table

        def wrap(self, availWidth, availHeight):
            self.table = self._table(availWidth)
            self.width, self.height = self.table.wrap(availWidth, availHeight)
            return self.width, self.height

        def split(self, availWidth, availHeight):
            return self._table(availWidth).split(availWidth, availHeight)

        def draw(self):
            self.table.drawOn(self.canv, 0, 0)

    return Contents


MIN_PDF_PASSWORD = 6


def protect_pdf(target: Path, password: str) -> Path:
    """Encrypt the PDF at *target* with *password* (AES-256), in place and atomically.

    pypdf writes PDF 2.0's AES-256 encryption (revision 6) with the ``cryptography``
    package; reportlab's own encryption is RC4, which is broken and which readers
    warn about. Every current PDF reader opens AES-256 with the password. The password
    is used once, here, and kept nowhere.
    """
    from pypdf import PdfReader, PdfWriter

    from desktop.atomic_files import temporary_sibling

    target = Path(target)
    writer = PdfWriter(clone_from=PdfReader(target))
    encrypt_writer(writer, password)
    with temporary_sibling(target) as temp_path:
        with temp_path.open("wb") as stream:
            writer.write(stream)
    return target


def encrypt_writer(writer, password: str) -> None:
    """AES-256 on a pypdf writer: the same password opens it; printing and copying allowed."""
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
