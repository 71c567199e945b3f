"""Sanctions screening in the desktop program (issue 13, point 5): File > Import sanctions list… in the
background, the lists and their age in the status bar, the dossiers to screen again; on the parties page
Screen party / Screen all parties with each hit's score and why, the decision dialog, the summary of
what is unscreened or open (also on the outcome page); removing and moving parties keeps their screening
records with them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from core.dossier import Dossier, Party, ScreeningHit, ScreeningRecord, matches, open_hits
from core.store import StoredList, Workbook
from gui.lists import describe_lists, list_age
from tests.conftest import SHARED, chosen_holds
from tests.gui.conftest import finish, page

SAMPLES = SHARED / "data" / "sanctions"
EU_XML = SAMPLES / "eu-fsf-sample.xml"
UN_XML = SAMPLES / "un-sample.xml"
EU_VERSION = "2026-11-20T18:05:11.117+01:00"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the samples are not at {SAMPLES}")


def _lists(path: Path) -> None:
    with Workbook.open(path) as wb:
        wb.import_list(EU_XML)
        wb.import_list(UN_XML)


def _deal(path: Path, *parties: tuple[str, str], screening: list[ScreeningRecord] | None = None) -> str:
    with Workbook.open(path) as wb:
        (did,) = wb.import_dossiers(
            [
                Dossier(
                    title="Deal",
                    destination_country="AE",
                    parties=[Party(role=r, name=n) for r, n in parties],
                    screening=screening or [],
                )
            ]
        )
    return did


# ---------------------------------------------------------------------------- the main window


def test_the_status_bar_names_the_lists_and_their_age():
    eu = StoredList("eu_fsf", EU_VERSION, "eu_fsf_xml_1.1", "eu.xml", "0" * 64, 5, 14, "2026-11-21T08:00:00")
    un = StoredList("un_sc", "2026-02-27T00:00:09.554Z", "un_sc_xml", "un.xml", "0" * 64, 20, 52, "x")
    today = dt.date(2026, 11, 25)
    assert list_age(EU_VERSION, today) == 5 and list_age("no date", today) is None
    assert describe_lists([eu, un], today) == (
        "EU list of 2026-11-20 (5 days old) · UN list of 2026-02-27 (271 days old)"
    )
    assert describe_lists([], today) == "No sanctions list imported"


def test_import_a_list_from_the_file_menu_in_the_background(qtbot, window, isolated):
    assert window.lists.label.text() == "No sanctions list imported"
    assert window.lists.act_import in window.menuBar().actions()[0].menu().actions()
    op = window.lists.import_file(str(EU_XML))
    finish(qtbot, op)
    assert op is not None and op.error is None
    assert window.lists.label.text().startswith("EU list of 2026-11-20 (")
    assert "eu-fsf-sample.xml" in window.lists.label.toolTip()
    ((title, text),) = isolated["information"]
    assert title == "Sanctions list imported" and EU_VERSION in text and "5 entries" in text
    assert window.workbook is not None and [s.list_id for s in window.workbook.sanctions_lists()] == [
        "eu_fsf"
    ]


def test_a_refused_list_file_is_one_dialog_and_changes_nothing(qtbot, window, isolated, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<?xml version='1.0'?><CONSOLIDATED_LIST dateGenerated='2026-01-01'><INDIVIDUALS>")
    op = window.lists.import_file(str(bad))
    finish(qtbot, op)
    ((title, text),) = isolated["critical"]
    assert title == "Sanctions list not imported" and "bad.xml" in text and "cut short" in text
    assert "\n" not in text
    assert window.workbook is not None and window.workbook.sanctions_lists() == []


def test_dossiers_screened_against_an_older_version_are_listed_to_screen_again(
    qtbot, window, wb_path, isolated, tmp_path
):
    _lists(wb_path)
    did = _deal(wb_path, ("end_user", "Viktor Zhuravlev"))
    with Workbook.open(wb_path) as wb:
        wb.screen_dossier(did)
    newer = tmp_path / "eu-newer.xml"
    newer.write_text(EU_XML.read_text("utf-8").replace(EU_VERSION, "2026-12-01T09:00:00.000+01:00"), "utf-8")
    finish(qtbot, window.lists.import_file(str(newer)))
    assert "1 dossier to screen again" in window.lists.label.text()
    assert window.lists.act_rescreen.isEnabled()
    assert "screen it again" in isolated["information"][-1][1] and "• Deal" in isolated["information"][-1][1]
    dialog = window.lists.show_rescreen()
    assert dialog.items.count() == 1 and "Deal" in dialog.items.item(0).text()
    opened: list[str] = []
    dialog.open_dossier = opened.append
    dialog.buttons_open = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open)
    dialog.buttons_open.click()
    assert opened == [did]


# ---------------------------------------------------------------------------- the parties page


@pytest.fixture
def screened_wizard(open_wizard, wb_path):
    _lists(wb_path)
    did = _deal(
        wb_path,
        ("end_user", "Viktor Zhuravlev"),
        ("consignee", "ООО Нордвинд Сигнал"),
        ("freight_forwarder", "Rotterdam Freight Services BV"),
    )
    w = open_wizard(did)
    w.go_to("parties")
    return w


def _select(parties: Any, row: int) -> None:
    parties.table.setCurrentIndex(parties.model.index(row, 1))


def _cells(panel: Any) -> list[list[str]]:
    return [
        [panel.hits.item(r, c).text() for c in range(panel.hits.columnCount())]
        for r in range(panel.hits.rowCount())
    ]


def test_screen_a_party_shows_its_hits_with_score_and_why(qtbot, screened_wizard):
    w = screened_wizard
    parties = page(w, "parties")
    panel = parties.screening
    _select(parties, 0)
    assert "has not been screened" in panel.party.text()
    assert "Not screened under their current names: Viktor Zhuravlev" in panel.summary.text()
    assert panel.screen_button.isEnabled() and not panel.decide_button.isEnabled()
    finish(qtbot, panel.screen_parties(all_parties=False))
    assert [r.party for r in w.wb.dossier(w.dossier_id).screening] == [0, 0]
    ((lst, entry, name, score, decision, note, why),) = _cells(panel)
    assert (lst, entry, name, score, decision, note) == (
        "EU list",
        "EU.9001.01",
        "Victor Zhuravlev",
        "0.95",
        "open",
        "",
    )
    assert "'Viktor' ~ 'Victor' (spelling)" in why
    # the lists in words, with the date of the version screened against (never their internal ids)
    assert "screened against EU list of 2026-11-20, UN list of 2026-02-27" in panel.party.text()
    assert "1 hit" in panel.party.text() and "eu_fsf" not in panel.party.text()
    assert panel.hits.item(0, 0).toolTip() == f"EU Financial Sanctions Files, version {EU_VERSION}"
    assert "1 hit to decide on: Viktor Zhuravlev" in panel.summary.text()
    finish(qtbot, panel.screen_parties(all_parties=True))
    d = w.wb.dossier(w.dossier_id)
    assert sorted({r.party for r in d.screening}) == [0, 1, 2] and len(open_hits(d)) == 2
    _select(parties, 2)
    assert _cells(panel) == [] and "no hit" in panel.party.text()


def test_the_screening_panel_in_dutch_gives_its_dates_in_dutch(qtbot, screened_wizard):
    """In Dutch the lists' versions and the moment of screening are dates as Dutch readers write
    them (the record keeps ISO 8601)."""
    from core import i18n

    w = screened_wizard
    parties = page(w, "parties")
    panel = parties.screening
    _select(parties, 0)
    finish(qtbot, panel.screen_parties(all_parties=False))
    with i18n.language("nl"):
        text = panel._party_text(w.wb.dossier(w.dossier_id), 0)
    assert "gescreend tegen EU-lijst van 20 november 2026, VN-lijst van 27 februari 2026 op " in text
    assert "2026-11-20" not in text and "1 treffer" in text


def test_decide_on_a_hit_with_a_note(qtbot, screened_wizard):
    w = screened_wizard
    parties = page(w, "parties")
    panel = parties.screening
    finish(qtbot, panel.screen_parties(all_parties=True))
    _select(parties, 1)
    panel.hits.selectRow(0)
    assert panel.decide_button.isEnabled()
    dialog = panel.decide()
    assert dialog is not None
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a decision and a note are both needed
    dialog.match.setChecked(True)
    assert not ok.isEnabled()
    dialog.note.setPlainText("Same registration number 1027700000001")
    assert ok.isEnabled()
    ok.click()
    d = w.wb.dossier(w.dossier_id)
    assert [(h.party, h.hit.entry, h.hit.note) for h in matches(d)] == [
        (1, "EU.9002.02", "Same registration number 1027700000001")
    ]
    assert _cells(panel)[0][4:6] == ["match", "Same registration number 1027700000001"]
    assert "Confirmed as listed: ООО Нордвинд Сигнал = EU list entry EU.9002.02" in panel.summary.text()
    assert [e.action for e in w.wb.journal(w.dossier_id)][-1] == "dispose"
    w.go_to("outcome")
    outcome = page(w, "outcome")
    outcome.load()
    text = outcome.browser.toPlainText()
    assert "Sanctions screening" in text and "Confirmed as listed" in text and "1 hit to decide on" in text


def test_the_reasons_are_found_again_for_hits_screened_earlier(qtbot, open_wizard, wb_path):
    _lists(wb_path)
    did = _deal(wb_path, ("end_user", "Viktor Zhuravlev"))
    with Workbook.open(wb_path) as wb:
        wb.screen_dossier(did)
    w = open_wizard(did)
    w.go_to("parties")
    parties = page(w, "parties")
    _select(parties, 0)
    qtbot.waitUntil(lambda: "spelling" in _cells(parties.screening)[0][6])


def test_a_finalised_dossier_cannot_be_screened_or_decided(open_wizard, wb_path):
    _lists(wb_path)
    did = _deal(wb_path, ("end_user", "Viktor Zhuravlev"))
    with Workbook.open(wb_path) as wb:
        wb.screen_dossier(did)
        with chosen_holds():  # signed off for what follows, whatever the holds
            wb.finalise(did, "A. Person", "Compliance")
    w = open_wizard(did)
    w.go_to("parties")
    parties = page(w, "parties")
    _select(parties, 0)
    panel = parties.screening
    panel.hits.selectRow(0)
    assert not any(b.isEnabled() for b in (panel.screen_button, panel.screen_all_button, panel.decide_button))
    assert not parties.up_button.isEnabled() and not parties.remove_button.isEnabled()
    assert panel.screen_parties(all_parties=True) is None and panel.decide() is None


def _record(party: int, name: str, *hits: ScreeningHit) -> ScreeningRecord:
    return ScreeningRecord(party, name, "eu_fsf", EU_VERSION, "2026-11-21T10:00:00+00:00", hits)


@pytest.fixture
def three(open_wizard, wb_path):
    """Three parties, each screened; the second confirmed as a listed entry."""
    did = _deal(
        wb_path,
        ("end_user", "Alpha"),
        ("consignee", "Bravo"),
        ("other", "Charlie"),
        screening=[
            _record(0, "Alpha"),
            _record(1, "Bravo", ScreeningHit("EU.9002.02", "Bravo Listed", 0.9, "match", "same")),
            _record(2, "Charlie", ScreeningHit("EU.9004.04", "Charly", 0.85)),
        ],
    )
    w = open_wizard(did)
    w.go_to("parties")
    return w


def _by_name(d: Dossier) -> dict[str, list[tuple[str, ...]]]:
    """Each party's records, by the party's name: a record must belong to the party it was made for."""
    return {
        p.name or "": [(r.name, *(h.entry for h in r.hits)) for r in d.screening if r.party == i]
        for i, p in enumerate(d.parties)
    }


def test_moving_a_party_moves_its_screening_records_with_it(three):
    w = three
    parties = page(w, "parties")
    before = _by_name(w.wb.dossier(w.dossier_id))
    _select(parties, 1)
    parties.up_button.click()
    d = w.wb.dossier(w.dossier_id)
    assert [p.name for p in d.parties] == ["Bravo", "Alpha", "Charlie"]
    assert _by_name(d) == before
    assert [p.name for p in parties.model.parties] == ["Bravo", "Alpha", "Charlie"]
    assert parties.selected_row() == 0
    parties.down_button.click()
    parties.down_button.click()
    d = w.wb.dossier(w.dossier_id)
    assert [p.name for p in d.parties] == ["Alpha", "Charlie", "Bravo"] and _by_name(d) == before
    assert [(h.party, h.hit.entry) for h in matches(d)] == [(2, "EU.9002.02")]


def test_removing_a_party_removes_its_records_and_renumbers_the_others(three, isolated):
    w = three
    parties = page(w, "parties")
    before = _by_name(w.wb.dossier(w.dossier_id))
    _select(parties, 0)
    isolated["answer"] = [QMessageBox.StandardButton.No]
    parties.remove_button.click()
    assert len(w.wb.dossier(w.dossier_id).parties) == 3  # not confirmed: nothing removed
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    parties.remove_button.click()
    d = w.wb.dossier(w.dossier_id)
    assert [p.name for p in d.parties] == ["Bravo", "Charlie"]
    assert _by_name(d) == {"Bravo": before["Bravo"], "Charlie": before["Charlie"]}
    assert [(h.party, h.hit.entry) for h in matches(d)] == [(0, "EU.9002.02")]
    # removing the party confirmed as listed says so before it is done
    _select(parties, 0)
    parties.remove_button.click()
    assert "confirmed as an entry of a sanctions list" in isolated["question"][-1][1]
    assert [p.name for p in w.wb.dossier(w.dossier_id).parties] == ["Charlie"]
    assert matches(w.wb.dossier(w.dossier_id)) == []


def test_a_party_removed_meanwhile_elsewhere_is_not_removed_twice(three, wb_path, isolated):
    w = three
    parties = page(w, "parties")
    with Workbook.open(wb_path) as other:  # another program removes the first party meanwhile
        from core.dossier import remove_party

        other.edit(w.dossier_id, lambda d: remove_party(d, 0))
    _select(parties, 0)
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    parties.remove_button.click()
    assert [p.name for p in w.wb.dossier(w.dossier_id).parties] == ["Bravo", "Charlie"]
    assert "changed meanwhile" in isolated["critical"][-1][1]


def test_adding_and_renaming_parties_keeps_the_records_in_place(qtbot, three):
    w = three
    parties = page(w, "parties")
    parties.add_button.click()
    model = parties.model
    model.setData(model.index(3, 1), "Delta")
    d = w.wb.dossier(w.dossier_id)
    assert [p.name for p in d.parties] == ["Alpha", "Bravo", "Charlie", "Delta"]
    model.setData(model.index(0, 1), "Alpha Renamed")
    d = w.wb.dossier(w.dossier_id)
    assert [r.party for r in d.screening] == [0, 1, 2]
    _select(parties, 0)
    assert "has not been screened under this name" in parties.screening.party.text()
    assert "Alpha Renamed, Delta" in parties.screening.summary.text()
    assert dataclasses.replace(d.screening[0]).name == "Alpha"


def _decide_bravo(three: Any, disposition: str, note: str) -> Any:
    """The decision dialog on Bravo's hit (confirmed as a match), with ``disposition`` chosen."""
    parties = page(three, "parties")
    _select(parties, 1)
    panel = parties.screening
    panel.hits.selectRow(0)
    dialog = panel.decide()
    assert dialog is not None and dialog.match.isChecked()
    (dialog.false_positive if disposition == "false_positive" else dialog.match).setChecked(True)
    dialog.note.setPlainText(note)
    return dialog


