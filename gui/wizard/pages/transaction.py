"""The transaction page: title, reference, exporter, item, destination, member state and stated end use."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from core import contract
from core.content import Step
from core.dossier import Exporter, Item
from core.i18n import N_, _
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
        self._loading = False

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
            "item_name": d.item.name,
            "item_version": d.item.version,
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
        self._loading = False

    def save(self) -> None:
        if self._loading or self.dw.frozen or not self.title_edit.text().strip():
            return

        def text(key: str) -> str | None:
            edit = self.fields[key]
            assert isinstance(edit, QLineEdit)
            return edit.text().strip() or None

        fields: dict[str, Any] = dict(
            title=self.title_edit.text().strip(),
            reference=text("reference"),
            exporter=Exporter(
                name=text("exporter_name"),
                address=text("exporter_address"),
                country=self.exporter_country.code(),
                contact=text("exporter_contact"),
            ),
            item=Item(
                name=text("item_name"),
                version=text("item_version"),
                kind=self.item_kind.currentData(),
                description=self.item_description.toPlainText().strip() or None,
            ),
            destination_country=self.destination.code(),
            member_state=self.member_state.code() or self.content.default_member_state,
            stated_end_use=self.end_use.toPlainText().strip() or None,
        )
        if dataclasses.replace(self.dw.dossier, **fields) != self.dw.dossier:
            self.dw.save_changes(lambda d: dataclasses.replace(d, **fields))

    def set_read_only(self, read_only: bool) -> None:
        for w in self.fields.values():
            if isinstance(w, QLineEdit):
                show_read_only(w, read_only)
        for p in self.body.findChildren(QPlainTextEdit):
            show_read_only(p, read_only)
        for c in (self.exporter_country, self.item_kind, self.destination, self.member_state):
            c.setEnabled(not read_only)
