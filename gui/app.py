"""Start the desktop program: ``run(workbook_path)``, in the language of gui.languages.startup_language
(the command line's, else the one chosen in View > Language, else the system's); Qt's own texts
(standard buttons, the file dialog) in that language too, from Qt's catalogues
(gui.languages.install_translators)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from gui import qt_libraries

try:
    from PySide6.QtCore import QEvent, QLibrary, QLibraryInfo, QObject, Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QWidget
except ImportError as e:  # a system library that Qt needs is missing: name every one
    raise ImportError(qt_libraries.import_problem(e, qt_libraries.qt_module_files())) from e

from core import i18n
from gui.languages import install_translators as install_translators  # its place before gui.languages
from gui.languages import startup_language
from gui.main_window import MainWindow
from gui.settings import Settings, apply_text_size, text_size


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("ddworkbook")
    app.setApplicationDisplayName("ddworkbook")
    return app


def platform_problem() -> str | None:
    """On Linux, before the application is made: the system libraries that the platform plugin Qt
    is about to load cannot find, if any (Qt would abort with a misleading hint instead)."""
    if not sys.platform.startswith("linux") or QApplication.instance() is not None:
        return None
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return qt_libraries.platform_problem(os.environ, plugins, _load)


def _load(path: Path) -> str | None:
    """Load a plugin as Qt would (it stays loaded, and Qt's own load finds it there): None when it
    loads, else the loader's error."""
    library = QLibrary(str(path))
    return None if library.load() else library.errorString()


def run(workbook: Path, quit_after_startup: bool = False, language_fixed: bool = False) -> int:
    """The desktop program on ``workbook``, until it is closed; its exit status. ``language_fixed``:
    the command line chose the language (``--lang``, ``$DDWORKBOOK_LANG``), which then holds for this
    run whatever View > Language last chose."""
    problem = platform_problem()
    if problem:
        print(
            i18n._("ddworkbook: error: the desktop program cannot start: {problem}").format(problem=problem),
            file=sys.stderr,
        )
        return 2
    app = application()
    settings = Settings()
    i18n.set_language(startup_language(language_fixed, settings.get("language")))
    install_translators(app, i18n.current())
    apply_text_size(app, text_size(settings))
    window = MainWindow(settings, auto_backup=not quit_after_startup)
    app.aboutToQuit.connect(window.stop_background_work)
    first = not workbook.exists()  # decided before opening it: opening creates it
    opened = window.open_workbook(workbook)

    def started() -> None:
        settle_memory()
        if quit_after_startup:  # exit once the list has been painted: 0 when it shows a workbook
            app.exit(0 if window.isVisible() and window.model is not None else 1)
        elif first and opened and window.workbook is not None:  # the first start: where it is kept
            from gui import first_run

            first_run.offer(window)

    when_painted(window.table.viewport(), started)
    QTimer.singleShot(3000, gc.enable)  # should the window not be painted (started minimised)
    stopped, restore = stop_on_signals(app, window)
    window.show()
    try:
        code = app.exec()
    finally:
        restore()
        gc.enable()
    if stopped:
        print(stopped_message(stopped[0]), file=sys.stderr)
        return 128 + stopped[0].number
    return code


class Stopped(NamedTuple):
    """A signal that stopped the program, and whether its window closed as on Quit (its dossiers'
    windows saved what was typed): only then is that said."""

    name: str
    number: int
    closed: bool = False


def stopped_message(stopped: Stopped) -> str:
    from core.i18n import _

    if stopped.closed:
        return _("ddworkbook: stopped (signal {name}); what was typed is saved").format(name=stopped.name)
    return _("ddworkbook: stopped (signal {name}); the window did not close as on Quit").format(
        name=stopped.name
    )


def stop_on_signals(app: QApplication, window: QWidget) -> tuple[list[Stopped], Callable[[], None]]:
    """SIGTERM (a logout, a shutdown, another program's clean-up) and SIGHUP close the program as Quit
    does, what was typed in a dossier's window saved and the workbook closed, instead of ending it on
    the spot without a word. Returns the list that receives the signal's name and number when one
    came, and what puts the handlers back as they were. Python runs its handlers only between
    bytecodes: a timer lets it in while Qt waits."""
    import signal

    stopped: list[Stopped] = []

    def close_and_quit(name: str, number: int) -> None:
        stopped[0] = Stopped(name, number, closed=window.close() and not window.isVisible())
        app.quit()

    def stop(number: int, _frame: object) -> None:
        if not stopped:
            name = signal.Signals(number).name
            stopped.append(Stopped(name, number))
            QTimer.singleShot(0, lambda: close_and_quit(name, number))

    before = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            number = getattr(signal, name)
            before[number] = signal.signal(number, stop)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(300)

    def restore() -> None:
        wake.stop()
        wake.setParent(None)
        for number, handler in before.items():
            signal.signal(number, handler)

    return stopped, restore


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
