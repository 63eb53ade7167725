"""A PD day on paper: a one-page schedule for each teacher, and a sheet for each room.

The schedule tells a teacher where to be and when, and why each session was chosen
for them (which of their growth areas it serves). The room sheet is for the door: what
is on in the room and when, who leads it, and a sign-in line per expected person, so
the attendance can be typed in afterwards.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core import wording
from desktop.core.pd_day import PlanPrintout, RoomSheet, TeacherSchedule
from desktop.reports.pdf_base import HandoutInfo, build_pdf, escape, frame_size, styles


def _when(session) -> str:
    return f"{wording.weekday(session.starts_at)}, {session.starts_at[11:16]}–{session.ends_at[11:16]}"


def _day_words(printout: PlanPrintout) -> str:
    plan = printout.plan
    return wording.weekday(plan.planned_for) if plan.planned_for else ""


def _header(printout: PlanPrintout, what: str) -> str:
    return " · ".join(part for part in (f"{what} — {printout.plan.title}", printout.school) if part)


def write_schedules(target: Path, printout: PlanPrintout, *, page_size_name: str = "letter") -> Path:
    info = HandoutInfo(title=f"PD day schedules — {printout.plan.title}",
                       header=_header(printout, "Schedules"), generated_on=printout.generated_on,
                       page_size_name=page_size_name)
    return build_pdf(Path(target), info, schedules_story(printout, page_size_name))


def write_room_sheets(target: Path, printout: PlanPrintout, *, page_size_name: str = "letter") -> Path:
    info = HandoutInfo(title=f"PD day room sheets — {printout.plan.title}",
                       header=_header(printout, "Room sheets"), generated_on=printout.generated_on,
                       page_size_name=page_size_name)
    return build_pdf(Path(target), info, room_sheets_story(printout, page_size_name))


def _grid(rows, widths, s, *, header: bool = True, row_height: float | None = None):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    heights = None if row_height is None else [None] + [row_height] * (len(rows) - 1)
    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1 if header else 0,
                  hAlign="LEFT")
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999"))]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def schedules_story(printout: PlanPrintout, page_size_name: str = "letter") -> list:
    from reportlab.platypus import PageBreak, Spacer

    from desktop.reports.pdf_base import Paragraph

    s = styles()
    width, _height = frame_size(page_size_name)
    story: list = []
    if not printout.schedules:
        return [Paragraph(escape("Nobody has a place on this plan yet."), s["body"])]
    for number, schedule in enumerate(printout.schedules):
        if number:
            story.append(PageBreak())
        story += _schedule(printout, schedule, s, width)
        story.append(Spacer(1, 1))
    return story


def _schedule(printout: PlanPrintout, schedule: TeacherSchedule, s, width: float) -> list:
    from reportlab.platypus import Spacer

    from desktop.reports.pdf_base import Paragraph

    block: list = [Paragraph(escape(f"Your PD day — {schedule.name}"), s["h1"])]
    meta = [printout.plan.title]
    if _day_words(printout):
        meta.append(_day_words(printout))
    block.append(Paragraph(escape(" · ".join(meta)), s["muted"]))
    block.append(Spacer(1, 8))
    headings = ("When", "Where", "What", "Why it was chosen for you")
    rows = [[Paragraph(escape(text), s["cell_bold"]) for text in headings]]
    for item in schedule.items:
        what = item.title + (f" — with {item.facilitator}" if item.facilitator else "")
        what += f" ({wording.hours_text(item.hours)})"
        if item.sessions:
            when = "\n".join(_when(session) for session in item.sessions)
            where = "\n".join(session.location or "—" for session in item.sessions)
        else:
            when, where = "At your own pace", "—"
        why = f"It works on {item.why}." if item.why else ""
        rows.append([Paragraph(escape(when).replace("\n", "<br/>"), s["cell"]),
                     Paragraph(escape(where).replace("\n", "<br/>"), s["cell"]),
                     Paragraph(escape(what), s["cell"]), Paragraph(escape(why), s["cell"])])
    block.append(_grid(rows, [width * 0.24, width * 0.14, width * 0.34, width * 0.28], s))
    block.append(Spacer(1, 10))
    block.append(Paragraph(escape("Please sign in at the door of each session, so your hours are credited."),
                           s["small"]))
    return block


def room_sheets_story(printout: PlanPrintout, page_size_name: str = "letter") -> list:
    from reportlab.platypus import PageBreak

    from desktop.reports.pdf_base import Paragraph

    s = styles()
    width, _height = frame_size(page_size_name)
    if not printout.rooms:
        return [Paragraph(escape("None of this plan's offerings has a session to print."), s["body"])]
    story: list = []
    for number, sheet in enumerate(printout.rooms):
        if number:
            story.append(PageBreak())
        story += _room(printout, sheet, s, width)
    return story


def _room(printout: PlanPrintout, sheet: RoomSheet, s, width: float) -> list:
    from reportlab.platypus import KeepTogether, Spacer

    from desktop.reports.pdf_base import Paragraph

    block: list = [Paragraph(escape(f"Room sheet — {sheet.room}"), s["h1"])]
    meta = [printout.plan.title] + ([_day_words(printout)] if _day_words(printout) else [])
    block.append(Paragraph(escape(" · ".join(meta)), s["muted"]))
    for booking in sheet.bookings:
        part: list = [Spacer(1, 6), Paragraph(escape(f"{_when(booking.session)}: {booking.title}"), s["h2"])]
        leads = f"Led by {booking.facilitator}. " if booking.facilitator else ""
        part.append(Paragraph(escape(f"{leads}{wording.plural(len(booking.people), 'person', 'people')} expected."),
                              s["body"]))
        rows = [[Paragraph(escape(text), s["cell_bold"]) for text in ("", "Name", "Signature")]]
        for position, name in enumerate(booking.people, start=1):
            rows.append([Paragraph(str(position), s["cell"]), Paragraph(escape(name), s["cell"]), ""])
        for _ in range(3):   # someone who was not expected
            rows.append(["", "", ""])
        table = _grid(rows, [width * 0.06, width * 0.44, width * 0.50], s, row_height=20)
        # The heading stays with the first names; a long list runs on, its header repeated.
        block.append(KeepTogether(part + [table]) if len(rows) <= 16 else KeepTogether(part))
        if len(rows) > 16:
            block.append(table)
    return block
