"""The printed growth portfolio: one teacher, one school year, told fairly and briefly.

Turns a :class:`~desktop.core.portfolio_data.Portfolio` into platypus flowables on
the shared handout template (cover, contents, then one "h1" section each).
Every piece of user text goes through ``escape``; charts are black and white.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core import wording
from desktop.core.portfolio_data import Portfolio, label
from desktop.reports.pdf_base import (
    CHART_DPI,
    HandoutInfo,
    build_pdf,
    compact_contents,
    escape,
    figure_flowable,
    fitting_size,
    frame_size,
    styles,
)

SECTION_TITLES = (
    "Profile", "Growth profile", "Goals", "Observations", "Professional learning",
    "Celebrations", "Conversations",
)
PRIVATE_SECTION_TITLE = "Wellbeing check-ins (shared)"
CONFIDENTIAL_NOTICE = ("Confidential: this copy includes private coaching notes, private "
                       "conversations and the wellbeing check-ins the teacher shared.")


def handout_info(portfolio: Portfolio, page_size_name: str) -> HandoutInfo:
    header = " · ".join(part for part in (
        f"Growth portfolio — {portfolio.teacher.name}", portfolio.school, portfolio.year.label) if part)
    if portfolio.include_private:
        header += " · CONFIDENTIAL"
    return HandoutInfo(
        title=f"Growth portfolio — {portfolio.teacher.name} — {portfolio.year.label}",
        header=header, generated_on=portfolio.generated_on, page_size_name=page_size_name,
        cover_page=True,
    )


def write_portfolio(target: Path, portfolio: Portfolio, *, page_size_name: str = "letter") -> Path:
    """Write one teacher's portfolio PDF to *target* (atomically: never half a file)."""
    return build_pdf(Path(target), handout_info(portfolio, page_size_name),
                     portfolio_story(portfolio, page_size_name))


def portfolio_story(portfolio: Portfolio, page_size_name: str = "letter") -> list:
    return _Story(portfolio, page_size_name).build()


day = wording.day   # kept for callers of the old name


MIN_ROWS_ON_A_PAGE = 2


def _no_widow_table():
    """Table class whose page break never leaves fewer than two rows on either side
    (a lone wellbeing row on a page of its own looked like a mistake)."""
    from reportlab.platypus import Table

    class NoWidowTable(Table):
        def split(self, availWidth, availHeight):
            parts = super().split(availWidth, availHeight)
            height = availHeight
            while len(parts) == 2:
                first = len(parts[0]._cellvalues) - self.repeatRows
                rest = len(parts[1]._cellvalues) - self.repeatRows
                if rest >= MIN_ROWS_ON_A_PAGE or first <= MIN_ROWS_ON_A_PAGE:
                    break
                # Carry the last row before the break over to the next page too.
                height -= self._rowHeights[len(parts[0]._cellvalues) - 1]
                parts = super().split(availWidth, height)
            return parts

    return NoWidowTable


