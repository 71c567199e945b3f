"""Fixtures for the desktop program's tests: an isolated settings folder, a workbook with dossiers,
the main window, and a wizard on a dossier. Modal dialogs are replaced so that tests never block."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from core.dossier import dossier_from_json
from core.store import Workbook
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.wizard import DossierWizard
from tests.conftest import complete_example, dossier_dict


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Settings in a temporary folder; message boxes recorded instead of shown."""
    monkeypatch.setenv("DDWORKBOOK_CONFIG_DIR", str(tmp_path / "config"))
    shown: dict[str, list[Any]] = {"critical": [], "question": [], "information": [], "warning": []}

    def recorder(kind: str) -> Any:
        def record(_parent: Any, title: str, text: str, *a: Any, **k: Any) -> Any:
            shown[kind].append((title, text))
            return QMessageBox.StandardButton.Ok

        return record

    critical = recorder("critical")
    monkeypatch.setattr(QMessageBox, "information", recorder("information"))
    monkeypatch.setattr(QMessageBox, "warning", recorder("warning"))

    def question(_parent: Any, title: str, text: str, *a: Any, **k: Any) -> Any:
        shown["question"].append((title, text))
        return shown.get("answer", [QMessageBox.StandardButton.No])[-1]

    monkeypatch.setattr(QMessageBox, "critical", critical)
    monkeypatch.setattr(QMessageBox, "question", question)
    return shown


@pytest.fixture
def wb_path(tmp_path: Path) -> Path:
    path = tmp_path / "wb.ddwb"
    with Workbook.open(path) as wb:
        data = complete_example()  # the version 1 example with the Article 4 answers: notify_legitimate
        data["id"] = "example"
        data.pop("evidence")
        data["answers"]["annex_i_listed"] = "no"
        wb.import_dossiers(
            [
                dossier_from_json(data),
                dossier_from_json(dossier_dict(id="blank", title="Blank draft")),
                dossier_from_json(
                    dossier_dict(id="kenya", title="Forensic kit for Kenya", item={"name": "ExtractPro"})
                ),
            ]
        )
    return path


@pytest.fixture
def window(qtbot: Any, wb_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(Settings())
    qtbot.addWidget(w)
    w.show()
    assert w.open_workbook(wb_path)
    yield w
    w.close()


@pytest.fixture
def open_wizard(qtbot: Any, wb_path: Path):
    """Open a wizard on a dossier of a (fresh) workbook connection, as the program does."""
    opened: list[tuple[Workbook, DossierWizard]] = []

    def make(dossier_id: str, path: Path | None = None) -> DossierWizard:
        wb = Workbook.open(path or wb_path)
        wizard = DossierWizard(wb, dossier_id)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitUntil(lambda: wizard._restoring is None)
        opened.append((wb, wizard))
        return wizard

    yield make
    for wb, wizard in opened:
        wizard.close()
        wb.close()


def page(wizard: DossierWizard, name: str) -> Any:
    return wizard.pages[name]


def answer(wizard: DossierWizard, qid: str, value: str) -> None:
    """Click the option ``value`` of question ``qid`` on whichever page asks it."""
    for wizard_page in wizard.pages.values():
        questions = getattr(wizard_page, "questions", {})
        if qid in questions:
            questions[qid].buttons[value].click()
            return
    raise KeyError(qid)


def finish(qtbot: Any, op: Any, timeout: int = 30000) -> None:
    """Wait until a background operation (gui.operations.Operation) has ended: done, failed or stopped."""
    assert op is not None
    qtbot.waitUntil(op.is_over, timeout=timeout)
