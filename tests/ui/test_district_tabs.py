"""A district file of two schools in the window: the School picker in the sidebar narrows
every tab's lists and figures to one school, or shows the whole district; the choice
survives a restart and is dropped when the file no longer has that school."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.settings import get_settings
from desktop.ui.background import wait_idle
from tests.helpers.district import HILLSIDE, RIVERSIDE, build_district
from tests.helpers.files import built_file
from tests.helpers.window import overview_filled


@pytest.fixture
def district_file(tmp_path):
    return built_file(tmp_path / "district.db", build_district)


def _column(panel, header: str) -> list[str]:
    column = panel.model.column_index(header)
    return [panel.proxy.index(row, column).data() for row in range(panel.proxy.rowCount())]


def _cards(overview) -> dict[str, str]:
    return {key: card.value() for key, card in overview.school_cards.items()}


def _show_tab(window, qtbot, index: int):
    window.tab_actions[index].trigger()
    tab = window.tabs[index]
    assert window.tab_widget.currentWidget() is tab and not tab.stale
    assert wait_idle(10_000)   # lists' totals and figures are counted on a worker
    qtbot.wait(10)
    return tab


def _pick_school_by_keyboard(window, qtbot, key, *, mnemonic: bool = True) -> None:
    """Alt+H (the picker's label is "Sc&hool") to the School picker, or Tab-like focus where
    another control of the tab shares the letter, then an arrow key."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    picker = window.sidebar.school
    if mnemonic:
        qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    else:
        picker.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(picker.hasFocus)
    qtbot.keyClick(picker, key)


def test_every_tab_shows_the_school_picked_or_the_whole_district(district_file, open_window, qtbot,
                                                                 tmp_path):
    path, ids = district_file
    window = open_window(path)
    overview = overview_filled(qtbot, window)
    assert overview.heading.text() == "Whole district"
    assert window.sidebar.model.index(0).data() == "Whole district"
    district = _cards(overview)
    assert district == {"teachers": "6", "observations": "5", "not_visited": "4",
                        "goals_active": "3", "goals_met": "1", "overdue": "2", "pd_hours": "6.5"}
    window.grab().save(str(tmp_path / "overview-district.png"))   # looked at

    _pick_school_by_keyboard(window, qtbot, Qt.Key.Key_Down)   # the first school: Hillside
    assert window.sidebar.school.currentText() == HILLSIDE
    overview = overview_filled(qtbot, window)
    assert overview.heading.text() == HILLSIDE
    assert window.sidebar.model.index(0).data() == HILLSIDE
    hillside = _cards(overview)
    assert hillside == {"teachers": "2", "observations": "2", "not_visited": "1",
                        "goals_active": "1", "goals_met": "0", "overdue": "1", "pd_hours": "3"}
    assert _column(overview.unvisited, "Teacher") == ["Finn Olsen"]
    assert _column(overview.overdue, "Action step") == ["Order a class set of whiteboards"]
    window.grab().save(str(tmp_path / "overview-hillside.png"))   # looked at

    observations = _show_tab(window, qtbot, 1)
    assert observations.list.title.text().startswith(f"Observations — {HILLSIDE}")
    assert sorted(_column(observations.list, "Teacher")) == ["Eve Moreau", "Finn Olsen"]
    assert "2 visits" in observations.summary.text()
    window.grab().save(str(tmp_path / "observations-hillside.png"))   # looked at
    observations.views.setCurrentIndex(1)   # Coverage
    assert wait_idle(10_000)
    qtbot.waitUntil(lambda: observations.coverage.model.rowCount() == 2)
    assert _column(observations.coverage, "Teacher") == ["Finn Olsen", "Eve Moreau"]
    assert observations.coverage.title.text().startswith(f"Coverage — {HILLSIDE}")
    observations.views.setCurrentIndex(0)

    goals = _show_tab(window, qtbot, 2)
    assert _column(goals.goals, "Goal") == ["Use mini whiteboards daily"]
    assert _column(goals.conversations, "Teacher") == ["Finn Olsen"]
    assert "Order a class set of whiteboards" in goals.overdue_note.text()

    pd_menu = _show_tab(window, qtbot, 3)
    # the catalog is the district's: every offering, whichever school is shown
    assert _column(pd_menu.catalog, "Offering") == ["Exit tickets in ten minutes",
                                                    "Questioning that makes students think"]
    assert pd_menu.hours.text().startswith(f"3 PD hours completed across {HILLSIDE} ")

    celebrations = _show_tab(window, qtbot, 4)
    assert [c.title for c in celebrations.model.rows()] == ["Finn's reading corner"]
    assert celebrations.heading.text() == f"Celebrations — {HILLSIDE}"

    # Back to the whole district (the picker's first line): both schools again, on the
    # tab shown now and on the others when next shown.
    # (by Tab-like focus: Alt+H is also the Help menu)
    _pick_school_by_keyboard(window, qtbot, Qt.Key.Key_Up, mnemonic=False)
    assert window.sidebar.school_id is None
    assert wait_idle(10_000)
    assert [c.title for c in celebrations.model.rows()] == [
        "Thanks for covering lunch duty", "Finn's reading corner", "Cara's seminars are student-led"]
    observations = _show_tab(window, qtbot, 1)
    assert observations.list.title.text().startswith("Observations — Whole district")
    assert len(_column(observations.list, "Date")) == 7
    window.grab().save(str(tmp_path / "observations-district.png"))   # looked at
    pd_menu = _show_tab(window, qtbot, 3)
    assert pd_menu.hours.text().startswith("6.5 PD hours completed across the district ")
    window.tab_actions[0].trigger()
    assert _cards(overview_filled(qtbot, window)) == district

    # Riverside, then the figures of both schools add up to the district's.
    picker = window.sidebar.school
    picker.setCurrentIndex(picker.findData(ids["riverside"]))
    riverside = _cards(overview_filled(qtbot, window))
    assert overview.heading.text() == RIVERSIDE
    for key in ("teachers", "observations", "not_visited", "goals_active", "goals_met", "overdue",
                "pd_hours"):
        assert float(hillside[key]) + float(riverside[key]) == float(district[key]), key


def test_a_person_at_another_school_gives_way_to_the_schools_page(district_file, open_window, qtbot):
    path, ids = district_file
    window = open_window(path)
    assert window.sidebar.select(ids["eve"])
    assert window.current_tab.member.full_name == "Eve Moreau"
    picker = window.sidebar.school
    picker.setCurrentIndex(picker.findData(ids["riverside"]))
    overview = overview_filled(qtbot, window)
    assert window.sidebar.staff_id is None
    assert all(tab.staff_id is None for tab in window.tabs)
    assert overview.heading.text() == RIVERSIDE
    assert overview.school_cards["teachers"].value() == "4"
    # someone at the school shown stays picked
    assert window.sidebar.select(ids["ana"])
    picker.setCurrentIndex(picker.findData(ids["riverside"]))
    assert window.sidebar.staff_id == ids["ana"]


def test_the_school_survives_a_restart_and_is_dropped_when_gone(district_file, school_file,
                                                               open_window, qtbot):
    path, ids = district_file
    window = open_window(path)
    picker = window.sidebar.school
    picker.setCurrentIndex(picker.findData(ids["hillside"]))
    window.close()
    again = open_window(path)
    assert again.sidebar.school_id == ids["hillside"]
    assert all(tab.school_id == ids["hillside"] for tab in again.tabs)
    overview = overview_filled(qtbot, again)
    assert overview.heading.text() == HILLSIDE
    assert overview.school_cards["teachers"].value() == "2"
    # Another file (one school, not Hillside): it looks as it always has, and the choice goes.
    assert again.open_file(school_file[0])
    overview = overview_filled(qtbot, again)
    assert not again.sidebar.school.isVisible()
    assert all(tab.school_id is None for tab in again.tabs)
    assert overview.heading.text() == "Whole school"
    assert again.sidebar.model.index(0).data() == "Whole school"
    assert get_settings().get("view.school") == ""
    assert again.open_file(path)
    assert again.sidebar.school_id is None
    assert overview_filled(qtbot, again).heading.text() == "Whole district"


def test_find_anything_opens_a_record_of_another_school_in_the_district(district_file, open_window,
                                                                        qtbot):
    from db import search

    path, ids = district_file
    window = open_window(path)
    picker = window.sidebar.school
    picker.setCurrentIndex(picker.findData(ids["riverside"]))
    (hit,) = search.search(window.db, "purposeful start").hits   # Eve's visit, at Hillside
    assert window.open_search_hit(hit)
    assert window.sidebar.school_id is None and window.sidebar.staff_id == ids["eve"]
    tab = window.tabs[1]
    assert window.tab_widget.currentWidget() is tab and tab.member.full_name == "Eve Moreau"
    assert tab.list.selected_row().id == ids["obs_eve"]


def test_the_wall_sheet_is_the_school_shown(district_file, open_window, qtbot, monkeypatch, tmp_path):
    from pypdf import PdfReader

    from desktop.ui.tabs import celebrations as celebrations_tab

    path, ids = district_file
    window = open_window(path)
    picker = window.sidebar.school
    picker.setCurrentIndex(picker.findData(ids["hillside"]))
    tab = _show_tab(window, qtbot, 4)
    monkeypatch.setattr(celebrations_tab, "choose_pdf", lambda *a: tmp_path / "wall.pdf")
    monkeypatch.setattr(celebrations_tab, "choose_wall_period", lambda parent, choices: 2)  # the year
    qtbot.mouseClick(tab.wall_sheet_button, Qt.MouseButton.LeftButton)
    wall = "".join(page.extract_text() for page in PdfReader(tmp_path / "wall.pdf").pages)
    assert "Finn's reading corner" in wall and HILLSIDE.upper() in wall.upper()
    assert "Cara's seminars" not in wall       # Riverside's, not on Hillside's sheet
