"""The personal PD menu handout: one teacher's best-fitting offerings, each with why.

Printed in black and white for the teacher to keep; the reasons are the same words
the window shows, so what the leader sees and what the teacher reads agree.
"""

from __future__ import annotations

from pathlib import Path

from db.pd import FORMAT_LABELS
from desktop.core import wording
from desktop.core.pd_menu import PersonalMenu
from desktop.reports.pdf_base import HandoutInfo, build_pdf, escape, frame_size, styles

MENU_LENGTH = 8


def _hours(value: float) -> str:
    from desktop.core.wording import hours_text

    return hours_text(value)


def _in_sentence(name: str) -> str:
    """'Book study' -> 'book study' mid-sentence, but 'PLC' stays 'PLC'."""
    return name if name.isupper() else name[:1].lower() + name[1:]


def _when(starts_at: str, ends_at: str) -> str:
    from desktop.core.wording import weekday

    return f"{weekday(starts_at)}, {starts_at[11:16]}–{ends_at[11:16]}"


def menu_story(menu: PersonalMenu, *, page_size_name: str = "letter",
               length: int = MENU_LENGTH) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    from desktop.reports.pdf_base import Paragraph

    s = styles()
    width, _ = frame_size(page_size_name)
    name = menu.member.full_name
    story = [
        Paragraph(escape(f"PD menu for {name}"), s["title"]),
        Paragraph(escape(f"Prepared {wording.day(menu.as_of)}. {_hours(menu.hours_this_year)} of PD "
                         "completed this school year."), s["muted"]),
        Spacer(1, 10),
        Paragraph("Your growth focus", s["h1"]),
    ]
    gaps = menu.context.gaps
    if gaps:
        focus = ", ".join(f"{need.indicator_name} ({need.level:.1f})" for need in gaps[:4])
        story.append(Paragraph(escape(f"Growth areas from your profile, lowest first: {focus}."),
                               s["body"]))
    else:
        story.append(Paragraph("No growth areas on record yet: the menu follows your goals "
                               "and the formats you like.", s["body"]))
    if menu.context.goals:
        titles = "; ".join(f"‘{goal.title}’" for goal in menu.context.goals)
        story.append(Paragraph(escape(f"Active goals: {titles}."), s["body"]))
    if menu.context.preferred_formats:
        liked = ", ".join(_in_sentence(FORMAT_LABELS.get(code, code.replace("_", " ")))
                          for code in menu.context.preferred_formats)
        story.append(Paragraph(escape(f"You like to learn through: {liked}."), s["body"]))

    story.append(Paragraph("Recommended for you", s["h1"]))
    shown = menu.recommendations[:length]
    unexplained = [rec for rec in shown if not rec.reasons]
    needs = {code: name for code, name, _count in menu.school_needs}
    if unexplained:
        # Said once, honestly, instead of "a general offering" under each of them.
        which = "these" if len(unexplained) == len(shown) else "some of these"
        basis = (f"Your growth areas and goals do not point to {which} suggestions (there may be too "
                 "little evidence yet, or nothing to work on there): they rest on what many colleagues "
                 "here are working on" + (" and on the formats you like" if menu.context.preferred_formats
                                          else "") + ".")
        if needs:
            basis += f" This year that is above all {wording.and_list(list(needs.values()))}."
        story.append(Paragraph(escape(basis), s["muted"]))
    if not shown:
        story.append(Paragraph("Nothing new on the menu right now: you have chosen or completed "
                               "every open offering.", s["body"]))
    for number, rec in enumerate(shown, start=1):
        offering = menu.offerings.get(rec.offering.id)
        facts = [FORMAT_LABELS.get(rec.offering.format, rec.offering.format)]
        if offering is not None:
            facts.append(_hours(offering.hours))
            if offering.length_description:
                facts.append(offering.length_description)
            if offering.facilitator:
                facts.append(f"with {offering.facilitator}")
            if offering.seats_left == 0:
                facts.append("full: waitlist")
            elif offering.seats_left is not None:
                facts.append(f"{offering.seats_left} seats left")
        block = [
            Paragraph(f"<b>{number}. {escape(rec.offering.title)}</b>", s["body"]),
            Paragraph(escape(" · ".join(facts)), s["muted"]),
        ]
        if rec.reasons:
            block.append(Paragraph(f"<i>Why:</i> {escape(rec.explanation)}.", s["body"]))
        else:
            shared = [name for code, name in needs.items() if code in rec.offering.indicator_codes]
            if shared:
                block.append(Paragraph(f"<i>Why:</i> {escape('works on ' + wording.and_list(shared))}, "
                                       "a common focus in the school this year.", s["body"]))
        sessions = menu.sessions.get(rec.offering.id, [])
        if sessions:
            lines = [_when(x.starts_at, x.ends_at) + (f", {x.location}" if x.location else "")
                     for x in sessions[:4]]
            if len(sessions) > 4:
                lines.append(f"and {wording.plural(len(sessions) - 4, 'more session')}")
            block.append(Paragraph(escape("Sessions: " + "; ".join(lines)), s["small"]))
        else:
            block.append(Paragraph("Self-paced or arranged with colleagues: start when it suits you.",
                                   s["small"]))
        story += [KeepTogether(block), Spacer(1, 8)]
    rest = len(menu.recommendations) - len(shown)
    if rest > 0:
        verb = "is" if rest == 1 else "are"
        story.append(Paragraph(f"{wording.plural(rest, 'more offering')} {verb} on the full menu; ask your coach.",
                               s["muted"]))

    story.append(Paragraph("Already on your list", s["h1"]))
    if menu.chosen:
        rows = [[Paragraph("<b>Offering</b>", s["cell"]), Paragraph("<b>Status</b>", s["cell"])]]
        rows += [[Paragraph(escape(e.offering_title), s["cell"]),
                  Paragraph(escape(wording.ENROLLMENT_STATUS.get(e.status, "On the waitlist")), s["cell"])]
                 for e in menu.chosen]
        table = Table(rows, colWidths=[width * 0.72, width * 0.28], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
    else:
        story.append(Paragraph("Nothing yet: pick one or two from the menu above.", s["body"]))
    story += [Spacer(1, 12), Paragraph(
        "Choose what fits you. Tell your coach or principal which offerings you would like, "
        "and after each one note what you learned and how you will use it.", s["muted"])]
    return story


def write_personal_menu(target: Path, menu: PersonalMenu, *, header: str = "",
                        page_size_name: str = "letter", length: int = MENU_LENGTH) -> Path:
    info = HandoutInfo(title=f"PD menu — {menu.member.full_name}",
                       header=header or f"Personal PD menu · {menu.member.full_name}",
                       generated_on=menu.as_of, page_size_name=page_size_name)
    story = menu_story(menu, page_size_name=page_size_name, length=length)
    return build_pdf(Path(target), info, one_page_if_nearly(story, page_size_name))


NEARLY_ONE_PAGE = 1.25


def one_page_if_nearly(story: list, page_size_name: str) -> list:
    """A handout that runs a little over one page is set a little smaller on one page,
    rather than leave a line or two alone on a second."""
    from reportlab.platypus import KeepInFrame

    from desktop.reports.pdf_base import measured_height

    width, height = frame_size(page_size_name)
    total = sum(measured_height(item, width, height) for item in story)
    if height < total <= height * NEARLY_ONE_PAGE:
        # On one page nothing splits, so a KeepTogether's parts go in as they are.
        flat = [part for item in story for part in (getattr(item, "_content", None) or [item])]
        return [KeepInFrame(width, height, flat, mode="shrink")]
    return story
