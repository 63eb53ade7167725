"""The Overview's own lists: the school's common needs, PD sessions coming up, a teacher's
goals with their next step, last visits, and what needs attention."""

from __future__ import annotations

from db.goals import label
from db.observations import ObservationSummary
from db.overview import UpcomingSession
from db.pd import FORMAT_LABELS
from desktop.core.overview import Attention, CommonNeed, GoalWithNextStep
from desktop.core.wording import some_names
from desktop.ui.models.table import CENTER, RIGHT, Column, DataclassTableModel, date_text
from desktop.ui.widgets import long_date


class CommonNeedsModel(DataclassTableModel[CommonNeed]):
    columns = (
        Column("Indicator", lambda n: n.name, tooltip=lambda n: n.name),
        Column("Teachers", lambda n: str(len(n.teachers)), sort_key=lambda n: len(n.teachers),
               align=RIGHT, width=9, tooltip=lambda n: some_names(n.names)),
        Column("Share", lambda n: f"{len(n.teachers) / n.of_teachers:.0%}" if n.of_teachers else "",
               sort_key=lambda n: len(n.teachers), align=RIGHT, width=7,
               tooltip=lambda n: f"{len(n.teachers)} of {n.of_teachers} teachers have it as a gap"),
    )


def _when(row: UpcomingSession) -> str:
    from datetime import datetime

    start = datetime.strptime(row.starts_at, "%Y-%m-%dT%H:%M")
    return f"{start:%a} {start.day} {start:%b}, {start:%H:%M}"


def _seats(row: UpcomingSession) -> str:
    left = row.seats_left
    if left is None:
        return "Open"
    return "Full" if left == 0 else str(left)


class UpcomingSessionsModel(DataclassTableModel[UpcomingSession]):
    columns = (
        Column("When", _when, sort_key=lambda r: r.starts_at, width=13),
        Column("Offering", lambda r: r.title, tooltip=lambda r: f"{r.title} ({r.location})"
               if r.location else r.title),
        Column("Format", lambda r: FORMAT_LABELS.get(r.format, r.format), width=10),
        Column("Seats", _seats, sort_key=lambda r: 1e9 if r.seats_left is None else r.seats_left,
               align=RIGHT, width=5,
               tooltip=lambda r: "No seat limit" if r.capacity is None
               else f"{r.seats_taken} of {r.capacity} seats taken"),
    )


class GoalsNextStepModel(DataclassTableModel[GoalWithNextStep]):
    columns = (
        Column("Goal", lambda g: g.goal.title, tooltip=lambda g: g.goal.title),
        Column("Next step", lambda g: g.next_step.description if g.next_step else "— none yet",
               tooltip=lambda g: g.next_step.description if g.next_step else
               "No open action step: agree the next one"),
        Column("Step due", lambda g: date_text(g.next_step.due_on) if g.next_step else "",
               sort_key=lambda g: (g.next_step.due_on or "") if g.next_step else "", width=11),
        Column("Progress", lambda g: "" if g.goal.progress is None else f"{g.goal.progress}%",
               sort_key=lambda g: -1 if g.goal.progress is None else g.goal.progress,
               align=RIGHT, width=8),
    )


class LastVisitsModel(DataclassTableModel[ObservationSummary]):
    columns = (
        Column("Date", lambda r: date_text(r.observed_on), sort_key=lambda r: r.observed_on, width=11),
        Column("Kind", lambda r: r.kind_label, width=11),
        Column("Glow", lambda r: " ".join(r.glow.split()) or "—", tooltip=lambda r: r.glow),
        Column("Grow", lambda r: " ".join(r.grow.split()) or "—", tooltip=lambda r: r.grow),
    )


ATTENTION_WORDS = {"overdue_step": "Overdue step", "no_visit": "Visit", "follow_up": "Wellbeing",
                   "goal_without_step": "Goal"}


class AttentionModel(DataclassTableModel[Attention]):
    columns = (
        Column("About", lambda a: ATTENTION_WORDS.get(a.kind, label(a.kind)), width=13),
        Column("What needs attention", lambda a: a.text, tooltip=lambda a: a.text),
    )


class EnrollmentsWithHoursModel(DataclassTableModel):
    """A teacher's PD this year on the Overview: what they chose and what they finished."""
    columns = (
        Column("Offering", lambda e: e.offering_title, tooltip=lambda e: e.offering_title),
        Column("Status", lambda e: label(e.status), width=11),
        Column("Completed", lambda e: long_date_of(e.completed_on), sort_key=lambda e: e.completed_on or "",
               width=15),
        Column("Hours", lambda e: f"{e.hours_credited:g}" if e.status == "completed" else "",
               sort_key=lambda e: e.hours_credited, align=CENTER, width=7),
    )


def long_date_of(iso: str | None) -> str:
    from datetime import date

    return long_date(date.fromisoformat(iso[:10])) if iso else ""
