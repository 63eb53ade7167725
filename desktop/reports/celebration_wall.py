"""“Celebrating our teachers”: one printed page for the staff room, public items only.

Private celebrations never reach the page, whatever the caller passes in. The sheet
covers a chosen period (this month, this term, this year: :func:`periods`) and fits
what it promises: the cards drop their stories before any celebration is left off,
and only then are the oldest left off, with the sheet saying how many. Each card
names its people once (a title that starts with the name does not repeat it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from db.celebrations import Celebration
from desktop.core import wording
from desktop.reports.pdf_base import (
    FONT_BOLD,
    HandoutInfo,
    build_pdf,
    escape,
    frame_size,
    styles,
)

STORY_LIMIT = 200
MOST_SHOWN = 16


def public_only(items: Sequence[Celebration]) -> list[Celebration]:
    """Public celebrations, newest first."""
    return sorted((c for c in items if c.is_public),
                  key=lambda c: c.celebrated_on, reverse=True)


@dataclass(frozen=True)
class Period:
    label: str          # "March 2026", "Term 2, 2025–26", "2025–26"
    first: date
    last: date

    def holds(self, celebration: Celebration) -> bool:
        return self.first.isoformat() <= celebration.celebrated_on[:10] <= self.last.isoformat()


def periods(today: date, *, term: tuple[date, date, str], year: tuple[date, date, str]) -> list[Period]:
    """The periods a wall sheet can cover: this month, this term, this school year."""
    first = today.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return [Period(f"{today:%B %Y}", first, following - timedelta(days=1)),
            Period(term[2], term[0], term[1]), Period(year[2], year[0], year[1])]


def _card(celebration: Celebration, style, *, with_story: bool = True):
    from desktop.reports.pdf_base import Paragraph

    story = " ".join(celebration.story.split())
    if len(story) > STORY_LIMIT:
        story = story[:STORY_LIMIT].rsplit(" ", 1)[0] + "…"
    names = ", ".join(celebration.staff_names) or "Our whole staff"
    title = wording.without_names(celebration.title.strip(), celebration.staff_names)
    kind = celebration.kind_label
    if title.casefold().startswith(kind.casefold()):     # "Shout-out: …" under "Shout-out"
        kind = ""
    parts = [
        Paragraph(escape(" · ".join(part for part in (kind, wording.day(celebration.celebrated_on)) if part)),
                  style["small"]),
        Paragraph(escape(names), style["cell_bold"]),
        Paragraph(escape(title), style["cell"]),
    ]
    if story and with_story:
        parts.append(Paragraph(escape(story), style["muted"]))
    return parts


def _grid(items: list[Celebration], width: float, style, *, with_story: bool = True):
    from reportlab.platypus import Table, TableStyle

    cells = [_card(item, style, with_story=with_story) for item in items]
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[width / 2] * 2)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.6, "#000000"),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, "#777777"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return table


def write_celebration_wall(target: Path, items: Sequence[Celebration], *, school: str = "",
                           period: str = "", generated_on: date,
                           page_size_name: str = "letter") -> Path:
    """Write the one-page sheet; *items* may include private ones, which are left out."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Spacer

    from desktop.reports.pdf_base import Paragraph

    style = styles()
    width, height = frame_size(page_size_name)
    height += 4 * 2.83   # an undecorated page has no running header to leave room for
    title = ParagraphStyle("wall_title", parent=style["title"], fontName=FONT_BOLD, fontSize=26,
                           leading=32, alignment=TA_CENTER, spaceAfter=2)
    sub = ParagraphStyle("wall_sub", parent=style["muted"], alignment=TA_CENTER, fontSize=10.5)
    heading = [Paragraph("Celebrating our teachers", title)]
    line = " · ".join(part for part in (school.strip(), period.strip()) if part)
    if line:
        heading.append(Paragraph(escape(line), sub))
    heading.append(Spacer(1, 12))
    used = sum(flowable.wrap(width, height)[1] for flowable in heading) + 12 + 20

    everything = public_only(items)
    chosen, grid = list(everything), None
    for with_story in (True, False):   # stories go before any celebration is left off
        chosen = list(everything)
        while chosen:
            grid = _grid(chosen, width - 12, style, with_story=with_story)
            if grid.wrap(width - 12, height)[1] <= height - used:
                break
            chosen.pop()
        if len(chosen) == len(everything):
            break
    left_off = len(everything) - len(chosen)
    story = heading
    if chosen:
        story.append(grid)
    else:
        story.append(Paragraph("No public celebrations yet — the next goal met or PD finished "
                               "could be the first.", sub))
    if left_off:
        story += [Spacer(1, 8), Paragraph(
            f"…and {wording.plural(left_off, 'earlier celebration')} from this period not shown here.", sub)]
    info = HandoutInfo(title="Celebrating our teachers", header="", generated_on=generated_on,
                       page_size_name=page_size_name, undecorated=True)
    return build_pdf(target, info, story)
