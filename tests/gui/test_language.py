"""The desktop program's language (issue 16): View > Language switches it at once without losing
anything (an open dossier is shown again, on the same page, in the other language), the choice is kept
for the next start, the language it starts in, Qt's own texts, and a report's language chosen in its
save dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog

from core import i18n
from gui import languages
from gui.main_window import MainWindow
from gui.settings import Settings
from tests.gui.conftest import finish, page


@pytest.fixture(autouse=True)
def _english_again(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Qt's own texts in English after each test; reports made are not opened in a viewer."""
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    yield
    languages.install_translators(qapp, "en")


def test_view_language_switches_the_program_at_once(window):
    assert [a.text() for a in window.language_menu.actions()] == ["English", "Nederlands"]
    assert window.act_languages["en"].isChecked()
    assert window.file_menu.title() == "&File" and window.model is not None

    window.act_languages["nl"].trigger()
    assert i18n.current() == "nl"
    assert window.act_languages["nl"].isChecked() and not window.act_languages["en"].isChecked()
    assert window.file_menu.title() == "&Bestand"
    assert window.view_menu.title() == "Beel&d"
    assert window.language_menu.title() == "&Taal"
    assert window.backup_menu.title() == "Re&servekopieën"
    assert window.act_new.text() == "&Nieuw dossier" and window.act_quit.text() == "&Afsluiten"
    assert window.search.placeholderText().startswith("Zoeken in titels")
    model = window.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Titel"
    from gui.dossier_list import LAST_CHANGE

    assert model.headerData(LAST_CHANGE, Qt.Orientation.Horizontal) == "Laatste wijziging"
    statuses = {model.data(model.index(row, 3)) for row in range(model.rowCount())}
    assert statuses == {"Concept"}
    destinations = {model.data(model.index(row, 2)) for row in range(model.rowCount())}
    assert "Verenigde Arabische Emiraten" in destinations  # the workbook keeps the English name
    assert model.rowCount() == 3 and "3 dossiers" in window.empty_hint.text()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"  # Qt's own words
    assert Settings().get("language") == "nl"  # kept for the next start

    window.act_languages["en"].trigger()
    assert i18n.current() == "en" and window.file_menu.title() == "&File"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Title"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert Settings().get("language") == "en"


def test_an_open_dossier_is_shown_again_in_the_other_language_with_nothing_lost(qtbot, window):
    """The dossier window open when the language changes: what was just typed is saved, and the same
    dossier comes back on the same page, in Dutch; and back in English."""
    wizard = window.open_dossier("blank")
    qtbot.waitUntil(lambda: wizard._restoring is None)
    title = page(wizard, "transaction").title_edit
    title.clear()
    qtbot.keyClicks(title, "Onderscheppingssonde voor X")  # typed, not yet saved (no page change)
    wizard.next()
    wizard.next()
    where = wizard.current_name()
    assert wizard.buttonText(wizard.WizardButton.NextButton) == "&Next >"

    window.switch_language("nl")
    assert wizard not in window._wizards and len(window._wizards) == 1
    again = window._wizards[0]
    qtbot.waitUntil(lambda: again._restoring is None)
    assert again.dossier_id == "blank" and again.current_name() == where
    assert again.dossier.title == "Onderscheppingssonde voor X"  # saved before the window closed
    assert again.windowTitle() == "Dossier: Onderscheppingssonde voor X"
    assert again.buttonText(again.WizardButton.NextButton) == "&Volgende >"
    assert again.buttonText(again.WizardButton.BackButton) == "< V&orige"
    guidance = again.guidance.toPlainText()  # the first question's, which has the focus, in Dutch
    assert "Geïnformeerd door de bevoegde autoriteit" in guidance and "Informed by" not in guidance

    window.switch_language("en")
    back = window._wizards[0]
    qtbot.waitUntil(lambda: back._restoring is None)
    assert back.dossier_id == "blank" and back.current_name() == where
    assert back.buttonText(back.WizardButton.NextButton) == "&Next >"
    back.done(0)