class _Story:
    """Builds the flowables section by section; one instance per portfolio."""

    def __init__(self, portfolio: Portfolio, page_size_name: str):
        from reportlab.lib.styles import ParagraphStyle

        self.p = portfolio
        self.s = styles()
        self.s["contents_title"] = ParagraphStyle("contents_title", parent=self.s["h1"])
        self.s["label"] = ParagraphStyle("label", parent=self.s["cell_bold"])
        self.width, self.height = frame_size(page_size_name)
        self.flow: list = []

    # --- building blocks --------------------------------------------------------------

    def para(self, text: str, style: str = "body", *, markup: str = "") -> None:
        """Add user *text* (escaped); *markup* is trusted text placed before it."""
        from desktop.reports.pdf_base import Paragraph

        self.flow.append(Paragraph(markup + escape(text).replace("\n", "<br/>"), self.s[style]))

    # No heading is left alone at a page foot: keep_headings_with_what_follows() puts a
    # conditional page break before each, sized to what follows it.
    def heading(self, text: str) -> None:
        from desktop.reports.pdf_base import Paragraph

        self.flow.append(Paragraph(escape(text), self.s["h1"]))

    def subheading(self, text: str) -> None:
        from desktop.reports.pdf_base import Paragraph

        self.flow.append(Paragraph(escape(text), self.s["h2"]))

    def cell(self, text, style: str = "cell"):
        from desktop.reports.pdf_base import Paragraph

        return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), self.s[style])

    def table(self, header: list[str], rows: list[list], widths: list[float]) -> None:
        """A ruled table; *widths* are fractions of the frame width."""
        from reportlab.lib import colors
        from reportlab.platypus import Spacer, TableStyle

        data = [[self.cell(text, "cell_bold") for text in header]]
        data += [[item if hasattr(item, "wrap") else self.cell(item) for item in row] for row in rows]
        table = _no_widow_table()(data, colWidths=[self.width * share for share in widths],
                                  repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        self.flow += [table, Spacer(1, 8)]

    def facts(self, pairs: list[tuple[str, str]]) -> None:
        """Label/value rows without a header, for the profile and a goal's SMART parts."""
        from reportlab.platypus import Spacer, Table, TableStyle

        rows = [[self.cell(name, "label"), self.cell(value or "—")] for name, value in pairs]
        table = Table(rows, colWidths=[self.width * 0.28, self.width * 0.72], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
        ]))
        self.flow += [table, Spacer(1, 6)]

    def figure(self, figure, max_height: float) -> None:
        from reportlab.platypus import Spacer

        self.flow += [figure_flowable(figure, self.width, max_height), Spacer(1, 6)]

    def nothing_yet(self, text: str) -> None:
        self.para(text, "muted")

    # --- the sections -------------------------------------------------------------------

    def build(self) -> list:
        self.cover()
        self.profile()
        self.growth_profile()
        self.goals()
        self.observations()
        self.professional_learning()
        self.celebrations()
        self.conversations()
        if self.p.include_private:
            self.wellbeing()
        return keep_headings_with_what_follows(self.flow, self.width, self.height)

    def cover(self) -> None:
        """Page 1: who and when, the year at a glance, where to focus next, the contents."""
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import KeepInFrame, PageBreak, Spacer, Table, TableStyle

        from desktop.reports.pdf_base import Paragraph

        centred = {name: ParagraphStyle(f"cover_{name}", parent=self.s[name], alignment=TA_CENTER)
                   for name in ("title", "h2", "body", "muted")}
        teacher = self.p.teacher
        # A long name wraps at its spaces; a long single word makes the type smaller instead.
        size = fitting_size(teacher.name, self.width, largest=26)
        big = ParagraphStyle("cover_name", parent=centred["title"], fontSize=size, leading=size * 1.25)
        block: list = [
            Spacer(1, 8),
            Paragraph("Growth portfolio", centred["h2"]),
            Paragraph(escape(teacher.name), big),
        ]
        details = ", ".join(part for part in (teacher.role, teacher.subjects) if part)
        if details:
            block.append(Paragraph(escape(details), centred["body"]))
        where = " · ".join(part for part in (self.p.school, f"School year {self.p.year.label}") if part)
        block += [Spacer(1, 4), Paragraph(escape(where), centred["body"]),
                  Paragraph(f"Prepared on {wording.day(self.p.generated_on)}", centred["muted"])]
        if self.p.include_private:
            notice = Table([[Paragraph(CONFIDENTIAL_NOTICE, centred["body"])]], colWidths=[self.width * 0.7])
            notice.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                                        ("TOPPADDING", (0, 0), (-1, -1), 6),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
            block += [Spacer(1, 8), notice]
        bullet = ParagraphStyle("cover_bullet", parent=self.s["body"], leftIndent=12, bulletIndent=2,
                                spaceAfter=3)
        block += [Spacer(1, 14), Paragraph("The year at a glance", self.s["h2"])]
        block += [Paragraph(escape(sentence), bullet, bulletText="•") for sentence in self.p.highlights]
        focus = self.p.growth.focus
        if focus:
            block += [Spacer(1, 6), Paragraph("Where to focus next", self.s["h2"])]
            for area in focus:
                block.append(Paragraph(f"<b>{escape(area.line.name)}</b> — {escape(area.tied_to)}", bullet,
                                       bulletText="•"))
        contents_room = 120
        self.flow.append(KeepInFrame(self.width, self.height - contents_room, block, mode="shrink"))
        # The contents share the cover: a few-page portfolio does not need a page of its own for them.
        self.flow += [Spacer(1, 10), Paragraph("Contents", self.s["h2"]), compact_contents(self.s["body"]),
                      PageBreak()]

    def profile(self) -> None:
        teacher = self.p.teacher
        self.heading("Profile")
        experience = ""
        if teacher.years_experience is not None:
            experience = wording.plural(teacher.years_experience, "year") + " of teaching"
        if teacher.hire_date:
            experience = ", ".join(filter(None, [experience, f"at this school since {wording.day(teacher.hire_date)}"]))
        self.facts([
            ("Role", teacher.role),
            ("Subjects", teacher.subjects),
            ("Grades", ", ".join(item.strip() for item in teacher.grades.split(",") if item.strip())),
            ("Experience", experience),
            ("Career goals", teacher.career_goals),
            ("Preferred ways to learn", ", ".join(label(item.strip()) for item in
                                                  teacher.preferred_formats.split(",") if item.strip())),
            ("Interests", teacher.interests),
            ("Leadership strengths", teacher.leadership_strengths),
        ])

    def growth_profile(self) -> None:
        from desktop.reports.charts import RadarSeries, radar_chart

        growth = self.p.growth
        self.heading("Growth profile")
        if not growth.has_evidence:
            self.nothing_yet("No observations or self-assessment this year yet, so there is no "
                             "growth profile to show.")
            return
        scale = ", ".join(f"{level} {name}" for level, name in sorted(growth.level_labels.items()))
        self.para("Each indicator's level combines what was seen in class (recent visits count more) "
                  "with the teacher's own self-assessment." + (f" Levels: {scale}." if scale else ""))
        names = [line.name for line in growth.indicators]
        series = [RadarSeries("Level", [line.level for line in growth.indicators])]
        if any(line.self_level is not None for line in growth.indicators):
            series.append(RadarSeries("Self-rating", [line.self_level for line in growth.indicators]))
        goal_codes = {story.goal.indicator_code for story in self.p.goals if story.goal.indicator_code}
        self.figure(radar_chart(names, series, max_level=growth.max_level, width_in=6.2, height_in=5.0,
                                marked=[index for index, line in enumerate(growth.indicators)
                                        if line.code in goal_codes], dpi=CHART_DPI),
                    self.height * 0.5)
        self.subheading("Strengths")
        if growth.strengths:
            self.table(["Indicator", "Level", "Seen in"],
                       [[line.name, f"{line.level:.1f}", _evidence_words(line)] for line in growth.strengths],
                       [0.48, 0.1, 0.42])
        elif growth.strongest:
            self.para("Strongest practice so far, each on its way to a strength (a strength is a level "
                      "of 3 or more, seen in class):")
            self.table(["Indicator", "Level", "Seen in"],
                       [[line.name, f"{line.level:.1f}", _evidence_words(line)] for line in growth.strongest[:3]],
                       [0.48, 0.1, 0.42])
        else:
            self.nothing_yet("Strengths appear once visits have scored an indicator.")
        growing = _growing(growth)
        if growing:
            self.subheading("Growing")
            self.table(["Indicator", "This year", "Note"], growing, [0.48, 0.22, 0.3])
        if growth.focus:
            self.subheading("Focus areas")
            more = growth.gaps_total - len(growth.focus)
            if more > 0:
                self.para(f"The {wording.plural(len(growth.focus), 'area')} to work on next (page 1 says "
                          "what each is tied to); the radar chart shows every indicator.", "muted")
            # What each is tied to is on page 1; here, what the level rests on.
            self.table(["Indicator", "Level", "Seen in"],
                       [[area.line.name, f"{area.line.level:.1f}", _evidence_words(area.line)]
                        for area in growth.focus], [0.48, 0.1, 0.42])
        talk = [line for line in growth.perception_gaps if line.code not in {area.line.code for area in growth.focus}]
        if talk:
            self.subheading("Seen differently")
            self.para("Where the self-rating and what was seen in class differ by a level or more: a good "
                      "place to start a conversation.", "muted")
            self.table(["Indicator", "Self-rating", "Seen in class"],
                       [[line.name, str(line.self_level), f"{line.observation_level:.1f}"] for line in talk],
                       [0.6, 0.2, 0.2])
        unrated = [line for line in growth.indicators if line.level is None]
        if unrated:
            self.para("No evidence yet on: " + wording.and_list([line.name for line in unrated]) + ".", "muted")

    def goals(self) -> None:
        self.heading("Goals")
        if not self.p.goals:
            self.nothing_yet("No goals recorded this year yet.")
            return
        from reportlab.platypus import KeepTogether

        for story in self.p.goals:
            goal = story.goal
            self.subheading(goal.title)
            start = len(self.flow) - 1
            status = wording.goal_status(goal.status)
            if goal.met_on and goal.status == "met":
                status += f" on {wording.day(goal.met_on)}"
            indicator = " ".join(filter(None, [goal.indicator_code, goal.indicator_name]))
            dates = " to ".join(filter(None, [wording.day(goal.start_on), wording.day(goal.due_on)]))
            target = _from_to(goal.baseline, goal.target)
            self.facts([pair for pair in [
                ("Status", status), ("Stage", wording.stage(goal.cycle_stage) if goal.status == "active" else ""),
                ("Goal", goal.description), ("Rubric indicator", indicator),
                ("Measure", goal.measure), ("Starting point and target", target), ("Dates", dates),
            ] if pair[1]])
            # A goal's title and its SMART parts stay on one page.
            self.flow[start:] = [KeepTogether(self.flow[start:])]
            if story.steps:
                self.table(["Action step", "Due", "Status"],
                           [[step.description, wording.day(step.due_on),
                             wording.step_status(step.status)
                             + (f" {wording.day(step.done_on)}" if step.done_on else "")]
                            for step in story.steps], [0.6, 0.15, 0.25])
            if story.check_ins:
                if story.check_ins_total > len(story.check_ins):
                    self.para(f"The latest {len(story.check_ins)} of {story.check_ins_total} check-ins:", "muted")
                self.table(["Check-in", "Progress", "Evidence and notes"],
                           [[wording.day(item.checked_on), "" if item.progress is None else f"{item.progress}%",
                             "\n".join(filter(None, [item.evidence, item.notes]))]
                            for item in story.check_ins], [0.15, 0.13, 0.72])

    def observations(self) -> None:
        from desktop.reports.charts import TrendSeries, trend_chart

        summary = self.p.observations
        self.heading("Observations")
        if not summary.total:
            self.nothing_yet("No observations this year yet.")
            return
        kinds = wording.and_list([f"{count} {wording.visit_kind(kind, count)}"
                                  for kind, count in summary.by_kind.items()])
        by = f" by {wording.plural(summary.observers, 'observer')}" if summary.observers else ""
        self.para(f"{wording.plural(summary.total, 'classroom visit')} "
                  f"{wording.span(summary.first_on, summary.last_on)}{by}: {kinds}.")
        if summary.trend:
            self.subheading("Indicator trend")
            monthly = any(line.monthly for line in summary.trend)
            goal_codes = {story.goal.indicator_code for story in self.p.goals if story.goal.indicator_code}
            self.para("Scores over the year on the goals' indicators (drawn heaviest) and the most observed "
                      "ones" + (", as monthly means where there were many visits." if monthly else "."), "muted")
            series = [TrendSeries(f"{line.code} {line.name}" + (" (monthly)" if line.monthly else ""),
                                  line.points, emphasised=line.code in goal_codes) for line in summary.trend]
            self.figure(trend_chart(series, max_level=self.p.growth.max_level, width_in=7.2, height_in=3.0,
                                    year=self.p.year.days, dpi=CHART_DPI),
                        self.height * 0.3)
        if summary.glows:
            self.subheading("Selected glows")
            if summary.glows_total > len(summary.glows):
                self.para(f"{len(summary.glows)} of {summary.glows_total} glows, spread over the year.", "muted")
            for glow in summary.glows:
                self.para(glow.text, "quote",
                          markup=f"<b>{wording.day(glow.observed_on)}, {wording.visit_kind(glow.kind)}:</b> ")
        if summary.evidence:
            self.subheading("Selected evidence")
            self.table(["Date", "Indicator", "What was seen"],
                       [[wording.day(line.observed_on), line.indicator, line.text] for line in summary.evidence],
                       [0.15, 0.3, 0.55])
        if summary.private_notes:
            self.subheading("Private observation notes (confidential)")
            self.table(["Date", "Kind", "Private note"],
                       [[wording.day(note.observed_on), wording.visit_kind(note.kind).capitalize(), note.text]
                        for note in summary.private_notes], [0.15, 0.17, 0.68])

    def professional_learning(self) -> None:
        pd = self.p.pd
        self.heading("Professional learning")
        if not pd.completed:
            self.nothing_yet("No professional learning completed this year yet.")
            return
        formats = wording.and_list([f"{name} {wording.hours(hours)}" for name, hours in pd.hours_by_format.items()])
        self.para(f"{wording.plural(len(pd.completed), 'offering')} completed, "
                  f"{wording.hours_text(pd.total_hours)} in all"
                  + (f" ({formats})." if len(pd.hours_by_format) > 1 else "."))
        self.table(["Completed", "Offering", "Format", "Hours", "Rating"],
                   [[wording.day(item.completed_on), item.title, label(item.format), wording.hours(item.hours_credited),
                     f"{item.rating} of 5" if item.rating else ""] for item in pd.completed],
                   [0.15, 0.45, 0.18, 0.1, 0.12])
        said: set[str] = set()
        reflections = []
        for item in pd.completed:
            learned = _first_time(item.reflection_learned, said)
            using = _first_time(item.reflection_use, said)
            if learned or using:
                reflections.append((item.title, learned, using))
        if reflections:
            self.subheading("Reflections")
            from reportlab.platypus import Spacer

            for title, learned, using in reflections:
                self.flow.append(Spacer(1, 4))
                self.para(title, "cell_bold")
                if learned:
                    self.para(learned, "quote", markup="<b>What I learned:</b> ")
                if using:
                    self.para(using, "quote", markup="<b>How I am using it:</b> ")

    def celebrations(self) -> None:
        self.heading("Celebrations")
        if not self.p.celebrations:
            self.nothing_yet("Nothing celebrated yet this year.")
            return
        self.table(["Date", "Celebration", "The story"],
                   [[wording.day(item.celebrated_on),
                     f"{item.title}\n({label(item.kind)})" + ("" if item.is_public else "\n(private)"),
                     item.story]
                    for item in self.p.celebrations], [0.15, 0.35, 0.5])

    def conversations(self) -> None:
        self.heading("Conversations")
        if not self.p.conversations:
            self.nothing_yet("No shared conversation notes this year.")
            return
        if self.p.conversations_total > len(self.p.conversations):
            self.para(f"The latest {len(self.p.conversations)} of {self.p.conversations_total} conversations.",
                      "muted")
        self.table(["Date", "Conversation", "Notes"],
                   [[wording.day(item.held_on),
                     label(item.kind) + (f"\nwith {item.leader_name}" if item.leader_name else "")
                     + ("\n(private)" if item.is_private else ""), item.notes]
                    for item in self.p.conversations], [0.15, 0.25, 0.6])

    def wellbeing(self) -> None:
        self.heading(PRIVATE_SECTION_TITLE)
        self.para("Confidential: only the check-ins the teacher shared with leaders. "
                  "1 is low and 5 is high on each scale.", "muted")
        if not self.p.wellbeing:
            self.nothing_yet("No shared wellbeing check-ins this year.")
            return
        self.table(["Date", "Energy", "Workload", "Stress", "Note"],
                   [[wording.day(item.checked_on), str(item.energy), str(item.workload), str(item.stress), item.note]
                    for item in self.p.wellbeing], [0.15, 0.1, 0.12, 0.1, 0.53])


