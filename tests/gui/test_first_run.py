"""The first run (issue 15, point 4): when the workbook does not exist yet, the program says where it
will be kept (and its backups) and offers the example dossier shipped with it; never with
``--quit-after-startup``, never a second time; also from Help > Open the example dossier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from core.store import Workbook
from gui import app as gui_app
from gui import first_run
from gui.first_run import FirstRunDialog
from gui.main_window import MainWindow
from gui.settings import Settings


@pytest.fixture(autouse=True)
def backups_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "backups"
    monkeypatch.setenv("DDWORKBOOK_BACKUP_DIR", str(folder))
    return folder


@pytest.fixture
def new_window(qtbot: Any, tmp_path: Path):
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    assert window.open_workbook(tmp_path / "first.ddwb")
    yield window
    window.close()


def _wizards(window: MainWindow) -> list[Any]:
    return list(window._wizards)


def _offer(window: MainWindow) -> FirstRunDialog:
    dialog = first_run.offer(window)
    assert dialog is not None
    return dialog


# ---------------------------------------------------------------- the dialog


def test_the_dialog_says_where_the_workbook_and_its_backups_are_kept(qtbot, new_window, backups_in_tmp):
    dialog = _offer(new_window)
    qtbot.waitExposed(dialog)
    text = dialog.message.text()
    assert str(new_window.workbook.path) in text  # the full path
    folder = new_window.backups.folder()
    assert folder is not None and folder.is_relative_to(backups_in_tmp) and str(folder) in text
    assert "one file" in text and "back" in text.lower()
    assert dialog.isModal()
    dialog.reject()


def test_enter_opens_the_example_in_the_wizard(qtbot, new_window, isolated):
    dialog = _offer(new_window)
    qtbot.waitExposed(dialog)
    default = [b for b in dialog.findChildren(QPushButton) if b.isDefault()]
    assert [b.text() for b in default] == [dialog.example_button.text()]
    assert "example" in dialog.example_button.text().lower()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(_wizards(new_window)))
    assert dialog.result() == QDialog.DialogCode.Accepted
    [wizard] = _wizards(new_window)
    assert wizard.dossier.title.startswith("Example: ")
    assert new_window.workbook.count() == 1
    assert new_window.selected_id() == wizard.dossier_id  # the list shows it, selected
    assert {e.filename for e in wizard.dossier.evidence} == {"end-user-statement.txt", "datasheet.txt"}
    assert isolated["critical"] == []
    wizard.done(0)


def test_in_dutch_the_dialog_opens_the_dutch_example(qtbot, new_window, isolated):
    """The program in Dutch (View > Language, or a Dutch system): the example is the Dutch one, with its
    evidence in Dutch."""
    new_window.switch_language("nl")
    try:
        dialog = _offer(new_window)
        qtbot.waitExposed(dialog)
        assert "voorbeeld" in dialog.example_button.text().replace("&", "").lower()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(_wizards(new_window)))
        [wizard] = _wizards(new_window)
        assert wizard.dossier.title.startswith("Voorbeeld: ")
        assert {e.filename for e in wizard.dossier.evidence} == {
            "eindgebruikersverklaring.txt",
            "productblad.txt",
        }
        assert isolated["critical"] == []
        wizard.done(0)
        new_window.act_example.trigger()  # Help > Open the example dossier: the Dutch one too
        qtbot.waitUntil(lambda: len(_wizards(new_window)) == 1)
        assert _wizards(new_window)[0].dossier.title.startswith("Voorbeeld: ")
        _wizards(new_window)[0].done(0)
    finally:
        new_window.switch_language("en")


def test_escape_starts_with_an_empty_workbook(qtbot, new_window):
    dialog = _offer(new_window)
    qtbot.waitExposed(dialog)
    assert "empty" in dialog.empty_button.text().lower()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert new_window.workbook.count() == 0 and _wizards(new_window) == []


def test_an_example_that_cannot_be_imported_is_said_in_words(
    qtbot, new_window, isolated, monkeypatch, tmp_path
):
    broken = tmp_path / "example-dossier.json"
    broken.write_text('{"format": "ddworkbook/dossier", "version": 2, "title": ', encoding="utf-8")
    monkeypatch.setattr(first_run, "example_dossier_file", lambda: broken)
    assert first_run.open_example(new_window) is None
    [(title, text)] = isolated["critical"]
    assert title == "Cannot open the example dossier"
    assert "example-dossier.json" in text and "Traceback" not in text and "unexpected" not in text
    assert new_window.workbook.count() == 0 and _wizards(new_window) == []


def test_a_missing_example_is_said_in_words(qtbot, new_window, isolated, monkeypatch, tmp_path):
    monkeypatch.setattr(first_run, "example_dossier_file", lambda: tmp_path / "gone" / "example.json")
    assert first_run.open_example(new_window) is None
    [(title, text)] = isolated["critical"]
    assert title == "Cannot open the example dossier" and "example.json" in text
    assert "unexpected" not in text


# ---------------------------------------------------------------- Help > Open the example dossier


def test_help_opens_a_fresh_copy_of_the_example(qtbot, window, isolated):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.act_example in help_menu.actions()
    assert window.act_example.isEnabled()
    before = window.workbook.count()
    window.act_example.trigger()
    window.act_example.trigger()
    qtbot.waitUntil(lambda: len(_wizards(window)) == 2)
    assert window.workbook.count() == before + 2
    assert len({w.dossier_id for w in _wizards(window)}) == 2
    assert isolated["critical"] == []
    for wizard in _wizards(window):
        wizard.done(0)


def test_help_cannot_import_into_a_read_only_workbook(qtbot, wb_path, monkeypatch):
    from core.store.netfs import Mount

    monkeypatch.setattr(
        "core.store.netfs.network_file_system",
        lambda path: Mount("/mnt/office", "cifs", "//fileserver/compliance"),
    )
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    assert window.open_workbook(wb_path)
    assert window.workbook is not None and window.workbook.read_only
    assert not window.act_example.isEnabled()
    assert first_run.open_example(window) is None


# ---------------------------------------------------------------- at start


def _run(monkeypatch, path: Path, quit_after_startup: bool) -> tuple[int, list[tuple[bool, Path | None]]]:
    """Start the program as ``ddworkbook gui`` does (gui.app.run), recording the first-run offers; an
    offer ends the program (as a user would close it), else it ends a moment after the window has been
    painted (when the offer would have been made)."""
    offered: list[tuple[bool, Path | None]] = []  # (the window visible, its workbook)
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def offer(window: MainWindow) -> None:
        offered.append((window.isVisible(), None if window.workbook is None else window.workbook.path))
        app.exit(0)

    # once started (in place of gc.freeze: this is the test's process); stopped when the program has
    # ended, for an exit left waiting would end the event loops of the tests that follow
    stop = QTimer(interval=300, singleShot=True)
    stop.timeout.connect(lambda: app.exit(0))
    monkeypatch.setattr(first_run, "offer", offer)
    monkeypatch.setattr(gui_app, "settle_memory", stop.start)
    before = set(QApplication.topLevelWidgets())
    try:
        code = gui_app.run(path, quit_after_startup=quit_after_startup)
    finally:
        stop.stop()
        for widget in set(QApplication.topLevelWidgets()) - before:
            widget.close()
    return code, offered


def test_the_first_start_offers_the_example_once_the_window_shows(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "new" / "workbook.ddwb"
    path.parent.mkdir()
    code, offered = _run(monkeypatch, path, quit_after_startup=False)
    assert code == 0
    assert offered == [(True, path)]
    assert path.is_file()


def test_a_workbook_that_exists_is_not_offered_the_example(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "wb.ddwb"
    Workbook.open(path).close()  # the second start: the workbook exists
    code, offered = _run(monkeypatch, path, quit_after_startup=False)
    assert code == 0 and offered == []


def test_quit_after_startup_never_waits_for_the_first_run_dialog(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "new.ddwb"
    code, offered = _run(monkeypatch, path, quit_after_startup=True)
    assert code == 0 and offered == []
    assert path.is_file()
