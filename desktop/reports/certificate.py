"""A certificate for a celebration: landscape, one page per person, black on white.

Drawn as one flowable that fills the page frame (a double rule border, centred
lettering, a date and a signature line) so it prints the same on any printer and
photocopies cleanly. Goes through the shared handout template, undecorated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from db.celebrations import Celebration
from desktop.core import wording
from desktop.reports.pdf_base import FONT, FONT_BOLD, FONT_ITALIC, HandoutInfo, build_pdf, escape

HEADINGS = {
    "goal_achieved": "Certificate of Achievement",
    "pd_completed": "Certificate of Professional Learning",
    "led_session": "Certificate of Appreciation",
    "shout_out": "Certificate of Appreciation",
    "innovative_practice": "Certificate of Recognition",
    "milestone": "Certificate of Recognition",
}
STORY_LIMIT = 420   # characters: a certificate is a headline, not the whole story
SIGNATURE_BASE = 62  # points above the frame's foot: the date and signature lines


@dataclass(frozen=True)
class CertificateText:
    school: str
    heading: str
    name: str
    title: str
    story: str
    date_text: str
    signer: str


def certificate_texts(celebration: Celebration, *, school: str = "", signer: str = "") -> list[CertificateText]:
    """One certificate per person celebrated (a shared celebration prints one each)."""
    day = date.fromisoformat(celebration.celebrated_on[:10])
    story = " ".join(celebration.story.split())
    if len(story) > STORY_LIMIT:
        story = story[:STORY_LIMIT].rsplit(" ", 1)[0] + "…"
    names = celebration.staff_names or ("Our whole staff",)
    return [CertificateText(
        school=school.strip(), heading=HEADINGS.get(celebration.kind, "Certificate of Recognition"),
        name=name, title=wording.without_names(celebration.title.strip(), [name]), story=story,
        date_text=wording.day(day), signer=signer.strip()) for name in names]


def _face(text: CertificateText):
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable, KeepInFrame, Spacer

    from desktop.reports.fonts import draw_string
    from desktop.reports.pdf_base import Paragraph, fitting_size

    centre = ParagraphStyle("centre", fontName=FONT, fontSize=13, leading=17, alignment=TA_CENTER)
    styles = {
        "school": ParagraphStyle("school", parent=centre, fontSize=12, leading=15,
                                 textColor="#333333"),
        "heading": ParagraphStyle("heading", parent=centre, fontName=FONT_BOLD, fontSize=30,
                                  leading=36),
        "lead": ParagraphStyle("lead", parent=centre, fontName=FONT_ITALIC, fontSize=13),
        "name": ParagraphStyle("name", parent=centre, fontName=FONT_BOLD, fontSize=34, leading=40),
        "title": ParagraphStyle("title", parent=centre, fontName=FONT_BOLD, fontSize=16, leading=21),
        "story": ParagraphStyle("story", parent=centre, fontSize=11, leading=15,
                                textColor="#222222"),
        "small": ParagraphStyle("small", parent=centre, fontSize=10, leading=13),
    }

    class CertificateFace(Flowable):
        def wrap(self, available_width, available_height):
            self.width, self.height = available_width, available_height
            return available_width, available_height

        def _centred(self, markup: str, style, top: float, width: float) -> float:
            """Draw a paragraph centred under *top*; returns the y below it."""
            paragraph = Paragraph(markup, style)
            _, height = paragraph.wrap(width, self.height)
            paragraph.drawOn(self.canv, (self.width - width) / 2, top - height)
            return top - height

        def draw(self):
            canvas, width, height = self.canv, self.width, self.height
            canvas.saveState()
            canvas.setStrokeGray(0)
            canvas.setLineWidth(3)
            canvas.rect(0, 0, width, height)
            canvas.setLineWidth(0.8)
            canvas.rect(8, 8, width - 16, height - 16)
            for x, y in ((8, 8), (width - 8, 8), (8, height - 8), (width - 8, height - 8)):
                canvas.circle(x, y, 4, stroke=1, fill=1)
            text_width = width - 140
            y = height - 52
            if text.school:
                y = self._centred(escape(text.school.upper()), styles["school"], y, text_width) - 18
            else:
                y -= 18
            y = self._centred(escape(text.heading), styles["heading"], y, text_width) - 10
            canvas.setLineWidth(0.6)
            canvas.line(width / 2 - 70, y, width / 2 + 70, y)
            y = self._centred("This certificate is presented to", styles["lead"], y - 22, text_width)
            # A long name wraps at its spaces; a long single word makes the type smaller.
            size = fitting_size(text.name, text_width, largest=34, smallest=14)
            name_style = ParagraphStyle("name_fitted", parent=styles["name"], fontSize=size, leading=size * 1.18)
            y = self._centred(escape(text.name), name_style, y - 16, text_width)
            y = self._centred("in recognition of", styles["lead"], y - 16, text_width)
            # The title and story shrink to the room above the signature lines: never over them.
            room = y - 10 - (SIGNATURE_BASE + 34)
            inner = text_width - 60
            parts = [Paragraph(escape(text.title), styles["title"])]
            if text.story:
                parts += [Spacer(1, 12), Paragraph(escape(text.story), styles["story"])]
            framed = KeepInFrame(inner, max(room, 20), parts, mode="shrink", hAlign="CENTER")
            _, used = framed.wrapOn(canvas, inner, max(room, 20))
            framed.drawOn(canvas, (self.width - inner) / 2, y - 10 - used)
            self._signature_lines(canvas, width)
            canvas.restoreState()

        def _signature_lines(self, canvas, width):
            line_width, base = 190, SIGNATURE_BASE
            canvas.setLineWidth(0.6)
            left, right = 80, width - 80 - line_width
            canvas.line(left, base, left + line_width, base)
            canvas.line(right, base, right + line_width, base)
            draw_string(canvas, left + line_width / 2, base + 6, text.date_text, 12, align="centre")
            canvas.setFillGray(0.25)
            draw_string(canvas, left + line_width / 2, base - 14, "Date", 9.5, align="centre")
            draw_string(canvas, right + line_width / 2, base - 14, text.signer or "Signature", 9.5,
                        align="centre")

    return CertificateFace()


def write_certificate(target: Path, celebration: Celebration, *, school: str = "",
                      signer: str = "", page_size_name: str = "letter",
                      generated_on: date | None = None) -> Path:
    """Write the certificate PDF (one landscape page per person) to *target*."""
    from reportlab.platypus import PageBreak

    texts = certificate_texts(celebration, school=school, signer=signer)
    story: list = []
    for index, text in enumerate(texts):
        if index:
            story.append(PageBreak())
        story.append(_face(text))
    info = HandoutInfo(
        title=f"{texts[0].heading} — {', '.join(t.name for t in texts)}", header="",
        generated_on=generated_on or date.fromisoformat(celebration.celebrated_on[:10]),
        page_size_name=page_size_name, landscape=True, undecorated=True)
    return build_pdf(target, info, story)