def _evidence_words(line) -> str:
    """'3 visits, self-rated 4': what a level rests on, in words."""
    parts = []
    if line.observation_count:
        parts.append(f"{wording.plural(line.observation_count, 'visit')} (seen at {line.observation_level:.1f})")
    if line.self_level is not None:
        parts.append(f"self-rated {line.self_level}")
    return "; ".join(parts) or "no evidence yet"


def _growing(growth) -> list[list[str]]:
    """Rows for indicators that rose this year or whose goal was achieved, each once."""
    rows, seen = [], set()
    for line in growth.achieved + growth.risen:
        if line.code in seen:
            continue
        seen.add(line.code)
        change = (f"{line.first_level:.1f} to {line.last_level:.1f}"
                  if line.first_level is not None and line.last_level is not None else "")
        note = f"Goal achieved on {wording.day(line.goal_achieved_on)}" if line.goal_achieved_on else "Rose"
        rows.append([line.name, change, note])
    return rows


def _from_to(baseline: str, target: str) -> str:
    """'From Developing (2) to Proficient (3)': no arrow after a full stop."""
    baseline, target = (baseline or "").strip().rstrip("."), (target or "").strip().rstrip(".")
    if baseline and target:
        return f"From: {baseline}. To: {target}."
    return f"Target: {target}." if target else (f"Starting point: {baseline}." if baseline else "")


