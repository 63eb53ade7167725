"""The blank self-assessment survey: rate yourself 1–4 on each indicator, then open questions.

For teachers who prefer paper; the answers are typed in afterwards (Goals &
Conversations ▸ Self-assessment). Boxes and lines print well in black and white.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.rubrics import Rubric
from desktop.reports.goal_sheet import signature_block
from desktop.reports.pdf_base import HandoutInfo, build_pdf, escape, frame_size, styles

BOX = "\u2610"   # ☐
OPEN_QUESTIONS = (
    "What are your career goals for the next few years?",
    "How do you prefer to learn (workshops, peer coaching, videos, podcasts, book study, …)?",
    "What are you interested in exploring?",
    "Where would you most like support this year?",
)
YES_NO_QUESTIONS = (
    "Would you lead a session for colleagues?",
    "Would you mentor a colleague?",
)
SCALE = (1, 2, 3, 4)


def write_survey(target: Path, rubric: Rubric, *, school: str = "", today: date,
                 teacher_name: str = "", page_size_name: str = "letter") -> Path:
    header = " · ".join(part for part in ("Self-assessment", school, rubric.name) if part)
    info = HandoutInfo(title=f"Self-assessment — {rubric.name}", header=header,
                       generated_on=today, page_size_name=page_size_name)
    return build_pdf(Path(target), info, survey_story(rubric, teacher_name, page_size_name))


def survey_story(rubric: Rubric, teacher_name: str = "", page_size_name: str = "letter") -> list:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    from desktop.reports.pdf_base import Paragraph

    s = styles()
    width, _ = frame_size(page_size_name)
    name_line = escape(teacher_name) if teacher_name else "_" * 38
    story: list = [
        Paragraph("Self-assessment", s["h1"]),
        Paragraph(f"Name: {name_line} &nbsp;&nbsp; Date: ______________", s["body"]),
        Spacer(1, 6),
        Paragraph(escape(
            "For each indicator, tick the level that best describes your practice today. "
            "There are no wrong answers: this starts a conversation about the support you want."),
            s["muted"]),
        Spacer(1, 4),
    ]
    # Paragraphs collapse runs of spaces: the levels are kept apart with fixed spaces.
    scale = " &nbsp;&nbsp;&nbsp; ".join(f"<b>{level}</b> = {escape(rubric.level_label(level))}" for level in SCALE)
    story.append(Paragraph(scale, s["small"]))
    column = [width * 0.68] + [width * 0.08] * len(SCALE)
    for domain in rubric.domains:
        rows = [[Paragraph(escape(f"{domain.code}. {domain.name}"), s["cell_bold"])]
                + [Paragraph(str(level), s["cell_bold"]) for level in SCALE]]
        for indicator in domain.indicators:
            text = f"<b>{escape(indicator.code)} {escape(indicator.name)}</b>"
            if indicator.description:
                text += f"<br/>{escape(indicator.description)}"
            rows.append([Paragraph(text, s["cell"])] + [Paragraph(BOX, s["body"]) for _ in SCALE])
        table = Table(rows, colWidths=column, hAlign="LEFT", repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
        ]))
        story += [Spacer(1, 8), table]
    story.append(Spacer(1, 10))
    story.append(Paragraph("About you", s["h2"]))
    for question in OPEN_QUESTIONS:
        story.append(KeepTogether([
            Paragraph(escape(question), s["body"]),
            _ruled_lines(width, 3),
            Spacer(1, 4)]))
    for question in YES_NO_QUESTIONS:
        story.append(Paragraph(f"{escape(question)} &nbsp; {BOX} Yes &nbsp; {BOX} No &nbsp; "
                               f"{BOX} Maybe later", s["body"]))
    story.append(Spacer(1, 14))
    story.append(KeepTogether(signature_block(s, width, ("Teacher",))))
    return story


def _ruled_lines(width: float, count: int):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table([[""] for _ in range(count)], colWidths=[width], rowHeights=[20] * count)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#777777"))]))
    return table
