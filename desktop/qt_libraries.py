"""Before Qt starts on Linux: are the system libraries its window needs there?

Qt's wheels and Cultivate's bundle carry Qt itself, but Qt's X11 and Wayland plugins
load a few dozen libraries from the system. Without one, Qt prints a misleading line
(it blames libxcb-cursor0 whatever is missing) and aborts. Cultivate asks first and
says, in plain words, which libraries are missing and the one command that installs
them. Plain Python, no Qt: it runs before PySide6 is imported.
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("cultivate")


@dataclass(frozen=True)
class SystemLibrary:
    soname: str   # the file the dynamic loader looks for
    debian: str   # the package that has it on Debian, Ubuntu, Mint (apt)
    fedora: str   # … and on Fedora, RHEL, Rocky (dnf)


def _libraries(*rows: tuple[str, str, str]) -> tuple[SystemLibrary, ...]:
    return tuple(SystemLibrary(*row) for row in rows)


# QtCore, QtGui and QtWidgets need these on every platform, offscreen included
# (tests/test_qt_libraries.py checks the table against the libraries' own NEEDED lists).
QT_GUI = _libraries(
    ("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    ("libgthread-2.0.so.0", "libglib2.0-0", "glib2"),
    ("libz.so.1", "zlib1g", "zlib"),
    ("libzstd.so.1", "libzstd1", "libzstd"),
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    ("libfreetype.so.6", "libfreetype6", "freetype"),
    ("libX11.so.6", "libx11-6", "libX11"),
    ("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
)

# The X11 platform plugin (libqxcb.so and libQt6XcbQpa.so.6).
XCB = _libraries(
    ("libxcb.so.1", "libxcb1", "libxcb"),
    ("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    ("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    ("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
)

# The Wayland platform plugin (libqwayland.so).
WAYLAND = _libraries(
    ("libwayland-client.so.0", "libwayland-client0", "libwayland-client"),
    ("libwayland-cursor.so.0", "libwayland-cursor0", "libwayland-cursor"),
)

WINDOWLESS_PLATFORMS = {"offscreen", "minimal"}


def requested_platform(environ: Mapping[str, str]) -> str | None:
    """The platform plugin asked for in QT_QPA_PLATFORM ("xcb:opt;wayland" → "xcb"), or None."""
    value = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    return value or None


def _wayland_session(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("WAYLAND_DISPLAY")) or environ.get("XDG_SESSION_TYPE") == "wayland"


def _bundled_dirs() -> list[Path]:
    """Folders whose libraries Qt finds without the system: the bundle, PySide6's Qt/lib."""
    folders = []
    if getattr(sys, "frozen", False):
        folders.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)))
    spec = importlib.util.find_spec("PySide6")   # finds, does not import
    for location in (spec.submodule_search_locations or []) if spec else []:
        folders.append(Path(location) / "Qt" / "lib")
    return folders


def loadable(soname: str, folders: Iterable[Path] = ()) -> bool:
    """Can the dynamic loader find *soname* (in *folders*, or where the system keeps them)?"""
    if any((folder / soname).exists() for folder in folders):
        return True
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(libraries: Iterable[SystemLibrary],
                      folders: Iterable[Path] | None = None) -> list[SystemLibrary]:
    folders = list(_bundled_dirs() if folders is None else folders)
    return [library for library in libraries if not loadable(library.soname, folders)]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def describe_missing(missing: list[SystemLibrary], *, window: bool = True) -> str:
    what = "open its window" if window else "draw its window, even offscreen"
    count = ("a system library that Qt needs is missing" if len(missing) == 1
             else f"{len(missing)} system libraries that Qt needs are missing")
    width = max(len(library.soname) for library in missing)
    lines = [f"Cultivate cannot {what}: {count}.", ""]
    lines += [f"    {library.soname:<{width}}  (package {library.debian} or {library.fedora})"
              for library in missing]
    lines += [
        "",
        "Install them, then start Cultivate again:",
        "    Debian, Ubuntu, Mint:  sudo apt install "
        + " ".join(_unique(library.debian for library in missing)),
        "    Fedora, RHEL, Rocky:   sudo dnf install "
        + " ".join(_unique(library.fedora for library in missing)),
        "",
        "Nothing was changed in your data.",
    ]
    return "\n".join(lines)


def startup_problem(environ: Mapping[str, str] | None = None, *, platform: str | None = None,
                    folders: Iterable[Path] | None = None,
                    os_name: str | None = None) -> str | None:
    """What stops Qt from starting here, in plain words, or None (always None off Linux).

    *platform* overrides QT_QPA_PLATFORM (``screenshot`` passes "offscreen").
    """
    if not (os_name or sys.platform).startswith("linux"):
        return None
    environ = os.environ if environ is None else environ
    folders = list(_bundled_dirs() if folders is None else folders)
    platform = platform or requested_platform(environ)
    needed = list(QT_GUI)
    if platform in WINDOWLESS_PLATFORMS:
        window = False
    elif platform == "wayland" or (platform is None and _wayland_session(environ)
                                   and not missing_libraries(WAYLAND, folders)):
        window, platform = True, "wayland"
        needed += WAYLAND
    elif platform in (None, "xcb"):
        window, platform = True, "xcb"
        needed += XCB
    else:   # eglfs, vnc, linuxfb…: the user chose it and knows its needs
        window = True
    missing = missing_libraries(needed, folders)
    if missing:
        return describe_missing(missing, window=window)
    if platform == "xcb" and not environ.get("DISPLAY"):
        return ("Cultivate cannot open its window: no graphical display was found "
                "(DISPLAY is not set).\n\nStart it from your desktop's menu or a terminal "
                "inside the desktop. Without a screen, `cultivate --help` lists the commands "
                "that need no window.")
    if platform == "wayland" and not environ.get("WAYLAND_DISPLAY"):
        return ("Cultivate cannot open its window: no Wayland display was found "
                "(WAYLAND_DISPLAY is not set).")
    return None


def tell(problem: str, *, stderr=None) -> None:
    """Say *problem* on stderr, in the log and, when started from a desktop icon (no
    terminal to read stderr), in the desktop's own message box where one is installed."""
    stream = stderr or sys.stderr
    print(problem, file=stream)
    try:
        from desktop import logging_setup

        logging_setup.configure()
        log.error("cannot start the window: %s", problem)
    except OSError:
        pass
    if not _is_terminal(stream):
        show_desktop_message(problem)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# Message boxes that need no Qt, in the order tried: GNOME/GTK, KDE, plain X11.
DESKTOP_MESSAGE_TOOLS = (
    ("zenity", ["--error", "--no-markup", "--title", "Cultivate", "--text"]),
    ("kdialog", ["--title", "Cultivate", "--error"]),
    ("xmessage", ["-center"]),
)


def show_desktop_message(text: str) -> bool:
    for tool, arguments in DESKTOP_MESSAGE_TOOLS:
        program = shutil.which(tool)
        if program is None:
            continue
        try:
            subprocess.run([program, *arguments, text], check=False, timeout=600,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            continue
        return True
    return False
