"""Shared fixtures. Every test runs offscreen, offline, and in a temporary data folder."""

from __future__ import annotations

import os
import socket

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from db import clock  # noqa: E402
from db.connection import open_database, open_memory  # noqa: E402
from desktop import paths  # noqa: E402
from tests.ui.school import TODAY  # noqa: E402


class NetworkCallError(AssertionError):
    pass


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory, monkeypatch):
    """Point every per-user location at a fresh temporary folder."""
    folder = tmp_path_factory.mktemp("cultivate-data")
    paths.override_data_dir(folder)
    monkeypatch.setenv("CULTIVATE_DATA_DIR", str(folder))
    yield folder
    paths.override_data_dir(None)


@pytest.fixture(scope="session", autouse=True)
def _fixed_clock():
    # Session-wide, so module-scoped fixtures (built before any test's own) see it too.
    clock.set_today(TODAY)
    yield
    clock.set_today(None)


@pytest.fixture(autouse=True)
def today(_fixed_clock):
    """The one clock (db.clock) says it is TODAY, 10 March 2026, in term 2 of 2025–26.

    A test that needs another day sets it with ``clock.set_today(...)`` (undone here) or
    ``with clock.fixed(...)``.
    """
    clock.set_today(TODAY)
    yield TODAY
    clock.set_today(TODAY)


@pytest.fixture(autouse=True)
def _no_keys_left():
    """A passphrase typed in one test is not known in the next (db.driver keeps keys in memory)."""
    from db import driver

    yield
    driver.forget_keys()


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Cultivate is offline: any attempt to open a network connection fails the test."""

    def refuse(self, address, *args, **kwargs):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkCallError(f"network call attempted to {address!r}")
        return original_connect(self, address, *args, **kwargs)

    original_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: (_ for _ in ()).throw(
        NetworkCallError(f"name lookup attempted: {a[:2]!r}")))


@pytest.fixture
def memory_db():
    db = open_memory()
    yield db
    db.close()


@pytest.fixture
def file_db(tmp_path):
    db = open_database(tmp_path / "cultivate.db")
    yield db
    db.close()


@pytest.fixture
def school_file(tmp_path):
    """A data file with a row in every table (tests/helpers/school.py); tests/ui has its own."""
    from tests.helpers.school import fill_every_table

    path = tmp_path / "cultivate.db"
    db = open_database(path)
    fill_every_table(db)
    db.close()
    return path
