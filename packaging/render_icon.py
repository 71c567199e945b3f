"""Render resources/icons/ddworkbook.svg to the PNG that the builds use (PyInstaller turns it into
the executables' .ico and .icns), and to the .ico of the Windows installer (with Pillow, which
reportlab brings). Run after changing the SVG: .venv/bin/python packaging/render_icon.py"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZE = 256


def render(svg: Path, png: Path, size: int = SIZE) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(png)):  # PNG, by the name
        raise SystemExit(f"{png}: could not be written")


def windows_icon(png: Path, ico: Path) -> None:
    from PIL import Image

    with Image.open(png) as image:
        image.save(ico, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])


if __name__ == "__main__":
    app = QGuiApplication(sys.argv[:1])
    render(ICONS / "ddworkbook.svg", ICONS / "ddworkbook.png")
    windows_icon(ICONS / "ddworkbook.png", Path(__file__).resolve().parent / "windows" / "ddworkbook.ico")
    print(ICONS / "ddworkbook.png")
