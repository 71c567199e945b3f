"""The dossier wizard, driven through its real widgets: each branch of the decision rules, re-routing,
autosave and reopening, evidence, parties, read-only finalised dossiers, keyboard and guidance."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTextBrowser, QWizard

from core.decision import assess
from core.store import Workbook
from gui.wizard.pages import PartiesModel, RedFlagsPanel
from gui.wizard.widgets import Debounce
from tests.gui.conftest import answer, page

DEFINITION_YES = ["specially_designed", "covert", "natural_persons", "ict_systems"]


def goto_end(wizard) -> str:
    """Press Next until the wizard stops; the name of the page it ends on."""
    for _ in range(len(wizard.page_names) + 1):
        if wizard.nextId() == -1:
            break
        wizard.next()
    name: str = wizard.page_names[wizard.currentId()]
    return name


def stored_outcome(wizard) -> str:
    return assess(wizard.wb.dossier(wizard.dossier_id)).outcome


def no_notices(wizard) -> None:
    """No information from the authority (Art. 5(1), Art. 4(1)) and no awareness of an Art. 4 use: the
    answers that let the rules of version 2 go on to Annex I doubt and the definition."""
    answer(wizard, "informed_by_authority", "no")
    answer(wizard, "art4_informed", "no")
    answer(wizard, "art4_aware", "no")


def fill_definition(wizard) -> None:
    for q in DEFINITION_YES:
        answer(wizard, q, "yes")
    answer(wizard, "capabilities", "analysing")
    answer(wizard, "purely_commercial", "no")


def test_listed_item_goes_straight_to_the_outcome(open_wizard):
    w = open_wizard("blank")
    answer(w, "annex_i_listed", "yes")
    w.next()  # parties
    w.next()  # authority notice
    w.next()  # Article 4
    w.next()  # Annex I: decided here
    assert w.page_names[w.currentId()] == "annex_i"
    assert goto_end(w) == "outcome"
    assert page(w, "outcome").outcome_id == "annex_i_listed"
    shown = page(w, "outcome").browser.toPlainText()
    assert "export authorisation is required" in shown and "EU001" in shown
    # the competent authority with the content's note on it (the CDIU and the Ministry of Foreign Affairs)
    assert "forwarded to the Ministry of Foreign Affairs for a decision" in shown


def test_informed_by_the_authority(open_wizard):
    w = open_wizard("blank")
    answer(w, "informed_by_authority", "yes")
    answer(w, "annex_i_listed", "no")
    assert goto_end(w) == "outcome"
    assert page(w, "outcome").outcome_id == "authority_informed"
    # the decision reference question appears only when the authority has informed
    notice = page(w, "authority_notice")
    assert notice.questions["authority_decision_reference"].isVisibleTo(notice)


def test_doubt_about_annex_i_advises_classification(open_wizard):
    w = open_wizard("blank")
    no_notices(w)
    answer(w, "annex_i_listed", "uncertain")
    assert goto_end(w) == "outcome"
    assert page(w, "outcome").outcome_id == "classification_request"


def test_not_a_cyber_surveillance_item(open_wizard):
    w = open_wizard("blank")
    no_notices(w)
    answer(w, "annex_i_listed", "no")
    answer(w, "covert", "no")
    assert goto_end(w) == "outcome"
    assert stored_outcome(w) == "not_cyber_surveillance"
    # it stopped at the definition: the due-diligence and end-use pages were not visited
    assert "end_use" not in [w.page_names[i] for i in w.visitedIds()]


def test_none_of_these_capabilities_means_not_cyber_surveillance(open_wizard):
    w = open_wizard("blank")
    no_notices(w)
    answer(w, "annex_i_listed", "no")
    for q in DEFINITION_YES:
        answer(w, q, "yes")
    answer(w, "purely_commercial", "no")
    answer(w, "capabilities", "__none__")
    assert w.dossier.answers["capabilities"].value == ()
    assert stored_outcome(w) == "not_cyber_surveillance"


def test_no_sensitive_end_use(open_wizard):
    w = open_wizard("blank")
    no_notices(w)
    answer(w, "annex_i_listed", "no")
    fill_definition(w)
    for q in ("internal_repression", "serious_hr_violations", "serious_ihl_violations"):
        answer(w, q, "theoretical")
    assert goto_end(w) == "outcome"
    assert page(w, "outcome").outcome_id == "no_sensitive_end_use"
    assert "legitimacy" not in [w.page_names[i] for i in w.visitedIds()]


@pytest.mark.parametrize(
    ("legitimate", "outcome"), [("yes", "notify_legitimate"), ("no", "notify_no_legitimate_purpose")]
)
def test_aware_of_a_sensitive_end_use_leads_to_notification(open_wizard, legitimate, outcome):
    w = open_wizard("blank")
    no_notices(w)
    answer(w, "annex_i_listed", "no")
    fill_definition(w)
    answer(w, "serious_hr_violations", "aware")
    answer(w, "legitimate_purpose", legitimate)
    assert goto_end(w) == "outcome"
    assert page(w, "outcome").outcome_id == outcome
    legitimacy = page(w, "legitimacy")
    grounds = legitimacy.questions["legitimate_purpose_grounds"]
    assert grounds.isVisibleTo(legitimacy) == (legitimate == "yes")


def test_going_back_and_changing_an_answer_reroutes(open_wizard):
    w = open_wizard("blank")
    no_notices(w)
    answer(w, "annex_i_listed", "no")
    answer(w, "covert", "no")
    assert goto_end(w) == "outcome"
    w.back()
    assert w.page_names[w.currentId()] == "definition"
    fill_definition(w)  # covert is now yes: the definition no longer decides
    w.next()
    assert w.page_names[w.currentId()] == "due_diligence"
    assert w.page_names[w.nextId()] == "end_use"


def test_a_transfer_inside_the_union_goes_from_the_parties_to_the_outcome(open_wizard):
    """The scope rule asks no question: it is settled on the parties page (the content's rule step),
    from which Next goes to the outcome."""
    w = open_wizard("blank")
    destination = page(w, "transaction").destination
    destination.setCurrentIndex(destination.findData("FR"))  # as a user picks it: saved
    w.next()
    assert w.page_names[w.currentId()] == "parties"
    assert w.page_names[w.nextId()] == "outcome"
    assert goto_end(w) == "outcome"
    assert page(w, "outcome").outcome_id == "not_an_export"
    shown = page(w, "outcome").browser.toPlainText()
    assert "Decided at: Scope: do the items leave the customs territory of the Union?" in shown


def test_the_article_4_page_follows_the_authority_notice(open_wizard):
    w = open_wizard("blank")
    no_notices(w)
    answer(w, "art4_aware", "yes")
    answer(w, "annex_i_listed", "no")
    assert w.page_names.index("art4") == w.page_names.index("authority_notice") + 1
    assert goto_end(w) == "outcome"
    assert page(w, "outcome").outcome_id == "art4_notify"
    assert "Postbus 3070" in page(w, "outcome").browser.toPlainText()  # the authority to notify
    # decided on the Article 4 page: Next went from there to the outcome
    assert [w.page_names[i] for i in w.visitedIds()][-2:] == ["art4", "outcome"]


def test_incomplete_dossier_walks_every_page(open_wizard):
    w = open_wizard("blank")
    assert goto_end(w) == "outcome"
    assert [w.page_names[i] for i in w.visitedIds()] == list(w.page_names)
    assert page(w, "outcome").outcome_id == "incomplete"
    assert "Still to answer" in page(w, "outcome").browser.toPlainText()


def test_autosave_and_reopen_on_the_same_page(qtbot, open_wizard, wb_path):
    w = open_wizard("blank")
    title = page(w, "transaction").title_edit
    title.clear()
    qtbot.keyClicks(title, "Interception probe for X")
    w.next()
    w.next()
    no_notices(w)
    w.next()  # Article 4
    w.next()
    answer(w, "annex_i_listed", "no")
    rationale = page(w, "annex_i").questions["annex_i_listed"].rationale
    qtbot.keyClicks(rationale, "Checked 5A001.j: not carrier class")
    w.next()
    answer(w, "covert", "uncertain")
    assert w.page_names[w.currentId()] == "definition"
    w.close()  # closing flushes what was typed a moment ago

    with Workbook.open(wb_path) as wb:
        d = wb.dossier("blank")
        assert d.title == "Interception probe for X"
        assert d.answers["annex_i_listed"].rationale == "Checked 5A001.j: not carrier class"
        assert d.answers["covert"].value == "uncertain"
        assert wb.ui_page("blank") == "definition"

    again = open_wizard("blank")
    assert again.page_names[again.currentId()] == "definition"
    assert page(again, "definition").questions["covert"].buttons["uncertain"].isChecked()
    assert (
        page(again, "annex_i").questions["annex_i_listed"].rationale.toPlainText()
        == "Checked 5A001.j: not carrier class"
    )
    assert [again.page_names[i] for i in again.visitedIds()][:3] == [
        "transaction",
        "parties",
        "authority_notice",
    ]


def test_attach_evidence_by_dialog_signal_and_by_drop(qtbot, open_wizard, tmp_path):
    w = open_wizard("blank")
    for _ in range(4):  # to the Annex I page
        w.next()
    widget = page(w, "annex_i").questions["annex_i_listed"]
    first = tmp_path / "classification-memo.pdf"
    first.write_bytes(b"%PDF memo")
    widget.evidence.attach_requested.emit([first])  # what the file dialog sends
    assert widget.evidence.list.count() == 1
    assert "classification-memo.pdf" in widget.evidence.list.item(0).text()
    assert "9 bytes" in widget.evidence.list.item(0).text()

    second = tmp_path / "datasheet.txt"
    second.write_text("spec")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(second))])
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.evidence.dropEvent(drop)
    d = w.wb.dossier("blank")
    assert [e.filename for e in d.evidence] == ["classification-memo.pdf", "datasheet.txt"]
    assert d.answers["annex_i_listed"].evidence == ("ev1", "ev2")
    assert widget.evidence.list.count() == 2
    answer(w, "annex_i_listed", "no")  # answering afterwards keeps the evidence
    assert w.wb.dossier("blank").answers["annex_i_listed"].evidence == ("ev1", "ev2")


def test_evidence_too_large_shows_a_dialog(open_wizard, tmp_path, isolated, monkeypatch):
    from core.store import evidence

    monkeypatch.setattr(evidence, "MAX_EVIDENCE_BYTES", 4)
    w = open_wizard("blank")
    big = tmp_path / "big.bin"
    big.write_bytes(b"12345")
    page(w, "annex_i").questions["annex_i_listed"].evidence.attach_requested.emit([big])
    assert isolated["critical"] and "over the limit" in isolated["critical"][0][1]
    assert w.wb.dossier("blank").evidence == []


def test_parties_editing_and_the_government_caution(qtbot, qtmodeltester, open_wizard):
    w = open_wizard("blank")
    w.next()
    parties = page(w, "parties")
    assert not parties.caution.isVisibleTo(w)
    # the table's guidance is the content's, with the framework's whole caution list
    assert parties.table.property("guidance") == w.content.parties_guidance
    assert "cybercrime and drug crime" in parties.table.property("guidance")
    parties.add_button.click()
    model = parties.model
    model.setData(model.index(0, 1), "Ministry of Interior")
    model.setData(model.index(0, 2), "AE")
    model.setData(model.index(0, 3), "police")
    assert parties.caution.isVisibleTo(w)
    assert "particular caution" in parties.caution.text()
    parties.add_button.click()
    model.setData(model.index(1, 1), "Gulf Freight LLC")
    parties.table.setCurrentIndex(model.index(1, 1))
    stored = w.wb.dossier("blank").parties
    assert [(p.role, p.name, p.country, p.sector) for p in stored] == [
        ("end_user", "Ministry of Interior", "AE", "police"),
        ("consignee", "Gulf Freight LLC", None, None),
    ]
    assert model.data(model.index(0, 2)) == "United Arab Emirates"
    qtmodeltester.check(model)
    parties.remove_button.click()
    assert len(w.wb.dossier("blank").parties) == 1


def test_parties_model_passes_the_model_tester_when_empty(qtmodeltester):
    qtmodeltester.check(PartiesModel())


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_finalised_dossier_opens_read_only(open_wizard, wb_path):
    with Workbook.open(wb_path) as wb:
        wb.finalise("example", "J. Jansen", "Compliance officer")
    w = open_wizard("example")
    assert w.frozen
    assert page(w, "transaction").title_edit.isReadOnly()
    covert = page(w, "definition").questions["covert"]
    assert not covert.buttons["no"].isEnabled()
    assert covert.rationale.isReadOnly()
    assert not covert.evidence.button.isEnabled()
    assert not page(w, "parties").add_button.isEnabled()
    assert "Finalised by J. Jansen" in w.guidance.toPlainText()
    before = w.wb.dossier("example")
    covert.buttons["no"].click()  # a disabled button does nothing; and nothing is saved
    assert w.wb.dossier("example") == before
    assert goto_end(w) == "outcome"  # reading through is fine


def test_keyboard_only_walk(qtbot, open_wizard):
    w = open_wizard("blank")
    w.activateWindow()
    title = page(w, "transaction").title_edit
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit) and focused is page(w, "transaction").fields["reference"]

    def alt(key: Qt.Key) -> None:
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)

    # the buttons carry mnemonics (the offscreen test platform does not fire mnemonics, so they
    # are checked here and the page keys below are pressed)
    assert w.button(QWizard.WizardButton.NextButton).shortcut().toString() == "Alt+N"
    assert w.button(QWizard.WizardButton.BackButton).shortcut().toString() == "Alt+B"
    alt(Qt.Key.Key_Right)  # next page
    assert w.page_names[w.currentId()] == "parties"
    alt(Qt.Key.Key_Left)  # previous page
    assert w.page_names[w.currentId()] == "transaction"
    # a radio answer by keyboard: focus the option and press space
    for _ in range(4):
        alt(Qt.Key.Key_Right)
    radio = page(w, "annex_i").questions["annex_i_listed"].buttons["no"]
    radio.setFocus()
    qtbot.keyClick(radio, Qt.Key.Key_Space)
    assert w.dossier.answers["annex_i_listed"].value == "no"


def test_the_title_is_required(qtbot, open_wizard):
    w = open_wizard("blank")
    title = page(w, "transaction").title_edit
    title.clear()
    assert not page(w, "transaction").isComplete()
    qtbot.keyClicks(title, "x")
    assert page(w, "transaction").isComplete()


def test_guidance_follows_the_focused_question(qtbot, open_wizard):
    w = open_wizard("blank")
    w.activateWindow()
    for _ in range(5):
        w.next()
    assert w.page_names[w.currentId()] == "definition"
    covert = page(w, "definition").questions["covert"]
    covert.rationale.setFocus()
    qtbot.waitUntil(lambda: "Covert surveillance" in w.guidance.toPlainText())
    text = w.guidance.toPlainText()
    assert "not clearly be observed" in text
    assert "Article 2(20), Regulation (EU) 2021/821" in text
    assert "02021R0821-20251115" in text
    assert w.content.quotations in text  # the language the Regulation is quoted in
    annex = page(w, "annex_i").findChild(QTextBrowser)
    assert w.content.quotations in annex.toPlainText()


def test_page_switching_saves_the_page_reached(open_wizard, wb_path):
    w = open_wizard("kenya")
    w.next()
    w.next()
    assert w.wb.ui_page("kenya") == "authority_notice"


def test_country_picker_finds_by_name(qtbot, open_wizard):
    w = open_wizard("blank")
    combo = page(w, "transaction").destination
    index = combo.findText("Kenya (KE)")
    assert index > 0
    combo.setCurrentIndex(index)
    assert w.wb.dossier("blank").destination_country == "KE"


def test_a_present_red_flag_asks_for_its_resolution(qtbot, open_wizard):
    w = open_wizard("blank")
    panel = page(w, "due_diligence").findChild(RedFlagsPanel)
    status, note = panel.rows["targets_groups"]
    status.setCurrentIndex(status.findData("present"))
    assert "How will this be resolved" in note.placeholderText()
    assert "c0392b" in note.styleSheet()
    qtbot.keyClicks(note, "Contract clause 7 excludes such use")
    assert note.styleSheet() == ""
    panel.findChild(Debounce).flush()
    [entry] = w.wb.dossier("blank").red_flags
    assert (entry.id, entry.status, entry.note) == (
        "targets_groups",
        "present",
        "Contract clause 7 excludes such use",
    )
    assert "unresolved_red_flags" in assess(w.dossier).warnings


def test_pdf_report_from_the_outcome_page(qtbot, open_wizard, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    w = open_wizard("blank")
    no_notices(w)
    answer(w, "annex_i_listed", "uncertain")
    assert goto_end(w) == "outcome"
    job = w.make_report(tmp_path / "r.pdf")
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    assert opened == [str(tmp_path / "r.pdf"), str(tmp_path / "r-classification-annex.pdf")]


def test_a_dossier_walked_in_dutch_shows_the_dutch_content(qtbot, open_wizard):
    """With the program in Dutch the wizard shows the Dutch content (resources/content/nl/): the pages,
    the answers' labels, the guidance with its sources named the Dutch way and the Regulation quoted in
    English with the line that says so, and the outcome."""
    from core import i18n
    from core.content import default_content

    i18n.set_language("nl")
    try:
        dutch = default_content("nl")
        w = open_wizard("blank")
        assert w.content is dutch
        assert page(w, "definition").title() == dutch.step("definition").title
        w.activateWindow()
        for _ in range(w.page_names.index("definition")):
            w.next()
        assert w.page_names[w.currentId()] == "definition"
        covert = page(w, "definition").questions["covert"]
        covert.rationale.setFocus()
        qtbot.waitUntil(lambda: "Heimelijke surveillance" in w.guidance.toPlainText())
        text = w.guidance.toPlainText()
        assert "Artikel 2, punt 20, van Verordening (EU) 2021/821" in text
        assert next(a.text for a in dutch.articles if a.id == "2.20") in text  # the English quotation
        assert dutch.quotations in text
        answer(w, "informed_by_authority", "no")
        answer(w, "art4_informed", "no")
        answer(w, "art4_aware", "no")
        answer(w, "annex_i_listed", "no")
        fill_definition(w)
        answer(w, "serious_hr_violations", "aware")
        answer(w, "legitimate_purpose", "yes")
        assert goto_end(w) == "outcome"
        assert page(w, "outcome").outcome_id == "notify_legitimate"
        assert dutch.outcomes["notify_legitimate"].title in page(w, "outcome").browser.toPlainText()
    finally:
        i18n.set_language("en")
