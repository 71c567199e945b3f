"""The transaction page of version 2 (issue 14): the exporter's customs id (EORI) and the transaction
section (quantity, value and currency, contract reference and date, planned export date), dates that
may be empty and are never stored when mistyped; a round trip through the page keeps every field it
does not show."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from core import i18n
from core.dossier import AuthorityReply, Exporter, Transaction
from core.store import Workbook
from gui import fields
from tests.gui.conftest import page


def _with_v2_fields(path: Path) -> None:
    """The Kenya draft given what an import of a version 2 file can give it."""
    with Workbook.open(path) as wb:
        wb.edit(
            "kenya",
            lambda d: dataclasses.replace(
                d,
                exporter=Exporter(name="Acme BV", country="NL", customs_id="NL123456789"),
                transaction=Transaction(
                    quantity="10 licences",
                    value=125000.0,
                    currency="USD",
                    contract_reference="C-17",
                    contract_date="2026-03-01",
                    planned_export_date="2026-09-01",
                    export_date="2026-09-15",
                ),
                authority_reply=AuthorityReply("notification", sent_on="2026-04-01"),
            ),
        )


def test_a_round_trip_through_the_page_keeps_every_field_it_does_not_show(
    qtbot: Any, wb_path: Path, open_wizard: Any
) -> None:
    _with_v2_fields(wb_path)
    w = open_wizard("kenya")
    transaction = page(w, "transaction")
    before = w.wb.dossier("kenya")
    transaction.fields["exporter_name"].setText("Acme Nederland BV")
    transaction.flush()
    after = w.wb.dossier("kenya")
    assert after.exporter.name == "Acme Nederland BV"
    assert after.exporter.customs_id == "NL123456789"
    assert after.transaction == before.transaction  # the export date too, which the page does not show
    assert after.authority_reply == before.authority_reply


def test_the_page_edits_the_customs_id_and_the_transaction(
    qtbot: Any, wb_path: Path, open_wizard: Any
) -> None:
    _with_v2_fields(wb_path)
    w = open_wizard("kenya")
    t = page(w, "transaction")
    assert t.fields["customs_id"].text() == "NL123456789"
    assert t.fields["quantity"].text() == "10 licences"
    assert t.currency.currentData() == "USD"
    assert t.dates["contract_date"].text() == "2026-03-01"
    t.fields["customs_id"].setText("NL987654321")
    t.fields["quantity"].setText("12 licences")
    t.value.setText("99.5")
    t.currency.setCurrentIndex(t.currency.findData("EUR"))
    t.fields["contract_reference"].setText("C-18")
    t.dates["planned_export_date"].setText("2026-10-02")
    t.dates["contract_date"].setText("")
    t.flush()
    d = w.wb.dossier("kenya")
    assert d.exporter.customs_id == "NL987654321"
    assert d.transaction == Transaction(
        quantity="12 licences",
        value=99.5,
        currency="EUR",
        contract_reference="C-18",
        contract_date=None,
        planned_export_date="2026-10-02",
        export_date="2026-09-15",
    )


def test_a_new_dossier_offers_euros_and_stores_no_currency_without_a_value(
    qtbot: Any, open_wizard: Any
) -> None:
    w = open_wizard("blank")
    t = page(w, "transaction")
    assert t.currency.currentData() == "EUR"
    t.fields["quantity"].setText("1 unit")
    t.flush()
    assert w.wb.dossier("blank").transaction == Transaction(quantity="1 unit")
    t.value.setText("10")
    t.flush()
    assert w.wb.dossier("blank").transaction == Transaction(quantity="1 unit", value=10.0, currency="EUR")


def test_a_mistyped_date_or_value_is_marked_and_never_stored(qtbot: Any, open_wizard: Any) -> None:
    w = open_wizard("blank")
    t = page(w, "transaction")
    t.show()
    t.dates["planned_export_date"].setText("2026-09-01")
    t.flush()
    assert w.wb.dossier("blank").transaction.planned_export_date == "2026-09-01"
    for typed in ("2026-13-01", "1.9.2026", "2026-02-30"):
        t.dates["planned_export_date"].setText(typed)
        t.flush()
        assert w.wb.dossier("blank").transaction.planned_export_date == "2026-09-01"  # kept, not changed
        assert t.problem_of(t.dates["planned_export_date"]), typed
    t.value.setText("-5")
    t.flush()
    assert w.wb.dossier("blank").transaction.value is None
    assert t.problem_of(t.value)
    t.value.setText("")
    t.dates["planned_export_date"].setText("")
    t.flush()
    assert not t.problem_of(t.value) and not t.problem_of(t.dates["planned_export_date"])
    assert w.wb.dossier("blank").transaction.planned_export_date is None


def test_the_transaction_fields_are_read_only_on_a_finalised_dossier(
    qtbot: Any, wb_path: Path, open_wizard: Any
) -> None:
    with Workbook.open(wb_path) as wb:
        wb.finalise("example", "A. Officer", "Compliance", accept_holds="test")
    w = open_wizard("example")
    t = page(w, "transaction")
    assert t.fields["customs_id"].isReadOnly() and t.dates["contract_date"].isReadOnly()
    assert t.value.isReadOnly() and not t.currency.isEnabled()


def test_keyboard_only_the_value_takes_a_number(qtbot: Any, open_wizard: Any) -> None:
    w = open_wizard("blank")
    t = page(w, "transaction")
    t.value.setFocus()
    qtbot.keyClicks(t.value, "1250.50")
    qtbot.keyClick(t.value, Qt.Key.Key_Tab)
    t.flush()
    assert w.wb.dossier("blank").transaction.value == 1250.5


def _with_value(path: Path, value: float) -> None:
    with Workbook.open(path) as wb:
        wb.edit(
            "kenya",
            lambda d: dataclasses.replace(d, transaction=Transaction(value=value, currency="EUR")),
        )


@pytest.mark.parametrize(
    ("lang", "shown", "example"), [("en", "48500.00", "125000.00"), ("nl", "48.500,00", "125.000,00")]
)
def test_a_stored_value_is_shown_in_the_program_s_language_with_two_decimals(
    qtbot: Any, wb_path: Path, open_wizard: Any, lang: str, shown: str, example: str
) -> None:
    """A new user saw 48500.0 come back as "48500" under a placeholder "zoals 125.000,00": the value is
    shown as the program's language writes amounts, with two decimals, and opening the page changes
    nothing in the record."""
    i18n.set_language(lang)
    _with_value(wb_path, 48500.0)
    entries = len(Workbook.open(wb_path).journal("kenya"))
    w = open_wizard("kenya")
    t = page(w, "transaction")
    assert t.value.text() == shown
    assert example in t.value.placeholderText()
    assert not t.problem_of(t.value)
    t.flush()
    w.go_to("parties")
    assert w.wb.dossier("kenya").transaction.value == 48500.0
    assert len(w.wb.journal("kenya")) == entries  # nothing stored just because the page was opened
    # the text shown, typed again as it is, is the same amount: nothing to store either
    t.value.clear()
    qtbot.keyClicks(t.value, shown)
    t.flush()
    assert not t.problem_of(t.value)
    assert w.wb.dossier("kenya").transaction.value == 48500.0
    assert len(w.wb.journal("kenya")) == entries


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(
    "value", [0.0, 0.1, 0.5, 99.5, 1250.05, 48500.0, 1234567.891, 0.0000001, 125000.125, 2.0**53 - 1]
)
def test_an_amount_shown_reads_back_as_the_same_number(qtbot: Any, lang: str, value: float) -> None:
    """The text shown for an amount, read by a field that did not show it (so not from what it
    remembers), is exactly the stored number: at least two decimals, and all those the number has."""
    i18n.set_language(lang)
    shown = fields.AmountField()
    qtbot.addWidget(shown)
    shown.set_value(value)
    text = shown.text()
    decimals = text.rpartition("," if lang == "nl" else ".")[2]
    assert len(decimals) >= 2 and decimals.isdigit(), text
    typed = fields.AmountField()
    qtbot.addWidget(typed)
    typed.setText(text)
    assert typed.problem() == "" and typed.value() == value, text


def test_dutch_amounts_are_read_as_dutch_and_a_decimal_point_still_works(qtbot: Any) -> None:
    i18n.set_language("nl")
    field = fields.AmountField()
    qtbot.addWidget(field)
    for typed, value in (("48.500,00", 48500.0), ("48500,5", 48500.5), ("1250.50", 1250.5), ("7", 7.0)):
        field.setText(typed)
        assert field.value() == value, typed
    field.setText("12,3,4")
    assert field.value() is None and "1.250,50" in field.problem()