def test_a_match_made_a_false_positive_is_asked_first(three, isolated):
    """Changing a confirmed match to a false positive (which can lift the outcome "restricted party")
    is asked first, naming the party and the entry; No (the default) records nothing and leaves the
    dialog open; Yes records it, with its note, in the history."""
    w = three
    entries = len(w.wb.journal(w.dossier_id))
    dialog = _decide_bravo(w, "false_positive", "Other date of birth: 1971-02-03")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    isolated["answer"] = [QMessageBox.StandardButton.No]
    ok.click()
    ((title, text),) = isolated["question"]
    assert title == "Not a match after all?"
    assert "Bravo" in text and "EU.9002.02" in text and "false positive" in text
    assert dialog.isVisible()  # not recorded: the decision can be chosen again
    assert [h.hit.entry for h in matches(w.wb.dossier(w.dossier_id))] == ["EU.9002.02"]
    assert len(w.wb.journal(w.dossier_id)) == entries
    isolated["answer"] = [QMessageBox.StandardButton.Yes]
    ok.click()
    assert len(isolated["question"]) == 2 and not dialog.isVisible()
    d = w.wb.dossier(w.dossier_id)
    assert matches(d) == []
    hit = d.screening[1].hits[0]
    assert (hit.disposition, hit.note) == ("false_positive", "Other date of birth: 1971-02-03")
    assert [e.action for e in w.wb.journal(w.dossier_id)][entries:] == ["dispose"]


