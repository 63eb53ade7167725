"""Observations: every visit for the selection, newest first, sortable by any column."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db import observations
from desktop.ui.models.observations import ObservationsModel
from desktop.ui.tabs.base import Tab
from desktop.ui.widgets import ListPanel, caption


class ObservationsTab(Tab):
    title = "Observations"
    slug = "observations"
    tables = frozenset({"staff", "observations", "observation_scores"})

    def __init__(self, db, today, parent=None):
        super().__init__(db, today, parent)
        self.list = ListPanel("Observations", ObservationsModel(),
                              empty_text="No observations yet.")
        self.summary = caption()
        self.layout_.addWidget(self.list, 1)
        self.layout_.addWidget(self.summary)
        self.list.sort_by("Date", Qt.SortOrder.DescendingOrder)

    def load(self) -> None:
        rows = observations.list_observations(self.db, staff_id=self.staff_id)
        self.list.set_title(f"Observations — {self.context_name}")
        self.list.set_empty_text(
            f"No observations of {self.context_name} yet. Walkthroughs and formal "
            "observations appear here as soon as they are saved."
            if self.member else
            "No observations yet. Walkthroughs and formal observations appear here "
            "as soon as they are saved.")
        self.list.hide_column("Teacher", self.member is not None)
        self.list.model.set_rows(rows)
        scored = [row.average_score for row in rows if row.average_score is not None]
        walkthroughs = sum(1 for row in rows if row.kind == "walkthrough")
        drafts = sum(1 for row in rows if row.status == "draft")
        parts = [f"{len(rows)} observations", f"{walkthroughs} walkthroughs"]
        if drafts:
            parts.append(f"{drafts} still drafts")
        if scored:
            parts.append(f"average score {sum(scored) / len(scored):.1f}")
        self.summary.setText(" · ".join(parts) if rows else "")