def _first_time(text: str, said: set[str]) -> str:
    """*text* unless the same words were already printed (then '')."""
    words = " ".join((text or "").casefold().split())
    if not words or words in said:
        return ""
    said.add(words)
    return (text or "").strip()


def keep_headings_with_what_follows(flow: list, width: float, height: float) -> list:
    """Before each heading, a conditional page break asking for the room the heading, its
    caption and the first part of what follows need (a figure whole, a table's first three
    rows), so no heading is left at the foot of a page."""
    import io

    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table

    from desktop.reports.pdf_base import measured_height

    scratch = Canvas(io.BytesIO())   # only for measuring

    def measure(item) -> float:
        return measured_height(item, width, height, scratch)

    def is_heading(item) -> bool:
        return isinstance(item, Paragraph) and item.style.name in ("h1", "h2")

    def is_caption(item) -> bool:
        return isinstance(item, (Paragraph, Spacer)) and getattr(getattr(item, "style", None), "name", "") in (
            "muted", "body", "") and not is_heading(item)

    def first_part(item) -> float:
        full = measure(item)
        if isinstance(item, Table) and getattr(item, "_rowHeights", None):
            return min(full, sum(item._rowHeights[:4]))   # header and three rows
        return min(full, height * 0.9)

    kept: list = []
    index = 0
    while index < len(flow):
        item = flow[index]
        if not is_heading(item) or (kept and is_heading(kept[-1])):
            kept.append(item)
            index += 1
            continue
        needed, probe = 0.0, index
        while probe < len(flow) and (is_heading(flow[probe]) or (is_caption(flow[probe]) and probe > index)):
            needed += measure(flow[probe]) + 8
            probe += 1
            if probe - index > 4:
                break
        if probe < len(flow):
            needed += first_part(flow[probe])
        # A margin for what measuring ahead cannot know (frame padding, a last line that wraps).
        kept += [CondPageBreak(min(needed + 24, height * 0.95)), item]
        index += 1
    return kept


