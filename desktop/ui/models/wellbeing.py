"""Lists on the Celebrations tab's wellbeing page and its "Noticed for you" panel."""

from __future__ import annotations

from dataclasses import dataclass

from db.wellbeing import FollowUp, MonthResponse, WellbeingCheckIn, month_words
from desktop.core.milestones import Suggestion
from desktop.core.wellbeing import TrendPoint
from desktop.ui.models.table import CENTER, RIGHT, Column, DataclassTableModel, date_text

NOT_KEPT = "—"
PRIVATE_ANSWER = "Answered privately"
PRIVATE_TOOLTIP = ("Not shared: the scores are in the school's anonymous monthly figures only, "
                   "with nothing that links them to this teacher.")


class SuggestionsModel(DataclassTableModel[Suggestion]):
    columns = (
        Column("Milestone", lambda s: s.title, tooltip=lambda s: s.evidence),
        Column("Noticed", lambda s: s.noticed_on.isoformat(), width=10),
    )


@dataclass(frozen=True)
class CheckInRow:
    """One line of a teacher's wellbeing page: a check-in they shared (with its scores and
    note), or a month they answered privately (the month only: nothing else is kept
    with them)."""
    month: str
    check_in: WellbeingCheckIn | None
    response: MonthResponse | None

    @property
    def shared(self) -> bool:
        return self.check_in is not None

    @property
    def key(self) -> str:
        return f"check-in:{self.check_in.id}" if self.check_in else f"month:{self.month}"

    @property
    def when(self) -> str:
        return date_text(self.check_in.checked_on) if self.check_in else month_words(self.month)

    def score(self, measure: str) -> str:
        return str(getattr(self.check_in, measure)) if self.check_in else NOT_KEPT

    @property
    def note(self) -> str:
        return self.check_in.note if self.check_in else ""

    @property
    def sharing(self) -> str:
        return "Shared" if self.check_in else PRIVATE_ANSWER

    @property
    def follow_up(self) -> bool:
        return bool(self.response and self.response.follow_up_wanted)


def teacher_rows(check_ins: list[WellbeingCheckIn], responses: list[MonthResponse]) -> list[CheckInRow]:
    """Newest month first; in a month, the shared check-ins (newest first), then the private answer."""
    by_month = {response.month: response for response in responses}
    rows = [CheckInRow(check_in.checked_on[:7], check_in, by_month.get(check_in.checked_on[:7]))
            for check_in in check_ins]
    rows += [CheckInRow(r.month, None, r) for r in responses if r.answered_privately]
    return sorted(rows, key=lambda r: (r.month, r.shared, r.check_in.checked_on if r.check_in else ""),
                  reverse=True)


class CheckInsModel(DataclassTableModel[CheckInRow]):
    """One teacher's wellbeing: the check-ins they shared, and the months they answered
    privately, whose scores nobody can see here (they are not linked to the teacher)."""

    columns = (
        Column("Date", lambda r: r.when, sort_key=lambda r: (r.month, r.when), width=15),  # "September 2026"
        Column("Energy", lambda r: r.score("energy"), align=CENTER, width=7),
        Column("Workload", lambda r: r.score("workload"), align=CENTER, width=8),
        Column("Stress", lambda r: r.score("stress"), align=CENTER, width=7),
        Column("Note", lambda r: r.note, tooltip=lambda r: r.note),
        Column("Shared", lambda r: r.sharing, width=19,
               tooltip=lambda r: "" if r.shared else PRIVATE_TOOLTIP),
        Column("Follow-up", lambda r: "Wanted" if r.follow_up else "", width=9),
    )

    # The list's own order (see teacher_rows), so a row a write adds or changes takes its place.
    order_key = staticmethod(lambda r: (r.month, r.shared, r.check_in.checked_on if r.check_in else ""))
    descending = True

    @staticmethod
    def key(row: CheckInRow) -> str:
        return row.key

    def set_check_ins(self, check_ins: list[WellbeingCheckIn], responses: list[MonthResponse]) -> None:
        self.set_rows(teacher_rows(check_ins, responses))


class TrendModel(DataclassTableModel[TrendPoint]):
    columns = (
        Column("Month", lambda p: p.label, sort_key=lambda p: p.month.isoformat()),
        Column("Teachers", lambda p: str(p.people), sort_key=lambda p: p.people, align=RIGHT, width=8),
        Column("Energy", lambda p: f"{p.energy:.1f}", sort_key=lambda p: p.energy, align=RIGHT, width=7),
        Column("Workload", lambda p: f"{p.workload:.1f}", sort_key=lambda p: p.workload, align=RIGHT,
               width=8),
        Column("Stress", lambda p: f"{p.stress:.1f}", sort_key=lambda p: p.stress, align=RIGHT, width=7),
    )


class FollowUpsModel(DataclassTableModel[FollowUp]):
    columns = (
        Column("Teacher", lambda f: f.name),
        Column("Month", lambda f: month_words(f.month), sort_key=lambda f: f.month, width=14),
    )
