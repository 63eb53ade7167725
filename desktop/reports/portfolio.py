"""The printed growth portfolio: one teacher, one school year, told fairly and briefly.

Turns a :class:`~desktop.core.portfolio_data.Portfolio` into platypus flowables on
the shared handout template (cover, contents, then one "h1" section each).
Every piece of user text goes through ``escape``; charts are black and white.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.core.portfolio_data import Portfolio, label
from desktop.reports.pdf_base import (
    HandoutInfo, build_pdf, escape, figure_flowable, frame_size, styles, table_of_contents,
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


def day(text: str | date | None) -> str:
    """'2026-03-05' -> '5 Mar 2026'; '' for nothing."""
    if not text:
        return ""
    value = text if isinstance(text, date) else date.fromisoformat(str(text)[:10])
    return f"{value.day} {value:%b %Y}"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


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


def _kind_noun(kind: str, count: int) -> str:
    """'formal', 2 -> 'formal observations' (not "2 formals"); 'walkthrough', 1 -> 'walkthrough'."""
    noun = {"formal": "formal observation", "informal": "informal visit"}.get(kind, label(kind).lower())
    return noun + ("" if count == 1 else "s")


def _and_list(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


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
        from reportlab.platypus import Paragraph

        self.flow.append(Paragraph(markup + escape(text).replace("\n", "<br/>"), self.s[style]))

    def heading(self, text: str) -> None:
        from reportlab.platypus import CondPageBreak, Paragraph

        # Room for the heading and a few lines under it, so no heading is left alone at a page foot.
        self.flow.append(CondPageBreak(110))
        self.flow.append(Paragraph(escape(text), self.s["h1"]))

    def subheading(self, text: str) -> None:
        from reportlab.platypus import CondPageBreak, Paragraph

        self.flow.append(CondPageBreak(80))
        self.flow.append(Paragraph(escape(text), self.s["h2"]))

    def cell(self, text, style: str = "cell"):
        from reportlab.platypus import Paragraph

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
        return self.flow

    def cover(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

        centred = {name: ParagraphStyle(f"cover_{name}", parent=self.s[name], alignment=TA_CENTER)
                   for name in ("title", "h2", "body", "muted")}
        big = ParagraphStyle("cover_name", parent=centred["title"], fontSize=28, leading=36)
        teacher = self.p.teacher
        self.flow += [
            Spacer(1, self.height * 0.12),
            Paragraph("Growth portfolio", centred["h2"]),
            Spacer(1, 10),
            Paragraph(escape(teacher.name), big),
            Spacer(1, 6),
        ]
        details = ", ".join(part for part in (teacher.role, teacher.subjects) if part)
        if details:
            self.flow.append(Paragraph(escape(details), centred["body"]))
        self.flow.append(Spacer(1, 36))
        if self.p.school:
            self.flow.append(Paragraph(escape(self.p.school), centred["h2"]))
        self.flow += [
            Paragraph(f"School year {escape(self.p.year.label)}", centred["body"]),
            Spacer(1, 24),
            Paragraph(f"Prepared on {self.p.generated_on.day} {self.p.generated_on:%B %Y}", centred["muted"]),
        ]
        if self.p.include_private:
            notice = Table([[Paragraph(CONFIDENTIAL_NOTICE, centred["body"])]], colWidths=[self.width * 0.7])
            notice.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                                        ("TOPPADDING", (0, 0), (-1, -1), 8),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
            self.flow += [Spacer(1, 24), notice]
        # The contents share the cover: a few-page portfolio does not need a page of its own for them.
        self.flow += [Spacer(1, 40), Paragraph("Contents", self.s["contents_title"]), table_of_contents(),
                      PageBreak()]

    def profile(self) -> None:
        teacher = self.p.teacher
        self.heading("Profile")
        experience = ""
        if teacher.years_experience is not None:
            experience = f"{teacher.years_experience} year{'s' if teacher.years_experience != 1 else ''}"
        if teacher.hire_date:
            experience = ", ".join(filter(None, [experience, f"at this school since {day(teacher.hire_date)}"]))
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
        self.para("Each indicator's level combines observed practice (recent visits count more) "
                  "with the teacher's own self-assessment." + (f" Levels: {scale}." if scale else ""))
        codes = [line.code for line in growth.indicators]
        series = [RadarSeries("Combined level", [line.level for line in growth.indicators])]
        if any(line.self_level is not None for line in growth.indicators):
            series.append(RadarSeries("Self-rating", [line.self_level for line in growth.indicators]))
        self.figure(radar_chart(codes, series, max_level=growth.max_level, width_in=5.2, height_in=4.4),
                    self.height * 0.42)
        for title, lines, empty in (
            ("Strengths", growth.strengths, "No indicator is a clear strength yet."),
            ("Areas to grow", growth.gaps, "No indicator stands out as a gap."),
        ):
            self.subheading(title)
            if not lines:
                self.nothing_yet(empty)
                continue
            self.table(["Indicator", "Level", "Why"],
                       [[f"{line.code} {line.name}", f"{line.level:.1f}", line.reason] for line in lines],
                       [0.45, 0.1, 0.45])
        if growth.perception_gaps:
            self.subheading("Worth talking about")
            self.para("Where the self-rating and observed practice differ by a level or more:")
            self.table(["Indicator", "Self-rating", "Observed"],
                       [[f"{line.code} {line.name}", str(line.self_level), f"{line.observation_level:.1f}"]
                        for line in growth.perception_gaps], [0.6, 0.2, 0.2])
        unrated = [line for line in growth.indicators if line.level is None]
        if unrated:
            self.para("No evidence yet on: " + ", ".join(f"{line.code} {line.name}" for line in unrated) + ".",
                      "muted")

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
            status = f"{label(goal.status)} · {label(goal.cycle_stage)} stage"
            if goal.met_on:
                status += f" · met on {day(goal.met_on)}"
            indicator = " ".join(filter(None, [goal.indicator_code, goal.indicator_name]))
            dates = " to ".join(filter(None, [day(goal.start_on), day(goal.due_on)]))
            target = " → ".join(filter(None, [goal.baseline, goal.target]))
            self.facts([pair for pair in [
                ("Status", status), ("Goal", goal.description), ("Rubric indicator", indicator),
                ("Measure", goal.measure), ("Baseline → target", target), ("Dates", dates),
            ] if pair[1]])
            # A goal's title and its SMART parts stay on one page.
            self.flow[start:] = [KeepTogether(self.flow[start:])]
            if story.steps:
                self.table(["Action step", "Due", "Status"],
                           [[step.description, day(step.due_on),
                             label(step.status) + (f" {day(step.done_on)}" if step.done_on else "")]
                            for step in story.steps], [0.6, 0.17, 0.23])
            if story.check_ins:
                if story.check_ins_total > len(story.check_ins):
                    self.para(f"The latest {len(story.check_ins)} of {story.check_ins_total} check-ins:", "muted")
                self.table(["Check-in", "Progress", "Evidence and notes"],
                           [[day(item.checked_on), "" if item.progress is None else f"{item.progress}%",
                             "\n".join(filter(None, [item.evidence, item.notes]))]
                            for item in story.check_ins], [0.17, 0.13, 0.7])

    def observations(self) -> None:
        from desktop.reports.charts import TrendSeries, trend_chart

        summary = self.p.observations
        self.heading("Observations")
        if not summary.total:
            self.nothing_yet("No observations this year yet.")
            return
        kinds = _and_list([f"{count} {_kind_noun(kind, count)}" for kind, count in summary.by_kind.items()])
        visits = "visit" if summary.total == 1 else "visits"
        by = f" by {summary.observers} observer{'s' if summary.observers != 1 else ''}" if summary.observers else ""
        span = (f"on {day(summary.first_on)}" if summary.first_on == summary.last_on
                else f"between {day(summary.first_on)} and {day(summary.last_on)}")
        self.para(f"{summary.total} classroom {visits} {span}{by}: {kinds}.")
        self.table(["Kind of visit", "Count"],
                   [[label(kind), str(count)] for kind, count in summary.by_kind.items()]
                   + [[self.cell("Total", "cell_bold"), self.cell(str(summary.total), "cell_bold")]],
                   [0.4, 0.15])
        if summary.trend:
            self.subheading("Indicator trend")
            monthly = any(line.monthly for line in summary.trend)
            self.para("Scores over the year on the goals' indicators and the most observed ones"
                      + (" (monthly means where there were many visits)." if monthly else "."), "muted")
            series = [TrendSeries(f"{line.code} {line.name}" + (" (monthly)" if line.monthly else ""),
                                  line.points) for line in summary.trend]
            self.figure(trend_chart(series, max_level=self.p.growth.max_level, width_in=7.2, height_in=3.0),
                        self.height * 0.3)
        if summary.glows:
            self.subheading("Selected glows")
            if summary.glows_total > len(summary.glows):
                self.para(f"{len(summary.glows)} of {summary.glows_total} glows, spread over the year.", "muted")
            for glow in summary.glows:
                self.para(glow.text, "quote", markup=f"<b>{day(glow.observed_on)}, {_kind_noun(glow.kind, 1)}:</b> ")
        if summary.evidence:
            self.subheading("Selected evidence")
            self.table(["Date", "Indicator", "What was seen"],
                       [[day(line.observed_on), line.indicator, line.text] for line in summary.evidence],
                       [0.15, 0.3, 0.55])
        if summary.private_notes:
            self.subheading("Private observation notes (confidential)")
            self.table(["Date", "Kind", "Private note"],
                       [[day(note.observed_on), label(note.kind), note.text] for note in summary.private_notes],
                       [0.15, 0.15, 0.7])

    def professional_learning(self) -> None:
        pd = self.p.pd
        self.heading("Professional learning")
        if not pd.completed:
            self.nothing_yet("No professional learning completed this year yet.")
            return
        count = len(pd.completed)
        self.para(f"{count} offering{'s' if count != 1 else ''} completed, "
                  f"{_number(pd.total_hours)} hours in all.")
        self.table(["Format", "Hours"],
                   [[name, _number(hours)] for name, hours in pd.hours_by_format.items()]
                   + [[self.cell("Total", "cell_bold"), self.cell(_number(pd.total_hours), "cell_bold")]],
                   [0.4, 0.15])
        self.table(["Completed", "Offering", "Format", "Hours", "Rating"],
                   [[day(item.completed_on), item.title, label(item.format), _number(item.hours_credited),
                     f"{item.rating} of 5" if item.rating else ""] for item in pd.completed],
                   [0.15, 0.45, 0.18, 0.1, 0.12])
        reflections = [item for item in pd.completed if item.reflection_learned.strip() or item.reflection_use.strip()]
        if reflections:
            self.subheading("Reflections")
            from reportlab.platypus import Spacer

            for item in reflections:
                self.flow.append(Spacer(1, 4))
                self.para(item.title, "cell_bold")
                if item.reflection_learned.strip():
                    self.para(item.reflection_learned.strip(), "quote", markup="<b>What I learned:</b> ")
                if item.reflection_use.strip():
                    self.para(item.reflection_use.strip(), "quote", markup="<b>How I am using it:</b> ")

    def celebrations(self) -> None:
        self.heading("Celebrations")
        if not self.p.celebrations:
            self.nothing_yet("Nothing celebrated yet this year.")
            return
        self.table(["Date", "Celebration", "The story"],
                   [[day(item.celebrated_on),
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
                   [[day(item.held_on),
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
                   [[day(item.checked_on), str(item.energy), str(item.workload), str(item.stress), item.note]
                    for item in self.p.wellbeing], [0.15, 0.1, 0.12, 0.1, 0.53])