BLANK_PAGE_TEXT = "This page is intentionally left blank, so the next portfolio starts on a new sheet."


def write_blank_page(target: Path, page_size_name: str, generated_on) -> Path:
    """The page that pads a portfolio to an even count in a combined PDF, saying so."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Spacer

    from desktop.reports.pdf_base import Paragraph

    s = styles()
    _, height = frame_size(page_size_name)
    note = ParagraphStyle("blank_note", parent=s["muted"], alignment=TA_CENTER)
    info = HandoutInfo(title="Blank page", header="", generated_on=generated_on, page_size_name=page_size_name,
                       undecorated=True)
    return build_pdf(target, info, [Spacer(1, height * 0.45), Paragraph(BLANK_PAGE_TEXT, note)])


def write_staff_index(target: Path, entries, *, year_label: str, school: str, generated_on,
                      page_size_name: str = "letter") -> Path:
    """The front page(s) of a combined PDF: each teacher, their role and first page."""
    from desktop.reports.pdf_base import Paragraph

    s = styles()
    width, _ = frame_size(page_size_name)
    story = [Paragraph("Growth portfolios", s["title"]),
             Paragraph(escape(" · ".join(part for part in (school, f"School year {year_label}") if part)),
                       s["body"]),
             Paragraph(f"{wording.plural(len(entries), 'portfolio')}. Page numbers are pages of this file; "
                       "each portfolio also numbers its own pages, so it can be handed out alone. Every "
                       "portfolio starts on the front of a sheet when printed double-sided.", s["muted"])]
    from reportlab.lib import colors
    from reportlab.platypus import Spacer, TableStyle

    rows = [[Paragraph(text, s["cell_bold"]) for text in ("Teacher", "Role", "Pages", "Starts on page")]]
    rows += [[Paragraph(escape(entry.name), s["cell"]), Paragraph(escape(entry.role), s["cell"]),
              Paragraph(str(entry.pages), s["cell"]), Paragraph(str(entry.first_page), s["cell"])]
             for entry in entries]
    table = _no_widow_table()(rows, colWidths=[width * 0.5, width * 0.2, width * 0.12, width * 0.18],
                              repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    story += [Spacer(1, 8), table]
    info = HandoutInfo(title=f"Growth portfolios — {year_label}",
                       header=" · ".join(part for part in ("Growth portfolios", school, year_label) if part),
                       generated_on=generated_on, page_size_name=page_size_name)
    return build_pdf(target, info, story)
