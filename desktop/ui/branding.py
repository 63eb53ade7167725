"""The application's icon and identity, for the window, the taskbar and the About box."""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import APP_ID, APP_NAME, __version__, paths

log = logging.getLogger("cultivate")


def application_icon() -> QIcon:
    """Every rendered size of resources/icons/cultivate.svg (PNGs: no SVG plugin needed)."""
    icon = QIcon()
    for png in sorted(paths.resource("icons").glob("cultivate-*.png")):
        icon.addFile(str(png))
    if icon.isNull():
        log.warning("the application icon is missing from %s", paths.resource("icons"))
    return icon


def apply_identity(app: QApplication) -> None:
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)   # Wayland's app_id: the .desktop file gives the icon
    app.setWindowIcon(application_icon())
    if sys.platform == "win32":
        _set_windows_app_id()


def _set_windows_app_id() -> None:
    """Group the taskbar button under Cultivate's own icon, not python.exe's."""
    try:
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_ID)
    except (AttributeError, OSError) as error:
        log.info("could not set the taskbar id: %s", error)
