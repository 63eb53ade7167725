"""PD Menu: the catalog, and for one teacher their enrollments and hours this year."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from db import overview, pd
from desktop.ui.models.pd import EnrollmentsModel, OfferingsModel, hours_text
from desktop.ui.tabs.base import Tab
from desktop.ui.widgets import ListPanel, caption


class PdMenuTab(Tab):
    title = "PD Menu"
    slug = "pd-menu"
    tables = frozenset({"staff", "pd_offerings", "pd_offering_indicators", "enrollments"})

    def __init__(self, db, today, parent=None):
        super().__init__(db, today, parent)
        self.enrollments = ListPanel("Their PD", EnrollmentsModel(),
                                     empty_text="No PD chosen yet.")
        self.hours = caption()
        self.catalog = ListPanel(
            "PD menu", OfferingsModel(),
            empty_text="The PD menu is empty. Offerings added to the catalog appear here.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.enrollments)
        split.addWidget(self.catalog)
        split.setSizes([300, 500])
        split.setChildrenCollapsible(False)
        self.layout_.addWidget(split, 1)
        self.layout_.addWidget(self.hours)

    def load(self) -> None:
        offerings = pd.list_offerings(self.db)
        self.catalog.model.set_rows(offerings)
        self.catalog.set_title(f"PD menu — {len(offerings)} offerings")
        if self.member is None:
            self.enrollments.hide()
            calendar = overview.school_calendar(self.db, self.today)
            total = pd.hours_credited(self.db, since=calendar.year_start.isoformat(),
                                      until=calendar.year_end.isoformat())
            self.hours.setText(f"{hours_text(total)} PD hours completed across the school "
                               f"this school year. Pick a teacher to see their choices.")
            return
        calendar = overview.school_calendar(self.db, self.today)
        total = pd.hours_credited(self.db, since=calendar.year_start.isoformat(),
                                  until=calendar.year_end.isoformat(), staff_id=self.member.id)
        self.enrollments.show()
        self.enrollments.set_title(f"{self.member.full_name}'s PD")
        self.enrollments.set_empty_text(
            f"{self.member.full_name} has not chosen any PD yet.")
        self.enrollments.model.set_rows(pd.list_enrollments(self.db, staff_id=self.member.id))
        self.hours.setText(f"{self.member.full_name}: {hours_text(total)} PD hours "
                           f"completed this school year.")
