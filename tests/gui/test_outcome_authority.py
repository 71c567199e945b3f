"""The outcome page shows the competent authority exactly for the outcomes that call for a message to
it: one rule, ``contract.REPLY_KIND_FOR_OUTCOME``, which the reply dialog follows too."""

from __future__ import annotations

from typing import Any

import pytest

from core import contract
from core.i18n import _
from tests.gui.conftest import page


def _shows_the_authority(w: Any) -> bool:
    outcome = page(w, "outcome")
    outcome.load()
    return bool(_("Competent authority") in outcome.browser.toPlainText())


def test_an_outcome_that_calls_for_a_message_shows_the_authority(qtbot: Any, open_wizard: Any) -> None:
    w = open_wizard("example")
    assert _shows_the_authority(w)
    assert page(w, "outcome").outcome_id == "notify_legitimate"


def test_the_page_follows_the_contract_s_rule(
    qtbot: Any, open_wizard: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = open_wizard("example")
    rule = {k: v for k, v in contract.REPLY_KIND_FOR_OUTCOME.items() if k != "notify_legitimate"}
    monkeypatch.setattr(contract, "REPLY_KIND_FOR_OUTCOME", rule)
    assert not _shows_the_authority(w)
