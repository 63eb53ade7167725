"""“Celebrating our teachers”: one printed page for the staff room, public items only.

Private celebrations never reach the page, whatever the caller passes in. The
newest celebrations fill a two-column grid; when they do not all fit on one page
the oldest are left off and the sheet says how many.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from db.celebrations import Celebration
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


def _card(celebration: Celebration, style):
    from reportlab.platypus import Paragraph

    day = date.fromisoformat(celebration.celebrated_on[:10])
    story = " ".join(celebration.story.split())
    if len(story) > STORY_LIMIT:
        story = story[:STORY_LIMIT].rsplit(" ", 1)[0] + "…"
    names = ", ".join(celebration.staff_names) or "Our whole staff"
    parts = [
        Paragraph(f"{escape(celebration.kind_label)} · {day.day} {day:%b %Y}", style["small"]),
        Paragraph(escape(celebration.title), style["cell_bold"]),
        Paragraph(escape(names), style["cell"]),
    ]
    if story:
        parts.append(Paragraph(escape(story), style["muted"]))
    return parts


def _grid(items: list[Celebration], width: float, style):
    from reportlab.platypus import Table, TableStyle

    cells = [_card(item, style) for item in items]
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
    from reportlab.platypus import Paragraph, Spacer

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

    chosen = public_only(items)[:MOST_SHOWN]
    left_off = len(public_only(items)) - len(chosen)
    while chosen:
        grid = _grid(chosen, width - 12, style)
        if grid.wrap(width - 12, height)[1] <= height - used:
            break
        chosen.pop()
        left_off += 1
    story = heading
    if chosen:
        story.append(grid)
    else:
        story.append(Paragraph("No public celebrations yet — the next goal met or PD finished "
                               "could be the first.", sub))
    if left_off:
        story += [Spacer(1, 8), Paragraph(
            f"…and {left_off} more celebration{'s' if left_off > 1 else ''} not shown here.", sub)]
    info = HandoutInfo(title="Celebrating our teachers", header="", generated_on=generated_on,
                       page_size_name=page_size_name, undecorated=True)
    return build_pdf(target, info, story)
