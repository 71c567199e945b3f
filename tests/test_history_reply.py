"""The history in words of what version 2 added (issue 14): the authority's reply and the actual
export date (edits of a draft, and annotations after sign-off, with the retention date that follows),
the transaction and the exporter's customs id: each part by its name, codes as words, never JSON."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from core.content import default_content
from core.dossier import AuthorityReply, Transaction, dossier_from_json
from core.history import Event, timeline
from core.store import Workbook
from tests.conftest import complete_example


def _lines(wb: Workbook, did: str) -> list[str]:
    events: list[Event] = timeline(wb.journal(did), default_content(), {})
    return [f"{e.what}: {line}" for e in events for line in e.details]


@pytest.fixture
def wb(tmp_path: Path):
    with Workbook.open(tmp_path / "h.ddwb", actor="A. Analyst") as w:
        d = complete_example()
        d.pop("evidence")
        d["answers"]["annex_i_listed"] = "no"
        d["id"] = "ex"
        w.import_dossiers([dossier_from_json(d)])
        yield w


def test_the_reply_on_a_draft_reads_as_words(wb: Workbook) -> None:
    wb.set_authority_reply("ex", AuthorityReply("notification", sent_on="2026-04-01", decision="pending"))
    wb.set_authority_reply(
        "ex",
        AuthorityReply(
            "notification", sent_on="2026-04-01", decision="authorisation_required", decided_on="2026-05-02"
        ),
    )
    lines = _lines(wb, "ex")
    assert "Changed: Authority's reply, what was sent: (none) → notification" in lines
    assert "Changed: Authority's reply, sent on: (none) → 2026-04-01" in lines
    assert "Changed: Authority's reply, decision: (none) → pending" in lines
    assert "Changed: Authority's reply, decision: pending → authorisation required" in lines
    assert "Changed: Authority's reply, decided on: (none) → 2026-05-02" in lines
    assert not any("{" in line or "authority_reply" in line for line in lines)


def test_the_annotations_after_sign_off_and_the_retention_date_read_as_words(wb: Workbook) -> None:
    wb.finalise("ex", "A. Officer", "Compliance", export_year=2026, accept_holds="a test")
    wb.set_authority_reply("ex", AuthorityReply("notification", sent_on="2026-04-01"))
    wb.set_export_date("ex", "2027-03-15")
    lines = _lines(wb, "ex")
    assert "Recorded after sign-off: Authority's reply, what was sent: (none) → notification" in lines
    assert "Recorded after sign-off: Authority's reply, sent on: (none) → 2026-04-01" in lines
    assert "Recorded after sign-off: Actual export date: (none) → 2027-03-15" in lines
    assert "Recorded after sign-off: The record is kept until: 2031-12-31 → 2032-12-31" in lines
    assert not any("annotate" in line or "transaction.export_date" in line for line in lines)


def test_the_transaction_and_the_customs_id_read_as_words(wb: Workbook) -> None:
    wb.edit(
        "ex",
        lambda d: dataclasses.replace(
            d,
            exporter=dataclasses.replace(d.exporter, customs_id="NL123456789"),
            transaction=Transaction(quantity="10 licences", value=125000.0, currency="EUR"),
        ),
    )
    wb.edit(
        "ex",
        lambda d: dataclasses.replace(
            d, transaction=dataclasses.replace(d.transaction, planned_export_date="2026-09-01")
        ),
    )
    lines = _lines(wb, "ex")
    assert "Changed: Exporter, customs number (EORI): (none) → “NL123456789”" in lines
    assert "Changed: Transaction, quantity: (none) → “10 licences”" in lines
    assert "Changed: Transaction, value: (none) → 125 000.00" in lines
    assert "Changed: Transaction, currency: (none) → EUR" in lines
    assert "Changed: Transaction, planned export date: (none) → 2026-09-01" in lines