@pytest.mark.parametrize(
    ("fixed", "saved", "environ", "qt", "expected"),
    [
        (True, "nl", {"LANG": "nl_NL.UTF-8"}, ["nl-NL"], "en"),  # the command line's (here English)
        (False, "nl", {"LANG": "en_GB.UTF-8"}, ["en-GB"], "nl"),  # View > Language's choice
        (False, "", {"LANG": "nl_NL.UTF-8"}, ["en-US"], "nl"),  # the environment's
        (False, "xx", {"LC_ALL": "nl_BE.UTF-8"}, ["en-US"], "nl"),  # a setting that is not a language
        (False, "", {"LANG": "de_DE.UTF-8"}, ["nl-NL"], "en"),  # the environment names another
        (False, "", {}, ["de-DE", "nl-NL", "en-US"], "nl"),  # the environment says nothing: Qt's
        (False, "", {}, ["de-DE"], "en"),
    ],
)
def test_the_language_the_program_starts_in(fixed, saved, environ, qt, expected):
    assert languages.startup_language(fixed, saved, environ, lambda: qt) == expected


def test_qt_s_own_reading_of_the_system_is_asked_when_the_environment_says_nothing(monkeypatch):
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("nl_NL")))
    assert "nl-NL" in languages.qt_system_languages()
    assert languages.startup_language(False, "", {}) == "nl"


def test_the_program_starts_in_the_language_chosen_last(qtbot, wb_path, monkeypatch):
    """gui.app.run: without --lang or $DDWORKBOOK_LANG, the language View > Language chose last."""
    from gui import app as gui_app

    Settings().set("language", "nl")
    shown: list[Any] = []
    monkeypatch.setattr(MainWindow, "show", lambda w: shown.append(w))
    monkeypatch.setattr(QApplication, "exec", lambda _app: 0)
    assert gui_app.run(wb_path, quit_after_startup=True, language_fixed=False) == 0
    assert i18n.current() == "nl" and shown[0].file_menu.title() == "&Bestand"
    shown[0].close()
    i18n.set_language("en")  # as the command line does with --lang en
    assert (
        gui_app.run(wb_path, quit_after_startup=True, language_fixed=True) == 0
    )  # the command line's English holds
    assert shown[1].file_menu.title() == "&File"
    shown[1].close()


def test_a_report_in_another_language_than_the_program_s(qtbot, window, tmp_path, monkeypatch):
    """The save dialog offers one file type per language, the program's first; the one chosen is
    the report's language: here an English report from the program in Dutch."""
    from pypdf import PdfReader

    window.switch_language("nl")
    asked: dict[str, Any] = {}

    def save_dialog(_parent: Any, _caption: str, _where: str, filters: str, selected: str) -> Any:
        asked["filters"], asked["selected"] = filters.split(";;"), selected
        return str(tmp_path / "report.pdf"), filters.split(";;")[1]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.select("example")
    op = window.report_selected()
    finish(qtbot, op)
    assert asked["filters"] == ["PDF-rapport, Nederlands (*.pdf)", "PDF-rapport, English (*.pdf)"]
    assert asked["selected"] == "PDF-rapport, Nederlands (*.pdf)"
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "report.pdf").pages)
    assert "1. The determination" in text and "De vaststelling" not in text
    assert i18n.current() == "nl"  # the program stays in Dutch
    assert languages.report_language("PDF-rapport, Nederlands (*.pdf)") == "nl"
    assert languages.report_language("") == "nl"  # a dialog that says no type: the program's


def test_the_report_language_follows_the_program_by_default(qtbot, window, tmp_path, monkeypatch):
    from pypdf import PdfReader

    window.switch_language("nl")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "r.pdf"), a[4] if len(a) > 4 else "")
    )
    window.select("example")
    finish(qtbot, window.report_selected())
    text = "".join(p.extract_text() for p in PdfReader(Path(tmp_path / "r.pdf")).pages)
    assert "1. De vaststelling" in text
