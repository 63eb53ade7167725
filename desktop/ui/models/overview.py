"""The Overview tab's list of teachers nobody has visited lately."""

from __future__ import annotations

from datetime import date

from db import clock
from db.overview import UnvisitedTeacher
from desktop.ui.models.table import RIGHT, Column, DataclassTableModel, date_text


class UnvisitedTeachersModel(DataclassTableModel[UnvisitedTeacher]):
    def __init__(self, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.today = today or clock.today()
        model = self

        def days(row: UnvisitedTeacher) -> str:
            count = row.days_since(model.today)
            return "never visited" if count is None else f"{count} days"

        def days_key(row: UnvisitedTeacher) -> float:
            count = row.days_since(model.today)
            return 1e9 if count is None else float(count)

        self.columns = (
            Column("Teacher", lambda r: r.name),
            Column("Last visit", lambda r: date_text(r.last_visit_on) or "—",
                   sort_key=lambda r: r.last_visit_on or "", width=11),
            Column("Since", days, sort_key=days_key, align=RIGHT, width=13),
        )
