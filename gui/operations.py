"""Every workbook operation of the desktop program runs one way: through ``Operations``, an object the
main window owns (a wizard opened on its own makes one for itself).

- ``Operations.quick`` runs a short operation (saving an answer takes about a millisecond) at once on
  the GUI thread's own ``Workbook``.
- ``Operations.background`` runs work that can take long (importing files, making a report, exporting,
  backups and restore, the integrity check) on a worker thread, an ``Operation``, with a ``Workbook``
  connection of its own (``job.workbook``, opened there on first use and closed there). Its progress
  shows in a progress dialog or in the status bar, with the operation's own steps (``job.progress``);
  the window is never frozen. ``Operations.stop_all`` stops every operation still running (its result
  is dropped) and waits for its thread: the window calls it when it closes and when the program quits.
- Every failure of any operation, on either path, goes to ``present_error``: one dialog, titled by what
  failed, with one line saying why (``error_message`` holds the wording rules). A caller's ``failed``
  hook runs first, on the GUI thread: it may act (follow the workbook, close it), put a clearer error in
  the place of the one raised, or say that nothing needs to be shown.
- Every operation that changes the workbook then emits one signal: ``dossier_changed(id)`` when it
  changed one dossier, ``workbook_changed`` when it changed more (an import, a restore) or when another
  program did. The list and the open wizards listen to these and follow; nobody refreshes by hand.
  While a signal is delivered, ``initiator`` names who asked for the change (a wizard follows its own
  saves more lightly than changes made by others), and the change is announced before the caller's
  ``success`` runs.

In the spirit of Anki's ``CollectionOp``/``QueryOp`` (aqt/operations), written anew for this program.
This module is on the start-up path of the list: what an operation needs beyond Qt is imported when it
runs.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog, QWidget

from core.i18n import _

if TYPE_CHECKING:
    from core.store import Workbook

T = TypeVar("T")
# what a ``failed`` hook gives back: the error to show (the one raised or a clearer one, or a refusal
# in words), or None when nothing is to be shown
Failed = Callable[[Exception], "Exception | str | None"]
Progress = Literal["dialog", "status", "none"]
QUEUED = Qt.ConnectionType.QueuedConnection
SHOW_PROGRESS_AFTER_MS = 300  # a progress dialog appears only for work that takes longer


# ---------------------------------------------------------------------------- the error presenter


def error_message(error: BaseException | str) -> str:
    """What a failure dialog says: the message of an error meant for people (a refusal given in
    words, ``StoreError``, ``DossierError``, ``InputFileError``, ``ContentError``), a file error naming
    its file, or, for anything else, that something unexpected happened (no traceback). Names and
    values in it are made printable (``core.files.printable``); the paragraphs of a message the
    program wrote stay paragraphs."""
    from core.content import ContentError
    from core.dossier import DossierError
    from core.files import InputFileError, WriteError, printable
    from core.store import StoreError

    if isinstance(error, str):
        return _printable(error)
    if isinstance(error, StoreError | DossierError | InputFileError | ContentError | WriteError):
        return _printable(str(error))
    if isinstance(error, OSError):
        reason = _printable(error.strerror or str(error) or type(error).__name__)
        return f"{printable(error.filename)}: {reason}" if error.filename else reason
    return _printable(
        _(
            "an unexpected error ({name}: {error}). This is a fault in ddworkbook, not in "
            "your data; it has been written to the program's log"
        ).format(name=type(error).__name__, error=error)
    )


def _printable(text: str) -> str:
    from core.files import printable

    return "\n".join(printable(line) for line in text.split("\n"))


def is_expected(error: BaseException | str) -> bool:
    """Whether a failure is one the program foresees (bad input, a refused change, a file that cannot
    be read or written) rather than a fault in the program."""
    from core.content import ContentError
    from core.dossier import DossierError
    from core.files import InputFileError
    from core.store import StoreError

    return isinstance(error, str | StoreError | DossierError | InputFileError | ContentError | OSError)


def present_error(parent: QWidget | None, title: str, error: BaseException | str, lead: str = "") -> None:
    """Show a failure: one dialog, ``title`` naming what failed, ``lead`` (if given) what was not done,
    then why (``error_message``). An unexpected error is also logged, with its traceback."""
    message = error_message(error)
    if lead:
        message = f"{lead}: {message}"
    if not is_expected(error):
        import logging

        assert isinstance(error, BaseException)
        logging.getLogger("ddworkbook").error("%s: %s", title, message, exc_info=error)
    QMessageBox.critical(parent, title, message)


# ---------------------------------------------------------------------------- work off the GUI thread


class Stopped(Exception):
    """Raised in the work of an operation that has been stopped, at its next step."""


class Operation(QThread):
    """One operation running on a worker thread. Its work is given the operation itself as ``job``:
    ``job.workbook`` (a connection of its own, opened on first use), ``job.progress(step)``,
    ``job.on_interrupt(stop)`` and ``job.interrupted()``; once the operation is stopped, its next
    step (``progress``, or reaching for the workbook) raises ``Stopped``. ``done`` carries the result
    once the GUI has handled it; ``over`` follows every end (done, failed or stopped)."""

    stepped = Signal(str)
    ended = Signal(object, object)  # (result, error), from the worker to the GUI thread
    done = Signal(object)
    over = Signal()

    def __init__(self, work: Callable[[Operation], Any], path: Path | None, parent: QObject) -> None:
        super().__init__(parent)
        self._work = work
        self._path = path
        self._workbook: Workbook | None = None
        self._lock = threading.Lock()
        self._stoppers: list[Callable[[], object]] = []
        self.result: Any = None
        self.error: Exception | None = None
        self.stopped = False
        self._handled = False  # its end is being (or has been) handled on the GUI thread
        self._over = False

    # -- for the work, on the worker thread --

    @property
    def workbook(self) -> Workbook:
        """The workbook, on a connection of this thread's own (the GUI's may not be used here)."""
        if self._workbook is None:
            from core.store import Workbook

            if self._path is None:
                raise RuntimeError("this operation was given no workbook")
            self._stop_if_stopped()
            self._workbook = Workbook.open(self._path, create=False)
            self.on_interrupt(self._workbook.conn.interrupt)
        return self._workbook

    def progress(self, step: str) -> None:
        """Say which step the work has reached (shown in its progress dialog or status message)."""
        self._stop_if_stopped()
        self.stepped.emit(step)

    def _stop_if_stopped(self) -> None:
        if self.isInterruptionRequested():
            raise Stopped

    def on_interrupt(self, stop: Callable[[], object]) -> None:
        """Call ``stop`` (from the GUI thread) should the operation be stopped."""
        with self._lock:
            self._stoppers.append(stop)
            now = self.isInterruptionRequested()
        if now:
            stop()

    def interrupted(self) -> bool:
        return self.isInterruptionRequested()

    def run(self) -> None:
        result: Any = None
        error: Exception | None = None
        try:
            result = self._work(self)
        except Exception as e:  # every failure is shown on the GUI thread, by the presenter
            error = e
        finally:
            with self._lock:  # nothing is interrupted once the connection is being closed
                self._stoppers.clear()
            workbook, self._workbook = self._workbook, None
            if workbook is not None:
                try:
                    workbook.close()
                except Exception as e:
                    error = error or e
        if not self.isInterruptionRequested():
            self.ended.emit(result, error)

    # -- on the GUI thread --

    def stop(self) -> None:
        """Stop the work (what it would have given is dropped) and wait for its thread to end."""
        self.stopped = not self._handled
        with self._lock:
            self.requestInterruption()
            for stop in self._stoppers:
                with contextlib.suppress(Exception):  # a connection closed meanwhile
                    stop()
        self.wait()

    def is_over(self) -> bool:
        return self._over

    def _end(self) -> None:
        if not self._over:
            self._over = True
            self.over.emit()


class _Shown:
    """How a background operation shows that it runs: a progress dialog (``dialog``) or a status
    message (``status``) with its steps, or nothing (``none``)."""

    def __init__(self, how: Progress, parent: QWidget, label: str, title: str) -> None:
        self.label = label
        self.dialog: QProgressDialog | None = None
        self.window = parent.window() if how == "status" else None
        if how == "dialog":
            dialog = QProgressDialog(f"{label}…", "", 0, 0, parent)
            dialog.setWindowTitle(title or label)
            dialog.setCancelButton(None)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
            self.dialog = dialog
        self.step("")

    def step(self, step: str) -> None:
        text = f"{self.label}: {step}…" if step else f"{self.label}…"
        if self.dialog is not None:
            self.dialog.setLabelText(text)
        elif isinstance(self.window, QMainWindow):
            self.window.statusBar().showMessage(text)

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()  # also stops its timer: a quick operation's dialog never shows
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if isinstance(self.window, QMainWindow):
            self.window.statusBar().clearMessage()
            self.window = None


class Operations(QObject):
    """Runs the workbook operations of one window, and announces what they changed."""

    dossier_changed = Signal(str)
    workbook_changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._widget = parent
        self.running: list[Operation] = []
        self._closers: dict[Operation, Callable[[], None]] = {}
        self.initiator: object = None  # who asked for the change being announced (while it is)

    def present(self, parent: QWidget | None, title: str, error: BaseException | str, lead: str = "") -> None:
        """Show a failure (or a refusal in words) through the one error presenter."""
        present_error(parent or self._widget, title, error, lead)

    def changed(self, dossier: str | None = None, initiator: object = None) -> None:
        """Announce a change: of one dossier (its id), or of the workbook as a whole (None)."""
        before, self.initiator = self.initiator, initiator
        try:
            if dossier is None:
                self.workbook_changed.emit()
            else:
                self.dossier_changed.emit(dossier)
        finally:
            self.initiator = before

    def quick(
        self,
        work: Callable[[], T],
        *,
        title: str,
        lead: str = "",
        dossier: str | Callable[[T], str | None] | None = None,
        workbook: bool = False,
        success: Callable[[T], object] | None = None,
        failed: Failed | None = None,
        parent: QWidget | None = None,
        initiator: object = None,
    ) -> bool:
        """Run ``work`` now, on the GUI thread; True when it succeeded. ``title`` and ``lead`` say what
        failed; ``dossier`` (an id, or a function of the result giving one) or ``workbook`` say what it
        changes; ``success`` gets the result once the change has been announced."""
        try:
            result = work()
        except Exception as e:
            self._failed(e, parent, title, lead, failed)
            return False
        self._succeeded(result, dossier, workbook, success, initiator)
        return True

    def background(
        self,
        work: Callable[[Operation], T],
        *,
        path: Path | None,
        title: str,
        label: str,
        progress: Progress = "dialog",
        progress_title: str = "",
        lead: str = "",
        dossier: str | Callable[[T], str | None] | None = None,
        workbook: bool = False,
        success: Callable[[T], object] | None = None,
        failed: Failed | None = None,
        parent: QWidget | None = None,
    ) -> Operation:
        """Start ``work(job)`` on a worker thread, with a connection of its own to the workbook at
        ``path``; ``label`` (and the work's steps) show how far it is. The rest as for ``quick``,
        handled on the GUI thread when the work ends."""
        widget = parent or self._widget
        op = Operation(work, path, self)
        shown = _Shown(progress, widget, label, progress_title)
        op.stepped.connect(shown.step, QUEUED)

        def ended(result: Any, error: Exception | None) -> None:
            shown.close()
            if op.stopped:
                return
            op._handled = True
            op.result, op.error = result, error
            try:
                if error is not None:
                    self._failed(error, widget, title, lead, failed)
                else:
                    self._succeeded(result, dossier, workbook, success, None)
                    op.done.emit(result)
            finally:
                op._end()

        def thread_ended() -> None:  # kept (and waited for by stop_all) until its thread has ended
            self._forget(op)
            if op.is_over():
                op.deleteLater()
            else:  # its end is still being handled: a dialog shown there runs the events meanwhile
                op.over.connect(op.deleteLater, QUEUED)

        op.ended.connect(ended, QUEUED)
        op.finished.connect(thread_ended, QUEUED)
        self.running.append(op)
        self._closers[op] = shown.close
        op.start()
        return op

    def stop_all(self) -> None:
        """Stop every operation still running and wait for its thread (at close and at quit); one
        that has ended but whose thread has not quite finished is waited for too."""
        for op in list(self.running):
            op.stop()
            self._closers.get(op, lambda: None)()
            self._forget(op)
            op._end()

    # -- the common end of both paths --

    def _forget(self, op: Operation) -> None:
        if op in self.running:
            self.running.remove(op)
        self._closers.pop(op, None)

    def _failed(
        self, error: Exception, parent: QWidget | None, title: str, lead: str, failed: Failed | None
    ) -> None:
        shown: Exception | str | None = error
        if failed is not None:
            try:
                shown = failed(error)
            except Exception as e:  # a fault in the hook is shown too, never lost
                shown = e
        if shown is not None:
            present_error(parent or self._widget, title, shown, lead)

    def _succeeded(
        self,
        result: T,
        dossier: str | Callable[[T], str | None] | None,
        workbook: bool,
        success: Callable[[T], object] | None,
        initiator: object,
    ) -> None:
        changed = dossier(result) if callable(dossier) else dossier
        if workbook:
            self.changed(None, initiator)
        elif changed is not None:
            self.changed(changed, initiator)
        if success is not None:
            success(result)


# ------------------------------------------------------------ shared by the list and the wizard


def export_dossier(
    ops: Operations,
    workbook: Path,
    dossier_id: str,
    target: Path,
    parent: QWidget | None = None,
    success: Callable[[Path], object] | None = None,
) -> Operation:
    """Write a stored dossier to ``target`` in the interchange format, its evidence files in a folder
    beside it, in the background."""

    def work(job: Operation) -> Path:
        return job.workbook.export(dossier_id, target, with_evidence=True)

    return ops.background(
        work,
        path=workbook,
        title=_("Export failed"),
        label=_("Exporting the dossier"),
        progress_title=_("Export"),
        success=success,
        parent=parent,
    )
