"""Start the desktop program: ``run(workbook_path)``."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from gui.main_window import MainWindow
from gui.settings import Settings, apply_text_size


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("ddworkbook")
    app.setApplicationDisplayName("ddworkbook")
    return app


def run(workbook: Path, quit_after_startup: bool = False) -> int:
    app = application()
    settings = Settings()
    apply_text_size(app, settings.get("larger_text"))
    window = MainWindow(settings, auto_backup=not quit_after_startup)
    app.aboutToQuit.connect(window.stop_background_work)
    window.open_workbook(workbook)

    def started() -> None:
        settle_memory()
        if quit_after_startup:  # exit once the list has been painted: 0 when it shows a workbook
            app.exit(0 if window.isVisible() and window.model is not None else 1)

    when_painted(window.table.viewport(), started)
    QTimer.singleShot(3000, gc.enable)  # should the window not be painted (started minimised)
    window.show()
    try:
        return app.exec()
    finally:
        gc.enable()


def settle_memory() -> None:
    """Once started: what start-up made lives as long as the program, so it is moved out of the
    garbage collector's way (``gc.freeze``, fewer and shorter pauses later, and a faster exit),
    and the collector, paused while starting (``ddworkbook gui``), runs again."""
    gc.freeze()
    gc.enable()


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # after this paint has been done
        return False


def when_painted(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once ``widget`` has been painted for the first time."""
    _FirstPaint(widget, then)
