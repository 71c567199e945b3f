"""What a new Dutch user found walking the whole program with the keyboard alone (issue 16): access keys
that two entries of a menu or a dialog shared in Dutch, so that Alt+letter moved between them instead
of choosing one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QWidget

from core import i18n
from gui import languages
from tests.gui.test_signoff_gui import dialog_of
from tests.gui.test_walk import _mnemonic


@pytest.fixture(autouse=True)
def _english_again(qapp: Any) -> Any:
    yield
    i18n.set_language("en")
    languages.install_translators(qapp, "en")


def _shared(texts: list[str]) -> list[str]:
    """The texts whose access key another text of ``texts`` has too."""
    letters = [m for m in map(_mnemonic, texts) if m]
    twice = {m for m in letters if letters.count(m) > 1}
    return sorted(t for t in texts if _mnemonic(t) in twice)


def _menu_clashes(menu: QMenu) -> dict[str, list[str]]:
    entries = [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]
    clashes = {menu.title(): found} if (found := _shared([a.text() for a in entries])) else {}
    for a in entries:
        if isinstance(sub := a.menu(), QMenu):
            clashes.update(_menu_clashes(sub))
    return clashes


def _dialog_texts(dialog: QWidget) -> list[str]:
    texts = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    return texts + [
        label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and label.buddy()
    ]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_two_entries_of_a_menu_share_an_access_key(window: Any, language: str) -> None:
    """In Dutch the File menu had A for Aftekenen, Antwoord van de autoriteit and Afsluiten, and S for
    Sanctielijst importeren and Reservekopieën: Alt+B, A only moved between the three."""
    window.switch_language(language)
    bar = window.menuBar()
    menus = [a.menu() for a in bar.actions() if a.menu() is not None]
    assert _shared([m.title() for m in menus]) == []
    clashes: dict[str, list[str]] = {}
    for menu in menus:
        clashes.update(_menu_clashes(menu))
    assert clashes == {}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_dossier_window_s_menus_share_no_access_key(open_wizard: Any, language: str) -> None:
    i18n.set_language(language)
    w = open_wizard("example")
    clashes: dict[str, list[str]] = {}
    for menu in (w.dossier_menu, w.edit_menu, w.help_menu):
        clashes.update(_menu_clashes(menu))
    assert clashes == {}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_sign_off_dialog_shares_no_access_key(
    qtbot: Any, open_wizard: Any, isolated: Any, language: str
) -> None:
    """In Dutch 'De overige open punten &aanvaarden' and '&Aftekenen' shared A: Alt+A ticked the box,
    and once the reason was typed only moved the focus between the two instead of signing off."""
    i18n.set_language(language)
    dialog = dialog_of(qtbot, open_wizard("example"))
    dialog.accept_holds.setChecked(True)
    assert _shared(_dialog_texts(dialog)) == []
    dialog.reject()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_first_run_dialog_shares_no_access_key(qtbot: Any, tmp_path: Any, language: str) -> None:
    """'&Beginnen met een leeg werkboek' beside the example's button, which must not take B."""
    from gui import first_run
    from gui.main_window import MainWindow
    from gui.settings import Settings

    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    assert window.open_workbook(tmp_path / "first.ddwb")
    window.switch_language(language)
    dialog = first_run.offer(window)
    assert dialog is not None
    assert _shared(_dialog_texts(dialog)) == []
    dialog.reject()
    window.close()


def test_a_hit_s_score_is_written_with_a_decimal_comma_in_dutch(
    qtbot: Any, open_wizard: Any, wb_path: Any
) -> None:
    """The hits table and the decision dialog showed 'score 0.95' in Dutch (here the score is 1,00)."""
    from tests.gui.conftest import finish, page
    from tests.gui.test_screening_gui import SAMPLES, _deal, _lists

    if not SAMPLES.is_dir():
        pytest.skip(f"the samples are not at {SAMPLES}")
    _lists(wb_path)
    did = _deal(wb_path, ("end_user", "Northwind Signal Intelligence Systems LLC"))
    i18n.set_language("nl")
    w = open_wizard(did)
    w.go_to("parties")
    parties = page(w, "parties")
    panel = parties.screening
    finish(qtbot, panel.screen_parties(all_parties=True))
    parties.table.setCurrentIndex(parties.model.index(0, 1))
    dialog = panel.decide()
    assert dialog is not None
    facts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert re.search(r"\(score [01],\d\d\)", facts) and not re.search(r"[01]\.\d\d", facts)
    dialog.reject()
    shown = [
        panel.hits.item(r, c).text()
        for r in range(panel.hits.rowCount())
        for c in range(panel.hits.columnCount())
    ]
    assert any(re.fullmatch(r"[01],\d\d", t) for t in shown)
    assert not any(re.fullmatch(r"[01]\.\d\d", t) for t in shown)


def test_qt_s_file_dialog_is_dutch_where_qt_s_own_catalogue_lacks_words(qapp: Any) -> None:
    """Qt's Dutch catalogue (qtbase_nl.qm) lacks the file dialog's '&Look in:' and 'Files of &type:'
    as Qt 6 writes them: the dialogs to import a list or save a report said 'Look in:' in Dutch."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog

    i18n.set_language("nl")
    languages.install_translators(qapp, "nl")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Zoeken in:"
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "Bestands&type:"
    assert QCoreApplication.translate("QFileDialog", "File &name:") == "Bestands&naam:"  # Qt's own
    dialog = QFileDialog(None, "", "", "")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "&Zoeken in:" in texts and "&Look in:" not in texts
    dialog.deleteLater()
    languages.install_translators(qapp, "en")
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"
