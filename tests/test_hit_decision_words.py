"""The decisions on a screening hit (``open``, ``false_positive``, ``match``) in one set of words
(core.words): the report prints a decision as the history tells it and the screening panel shows it."""

from __future__ import annotations

from core import contract, history
from core.words import HIT_DECISION_WORDS
from tests.test_report_screening import _text, screened


def test_every_decision_has_its_words() -> None:
    assert set(HIT_DECISION_WORDS) == set(contract.HIT_DISPOSITIONS)


def test_the_report_prints_each_decision_as_the_history_tells_it() -> None:
    lines = _text(screened()).splitlines()
    # each hit's row of the report: entry, name on the list, score, decision (and its note)
    for entry, code in (("EU.9001.01", "false_positive"), ("EU.9002.02", "match"), ("EU.9004.04", "open")):
        at = lines.index(entry)
        assert lines[at + 3] == history._disposition(code), (entry, lines[at : at + 5])
