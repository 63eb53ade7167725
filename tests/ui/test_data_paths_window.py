"""The window's start-up and File › Open give a folder, a device or a missing drive its own message."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.errors import StorageError


@pytest.fixture
def folder_named_like_the_file(tmp_path):
    folder = tmp_path / "cultivate.db"
    folder.mkdir()
    return folder


def test_the_window_gives_each_its_own_message(tmp_path, qtbot, monkeypatch, folder_named_like_the_file):
    from desktop.ui import app

    shown = []
    monkeypatch.setattr(app, "ask_about_storage_problem",
                        lambda error, path=None: shown.append(error) or app.QUIT)
    assert app.start_window(folder_named_like_the_file) is None
    assert app.start_window(tmp_path / "absent-drive" / "cultivate.db") is None
    if Path("/dev/null").exists():
        assert app.start_window(Path("/dev/null")) is None
    assert all(isinstance(error, StorageError) for error in shown)
    texts = [str(error) for error in shown]
    assert "is a folder, not a Cultivate data file" in texts[0]
    assert "does not exist" in texts[1]
    if len(texts) > 2:
        assert "is a device" in texts[2]
    assert not (tmp_path / "absent-drive").exists()


def test_file_open_in_the_window_says_the_same(window, tmp_path, monkeypatch, folder_named_like_the_file):
    from desktop.ui import messages

    shown = []
    monkeypatch.setattr(messages, "notify", lambda parent, title, text, detail="": shown.append(text))
    assert window.open_file(folder_named_like_the_file) is False
    assert "is a folder, not a Cultivate data file" in shown[0]
