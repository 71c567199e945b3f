"""Changes made by another program while the desktop program has the workbook open: the list and an
open dossier show them, a dossier finalised elsewhere becomes read-only in its window (and never looks
editable), and a page's save never overwrites another program's change with an older copy."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
)

from core.cli import main
from core.dossier import Answer
from core.store import Workbook
from gui.main_window import MainWindow
from tests.gui.conftest import page


def _editable_widgets(wizard: Any) -> list[Any]:
    """Every input of every page that would let the user change the dossier."""
    found = []
    for name, p in wizard.pages.items():
        for w in p.findChildren(QLineEdit) + p.findChildren(QPlainTextEdit):
            if not w.isReadOnly() and w.isEnabled():
                found.append((name, type(w).__name__, w.objectName() or w.placeholderText()))
        for w in p.findChildren(QComboBox):
            if w.isEnabled() and not isinstance(w.parent(), QComboBox):
                found.append((name, "QComboBox", w.objectName()))
        for w in p.findChildren(QAbstractButton):
            label = w.text().replace("&", "")
            reading = ("PDF report…", "Export dossier file…")  # reading a dossier is fine
            if w.isEnabled() and label not in reading and not isinstance(w.parent(), QAbstractItemView):
                found.append((name, type(w).__name__, label))
        for view in p.findChildren(QTableView):
            model = view.model()
            cells = [model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())]
            if any(model.flags(i) & Qt.ItemFlag.ItemIsEditable for i in cells):
                found.append((name, type(view).__name__, "editable cells"))
    return found


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_a_dossier_finalised_by_the_command_line_becomes_read_only(
    qtbot, window: MainWindow, wb_path, isolated
):
    wizard = window.open_dossier("example")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    assert not wizard.frozen and _editable_widgets(wizard)
    assert (
        main(
            [
                "--workbook",
                str(wb_path),
                "finalise",
                "example",
                "--name",
                "J. Jansen",
                "--role",
                "Compliance officer",
            ]
        )
        == 0
    )
    qtbot.waitUntil(lambda: wizard.frozen, timeout=15000)  # the program notices by itself
    assert _editable_widgets(wizard) == []
    assert "Finalised by J. Jansen" in wizard.guidance.toPlainText()
    assert "read-only" in wizard.windowTitle()
    model = window.model
    assert model is not None
    assert model.data(model.index(model.row_of("example"), 3)) == "Finalised"
    assert isolated["critical"] == []  # nothing was being typed: no message needed


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_an_answer_given_while_finalised_elsewhere_is_refused_clearly(qtbot, window, wb_path, isolated):
    wizard = window.open_dossier("example")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    window._watch.stop()  # the change is made before the program looks
    with Workbook.open(wb_path) as other:
        other.finalise("example", "J. Jansen", "Compliance officer")
        before = other.dossier("example")
    page(wizard, "definition").questions["covert"].buttons["no"].click()
    assert wizard.frozen and _editable_widgets(wizard) == []
    assert [t for t, _ in isolated["critical"]] == ["Not saved"]
    assert "finalised" in isolated["critical"][0][1]
    with Workbook.open(wb_path) as other:
        assert other.dossier("example") == before


def test_changes_by_another_program_show_in_the_open_dossier(qtbot, window, wb_path):
    wizard = window.open_dossier("blank")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    wizard.go_to("definition")
    covert = page(wizard, "definition").questions["covert"]
    assert not any(b.isChecked() for b in covert.buttons.values())
    with Workbook.open(wb_path) as other:
        other.set_answer("blank", "covert", Answer("yes", "seen in the datasheet"))
    qtbot.waitUntil(lambda: covert.buttons["yes"].isChecked(), timeout=15000)
    assert covert.rationale.toPlainText() == "seen in the datasheet"


def test_a_page_save_keeps_what_another_program_changed_meanwhile(qtbot, window, wb_path):
    wizard = window.open_dossier("blank")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    window._watch.stop()  # the window has not seen the other program's change
    with Workbook.open(wb_path) as other:
        other.set_answer("blank", "covert", Answer("yes", "from the command line"))
    transaction = page(wizard, "transaction")
    transaction.title_edit.setText("Renamed in the program")
    transaction.flush()
    transaction.save()
    with Workbook.open(wb_path) as other:
        d = other.dossier("blank")
    assert d.title == "Renamed in the program"
    assert d.answers["covert"].value == "yes"


def test_a_dossier_deleted_by_another_program_closes_its_window(qtbot, window, wb_path, isolated):
    wizard = window.open_dossier("blank")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    with Workbook.open(wb_path) as other:
        other.delete("blank")
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=15000)
    assert [t for t, _ in isolated["critical"]] == ["Dossier deleted"]
    assert window.model is not None and window.model.row_of("blank") == -1


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_a_finalised_dossier_never_looks_editable(qtbot, open_wizard, wb_path):
    with Workbook.open(wb_path) as wb:
        wb.finalise("example", "J. Jansen", "Compliance officer")
    wizard = open_wizard("example")
    assert _editable_widgets(wizard) == []
    assert "edit" not in page(wizard, "parties").subTitle()
    assert "read-only" in wizard.windowTitle()


def test_the_list_follows_a_change_when_its_window_is_activated(qtbot, window, wb_path):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from core.dossier import dossier_from_json
    from tests.conftest import dossier_dict

    window._watch.stop()  # not the timer: activating the window is enough
    with Workbook.open(wb_path) as other:
        other.import_dossiers([dossier_from_json(dossier_dict(title="Made on the command line"))])
    model = window.model
    assert model is not None and model.rowCount() == 3
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    assert model.rowCount() == 4


def test_the_list_keeps_its_place_when_another_program_changes_the_workbook(qtbot, window, wb_path):
    from core.dossier import dossier_from_json
    from gui.dossier_list import DossierTableModel
    from tests.conftest import dossier_dict

    assert window.workbook is not None and window.model is not None
    window.workbook.import_dossiers(
        [dossier_from_json(dossier_dict(title=f"Bulk {i:03d}")) for i in range(2 * DossierTableModel.PAGE)]
    )
    window.refresh()
    window.resize(700, 480)
    window.table.scrollToBottom()  # the user scrolled far down the list (a page more was read)...
    qtbot.waitUntil(lambda: window.model.rowCount() > DossierTableModel.PAGE)
    window.table.scrollToBottom()
    scroll = window.table.verticalScrollBar().value()
    read = window.model.rowCount()
    assert scroll > 0 and window.selected_id() is None  # ...without selecting anything
    with Workbook.open(wb_path) as other:
        other.set_answer("blank", "covert", Answer("yes", "from the command line"))
    window.follow_outside_changes()
    assert window.model.rowCount() >= read
    assert window.table.verticalScrollBar().value() == scroll  # still there
    window.table.selectRow(read - 5)
    chosen = window.selected_id()
    with Workbook.open(wb_path) as other:
        other.set_answer("blank", "covert", Answer("no", "changed again"))
    window.follow_outside_changes()
    assert window.selected_id() == chosen


def test_a_list_read_to_its_end_is_not_read_whole_again_for_a_change(qtbot, window, wb_path):
    from core.dossier import dossier_from_json
    from gui.dossier_list import DossierTableModel
    from tests.conftest import dossier_dict

    assert window.workbook is not None and window.model is not None
    window.workbook.import_dossiers(
        [dossier_from_json(dossier_dict(title=f"Bulk {i:03d}")) for i in range(3 * DossierTableModel.PAGE)]
    )
    window.refresh()
    window.model.read_all()  # (End was pressed once)...
    window.table.scrollToTop()  # ...and the user went back to the top
    assert window.model.rowCount() == 3 * DossierTableModel.PAGE + 3
    with Workbook.open(wb_path) as other:
        other.set_answer("blank", "covert", Answer("yes", "from the command line"))
    window.follow_outside_changes()
    assert window.model.rowCount() == DossierTableModel.PAGE  # what is in view, and a page more
