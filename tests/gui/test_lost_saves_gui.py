"""The desktop program's own path to lost saves (tests/test_lost_saves.py has the mechanism): the user
attaches evidence through Qt's file dialog, which lists (and sniffs the type of) the files of the
workbook's folder, the workbook among them; a command-line run opens and closes the workbook; the
user goes on working; the program is killed. Every change the program acknowledged must be there.

The program runs in a child process (offscreen) so that it can be killed; a driver script in it
plays the user: it answers the file dialog, then waits for the test to run the command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from core.dossier import dossier_from_json
from core.store import Workbook
from tests.conftest import REPO, dossier_dict

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX record locks")]

DRIVER = r"""
import os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
if sys.argv[3] == "without-presence-lock":  # the control: shows that the scenario loses saves
    import core.store.presence
    core.store.presence.supported = lambda: False
from gui.app import application
from gui.main_window import MainWindow
from gui.settings import Settings

workbook, evidence = Path(sys.argv[1]), Path(sys.argv[2])
app = application()
window = MainWindow(Settings())
window.show()
assert window.open_workbook(workbook)
wizard = window.open_dossier("D")
app.processEvents()
wizard.go_to("annex_i")
page = wizard.pages["annex_i"]
question = page.questions["annex_i_listed"]
seen = []

def answer_dialog():
    dialog = next((w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QFileDialog) and w.isVisible()), None)
    if dialog is None:
        QTimer.singleShot(20, answer_dialog)
        return
    if not seen:  # let the dialog list the folder (and look at the files) first
        seen.append(dialog)
        QTimer.singleShot(500, answer_dialog)
        return
    dialog.findChild(QLineEdit, "fileNameEdit").setText(evidence.name)  # typed in, as a user would
    dialog.accept()

QTimer.singleShot(0, answer_dialog)
question.evidence.button.click()  # Attach evidence...: the file dialog, then the attachment
print("attached", flush=True)
sys.stdin.readline()  # meanwhile the test runs the command line
question.buttons["no"].click()
question.flush()
print("saved", flush=True)
sys.stdin.readline()  # killed here
"""


@pytest.mark.parametrize("variant", ["as-shipped", "without-presence-lock"])
def test_attach_through_the_dialog_then_a_command_line_run_then_a_crash(tmp_path: Path, variant: str):
    path = tmp_path / "workbook.ddwb"
    with Workbook.open(path) as w:
        w.import_dossiers([dossier_from_json(dossier_dict(id="D", title="Crash test"))])
    evidence = tmp_path / "datasheet.pdf"
    evidence.write_bytes(b"%PDF-1.4 datasheet")
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
        "DDWORKBOOK_CONFIG_DIR": str(tmp_path / "config"),
    }
    program = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(path), str(evidence), variant],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert program.stdin is not None and program.stdout is not None
    try:
        assert program.stdout.readline().strip() == "attached"
        cli = subprocess.run(
            [sys.executable, "-m", "core.cli", "--workbook", str(path), "list"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert cli.returncode == 0, cli.stderr
        program.stdin.write("go\n")
        program.stdin.flush()
        assert program.stdout.readline().strip() == "saved"
    finally:
        program.send_signal(signal.SIGKILL)
        _, err = program.communicate(timeout=30)
    with Workbook.open(path) as w:
        d = w.dossier("D")
    kept = (
        d.answers.get("annex_i_listed") is not None and d.answers["annex_i_listed"].value == "no",
        [e.filename for e in d.evidence] == ["datasheet.pdf"],
    )
    if variant == "as-shipped":
        assert kept == (True, True), err
    else:  # without the presence lock the scenario loses the save made after the command-line run
        assert kept[0] is False, "the control no longer loses the save: is the test still meaningful?"
