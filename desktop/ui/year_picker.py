"""The school year a tab shows: the current one, or an earlier one to look back at.

Every tab that has one keeps it in step with the others through the main window, so a
principal looking back at 2024–25 sees that year on every tab until they pick another.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from db import school_years

LABEL = "School &year"


class YearPicker(QWidget):
    chosen = Signal(object)   # a school year id; None: the current year

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName(LABEL.replace("&", ""))
        self.combo.setToolTip("Look back at an earlier school year; new records are always "
                              "dated today")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(len("2025–26 (current)"))
        label = QLabel(LABEL)
        label.setBuddy(self.combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(label)
        row.addWidget(self.combo)
        self._filling = False
        self.combo.currentIndexChanged.connect(self._picked)

    def fill(self, years: list[school_years.SchoolYear], current_id: str,
             chosen_id: str | None) -> None:
        """List *years* (newest first); *chosen_id* None picks the current one."""
        self._filling = True
        self.combo.clear()
        for year in years:
            self.combo.addItem(f"{year.name} (current)" if year.id == current_id else year.name,
                               year.id)
        longest = max((len(self.combo.itemText(i)) for i in range(self.combo.count())), default=0)
        self.combo.setMinimumContentsLength(max(longest, len("2025–26 (current)")))
        wanted = chosen_id or current_id
        self.combo.setCurrentIndex(max(self.combo.findData(wanted), 0))
        self.combo.setEnabled(self.combo.count() > 1)
        self._current_id = current_id
        self._filling = False

    def year_id(self) -> str | None:
        """The chosen year's id, or None when it is the current year."""
        chosen = self.combo.currentData()
        return None if chosen == getattr(self, "_current_id", None) else chosen

    def _picked(self, *args) -> None:
        if not self._filling:
            self.chosen.emit(self.year_id())
