"""The rules of the assessment (DESIGN.md section 4, version 2): the only place they are written.

``assess(dossier)`` applies the rules in order and stops at the first that decides: sanctions, scope,
Annex I, Art. 5(1), Art. 4, doubt, the Art. 2(20) definition, sensitive end use, legitimacy. It is
pure: it reads the dossier and the (already loaded) content and returns an ``Assessment``; the GUI asks
it where to go next, and the command line, the store and the reports print what it returns.

Besides the outcome it gives the warnings (when each is given is content: a declarative condition in
outcomes.toml, evaluated by ``_condition_holds``) and the holds: what must be settled before sign-off,
in the contract's order (when each holds is written here, in ``_holds``; their wording is content).
Neither ever changes the outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from core import contract, countries
from core.content import AnswerIn, Condition, Content, FieldIn, PartyIs, default_content
from core.dossier import AnswerValue, Dossier, HitRef, list_title, matches, open_hits, unscreened_parties
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
    # what must be settled before sign-off, in the order of contract.HOLDS
    holds: tuple[str, ...] = ()

    @property
    def acceptable_holds(self) -> tuple[str, ...]:
        """The holds that a sign-off may accept with a reason (all but ``outcome_incomplete``)."""
        return acceptable_holds(self.holds)

    def to_json(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md section 4."""
        return {
            "outcome": self.outcome,
            "decided_at": self.decided_at,
            "missing": list(self.missing),
            "warnings": list(self.warnings),
            "holds": list(self.holds),
            "path": [p.to_json() for p in self.path],
            "explanation": self.explanation,
        }


def acceptable_holds(holds: Iterable[str]) -> tuple[str, ...]:
    """Those of ``holds`` that a sign-off may accept with a reason, in their order: every hold but
    those that can never be accepted (``contract.NEVER_ACCEPTED``: ``outcome_incomplete``)."""
    return tuple(h for h in holds if h not in contract.NEVER_ACCEPTED)


