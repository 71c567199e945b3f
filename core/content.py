"""The workbook's content (questions, guidance, legal texts, the Union general export authorisations,
red flags, mitigations, authorities, outcome texts, warnings, the wizard's pages and the drafts'
sections) loaded from ``resources/content/*.toml`` into immutable named tuples (cheaper to define than
dataclasses, which counts at start-up) and validated once.

The content is the only place for: the order and titles of the wizard's pages (``steps``, including
the pages that ask no questions) and so of the report's questions; the sections of each step; each
outcome's tone and colour; when each warning is given (a declarative condition, evaluated by
``core.decision``); the wording of the holds (when each holds is ``core.decision``'s); the steps of the
rules that ask no questions (``rule_step``: the page on which what they read is settled); which draft
for the authority each outcome calls for, and which questions each draft shows.

Loading has qutebrowser's two-pass shape: one small reader per file takes its own file apart
(``_read_questions`` ...), then one cross-reference pass (``_cross_check``) checks what refers across
files (citations, the questions and red flags that warnings and drafts read). Validation is strict,
because a content mistake silently changes what users are told: unknown keys, missing keys, wrong
types, duplicate ids and references that resolve to nothing are all errors (``ContentError``, naming
the file and the place), and the decision questions must have exactly the ids and kinds fixed by
``core.contract``.

A language other than English is an overlay: ``<content>/<lang>/<file>.toml`` holds the texts of that
file (titles, labels, guidance, intros, outcome texts ...), for exactly the same ids as the English
file; ids, references, kinds and conditions stay in the English file (``OVERLAY_TEXTS``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from core import contract, i18n
from core.i18n import N_, _

CONTENT_FILES = (
    "legal.toml",
    "annex_i.toml",
    "geas.toml",
    "questions.toml",
    "red_flags.toml",
    "mitigations.toml",
    "authorities.toml",
    "outcomes.toml",
    "parties.toml",
    "drafts.toml",
)
# The kinds of wizard page a step can be (gui.wizard.pages makes each), and the panels a question page
# can show below its questions.
PAGE_KINDS = ("transaction", "parties", "questions", "outcome")
PANELS = ("annex_i", "red_flags", "mitigations")
# The dossier fields a warning's condition can read (besides answers, parties and red flags).
CONDITION_FIELDS = ("member_state", "destination_country")
# What a section of a draft can show besides answers (core.report.drafts prints each).
DRAFT_FACTS = (
    "exporter_name",
    "exporter_address",
    "exporter_country",
    "exporter_contact",
    "exporter_customs_id",
    "quantity",
    "value",
    "contract_reference",
    "contract_date",
    "planned_export_date",
    "export_date",
    "item",
    "item_kind",
    "item_description",
    "stated_end_use",
    "destination",
)
# The assessment's warnings are no block: their texts advise the exporter, and a letter to the authority
# carries the facts they rest on instead (the parties, the answers, the red flags).
DRAFT_BLOCKS = (
    "parties",
    "end_users",
    "red_flags",
    "screening",
    "holds",
    "measures",
    "doubts",
    "enclosure",
    "enclosures",
)
# How a draft shows an answer's rationale: not at all, after the answer when there is one, or after the
# answer written as a sentence (with its full stop even when there is no rationale).
DRAFT_RATIONALE = ("none", "after", "sentence")


class ContentError(ValueError):
    """A content file is malformed or inconsistent. The message names the file and the place."""


# ---------------------------------------------------------------------------- the model


class Option(NamedTuple):
    id: str
    label: str
    guidance: str = ""


class Kind(NamedTuple):
    id: str
    options: tuple[Option, ...]


class Step(NamedTuple):
    """A page of the wizard, in order. A ``questions`` page asks the questions of its step."""

    id: str
    title: str
    intro: str
    cites: tuple[str, ...]
    number: int | None = None
    page: str = "questions"
    panels: tuple[str, ...] = ()


class RuleStep(NamedTuple):
    """A step of the assessment's rules that asks no questions (DESIGN.md section 4: ``sanctions``,
    ``scope``): what it reads is recorded on the wizard's ``page`` (a step id), from which the wizard
    goes on to the outcome when this step decides."""

    id: str
    page: str
    title: str


class DecisionStep(NamedTuple):
    """Where an assessment stopped (its ``decided_at``): the step's title, and the wizard's page on
    which the user settles what the step reads (the step itself for a questions page)."""

    id: str
    title: str
    page: str


class Section(NamedTuple):
    id: str
    step: str
    title: str
    intro: str


class Dependency(NamedTuple):
    question: str
    values: tuple[str, ...]


class Question(NamedTuple):
    id: str
    step: str
    kind: str
    label: str
    text: str
    guidance: str
    cites: tuple[str, ...] = ()
    section: str | None = None
    decision: bool = False
    options: tuple[Option, ...] = ()
    depends_on: Dependency | None = None

    @property
    def values(self) -> tuple[str, ...]:
        """The allowed values (option ids); empty for free text and country questions."""
        return tuple(o.id for o in self.options)

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.id == value), None)


class AnnexLine(NamedTuple):
    code: str
    text: str


class AnnexGroup(NamedTuple):
    id: str
    title: str
    description: str


class AnnexEntry(NamedTuple):
    code: str
    group: str
    label: str
    text: str
    context: tuple[AnnexLine, ...] = ()
    items: tuple[AnnexLine, ...] = ()
    notes: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


class Term(NamedTuple):
    id: str
    term: str
    lines: tuple[str, ...]


class Gea(NamedTuple):
    """A Union general export authorisation of Annex II (EU001 ...), and which of the Annex I entries
    of annex_i.toml its Part 1 covers or expressly excludes; ``destinations`` are ISO codes where the
    content lists them. ``title`` and ``summary`` are the content's own words."""

    id: str
    title: str
    summary: str
    covers: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()


class Article(NamedTuple):
    id: str
    citation: str
    short: str
    title: str
    text: str | None = None
    summary: str | None = None


class Guide(NamedTuple):
    id: str
    title: str
    publisher: str
    summary: str
    date: str | None = None


class RedFlagCategory(NamedTuple):
    id: str
    title: str


class RedFlag(NamedTuple):
    id: str
    category: str
    basis: str
    text: str
    cites: tuple[str, ...] = ()


class Measure(NamedTuple):
    id: str
    title: str
    description: str


class Authority(NamedTuple):
    member_state: str
    name: str
    short_name: str
    address: tuple[str, ...]
    part_of: str | None = None
    phone: str | None = None
    email: str | None = None
    notes: str | None = None
    cites: tuple[str, ...] = ()


class Outcome(NamedTuple):
    id: str
    short: str
    title: str
    explanation: str
    cites: tuple[str, ...]
    tone: str = ""
    colour: str = ""  # "#rrggbb": the tone's colour, in the wizard's outcome page and the report


# Warning conditions (``when`` in outcomes.toml); core.decision evaluates them. A value that is not
# given (no answer, no destination) matches neither ``in`` nor ``not_in``.


class AnswerIn(NamedTuple):
    """The answer to ``question`` is one of ``values`` (for a list: holds one of them); ``negate``:
    it is answered and is not (holds none of them)."""

    question: str
    values: tuple[str, ...]
    negate: bool = False


class FieldIn(NamedTuple):
    """The dossier's ``field`` (one of CONDITION_FIELDS) is one of ``values`` (``negate``: is given
    and is not)."""

    field: str
    values: tuple[str, ...]
    negate: bool = False


class PartyIs(NamedTuple):
    """Some party has a role among ``roles`` and a sector among ``sectors`` (empty: any)."""

    roles: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()


class RedFlagIs(NamedTuple):
    """Some red flag has a status among ``statuses`` and an id among ``ids`` (empty: any)."""

    statuses: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()


Condition = AnswerIn | FieldIn | PartyIs | RedFlagIs


class Warning(NamedTuple):
    id: str
    title: str
    text: str
    cites: tuple[str, ...]
    when: Condition = RedFlagIs()


class Hold(NamedTuple):
    """What must be settled before sign-off (DESIGN.md section 4): ``title`` names it, ``text`` says what
    to do. When each holds is core.decision's; the wording is the content's."""

    id: str
    title: str
    text: str
    cites: tuple[str, ...] = ()


