"""The short note a teacher gets after a visit: glow, grow, what was seen.

Built from the observation as plain data, so the clipboard text and the one-page
PDF say the same thing. The private note is never part of it: :class:`FeedbackNote`
has no field for it, so no printing option can leak it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from db import clock, observations, rubrics

MAX_HIGHLIGHTS = 6
MAX_LINE_CHARS = 240
KIND_NAMES = {"walkthrough": "Walkthrough", "formal": "Formal observation",
              "informal": "Informal visit"}


@dataclass(frozen=True)
class FeedbackNote:
    teacher_name: str
    observer_name: str
    kind: str
    observed_on: str
    class_context: str
    glow: str
    grow: str
    next_step: str
    highlights: tuple[str, ...]         # evidence lines, time-stamped
    strengths_seen: tuple[str, ...]     # indicators/look-fors scored at the top two levels
    # True when every highlight is stamped mm:ss into the visit (not a clock time).
    stamps_into_visit: bool = False
    # A formal observation's ratings: (indicator, level label, evidence noted on it), rubric order.
    ratings: tuple[tuple[str, str, str], ...] = ()

    @property
    def title(self) -> str:
        return f"{KIND_NAMES.get(self.kind, 'Visit')} feedback — {self.teacher_name}"

    @property
    def when(self) -> str:
        from desktop.core.wording import weekday

        try:
            return weekday(self.observed_on)
        except ValueError:
            return self.observed_on

    @property
    def highlights_heading(self) -> str:
        # "02:27" alone reads like a clock time: say it is the time into the visit.
        return "What I saw and heard" + (" (time into the visit)" if self.stamps_into_visit else "")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LINE_CHARS else text[: MAX_LINE_CHARS - 1].rstrip() + "…"


def build_note(db: Database, observation_id: str) -> FeedbackNote:
    found = observations.get_observation(db, observation_id)
    if found is None:
        raise LookupError("That observation no longer exists.")
    rubric = rubrics.get_rubric(db, found.rubric_id)
    lines = [line for line in found.evidence if line.text.strip()]
    into_visit = bool(lines) and all(line.offset_seconds is not None for line in lines[:MAX_HIGHLIGHTS])
    # A clock time of when a line was typed (a formal write-up, typed later) means nothing to
    # the teacher: only time into the visit is printed.
    highlights = tuple((f"{line.stamp}  " if into_visit else "") + _short(line.text)
                       for line in lines[:MAX_HIGHLIGHTS])
    ratings: list[tuple[str, str, str]] = []
    if found.kind == "formal" and rubric is not None:
        by_indicator: dict[str, list[str]] = {}
        for line in lines:
            if line.indicator_id:
                by_indicator.setdefault(line.indicator_id, []).append(" ".join(line.text.split()))
        for indicator in rubric.indicators:
            score = found.scores.get(indicator.id)
            if score is None and not by_indicator.get(indicator.id):
                continue
            seen = "; ".join(filter(None, [found.score_notes.get(indicator.id, "").strip(),
                                           *by_indicator.get(indicator.id, [])]))
            ratings.append((f"{indicator.code} {indicator.name}",
                            f"{score} {rubric.level_label(score)}" if score is not None else "Not seen",
                            _short(seen) if seen else ""))
        # The table carries the evidence on rated indicators; the list keeps only the rest.
        rated_ids = {indicator.id for indicator in rubric.indicators if found.scores.get(indicator.id) is not None}
        highlights = tuple(_short(line.text) for line in lines
                           if line.indicator_id not in rated_ids)[:MAX_HIGHLIGHTS]
        into_visit = False
    strengths: list[str] = []
    if rubric is not None:
        top = max((level.level for level in rubric.levels), default=4)
        for indicator in rubric.indicators:
            score = found.scores.get(indicator.id)
            if score is not None and score >= top - 1:
                strengths.append(f"{indicator.name} ({rubric.level_label(score)})")
        for look_for in rubric.look_fors:
            score = found.look_for_scores.get(look_for.id)
            if score is not None and score >= top - 1:
                strengths.append(look_for.text)
    return FeedbackNote(
        teacher_name=found.teacher_name, observer_name=found.observer_name, kind=found.kind,
        observed_on=found.observed_on, class_context=found.class_context,
        glow=found.glow.strip(), grow=found.grow.strip(), next_step=found.next_step.strip(),
        highlights=highlights, strengths_seen=tuple(strengths[:MAX_HIGHLIGHTS]) if not ratings else (),
        stamps_into_visit=into_visit, ratings=tuple(ratings),
    )


def note_text(note: FeedbackNote) -> str:
    """Plain text for the clipboard: pastes cleanly into an email or a chat."""
    head = f"{note.title}\n{note.when}"
    if note.class_context:
        head += f" · {note.class_context}"
    if note.observer_name:
        head += f"\nFrom {note.observer_name}"
    parts = [head]
    if note.glow:
        parts.append(f"Glow — what went well:\n{note.glow}")
    if note.grow:
        parts.append(f"Grow — one next step:\n{note.grow}")
    if note.next_step and note.next_step != note.grow:
        parts.append(f"Agreed next step:\n{note.next_step}")
    if note.strengths_seen:
        parts.append("Seen at its best:\n" + "\n".join(f"• {item}" for item in note.strengths_seen))
    if note.ratings:
        parts.append("Ratings by indicator:\n" + "\n".join(
            f"• {name}: {level}" + (f" — {seen}" if seen else "") for name, level, seen in note.ratings))
    if note.highlights:
        parts.append(f"{note.highlights_heading}:\n" + "\n".join(f"• {line}" for line in note.highlights))
    if len(parts) == 1:
        parts.append("Thank you for having me in your classroom.")
    return "\n\n".join(parts) + "\n"


def write_pdf(note: FeedbackNote, target: Path, *, page_size_name: str = "letter",
              generated_on: date | None = None) -> Path:
    """One printed page; long notes are shortened to fit rather than spill onto a second."""
    from reportlab.platypus import KeepInFrame, Spacer

    from desktop.reports.pdf_base import HandoutInfo, Paragraph, build_pdf, escape, frame_size, styles

    style = styles()
    story = [Paragraph(escape(note.title), style["title"]),
             Paragraph(escape(note.when + (f" · {note.class_context}" if note.class_context else "")
                              + (f" · from {note.observer_name}" if note.observer_name else "")),
                       style["muted"]),
             Spacer(1, 10)]

    def section(heading: str, body: str) -> None:
        story.append(Paragraph(escape(heading), style["h2"]))
        for paragraph in body.split("\n"):
            if paragraph.strip():
                story.append(Paragraph(escape(paragraph), style["body"]))

    if note.glow:
        section("Glow — what went well", note.glow)
    if note.grow:
        section("Grow — one next step", note.grow)
    if note.next_step and note.next_step != note.grow:
        section("Agreed next step", note.next_step)
    if note.strengths_seen:
        story.append(Paragraph("Seen at its best", style["h2"]))
        story.extend(Paragraph("• " + escape(item), style["body"]) for item in note.strengths_seen)
    if note.ratings:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        width, _ = frame_size(page_size_name)
        story.append(Paragraph("Ratings by indicator", style["h2"]))
        rows = [[Paragraph(text, style["cell_bold"]) for text in ("Indicator", "Rating", "Evidence")]]
        rows += [[Paragraph(escape(name), style["cell"]), Paragraph(escape(level), style["cell"]),
                  Paragraph(escape(seen or "—"), style["cell"])] for name, level, seen in note.ratings]
        table = Table(rows, colWidths=[width * 0.32, width * 0.16, width * 0.52], repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
        ]))
        story.append(table)
    if note.highlights:
        story.append(Paragraph(escape(note.highlights_heading if not note.ratings else "Also noted"),
                               style["h2"]))
        story.extend(Paragraph("• " + escape(line), style["body"]) for line in note.highlights)
    if len(story) == 3:
        story.append(Paragraph("Thank you for having me in your classroom.", style["body"]))
    width, height = frame_size(page_size_name)
    page = [KeepInFrame(width, height, story, mode="shrink")]
    info = HandoutInfo(title=note.title, header=f"Feedback · {note.teacher_name}",
                       generated_on=generated_on or clock.today(), page_size_name=page_size_name)
    return build_pdf(Path(target), info, page)
