"""Window fixtures: a small school in a real file, and a main window over it."""

from __future__ import annotations

import pytest

from db.connection import open_database
from tests.helpers.files import built_file
from tests.ui.school import build_small_school


@pytest.fixture
def school_file(tmp_path):
    """(path, ids) of a data file holding the small test school."""
    return built_file(tmp_path / "school.db", build_small_school)


@pytest.fixture
def open_window(qtbot):
    """Opens a MainWindow on a file, like a restart would; closes them all afterwards."""
    from desktop.ui.main_window import MainWindow

    windows = []

    def opener(path):
        window = MainWindow(open_database(path), path)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield opener
    for window in windows:
        if window.isVisible():
            window.close()


@pytest.fixture
def window(school_file, open_window):
    return open_window(school_file[0])


@pytest.fixture
def ids(school_file):
    return school_file[1]


@pytest.fixture
def school_db(tmp_path):
    """(db, people, rubric): a file with the default rubric and four staff, for the dialogs."""
    from db import rubrics, staff

    db = open_database(tmp_path / "walk.db")
    rubric_id = rubrics.load_default_rubric(db)
    people = {name: staff.add(db, first_name=first, last_name=last, role=role)
              for name, first, last, role in [
                  ("ana", "Ana", "Lopez", "teacher"), ("anita", "Anita", "Brook", "teacher"),
                  ("ben", "Ben", "Okafor", "teacher"), ("maya", "Maya", "Reed", "coach")]}
    yield db, people, rubrics.get_rubric(db, rubric_id)
    db.close()


@pytest.fixture
def demo_file(tmp_path):
    """A data file holding the generated demo school (8 teachers), as a user would see it."""
    demo = pytest.importorskip("desktop.core.demo")
    path = tmp_path / "demo.db"
    db = open_database(path)
    demo.build_demo_school(db, teachers=8)
    db.close()
    return path
