"""The Qt bindings keep Python's reference counts: PySide6 6.12.0 drops a reference to None on every call
of a C++ method that returns nothing (``label.setText(...)``, ``model.endResetModel()``) and one to True
on every signal emitted from Python, so the desktop program dies ("Fatal Python error: none_dealloc:
deallocating None") after a few minutes of use: paging through a dossier's wizard 27 times was enough
(6.11.3: no change at all). pyproject.toml excludes that version; this finds any other that does the
same, before a user does."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

CALLS = 200


class _Emitter(QObject):
    happened = Signal()
    counted = Signal(int)


def test_calls_into_qt_keep_the_reference_counts_of_none_and_true(qapp: QApplication) -> None:
    label, emitter = QLabel(), _Emitter()
    emitter.happened.connect(lambda: None)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(CALLS):
        label.setText("x")  # returns nothing
        label.setVisible(False)
        emitter.happened.emit()
        emitter.counted.emit(i)
    after = sys.getrefcount(None), sys.getrefcount(True)
    # a few references come and go with the objects made meanwhile; a lost one per call is hundreds
    assert abs(after[0] - before[0]) < CALLS // 4, ("None", before[0], after[0])
    assert abs(after[1] - before[1]) < CALLS // 4, ("True", before[1], after[1])
