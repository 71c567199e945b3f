"""Undo in a dossier's window: each change the window saves (an answer, a field, the parties, the red
flags, the measures) becomes a step on a ``QUndoStack``; undoing saves the parts it changed back as
they were, as a change of its own (journaled like any other). Consecutive saves made while typing in
the same field are one step. Evidence is not undone here (removing a file asks first), and nothing
that was changed by another program is overwritten: the window clears its steps when that happens.

The parts are the dossier's fields (``dataclasses.fields(Dossier)``, so that a field added to the
model is covered) and, for the answers, each answer's value and rationale; an answer keeps the
evidence it has now."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from core.content import Content
from core.dossier import Answer, Dossier
from core.i18n import _
from core.words import FIELD_WORDS

NOT_UNDONE = frozenset({"id", "evidence", "sign_off"})
ANSWER = "answers."


def _bare(answer: Answer | None) -> tuple[object, str | None] | None:
    """What of an answer is undone: its value and rationale (None when it has neither)."""
    if answer is None or (answer.value is None and not answer.rationale):
        return None
    return (answer.value, answer.rationale)


def changed_parts(before: Dossier, after: Dossier) -> frozenset[str]:
    """The parts that differ: field names, and ``answers.<question id>`` for each answer."""
    parts = set()
    for field in dataclasses.fields(Dossier):
        if field.name in NOT_UNDONE:
            continue
        if field.name == "answers":
            for qid in dict.fromkeys([*before.answers, *after.answers]):
                if _bare(before.answers.get(qid)) != _bare(after.answers.get(qid)):
                    parts.add(ANSWER + qid)
        elif getattr(before, field.name) != getattr(after, field.name):
            parts.add(field.name)
    return frozenset(parts)


def put_back(dossier: Dossier, source: Dossier, parts: frozenset[str]) -> Dossier:
    """``dossier`` with ``parts`` as ``source`` has them (answers keep the evidence they have now)."""
    answers = dict(dossier.answers)
    fields: dict[str, Any] = {}
    for part in parts:
        if not part.startswith(ANSWER):
            fields[part] = getattr(source, part)
            continue
        qid = part[len(ANSWER) :]
        now = answers.get(qid)
        evidence = now.evidence if now is not None else ()
        old = source.answers.get(qid)
        if _bare(old) is not None:
            assert old is not None
            answers[qid] = dataclasses.replace(old, evidence=evidence)
        elif evidence:
            answers[qid] = Answer(value=None, evidence=evidence)
        else:
            answers.pop(qid, None)
    return dataclasses.replace(dossier, answers=answers, **fields)


def describe(content: Content, parts: frozenset[str]) -> str:
    """The change as the Edit menu names it: the question's label or the field's name."""
    names = []
    for part in sorted(parts):
        if part.startswith(ANSWER):
            qid = part[len(ANSWER) :]
            names.append(content.question(qid).label if content.has_question(qid) else qid)
        else:
            names.append(_(FIELD_WORDS[part]) if part in FIELD_WORDS else part)
    return ", ".join(names[:2]) + (", …" if len(names) > 2 else "")


class Change(QUndoCommand):
    """One saved change: ``apply(source, parts)`` saves ``parts`` as ``source`` has them (the dossier
    before the change to undo it, after it to redo it). Pushed once the change has been saved, so the
    first ``redo`` does nothing."""

    TYPING = 1  # the id of a change made while typing: merged with the one before of the same parts

    def __init__(
        self,
        apply: Callable[[Dossier, frozenset[str]], None],
        before: Dossier,
        after: Dossier,
        parts: frozenset[str],
        text: str,
        typed: bool,
    ) -> None:
        super().__init__(text)
        self.apply, self.before, self.after, self.parts, self.typed = apply, before, after, parts, typed
        self._saved = True

    def id(self) -> int:
        return self.TYPING if self.typed else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, Change) and other.typed and other.parts == self.parts:
            self.after = other.after
            return True
        return False

    def undo(self) -> None:
        self.apply(self.before, self.parts)

    def redo(self) -> None:
        if self._saved:
            self._saved = False
            return
        self.apply(self.after, self.parts)
