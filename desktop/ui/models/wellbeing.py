"""Lists on the Celebrations tab's wellbeing page and its "Noticed for you" panel."""

from __future__ import annotations

from dataclasses import dataclass

from db.wellbeing import FollowUp, WellbeingCheckIn
from desktop.core.milestones import Suggestion
from desktop.core.wellbeing import TrendPoint
from desktop.ui.models.table import CENTER, RIGHT, Column, DataclassTableModel, date_text

PRIVATE = "private"


class SuggestionsModel(DataclassTableModel[Suggestion]):
    columns = (
        Column("Milestone", lambda s: s.title, tooltip=lambda s: s.evidence),
        Column("Noticed", lambda s: s.noticed_on.isoformat(), width=10),
    )


@dataclass(frozen=True)
class CheckInRow:
    """A check-in as the table shows it: private scores and notes masked unless *shown*."""
    check_in: WellbeingCheckIn
    shown: bool

    def score(self, measure: str) -> str:
        return str(getattr(self.check_in, measure)) if self.shown else PRIVATE

    @property
    def note(self) -> str:
        if self.shown:
            return self.check_in.note
        return "(private note)" if self.check_in.note else ""


class CheckInsModel(DataclassTableModel[CheckInRow]):
    """One teacher's check-ins. Scores the teacher did not share stay masked until the
    leader ticks "Show private check-ins" (sitting with the teacher, say)."""

    columns = (
        Column("Date", lambda r: date_text(r.check_in.checked_on), width=10),
        Column("Energy", lambda r: r.score("energy"), align=CENTER, width=7),
        Column("Workload", lambda r: r.score("workload"), align=CENTER, width=8),
        Column("Stress", lambda r: r.score("stress"), align=CENTER, width=7),
        Column("Note", lambda r: r.note, tooltip=lambda r: r.note),
        Column("Shared", lambda r: "Shared" if r.check_in.shared_with_leaders else "Private",
               width=8),
        Column("Follow-up", lambda r: "Wanted" if r.check_in.needs_follow_up else "", width=9),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.show_private = False
        self._check_ins: list[WellbeingCheckIn] = []

    @staticmethod
    def key(row: CheckInRow) -> str:
        return row.check_in.id

    order_key = staticmethod(lambda r: r.check_in.checked_on)
    descending = True

    def fetch_check_ins(self, fetch) -> None:
        """How to read check-ins by id (a teacher's, under the page's choices)."""
        self.fetch = lambda ids: [CheckInRow(c, c.shared_with_leaders or self.show_private)
                                  for c in fetch(ids)]

    def refresh_rows(self, ids) -> None:
        super().refresh_rows(ids)
        self._check_ins = [row.check_in for row in self.rows()]

    def set_check_ins(self, check_ins: list[WellbeingCheckIn]) -> None:
        self._check_ins = list(check_ins)
        self.set_rows([CheckInRow(c, c.shared_with_leaders or self.show_private)
                       for c in self._check_ins])

    def set_show_private(self, shown: bool) -> None:
        self.show_private = shown
        self.set_check_ins(self._check_ins)


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
        Column("Asked on", lambda f: date_text(f.checked_on), width=10),
    )
