"""The Article 5 decision rules (DESIGN.md section 4): the only place they are written.

``assess(dossier)`` applies the rules in order and stops at the first that decides. It is pure: it
reads the dossier and the (already loaded) content and returns an ``Assessment``; the GUI asks it
where to go next, and the command line and the reports print what it returns. When each warning is
given is content (a declarative condition in outcomes.toml, evaluated by ``_holds``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core import contract
from core.content import AnswerIn, Condition, Content, FieldIn, PartyIs, default_content
from core.dossier import AnswerValue, Dossier
from core.i18n import _


@dataclass(frozen=True)
class PathStep:
    """One answer the assessment looked at, in the order it looked."""

    question: str
    answer: AnswerValue

    def to_json(self) -> dict[str, Any]:
        answer = list(self.answer) if isinstance(self.answer, tuple) else self.answer
        return {"question": self.question, "answer": answer}


@dataclass(frozen=True)
class Assessment:
    outcome: str
    decided_at: str
    missing: tuple[str, ...]
    warnings: tuple[str, ...]
    path: tuple[PathStep, ...]
    explanation: str

    def to_json(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md section 4."""
        return {
            "outcome": self.outcome,
            "decided_at": self.decided_at,
            "missing": list(self.missing),
            "warnings": list(self.warnings),
            "path": [p.to_json() for p in self.path],
            "explanation": self.explanation,
        }


def assess(dossier: Dossier, content: Content | None = None) -> Assessment:
    """Apply the Article 5 rules to a dossier's answers."""
    content = content or default_content()
    answers = {k: a.value for k, a in dossier.answers.items() if a.value is not None}
    warnings = _warnings(content, dossier, answers)
    path: list[PathStep] = []

    def consult(qids: Sequence[str]) -> list[str]:
        """Record the answered ones on the path; return the ids not answered."""
        missing = []
        for qid in qids:
            if qid in answers:
                path.append(PathStep(qid, answers[qid]))
            else:
                missing.append(qid)
        return missing

    def done(
        outcome: str, step: str, reason: str, about: Sequence[str] = (), missing: Sequence[str] = ()
    ) -> Assessment:
        return Assessment(
            outcome=outcome,
            decided_at=step,
            missing=tuple(missing),
            warnings=warnings,
            path=tuple(path),
            explanation=_explain(content, outcome, reason, about, answers),
        )

    def incomplete(step: str, missing: Sequence[str]) -> Assessment:
        return done("incomplete", step, "missing", missing, missing)

    # 1. Annex I
    if consult([contract.ANNEX_I]):
        return incomplete("annex_i", [contract.ANNEX_I])
    listed = answers[contract.ANNEX_I]
    if listed == "yes":
        return done("annex_i_listed", "annex_i", "annex_i_listed")

    # 2. Article 5(1): informed by the competent authority
    if consult([contract.INFORMED]):
        return incomplete("authority_notice", [contract.INFORMED])
    if answers[contract.INFORMED] == "yes":
        return done("authority_informed", "authority_notice", "authority_informed")

    # 3. Doubt about Annex I
    if listed == "uncertain":
        return done("classification_request", "annex_i", "annex_i_uncertain")

    # 4. The Article 2(20) definition
    missing = consult(contract.DEFINITION_QUESTIONS)
    failed = [q for q in contract.DEFINITION_ELEMENTS if answers.get(q) == "no"]
    if answers.get(contract.PURELY_COMMERCIAL) == "yes":
        failed.append(contract.PURELY_COMMERCIAL)
    if answers.get(contract.CAPABILITIES_Q) == ():
        failed.append(contract.CAPABILITIES_Q)
    if failed:
        return done("not_cyber_surveillance", "definition", "definition_not_met", failed)
    if missing:
        return incomplete("definition", missing)
    doubts = [q for q in contract.DEFINITION_QUESTIONS if answers[q] == "uncertain"]
    if doubts:
        return done("classification_request", "definition", "definition_uncertain", doubts)

    # 5. Sensitive end use
    missing = consult(contract.END_USE_QUESTIONS)
    aware = [q for q in contract.END_USE_QUESTIONS if answers.get(q) == "aware"]
    if not aware:
        if missing:
            return incomplete("end_use", missing)
        doubts = [q for q in contract.END_USE_QUESTIONS if answers[q] == "uncertain"]
        if doubts:
            return done("classification_request", "end_use", "end_use_uncertain", doubts)
        return done("no_sensitive_end_use", "end_use", "end_use_none", contract.END_USE_QUESTIONS)

    # 6. Legitimate purpose
    if consult([contract.LEGITIMATE]):
        return incomplete("legitimacy", [contract.LEGITIMATE])
    outcome = "notify_legitimate" if answers[contract.LEGITIMATE] == "yes" else "notify_no_legitimate_purpose"
    return done(outcome, "legitimacy", "legitimate_purpose", [*aware, contract.LEGITIMATE])


def _warnings(content: Content, dossier: Dossier, answers: dict[str, AnswerValue]) -> tuple[str, ...]:
    """The warnings whose condition (the content's ``when``) holds, in the content's order."""
    return tuple(w.id for w in content.warnings.values() if _holds(w.when, dossier, answers))


def _holds(when: Condition, dossier: Dossier, answers: dict[str, AnswerValue]) -> bool:
    """Whether a warning's condition holds for the dossier (core.content documents each kind)."""
    if isinstance(when, AnswerIn | FieldIn):
        value = answers.get(when.question) if isinstance(when, AnswerIn) else getattr(dossier, when.field)
        if value is None:
            return False  # not given: matches neither `in` nor `not_in`
        found = any(v in when.values for v in value) if isinstance(value, tuple) else value in when.values
        return found != when.negate
    if isinstance(when, PartyIs):
        return any(
            (not when.roles or p.role in when.roles) and (not when.sectors or p.sector in when.sectors)
            for p in dossier.parties
        )
    return any(
        (not when.statuses or f.status in when.statuses) and (not when.ids or f.id in when.ids)
        for f in dossier.red_flags
    )


def describe_answer(content: Content, qid: str, value: AnswerValue) -> str:
    """A value in the words of the content: option labels, 'none selected' for an empty list."""
    question = content.question(qid)
    if isinstance(value, tuple):
        labels = [o.label for o in question.options if o.id in value]
        return ", ".join(labels) if labels else _("none selected")
    option = question.option(value)
    return option.label if option else value


def _explain(
    content: Content, outcome: str, reason: str, about: Sequence[str], answers: dict[str, AnswerValue]
) -> str:
    if reason == "missing":
        parts = [content.question(q).label for q in about]
    else:
        parts = [f"{content.question(q).label}: {describe_answer(content, q, answers[q])}" for q in about]
    first = content.reasons[reason].format(answers="; ".join(parts))
    return f"{first} {content.outcomes[outcome].explanation}"
