"""The transaction page: title, reference, exporter (with its customs id, the EORI number), item,
destination, member state, stated end use, and the transaction itself (version 2 of the dossier
format: quantity, value and currency, contract reference and date, planned export date).

Saving applies the page's fields to the dossier as stored, field by field: what the page does not show
(the actual export date, recorded in the Dossier menu) is kept as it is, and a date or value that
cannot be read is marked and not stored (the stored one is kept)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from core import contract
from core.content import Step
from core.countries import all_currencies
from core.dossier import Dossier
from core.i18n import N_, _
from gui import fields
from gui.wizard.pages.base import DossierPage, Host, guide
from gui.wizard.widgets import ComboBox, CountryCombo, Debounce, problem_label, show_read_only

# The kinds of item (core.contract.ITEM_KINDS) as the page names them.
ITEM_KINDS = {
    "software": N_("Software"),
    "hardware": N_("Hardware"),
    "technology": N_("Technology"),
    "service": N_("Service"),
}


class TransactionPage(DossierPage):
    KIND = "transaction"

    def __init__(self, dw: Host, step: Step) -> None:
        super().__init__(dw, step.title, step.intro)
        self.fields: dict[str, QWidget] = {}
        self.problems: dict[CountryCombo, QLabel] = {}  # why what was typed in a country was not taken
        self.field_problems: dict[fields.DateField | fields.AmountField, QLabel] = {}
        form = QFormLayout()
        self.layout_.addLayout(form)

        def line(key: str, label: str, guidance: str) -> QLineEdit:
            edit = QLineEdit()
            guide(edit, guidance)
            edit.textChanged.connect(lambda _t: self._save.poke())
            self.fields[key] = edit
            form.addRow(label, edit)
            return edit

        self._save = Debounce(self.save, self)
        self.title_edit = line(
            "title",
            _("&Title:"),
            _(
                "A short name for this transaction, such as the item and the end user. Required; "
                "at most 200 characters."
            ),
        )
        self.title_edit.setMaxLength(contract.TITLE_MAX)
        self.title_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        line("reference", _("&Reference:"), _("Your own reference, such as an order or file number."))
        line("exporter_name", _("E&xporter:"), _("The exporter's legal name."))
        line("exporter_address", _("Exporter address:"), _("The exporter's address."))
        self.exporter_country = CountryCombo()
        guide(self.exporter_country, _("The country where the exporter is established."))
        self.exporter_country.changed.connect(self.save)
        form.addRow(_("Exporter country:"), self.exporter_country)
        self._problem_row(form, self.exporter_country)
        line(
            "exporter_contact",
            _("Exporter contact:"),
            _("Who at the exporter answers questions on this dossier."),
        )
        line(
            "customs_id",
            _("Exporter's cu&stoms number (EORI):"),
            _("The exporter's EORI number, as on the export declaration, such as NL123456789."),
        )
        line("item_name", _("&Item:"), _("The item's name as it appears on the invoice or order."))
        line("item_version", _("Item version:"), _("Model, version or release."))
        self.item_kind = ComboBox()
        guide(self.item_kind, _("Whether the item is software, hardware, technology or a service."))
        self.item_kind.addItem("", None)
        for kind, kind_label in ITEM_KINDS.items():
            self.item_kind.addItem(_(kind_label), kind)
        self.item_kind.currentIndexChanged.connect(lambda _i: self.save())
        form.addRow(_("Item kind:"), self.item_kind)
        self.item_description = QPlainTextEdit()
        self.item_description.setTabChangesFocus(True)
        self.item_description.setMaximumHeight(80)
        self.item_description.textChanged.connect(self._save.poke)
        guide(self.item_description, _("What the item is and does, in a few sentences."))
        form.addRow(_("Item description:"), self.item_description)
        self.destination = CountryCombo()
        guide(self.destination, _("The country where the item goes to its end user."))
        self.destination.changed.connect(self.save)
        label = QLabel(_("&Destination:"))
        label.setBuddy(self.destination)
        form.addRow(label, self.destination)
        self._problem_row(form, self.destination)
        self.member_state = CountryCombo(codes=list(self.content.member_states))
        guide(
            self.member_state,
            _(
                "The EU member state whose competent authority applies: where you export from. "
                "The Netherlands' CDIU unless you choose otherwise."
            ),
        )
        self.member_state.changed.connect(self.save)
        form.addRow(_("Member state:"), self.member_state)
        self._problem_row(form, self.member_state)
        self.end_use = QPlainTextEdit()
        self.end_use.setTabChangesFocus(True)
        self.end_use.setMaximumHeight(80)
        self.end_use.textChanged.connect(self._save.poke)
        guide(
            self.end_use,
            _("The end use as the customer states it. You judge its credibility in the due diligence."),
        )
        form.addRow(_("Stated end &use:"), self.end_use)
        self._transaction_rows(form, line)
        self._loading = False

    def _transaction_rows(self, form: QFormLayout, line: Any) -> None:
        """The transaction (version 2): quantity, value and currency, contract, planned export date."""
        line("quantity", _("&Quantity:"), _("How many items, licences or units, such as “10 licences”."))
        self.value = fields.AmountField()
        guide(
            self.value,
            _("The value of the transaction (a number of at least 0) in the currency chosen beside it."),
        )
        self.value.textChanged.connect(lambda _t: self._save.poke())
        self.currency = ComboBox()
        guide(self.currency, _("The currency of the value (ISO 4217)."))
        for code, name in all_currencies():
            self.currency.addItem(f"{code} – {name}", code)
        self.currency.currentIndexChanged.connect(lambda _i: self._save.poke())
        row = QHBoxLayout()
        row.addWidget(self.value, 2)
        row.addWidget(self.currency, 1)
        label = QLabel(_("&Value:"))
        label.setBuddy(self.value)
        form.addRow(label, row)
        self._field_problem(form, self.value)
        line(
            "contract_reference", _("Contract re&ference:"), _("The number or name of the contract or order.")
        )
        self.dates: dict[str, fields.DateField] = {}
        for key, text, guidance in (
            ("contract_date", _("Contr&act date:"), _("When the contract was made (YYYY-MM-DD).")),
            (
                "planned_export_date",
                _("&Planned export date:"),
                _(
                    "When the items are to leave (YYYY-MM-DD). Until the actual export date is recorded "
                    "(Dossier menu), the record is kept five years from the end of this year."
                ),
            ),
        ):
            date = self.dates[key] = fields.DateField()
            guide(date, guidance)
            date.textChanged.connect(lambda _t: self._save.poke())
            label = QLabel(text)
            label.setBuddy(date)
            form.addRow(label, date)
            self._field_problem(form, date)

    def _field_problem(self, form: QFormLayout, field: fields.DateField | fields.AmountField) -> None:
        label = fields.problem_label(field)
        self.field_problems[field] = label
        form.addRow("", label)

    def problem_of(self, field: fields.DateField | fields.AmountField) -> str:
        """What the page says is wrong with what was typed in ``field`` ("" when nothing)."""
        label = self.field_problems[field]
        return label.text() if not label.isHidden() else ""

    def _problem_row(self, form: QFormLayout, combo: CountryCombo) -> None:
        label = problem_label(combo)
        self.problems[combo] = label
        form.addRow("", label)

    def isComplete(self) -> bool:
        return bool(self.title_edit.text().strip())

    def load(self) -> None:
        d = self.dw.dossier
        self._loading = True
        values = {
            "title": d.title,
            "reference": d.reference,
            "exporter_name": d.exporter.name,
            "exporter_address": d.exporter.address,
            "exporter_contact": d.exporter.contact,
            "customs_id": d.exporter.customs_id,
            "item_name": d.item.name,
            "item_version": d.item.version,
            "quantity": d.transaction.quantity,
            "contract_reference": d.transaction.contract_reference,
        }
        for key, value in values.items():
            edit = self.fields[key]
            assert isinstance(edit, QLineEdit)
            if edit.text() != (value or ""):
                edit.setText(value or "")
        self.exporter_country.set_code(d.exporter.country)
        self.item_kind.setCurrentIndex(max(0, self.item_kind.findData(d.item.kind)))
        for edit, value in ((self.item_description, d.item.description), (self.end_use, d.stated_end_use)):
            if edit.toPlainText() != (value or ""):
                edit.setPlainText(value or "")
        self.destination.set_code(d.destination_country)
        self.member_state.set_code(d.member_state)
        t = d.transaction
        self.value.set_value(t.value)
        currency = t.currency or contract.DEFAULT_CURRENCY
        if self.currency.findData(currency) < 0:  # a code pycountry does not know (any more): kept
            self.currency.addItem(currency, currency)
        self.currency.setCurrentIndex(self.currency.findData(currency))
        self.dates["contract_date"].set_value(t.contract_date)
        self.dates["planned_export_date"].set_value(t.planned_export_date)
        self._loading = False

    def save(self) -> None:
        if self._loading or self.dw.frozen or not self.title_edit.text().strip():
            return
        change = self._change()
        if change(self.dw.dossier) != self.dw.dossier:
            self.dw.save_changes(change)

    def _change(self) -> Callable[[Dossier], Dossier]:
        """What the page's fields change, applied to a dossier field by field (what the page does not
        show, and a field that cannot be read, keep their values)."""

        def text(key: str) -> str | None:
            edit = self.fields[key]
            assert isinstance(edit, QLineEdit)
            return edit.text().strip() or None

        title = self.title_edit.text().strip()
        exporter: dict[str, Any] = dict(
            name=text("exporter_name"),
            address=text("exporter_address"),
            country=self.exporter_country.code(),
            contact=text("exporter_contact"),
            customs_id=text("customs_id"),
        )
        item: dict[str, Any] = dict(
            name=text("item_name"),
            version=text("item_version"),
            kind=self.item_kind.currentData(),
            description=self.item_description.toPlainText().strip() or None,
        )
        top: dict[str, Any] = dict(
            reference=text("reference"),
            destination_country=self.destination.code(),
            member_state=self.member_state.code() or self.content.default_member_state,
            stated_end_use=self.end_use.toPlainText().strip() or None,
        )
        transaction: dict[str, Any] = dict(
            quantity=text("quantity"), contract_reference=text("contract_reference")
        )
        if not self.value.problem():
            transaction["value"] = self.value.value()
        for key, date in self.dates.items():
            if not date.problem():
                transaction[key] = date.value()
        chosen_currency = self.currency.currentData()

        def change(d: Dossier) -> Dossier:
            t = dataclasses.replace(d.transaction, **transaction)
            # a currency goes with a value; without one the stored currency (if any) is kept
            t = dataclasses.replace(
                t, currency=chosen_currency if t.value is not None else d.transaction.currency
            )
            return dataclasses.replace(
                d,
                title=title,
                exporter=dataclasses.replace(d.exporter, **exporter),
                item=dataclasses.replace(d.item, **item),
                transaction=t,
                **top,
            )

        return change

    def set_read_only(self, read_only: bool) -> None:
        for w in self.fields.values():
            if isinstance(w, QLineEdit):
                show_read_only(w, read_only)
        for p in self.body.findChildren(QPlainTextEdit):
            show_read_only(p, read_only)
        for f in (self.value, *self.dates.values()):
            show_read_only(f, read_only)
        for c in (self.exporter_country, self.item_kind, self.destination, self.member_state, self.currency):
            c.setEnabled(not read_only)
