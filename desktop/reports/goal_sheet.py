"""The goal sheet: one teacher's goals, action steps and latest check-ins, with signature lines.

Printed after a goal-setting conversation and signed by both people, so it stays
short (one or two pages): live goals only, the three latest check-ins per goal.
Private conversation notes never appear on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from db import goals, rubrics, staff
from db.goals import ActionStep, CheckIn, GoalDetail
from db.portfolio_queries import school_name
from desktop.core import wording
from desktop.reports.pdf_base import HandoutInfo, build_pdf, escape, frame_size, styles

LIVE = ("active", "draft")
CHECK_INS_SHOWN = 3
OPEN_BOX, DONE_BOX = "\u2610", "\u2611"   # ☐ ☑ — readable in black and white


@dataclass(frozen=True)
class SheetGoal:
    goal: GoalDetail
    indicator_name: str
    steps: list[ActionStep]
    check_ins: list[CheckIn]


@dataclass(frozen=True)
class GoalSheet:
    teacher_name: str
    school: str
    generated_on: date
    goals: list[SheetGoal]
    next_meeting_on: str | None = None


def gather_goal_sheet(db: Database, staff_id: str, *, today: date) -> GoalSheet:
    member = staff.get(db, staff_id)
    if member is None:
        raise KeyError(staff_id)
    names = {}
    rubric_id = rubrics.default_rubric_id(db)
    if rubric_id:
        names = {item.code: item.name for item in rubrics.indicators(db, rubric_id)}
    chosen = goals.goal_details(db, staff_id, statuses=LIVE)
    sheet_goals = [
        SheetGoal(goal, names.get(goal.indicator_code or "", ""),
                  goals.list_action_steps(db, goal_id=goal.id),
                  goals.list_check_ins(db, goal.id)[:CHECK_INS_SHOWN])
        for goal in chosen
    ]
    row = db.execute(
        "SELECT min(next_meeting_on) FROM conversations WHERE staff_id = ? AND next_meeting_on >= ?",
        [staff_id, today.isoformat()]).fetchone()
    return GoalSheet(member.full_name, school_name(db, member.school_id), today, sheet_goals,
                     row[0] if row else None)


def day(text: str | None) -> str:
    """The handouts' one date style (desktop.core.wording); '—' for a date not set."""
    from desktop.core.wording import day as one_style

    return one_style(text) or "—"


def write_goal_sheet(target: Path, sheet: GoalSheet, *, page_size_name: str = "letter") -> Path:
    header = " · ".join(part for part in (f"Goal sheet — {sheet.teacher_name}", sheet.school) if part)
    info = HandoutInfo(title=f"Goal sheet — {sheet.teacher_name}", header=header,
                       generated_on=sheet.generated_on, page_size_name=page_size_name)
    return build_pdf(Path(target), info, goal_sheet_story(sheet, page_size_name))


def goal_sheet_story(sheet: GoalSheet, page_size_name: str = "letter") -> list:
    from reportlab.platypus import KeepTogether, Spacer

    from desktop.reports.pdf_base import Paragraph

    s = styles()
    width, _height = frame_size(page_size_name)
    story: list = [Paragraph(escape(f"Growth goals — {sheet.teacher_name}"), s["h1"])]
    meta = [f"Printed {day(sheet.generated_on.isoformat())}"]
    if sheet.next_meeting_on:
        meta.append(f"next meeting {day(sheet.next_meeting_on)}")
    story.append(Paragraph(escape(" · ".join(meta)), s["muted"]))
    if not sheet.goals:
        story.append(Spacer(1, 8))
        story.append(Paragraph("No active goals yet. Goals agreed in the conversation can be "
                               "written in by hand below.", s["body"]))
        for number in (1, 2):
            story.append(KeepTogether(_blank_goal(number, s, width)))
    for number, item in enumerate(sheet.goals, start=1):
        # The title stays with the goal's first lines; steps and check-ins may run on.
        block = _goal_block(number, item, s, width)
        story.append(KeepTogether(block[:2]))
        story.extend(block[2:])
    story.append(Spacer(1, 14))
    story.append(KeepTogether(signature_block(
        s, width, ("Teacher", "Coach or leader"),
        intro="We agreed these goals and steps together.")))
    return story


