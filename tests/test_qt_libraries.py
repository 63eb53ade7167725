"""The start-up check for the system libraries Qt loads on Linux, with a faked missing one."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli, qt_libraries
from desktop.qt_libraries import SystemLibrary

FAKE = SystemLibrary("libcultivate-fake-icccm.so.4", "libcultivate-fake-icccm4",
                     "cultivate-fake-wm")
DESKTOP = {"DISPLAY": ":0"}


@pytest.fixture
def fake_missing(monkeypatch):
    """Everything Qt needs is there except FAKE, added to the X11 plugin's list."""
    monkeypatch.setattr(qt_libraries, "XCB", (*qt_libraries.XCB, FAKE))
    monkeypatch.setattr(qt_libraries, "loadable", lambda soname, folders=(): soname != FAKE.soname)
    return FAKE


def test_a_missing_library_is_named_with_the_commands_that_install_it(fake_missing):
    problem = qt_libraries.startup_problem(DESKTOP, os_name="linux")

    assert problem.startswith("Cultivate cannot open its window: a system library that Qt "
                              "needs is missing.")
    assert "libcultivate-fake-icccm.so.4" in problem
    assert "sudo apt install libcultivate-fake-icccm4" in problem
    assert "sudo dnf install cultivate-fake-wm" in problem
    assert "Traceback" not in problem


def test_the_real_check_finds_a_library_that_does_not_exist(monkeypatch):
    # No patched loader: the dynamic loader itself is asked for a name no system has.
    monkeypatch.setattr(qt_libraries, "XCB", (FAKE,))
    monkeypatch.setattr(qt_libraries, "QT_GUI", ())
    problem = qt_libraries.startup_problem(DESKTOP, platform="xcb", os_name="linux")
    assert FAKE.soname in problem


def test_several_missing_libraries_share_one_command_per_system(monkeypatch):
    other = SystemLibrary("libcultivate-fake-keysyms.so.1", "libcultivate-fake-keysyms1",
                          "cultivate-fake-wm")
    missing = {FAKE.soname, other.soname}
    monkeypatch.setattr(qt_libraries, "XCB", (FAKE, other))
    monkeypatch.setattr(qt_libraries, "loadable", lambda soname, folders=(): soname not in missing)

    problem = qt_libraries.startup_problem(DESKTOP, os_name="linux")

    assert "2 system libraries that Qt needs are missing" in problem
    assert "sudo apt install libcultivate-fake-icccm4 libcultivate-fake-keysyms1" in problem
    assert "sudo dnf install cultivate-fake-wm\n" in problem   # named once


def test_nothing_missing_means_no_message(monkeypatch):
    monkeypatch.setattr(qt_libraries, "loadable", lambda soname, folders=(): True)
    assert qt_libraries.startup_problem(DESKTOP, os_name="linux") is None


def test_offscreen_needs_no_x11_libraries(fake_missing):
    assert qt_libraries.startup_problem({}, platform="offscreen", os_name="linux") is None
    assert qt_libraries.startup_problem({"QT_QPA_PLATFORM": "offscreen"}, os_name="linux") is None


def test_offscreen_still_needs_what_qtgui_needs(monkeypatch):
    monkeypatch.setattr(qt_libraries, "QT_GUI", (FAKE,))
    monkeypatch.setattr(qt_libraries, "loadable", lambda soname, folders=(): soname != FAKE.soname)
    problem = qt_libraries.startup_problem({}, platform="offscreen", os_name="linux")
    assert problem.startswith("Cultivate cannot draw its window, even offscreen")


def test_a_wayland_session_needs_the_wayland_libraries_not_x11s(monkeypatch):
    monkeypatch.setattr(qt_libraries, "XCB", (FAKE,))
    monkeypatch.setattr(qt_libraries, "loadable", lambda soname, folders=(): soname != FAKE.soname)
    assert qt_libraries.startup_problem({"WAYLAND_DISPLAY": "wayland-0"}, os_name="linux") is None


