"""A district file (schools merged into one): the staff list by school, or the district."""

from __future__ import annotations

from db import records
from db.connection import open_database


def _district(tmp_path):
    path = tmp_path / "district.db"
    db = open_database(path)
    north = records.insert(db, "schools", {"name": "North Elementary"})
    south = records.insert(db, "schools", {"name": "South Elementary"})
    for first, school in (("Ana", north), ("Ben", north), ("Cy", south)):
        records.insert(db, "staff", {"first_name": first, "last_name": "Teacher", "school_id": school})
    db.close()
    return path, north, south


def _names(window):
    model = window.sidebar.model
    return [model.index(row).data() for row in range(1, model.rowCount())]


def test_the_school_picker_filters_the_staff_list_and_is_remembered(tmp_path, open_window, qtbot):
    path, north, south = _district(tmp_path)
    window = open_window(path)
    picker = window.sidebar.school
    assert picker.isVisible() and picker.accessibleName() == "School"
    assert picker.itemText(0) == "All 2 schools (district)"
    assert len(_names(window)) == 3
    picker.setCurrentIndex(picker.findData(south))
    assert [name for name in _names(window)] == ["Teacher, Cy"]
    assert window.sidebar.count_label.text() == "1 staff at South Elementary"
    window.grab().save("/tmp/mg/district.png")
    window.close()
    again = open_window(path)           # after a restart, the same school
    assert again.sidebar.school.currentData() == south
    assert _names(again) == ["Teacher, Cy"]
    again.sidebar.school.setCurrentIndex(0)
    assert len(_names(again)) == 3


def test_a_one_school_file_shows_no_picker(window):
    assert not window.sidebar.school.isVisible()
    assert window.sidebar.school_id is None
