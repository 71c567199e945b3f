"""Found walking through the program: it vanished twice with exit status 143 and no word, killed by a
SIGTERM sent from outside (another program's clean-up; a logout or shutdown does the same). Stopped
so, the program now closes as Quit does (what was typed in a dossier's window saved, the workbook
closed) and says why in one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from core.dossier import dossier_from_json
from core.store import Workbook
from tests.conftest import REPO, dossier_dict

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]


def test_sigterm_closes_the_program_as_quit_does_and_says_so(tmp_path: Path) -> None:
    wb = tmp_path / "wb.ddwb"
    with Workbook.open(wb) as w:  # not a first start: no welcome dialog
        w.import_dossiers([dossier_from_json(dossier_dict(id="one"))])
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
        "DDWORKBOOK_WORKBOOK": str(wb),
        "DDWORKBOOK_CONFIG_DIR": str(tmp_path / "config"),
        "DDWORKBOOK_BACKUP_DIR": str(tmp_path / "backups"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from core import cli; sys.exit(cli.main(['gui']))"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    settings = tmp_path / "config"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not any(settings.glob("*")):
        time.sleep(0.2)  # the settings are written once the workbook is open
    time.sleep(2)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert err.strip().splitlines()[-1] == "ddworkbook: stopped (signal SIGTERM); what was typed is saved"
    with Workbook.open(wb) as w:
        assert w.verify() == []


@pytest.mark.parametrize("refuses", [False, True])
def test_the_saving_is_said_only_when_the_window_closed(qtbot: Any, refuses: bool) -> None:
    """The review found the program said "what was typed is saved" after a stop whatever the close
    did; a window that did not close (its close refused) is not said to have saved anything."""
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QWidget

    from gui.app import stop_on_signals, stopped_message

    class Window(QWidget):
        def closeEvent(self, event: Any) -> None:
            if refuses:
                event.ignore()
            else:
                event.accept()

    class App(QObject):
        quits = 0

        def quit(self) -> None:
            App.quits += 1

    window, app = Window(), App()
    qtbot.addWidget(window)
    window.show()
    stopped, restore = stop_on_signals(app, window)  # type: ignore[arg-type]
    try:
        signal.raise_signal(signal.SIGHUP)
        qtbot.waitUntil(lambda: App.quits == 1)
    finally:
        restore()
    assert stopped[0].name == "SIGHUP" and stopped[0].closed is not refuses
    message = stopped_message(stopped[0])
    assert ("what was typed is saved" in message) is not refuses
