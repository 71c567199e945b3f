"""Edit > Undo names a change in words, as the history does (core.words.FIELD_WORDS): never a field's
key such as "transaction"."""

from __future__ import annotations

import dataclasses
from typing import Any

from core.dossier import Dossier
from core.i18n import _
from core.words import FIELD_WORDS
from gui.wizard.undo import NOT_UNDONE, describe
from tests.gui.conftest import page


def test_undo_names_a_change_on_the_transaction_page_in_words(qtbot: Any, open_wizard: Any) -> None:
    w = open_wizard("blank")
    transaction = page(w, "transaction")
    transaction.fields["quantity"].setText("10 licences")
    transaction.flush()
    assert w.wb.dossier("blank").transaction.quantity == "10 licences"
    assert w.act_undo.isEnabled()
    assert w.act_undo.text() == _("&Undo: {change}").format(change="Transaction"), w.act_undo.text()


def test_undo_names_every_field_it_undoes_as_the_history_does(qtbot: Any, open_wizard: Any) -> None:
    content = open_wizard("blank").content
    for field in dataclasses.fields(Dossier):
        if field.name in NOT_UNDONE or field.name == "answers":  # an answer is named by its question
            continue
        assert field.name in FIELD_WORDS, field.name
        assert describe(content, frozenset({field.name})) == _(FIELD_WORDS[field.name])