def answered(value: AnswerValue | None) -> bool:
    """Whether a value counts as answered (DESIGN.md section 4): present and not null; a text not
    blank. An empty list (no capabilities) is an answer."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def assess(dossier: Dossier, content: Content | None = None) -> Assessment:
    """Apply the rules of DESIGN.md section 4 to a dossier."""
    run = _Run(dossier, content or default_content())

    # 1. Sanctions: a party confirmed as an entry of a sanctions list
    confirmed = matches(dossier)
    if confirmed:
        return run.done("restricted_party", "sanctions", [_match(dossier, m) for m in confirmed])

    # 2. Scope: the destination, and every end user's and consignee's country given, in the Union
    if _inside_the_union(run.content, dossier):
        return run.done("not_an_export", "scope", _countries(run.content, dossier))

    return run.notices() or run.article_5()


class _Run:
    """One application of the rules: what they have read so far (the path), and how each ends."""

    def __init__(self, dossier: Dossier, content: Content) -> None:
        self.dossier = dossier
        self.content = content
        self.answers = {k: a.value for k, a in dossier.answers.items() if a.value is not None}
        self.path: list[PathStep] = []

    def consult(self, step: str) -> list[str]:
        """Put the answered questions of a step of the rules on the path, in its order; return the
        ids not answered."""
        missing = []
        for qid in contract.RULE_QUESTIONS[step]:
            if qid in self.answers:
                self.path.append(PathStep(qid, self.answers[qid]))
            else:
                missing.append(qid)
        return missing

    def done(
        self,
        outcome: str,
        step: str,
        parts: Sequence[str] = (),
        *,
        reason: str | None = None,
        missing: Sequence[str] = (),
    ) -> Assessment:
        """The assessment that ends here; ``reason`` (the content's template) defaults to the outcome's."""
        return Assessment(
            outcome=outcome,
            decided_at=step,
            missing=tuple(missing),
            warnings=_warnings(self.content, self.dossier, self.answers),
            path=tuple(self.path),
            explanation=_explain(self.content, outcome, reason or outcome, parts),
            holds=_holds(self.dossier, outcome, self.path),
        )

    def incomplete(self, step: str, missing: Sequence[str]) -> Assessment:
        labels = [self.content.question(q).label for q in missing]
        return self.done(contract.INCOMPLETE, step, labels, reason="missing", missing=missing)

    def answers_of(self, qids: Sequence[str]) -> list[str]:
        c, a = self.content, self.answers
        return [f"{c.question(q).label}: {describe_answer(c, q, a[q])}" for q in qids]

    def notices(self) -> Assessment | None:
        """Rules 3 to 6: Annex I, Art. 5(1), Art. 4 and doubt; None when they decide nothing."""
        a = self.answers
        # 3. Annex I
        if self.consult("annex_i"):
            return self.incomplete("annex_i", [contract.ANNEX_I])
        if a[contract.ANNEX_I] == "yes":
            return self.done("annex_i_listed", "annex_i")
        # 4. Article 5(1): informed by the competent authority
        if self.consult("authority_notice"):
            return self.incomplete("authority_notice", [contract.INFORMED])
        if a[contract.INFORMED] == "yes":
            return self.done("authority_informed", "authority_notice")
        # 5. Article 4: informed (Art. 4(1)), then aware (Art. 4(2)); the rule reads both
        self.consult("art4")
        if contract.ART4_INFORMED not in a:
            return self.incomplete("art4", [contract.ART4_INFORMED])
        if a[contract.ART4_INFORMED] == "yes":
            return self.done("art4_authority_informed", "art4")
        if contract.ART4_AWARE not in a:
            return self.incomplete("art4", [contract.ART4_AWARE])
        if a[contract.ART4_AWARE] == "yes":
            return self.done("art4_notify", "art4")
        # 6. Doubt: about Annex I first, then about Article 4
        if a[contract.ANNEX_I] == "uncertain":
            return self.done("classification_request", "annex_i", reason="annex_i_uncertain")
        if a[contract.ART4_AWARE] == "uncertain":
            return self.done("classification_request", "art4", reason="art4_uncertain")
        return None

    def article_5(self) -> Assessment:
        """Rules 7 to 9: the Art. 2(20) definition, sensitive end use, legitimacy."""
        a = self.answers
        # 7. The Article 2(20) definition
        missing = self.consult("definition")
        failed = [q for q in contract.DEFINITION_ELEMENTS if a.get(q) == "no"]
        if a.get(contract.PURELY_COMMERCIAL) == "yes":
            failed.append(contract.PURELY_COMMERCIAL)
        if a.get(contract.CAPABILITIES_Q) == ():
            failed.append(contract.CAPABILITIES_Q)
        if failed:
            return self.done(
                "not_cyber_surveillance", "definition", self.answers_of(failed), reason="definition_not_met"
            )
        if missing:
            return self.incomplete("definition", missing)
        doubts = [q for q in contract.DEFINITION_QUESTIONS if a[q] == "uncertain"]
        if doubts:
            return self.done(
                "classification_request", "definition", self.answers_of(doubts), reason="definition_uncertain"
            )
        # 8. Sensitive end use
        missing = self.consult("end_use")
        aware = [q for q in contract.END_USE_QUESTIONS if a.get(q) == "aware"]
        if not aware:
            if missing:
                return self.incomplete("end_use", missing)
            doubts = [q for q in contract.END_USE_QUESTIONS if a[q] == "uncertain"]
            if doubts:
                return self.done(
                    "classification_request", "end_use", self.answers_of(doubts), reason="end_use_uncertain"
                )
            everything = self.answers_of(contract.END_USE_QUESTIONS)
            return self.done("no_sensitive_end_use", "end_use", everything, reason="end_use_none")
        # 9. Legitimate purpose
        if self.consult("legitimacy"):
            return self.incomplete("legitimacy", [contract.LEGITIMATE])
        outcome = "notify_legitimate" if a[contract.LEGITIMATE] == "yes" else "notify_no_legitimate_purpose"
        deciding = self.answers_of([*aware, contract.LEGITIMATE])
        return self.done(outcome, "legitimacy", deciding, reason="legitimate_purpose")


# ---------------------------------------------------------------------------- sanctions and scope


def _party_name(dossier: Dossier, position: int) -> str:
    party = dossier.parties[position] if 0 <= position < len(dossier.parties) else None
    if party is not None and party.name and party.name.strip():
        return party.name
    return _("party {number}").format(number=position + 1)


def _match(dossier: Dossier, m: HitRef) -> str:
    """A confirmed match in words: the party, the list's name of the entry, the list and the entry."""
    return _("{party}: {name} ({list}, entry {entry})").format(
        party=_party_name(dossier, m.party),
        name=m.hit.name,
        list=list_title(m.record.list_id),
        entry=m.hit.entry,
    )


def _scope_parties(dossier: Dossier) -> list[int]:
    """The positions of the end users and consignees that have a country (rule 2 reads those)."""
    return [
        i for i, p in enumerate(dossier.parties) if p.role in contract.CAUTION_ROLES and p.country is not None
    ]


def _inside_the_union(content: Content, dossier: Dossier) -> bool:
    """Rule 2: the destination is a member state of the Union, and so is the country of every end user
    and consignee that has one. A missing destination decides nothing."""
    eu = content.member_states
    return dossier.destination_country in eu and all(
        dossier.parties[i].country in eu for i in _scope_parties(dossier)
    )


def _countries(content: Content, dossier: Dossier) -> list[str]:
    parts = [_("Destination: {country}").format(country=countries.display(dossier.destination_country))]
    for i in _scope_parties(dossier):
        party = dossier.parties[i]
        role = content.role_labels.get(party.role or "", party.role or "")
        parts.append(
            _("{role} {party}: {country}").format(
                role=role, party=_party_name(dossier, i), country=countries.display(party.country)
            )
        )
    return parts


# ---------------------------------------------------------------------------- warnings and holds


def _warnings(content: Content, dossier: Dossier, answers: dict[str, AnswerValue]) -> tuple[str, ...]:
    """The warnings whose condition (the content's ``when``) holds, in the content's order."""
    return tuple(w.id for w in content.warnings.values() if _condition_holds(w.when, dossier, answers))


def _condition_holds(when: Condition, dossier: Dossier, answers: dict[str, AnswerValue]) -> bool:
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


def _holds(dossier: Dossier, outcome: str, path: Sequence[PathStep]) -> tuple[str, ...]:
    """The holds of DESIGN.md section 4 that apply, in the contract's order."""
    value = dossier.value
    found = {
        "outcome_incomplete": outcome == contract.INCOMPLETE,
        "destination_missing": dossier.destination_country is None,
        "end_user_missing": not any(p.role == "end_user" for p in dossier.parties),
        "parties_not_screened": bool(unscreened_parties(dossier)),
        "screening_hits_open": bool(open_hits(dossier)),
        "red_flags_unresolved": any(f.status == "present" for f in dossier.red_flags),
        "rationale_missing": any(_needs_rationale(dossier, step) for step in path),
        "due_diligence_incomplete": outcome in contract.DUE_DILIGENCE_OUTCOMES
        and not all(answered(value(q)) for q in contract.DUE_DILIGENCE_REQUIRED),
        "country_risk_unaddressed": outcome == "no_sensitive_end_use"
        and any(value(q) == "yes" for q in contract.COUNTRY_RISKS),
        "legitimacy_inconsistent": outcome == "notify_legitimate"
        and (
            value(contract.DD_CREDIBILITY) == contract.NOT_CREDIBLE
            or any(value(q) == "no" for q in contract.RESTRICTION_TESTS)
        ),
    }
    return tuple(h for h in contract.HOLDS if found[h])


def _needs_rationale(dossier: Dossier, step: PathStep) -> bool:
    """Whether an answer on the path lacks the rationale it needs (a 'no' to either notice needs none)."""
    if contract.NO_RATIONALE_NEEDED.get(step.question) == step.answer:
        return False
    rationale = dossier.answers[step.question].rationale
    return rationale is None or not rationale.strip()


# ---------------------------------------------------------------------------- words


def describe_answer(content: Content, qid: str, value: AnswerValue) -> str:
    """A value in the words of the content: option labels, 'none selected' for an empty list."""
    question = content.question(qid)
    if isinstance(value, tuple):
        labels = [o.label for o in question.options if o.id in value]
        return ", ".join(labels) if labels else _("none selected")
    option = question.option(value)
    return option.label if option else value


def _explain(content: Content, outcome: str, reason: str, parts: Sequence[str]) -> str:
    first = content.reasons[reason].format(answers="; ".join(parts))
    return f"{first} {content.outcomes[outcome].explanation}"


# ---------------------------------------------------------------------------- where a hold is settled


class Settle(NamedTuple):
    """Where a hold is settled: the wizard's page (a step id of the content) and, when one question
    settles it, that question (the first of them). The wording of the hold is the content's."""

    hold: str
    step: str
    question: str | None = None


def where_settled(hold: str, dossier: Dossier, result: Assessment, content: Content | None = None) -> Settle:
    """Where ``hold`` of ``result`` (the assessment of ``dossier``) is settled: the page that records
    what the hold reads (the transaction page for the destination, the parties page for the parties
    and their screening, the page with the red flags panel), or the first question to answer (or to
    give a rationale for) on its own page."""
    c = content or default_content()
    value = dossier.value

    def asked(qid: str) -> Settle:
        return Settle(hold, c.question(qid).step, qid)

    def page(kind: str) -> Settle:
        return Settle(hold, next(s.id for s in c.steps if s.page == kind))

    if hold == "outcome_incomplete" and result.missing:
        return asked(result.missing[0])
    if hold == "destination_missing":
        return page("transaction")
    if hold in ("end_user_missing", "parties_not_screened", "screening_hits_open"):
        return page("parties")
    if hold == "red_flags_unresolved":
        return Settle(hold, next(s.id for s in c.steps if "red_flags" in s.panels))
    if hold == "rationale_missing":
        bare = next((p.question for p in result.path if _needs_rationale(dossier, p)), None)
        return asked(bare or result.path[0].question) if result.path else page("outcome")
    if hold == "due_diligence_incomplete":
        open_ = [q for q in contract.DUE_DILIGENCE_REQUIRED if not answered(value(q))]
        return asked((open_ or contract.DUE_DILIGENCE_REQUIRED)[0])
    if hold == "country_risk_unaddressed":  # weighed in the end-use answers (the hold's text)
        return asked(contract.END_USE_QUESTIONS[0])
    if hold == "legitimacy_inconsistent":
        return asked(contract.LEGITIMATE)
    return page("outcome")  # (an incomplete outcome with nothing missing: not given by the rules)


def places_to_settle(
    dossier: Dossier, result: Assessment, content: Content | None = None
) -> tuple[Settle, ...]:
    """Where each hold of ``result`` (the assessment of ``dossier``) is settled, in their order."""
    return tuple(where_settled(h, dossier, result, content) for h in result.holds)
