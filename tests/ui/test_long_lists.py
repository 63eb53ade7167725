"""Long lists read a page at a time: what scrolling, sorting and the totals do in the window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from db import observations
from db.connection import open_memory
from desktop.core.demo import build_demo_school
from desktop.ui.models.observations import ObservationsModel


def _column(panel, header: str) -> list[str]:
    column = panel.model.column_index(header)
    return [panel.proxy.index(row, column).data() for row in range(panel.proxy.rowCount())]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(ObservationsModel, "page_size", 2)


def test_the_observations_list_reads_more_as_it_is_scrolled(window, qtbot, small_pages):
    window.tab_widget.setCurrentIndex(1)
    tab = window.tabs[1]
    tab.refresh(force=True)
    panel = tab.list
    assert panel.model.rowCount() == 2 and panel.model.canFetchMore()
    # The totals count every visit of the year, not the page: on a worker, then shown.
    qtbot.waitUntil(lambda: panel.count_label.text() == "5 shown")
    assert tab.summary.text().startswith("4 visits in 2025–26")
    panel.view.setFocus()
    panel.view.selectRow(0)
    for _ in range(6):                                    # the keyboard to the end of the list
        QTest.keyClick(panel.view, Qt.Key.Key_End)
        qtbot.waitUntil(lambda: not panel.model.canFetchMore() or panel.model.rowCount() > 2)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5)
    dates = _column(panel, "Date")
    assert dates == sorted(dates, reverse=True)


def test_a_header_click_sorts_the_whole_list_not_the_page(window, qtbot, small_pages):
    window.tab_widget.setCurrentIndex(1)
    tab = window.tabs[1]
    tab.refresh(force=True)
    panel = tab.list
    header = panel.view.horizontalHeader()
    column = panel.model.column_index("Average score")
    where = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                   header.height() // 2)
    scores = sorted(row.average_score for row in observations.list_observations(window.db)
                    if row.average_score is not None)
    for _ in range(2):                                   # one way, then the other
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
        assert panel.model.order[0] == "average" and panel.model.rowCount() == 2
        panel.model.fetch_all()
        shown = [row.average_score for row in panel.model.rows()]
        known = [value for value in shown if value is not None]
        descending = panel.model.order[1]
        assert known == sorted(known, reverse=descending) and sorted(known) == scores
        assert shown.index(known[0]) == (len(shown) - len(known) if not descending else 0)


def test_a_paged_model_passes_the_model_tester(qtmodeltester):
    db = open_memory()
    build_demo_school(db, teachers=6, seed=3, today=date(2026, 3, 10))
    model = ObservationsModel()
    model.page_size = 7
    model.set_source(lambda offset, limit, order, descending: observations.list_observations(
        db, limit=limit, offset=offset, order=order, descending=descending))
    qtmodeltester.check(model, force_py=True)
    model.fetch_all()
    assert [row.id for row in model.rows()] == [row.id for row in observations.list_observations(db)]
    model.sort(model.column_index("Teacher"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 7                         # read again, from its first page
    model.fetch_all()
    assert [row.id for row in model.rows()] == [
        row.id for row in observations.list_observations(db, order="teacher", descending=False)]
    model.set_rows([])
    assert model.rowCount() == 0 and not model.canFetchMore()
