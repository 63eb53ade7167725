"""Window fixtures: a small school in a real file, and a main window over it."""

from __future__ import annotations

import pytest

from db.connection import open_database
from desktop.settings import Settings
from tests.ui.school import build_small_school


@pytest.fixture
def school_file(tmp_path):
    """(path, ids) of a data file holding the small test school."""
    path = tmp_path / "school.db"
    db = open_database(path)
    ids = build_small_school(db)
    db.close()
    return path, ids


@pytest.fixture
def open_window(qtbot):
    """Opens a MainWindow on a file, like a restart would; closes them all afterwards."""
    from desktop.ui.main_window import MainWindow

    windows = []

    def opener(path):
        window = MainWindow(open_database(path), path, settings=Settings.load())
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
def demo_file(tmp_path):
    """A data file holding the generated demo school (8 teachers), as a user would see it."""
    demo = pytest.importorskip("desktop.core.demo")
    path = tmp_path / "demo.db"
    db = open_database(path)
    demo.build_demo_school(db, teachers=8)
    db.close()
    return path