class DraftRow(NamedTuple):
    """An answer in a draft's table: shown when the dossier records it, or ``always``."""

    question: str
    label: str | None = None  # instead of the question's label
    always: bool = False
    rationale: str = "none"  # one of DRAFT_RATIONALE


class DraftSection(NamedTuple):
    """A numbered section of a draft: the blocks ``before``, a table of the dossier's ``facts`` and
    the answers of ``rows`` (when either is given), then the blocks ``after``."""

    id: str
    title: str
    drafts: tuple[str, ...] = ()  # the drafts it is in
    before: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    rows: tuple[DraftRow, ...] = ()
    after: tuple[str, ...] = ()
    table: bool = False


class DraftText(NamedTuple):
    """A draft for the competent authority: the outcomes that call for it, the file it is written to
    beside the report (``OUT-<file>.pdf``), its running header, its fixed wording, a paragraph after
    the opening for some of its outcomes, and its sections in order."""

    id: str
    outcomes: tuple[str, ...]
    file: str
    heading: str
    title: str
    subject: str
    opening: str
    closing: str
    after_opening: Mapping[str, str] = MappingProxyType({})
    sections: tuple[DraftSection, ...] = ()


class Citation(NamedTuple):
    """A citation resolved for display: ``short`` for inline use, ``text`` the official text if any."""

    ref: str
    kind: str  # "article" | "annex" | "term" | "gea" | "guide"
    short: str
    title: str
    text: str | None


class Content(NamedTuple):
    corpus_version: str
    regulation: str
    quotations: str  # one line shown where the official texts are quoted: their language, the others'
    kinds: Mapping[str, Kind]
    steps: tuple[Step, ...]
    rule_steps: tuple[RuleStep, ...]
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    annex_groups: tuple[AnnexGroup, ...]
    annex_entries: tuple[AnnexEntry, ...]
    terms: tuple[Term, ...]
    geas: tuple[Gea, ...]
    articles: tuple[Article, ...]
    guides: tuple[Guide, ...]
    red_flag_categories: tuple[RedFlagCategory, ...]
    red_flags: tuple[RedFlag, ...]
    measures: tuple[Measure, ...]
    authorities: tuple[Authority, ...]
    member_states: tuple[str, ...]
    default_member_state: str
    outcomes: Mapping[str, Outcome]
    warnings: Mapping[str, Warning]
    holds: Mapping[str, Hold]
    reasons: Mapping[str, str]
    role_labels: Mapping[str, str]
    sector_labels: Mapping[str, str]
    parties_guidance: str  # what the parties page says about the sectors (the caution list)
    drafts: Mapping[str, DraftText]
    question_index: Mapping[str, Question]
    step_index: Mapping[str, Step]
    citation_index: Mapping[str, Citation]
    flag_index: Mapping[str, RedFlag]
    measure_index: Mapping[str, Measure]

    def question(self, qid: str) -> Question:
        return self.question_index[qid]

    def has_question(self, qid: str) -> bool:
        return qid in self.question_index

    def step(self, sid: str) -> Step:
        return self.step_index[sid]

    def decision_step(self, decided_at: str) -> DecisionStep:
        """The step at which an assessment stopped (its ``decided_at``): a questions page, or a rule
        step of the content (``[[rule_step]]``)."""
        rule = next((r for r in self.rule_steps if r.id == decided_at), None)
        if rule is not None:
            return DecisionStep(rule.id, rule.title, rule.page)
        step = self.step_index[decided_at]
        return DecisionStep(step.id, step.title, step.id)

    def question_steps(self) -> tuple[Step, ...]:
        """The steps whose page asks questions, in the wizard's order."""
        return tuple(s for s in self.steps if s.page == "questions")

    def questions_of(self, step: str, section: str | None = None) -> tuple[Question, ...]:
        return tuple(
            q for q in self.questions if q.step == step and (section is None or q.section == section)
        )

    def groups(self, step: str) -> tuple[tuple[Section | None, tuple[Question, ...]], ...]:
        """The questions of a step as they are shown: first those in no section, then each section of
        the step in order; a section without questions is left out."""
        out: list[tuple[Section | None, tuple[Question, ...]]] = []
        for section in (None, *(s for s in self.sections if s.step == step)):
            sid = section.id if section else None
            questions = tuple(q for q in self.questions if q.step == step and q.section == sid)
            if questions:
                out.append((section, questions))
        return tuple(out)

    def cite(self, ref: str) -> Citation:
        return self.citation_index[ref]

    def red_flag(self, fid: str) -> RedFlag | None:
        return self.flag_index.get(fid)

    def flag_text(self, fid: str) -> str:
        """The text of a red flag of the catalogue, or the user's own text of a custom one."""
        flag = self.flag_index.get(fid)
        if flag:
            return flag.text
        custom = contract.custom_text(fid)
        return fid if custom is None else custom

    def measure(self, mid: str) -> Measure | None:
        return self.measure_index.get(mid)

    def measure_title(self, mid: str) -> str:
        """The title of a measure of the catalogue, or the user's own text of a custom one."""
        measure = self.measure_index.get(mid)
        if measure:
            return measure.title
        custom = contract.custom_text(mid)
        return mid if custom is None else custom

    def authority(self, member_state: str) -> Authority | None:
        return next((a for a in self.authorities if a.member_state == member_state), None)

    def draft_for(self, outcome: str) -> DraftText | None:
        """The draft for the authority that ``outcome`` calls for, if any (drafts.toml ``outcomes``)."""
        return next((d for d in self.drafts.values() if outcome in d.outcomes), None)

    def is_relevant(self, question: Question, answers: Mapping[str, object]) -> bool:
        """Whether a question applies, given the values answered so far (``depends_on``)."""
        dep = question.depends_on
        return dep is None or answers.get(dep.question) in dep.values


# ---------------------------------------------------------------------------- strict reading

T = TypeVar("T")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_GEA_ID = re.compile(r"^EU[0-9]{3}$")
_LANG = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
_FILE_PART = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class _Reader:
    """Takes typed values out of one TOML table and refuses keys nobody asked for."""

    def __init__(self, file: str, where: str, table: object) -> None:
        self.file = file
        self.where = where
        if not isinstance(table, dict):
            self.fail(_("expected a table, found {type_name}").format(type_name=_type_name(table)))
        self.table: dict[str, Any] = table  # type: ignore[assignment]  # checked just above
        self.seen: set[str] = set()

    def fail(self, message: str, key: str | None = None) -> Any:
        place = _join(self.where, key) if key else self.where
        raise ContentError(f"{self.file}: {place}: {message}" if place else f"{self.file}: {message}")

    def _get(self, key: str, typ: type[T], required: bool) -> T | None:
        self.seen.add(key)
        if key not in self.table:
            if required:
                self.fail(_("is required"), key)
            return None
        value: T = self.table[key]
        if (typ is int and isinstance(value, bool)) or not isinstance(value, typ):
            self.fail(
                _("expected {name}, found {type_name}").format(
                    name=typ.__name__, type_name=_type_name(value)
                ),
                key,
            )
        return value

    def text(self, key: str) -> str:
        value = self._get(key, str, True)
        assert value is not None
        if not value.strip():
            self.fail(_("must not be empty"), key)
        return value

    def opt_str(self, key: str) -> str | None:
        value = self._get(key, str, False)
        if value is not None and not value.strip():
            self.fail(_("must not be empty"), key)
        return value

    def id(self, key: str = "id") -> str:
        value = self.text(key)
        if not _ID.match(value):
            self.fail(
                _("{value} is not an id (lower case letters, digits and _)").format(value=repr(value)), key
            )
        return value

    def opt_int(self, key: str) -> int | None:
        return self._get(key, int, False)

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, bool, False)
        return default if value is None else value

    def str_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, list, required) or []
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                self.fail(_("item {i} must be a non-empty string").format(i=i), key)
        return tuple(value)

    def among(self, key: str, allowed: Iterable[str], required: bool = False) -> tuple[str, ...]:
        """A list of strings, each one of ``allowed``."""
        values = self.str_list(key, required)
        allowed = tuple(allowed)
        for v in values:
            if v not in allowed:
                self.fail(_("{v} is not one of {allowed}").format(v=repr(v), allowed=list(allowed)), key)
        if len(set(values)) != len(values):
            self.fail(_("lists a value twice"), key)
        return values

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.opt_str(key)
        if value is not None and value not in allowed:
            self.fail(
                _("{value} is not one of {allowed}").format(value=repr(value), allowed=list(allowed)), key
            )
        return default if value is None else value

    def tables(self, key: str, required: bool = False) -> list[_Reader]:
        value = self._get(key, list, required) or []
        return [_Reader(self.file, f"{_join(self.where, key)}[{i}]", v) for i, v in enumerate(value)]

    def sub(self, key: str, required: bool = False) -> _Reader | None:
        self.seen.add(key)
        if key not in self.table:
            if required:
                self.fail(_("is required"), key)
            return None
        return _Reader(self.file, _join(self.where, key), self.table[key])

    def required_sub(self, key: str) -> _Reader:
        sub = self.sub(key, required=True)
        assert sub is not None
        return sub

    def done(self) -> None:
        unknown = sorted(set(self.table) - self.seen)
        if unknown:
            self.fail(_("unknown key {unknown}").format(unknown=repr(unknown[0])))


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


