"""Evidence in the program (issue 14): open a file (written read-only to a temporary folder, checked
against its SHA-256, opened in the system's viewer; where there is none, "Open folder"), describe it
(the report's Description column prints it) and remove it (asked first, before sign-off, journaled),
with the keyboard too."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton

from core.store import Workbook
from gui import evidence as evidence_module
from tests.gui.conftest import finish, page

CONTENT = b"%PDF-1.4 classification memo"


@pytest.fixture
def attached(open_wizard: Any, tmp_path: Path) -> Any:
    """A wizard on the blank dossier with a file attached to the Annex I question."""
    w = open_wizard("blank")
    w.go_to("annex_i")
    memo = tmp_path / "classification memo.pdf"
    memo.write_bytes(CONTENT)
    box = page(w, "annex_i").questions["annex_i_listed"].evidence
    box.attach_requested.emit([memo])
    assert box.list.count() == 1
    return w


def box_of(w: Any) -> Any:
    return page(w, "annex_i").questions["annex_i_listed"].evidence


def test_open_writes_a_read_only_copy_and_opens_it(qtbot, attached, monkeypatch):
    opened: list[str] = []

    def open_url(url: Any) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    box = box_of(attached)
    box.list.setCurrentRow(0)
    box.open_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    path = Path(opened[0])
    assert path.name == "ev1-classification memo.pdf"
    assert path.read_bytes() == CONTENT
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert path.parent.name.startswith("ddworkbook-evidence-")


def test_without_a_viewer_the_folder_is_offered(qtbot, attached, monkeypatch):
    opened: list[str] = []

    def open_url(url: Any) -> bool:  # no viewer for the file; a file manager for the folder
        opened.append(url.toLocalFile())
        return Path(url.toLocalFile()).is_dir()

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    evidence = attached.dossier.evidence[0]
    finish(qtbot, attached.open_evidence(evidence))
    box = attached.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert str(Path(opened[0]).parent) in box.text()
    folder_button = next(b for b in box.findChildren(QPushButton) if b.text() == "Open folder")
    folder_button.click()
    assert opened[-1] == str(Path(opened[0]).parent)


def test_a_copy_that_does_not_match_its_hash_is_not_opened(qtbot, attached, monkeypatch, isolated):
    opened: list[str] = []

    def open_url(url: Any) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    evidence = attached.dossier.evidence[0]
    wrong = type(evidence)(**{**evidence.__dict__, "sha256": "0" * 64})
    finish(qtbot, attached.open_evidence(wrong))
    assert opened == []
    assert isolated["critical"] and "does not have the SHA-256" in isolated["critical"][0][1]


def test_describe_and_the_report_prints_it(qtbot, attached, monkeypatch, tmp_path):
    monkeypatch.setattr(evidence_module, "ask_description", lambda *a: "  Classification memo of 3 March  ")
    box = box_of(attached)
    box.list.setCurrentRow(0)
    qtbot.keyClick(box.list, Qt.Key.Key_F2)
    stored = attached.wb.dossier("blank").evidence[0]
    assert stored.description == "Classification memo of 3 March"
    assert "Classification memo of 3 March" in box.list.item(0).text()
    assert [e.field for e in attached.wb.journal("blank")][-1] == "evidence"
    # the report's evidence table shows it
    from pypdf import PdfReader

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    job = attached.make_report(tmp_path / "r.pdf")
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    text = " ".join(p.extract_text() or "" for p in PdfReader(str(tmp_path / "r.pdf")).pages)
    assert "Classification memo of 3 March" in " ".join(text.split())


def test_remove_asks_first_and_is_journaled(qtbot, attached, isolated):
    box = box_of(attached)
    box.list.setCurrentRow(0)
    qtbot.keyClick(box.list, Qt.Key.Key_Delete)  # asked, and answered No
    assert isolated["question"] and "classification memo.pdf" in isolated["question"][-1][1]
    assert len(attached.wb.dossier("blank").evidence) == 1
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    box.remove_button.click()
    d = attached.wb.dossier("blank")
    assert d.evidence == [] and "annex_i_listed" not in d.answers  # the answer held only the file
    assert box.list.count() == 0 and not box.list.isVisibleTo(box)
    entry = [e for e in attached.wb.journal("blank") if e.field == "evidence"][-1]
    assert "classification memo.pdf" in (entry.old or "") and entry.new == "[]"
    assert attached.wb.verify() == []


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_a_finalised_dossier_s_evidence_can_be_opened_not_changed(qtbot, attached, wb_path, monkeypatch):
    with Workbook.open(wb_path) as wb:
        wb.finalise("blank", "J. Jansen", "Compliance officer")
    attached.sync_from_store()
    box = box_of(attached)
    box.list.setCurrentRow(0)
    assert box.open_button.isEnabled()
    assert not box.describe_button.isEnabled() and not box.remove_button.isEnabled()
    assert not box.button.isEnabled()
    called: list[str] = []

    def ask(*_a: Any) -> str:
        called.append("asked")
        return "x"

    monkeypatch.setattr(evidence_module, "ask_description", ask)
    qtbot.keyClick(box.list, Qt.Key.Key_F2)
    qtbot.keyClick(box.list, Qt.Key.Key_Delete)
    assert called == [] and len(attached.wb.dossier("blank").evidence) == 1


def test_the_temporary_folders_go_when_the_program_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(evidence_module, "_folders", [])
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = evidence_module.temporary_folder()
    (folder / "f").write_bytes(b"x")
    (folder / "f").chmod(0o400)
    evidence_module._remove_folders()
    assert not folder.exists()


def test_the_description_is_asked_in_a_dialog_wide_enough(qtbot, attached, monkeypatch):
    shown: list[QInputDialog] = []

    def run(dialog: QInputDialog) -> int:
        shown.append(dialog)
        dialog.setTextValue("Datasheet")
        return QInputDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", run)
    evidence = attached.dossier.evidence[0]
    assert evidence_module.ask_description(attached, evidence) == "Datasheet"
    [dialog] = shown
    assert "classification memo.pdf" in dialog.labelText()
    assert dialog.width() >= 60 * dialog.fontMetrics().averageCharWidth()
