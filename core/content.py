"""The workbook's content (questions, guidance, legal texts, red flags, mitigations, authorities,
outcome texts) loaded from ``resources/content/*.toml`` into immutable named tuples (cheaper to define
than dataclasses, which counts at start-up) and validated once.

Validation is strict, because a content mistake silently changes what users are told: unknown keys,
missing keys, wrong types, duplicate ids and references that resolve to nothing are all errors
(``ContentError``), and the decision questions must have exactly the ids and kinds fixed by
``core.contract``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from core import contract

CONTENT_FILES = (
    "legal.toml",
    "annex_i.toml",
    "questions.toml",
    "red_flags.toml",
    "mitigations.toml",
    "authorities.toml",
    "outcomes.toml",
    "parties.toml",
    "drafts.toml",
)


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
    id: str
    title: str
    intro: str
    cites: tuple[str, ...]
    number: int | None = None


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


class Warning(NamedTuple):
    id: str
    title: str
    text: str
    cites: tuple[str, ...]


class DraftText(NamedTuple):
    """The fixed wording of a draft for the competent authority."""

    title: str
    subject: str
    opening: str
    closing: str
    no_purpose: str | None = None


class Citation(NamedTuple):
    """A citation resolved for display: ``short`` for inline use, ``text`` the official text if any."""

    ref: str
    kind: str  # "article" | "annex" | "term" | "guide"
    short: str
    title: str
    text: str | None


class Content(NamedTuple):
    corpus_version: str
    regulation: str
    kinds: Mapping[str, Kind]
    steps: tuple[Step, ...]
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    annex_groups: tuple[AnnexGroup, ...]
    annex_entries: tuple[AnnexEntry, ...]
    terms: tuple[Term, ...]
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
    reasons: Mapping[str, str]
    role_labels: Mapping[str, str]
    sector_labels: Mapping[str, str]
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

    def questions_of(self, step: str, section: str | None = None) -> tuple[Question, ...]:
        return tuple(
            q for q in self.questions if q.step == step and (section is None or q.section == section)
        )

    def cite(self, ref: str) -> Citation:
        return self.citation_index[ref]

    def red_flag(self, fid: str) -> RedFlag | None:
        return self.flag_index.get(fid)

    def measure(self, mid: str) -> Measure | None:
        return self.measure_index.get(mid)

    def authority(self, member_state: str) -> Authority | None:
        return next((a for a in self.authorities if a.member_state == member_state), None)

    def is_relevant(self, question: Question, answers: Mapping[str, object]) -> bool:
        """Whether a question applies, given the values answered so far (``depends_on``)."""
        dep = question.depends_on
        return dep is None or answers.get(dep.question) in dep.values


# ---------------------------------------------------------------------------- strict reading

T = TypeVar("T")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class _Reader:
    """Takes typed values out of one TOML table and refuses keys nobody asked for."""

    def __init__(self, file: str, where: str, table: object) -> None:
        self.file = file
        self.where = where
        if not isinstance(table, dict):
            self.fail(f"expected a table, found {_type_name(table)}")
        self.table: dict[str, Any] = table  # type: ignore[assignment]  # checked just above
        self.seen: set[str] = set()

    def fail(self, message: str, key: str | None = None) -> Any:
        place = f"{self.where}.{key}" if key and self.where else (key or self.where)
        raise ContentError(f"{self.file}: {place}: {message}" if place else f"{self.file}: {message}")

    def _get(self, key: str, typ: type[T], required: bool) -> T | None:
        self.seen.add(key)
        if key not in self.table:
            if required:
                self.fail("is required", key)
            return None
        value: T = self.table[key]
        if (typ is int and isinstance(value, bool)) or not isinstance(value, typ):
            self.fail(f"expected {typ.__name__}, found {_type_name(value)}", key)
        return value

    def text(self, key: str) -> str:
        value = self._get(key, str, True)
        assert value is not None
        if not value.strip():
            self.fail("must not be empty", key)
        return value

    def opt_str(self, key: str) -> str | None:
        value = self._get(key, str, False)
        if value is not None and not value.strip():
            self.fail("must not be empty", key)
        return value

    def id(self, key: str = "id") -> str:
        value = self.text(key)
        if not _ID.match(value):
            self.fail(f"{value!r} is not an id (lower case letters, digits and _)", key)
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
                self.fail(f"item {i} must be a non-empty string", key)
        return tuple(value)

    def tables(self, key: str, required: bool = False) -> list[_Reader]:
        value = self._get(key, list, required) or []
        return [_Reader(self.file, f"{self.where}.{key}[{i}]".lstrip("."), v) for i, v in enumerate(value)]

    def sub(self, key: str, required: bool = False) -> _Reader | None:
        self.seen.add(key)
        if key not in self.table:
            if required:
                self.fail("is required", key)
            return None
        return _Reader(self.file, f"{self.where}.{key}".lstrip("."), self.table[key])

    def done(self) -> None:
        unknown = sorted(set(self.table) - self.seen)
        if unknown:
            self.fail(f"unknown key {unknown[0]!r}")


def _type_name(value: object) -> str:
    return {
        dict: "a table",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
    }.get(type(value), type(value).__name__)


def _unique(file: str, what: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ContentError(f"{file}: duplicate {what} id {i!r}")
        seen.add(i)


def _read_toml(directory: Path, name: str) -> _Reader:
    path = directory / name
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ContentError(f"{name}: content file missing from {directory}") from None
    except tomllib.TOMLDecodeError as e:
        raise ContentError(f"{name}: not valid TOML: {e}") from None
    return _Reader(name, "", data)


def _options(r: _Reader, key: str = "options") -> tuple[Option, ...]:
    out = []
    for o in r.tables(key):
        out.append(Option(id=o.id(), label=o.text("label"), guidance=o.opt_str("guidance") or ""))
        o.done()
    _unique(r.file, f"option of {r.where}", (o.id for o in out))
    return tuple(out)


# ---------------------------------------------------------------------------- loading

CiteCheck = Callable[[str, str, Iterable[str]], None]


def _read_outcomes(
    directory: Path, check_cites: CiteCheck | None
) -> tuple[dict[str, Outcome], dict[str, Warning], dict[str, str]]:
    """outcomes.toml: the outcomes, warnings and reasons (citations checked when ``check_cites``)."""
    ofile = _read_toml(directory, "outcomes.toml")
    outcomes = []
    for o in ofile.tables("outcome", required=True):
        out = Outcome(
            id=o.id(),
            short=o.text("short"),
            title=o.text("title"),
            explanation=o.text("explanation"),
            cites=o.str_list("cites"),
        )
        o.done()
        if check_cites:
            check_cites("outcomes.toml", f"outcome {out.id}", out.cites)
        outcomes.append(out)
    by_id = _exactly("outcomes.toml", "outcome", outcomes, contract.OUTCOMES)
    warnings = []
    for w in ofile.tables("warning", required=True):
        warn = Warning(id=w.id(), title=w.text("title"), text=w.text("text"), cites=w.str_list("cites"))
        w.done()
        if check_cites:
            check_cites("outcomes.toml", f"warning {warn.id}", warn.cites)
        warnings.append(warn)
    warnings_by_id = _exactly("outcomes.toml", "warning", warnings, contract.WARNINGS)
    rr = ofile.sub("reasons", required=True)
    assert rr is not None
    reasons = {rid: rr.text(rid) for rid in contract.REASONS}
    rr.done()
    for rid, template in reasons.items():
        fields = set(re.findall(r"{([^{}]*)}", template))
        if not fields <= {"answers"}:
            raise ContentError(f"outcomes.toml: reasons.{rid}: only {{answers}} may be filled in")
    ofile.done()
    return by_id, warnings_by_id, reasons


Keyed = TypeVar("Keyed", Outcome, Warning)


def _exactly(file: str, what: str, items: list[Keyed], expected: tuple[str, ...]) -> dict[str, Keyed]:
    """``items`` by id, once each, with exactly the ids of the contract in its order."""
    _unique(file, what, (i.id for i in items))
    if tuple(i.id for i in items) != expected:
        raise ContentError(f"{file}: the {what}s must be exactly {list(expected)}, in that order")
    return {i.id: i for i in items}


def default_directory() -> Path:
    # The package is always installed as files (pip, editable or not), so its folder is found from
    # the package itself; importlib.resources would add a tenth to the desktop program's start-up.
    import resources

    return Path(resources.__file__).parent / "content"


@functools.cache
def default_outcomes() -> Mapping[str, Outcome]:
    """The shipped outcome texts alone, from outcomes.toml, checked as ``default_content`` checks
    them except for their citations (those need the legal texts; the full load checks them). The
    dossier list needs only these, and reading one file instead of all keeps start-up short."""
    if default_content.cache_info().currsize:
        return default_content().outcomes
    return MappingProxyType(_read_outcomes(default_directory(), None)[0])


@functools.cache
def default_content() -> Content:
    """The shipped content, loaded and validated once per process."""
    return load_content(default_directory())


def load_content(directory: Path) -> Content:
    """Load and validate every content file in ``directory``. Raises ``ContentError``."""
    legal = _read_toml(directory, "legal.toml")
    meta = legal.sub("meta", required=True)
    assert meta is not None
    regulation = meta.text("regulation")
    corpus_version = meta.text("corpus_version")
    meta.opt_str("valid_from")
    meta.opt_str("source")
    meta.done()
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
            a.fail("needs `text` (official) or `summary` (our words)")
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
    _unique("legal.toml", "article", (a.id for a in articles))
    _unique("legal.toml", "guide", (g.id for g in guides))

    annex = _read_toml(directory, "annex_i.toml")
    ameta = annex.sub("meta", required=True)
    assert ameta is not None
    if ameta.text("corpus_version") != corpus_version:
        ameta.fail(f"corpus_version differs from legal.toml's {corpus_version!r}", "corpus_version")
    ameta.opt_str("source")
    ameta.opt_str("attribution")
    ameta.done()
    groups = []
    for g in annex.tables("group", required=True):
        groups.append(AnnexGroup(id=g.id(), title=g.text("title"), description=g.text("description")))
        g.done()
    entries = []
    for e in annex.tables("entry", required=True):

        def lines(key: str, e: _Reader = e) -> tuple[AnnexLine, ...]:
            out = []
            for ln in e.tables(key):
                out.append(AnnexLine(code=ln.text("code"), text=ln.text("text")))
                ln.done()
            return tuple(out)

        entries.append(
            AnnexEntry(
                code=e.text("code"),
                group=e.id("group"),
                label=e.text("label"),
                text=e.text("text"),
                context=lines("context"),
                items=lines("items"),
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
    _unique("annex_i.toml", "group", (g.id for g in groups))
    _unique("annex_i.toml", "entry", (e.code for e in entries))
    _unique("annex_i.toml", "term", (t.id for t in terms))
    group_ids = {g.id for g in groups}
    term_ids = {t.id for t in terms}
    for e2 in entries:
        if e2.group not in group_ids:
            raise ContentError(f"annex_i.toml: entry {e2.code}: unknown group {e2.group!r}")
        for t2 in e2.terms:
            if t2 not in term_ids:
                raise ContentError(f"annex_i.toml: entry {e2.code}: unknown term {t2!r}")

    citations: dict[str, Citation] = {}
    for art in articles:
        citations[f"art:{art.id}"] = Citation(
            f"art:{art.id}", "article", art.short, f"{art.citation}: {art.title}", art.text
        )
    for e2 in entries:
        citations[f"annex:{e2.code}"] = Citation(
            f"annex:{e2.code}", "annex", e2.code, f"Annex I, {e2.code}: {e2.label}", e2.text
        )
    for term in terms:
        citations[f"term:{term.id}"] = Citation(
            f"term:{term.id}",
            "term",
            f'"{term.term}"',
            f'Annex I, definition of "{term.term}"',
            "\n".join(term.lines),
        )
    for g2 in guides:
        citations[f"guide:{g2.id}"] = Citation(f"guide:{g2.id}", "guide", g2.title, g2.title, None)

    def check_cites(file: str, where: str, cites: Iterable[str]) -> None:
        for c in cites:
            if c not in citations:
                raise ContentError(f"{file}: {where}: citation {c!r} resolves to nothing")

    qfile = _read_toml(directory, "questions.toml")
    kinds: dict[str, Kind] = {}
    for k in qfile.tables("kind", required=True):
        kind = Kind(id=k.id(), options=_options(k))
        k.done()
        if kind.id not in contract.KIND_VALUES:
            k.fail(f"{kind.id!r} is not a kind with fixed values {list(contract.KIND_VALUES)}")
        if tuple(o.id for o in kind.options) != contract.KIND_VALUES[kind.id]:
            k.fail(f"options must be exactly {list(contract.KIND_VALUES[kind.id])}", "options")
        kinds[kind.id] = kind
    _unique("questions.toml", "kind", (k for k in kinds))
    missing_kinds = set(contract.KIND_VALUES) - set(kinds)
    if missing_kinds:
        raise ContentError(f"questions.toml: no [[kind]] for {sorted(missing_kinds)}")
    steps = []
    for s in qfile.tables("step", required=True):
        steps.append(
            Step(
                id=s.id(),
                title=s.text("title"),
                intro=s.text("intro"),
                cites=s.str_list("cites"),
                number=s.opt_int("number"),
            )
        )
        s.done()
        check_cites("questions.toml", f"step {steps[-1].id}", steps[-1].cites)
    _unique("questions.toml", "step", (s.id for s in steps))
    step_ids = {s.id for s in steps}
    missing_steps = set(contract.DECIDED_AT) - step_ids
    if missing_steps:
        raise ContentError(f"questions.toml: steps {sorted(missing_steps)} are missing")
    sections = []
    for s in qfile.tables("section"):
        sections.append(Section(id=s.id(), step=s.id("step"), title=s.text("title"), intro=s.text("intro")))
        s.done()
        if sections[-1].step not in step_ids:
            s.fail(f"unknown step {sections[-1].step!r}", "step")
    _unique("questions.toml", "section", (s.id for s in sections))
    section_step = {s.id: s.step for s in sections}
    questions = []
    for q in qfile.tables("question", required=True):
        qid = q.id()
        kind_id = q.text("kind")
        if kind_id not in contract.ALL_KINDS:
            q.fail(f"unknown kind {kind_id!r}; expected one of {list(contract.ALL_KINDS)}", "kind")
        own = _options(q)
        if kind_id in contract.OPTION_KINDS and not own:
            q.fail(f"a {kind_id} question needs options", "options")
        if kind_id not in contract.OPTION_KINDS and own:
            q.fail(f"a {kind_id} question takes no options of its own", "options")
        options = own if own else (kinds[kind_id].options if kind_id in kinds else ())
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
            options=options,
            depends_on=dep,
        )
        q.done()
        if question.step not in step_ids:
            q.fail(f"unknown step {question.step!r}", "step")
        if question.section is not None and section_step.get(question.section) != question.step:
            q.fail(f"unknown section {question.section!r} of step {question.step!r}", "section")
        check_cites("questions.toml", f"question {qid}", question.cites)
        questions.append(question)
    qfile.done()
    _unique("questions.toml", "question", (q.id for q in questions))
    by_id = {q.id: q for q in questions}
    for question in questions:
        dep = question.depends_on
        if dep is None:
            continue
        target = by_id.get(dep.question)
        if target is None:
            raise ContentError(
                f"questions.toml: question {question.id}: depends_on names unknown question {dep.question!r}"
            )
        bad = [v for v in dep.values if v not in target.values]
        if bad:
            raise ContentError(
                f"questions.toml: question {question.id}: depends_on value {bad[0]!r} "
                f"is not a value of {dep.question}"
            )
    for qid, kind_id in contract.DECISION_QUESTIONS.items():
        dq = by_id.get(qid)
        if dq is None or not dq.decision or dq.kind != kind_id:
            raise ContentError(
                f"questions.toml: decision question {qid!r} must exist with "
                f"decision = true and kind = {kind_id!r}"
            )
    if by_id[contract.CAPABILITIES_Q].values != contract.CAPABILITIES:
        raise ContentError(
            f"questions.toml: question capabilities must have exactly the options "
            f"{list(contract.CAPABILITIES)}"
        )
    extra = [q.id for q in questions if q.decision and q.id not in contract.DECISION_QUESTIONS]
    if extra:
        raise ContentError(
            f"questions.toml: question {extra[0]!r} is marked decision = true but the "
            "decision rules do not use it"
        )

    rfile = _read_toml(directory, "red_flags.toml")
    categories = []
    for c in rfile.tables("category", required=True):
        categories.append(RedFlagCategory(id=c.id(), title=c.text("title")))
        c.done()
    _unique("red_flags.toml", "category", (c.id for c in categories))
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
            f.fail(f"unknown category {flag.category!r}", "category")
        if flag.basis not in ("framework", "icp", "practice"):
            f.fail("basis must be framework, icp or practice", "basis")
        check_cites("red_flags.toml", f"flag {flag.id}", flag.cites)
        flags.append(flag)
    rfile.done()
    _unique("red_flags.toml", "flag", (f.id for f in flags))

    mfile = _read_toml(directory, "mitigations.toml")
    measures = []
    for m in mfile.tables("measure", required=True):
        measures.append(Measure(id=m.id(), title=m.text("title"), description=m.text("description")))
        m.done()
    mfile.done()
    _unique("mitigations.toml", "measure", (m.id for m in measures))

    afile = _read_toml(directory, "authorities.toml")
    member_states = afile.str_list("member_states", required=True)
    for ms in member_states:
        # the form only: looking codes up in the country database would double the program's
        # start-up; tests/test_content.py checks each against it
        if not re.fullmatch(r"[A-Z]{2}", ms):
            afile.fail(f"{ms!r} is not an ISO 3166-1 alpha-2 code", "member_states")
    _unique("authorities.toml", "member state", member_states)
    default_ms = afile.text("default_member_state")
    if default_ms not in member_states:
        afile.fail(f"{default_ms!r} is not in member_states", "default_member_state")
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
            a.fail(f"{auth.member_state!r} is not a member state", "member_state")
        check_cites("authorities.toml", f"authority {auth.member_state}", auth.cites)
        authorities.append(auth)
    afile.done()
    _unique("authorities.toml", "authority", (a.member_state for a in authorities))

    outcomes, warnings, reasons = _read_outcomes(directory, check_cites)

    pfile = _read_toml(directory, "parties.toml")
    labels: dict[str, dict[str, str]] = {}
    for key, ids in (("roles", contract.PARTY_ROLES), ("sectors", contract.SECTORS)):
        table_ = pfile.sub(key, required=True)
        assert table_ is not None
        labels[key] = {i: table_.text(i) for i in ids}
        table_.done()
    pfile.done()

    dfile = _read_toml(directory, "drafts.toml")
    drafts: dict[str, DraftText] = {}
    for draft_id in ("notification", "classification"):
        dt_ = dfile.sub(draft_id, required=True)
        assert dt_ is not None
        drafts[draft_id] = DraftText(
            title=dt_.text("title"),
            subject=dt_.text("subject"),
            opening=dt_.text("opening"),
            closing=dt_.text("closing"),
            no_purpose=dt_.opt_str("no_purpose"),
        )
        dt_.done()
    dfile.done()

    for name in sorted(p.name for p in directory.glob("*.toml")):
        if name not in CONTENT_FILES:
            raise ContentError(f"{name}: not a known content file (expected {list(CONTENT_FILES)})")

    return Content(
        corpus_version=corpus_version,
        regulation=regulation,
        kinds=MappingProxyType(kinds),
        steps=tuple(steps),
        sections=tuple(sections),
        questions=tuple(questions),
        annex_groups=tuple(groups),
        annex_entries=tuple(entries),
        terms=tuple(terms),
        articles=tuple(articles),
        guides=tuple(guides),
        red_flag_categories=tuple(categories),
        red_flags=tuple(flags),
        measures=tuple(measures),
        authorities=tuple(authorities),
        member_states=tuple(member_states),
        default_member_state=default_ms,
        outcomes=MappingProxyType(outcomes),
        warnings=MappingProxyType(warnings),
        reasons=MappingProxyType(reasons),
        role_labels=MappingProxyType(labels["roles"]),
        sector_labels=MappingProxyType(labels["sectors"]),
        drafts=MappingProxyType(drafts),
        question_index=MappingProxyType(by_id),
        step_index=MappingProxyType({s.id: s for s in steps}),
        citation_index=MappingProxyType(citations),
        flag_index=MappingProxyType({f.id: f for f in flags}),
        measure_index=MappingProxyType({m.id: m for m in measures}),
    )
