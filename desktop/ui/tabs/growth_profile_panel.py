"""A teacher's growth profile for a coach: radar chart, per-indicator table, strengths and gaps.

The rule that makes the levels lives in desktop/core/growth_profile.py; this panel
only shows it. matplotlib is imported when the first profile is drawn.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.core.growth_profile import GrowthProfile, IndicatorLevel
from desktop.ui.models.table import RIGHT, Column, DataclassTableModel, number_sort
from desktop.ui.widgets import ListPanel, caption, heading, set_heading

TOP = 3


def _level(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _evidence_count(item: IndicatorLevel) -> int:
    return item.observation_count + (1 if item.self_level is not None else 0)


class ProfileLevelsModel(DataclassTableModel[IndicatorLevel]):
    columns = (
        Column("Indicator", lambda i: f"{i.indicator.code} {i.indicator.name}",
               sort_key=lambda i: i.indicator.position, tooltip=lambda i: i.indicator.name,
               width=30),
        Column("Level", lambda i: _level(i.level), sort_key=lambda i: number_sort(i.level),
               align=RIGHT, width=6),
        Column("Reason", lambda i: i.reason, tooltip=lambda i: _evidence_tooltip(i)),
        Column("Evidence", lambda i: str(_evidence_count(i)), sort_key=_evidence_count,
               align=RIGHT, width=8, tooltip=lambda i: _evidence_tooltip(i)),
    )


def _evidence_tooltip(item: IndicatorLevel) -> str:
    lines = [item.reason]
    for score in item.evidence[:5]:
        note = f"; “{score.evidence[0]}”" if score.evidence else ""
        lines.append(f"{score.observed_on.isoformat()} {score.kind}: {score.score}{note}")
    return "\n".join(lines)


def ranked_text(title: str, items: list[IndicatorLevel]) -> str:
    if not items:
        return f"{title}: none yet."
    return f"{title}: " + "; ".join(
        f"{number}. {item.indicator.name} ({item.level:.1f})"
        for number, item in enumerate(items[:TOP], start=1))


class GrowthProfilePanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Growth profile")
        self.title = heading("Growth profile", level=2)
        self.note = caption("Pick a teacher in the staff list to see their growth profile.")
        self.strengths = caption()
        self.strengths.setAccessibleName("Strengths")
        self.gaps = caption()
        self.gaps.setAccessibleName("Gaps")
        self.perception = caption()
        self.perception.setAccessibleName("Perception gaps")
        self.levels = ListPanel("Indicators", ProfileLevelsModel(),
                                empty_text="No rubric indicators yet.")
        self.chart_holder = QVBoxLayout()
        self.canvas = None
        # Chart and the ranked words on the left, the evidence table beside them: a coach
        # reads the shape first, then the reasons.
        summary = QVBoxLayout()
        summary.addLayout(self.chart_holder)
        summary.addWidget(self.strengths)
        summary.addWidget(self.gaps)
        summary.addWidget(self.perception)
        summary.addStretch(1)
        summary_box = QWidget()
        summary_box.setLayout(summary)
        # Scrolled, not squeezed: at 1280×820 the chart and the words under it did not fit,
        # and the strengths were cut off at the top.
        summary_scroller = QScrollArea()
        summary_scroller.setWidget(summary_box)
        summary_scroller.setWidgetResizable(True)
        summary_scroller.setFrameShape(QFrame.Shape.NoFrame)
        summary_scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        summary_scroller.setMaximumWidth(480)
        summary_scroller.setAccessibleName("Growth profile summary")
        body = QHBoxLayout()
        body.addWidget(summary_scroller, 2)
        body.addWidget(self.levels, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addLayout(body, 1)
        self.profile: GrowthProfile | None = None
        self._undrawn: GrowthProfile | None = None
        self.show_profile(None, "")

    def show_profile(self, profile: GrowthProfile | None, teacher_name: str) -> None:
        self.profile = profile
        has = profile is not None
        for widget in (self.strengths, self.gaps, self.perception, self.levels):
            widget.setVisible(has)
        if self.canvas is not None:
            self.canvas.setVisible(has)
        if not has:
            set_heading(self.title, "Growth profile")
            self.note.setText("Pick a teacher in the staff list to see their growth profile.")
            self.levels.model.set_rows([])
            return
        set_heading(self.title, f"Growth profile — {teacher_name}")
        rated = sum(item.level is not None for item in profile.levels)
        self.note.setText(
            f"{rated} of {len(profile.levels)} indicators have evidence. Level = observations "
            "(recent and formal ones weigh more) combined with the latest self-rating.")
        self.strengths.setText(ranked_text("Strengths", profile.strengths))
        self.gaps.setText(ranked_text("Gaps", profile.gaps))
        mismatch = profile.perception_gaps
        self.perception.setVisible(bool(mismatch))
        self.perception.setText("Sees it differently: " + "; ".join(
            f"{item.indicator.name} (self {item.self_level}, observed {item.observation_level:.1f})"
            for item in mismatch[:TOP]))
        for label in (self.strengths, self.gaps, self.perception):
            label.setAccessibleDescription(label.text())
        self.levels.model.set_rows(profile.levels)
        # The radar chart (matplotlib: a third of a second) is drawn when the panel is seen,
        # not on every teacher picked while it sits behind another sub-tab.
        self._undrawn = profile
        if self.isVisible():
            self._draw_undrawn()

    def showEvent(self, event) -> None:   # noqa: N802 - Qt's name
        self._draw_undrawn()
        super().showEvent(event)

    def _draw_undrawn(self) -> None:
        profile, self._undrawn = self._undrawn, None
        if profile is not None and profile is self.profile:
            self._draw(profile)

    def _draw(self, profile: GrowthProfile) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from desktop.reports.charts import RadarSeries, radar_chart

        labels = [item.indicator.code for item in profile.levels]
        series = [RadarSeries("Level", [item.level for item in profile.levels])]
        if any(item.self_level is not None for item in profile.levels):
            series.append(RadarSeries("Self-rating", [item.self_level for item in profile.levels]))
        figure = radar_chart(labels, series, width_in=3.6, height_in=3.2)
        canvas = FigureCanvasQTAgg(figure)
        canvas.setMinimumHeight(320)   # the figure's own height: labels and legend apart
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        canvas.setAccessibleName("Radar chart of levels by indicator")
        canvas.setAccessibleDescription("; ".join(
            f"{item.indicator.code} {_level(item.level)}" for item in profile.levels))
        if self.canvas is not None:
            self.chart_holder.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.canvas = canvas
        self.chart_holder.addWidget(canvas)
        canvas.setVisible(True)
