"""Coverage list: every teacher, days since the last visit, visits this term."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.coverage import TeacherCoverage
from desktop.ui.models.table import CENTER, RIGHT, Column, DataclassTableModel, date_text, number_sort

OVERDUE_MARK = "⚠ "   # colour is never the only signal


def _since(row: TeacherCoverage) -> str:
    return (OVERDUE_MARK if row.overdue else "") + row.since_text


def _bar(row: TeacherCoverage) -> str:
    # A text bar: uneven attention is visible at a glance, and a screen reader reads the number.
    return "▮" * min(row.visits_this_term, 20)


class CoverageModel(DataclassTableModel[TeacherCoverage]):
    columns = (
        Column("Teacher", lambda r: r.name, width=22),
        Column("Last visit", lambda r: date_text(r.last_visit_on) or "—",
               sort_key=lambda r: r.last_visit_on or "", width=11),
        Column("Since", _since, sort_key=lambda r: number_sort(
            10 ** 6 if r.days_since is None else r.days_since), align=RIGHT, width=16),
        Column("Visits this term", lambda r: str(r.visits_this_term),
               sort_key=lambda r: r.visits_this_term, align=CENTER, width=15),
        Column("This year", lambda r: str(r.visits_this_year),
               sort_key=lambda r: r.visits_this_year, align=CENTER, width=10),
        Column("Attention", _bar, sort_key=lambda r: r.visits_this_term,
               tooltip=lambda r: f"{r.visits_this_term} visits this term"),
    )

    def extra_data(self, row: TeacherCoverage, column: Column, role: int):
        if not row.overdue:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#fdecea"))
        if role == Qt.ItemDataRole.FontRole and column.header in ("Teacher", "Since"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column.header == "Since":
            return "Past the coverage threshold: time for a visit."
        return None
