"""Start the desktop program: ``run(workbook_path)``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from gui.settings import Settings

LARGER = 1.35


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("ddworkbook")
    app.setApplicationDisplayName("ddworkbook")
    return app


def apply_text_size(app: QApplication, larger: bool) -> None:
    """Scale the text from the platform's own default size (remembered on first use)."""
    base = app.property("ddworkbook_base_point_size")
    if not base:
        base = app.font().pointSizeF()
        app.setProperty("ddworkbook_base_point_size", base)
    font = app.font()
    font.setPointSizeF(float(base) * (LARGER if larger else 1.0))
    app.setFont(font)


def run(workbook: Path, quit_after_startup: bool = False) -> int:
    app = application()
    settings = Settings()
    apply_text_size(app, settings.get("larger_text"))
    window = MainWindow(settings)
    window.show()
    window.open_workbook(workbook)
    if quit_after_startup:
        # exit once the window and its list have been shown (events processed once)
        QTimer.singleShot(0, lambda: app.exit(0 if window.isVisible() and window.model is not None else 1))
    return app.exec()
