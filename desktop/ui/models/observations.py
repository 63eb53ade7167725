"""The Observations tab's list: read a page at a time, sorted by storage (db.observations.ORDERS)."""

from __future__ import annotations

from db.observations import ObservationSummary
from desktop.ui.models.table import RIGHT, Column, PagedTableModel, date_text, number_sort


def _score(row: ObservationSummary) -> str:
    return "" if row.average_score is None else f"{row.average_score:.1f}"


class ObservationsModel(PagedTableModel[ObservationSummary]):
    columns = (
        Column("Date", lambda r: date_text(r.observed_on), sort_key=lambda r: r.observed_on, width=11),
        Column("Teacher", lambda r: r.teacher_name, width=20),
        Column("Kind", lambda r: r.kind_label, width=12),
        Column("Observer", lambda r: r.observer_name, width=18),
        Column("Status", lambda r: r.status.capitalize(), width=10),
        Column("Tags", lambda r: r.tags, width=16, tooltip=lambda r: r.tags),
        Column("Glow", lambda r: " ".join(r.glow.split()), tooltip=lambda r: r.glow),
        Column("Average score", _score, sort_key=lambda r: number_sort(r.average_score),
               align=RIGHT, width=13,
               tooltip=lambda r: f"{r.scored_count} indicators scored"),
    )
    orders = {"Date": "date", "Teacher": "teacher", "Kind": "kind", "Observer": "observer",
              "Status": "status", "Tags": "tags", "Glow": "glow", "Average score": "average"}
    default_order = ("Date", True)   # newest first
