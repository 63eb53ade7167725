"""The bundled fonts, so text renders the same on a machine with no system fonts."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import paths

FAMILY = "DejaVu Sans"
POINT_SIZE = 10
log = logging.getLogger("cultivate")


def install_bundled_fonts(app: QApplication) -> list[str]:
    """Register every bundled font and make DejaVu Sans the application font."""
    families: list[str] = []
    for font_file in sorted(paths.fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        if font_id < 0:
            log.warning("could not load bundled font %s", font_file)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if FAMILY in families:
        app.setFont(QFont(FAMILY, POINT_SIZE))
    return families