def test_the_question_defaults_to_no(three, isolated, monkeypatch):
    asked: list[tuple[Any, Any]] = []

    def question(_parent: Any, _title: str, _text: str, buttons: Any, default: Any) -> Any:
        asked.append((buttons, default))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = _decide_bravo(three, "false_positive", "Another person")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    assert asked == [(yes | no, no)]


@pytest.mark.parametrize(
    ("key", "recorded"),
    [(Qt.Key.Key_Y, True), (Qt.Key.Key_N, False), (Qt.Key.Key_Return, False), (Qt.Key.Key_Escape, False)],
    ids=["Y", "N", "Enter", "Escape"],
)
def test_the_question_answers_to_the_keyboard(qtbot, three, monkeypatch, key, recorded):
    """Asked as QMessageBox.question asks (a real message box, answered with one key): Y is Yes; N,
    Enter (the default button) and Escape are No."""

    answers: list[Any] = []

    def question(parent: Any, title: str, text: str, buttons: Any, default: Any) -> Any:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
        box.setDefaultButton(default)
        QTimer.singleShot(0, lambda: qtbot.keyClick(box, key))
        answers.append(QMessageBox.StandardButton(box.exec()))
        return answers[-1]

    monkeypatch.setattr(QMessageBox, "question", question)
    w = three
    dialog = _decide_bravo(w, "false_positive", "Another person")
    dialog.activateWindow()
    dialog.note.setFocus()
    qtbot.waitUntil(dialog.note.hasFocus)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)  # on to OK
    assert QApplication.focusWidget() is dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert answers == [QMessageBox.StandardButton.Yes if recorded else QMessageBox.StandardButton.No]
    assert (matches(w.wb.dossier(w.dossier_id)) == []) is recorded
    assert dialog.isVisible() is not recorded


@pytest.mark.parametrize("disposition", ["match", "false_positive"])
def test_no_question_when_no_match_is_lifted(three, isolated, disposition):
    """A match kept a match (its note changed) and an open hit decided either way are not asked."""
    w = three
    dialog = _decide_bravo(w, "match", "Same registration number")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    parties = page(w, "parties")
    _select(parties, 2)  # Charlie: an open hit
    panel = parties.screening
    panel.hits.selectRow(0)
    dialog = panel.decide()
    assert dialog is not None
    (dialog.false_positive if disposition == "false_positive" else dialog.match).setChecked(True)
    dialog.note.setPlainText("Checked the address")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert isolated["question"] == []
    d = w.wb.dossier(w.dossier_id)
    assert [h.disposition for r in d.screening for h in r.hits] == ["match", disposition]
