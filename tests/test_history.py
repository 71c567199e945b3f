"""A dossier's history in words (core.history): who, when, which question by its label, old and new
answers as their options' labels, the sign-off, evidence added, and how the dossier came to be
(created in the program, imported, a copy of another); the report prints it instead of internal ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from core.content import default_content
from core.dossier import Answer, Dossier, RedFlagEntry, dossier_from_json
from core.history import Event, timeline
from core.store import Workbook
from tests.conftest import example


def _text(events: list[Event]) -> str:
    return "\n".join(f"{e.at} {e.actor} {e.what}: " + " | ".join(e.details) for e in events)


def _history(wb: Workbook, did: str) -> list[Event]:
    titles = {s.id: s.title for s in wb.summaries()}
    return timeline(wb.journal(did), default_content(), titles)


@pytest.fixture
def wb(tmp_path: Path):
    with Workbook.open(tmp_path / "h.ddwb", actor="A. Analyst") as w:
        d = example()
        d.pop("evidence")
        d["answers"]["annex_i_listed"] = "no"
        d["id"] = "ex"
        w.import_dossiers([dossier_from_json(d)])
        yield w


def test_a_dossier_created_in_the_program_says_so_and_never_imported(wb):
    did = wb.create(Dossier(title="New dossier", member_state="NL"))
    assert [e.action for e in wb.journal(did)] == ["create"]
    [event] = _history(wb, did)
    assert event.what == "Created in the program" and event.actor == "A. Analyst"
    assert "mport" not in _text(_history(wb, did))


def test_an_imported_dossier_and_one_from_an_older_workbook(wb):
    [event] = _history(wb, "ex")
    assert event.what == "Imported from a dossier file"
    assert event.details == ("with 12 answers, 1 party, 0 evidence entries",)
    # before "create" existed, a dossier made in the program was journaled as imported: said as it is
    [old] = wb.import_dossiers([Dossier(title="New dossier", member_state="NL")])
    [event] = _history(wb, old)
    assert event.what == "Created as an empty dossier (in the program, or imported from an empty file)"


def test_a_copy_names_its_original(wb):
    copy = wb.duplicate("ex")
    [event] = _history(wb, copy)
    assert event.what == "Created as a copy of “Lawful interception analytics for AE police” (ex)"
    wb.delete(copy)
    other = wb.duplicate("ex")
    wb.delete("ex")
    [event] = _history(wb, other)
    assert event.what == "Created as a copy of dossier ex (no longer in the workbook)"


@pytest.mark.usefixtures("fake_holds")  # signed off for what follows, whatever the holds
def test_changes_are_told_in_words(wb, tmp_path):
    wb.set_answer("ex", "covert", Answer("no", "checked with the vendor"))
    wb.set_answer("ex", "capabilities", Answer(("analysing", "monitoring"), None))
    wb.set_answer("ex", "internal_repression", None)
    wb.edit(
        "ex",
        lambda d: dataclasses.replace(
            d,
            destination_country="KE",
            item=dataclasses.replace(d.item, name="NetSight Pro"),
            parties=[
                *d.parties,
                dataclasses.replace(d.parties[0], name="Ministry of Interior", role="consignee"),
            ],
            red_flags=[RedFlagEntry("targets_groups", "resolved", "asked about journalists")],
        ),
    )
    note = tmp_path / "minutes.txt"
    note.write_text("minutes of the meeting")
    wb.attach("ex", note, question="covert", description="Meeting minutes")
    wb.finalise("ex", "J. Jansen", "Compliance officer", dt.date(2026, 11, 20), 2027)
    text = _text(_history(wb, "ex"))
    for expected in (
        "Covert surveillance: Yes → No",
        "Covert surveillance, reason: (none) → “checked with the vendor”",
        "Capabilities: Collecting, Analysing → Analysing, Monitoring",
        "Internal repression: Theoretical risk only → (no answer)",
        "Destination: United Arab Emirates (AE) → Kenya (KE)",
        "Item, name: “NetSight” → “NetSight Pro”",
        "Party added: Ministry of Interior (Consignee, Police, United Arab Emirates (AE))",
        "status: present → resolved",
        "Evidence added: minutes.txt (22 bytes) | described as “Meeting minutes” | "
        "for the question “Covert surveillance”",
        "Signed off: by J. Jansen (Compliance officer) on 2026-11-20 | the record is kept until "
        "2032-12-31: the end of the export year recorded at sign-off, 2027, plus five years",
    ):
        assert expected in text, (expected, text)
    for internal in ("answers.", "dd_", "red_flags", "destination_country", "edit", "attach", "finalise"):
        assert internal not in text, (internal, text)


def test_the_edits_of_one_minute_are_one_event(wb):
    for value in ("no", "uncertain", "yes"):
        wb.set_answer("ex", "covert", Answer(value, None))
    events = _history(wb, "ex")
    assert [e.what for e in events] == ["Imported from a dossier file", "Changed"]
    assert events[1].details == (
        "Covert surveillance: Yes → No",
        "Covert surveillance: No → Uncertain",
        "Covert surveillance: Uncertain → Yes",
    )


def test_the_report_prints_the_history_in_words(wb, tmp_path):
    from pypdf import PdfReader

    from core.report import report_input
    from core.report.record import read_record
    from core.report.writing import write_reports

    wb.set_answer("ex", "covert", Answer("no", None))
    target = tmp_path / "report.pdf"
    write_reports(report_input(read_record(wb, "ex")), target)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(target)).pages)
    history = text[text.index("6. Change history") :]
    assert "Imported from a dossier file" in history
    assert "Covert surveillance: Yes → No" in history
    assert "answers.covert" not in text and "A. Analyst" in history
