"""Cultivate's icon files, all from resources/icons/cultivate.svg (drawn for Cultivate).

    python packaging/icons.py              render resources/icons/cultivate-<size>.png
                                           (committed; run again after editing the SVG)
    python packaging/icons.py --ico FILE   a multi-size Windows .ico (build time, Pillow)
    python packaging/icons.py --icns FILE  a macOS .icns (build time, Pillow)

The window loads the PNGs, so the application needs neither QtSvg nor an SVG plugin.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "cultivate.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png(size: int) -> Path:
    return ICONS / f"cultivate-{size}.png"


def render_pngs() -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        if not image.save(str(png(size)), "PNG"):
            raise SystemExit(f"could not write {png(size)}")
        written.append(png(size))
    return written


def write_ico(target: Path) -> Path:
    from PIL import Image

    image = Image.open(png(256))
    image.save(target, format="ICO", sizes=[(s, s) for s in SIZES if s <= 256])
    return target


def write_icns(target: Path) -> Path:
    from PIL import Image

    Image.open(png(512)).save(target, format="ICNS")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ico", type=Path, metavar="FILE")
    parser.add_argument("--icns", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    if args.ico:
        print(write_ico(args.ico))
    if args.icns:
        print(write_icns(args.icns))
    if not (args.ico or args.icns):
        for path in render_pngs():
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
