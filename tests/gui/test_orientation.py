"""Finding one's way (issue 14, orientation): the Help menu (the four steps explained in a page read in
two minutes, the keyboard shortcuts, About with the version, licence and corpus version), where one is
in a dossier ("Step 2 of 4") and the list of pages that goes back to any page seen, and the items
still to answer on the outcome page as links to their question."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication

from core import __licence__, __version__
from core.content import default_content
from gui.help import HelpDialog
from gui.wizard.widgets import QuestionWidget
from tests.gui.conftest import answer, page


def test_the_help_menu_of_the_list(qtbot, window):
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert "&Help" in menus
    assert [a.text() for a in menus["&Help"].actions()] == [
        "The &four steps",
        "Open the &example dossier",  # the example to learn them on (tests/gui/test_first_run.py)
        "&Keyboard shortcuts",
        "&About ddworkbook",
    ]
    window.act_help_steps.trigger()
    steps = window.findChild(HelpDialog, "help_steps")
    assert steps is not None and steps.isVisible()
    text = steps.browser.toPlainText()
    content = default_content()
    for step in content.steps:
        assert step.title in text  # the content's own titles
    assert "Article 5 of Regulation (EU) 2021/821" in text
    # a newcomer reads it in two minutes: 476 words at 238 words a minute, adults' average silent
    # reading rate for non-fiction (Brysbaert, 2019)
    assert len(text.split()) <= 476, len(text.split())
    window.act_help_steps.trigger()  # once: raised when asked again
    assert len(window.findChildren(HelpDialog)) == 1
    window.act_help_keys.trigger()
    keys = window.findChild(HelpDialog, "help_keys").browser.toPlainText()
    assert "Ctrl+N" in keys and "New dossier" in keys  # read from the list's own actions
    assert "Alt+N or Alt+Right" in keys and "Ctrl+Z" in keys and "Ctrl+Y" in keys
    window.act_about.trigger()
    about = window.findChild(HelpDialog, "help_about").browser.toPlainText()
    assert __version__ in about and __licence__ in about and content.corpus_version in about


def test_the_help_menu_of_a_dossier(qtbot, open_wizard):
    w = open_wizard("blank")
    assert [a.text() for a in w.help_menu.actions()] == [
        "The &four steps",
        "&Keyboard shortcuts",
        "&About ddworkbook",
    ]
    w.help_menu.actions()[0].trigger()
    assert w.findChild(HelpDialog, "help_steps").isVisible()
    assert w.help_menu.actions()[0].shortcut().toString() == "F1"


def test_where_one_is_and_the_list_of_pages(qtbot, open_wizard):
    w = open_wizard("blank")
    side = w.sidebar
    n, d = len(w.page_names), w.page_names.index("definition")  # the pages come from the content
    assert side.place.text() == f"Page 1 of {n}"
    items = [side.pages.item(r) for r in range(side.pages.count())]
    assert [i.text() for i in items] == [s.title for s in w.content.steps]
    assert [bool(i.flags() & i.flags().ItemIsEnabled) for i in items] == [True] + [False] * (n - 1)
    for _ in range(d):
        w.next()
    assert w.current_name() == "definition"
    assert side.place.text() == f"Step 2 of 4  ·  Page {d + 1} of {n}"
    assert side.pages.currentRow() == d
    # back to the parties by the list (by keyboard: Enter on the row), and forward again to a page seen
    side.pages.setCurrentRow(1)
    side.pages.itemActivated.emit(side.pages.item(1))
    assert w.current_name() == "parties"
    assert bool(side.pages.item(d).flags() & items[0].flags().ItemIsEnabled)  # seen: still offered
    assert not side.pages.item(d + 1).flags() & items[0].flags().ItemIsEnabled  # never seen
    side.pages.itemClicked.emit(side.pages.item(d))
    assert w.current_name() == "definition"
    side.pages.itemClicked.emit(side.pages.item(n - 2))  # not offered: nothing happens
    assert w.current_name() == "definition"


def test_a_page_no_longer_on_the_route_is_not_offered(qtbot, open_wizard):
    w = open_wizard("blank")
    d, a = w.page_names.index("definition"), w.page_names.index("annex_i")
    for _ in range(d):
        w.next()
    w.jump_to(1)
    answer(w, "annex_i_listed", "yes")  # decided at the Annex I page: the definition is off the route
    offered = [
        bool(w.sidebar.pages.item(r).flags() & w.sidebar.pages.item(0).flags().ItemIsEnabled)
        for r in range(len(w.page_names))
    ]
    assert offered[: a + 1] == [True] * (a + 1)  # the way back, and Annex I ahead
    assert offered[d] is False  # the definition, seen before, is no longer on the way


def test_still_to_answer_links_go_to_their_question(qtbot, open_wizard):
    w = open_wizard("blank")
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    answer(w, "informed_by_authority", "no")
    answer(w, "art4_informed", "no")
    answer(w, "art4_aware", "no")
    answer(w, "annex_i_listed", "no")
    w.go_to("outcome")
    assert w.current_name() == "outcome"
    outcome = page(w, "outcome")
    assert 'href="question:specially_designed"' in outcome.browser.toHtml()
    outcome.browser.anchorClicked.emit(QUrl("question:covert"))
    assert w.current_name() == "definition"
    covert = page(w, "definition").questions["covert"]
    qtbot.waitUntil(lambda: covert.isAncestorOf(QApplication.focusWidget()))
    owner = QApplication.focusWidget()
    while owner is not None and not isinstance(owner, QuestionWidget):
        owner = owner.parentWidget()
    assert owner is covert
    assert "Covert surveillance" in w.guidance.toPlainText()