def _goal_block(number: int, item: SheetGoal, s, width: float) -> list:
    from reportlab.platypus import Spacer

    from desktop.reports.pdf_base import Paragraph

    goal = item.goal
    block: list = [Paragraph(escape(f"{number}. {goal.title}"), s["h2"])]
    indicator = " — ".join(part for part in (goal.indicator_code or "", item.indicator_name) if part)
    measure = goal.measure
    if goal.baseline or goal.target:
        start, end = (goal.baseline or "—").strip().rstrip("."), (goal.target or "—").strip().rstrip(".")
        measure = " · ".join(part for part in (measure, f"from {start} to {end}") if part)
    rows = [
        ("Goal", goal.description or goal.title),
        ("Measure", measure),
        ("Why it matters", goal.relevance),
        ("Indicator", indicator),
        ("When", f"{day(goal.start_on)} to {day(goal.due_on)}"),
        ("Status", f"{wording.goal_status(goal.status)} · {wording.stage(goal.cycle_stage)}"),
    ]
    block.append(_table([(key, value) for key, value in rows if value and value.strip()], s,
                        [width * 0.2, width * 0.8]))
    block.append(Spacer(1, 4))
    if item.steps:
        step_rows = [("", "Action step", "Due", "Done")] + [
            (DONE_BOX if step.status != "open" else OPEN_BOX,
             step.description + (f" ({wording.step_status(step.status).lower()})"
                                 if step.status == "mastered" else ""),
             day(step.due_on), day(step.done_on) if step.done_on else "")
            for step in item.steps]
        block.append(_table(step_rows, s, [width * 0.05, width * 0.6, width * 0.17, width * 0.18],
                            header=True))
    else:
        block.append(Paragraph("Action steps: ____________________________________________", s["body"]))
    if item.check_ins:
        block.append(Spacer(1, 4))
        check_rows = [("Check-in", "Progress", "Evidence and notes")] + [
            (day(c.checked_on), "" if c.progress is None else f"{c.progress}%",
             " — ".join(part for part in (c.evidence, c.notes) if part))
            for c in item.check_ins]
        block.append(_table(check_rows, s, [width * 0.17, width * 0.13, width * 0.7], header=True))
    return block


def _blank_goal(number: int, s, width: float) -> list:
    """A goal to fill in by hand: labelled lines for the SMART parts and a first step."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    from desktop.reports.pdf_base import Paragraph

    labels = ("Goal", "", "Measure", "Why it matters", "By when", "First action step")
    rows = [[Paragraph(escape(text), s["cell_bold"]), ""] for text in labels]
    table = Table(rows, colWidths=[width * 0.2, width * 0.798], rowHeights=[24] * len(rows),
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("LINEBELOW", (1, 0), (1, -1), 0.4, colors.HexColor("#777777")),
    ]))
    return [Paragraph(f"Goal {number}", s["h2"]), table]


def _table(rows, s, widths, *, header: bool = False):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    from desktop.reports.pdf_base import Paragraph

    cells = [[Paragraph(escape(str(value)), s["cell_bold"] if (header and r == 0) or (not header and c == 0)
                        else s["cell"]) for c, value in enumerate(row)] for r, row in enumerate(rows)]
    # A hair narrower than the frame: float rounding of the shares must never make the
    # table "too wide", which would push it (and its goal) onto a new page.
    table = Table(cells, colWidths=[value * 0.998 for value in widths], hAlign="LEFT")
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def signature_block(s, width: float, who: tuple[str, ...], *, intro: str = "") -> list:
    """Lines to sign and date on, one row per person."""
    from reportlab.lib import colors
    from reportlab.platypus import Spacer, Table, TableStyle

    from desktop.reports.pdf_base import Paragraph

    block: list = []
    if intro:
        block.append(Paragraph(escape(intro), s["body"]))
        block.append(Spacer(1, 16))
    rows = []
    for person in who:
        rows.append(["", "", ""])
        rows.append([Paragraph(escape(f"{person} signature"), s["small"]), "",
                     Paragraph("Date", s["small"])])
    table = Table(rows, colWidths=[width * 0.6, width * 0.08, width * 0.32],
                  rowHeights=[26, 14] * len(who), hAlign="LEFT")
    table.setStyle(TableStyle(
        [("LINEBELOW", (0, index), (0, index), 0.8, colors.black) for index in range(0, len(rows), 2)]
        + [("LINEBELOW", (2, index), (2, index), 0.8, colors.black) for index in range(0, len(rows), 2)]
        + [("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    block.append(table)
    return block