def test_a_wayland_session_without_wayland_libraries_falls_back_to_x11(monkeypatch):
    missing = {FAKE.soname, "libwayland-cursor.so.0"}
    monkeypatch.setattr(qt_libraries, "XCB", (FAKE,))
    monkeypatch.setattr(qt_libraries, "loadable", lambda soname, folders=(): soname not in missing)
    problem = qt_libraries.startup_problem({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"},
                                           os_name="linux")
    assert FAKE.soname in problem


def test_no_display_is_said_in_plain_words(monkeypatch):
    monkeypatch.setattr(qt_libraries, "loadable", lambda soname, folders=(): True)
    problem = qt_libraries.startup_problem({}, os_name="linux")
    assert "no graphical display was found" in problem


def test_a_library_inside_the_bundle_counts_as_present(tmp_path, monkeypatch):
    (tmp_path / FAKE.soname).write_bytes(b"")
    monkeypatch.setattr(qt_libraries, "XCB", (FAKE,))
    monkeypatch.setattr(qt_libraries, "QT_GUI", ())
    assert qt_libraries.startup_problem(DESKTOP, folders=[tmp_path], os_name="linux") is None


@pytest.mark.parametrize("system", ["win32", "darwin"])
def test_other_systems_are_not_checked(fake_missing, system):
    assert qt_libraries.startup_problem(DESKTOP, os_name=system) is None


def test_the_window_command_stops_before_qt_with_the_message(fake_missing, monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM")
    shown = []
    monkeypatch.setattr(qt_libraries, "show_desktop_message", shown.append)
    import desktop.ui.app as app

    monkeypatch.setattr(app, "run_gui", lambda data: pytest.fail("Qt was started"))

    assert cli.main([]) == 1

    err = capsys.readouterr().err
    assert FAKE.soname in err and "sudo apt install" in err
    assert shown and FAKE.soname in shown[0]   # stderr is no terminal here: a desktop box too


def test_the_message_is_also_in_the_log(fake_missing, monkeypatch, capsys):
    from desktop import paths

    monkeypatch.setattr(qt_libraries, "show_desktop_message", lambda text: True)
    qt_libraries.tell(qt_libraries.startup_problem(DESKTOP, os_name="linux"))
    assert FAKE.soname in paths.log_file().read_text(encoding="utf-8")


def test_the_screenshot_command_names_the_missing_library(fake_missing, monkeypatch, capsys,
                                                          tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(qt_libraries, "QT_GUI", (FAKE,))
    assert cli.main(["screenshot", "--data", str(tmp_path / "x.db"), "--out",
                     str(tmp_path / "shots")]) == 2
    err = capsys.readouterr().err
    assert "cultivate: Cultivate cannot draw its window, even offscreen" in err
    assert "Traceback" not in err


def test_a_desktop_message_box_is_shown_with_the_first_tool_found(monkeypatch):
    runs = []
    monkeypatch.setattr(shutil, "which", lambda tool: f"/usr/bin/{tool}" if tool == "kdialog" else None)
    monkeypatch.setattr(subprocess, "run", lambda command, **kwargs: runs.append(command))
    assert qt_libraries.show_desktop_message("the text")
    assert runs == [["/usr/bin/kdialog", "--title", "Cultivate", "--error", "the text"]]


def test_no_desktop_message_tool_is_no_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda tool: None)
    assert not qt_libraries.show_desktop_message("the text")


@pytest.mark.parametrize("value, platform", [
    ("", None), ("xcb", "xcb"), ("wayland;xcb", "wayland"), ("xcb:nograb", "xcb"),
    (" offscreen ", "offscreen")])
def test_the_requested_platform_is_read_like_qt_reads_it(value, platform):
    assert qt_libraries.requested_platform({"QT_QPA_PLATFORM": value}) == platform


# -- the table cannot drift from what Qt's libraries ask for --------------------------------
BASE_SYSTEM = ("libc.so", "libm.so", "libstdc++.so", "libgcc_s.so", "ld-linux", "libdl.so",
               "libpthread.so", "librt.so")


def _needed(binary: Path) -> set[str]:
    out = subprocess.run(["readelf", "-d", str(binary)], capture_output=True, text=True,
                         check=True).stdout
    return {line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines()
            if "(NEEDED)" in line}


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("readelf") is None,
                    reason="reads Linux ELF files with readelf")
def test_the_table_covers_every_system_library_qt_needs():
    qt = Path(importlib.util.find_spec("PySide6").submodule_search_locations[0]) / "Qt"
    binaries = {
        "gui": [qt / "lib" / f"libQt6{name}.so.6" for name in ("Core", "Gui", "Widgets")],
        "xcb": [qt / "lib" / "libQt6XcbQpa.so.6", qt / "plugins" / "platforms" / "libqxcb.so"],
        "wayland": [qt / "plugins" / "platforms" / "libqwayland.so"],
    }
    tables = {"gui": qt_libraries.QT_GUI,
              "xcb": qt_libraries.QT_GUI + qt_libraries.XCB,
              "wayland": qt_libraries.QT_GUI + qt_libraries.WAYLAND}
    for group, files in binaries.items():
        needed = set().union(*(_needed(path) for path in files if path.exists()))
        system = {name for name in needed
                  if not name.startswith(("libQt6", "libicu", *BASE_SYSTEM))}
        known = {library.soname for library in tables[group]}
        assert system <= known, f"{group}: add {sorted(system - known)} to desktop/qt_libraries.py"
