"""Backups in the desktop program: a daily backup made without being asked, Back up now, restore
from a backup (the workbook as it was kept aside), and a workbook on a network drive shown read-only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from core.dossier import Answer
from core.store import Workbook, backups
from core.store.netfs import Mount
from gui.main_window import MainWindow
from gui.settings import Settings
from tests.gui.conftest import finish, page


def _backups_of(path: Path) -> list[Path]:
    with Workbook.open(path) as wb:
        return backups.existing(backups.folder_for(path, wb.workbook_id()))


def test_the_program_makes_a_daily_backup_without_being_asked(qtbot, wb_path, isolated):
    window = MainWindow(Settings(), auto_backup=True)
    qtbot.addWidget(window)
    assert window.open_workbook(wb_path)
    qtbot.waitUntil(lambda: len(_backups_of(wb_path)) == 1, timeout=15000)
    made = _backups_of(wb_path)[0]
    assert made.name.endswith("-daily.ddwb")
    qtbot.waitUntil(lambda: not window.backups.jobs, timeout=15000)
    assert "Backup made and checked" in window.statusBar().currentMessage()
    with Workbook.open(made) as copy:
        assert copy.count() == 3 and copy.verify() == []
    window.close_workbook()
    assert window.open_workbook(wb_path)  # the same day: no second daily backup
    assert window.backups.daily() is None
    window.close()
    assert isolated["warning"] == []


def test_back_up_now_and_restore(qtbot, window: MainWindow, wb_path, isolated):
    window.settings.set("backups_kept", 3)
    job = window.backups.back_up_now()
    assert job is not None
    qtbot.waitUntil(lambda: not window.backups.jobs, timeout=15000)
    assert [t for t, _ in isolated["information"]] == ["Backup made"]
    assert "kept in that folder" in isolated["information"][0][1]
    made = _backups_of(wb_path)
    assert len(made) == 1 and made[0].name.endswith("-manual.ddwb")
    assert window.workbook is not None
    window.workbook.set_answer("example", "custom:later", Answer("after the backup"))
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    restoring = window.backups.restore_from(made[0])
    assert restoring is not None
    finish(qtbot, restoring)
    assert restoring.error is None and restoring.result is not None
    assert window.workbook is not None
    assert "custom:later" not in window.workbook.dossier("example").answers
    assert [t for t, _ in isolated["information"]][-1] == "Restored"
    aside = list(wb_path.parent.glob("wb-before-restore-*.ddwb"))
    assert len(aside) == 1 and str(aside[0]) in isolated["information"][-1][1]
    with Workbook.open(aside[0]) as old:
        assert old.dossier("example").answers["custom:later"].value == "after the backup"
    assert window.model is not None and window.model.rowCount() == 3


def test_a_workbook_on_a_network_drive_opens_read_only(
    qtbot, wb_path, open_wizard, isolated, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(
        "core.store.netfs.network_file_system",
        lambda path: Mount("/mnt/office", "cifs", "//fileserver/compliance"),
    )
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    assert window.open_workbook(wb_path)
    assert "read-only" in window.windowTitle()
    assert [t for t, _ in isolated["critical"]] == ["Opened read-only"]
    assert "network drive" in isolated["critical"][0][1]
    assert "back it up to the share" in isolated["critical"][0][1]
    assert ".\n\nYou can read its dossiers" in isolated["critical"][0][1]  # in paragraphs, as written
    for action in (window.act_new, window.act_import, window.act_restore):
        assert not action.isEnabled()
    window.table.selectRow(0)
    assert window.act_open.isEnabled() and window.act_report.isEnabled()
    assert not window.act_delete.isEnabled() and not window.act_duplicate.isEnabled()
    wizard: Any = window.open_dossier("example")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    assert wizard.frozen
    assert not page(wizard, "definition").questions["covert"].buttons["no"].isEnabled()
    wizard._show_guidance(None)
    assert "network drive" in wizard.guidance.toPlainText()
    window.close()
