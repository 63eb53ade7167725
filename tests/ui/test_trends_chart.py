"""The Trends chart painted for one teacher: every indicator a panel, read by mouse and keys."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.reports.observation_trends import IndicatorTrend
from desktop.ui.trends_chart import EMPTY, TrendsChart, month_ticks, spoken

RISING = IndicatorTrend("1.1", "Clear learning intentions",
                        [(date(2025, 10, 1), 2), (date(2026, 2, 1), 4)])
ONCE = IndicatorTrend("2.1", "Explaining", [(date(2025, 11, 10), 3)])
FALLING = IndicatorTrend("2.2", "Questioning", [(date(2025, 9, 5), 3), (date(2025, 12, 1), 1.5)])


def _chart(qtbot, trends, **kwargs):
    chart = TrendsChart(trends, summary="Ana Lopez, 2025–26", **kwargs)
    qtbot.addWidget(chart)
    chart.show()
    qtbot.waitExposed(chart)
    chart.activateWindow()
    qtbot.waitUntil(chart.isActiveWindow)
    return chart


def _dark_pixels_in(image, rect) -> int:
    return sum(1 for x in range(int(rect.left()), int(rect.right()))
               for y in range(int(rect.top()), int(rect.bottom()))
               if QColor(image.pixel(x, y)).lightness() < 80)


def test_each_score_is_painted_in_its_panel_at_its_level(qtbot):
    chart = _chart(qtbot, [RISING, ONCE, FALLING])
    image = chart.grab().toImage()
    for index, trend in enumerate(chart.trends):
        plot = chart.plot_rect(index)
        for point in trend.points:
            place = chart.point_at(index, point)
            assert plot.contains(place)   # inside its own panel, single visits too
            dot = place.toPoint()
            assert QColor(image.pixel(dot)).lightness() < 80, (trend.code, point)
    # A higher level is painted higher up.
    low, high = (chart.point_at(0, point) for point in RISING.points)
    assert high.y() < low.y() and high.x() > low.x()
    # Three indicators: one row of three panels, no empty places.
    assert chart.columns == 3 and chart.rows == 1


def test_the_keyboard_reads_every_panel_in_words(qtbot):
    chart = _chart(qtbot, [RISING, ONCE, FALLING, RISING, ONCE], columns=4)
    said = []
    chart.pointed.connect(said.append)
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    assert chart.current == 0
    assert "1.1 Clear learning intentions: 2 visits" in chart.accessibleDescription()
    assert "levels 2, 4, rising by 2" in chart.current_text()
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.current == 1 and "on 10 Nov 2025; levels 3" in chart.current_text()
    qtbot.keyClick(chart, Qt.Key.Key_Down)        # the panel below, a row of four further
    assert chart.current == 4
    qtbot.keyClick(chart, Qt.Key.Key_Down)        # no row below: stays on the last
    assert chart.current == 4
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert "falling by 1.5" in chart.current_text()
    assert said == [1, 4, 4, 0, 1, 2]


def test_signs_and_words_for_rising_falling_and_single_scores():
    assert spoken(FALLING).startswith("2.2 Questioning: 2 visits from 5 Sep 2025 to 1 Dec 2025")
    assert spoken(ONCE).endswith("levels 3")


def test_month_ticks_stay_few_and_on_first_days():
    ticks = month_ticks(date(2025, 8, 20), date(2026, 7, 10))
    assert len(ticks) <= 4 and all(day.day == 1 for day in ticks)
    assert ticks[0] == date(2025, 9, 1)


def test_no_scores_says_so(qtbot):
    chart = _chart(qtbot, [])
    assert chart.accessibleDescription() == EMPTY
    assert chart.focusPolicy() == Qt.FocusPolicy.NoFocus
