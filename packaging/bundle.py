"""What goes into Cultivate's one-folder bundle and what stays out (read by cultivate.spec).

Plain Python without PyInstaller, so tests/test_packaging.py can check it cheaply.

Cultivate's window uses QtCore, QtGui and QtWidgets only; charts are matplotlib's Agg
(drawn into the window with backend_qtagg, into PDFs as PNG). Everything else that the
PySide6 and matplotlib hooks would carry along is left out here, by name, so that the
bundle is small and a new dependency shows up as a size change, not silently.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "Cultivate"
# The launchers. Linux: `cultivate`, for the menu and the terminal alike. Windows: a
# windowed Cultivate.exe for the Start menu and a console cultivate-cli.exe for the
# commands (file names ignore case there). macOS: Cultivate.app/Contents/MacOS/Cultivate,
# which prints to a terminal when started from one.
CONSOLE_EXE = {"win32": "cultivate-cli", "darwin": None}.get(sys.platform, "cultivate")
WINDOWED_EXE = "Cultivate" if sys.platform in ("win32", "darwin") else None

# Python modules that are never used by Cultivate but which imports drag in.
EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "idlelib", "pydoc_data", "lib2to3", "ensurepip",
    "venv", "doctest", "pytest",  # not unittest: pyparsing (matplotlib) imports it
    "pytestqt", "hypothesis", "setuptools",
    "pip", "IPython", "jupyter_client", "notebook",
    # matplotlib: only the Agg and Qt backends are used
    *(f"matplotlib.backends.backend_{name}" for name in (
        "tkagg", "tkcairo", "_tkagg", "gtk3agg", "gtk3cairo", "gtk4agg", "gtk4cairo", "wx",
        "wxagg", "wxcairo", "macosx", "webagg", "webagg_core", "nbagg", "pgf", "ps",
        "cairo", "qtcairo", "template", "pdf", "svg")),
    "matplotlib.tests", "numpy.tests", "PIL.ImageQt", "PIL.ImageTk",
    # Pillow's AVIF and WebP codecs (libavif alone is 5 MB); matplotlib writes PNG
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin",
    # Qt modules Cultivate does not use (the hooks would bundle their libraries). QtSvg
    # stays: matplotlib's qt_compat imports it.
    *(f"PySide6.{module}" for module in (
        "QtNetwork", "QtQml", "QtQuick", "QtQuickWidgets", "QtQuickControls2", "QtSvgWidgets",
        "QtPdf", "QtPdfWidgets", "QtOpenGL", "QtOpenGLWidgets", "QtDBus",
        "QtPrintSupport", "QtSql", "QtTest", "QtXml", "QtConcurrent", "QtHelp",
        "QtUiTools", "QtDesigner", "QtWebEngineCore", "QtWebEngineWidgets", "QtMultimedia",
        "QtCharts", "QtDataVisualization", "Qt3DCore", "QtBluetooth", "QtPositioning")),
]

# Qt platform plugins kept: the desktop ones and offscreen (the `screenshot` command).
PLATFORM_PLUGINS = {
    "linux": {"libqxcb.so", "libqwayland.so", "libqwayland-egl.so", "libqwayland-generic.so",
              "libqoffscreen.so", "libqminimal.so"},
    "win32": {"qwindows.dll", "qoffscreen.dll", "qminimal.dll"},
    "darwin": {"libqcocoa.dylib", "libqoffscreen.dylib", "libqminimal.dylib"},
}

# Qt plugin folders with no use here: embedded-device displays and touch input, networking,
# printing, SQL, QML tools, Designer, image formats and the SVG icon engine (the icons are
# PNGs, built into QtGui). Kept: platforms (below), platformthemes (native file dialogs),
# platforminputcontexts (compose key and IBus, for names like Łukasz or Nguyễn),
# xcbglintegrations and the wayland-* client plugins (window decorations, xdg-shell).
UNUSED_PLUGIN_DIRS = {
    "egldeviceintegrations", "generic", "networkinformation", "tls", "printsupport",
    "sqldrivers", "qmltooling", "qmllint", "designer", "imageformats", "iconengines",
    "vectorimageformats", "wayland-graphics-integration-server", "multimedia",
}

# Single plugins left out: the GTK theme would bring the build machine's GTK, cairo and
# pango (15 MB) and clash with the system's; Qt's own style and file dialogs are used, or
# the desktop portal's (libqxdgdesktopportal).
UNUSED_PLUGINS = {"libqgtk3.so"}

# Qt libraries that only the modules and plugins left out above use.
UNUSED_QT_LIBRARIES = (
    "Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6SvgWidgets", "Qt6OpenGLWidgets",
    "Qt6VirtualKeyboard", "Qt6Designer", "Qt6Sql", "Qt6Test", "Qt6Help", "Qt6PrintSupport",
    "Qt6WaylandCompositor", "Qt6WlShell", "Qt6Lottie", "Qt6Labs",
    "Qt6EglFS", "Qt6Multimedia", "Qt6ShaderTools", "Qt6Concurrent", "Qt6Xml", "Qt6UiTools",
)

# Libraries bound to the system's graphics drivers, fonts and C++ runtime: a copy from
# the build machine can break a newer system's drivers, so they come from the system
# (as AppImage's exclude list has it). desktop/qt_libraries.py checks for them at start.
SYSTEM_LIBRARIES = re.compile(
    r"^(libstdc\+\+|libgcc_s|libX11|libX11-xcb|libxcb|libxcb-glx|libxcb-dri\d|libGL|libGLX|"
    r"libEGL|libOpenGL|libGLdispatch|libdrm|libgbm|libfontconfig|libfreetype|libharfbuzz|"
    r"libexpat|libz|libuuid|libcom_err|libgpg-error|libasound|libdbus-1|libsystemd|libudev)"
    r"\.so(\.\d+)*$")

_TRANSLATIONS = re.compile(r"(^|/)PySide6/Qt/translations/")
# matplotlib's sample data, toolbar images, and the fonts of the PDF/PS backends and of
# mathtext (charts use DejaVu Sans: resources/fonts, and matplotlib's own copy as its default,
# with LastResort, the fallback it always loads)
_MPL_UNUSED_DATA = re.compile(
    r"(^|/)matplotlib/mpl-data/(sample_data|images|plot_directive|fonts/afm|fonts/pdfcorefonts"
    r"|fonts/ttf/(?!DejaVuSans|LastResort))")


def _parts(dest: str) -> list[str]:
    return dest.replace("\\", "/").split("/")


def keep_binary(dest: str, platform: str = sys.platform) -> bool:
    """Whether a binary (its path inside the bundle) belongs in the bundle."""
    parts = _parts(dest)
    name = parts[-1]
    if "plugins" in parts[:-1]:
        folder = parts[parts.index("plugins") + 1]
        if folder in UNUSED_PLUGIN_DIRS or name in UNUSED_PLUGINS:
            return False
        if folder == "platforms":
            return name in PLATFORM_PLUGINS[_platform_key(platform)]
    return not any(library in name for library in UNUSED_QT_LIBRARIES)


def is_dependency_copy(dest: str) -> bool:
    """A shared library PyInstaller copied beside the executable because something needs it
    (rather than a module, an extension or a Qt library/plugin in its own folder)."""
    return "/" not in dest.replace("\\", "/") and ".so" in dest and not dest.startswith("libpython")


def prune_binaries(binaries: list[tuple[str, str, str]], needed_by,
                   platform: str = sys.platform) -> list[tuple[str, str, str]]:
    """The binaries to ship: the kept modules, Qt libraries and plugins, and only those
    dependency copies that one of them still needs (the GTK theme's stack goes with it).

    *binaries* are PyInstaller's (dest, source, kind); *needed_by(source)* names the
    libraries a file loads, all the way down (ldd's list on Linux).
    """
    links = [entry for entry in binaries if entry[2] == "SYMLINK"]
    kept = [entry for entry in binaries
            if entry[2] != "SYMLINK" and keep_binary(entry[0], platform)]
    if platform.startswith("linux"):
        roots = [entry for entry in kept if not is_dependency_copy(entry[0])]
        wanted: set[str] = set()
        for _dest, source, _kind in roots:
            wanted |= set(needed_by(source))
        kept = [entry for entry in kept if not is_dependency_copy(entry[0])
                or (Path(entry[0]).name in wanted
                    and not SYSTEM_LIBRARIES.match(Path(entry[0]).name))]
    return kept + _links_to(links, kept)


def _links_to(links: list[tuple[str, str, str]],
              shipped: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The symbolic links (dest, relative target, "SYMLINK") whose target is shipped."""
    names = {dest.replace("\\", "/") for dest, _source, _kind in shipped}
    return [link for link in links
            if (Path(link[0]).parent / link[1]).as_posix() in names]


def prune_datas(datas: list[tuple[str, str, str]],
                binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The data files to ship; a symbolic link only when what it points at is shipped."""
    kept = [entry for entry in datas if entry[2] != "SYMLINK" and keep_data(entry[0])]
    links = [entry for entry in datas if entry[2] == "SYMLINK"]
    return kept + _links_to(links, kept + binaries)


def keep_data(dest: str) -> bool:
    """Whether a data file (its path inside the bundle) belongs in the bundle."""
    dest = dest.replace("\\", "/")
    if _TRANSLATIONS.search(dest):   # Cultivate is in English and loads no Qt translator
        return False
    return not _MPL_UNUSED_DATA.search(dest)


def _platform_key(platform: str) -> str:
    return "linux" if platform.startswith("linux") else platform


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source, folder in the bundle) for every non-Python file Cultivate reads.

    resources/ goes to resources/ (desktop/paths.py looks there in a frozen bundle);
    package data such as db/migrations/*.sql goes beside its modules.
    """
    found = [(str(path), str(path.parent.relative_to(root)))
             for path in sorted((root / "resources").rglob("*")) if path.is_file()]
    for package in ("desktop", "db"):
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".py", ".pyc"):
                found.append((str(path), str(path.parent.relative_to(root))))
    return found


def icon_for(platform: str = sys.platform) -> str:
    icons = ROOT / "resources" / "icons"
    return str(icons / "cultivate-256.png" if platform == "win32" else icons / "cultivate-512.png")
