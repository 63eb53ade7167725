"""The credit-hours transcript as a one-page PDF (signed by the approver) and as CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from db.text_files import spreadsheet_cell
from desktop.atomic_files import atomic_write
from desktop.core import wording
from desktop.core.transcript import Transcript
from desktop.reports.pdf_base import HandoutInfo, build_pdf, escape, frame_size, styles

CSV_COLUMNS = ("Teacher", "Staff ID", "School", "School year", "Offering", "Format", "Facilitator",
               "First day", "Last day", "Completed on", "Sessions attended", "Hours credited")


def _dates(line) -> str:
    if line.first_day == line.last_day:
        return wording.day(line.first_day)
    return f"{wording.day(line.first_day)} – {wording.day(line.last_day)}"


def _sessions(line) -> str:
    if not line.sessions_total:
        return "self-paced"
    return f"{line.sessions_present} of {line.sessions_total}"


def write_transcript_pdf(target: Path, transcript: Transcript, *, page_size_name: str = "letter") -> Path:
    header = " · ".join(part for part in (f"PD transcript — {transcript.teacher_name}",
                                          transcript.school, transcript.year_name) if part)
    info = HandoutInfo(title=f"PD transcript — {transcript.teacher_name}, {transcript.year_name}",
                       header=header, generated_on=transcript.generated_on, page_size_name=page_size_name)
    return build_pdf(Path(target), info, transcript_story(transcript, page_size_name))


def transcript_story(transcript: Transcript, page_size_name: str = "letter") -> list:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    from desktop.reports.goal_sheet import signature_block
    from desktop.reports.pdf_base import Paragraph

    s = styles()
    number = ParagraphStyle("number", parent=s["cell"], alignment=TA_RIGHT)
    number_bold = ParagraphStyle("number_bold", parent=s["cell_bold"], alignment=TA_RIGHT)
    width, _height = frame_size(page_size_name)
    story: list = [Paragraph(escape("Professional learning: credit hours"), s["h1"])]
    who = [transcript.teacher_name]
    if transcript.identifier:
        who.append(f"staff ID {transcript.identifier}")
    if transcript.school:
        who.append(transcript.school)
    story.append(Paragraph(escape(" · ".join(who)), s["body"]))
    story.append(Paragraph(escape(
        f"School year {transcript.year_name}: {wording.day(transcript.first_day)} to "
        f"{wording.day(transcript.last_day)}"), s["muted"]))
    story.append(Spacer(1, 10))
    if not transcript.lines:
        story.append(Paragraph(escape("No professional learning was completed in this school year."),
                               s["body"]))
    else:
        head = ["Offering", "Format", "Dates", "Sessions", "Hours"]
        rows = [[Paragraph(escape(text), number_bold if text == "Hours" else s["cell_bold"])
                 for text in head]]
        for line in transcript.lines:
            title = line.title + (f" ({line.facilitator})" if line.facilitator else "")
            rows.append([Paragraph(escape(title), s["cell"]),
                         Paragraph(escape(Transcript.format_label(line.format)), s["cell"]),
                         Paragraph(escape(_dates(line)), s["cell"]),
                         Paragraph(escape(_sessions(line)), s["cell"]),
                         Paragraph(escape(wording.hours(line.hours)), number)])
        rows.append([Paragraph(escape("Total credit hours"), s["cell_bold"]), "", "", "",
                     Paragraph(escape(wording.hours(transcript.total_hours)), number_bold)])
        table = Table(rows, colWidths=[width * 0.37, width * 0.14, width * 0.26, width * 0.13,
                                       width * 0.10], repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#F2F2F2")]),
        ]))
        story.append(table)
        story.append(Spacer(1, 6))
        story.append(Paragraph(escape(
            "Hours are credited for the session time attended, rounded down to the quarter hour; "
            "every hour when present at every session."), s["small"]))
    story.append(Spacer(1, 18))
    approver = transcript.approver_role + (f" ({transcript.approver_name})" if transcript.approver_name else "")
    story.append(KeepTogether(signature_block(
        s, width, ("Teacher", approver),
        intro=f"I confirm that {transcript.teacher_name} completed the professional learning above.")))
    return story


def write_transcript_csv(target: Path, transcript: Transcript) -> Path:
    """One row per offering, then the total and the approver's line; safe to open in a spreadsheet."""
    target = Path(target)
    with atomic_write(target, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for line in transcript.lines:
            writer.writerow([spreadsheet_cell(value) for value in (
                transcript.teacher_name, transcript.identifier, transcript.school, transcript.year_name,
                line.title, Transcript.format_label(line.format), line.facilitator, line.first_day,
                line.last_day, line.completed_on, _sessions(line), wording.hours(line.hours))])
        writer.writerow([spreadsheet_cell(value) for value in (
            transcript.teacher_name, transcript.identifier, transcript.school, transcript.year_name,
            "Total credit hours", "", "", "", "", "", "", wording.hours(transcript.total_hours))])
        writer.writerow([spreadsheet_cell(value) for value in (
            "Approved by", transcript.approver_name, transcript.approver_role, "", "Signature", "", "",
            "", "Date", "", "", "")])
    return target