_TYPE_NAMES = {
    dict: N_("a table"),
    list: N_("an array"),
    str: N_("a string"),
    bool: N_("a boolean"),
    int: N_("an integer"),
    float: N_("a number"),
}


def _type_name(value: object) -> str:
    name = _TYPE_NAMES.get(type(value))
    return _(name) if name else type(value).__name__


def _unique(file: str, what: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ContentError(_("{file}: duplicate {what} id {i}").format(file=file, what=what, i=repr(i)))
        seen.add(i)


def _load_toml(path: Path, name: str) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ContentError(
            _("{name}: content file missing from {parent}").format(name=name, parent=path.parent)
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise ContentError(_("{name}: not valid TOML: {e}").format(name=name, e=e)) from None


# ---------------------------------------------------------------------------- language overlays

# The texts an overlay gives, per file: the path of a table (its keys joined by ".", an array of tables
# named without an index) -> the keys in it that are texts ("*": all of them). Everything else (ids,
# references, kinds, citations, conditions, colours) stays in the English file, and so do the official
# quotations (an article's `text`; an Annex I entry's `context`, `text`, `items` and `notes`; the
# glossary's terms): the Regulation is quoted in the language version we hold, never translated by us
# (legal.toml's `quotations` says so where they are shown, in each language).
OVERLAY_TEXTS: dict[str, dict[str, tuple[str, ...]]] = {
    "legal.toml": {
        "meta": ("regulation", "quotations"),
        "citations": ("*",),
        "article": ("citation", "short", "title", "summary"),
        "guide": ("title", "publisher", "date", "summary"),
    },
    "annex_i.toml": {
        "group": ("title", "description"),
        "entry": ("label",),
    },
    "geas.toml": {"gea": ("title", "summary")},
    "questions.toml": {
        "kind.options": ("label", "guidance"),
        "step": ("title", "intro"),
        "rule_step": ("title",),
        "section": ("title", "intro"),
        "question": ("label", "text", "guidance"),
        "question.options": ("label", "guidance"),
    },
    "red_flags.toml": {"category": ("title",), "flag": ("text",)},
    "mitigations.toml": {"measure": ("title", "description")},
    "authorities.toml": {"authority": ("name", "short_name", "part_of", "address", "notes")},
    "outcomes.toml": {
        "outcome": ("short", "title", "explanation"),
        "warning": ("title", "text"),
        "hold": ("title", "text"),
        "reasons": ("*",),
    },
    "parties.toml": {"": ("guidance",), "roles": ("*",), "sectors": ("*",)},
    "drafts.toml": {
        "draft": ("heading", "title", "subject", "opening", "closing"),
        "draft.after_opening": ("*",),
        "section": ("title",),
        "section.questions": ("label",),
    },
}
# The key that matches the entries of an array of tables between a file and its overlay.
_IDENTITY = {"entry": "code", "authority": "member_state"}


def _has_text(spec: Mapping[str, tuple[str, ...]], path: str, key: str, value: object) -> bool:
    """Whether ``value`` (at ``key`` of the table at ``path``) is a text or holds one."""
    sub = _join(path, key)
    if isinstance(value, dict):
        return any(_has_text(spec, sub, k, v) for k, v in value.items())
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return any(_entry_has_text(spec, sub, v) for v in value)
    texts = spec.get(path, ())
    return (key in texts or "*" in texts) and isinstance(value, str | list) and bool(value)


def _entry_has_text(spec: Mapping[str, tuple[str, ...]], path: str, entry: object) -> bool:
    return isinstance(entry, dict) and any(_has_text(spec, path, k, v) for k, v in entry.items())


def _overlaid(
    file: str,
    english: dict[str, Any],
    overlay: object,
    spec: Mapping[str, tuple[str, ...]],
    path: str,
    where: str,
) -> dict[str, Any]:
    """The English table with the overlay's texts in place. The overlay gives exactly the texts that
    the English table holds (in its nested tables and arrays of tables too): no more, no fewer."""
    r = _Reader(file, where, overlay)
    out = dict(english)
    for key, value in english.items():
        if not _has_text(spec, path, key, value):
            continue
        r.seen.add(key)
        if key not in r.table:
            r.fail(_("is missing (the English file has it)"), key)
        given = r.table[key]
        if isinstance(value, dict):
            out[key] = _overlaid(file, value, given, spec, _join(path, key), _join(where, key))
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            out[key] = _overlaid_array(file, value, given, spec, _join(path, key), _join(where, key))
        elif isinstance(value, str) and not isinstance(given, str):
            r.fail(_("expected a text, found {type_name}").format(type_name=_type_name(given)), key)
        elif isinstance(value, list) and not (
            isinstance(given, list) and all(isinstance(x, str) for x in given)
        ):
            r.fail(_("expected an array of texts"), key)
        else:
            out[key] = given
    extra = sorted(set(r.table) - r.seen)
    if extra:
        r.fail(_("{extra} is not a text of the English file").format(extra=repr(extra[0])))
    return out


def _overlaid_array(
    file: str, english: list[Any], overlay: object, spec: Mapping[str, tuple[str, ...]], path: str, where: str
) -> list[Any]:
    """An array of tables with the overlay's texts, the entries matched by their id (``_IDENTITY``)."""
    ident = _IDENTITY.get(path, "id")
    if not isinstance(overlay, list):
        raise ContentError(
            _("{file}: {where}: expected an array, found {type_name}").format(
                file=file, where=where, type_name=_type_name(overlay)
            )
        )
    given: dict[object, dict[str, Any]] = {}
    for i, entry in enumerate(overlay):
        if not isinstance(entry, dict) or ident not in entry:
            raise ContentError(
                _("{file}: {where}[{i}]: expected a table with its {ident}").format(
                    file=file, where=where, i=i, ident=ident
                )
            )
        if entry[ident] in given:
            raise ContentError(
                _("{file}: {where}: {ident} {entry} is given twice").format(
                    file=file, where=where, ident=ident, entry=repr(entry[ident])
                )
            )
        given[entry[ident]] = {k: v for k, v in entry.items() if k != ident}
    out: list[Any] = []
    wanted = set()
    for item in english:
        if not _entry_has_text(spec, path, item):
            out.append(item)
            continue
        key = item.get(ident)
        wanted.add(key)
        if key not in given:
            raise ContentError(
                _("{file}: {where}: {ident} {key} is missing (the English file has it)").format(
                    file=file, where=where, ident=ident, key=repr(key)
                )
            )
        out.append(_overlaid(file, item, given[key], spec, path, f"{where}[{key}]"))
    extra = [k for k in given if k not in wanted]
    if extra:
        raise ContentError(
            _("{file}: {where}: {ident} {extra} is not in the English file").format(
                file=file, where=where, ident=ident, extra=repr(extra[0])
            )
        )
    return out


class _Source:
    """The content files of a folder, each with the overlay of ``lang`` put in when there is one."""

    def __init__(self, directory: Path, lang: str | None) -> None:
        if lang is not None and not _LANG.match(lang):
            raise ContentError(
                _("{lang} is not a language code (such as 'nl' or 'pt_BR')").format(lang=repr(lang))
            )
        self.directory = directory
        self.lang = lang
        self.overlays = directory / lang if lang and (directory / lang).is_dir() else None

    def read(self, name: str) -> _Reader:
        data = _load_toml(self.directory / name, name)
        if self.overlays is not None and (self.overlays / name).is_file():
            label = f"{self.lang}/{name}"
            overlay = _load_toml(self.overlays / name, label)
            data = _overlaid(label, data, overlay, OVERLAY_TEXTS[name], "", "")
            name = f"{name} (with {label})"
        return _Reader(name, "", data)

    def check_names(self) -> None:
        """No file that is not a content file, in the folder or in the overlay's."""
        for folder, prefix in ((self.directory, ""), (self.overlays, f"{self.lang}/")):
            if folder is None:
                continue
            for name in sorted(p.name for p in folder.glob("*.toml")):
                if name not in CONTENT_FILES:
                    raise ContentError(
                        _("{prefix}{name}: not a known content file (expected {content_files})").format(
                            prefix=prefix, name=name, content_files=list(CONTENT_FILES)
                        )
                    )


# ---------------------------------------------------------------------------- one reader per file


def _options(r: _Reader, key: str = "options") -> tuple[Option, ...]:
    out = []
    for o in r.tables(key):
        out.append(Option(id=o.id(), label=o.text("label"), guidance=o.opt_str("guidance") or ""))
        o.done()
    _unique(r.file, f"option of {r.where}", (o.id for o in out))
    return tuple(out)


class _Legal(NamedTuple):
    regulation: str
    quotations: str
    corpus_version: str
    articles: tuple[Article, ...]
    guides: tuple[Guide, ...]
    citations: Mapping[str, str]  # how an Annex I entry, a glossary term and a GEA are named


# The forms legal.toml's [citations] gives, each with exactly the placeholders it fills in.
CITATION_FORMS = {"annex": ("code", "label"), "term": ("term",), "gea": ("id", "title")}


def _read_legal(legal: _Reader) -> _Legal:
    """legal.toml: the articles and guidance documents that the content cites."""
    meta = legal.required_sub("meta")
    regulation = meta.text("regulation")
    quotations = meta.text("quotations")
    corpus_version = meta.text("corpus_version")
    meta.opt_str("valid_from")
    meta.opt_str("source")
    meta.done()
    forms = legal.required_sub("citations")
    citations = {}
    for key, fields in CITATION_FORMS.items():
        citations[key] = forms.text(key)
        if sorted(set(re.findall(r"{([^{}]*)}", citations[key]))) != sorted(fields):
            forms.fail(
                _("expected the placeholders {fields}").format(fields=sorted(fields)),
                key,
            )
    forms.done()
    articles = []
    for a in legal.tables("article", required=True):
        art = Article(
            id=a.text("id"),
            citation=a.text("citation"),
            short=a.text("short"),
            title=a.text("title"),
            text=a.opt_str("text"),
            summary=a.opt_str("summary"),
        )
        if art.text is None and art.summary is None:
            a.fail(_("needs `text` (official) or `summary` (our words)"))
        a.done()
        articles.append(art)
    guides = []
    for g in legal.tables("guide"):
        guides.append(
            Guide(
                id=g.id(),
                title=g.text("title"),
                publisher=g.text("publisher"),
                summary=g.text("summary"),
                date=g.opt_str("date"),
            )
        )
        g.done()
    legal.done()
    _unique(legal.file, "article", (a.id for a in articles))
    _unique(legal.file, "guide", (g.id for g in guides))
    return _Legal(regulation, quotations, corpus_version, tuple(articles), tuple(guides), citations)


class _Annex(NamedTuple):
    corpus_version: str
    groups: tuple[AnnexGroup, ...]
    entries: tuple[AnnexEntry, ...]
    terms: tuple[Term, ...]


def _annex_lines(e: _Reader, key: str) -> tuple[AnnexLine, ...]:
    out = []
    for ln in e.tables(key):
        out.append(AnnexLine(code=ln.text("code"), text=ln.text("text")))
        ln.done()
    return tuple(out)


def _read_annex(annex: _Reader) -> _Annex:
    """annex_i.toml: the Annex I entries named as cyber-surveillance items, and glossary terms."""
    meta = annex.required_sub("meta")
    corpus_version = meta.text("corpus_version")
    meta.opt_str("source")
    meta.opt_str("attribution")
    meta.done()
    groups = []
    for g in annex.tables("group", required=True):
        groups.append(AnnexGroup(id=g.id(), title=g.text("title"), description=g.text("description")))
        g.done()
    entries = []
    for e in annex.tables("entry", required=True):
        entries.append(
            AnnexEntry(
                code=e.text("code"),
                group=e.id("group"),
                label=e.text("label"),
                text=e.text("text"),
                context=_annex_lines(e, "context"),
                items=_annex_lines(e, "items"),
                notes=e.str_list("notes"),
                terms=e.str_list("terms"),
            )
        )
        e.done()
    terms = []
    for t in annex.tables("term", required=True):
        terms.append(Term(id=t.id(), term=t.text("term"), lines=t.str_list("lines", required=True)))
        t.done()
    annex.done()
    _unique(annex.file, "group", (g.id for g in groups))
    _unique(annex.file, "entry", (e.code for e in entries))
    _unique(annex.file, "term", (t.id for t in terms))
    group_ids = {g.id for g in groups}
    term_ids = {t.id for t in terms}
    for entry in entries:
        if entry.group not in group_ids:
            raise ContentError(
                _("{file}: entry {code}: unknown group {group}").format(
                    file=annex.file, code=entry.code, group=repr(entry.group)
                )
            )
        for term in entry.terms:
            if term not in term_ids:
                raise ContentError(
                    _("{file}: entry {code}: unknown term {term}").format(
                        file=annex.file, code=entry.code, term=repr(term)
                    )
                )
    return _Annex(corpus_version, tuple(groups), tuple(entries), tuple(terms))


class _Geas(NamedTuple):
    corpus_version: str
    geas: tuple[Gea, ...]


def _read_geas(gfile: _Reader) -> _Geas:
    """geas.toml: the Union general export authorisations and the Annex I entries each covers or
    excludes (the cross-reference pass checks that those entries are in annex_i.toml)."""
    meta = gfile.required_sub("meta")
    corpus_version = meta.text("corpus_version")
    meta.opt_str("source")
    meta.done()
    geas = []
    for g in gfile.tables("gea", required=True):
        gea = Gea(
            id=g.text("id"),
            title=g.text("title"),
            summary=g.text("summary"),
            covers=g.str_list("covers"),
            excludes=g.str_list("excludes"),
            destinations=g.str_list("destinations"),
        )
        if not _GEA_ID.match(gea.id):
            g.fail(
                _("{id!r} is not the number of a general authorisation (EU001 ...)").format(id=gea.id), "id"
            )
        for code in gea.destinations:
            if not _COUNTRY.match(code):
                g.fail(_("{code!r} is not an ISO 3166-1 alpha-2 code").format(code=code), "destinations")
        if both := sorted(set(gea.covers) & set(gea.excludes)):
            g.fail(_("{entry!r} is both covered and excluded").format(entry=both[0]))
        g.done()
        geas.append(gea)
    gfile.done()
    _unique(gfile.file, "gea", (g.id for g in geas))
    return _Geas(corpus_version, tuple(geas))


class _Questions(NamedTuple):
    kinds: dict[str, Kind]
    steps: tuple[Step, ...]
    rule_steps: tuple[RuleStep, ...]
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]


def _read_kinds(qfile: _Reader) -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for k in qfile.tables("kind", required=True):
        kind = Kind(id=k.id(), options=_options(k))
        k.done()
        if kind.id not in contract.KIND_VALUES:
            k.fail(
                _("{id} is not a kind with fixed values {kind_values}").format(
                    id=repr(kind.id), kind_values=list(contract.KIND_VALUES)
                )
            )
        if tuple(o.id for o in kind.options) != contract.KIND_VALUES[kind.id]:
            k.fail(
                _("options must be exactly {kind_values}").format(
                    kind_values=list(contract.KIND_VALUES[kind.id])
                ),
                "options",
            )
        if kind.id in kinds:
            k.fail(_("duplicate kind id {id}").format(id=repr(kind.id)))
        kinds[kind.id] = kind
    missing = set(contract.KIND_VALUES) - set(kinds)
    if missing:
        raise ContentError(
            _("{file}: no [[kind]] for {missing}").format(file=qfile.file, missing=sorted(missing))
        )
    return kinds


def _read_steps(qfile: _Reader) -> tuple[Step, ...]:
    """The wizard's pages in order: each page kind but ``questions`` exactly once, the outcome last,
    and a questions page for every step at which the assessment can stop."""
    steps = []
    for s in qfile.tables("step", required=True):
        step = Step(
            id=s.id(),
            title=s.text("title"),
            intro=s.opt_str("intro") or "",
            cites=s.str_list("cites"),
            number=s.opt_int("number"),
            page=s.choice("page", PAGE_KINDS, "questions"),
            panels=s.among("panels", PANELS),
        )
        s.done()
        if step.page == "questions" and not step.intro:
            s.fail(_("is required (a questions page shows it)"), "intro")
        if step.page != "questions" and step.panels:
            s.fail(_("only a questions page shows panels"), "panels")
        steps.append(step)
    _unique(qfile.file, "step", (s.id for s in steps))
    for kind in (k for k in PAGE_KINDS if k != "questions"):
        if [s.page for s in steps].count(kind) != 1:
            raise ContentError(
                _("{file}: exactly one step must have page = {kind}").format(file=qfile.file, kind=repr(kind))
            )
    if steps[-1].page != "outcome":
        raise ContentError(_("{file}: the last step must be the outcome page").format(file=qfile.file))
    return tuple(steps)


def _read_rule_steps(qfile: _Reader, steps: tuple[Step, ...]) -> tuple[RuleStep, ...]:
    """The rule steps (the steps of the assessment that ask no questions), each on a page before the
    outcome's; with the questions pages they name every step at which the assessment can stop
    (``contract.DECIDED_AT``), each once."""
    pages = [s.id for s in steps if s.page != "outcome"]
    rules = []
    for r in qfile.tables("rule_step"):
        rule = RuleStep(id=r.id(), page=r.id("page"), title=r.text("title"))
        r.done()
        if rule.id not in contract.DECIDED_AT:
            r.fail(
                _("{id} is not a step of the assessment {decided_at}").format(
                    id=repr(rule.id), decided_at=list(contract.DECIDED_AT)
                ),
                "id",
            )
        if rule.page not in pages:
            r.fail(_("unknown step {page} (or the outcome page)").format(page=repr(rule.page)), "page")
        rules.append(rule)
    _unique(qfile.file, "rule_step", (r.id for r in rules))
    asks = {s.id for s in steps if s.page == "questions"}
    both = sorted(asks & {r.id for r in rules})
    if both:
        raise ContentError(
            _("{file}: {id} is both a questions page and a rule step").format(
                file=qfile.file, id=repr(both[0])
            )
        )
    missing = set(contract.DECIDED_AT) - asks - {r.id for r in rules}
    if missing:
        raise ContentError(
            _("{file}: steps {missing} are missing (as questions pages or rule steps)").format(
                file=qfile.file, missing=sorted(missing)
            )
        )
    return tuple(rules)


def _read_sections(qfile: _Reader, steps: tuple[Step, ...]) -> tuple[Section, ...]:
    asks = {s.id for s in steps if s.page == "questions"}
    sections = []
    for s in qfile.tables("section"):
        sections.append(Section(id=s.id(), step=s.id("step"), title=s.text("title"), intro=s.text("intro")))
        s.done()
        if sections[-1].step not in asks:
            s.fail(
                _("unknown step {step} (or not a questions page)").format(step=repr(sections[-1].step)),
                "step",
            )
    _unique(qfile.file, "section", (s.id for s in sections))
    return tuple(sections)


def _read_question(q: _Reader, kinds: Mapping[str, Kind]) -> Question:
    qid = q.id()
    kind_id = q.text("kind")
    if kind_id not in contract.ALL_KINDS:
        q.fail(
            _("unknown kind {kind_id}; expected one of {all_kinds}").format(
                kind_id=repr(kind_id), all_kinds=list(contract.ALL_KINDS)
            ),
            "kind",
        )
    own = _options(q)
    if kind_id in contract.OPTION_KINDS and not own:
        q.fail(_("a {kind_id} question needs options").format(kind_id=kind_id), "options")
    if kind_id not in contract.OPTION_KINDS and own:
        q.fail(_("a {kind_id} question takes no options of its own").format(kind_id=kind_id), "options")
    dep = None
    d = q.sub("depends_on")
    if d is not None:
        dep = Dependency(question=d.id("question"), values=d.str_list("values", required=True))
        d.done()
    question = Question(
        id=qid,
        step=q.id("step"),
        kind=kind_id,
        label=q.text("label"),
        text=q.text("text"),
        guidance=q.text("guidance"),
        cites=q.str_list("cites"),
        section=q.opt_str("section"),
        decision=q.flag("decision", False),
        options=own if own else (kinds[kind_id].options if kind_id in kinds else ()),
        depends_on=dep,
    )
    q.done()
    return question


def _read_questions(qfile: _Reader) -> _Questions:
    """questions.toml: the fixed kinds' labels, the steps (the wizard's pages), sections, questions."""
    kinds = _read_kinds(qfile)
    steps = _read_steps(qfile)
    rule_steps = _read_rule_steps(qfile, steps)
    sections = _read_sections(qfile, steps)
    asks = {s.id for s in steps if s.page == "questions"}
    section_step = {s.id: s.step for s in sections}
    questions = []
    for q in qfile.tables("question", required=True):
        question = _read_question(q, kinds)
        if question.step not in asks:
            q.fail(
                _("unknown step {step} (or not a questions page)").format(step=repr(question.step)), "step"
            )
        if question.section is not None and section_step.get(question.section) != question.step:
            q.fail(
                _("unknown section {section} of step {step}").format(
                    section=repr(question.section), step=repr(question.step)
                ),
                "section",
            )
        questions.append(question)
    qfile.done()
    _unique(qfile.file, "question", (q.id for q in questions))
    _check_questions(qfile.file, {q.id: q for q in questions})
    return _Questions(kinds, steps, rule_steps, sections, tuple(questions))


def _check_questions(file: str, by_id: Mapping[str, Question]) -> None:
    """Dependencies resolve; the decision questions are there with their kinds and nothing else is
    marked as one."""
    for question in by_id.values():
        dep = question.depends_on
        if dep is None:
            continue
        target = by_id.get(dep.question)
        if target is None:
            raise ContentError(
                _("{file}: question {id}: depends_on names unknown question {question}").format(
                    file=file, id=question.id, question=repr(dep.question)
                )
            )
        bad = [v for v in dep.values if v not in target.values]
        if bad:
            raise ContentError(
                _("{file}: question {id}: depends_on value {bad} is not a value of {question}").format(
                    file=file, id=question.id, bad=repr(bad[0]), question=dep.question
                )
            )
    for qid, kind_id in contract.DECISION_QUESTIONS.items():
        dq = by_id.get(qid)
        if dq is None or not dq.decision or dq.kind != kind_id:
            raise ContentError(
                _(
                    "{file}: decision question {qid} must exist with decision = true and kind = {kind_id}"
                ).format(file=file, qid=repr(qid), kind_id=repr(kind_id))
            )
    if by_id[contract.CAPABILITIES_Q].values != contract.CAPABILITIES:
        raise ContentError(
            _("{file}: question capabilities must have exactly the options {capabilities}").format(
                file=file, capabilities=list(contract.CAPABILITIES)
            )
        )
    for step, qids in contract.RULE_QUESTIONS.items():
        for qid in qids:
            if by_id[qid].step != step:
                raise ContentError(
                    _("{file}: decision question {qid} must be asked on the page of step {step}").format(
                        file=file, qid=repr(qid), step=repr(step)
                    )
                )
    extra = [q.id for q in by_id.values() if q.decision and q.id not in contract.DECISION_QUESTIONS]
    if extra:
        raise ContentError(
            _(
                "{file}: question {extra} is marked decision = true but the decision rules do not use it"
            ).format(file=file, extra=repr(extra[0]))
        )


class _RedFlags(NamedTuple):
    categories: tuple[RedFlagCategory, ...]
    flags: tuple[RedFlag, ...]


def _read_red_flags(rfile: _Reader) -> _RedFlags:
    """red_flags.toml: the red flags by category."""
    categories = []
    for c in rfile.tables("category", required=True):
        categories.append(RedFlagCategory(id=c.id(), title=c.text("title")))
        c.done()
    _unique(rfile.file, "category", (c.id for c in categories))
    category_ids = {c.id for c in categories}
    flags = []
    for f in rfile.tables("flag", required=True):
        flag = RedFlag(
            id=f.id(),
            category=f.id("category"),
            basis=f.text("basis"),
            text=f.text("text"),
            cites=f.str_list("cites"),
        )
        f.done()
        if flag.category not in category_ids:
            f.fail(_("unknown category {category}").format(category=repr(flag.category)), "category")
        if flag.basis not in ("framework", "icp", "practice"):
            f.fail(_("basis must be framework, icp or practice"), "basis")
        flags.append(flag)
    rfile.done()
    _unique(rfile.file, "flag", (f.id for f in flags))
    return _RedFlags(tuple(categories), tuple(flags))


def _read_mitigations(mfile: _Reader) -> tuple[Measure, ...]:
    """mitigations.toml: the measures against misuse."""
    measures = []
    for m in mfile.tables("measure", required=True):
        measures.append(Measure(id=m.id(), title=m.text("title"), description=m.text("description")))
        m.done()
    mfile.done()
    _unique(mfile.file, "measure", (m.id for m in measures))
    return tuple(measures)


class _Authorities(NamedTuple):
    member_states: tuple[str, ...]
    default_member_state: str
    authorities: tuple[Authority, ...]


def _read_authorities(afile: _Reader) -> _Authorities:
    """authorities.toml: the member states and the competent authorities we hold details of."""
    member_states = afile.str_list("member_states", required=True)
    for ms in member_states:
        # the form only: looking codes up in the country database would double the program's
        # start-up; tests/test_content.py checks each against it
        if not _COUNTRY.fullmatch(ms):
            afile.fail(_("{ms} is not an ISO 3166-1 alpha-2 code").format(ms=repr(ms)), "member_states")
    _unique(afile.file, "member state", member_states)
    default_ms = afile.text("default_member_state")
    if default_ms not in member_states:
        afile.fail(
            _("{default_ms} is not in member_states").format(default_ms=repr(default_ms)),
            "default_member_state",
        )
    authorities = []
    for a in afile.tables("authority", required=True):
        auth = Authority(
            member_state=a.text("member_state"),
            name=a.text("name"),
            short_name=a.text("short_name"),
            address=a.str_list("address", required=True),
            part_of=a.opt_str("part_of"),
            phone=a.opt_str("phone"),
            email=a.opt_str("email"),
            notes=a.opt_str("notes"),
            cites=a.str_list("cites"),
        )
        a.done()
        if auth.member_state not in member_states:
            a.fail(
                _("{member_state} is not a member state").format(member_state=repr(auth.member_state)),
                "member_state",
            )
        authorities.append(auth)
    afile.done()
    _unique(afile.file, "authority", (a.member_state for a in authorities))
    return _Authorities(member_states, default_ms, tuple(authorities))


class _Outcomes(NamedTuple):
    outcomes: dict[str, Outcome]
    warnings: dict[str, Warning]
    holds: dict[str, Hold]
    reasons: dict[str, str]


def _read_outcomes(ofile: _Reader) -> _Outcomes:
    """outcomes.toml: the outcomes with their tones, the warnings with their conditions, the reasons.
    Read alone at start-up (``default_outcomes``): what it refers to elsewhere is checked later."""
    tones = ofile.required_sub("tones")
    colours = {}
    for tone in tones.table:
        colours[tone] = tones.text(tone)
        if not _ID.match(tone) or not _COLOUR.match(colours[tone]):
            tones.fail(
                _("expected a tone id and a colour written '#rrggbb', found {colours}").format(
                    colours=repr(colours[tone])
                ),
                tone,
            )
    tones.done()
    outcomes = []
    for o in ofile.tables("outcome", required=True):
        tone = o.text("tone")
        if tone not in colours:
            o.fail(
                _("{tone} is not one of the tones {colours}").format(tone=repr(tone), colours=list(colours)),
                "tone",
            )
        outcomes.append(
            Outcome(
                id=o.id(),
                short=o.text("short"),
                title=o.text("title"),
                explanation=o.text("explanation"),
                cites=o.str_list("cites"),
                tone=tone,
                colour=colours[tone],
            )
        )
        o.done()
    by_id = _exactly(ofile.file, "outcome", outcomes, contract.OUTCOMES)
    warnings = []
    for w in ofile.tables("warning", required=True):
        warn = Warning(
            id=w.id(),
            title=w.text("title"),
            text=w.text("text"),
            cites=w.str_list("cites"),
            when=_condition(w),
        )
        w.done()
        warnings.append(warn)
    _unique(ofile.file, "warning", (w.id for w in warnings))
    own = tuple(w.id for w in warnings[len(contract.WARNINGS) :])
    if tuple(w.id for w in warnings[: len(contract.WARNINGS)]) != contract.WARNINGS or set(own) & set(
        contract.WARNINGS
    ):
        raise ContentError(
            _(
                "{file}: the warnings must begin with exactly {warnings}, in that order (warnings of the "
                "content's own may follow)"
            ).format(file=ofile.file, warnings=list(contract.WARNINGS))
        )
    holds = []
    for h in ofile.tables("hold", required=True):
        holds.append(Hold(id=h.id(), title=h.text("title"), text=h.text("text"), cites=h.str_list("cites")))
        h.done()
    holds_by_id = _exactly(ofile.file, "hold", holds, contract.HOLDS)
    rr = ofile.required_sub("reasons")
    reasons = {rid: rr.text(rid) for rid in contract.REASONS}
    rr.done()
    for rid, template in reasons.items():
        fields = set(re.findall(r"{([^{}]*)}", template))
        if not fields <= {"answers"}:
            raise ContentError(
                _("{file}: reasons.{rid}: only {{answers}} may be filled in").format(file=ofile.file, rid=rid)
            )
    ofile.done()
    return _Outcomes(by_id, {w.id: w for w in warnings}, holds_by_id, reasons)


def _condition(w: _Reader) -> Condition:
    """A warning's ``when``: exactly one of answer (with in or not_in), field (likewise), party, red_flag."""
    when = w.required_sub("when")
    subjects = [k for k in ("answer", "field", "party", "red_flag") if k in when.table]
    if len(subjects) != 1:
        when.fail(_("needs exactly one of answer, field, party or red_flag"))
    cond: Condition
    if subjects[0] in ("answer", "field"):
        name = when.id(subjects[0])
        if ("in" in when.table) == ("not_in" in when.table):
            when.fail(_("needs exactly one of in or not_in"))
        negate = "not_in" in when.table
        values = when.str_list("not_in" if negate else "in", required=True)
        if subjects[0] == "answer":
            cond = AnswerIn(name, values, negate)
        elif name not in CONDITION_FIELDS:
            when.fail(
                _("{name} is not one of {condition_fields}").format(
                    name=repr(name), condition_fields=list(CONDITION_FIELDS)
                ),
                "field",
            )
        elif bad := [v for v in values if not _COUNTRY.match(v)]:
            when.fail(
                _("{bad} is not an ISO 3166-1 alpha-2 code").format(bad=repr(bad[0])),
                "not_in" if negate else "in",
            )
        else:
            cond = FieldIn(name, values, negate)
    elif subjects[0] == "party":
        p = when.required_sub("party")
        cond = PartyIs(p.among("role", contract.PARTY_ROLES), p.among("sector", contract.SECTORS))
        p.done()
        if not cond.roles and not cond.sectors:
            p.fail(_("needs a role or a sector list"))
    else:
        f = when.required_sub("red_flag")
        cond = RedFlagIs(f.among("status", contract.RED_FLAG_STATUSES), f.str_list("id"))
        f.done()
        if not cond.statuses and not cond.ids:
            f.fail(_("needs a status or an id list"))
    when.done()
    return cond


Keyed = TypeVar("Keyed", Outcome, Warning, Hold)


def _exactly(file: str, what: str, items: list[Keyed], expected: tuple[str, ...]) -> dict[str, Keyed]:
    """``items`` by id, once each, with exactly the ids of the contract in its order."""
    _unique(file, what, (i.id for i in items))
    if tuple(i.id for i in items) != expected:
        raise ContentError(
            _("{file}: the {what}s must be exactly {expected}, in that order").format(
                file=file, what=what, expected=list(expected)
            )
        )
    return {i.id: i for i in items}


def _read_parties(pfile: _Reader) -> tuple[dict[str, str], dict[str, str], str]:
    """parties.toml: how party roles and sectors are named, and what the parties page says of them."""
    labels: dict[str, dict[str, str]] = {}
    guidance = pfile.text("guidance")
    for key, ids in (("roles", contract.PARTY_ROLES), ("sectors", contract.SECTORS)):
        table = pfile.required_sub(key)
        labels[key] = {i: table.text(i) for i in ids}
        table.done()
    pfile.done()
    return labels["roles"], labels["sectors"], guidance


class _SectionRows(NamedTuple):
    """The rows of every question of a content section (expanded by the cross-reference pass)."""

    section: str
    always: bool
    rationale: str
    where: str


_RawRow = DraftRow | _SectionRows


def _draft_rows(s: _Reader) -> tuple[_RawRow, ...]:
    rows: list[_RawRow] = []
    for i, item in enumerate(s._get("questions", list, False) or []):
        if isinstance(item, str):
            rows.append(DraftRow(question=item))
            continue
        r = _Reader(s.file, f"{_join(s.where, 'questions')}[{i}]", item)
        if ("id" in r.table) == ("section" in r.table):
            r.fail(_("needs exactly one of id (a question) or section (all its questions)"))
        always, rationale = r.flag("always", False), r.choice("rationale", DRAFT_RATIONALE, "none")
        if "id" in r.table:
            rows.append(DraftRow(r.id(), r.opt_str("label"), always, rationale))
        else:
            rows.append(_SectionRows(r.id("section"), always, rationale, r.where))
        r.done()
    return tuple(rows)


def _read_draft(d: _Reader) -> DraftText:
    """A draft's table: its id, the outcomes that call for it, its file, heading and wording."""
    draft_id, outcomes = d.id(), d.among("outcomes", contract.OUTCOMES, required=True)
    file = d.text("file")
    if not _FILE_PART.match(file):
        d.fail(_("{file} is not a file name of letters, digits and hyphens").format(file=repr(file)), "file")
    after_opening: dict[str, str] = {}
    paragraphs = d.sub("after_opening")
    if paragraphs is not None:
        for outcome in paragraphs.table:
            if outcome not in outcomes:
                paragraphs.fail(
                    _("{outcome} is not one of the draft's outcomes {outcomes}").format(
                        outcome=repr(outcome), outcomes=list(outcomes)
                    )
                )
            after_opening[outcome] = paragraphs.text(outcome)
        paragraphs.done()
    draft = DraftText(
        id=draft_id,
        outcomes=outcomes,
        file=file,
        heading=d.text("heading"),
        title=d.text("title"),
        subject=d.text("subject"),
        opening=d.text("opening"),
        closing=d.text("closing"),
        after_opening=MappingProxyType(after_opening),
    )
    d.done()
    return draft


def _read_drafts(dfile: _Reader) -> tuple[dict[str, DraftText], dict[str, tuple[_RawRow, ...]]]:
    """drafts.toml: the drafts with the outcomes that call for each (an outcome calls for one at
    most), and their sections in order (with the questions they show, resolved by the cross-reference
    pass)."""
    drafts = [_read_draft(d) for d in dfile.tables("draft", required=True)]
    _unique(dfile.file, "draft", (d.id for d in drafts))
    called: dict[str, str] = {}
    for d in drafts:
        for outcome in d.outcomes:
            if outcome in called:
                raise ContentError(
                    _("{file}: outcome {outcome} calls for two drafts: {called} and {id}").format(
                        file=dfile.file, outcome=repr(outcome), called=called[outcome], id=d.id
                    )
                )
            called[outcome] = d.id
    draft_ids = tuple(d.id for d in drafts)
    sections = []
    rows: dict[str, tuple[_RawRow, ...]] = {}
    for s in dfile.tables("section", required=True):
        section = DraftSection(
            id=s.id(),
            title=s.text("title"),
            drafts=s.among("drafts", draft_ids) or draft_ids,
            before=s.among("before", DRAFT_BLOCKS),
            facts=s.among("facts", DRAFT_FACTS),
            after=s.among("after", DRAFT_BLOCKS),
            table="facts" in s.table or "questions" in s.table,
        )
        rows[section.id] = _draft_rows(s)
        s.done()
        sections.append(section)
    _unique(dfile.file, "section", (s.id for s in sections))
    dfile.done()
    by_id = {d.id: d._replace(sections=tuple(s for s in sections if d.id in s.drafts)) for d in drafts}
    return by_id, rows


# ---------------------------------------------------------------------------- the cross-reference pass


def _citations(legal: _Legal, annex: _Annex, geas: _Geas) -> dict[str, Citation]:
    """Every citation the content may use, by its reference ("art:5.2", "annex:4A005", ...)."""
    citations: dict[str, Citation] = {}
    for art in legal.articles:
        ref = f"art:{art.id}"
        citations[ref] = Citation(ref, "article", art.short, f"{art.citation}: {art.title}", art.text)
    forms = legal.citations
    for entry in annex.entries:
        ref = f"annex:{entry.code}"
        title = forms["annex"].format(code=entry.code, label=entry.label)
        citations[ref] = Citation(ref, "annex", entry.code, title, entry.text)
    for term in annex.terms:
        ref = f"term:{term.id}"
        title = forms["term"].format(term=term.term)
        citations[ref] = Citation(ref, "term", f'"{term.term}"', title, "\n".join(term.lines))
    for gea in geas.geas:
        ref = f"gea:{gea.id}"
        title = forms["gea"].format(id=gea.id, title=gea.title)
        citations[ref] = Citation(ref, "gea", gea.id, title, None)
    for guide in legal.guides:
        ref = f"guide:{guide.id}"
        citations[ref] = Citation(ref, "guide", guide.title, guide.title, None)
    return citations


def _check_cites(citations: Mapping[str, Citation], cited: Iterable[tuple[str, str, Iterable[str]]]) -> None:
    for file, where, cites in cited:
        for c in cites:
            if c not in citations:
                raise ContentError(
                    _("{file}: {where}: citation {c} resolves to nothing").format(
                        file=file, where=where, c=repr(c)
                    )
                )


def _check_warnings(warnings: Iterable[Warning], questions: Mapping[str, Question], flags: _RedFlags) -> None:
    """What each warning's condition reads exists: its question and that question's values, its red
    flags."""
    flag_ids = {f.id for f in flags.flags}
    for w in warnings:
        where = f"outcomes.toml: warning {w.id}: when"
        cond = w.when
        if isinstance(cond, AnswerIn):
            q = questions.get(cond.question)
            if q is None:
                raise ContentError(
                    _("{where}.answer: unknown question {question}").format(
                        where=where, question=repr(cond.question)
                    )
                )
            bad = [v for v in cond.values if v not in q.values] if q.values else []
            if q.kind == "country":
                bad = [v for v in cond.values if not _COUNTRY.match(v)]
            if bad:
                raise ContentError(
                    _("{where}: {bad} is not a value of question {id}").format(
                        where=where, bad=repr(bad[0]), id=q.id
                    )
                )
        elif isinstance(cond, RedFlagIs):
            unknown = [f for f in cond.ids if f not in flag_ids]
            if unknown:
                raise ContentError(
                    _("{where}.red_flag.id: unknown red flag {unknown}").format(
                        where=where, unknown=repr(unknown[0])
                    )
                )


def _check_hold_questions(questions: Mapping[str, Question]) -> None:
    """The due-diligence questions the holds read (``contract.HOLD_QUESTIONS``) are there, are not
    decision questions, and take the values the holds compare them with."""
    for qid, values in contract.HOLD_QUESTIONS.items():
        q = questions.get(qid)
        if q is None or q.decision:
            raise ContentError(
                _(
                    "questions.toml: the holds read the due-diligence question {qid}, which is missing "
                    "(or a decision question)"
                ).format(qid=repr(qid))
            )
        bad = [v for v in values if v not in q.values]
        if bad:
            raise ContentError(
                _(
                    "questions.toml: question {qid}: the holds read the value {value}, which it does not take"
                ).format(qid=qid, value=repr(bad[0]))
            )


def _draft_sections(
    drafts: Mapping[str, DraftText], raw: Mapping[str, tuple[_RawRow, ...]], questions: _Questions
) -> dict[str, DraftText]:
    """The drafts with the rows of their sections resolved: each question exists, and a content
    section's rows are its questions in order."""
    by_id = {q.id: q for q in questions.questions}
    section_ids = {s.id for s in questions.sections}
    rows: dict[str, tuple[DraftRow, ...]] = {}
    for sid, given in raw.items():
        out: list[DraftRow] = []
        for row in given:
            if isinstance(row, _SectionRows):
                if row.section not in section_ids:
                    raise ContentError(
                        _("drafts.toml: {where}.section: unknown section {section}").format(
                            where=row.where, section=repr(row.section)
                        )
                    )
                out += [
                    DraftRow(q.id, None, row.always, row.rationale)
                    for q in questions.questions
                    if q.section == row.section
                ]
            elif row.question not in by_id:
                raise ContentError(
                    _("drafts.toml: section {sid}: unknown question {question}").format(
                        sid=sid, question=repr(row.question)
                    )
                )
            else:
                out.append(row)
        _unique(f"drafts.toml: section {sid}", "question", (r.question for r in out))
        rows[sid] = tuple(out)
    return {
        kind: d._replace(sections=tuple(s._replace(rows=rows[s.id]) for s in d.sections))
        for kind, d in drafts.items()
    }


class _Files(NamedTuple):
    """What the readers took out of each file."""

    legal: _Legal
    annex: _Annex
    geas: _Geas
    questions: _Questions
    red_flags: _RedFlags
    measures: tuple[Measure, ...]
    authorities: _Authorities
    outcomes: _Outcomes
    parties: tuple[dict[str, str], dict[str, str], str]
    drafts: tuple[dict[str, DraftText], dict[str, tuple[_RawRow, ...]]]


def _cross_check(f: _Files) -> Content:
    """Check what refers across files, and put the content together."""
    if f.annex.corpus_version != f.legal.corpus_version:
        raise ContentError(
            _("annex_i.toml: meta: corpus_version differs from legal.toml's {corpus_version}").format(
                corpus_version=repr(f.legal.corpus_version)
            )
        )
    if f.geas.corpus_version != f.legal.corpus_version:
        raise ContentError(
            _("geas.toml: meta: corpus_version differs from legal.toml's {version!r}").format(
                version=f.legal.corpus_version
            )
        )
    shown = {e.code for e in f.annex.entries}
    for gea in f.geas.geas:
        for key in ("covers", "excludes"):
            unknown = [c for c in getattr(gea, key) if c not in shown]
            if unknown:
                raise ContentError(
                    _("geas.toml: gea {id}: {key}: unknown Annex I entry {entry!r}").format(
                        id=gea.id, key=key, entry=unknown[0]
                    )
                )
    citations = _citations(f.legal, f.annex, f.geas)
    qs, out = f.questions, f.outcomes
    _check_cites(
        citations,
        [
            *(("questions.toml", f"step {s.id}", s.cites) for s in qs.steps),
            *(("questions.toml", f"question {q.id}", q.cites) for q in qs.questions),
            *(("red_flags.toml", f"flag {x.id}", x.cites) for x in f.red_flags.flags),
            *(
                ("authorities.toml", f"authority {a.member_state}", a.cites)
                for a in f.authorities.authorities
            ),
            *(("outcomes.toml", f"outcome {o.id}", o.cites) for o in out.outcomes.values()),
            *(("outcomes.toml", f"warning {w.id}", w.cites) for w in out.warnings.values()),
            *(("outcomes.toml", f"hold {h.id}", h.cites) for h in out.holds.values()),
        ],
    )
    by_id = {q.id: q for q in qs.questions}
    _check_warnings(out.warnings.values(), by_id, f.red_flags)
    _check_hold_questions(by_id)
    drafts = _draft_sections(*f.drafts, qs)
    return Content(
        corpus_version=f.legal.corpus_version,
        regulation=f.legal.regulation,
        quotations=f.legal.quotations,
        kinds=MappingProxyType(qs.kinds),
        steps=qs.steps,
        rule_steps=qs.rule_steps,
        sections=qs.sections,
        questions=qs.questions,
        annex_groups=f.annex.groups,
        annex_entries=f.annex.entries,
        terms=f.annex.terms,
        geas=f.geas.geas,
        articles=f.legal.articles,
        guides=f.legal.guides,
        red_flag_categories=f.red_flags.categories,
        red_flags=f.red_flags.flags,
        measures=f.measures,
        authorities=f.authorities.authorities,
        member_states=f.authorities.member_states,
        default_member_state=f.authorities.default_member_state,
        outcomes=MappingProxyType(out.outcomes),
        warnings=MappingProxyType(out.warnings),
        holds=MappingProxyType(out.holds),
        reasons=MappingProxyType(out.reasons),
        role_labels=MappingProxyType(f.parties[0]),
        sector_labels=MappingProxyType(f.parties[1]),
        parties_guidance=f.parties[2],
        drafts=MappingProxyType(drafts),
        question_index=MappingProxyType(by_id),
        step_index=MappingProxyType({s.id: s for s in qs.steps}),
        citation_index=MappingProxyType(citations),
        flag_index=MappingProxyType({x.id: x for x in f.red_flags.flags}),
        measure_index=MappingProxyType({m.id: m for m in f.measures}),
    )


# ---------------------------------------------------------------------------- loading


def load_content(directory: Path, lang: str | None = None) -> Content:
    """Load and validate every content file in ``directory``, with the texts of the overlay
    ``directory/lang`` when there is one (English when ``lang`` is None or has no overlay). Raises
    ``ContentError``."""
    source = _Source(directory, lang)
    files = _Files(
        legal=_read_legal(source.read("legal.toml")),
        annex=_read_annex(source.read("annex_i.toml")),
        geas=_read_geas(source.read("geas.toml")),
        questions=_read_questions(source.read("questions.toml")),
        red_flags=_read_red_flags(source.read("red_flags.toml")),
        measures=_read_mitigations(source.read("mitigations.toml")),
        authorities=_read_authorities(source.read("authorities.toml")),
        outcomes=_read_outcomes(source.read("outcomes.toml")),
        parties=_read_parties(source.read("parties.toml")),
        drafts=_read_drafts(source.read("drafts.toml")),
    )
    source.check_names()
    return _cross_check(files)


def default_directory() -> Path:
    # The package is always installed as files (pip, editable or not), so its folder is found from
    # the package itself; importlib.resources would add a tenth to the desktop program's start-up.
    import resources

    return Path(resources.__file__).parent / "content"


def default_outcomes(lang: str | None = None) -> Mapping[str, Outcome]:
    """The shipped outcome texts alone, from outcomes.toml, checked as ``default_content`` checks
    them except for what they refer to in other files (the full load checks that). The dossier list
    needs only these, and reading one file instead of all keeps start-up short. In ``lang``, else in
    the current language (core.i18n)."""
    return _shipped_outcomes(_overlay(lang))


def default_holds(lang: str | None = None) -> Mapping[str, Hold]:
    """The shipped wording of the holds alone (outcomes.toml), as ``default_outcomes`` reads the
    outcomes: for the dossier list, which names a dossier's holds without the full content."""
    return _shipped_holds(_overlay(lang))


def default_content(lang: str | None = None) -> Content:
    """The shipped content, loaded and validated once per process and language: in ``lang``, else in
    the current language (``core.i18n.current()``, so that the content follows the language of the
    program, or of the report being made); English where a language has no overlay."""
    return _shipped(_overlay(lang))


def loaded_contents() -> int:
    """How many languages of the shipped content have been loaded whole (``default_content``)."""
    return _shipped.cache_info().currsize


def _overlay(lang: str | None) -> str | None:
    """The overlay to read for ``lang`` (None: the current language): None for English."""
    lang = lang or i18n.current()
    return None if lang == i18n.SOURCE else lang


@functools.cache
def _shipped(lang: str | None) -> Content:
    return load_content(default_directory(), lang)


@functools.cache
def _shipped_holds(lang: str | None) -> Mapping[str, Hold]:
    if loaded_contents():
        return _shipped(lang).holds
    return MappingProxyType(_read_outcomes(_Source(default_directory(), lang).read("outcomes.toml")).holds)


@functools.cache
def _shipped_outcomes(lang: str | None) -> Mapping[str, Outcome]:
    if loaded_contents():
        return _shipped(lang).outcomes
    return MappingProxyType(_read_outcomes(_Source(default_directory(), lang).read("outcomes.toml")).outcomes)
