"""The Dossier model and the interchange format of DESIGN.md section 3 (``ddworkbook/dossier``).

``dossier_from_json`` reads versions 1 and 2 of the format, either answer form (the full object or the
bare value), and validates everything against the content: each problem is reported with the field it
concerns (``answers.covert``, ``parties[2].country``, ``screening[0].hits[1].score``) and what was
expected, so that a user can fix a hand-written file. A version 1 file keeps the meaning of its fields
and may not hold what version 2 added (``contract.V2_FIELDS``). The writer (``dossier_to_json``) always
writes version 2, with the full answer form; ``canonical_json`` and ``fingerprint`` give the stable bytes
and the SHA-256 that reports and ``list --json`` print, and ``sealed_fingerprint`` what a sign-off seals.

The record rules of screening that are pure data (which parties count as screened, which hits count,
screening again, deciding on a hit, parties removed or reordered) and the retention date's basis are
functions of the model here (``screened_parties``, ``open_hits``, ``matches``, ``replace_screening``,
``dispose``, ``reorder_parties``, ``retention``), for the rules, the store, screening and the GUI alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, NamedTuple

from core import contract, countries
from core.content import Content, Question, default_content
from core.files import DOSSIER_FILE_LIMIT, InputFileError, evidence_path_problem, open_input, printable
from core.i18n import N_, _, ngettext

# How people are shown each sanctions list (translated where shown: core.i18n's ``_``).
LIST_TITLES: Final = {
    contract.LISTS[0]: N_("EU Financial Sanctions Files"),
    contract.LISTS[1]: N_("UN Security Council Consolidated List"),
}
# ... and shortly, where a table or a line has little room (the full title beside it, or in its tooltip)
LIST_SHORT_TITLES: Final = {
    contract.LISTS[0]: N_("EU list"),
    contract.LISTS[1]: N_("UN list"),
}


def list_title(list_id: str, *, short: bool = False) -> str:
    """A list as people are shown it: its title (``short``: "EU list"), in the program's language; a
    list of the user's own (``custom:<name>``) by its name, said to be the user's own."""
    titles = LIST_SHORT_TITLES if short else LIST_TITLES
    if list_id in titles:
        return _(titles[list_id])
    if list_id.startswith("custom:"):
        return _("{name} (own list)").format(name=list_id.removeprefix("custom:"))
    return list_id


# An answer value: one string, or a tuple of option ids for a multi_choice question.
AnswerValue = str | tuple[str, ...]
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ID_MAX = 100
_TEXT_MAX = 1_000_000  # one megabyte of text in one field is a mistake, not a rationale
_EVIDENCE_ID = re.compile(contract.EVIDENCE_ID_PATTERN, re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NUMBER_DIGITS = 19  # a whole number is stored as SQLite's 64-bit INTEGER
_NUMBER_MAX = 2**63 - 1
# A transaction's value is kept as a double (SQLite's REAL): every whole number up to 2**53 - 1 is exact
# there, beyond it not every one is, so a larger value would be silently changed.
_VALUE_MAX = 2**53 - 1
# A currency is an ISO 4217 alphabetic code, three capital letters (lower case is read and written in
# capitals, as country codes are). Only the form is checked, not a list of codes: a list changes (HRK
# left it in 2023), and a record kept for years must still read with the currency its contract had.
_CURRENCY = re.compile(contract.CURRENCY_PATTERN, re.ASCII)
_HOLD_ID = re.compile(contract.HOLD_ID_PATTERN, re.ASCII)


class DossierError(ValueError):
    """A dossier does not conform to the format. ``problems`` lists (field, message) pairs."""

    def __init__(self, problems: Sequence[tuple[str, str]], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.first_line())

    def first_line(self) -> str:
        where, message = self.problems[0]
        text = f"{where}: {message}" if where else message
        if self.source:
            text = f"{self.source}: {text}"
        more = [f or _("(file)") for f, _m in self.problems[1:]]
        if more:
            shown = ", ".join(more[:5]) + (", ..." if len(more) > 5 else "")
            text += " " + ngettext(
                "(and {count} more problem: {fields})", "(and {count} more problems: {fields})", len(more)
            ).format(count=len(more), fields=shown)
        return text

    def with_source(self, source: str) -> DossierError:
        return DossierError(self.problems, source)


# ---------------------------------------------------------------------------- the model


@dataclass
class Exporter:
    name: str | None = None
    address: str | None = None
    country: str | None = None
    contact: str | None = None
    customs_id: str | None = None  # the EORI number (version 2)


@dataclass
class Item:
    name: str | None = None
    version: str | None = None
    kind: str | None = None
    description: str | None = None


@dataclass
class Party:
    role: str | None = None
    name: str | None = None
    country: str | None = None
    address: str | None = None
    sector: str | None = None


@dataclass
class Transaction:
    """The facts of the transaction (version 2); every field may be missing. ``value`` is a finite
    number of at least 0 in ``currency`` (ISO 4217, three capital letters); dates are YYYY-MM-DD.
    ``export_date`` may still be recorded after sign-off (``contract.AFTER_SIGN_OFF``)."""

    quantity: str | None = None
    value: float | None = None
    currency: str | None = None
    contract_reference: str | None = None
    contract_date: str | None = None
    planned_export_date: str | None = None
    export_date: str | None = None


@dataclass(frozen=True)
class Answer:
    """An answer to a question. ``value`` None means not yet answered (a rationale may exist)."""

    value: AnswerValue | None
    rationale: str | None = None
    evidence: tuple[str, ...] = ()


@dataclass
class RedFlagEntry:
    id: str
    status: str
    note: str | None = None


@dataclass
class MitigationEntry:
    id: str
    note: str | None = None


@dataclass
class Evidence:
    id: str
    filename: str
    path: str | None = None
    sha256: str | None = None
    size: int | None = None
    description: str | None = None
    added_at: str | None = None


@dataclass(frozen=True)
class ScreeningHit:
    """A list entry found for a party's name: ``entry`` is the list's id of it, ``name`` the list's name
    that matched, ``score`` 0 to 1 (None when the hit was recorded by hand), ``disposition`` one of
    ``contract.HIT_DISPOSITIONS``."""

    entry: str
    name: str
    score: float | None = None
    disposition: str = contract.HIT_OPEN
    note: str | None = None


@dataclass(frozen=True)
class ScreeningRecord:
    """One party screened against one list (version 2): ``party`` is its 0-based position in
    ``Dossier.parties``, ``name`` its name as screened (the record is current while the party still
    has it), ``list_id`` ``eu_fsf``, ``un_sc`` or ``custom:<name>`` (the format's ``list``),
    ``list_version`` the list file's own generation date-time, ``screened_at`` ISO 8601."""

    party: int
    name: str
    list_id: str
    list_version: str | None = None
    screened_at: str | None = None
    hits: tuple[ScreeningHit, ...] = ()


@dataclass(frozen=True)
class AuthorityReply:
    """What was sent to the competent authority and what came back (version 2); it may still be
    recorded after sign-off (``contract.AFTER_SIGN_OFF``). ``kind`` is one of ``contract.REPLY_KINDS``,
    ``decision`` one of ``contract.REPLY_DECISIONS`` (None: not recorded, as ``pending``)."""

    kind: str
    sent_on: str | None = None
    reference: str | None = None
    decision: str | None = None
    decided_on: str | None = None
    note: str | None = None


@dataclass
class SignOff:
    """The sign-off. Version 2 adds ``export_year`` (the year of export given at sign-off), and the
    holds accepted at sign-off with the reason (``accepted_because`` is there exactly when
    ``accepted_holds`` is not empty)."""

    name: str
    role: str
    date: str
    export_year: int | None = None
    accepted_holds: tuple[str, ...] = ()
    accepted_because: str | None = None


@dataclass
class Dossier:
    title: str
    id: str | None = None
    reference: str | None = None
    member_state: str = "NL"
    exporter: Exporter = field(default_factory=Exporter)
    item: Item = field(default_factory=Item)
    destination_country: str | None = None
    stated_end_use: str | None = None
    transaction: Transaction = field(default_factory=Transaction)
    parties: list[Party] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    red_flags: list[RedFlagEntry] = field(default_factory=list)
    mitigations: list[MitigationEntry] = field(default_factory=list)
    screening: list[ScreeningRecord] = field(default_factory=list)
    authority_reply: AuthorityReply | None = None
    evidence: list[Evidence] = field(default_factory=list)
    sign_off: SignOff | None = None

    def value(self, qid: str) -> AnswerValue | None:
        """The answered value of a question, or None when it is not answered."""
        answer = self.answers.get(qid)
        return None if answer is None else answer.value


# ---------------------------------------------------------------------------- JSON text


def parse_json_text(text: str) -> Any:
    """Parse JSON strictly: duplicate keys and NaN/Infinity are errors (they hide typos)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise DossierError(
                    [("", _("duplicate key {shown} in a JSON object").format(shown=_shown(key)))]
                )
            out[key] = value
        return out

    def constant(name: str) -> Any:
        raise DossierError([("", _("{name} is not valid JSON").format(name=name))])

    def whole(digits: str) -> Any:  # Python refuses to convert more than 4,300 digits, with a ValueError
        n = len(digits.lstrip("-"))
        return (
            _BadNumber(
                _("is a number of {digits} digits, out of range (at most {most})").format(
                    digits=n, most=_NUMBER_MAX
                )
            )
            if n > _NUMBER_DIGITS
            else int(digits)
        )

    def real(digits: str) -> Any:
        value = float(digits)
        return value if math.isfinite(value) else _BadNumber(_("is a number out of range"))

    try:
        return json.loads(
            text, object_pairs_hook=pairs, parse_constant=constant, parse_int=whole, parse_float=real
        )
    except json.JSONDecodeError as e:
        raise DossierError(
            [
                (
                    "",
                    _("not valid JSON: {msg} at line {lineno}, column {colno}").format(
                        msg=_(JSON_ERRORS[e.msg]) if e.msg in JSON_ERRORS else e.msg,
                        lineno=e.lineno,
                        colno=e.colno,
                    ),
                )
            ]
        ) from None
    except RecursionError:
        raise DossierError([("", _("not valid JSON: nested too deeply"))]) from None


# What Python's JSON parser says is wrong (json.JSONDecodeError.msg), in the program's words to translate;
# another message is shown as Python gives it.
JSON_ERRORS = {
    "Expecting value": N_("a value expected"),
    "Expecting property name enclosed in double quotes": N_("a property name in double quotes expected"),
    "Expecting ':' delimiter": N_("':' expected"),
    "Expecting ',' delimiter": N_("',' expected"),
    "Unterminated string starting at": N_("a text (string) not closed, starting"),
    "Invalid control character at": N_("a control character inside a text (string)"),
    "Extra data": N_("more data after the end"),
    "Illegal trailing comma before end of object": N_("a comma before the end of an object"),
    "Illegal trailing comma before end of array": N_("a comma before the end of a list (array)"),
}


def read_json_file(path: Path) -> Any:
    """Read and parse a JSON file; every failure is a DossierError naming the file. Only a regular
    file of at most ``DOSSIER_FILE_LIMIT`` bytes is read (core.files.open_input)."""
    source = printable(path)
    try:
        with open_input(path, limit=DOSSIER_FILE_LIMIT, what=_("a dossier file")) as f:
            raw = f.read_all()
    except InputFileError as e:
        raise DossierError([("", e.reason)], source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DossierError([("", _("not UTF-8 text (byte {start})").format(start=e.start))], source) from None
    try:
        return parse_json_text(text)
    except DossierError as e:
        raise e.with_source(source) from None


def read_dossier_file(path: Path, content: Content | None = None) -> list[Dossier]:
    """Read a file holding one dossier or a JSON array of dossiers."""
    data = read_json_file(path)
    try:
        return dossiers_from_json(data, content)
    except DossierError as e:
        raise e.with_source(printable(path)) from None


def dossiers_from_json(data: Any, content: Content | None = None) -> list[Dossier]:
    """One dossier object or an array of them. All problems of all dossiers are reported."""
    if isinstance(data, list):
        if not data:
            raise DossierError([("", _("the array holds no dossiers"))])
        out: list[Dossier] = []
        problems: list[tuple[str, str]] = []
        for i, item in enumerate(data):
            try:
                out.append(dossier_from_json(item, content))
            except DossierError as e:
                problems += [(f"[{i}]" + ("." + f if f else ""), m) for f, m in e.problems]
        if problems:
            raise DossierError(problems)
        return out
    return [dossier_from_json(data, content)]


# ---------------------------------------------------------------------------- reading


class _Check:
    """Collects problems while taking a JSON value apart."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.problems: list[tuple[str, str]] = []
        self.evidence_ids: set[str] = set()  # the evidence ids read so far (_read_evidence)
        self.version = contract.VERSION  # the file's version (_read_format)

    def bad(self, where: str, message: str) -> None:
        self.problems.append((where, message))

    def obj(
        self, value: Any, where: str, keys: Sequence[str], *, v2: Sequence[str] = ()
    ) -> dict[str, Any] | None:
        """``value`` as an object with only ``keys``; of those, ``v2`` are the ones version 2 added
        (in a version 1 file each is reported and left out)."""
        if not isinstance(value, dict):
            self.bad(where, _("expected an object, found {kind}").format(kind=_kind(value)))
            return None
        for key in value:
            if key not in keys:
                hint = _hint(key, keys)
                self.bad(
                    _join(where, key),
                    _("unknown field{hint}; expected one of {list}").format(hint=hint, list=_list(keys)),
                )
        return self.without_v2(value, where, v2)

    def without_v2(self, obj: dict[str, Any], where: str, v2: Sequence[str]) -> dict[str, Any]:
        """``obj`` itself, or in a version 1 file ``obj`` without the fields of ``v2``, each of which
        it holds reported: a version 1 file may not hold what version 2 added."""
        if self.version >= 2 or not any(key in obj for key in v2):
            return obj
        for key in obj:
            if key in v2:
                self.bad(
                    _join(where, key),
                    _("needs version 2 of the dossier format (this file is version {version})").format(
                        version=self.version
                    ),
                )
        return {k: v for k, v in obj.items() if k not in v2}

    def text(
        self,
        obj: Mapping[str, Any],
        key: str,
        where: str,
        *,
        required: bool = False,
        max_len: int = _TEXT_MAX,
    ) -> str | None:
        path = _join(where, key)
        value = obj.get(key)
        if value is None:
            if required:
                self.bad(path, _("is required") if key not in obj else _("must not be null"))
            return None
        if not isinstance(value, str):
            self.bad(path, _("expected a string, found {kind}").format(kind=_kind(value)))
            return None
        if len(value) > max_len:
            self.bad(
                path,
                _("is {count} characters long; at most {max_len} allowed").format(
                    count=len(value), max_len=max_len
                ),
            )
            return None
        return value

    def enum(
        self, obj: Mapping[str, Any], key: str, where: str, allowed: Sequence[str], *, required: bool = False
    ) -> str | None:
        value = self.text(obj, key, where, required=required)
        if value is not None and value not in allowed:
            self.bad(
                _join(where, key),
                _("expected one of {list}, found {shown}").format(list=_list(allowed), shown=_shown(value))
                + _hint(value, allowed),
            )
            return None
        return value

    def date(self, obj: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
        """A date written YYYY-MM-DD, a real one between 1900-01-01 and 2199-12-31."""
        value = self.text(obj, key, where, required=required)
        if value is not None and not _is_iso_date(value):
            self.bad(
                _join(where, key),
                _("expected a date as YYYY-MM-DD {date_range}, found {shown}").format(
                    date_range=_date_range(), shown=_shown(value)
                ),
            )
            return None
        return value

    def date_time(self, obj: Mapping[str, Any], key: str, where: str) -> str | None:
        """An ISO 8601 date and time (or date) whose date is between 1900-01-01 and 2199-12-31."""
        value = self.text(obj, key, where)
        if value is not None and not _is_iso_datetime(value):
            self.bad(
                _join(where, key),
                _("expected an ISO 8601 date and time {date_range}, found {shown}").format(
                    date_range=_date_range(), shown=_shown(value)
                ),
            )
            return None
        return value

    def name(self, obj: Mapping[str, Any], key: str, where: str) -> str | None:
        """A required text that is not blank."""
        value = self.text(obj, key, where, required=True)
        if value is not None and not value.strip():
            self.bad(_join(where, key), _("must not be blank"))
            return None
        return value

    def country(self, obj: Mapping[str, Any], key: str, where: str) -> str | None:
        value = self.text(obj, key, where)
        return None if value is None else self.country_code(value, _join(where, key))

    def country_code(self, value: str, where: str) -> str | None:
        code = value.upper()
        if not countries.is_code(code):
            self.bad(
                where,
                _("{shown} is not an ISO 3166-1 alpha-2 country code (such as 'NL')").format(
                    shown=_shown(value)
                ),
            )
            return None
        return code


_KINDS = {
    dict: N_("an object"),
    list: N_("an array"),
    str: N_("a string"),
    bool: N_("a boolean"),
    int: N_("a number"),
    float: N_("a number"),
}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    kind = _KINDS.get(type(value))
    return _(kind) if kind else type(value).__name__


def _date_range() -> str:
    return _("between {first}-01-01 and {last}-12-31").format(first=contract.YEAR_MIN, last=contract.YEAR_MAX)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted in a message: cut short, so that one line stays one readable line."""
    if len(value) <= limit:
        return repr(value)
    return repr(value[:limit]) + "... " + _("({count} characters)").format(count=len(value))


def _value(value: Any) -> str:
    """Any JSON value quoted in a message, short."""
    if isinstance(value, str):
        return _shown(value)
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    return _kind(value)


class _BadNumber:
    """A number in JSON text that no field can take (parse_json_text): reported with its field."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


def _hostile_values(data: Any) -> list[tuple[str, str]]:
    """Strings that are not valid Unicode (lone surrogates, from JSON escapes such as "\\ud800")
    and numbers out of range anywhere in a JSON value, with their field: they cannot be stored,
    printed or hashed, so they are refused before anything else is read."""
    try:  # the common case, at C speed: nothing to find
        json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError, RecursionError):
        pass  # something to find (or a value that is no JSON at all, which the reader refuses)
    else:
        return []  # whole numbers up to 4,300 digits pass here: the fields that take one check them
    problems: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", data)]
    seen: set[int] = set()
    while stack and len(problems) < 100:
        where, value = stack.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:  # a value built in code may refer to itself
                continue
            seen.add(id(value))
        if isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):
                problems.append(
                    (where, _("is not valid Unicode text (it holds a lone surrogate such as \\ud800)"))
                )
        elif isinstance(value, _BadNumber):
            problems.append((where, value.problem))
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int):
            if abs(value) > _NUMBER_MAX:
                problems.append(
                    (where, _("is a number out of range (at most {most})").format(most=_NUMBER_MAX))
                )
        elif isinstance(value, float):
            if not math.isfinite(value):
                problems.append((where, _("is a number out of range")))
        elif isinstance(value, dict):
            items = []
            for key, item in value.items():
                name = printable(key) if isinstance(key, str) else repr(key)
                if isinstance(key, str) and not key.isascii() and _SURROGATE.search(key):
                    problems.append(
                        (
                            _join(where, name),
                            _("the field name is not valid Unicode text (it holds a lone surrogate)"),
                        )
                    )
                items.append((_join(where, name), item))
            stack.extend(reversed(items))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{where}[{i}]", item) for i, item in enumerate(value)]))
    return problems


def title_problem(title: str) -> str | None:
    """Why ``title`` cannot be a dossier's title (1 to 200 characters, not blank), or None."""
    if not title.strip():
        return _("must not be blank")
    if len(title) > contract.TITLE_MAX:
        return _("is {count} characters long; expected 1 to {title_max}").format(
            count=len(title), title_max=contract.TITLE_MAX
        )
    return None


def dossier_id_problem(did: str) -> str | None:
    """Why ``did`` cannot be a stored dossier's id, or None. An id never looks like a file name, so
    that the command line's FILE|ID arguments are never ambiguous (core.cli._is_file)."""
    if not did.strip():
        return _("must not be blank")
    if len(did) > _ID_MAX:
        return _("is {count} characters long; at most {id_max} allowed").format(
            count=len(did), id_max=_ID_MAX
        )
    if _CONTROL.search(did):
        return _("must not contain control characters")
    if not did.isascii() and _SURROGATE.search(did):
        return _("is not valid Unicode text")
    if "/" in did or "\\" in did:
        return _("must not contain a path separator ('/' or '\\')")
    if did in (".", ".."):
        return _("must not be '.' or '..'")
    if did.casefold().endswith(".json"):
        return _("must not end in '.json' (the command line would take it for a file name)")
    return None


def evidence_id_problem(eid: str) -> str | None:
    """Why ``eid`` cannot be an evidence id (DESIGN.md section 3), or None."""
    if _EVIDENCE_ID.fullmatch(eid):
        return None
    return _("expected 1 to {evidence_id_max} letters, digits, '-' or '_', found {shown}").format(
        evidence_id_max=contract.EVIDENCE_ID_MAX, shown=_shown(eid)
    )


def _list(values: Sequence[str]) -> str:
    return ", ".join(repr(v) for v in values)


def _hint(value: str, allowed: Sequence[str]) -> str:
    import difflib  # only for a "did you mean" hint

    close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.75)
    return " " + _("(did you mean {value}?)").format(value=repr(close[0])) if close else ""


_TOP_KEYS = (
    "format",
    "version",
    "id",
    "title",
    "reference",
    "member_state",
    "exporter",
    "item",
    "destination_country",
    "stated_end_use",
    "transaction",
    "parties",
    "answers",
    "red_flags",
    "mitigations",
    "screening",
    "authority_reply",
    "evidence",
    "sign_off",
)


def dossier_from_json(data: Any, content: Content | None = None) -> Dossier:
    """Validate one dossier object of the interchange format and build the model. Each part is read
    by its own reader (``_read_format``, ``_read_exporter`` ...), all collecting problems on one
    ``_Check``, in the order of the format's fields."""
    content = content or default_content()
    hostile = _hostile_values(data)
    if hostile:
        raise DossierError(hostile)
    c = _Check(content)
    root = c.obj(data, "", _TOP_KEYS)
    if root is None:
        raise DossierError(c.problems)
    _read_format(c, root)
    if c.problems:  # a different format or version: the rest would only add noise
        raise DossierError(c.problems)
    root = c.without_v2(root, "", contract.V2_SECTIONS)
    did = c.text(root, "id", "", max_len=_ID_MAX)
    if did is not None and (problem := dossier_id_problem(did)):
        c.bad("id", problem)
        did = None
    title = c.text(root, "title", "", required=True)
    if title is not None and (problem := title_problem(title)):
        c.bad("title", problem)
    member_state = _read_member_state(c, root)
    exporter = _read_exporter(c, root)
    item = _read_item(c, root)
    transaction = _read_transaction(c, root)
    parties = _read_parties(c, root)
    evidence = _read_evidence(c, root)
    answers = _read_answers(c, root, c.evidence_ids)
    red_flags = _read_red_flags(c, root)
    mitigations = _read_mitigations(c, root)
    screening = _read_screening(c, root)
    authority_reply = _read_authority_reply(c, root)
    sign_off = _read_sign_off(c, root)
    reference = c.text(root, "reference", "")
    destination = c.country(root, "destination_country", "")
    stated_end_use = c.text(root, "stated_end_use", "")
    if c.problems:
        raise DossierError(c.problems)
    assert title is not None
    return Dossier(
        title=title,
        id=did,
        reference=reference,
        member_state=member_state,
        exporter=exporter,
        item=item,
        destination_country=destination,
        stated_end_use=stated_end_use,
        transaction=transaction,
        parties=parties,
        answers=answers,
        red_flags=red_flags,
        mitigations=mitigations,
        screening=screening,
        authority_reply=authority_reply,
        evidence=evidence,
        sign_off=sign_off,
    )


def _read_format(c: _Check, root: Mapping[str, Any]) -> None:
    fmt = root.get("format")
    if fmt != contract.FORMAT:
        c.bad(
            "format",
            _("expected {format}, found {found}").format(
                format=repr(contract.FORMAT),
                found=_shown(fmt)
                if isinstance(fmt, str)
                else _kind(fmt)
                if "format" in root
                else _("nothing"),
            ),
        )
    version = root.get("version")
    expected = _versions()
    if "version" not in root:
        c.bad("version", _("is required (expected {versions})").format(versions=expected))
    elif not isinstance(version, int) or isinstance(version, bool):
        c.bad(
            "version",
            _("expected the number {versions}, found {kind}").format(versions=expected, kind=_kind(version)),
        )
    elif version not in contract.READ_VERSIONS:
        message = (
            _("version {shown} is not supported (written by a newer program); expected {versions}")
            if version > contract.VERSION
            else _("version {shown} is not supported; expected {versions}")
        )
        shown = version if abs(version) <= _NUMBER_MAX else _("out of range")
        c.bad("version", message.format(shown=shown, versions=expected))
    else:
        c.version = version


def _versions() -> str:
    """The versions the reader reads, in words: "1 or 2"."""
    *some, last = (str(v) for v in contract.READ_VERSIONS)
    return _("{some} or {last}").format(some=", ".join(some), last=last) if some else last


def _read_member_state(c: _Check, root: Mapping[str, Any]) -> str:
    ms = c.text(root, "member_state", "")
    if ms is None:
        return c.content.default_member_state
    code = c.country_code(ms, "member_state")
    if code is not None and code not in c.content.member_states:
        c.bad(
            "member_state", _("{shown} is not a member state of the European Union").format(shown=_shown(ms))
        )
        return c.content.default_member_state
    return code or c.content.default_member_state


def _read_exporter(c: _Check, root: Mapping[str, Any]) -> Exporter:
    ex = root.get("exporter")
    if ex is None or (e := c.obj(ex, "exporter", contract.EXPORTER_KEYS, v2=("customs_id",))) is None:
        return Exporter()
    return Exporter(
        name=c.text(e, "name", "exporter"),
        address=c.text(e, "address", "exporter"),
        country=c.country(e, "country", "exporter"),
        contact=c.text(e, "contact", "exporter"),
        customs_id=_read_customs_id(c, e),
    )


def customs_id_problem(customs_id: str) -> str | None:
    """Why ``customs_id`` cannot be an exporter's customs number (EORI): one line of at most
    ``contract.CUSTOMS_ID_MAX`` characters that all show (no control or format characters such as a
    line break, an escape or a right-to-left override, which would change what a report or a
    terminal shows around it), or None."""
    if len(customs_id) > contract.CUSTOMS_ID_MAX:
        return _("is {count} characters long; at most {most} allowed").format(
            count=len(customs_id), most=contract.CUSTOMS_ID_MAX
        )
    if any(_hidden(ch) for ch in customs_id):
        return _("must be one line of visible characters, found {shown}").format(shown=_shown(customs_id))
    return None


def _hidden(ch: str) -> bool:
    """A character that shows nothing itself: control, format (zero-width, bidirectional) or line and
    paragraph separators."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def shows_nothing(text: str) -> bool:
    """Whether ``text`` is blank to a reader: only white space and characters that show nothing
    (such as a zero-width space), which ``str.strip`` keeps."""
    return all(ch.isspace() or _hidden(ch) for ch in text)


def _read_customs_id(c: _Check, exporter: Mapping[str, Any]) -> str | None:
    value = c.text(exporter, "customs_id", "exporter")
    if value is not None and (problem := customs_id_problem(value)):
        c.bad("exporter.customs_id", problem)
        return None
    return value


def _read_transaction(c: _Check, root: Mapping[str, Any]) -> Transaction:
    raw = root.get("transaction")
    if raw is None or (t := c.obj(raw, "transaction", contract.TRANSACTION_KEYS)) is None:
        return Transaction()
    where = "transaction"
    currency = c.text(t, "currency", where)
    if currency is not None:
        if currency.isascii() and _CURRENCY.fullmatch(currency.upper()):
            currency = currency.upper()
        else:
            c.bad(
                "transaction.currency",
                _("expected an ISO 4217 currency code, three letters such as 'EUR', found {shown}").format(
                    shown=_shown(currency)
                ),
            )
            currency = None
    return Transaction(
        quantity=c.text(t, "quantity", where),
        value=_read_amount(c, t.get("value"), "transaction.value"),
        currency=currency,
        contract_reference=c.text(t, "contract_reference", where),
        contract_date=c.date(t, "contract_date", where),
        planned_export_date=c.date(t, "planned_export_date", where),
        export_date=c.date(t, "export_date", where),
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _read_amount(c: _Check, value: Any, where: str) -> float | None:
    """A value of money: a finite number of at least 0, kept exactly as a double."""
    if value is None:
        return None
    if not _is_number(value):
        c.bad(where, _("expected a number, found {kind}").format(kind=_kind(value)))
        return None
    if value < 0:
        c.bad(where, _("expected a number of at least 0, found {value}").format(value=_value(value)))
        return None
    if value > _VALUE_MAX:
        c.bad(
            where,
            _("is a number out of range (at most {most}: larger ones are not kept exactly)").format(
                most=_VALUE_MAX
            ),
        )
        return None
    return float(value) + 0.0  # a float, never -0.0


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def party_problem(party: int, count: int) -> str | None:
    """Why ``party`` is no 0-based position of one of ``count`` parties, or None."""
    if 0 <= party < count:
        return None
    if count == 0:
        return _("no party {party}: the dossier has no parties").format(party=party)
    return ngettext(
        "no party {party}: the dossier has {count} party (positions from 0)",
        "no party {party}: the dossier has {count} parties (positions from 0)",
        count,
    ).format(party=party, count=count)


def list_id_problem(list_id: str) -> str | None:
    """Why ``list_id`` is no sanctions list of a screening record (``eu_fsf``, ``un_sc`` or
    ``custom:<name>``), or None."""
    custom = contract.custom_text(list_id)
    if custom is not None:
        return None if custom.strip() else _("a list of your own needs a name after 'custom:'")
    if list_id in contract.LISTS:
        return None
    return _("expected {lists} or 'custom:<name>', found {shown}").format(
        lists=_list(contract.LISTS), shown=_shown(list_id)
    ) + _hint(list_id, contract.LISTS)


def disposition_problem(disposition: str) -> str | None:
    """Why ``disposition`` is no disposition of a screening hit, or None."""
    if disposition in contract.HIT_DISPOSITIONS:
        return None
    return _("expected one of {list}, found {shown}").format(
        list=_list(contract.HIT_DISPOSITIONS), shown=_shown(disposition)
    ) + _hint(disposition, contract.HIT_DISPOSITIONS)


def _read_screening(c: _Check, root: Mapping[str, Any]) -> list[ScreeningRecord]:
    """The screening records; their ``party`` must be a position in ``parties``, and a party has at
    most one record for a list (screening it again replaces the record)."""
    count = _count(root.get("parties"))
    records: list[ScreeningRecord] = []
    seen: dict[tuple[int, str], int] = {}
    for idx, raw in enumerate(_array(c, root, "screening")):
        where = f"screening[{idx}]"
        ro = c.obj(raw, where, contract.SCREENING_KEYS)
        if ro is None:
            continue
        party = _read_position(c, ro, where, count)
        name = c.name(ro, "name", where)
        list_id = c.text(ro, "list", where, required=True)
        if list_id is not None and (problem := list_id_problem(list_id)):
            c.bad(f"{where}.list", problem)
            list_id = None
        if party is not None and list_id is not None:
            if (party, list_id) in seen:
                c.bad(
                    f"{where}.list",
                    _("party {party} has a record for {list} already (screening[{first}])").format(
                        party=party, list=_shown(list_id), first=seen[(party, list_id)]
                    ),
                )
            seen.setdefault((party, list_id), idx)
        list_version = c.text(ro, "list_version", where)
        screened_at = c.date_time(ro, "screened_at", where)
        hits = _read_hits(c, ro, where)
        if party is not None and name is not None and list_id is not None and hits is not None:
            records.append(ScreeningRecord(party, name, list_id, list_version, screened_at, hits))
    return records


def _read_position(c: _Check, obj: Mapping[str, Any], where: str, count: int) -> int | None:
    value = obj.get("party")
    if value is None:
        c.bad(f"{where}.party", _("is required") if "party" not in obj else _("must not be null"))
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        c.bad(
            f"{where}.party",
            _("expected a whole number, the party's position in parties (from 0), found {value}").format(
                value=_value(value)
            ),
        )
        return None
    if problem := party_problem(value, count):
        c.bad(f"{where}.party", problem)
        return None
    return value


def _read_hits(c: _Check, record: Mapping[str, Any], where: str) -> tuple[ScreeningHit, ...] | None:
    raw = record.get("hits")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        c.bad(f"{where}.hits", _("expected an array, found {kind}").format(kind=_kind(raw)))
        return None
    hits: list[ScreeningHit] = []
    seen: set[tuple[str, str]] = set()
    for idx, h in enumerate(raw):  # a hit left out here is one with a problem reported
        at = f"{where}.hits[{idx}]"
        ho = c.obj(h, at, contract.HIT_KEYS)
        if ho is None:
            continue
        entry = c.name(ho, "entry", at)
        name = c.text(ho, "name", at, required=True)
        score = _read_score(c, ho.get("score"), f"{at}.score")
        disposition = c.enum(ho, "disposition", at, contract.HIT_DISPOSITIONS, required=True)
        note = c.text(ho, "note", at)
        if entry is None or name is None or disposition is None:
            continue
        if (entry, name) in seen:
            c.bad(
                at,
                _("entry {entry} with the name {name} is listed twice").format(
                    entry=_shown(entry), name=_shown(name)
                ),
            )
        seen.add((entry, name))
        hits.append(ScreeningHit(entry, name, score, disposition, note))
    return tuple(hits)


def _read_score(c: _Check, value: Any, where: str) -> float | None:
    if value is None:
        return None
    if not _is_number(value) or not 0 <= value <= 1:
        c.bad(where, _("expected a number from 0 to 1, found {value}").format(value=_value(value)))
        return None
    return float(value) + 0.0


def _read_authority_reply(c: _Check, root: Mapping[str, Any]) -> AuthorityReply | None:
    raw = root.get("authority_reply")
    where = "authority_reply"
    if raw is None or (r := c.obj(raw, where, contract.AUTHORITY_REPLY_KEYS)) is None:
        return None
    kind = c.enum(r, "kind", where, contract.REPLY_KINDS, required=True)
    sent_on = c.date(r, "sent_on", where)
    decision = c.enum(r, "decision", where, contract.REPLY_DECISIONS)
    decided_on = c.date(r, "decided_on", where)
    if decided_on is not None:
        if sent_on is not None and decided_on < sent_on:
            c.bad(f"{where}.decided_on", _("is before sent_on ({sent_on})").format(sent_on=sent_on))
        elif r.get("decision") in (None, contract.REPLY_PENDING):  # (a wrong one is said above)
            c.bad(
                f"{where}.decided_on",
                _("a pending decision has no date: give the decision, or leave decided_on out"),
            )
    reference = c.text(r, "reference", where)
    note = c.text(r, "note", where)
    if kind is None:
        return None
    return AuthorityReply(kind, sent_on, reference, decision, decided_on, note)


def _read_item(c: _Check, root: Mapping[str, Any]) -> Item:
    it = root.get("item")
    if it is None or not (i := c.obj(it, "item", ("name", "version", "kind", "description"))):
        return Item()
    return Item(
        name=c.text(i, "name", "item"),
        version=c.text(i, "version", "item"),
        kind=c.enum(i, "kind", "item", contract.ITEM_KINDS),
        description=c.text(i, "description", "item"),
    )


def _read_parties(c: _Check, root: Mapping[str, Any]) -> list[Party]:
    parties = []
    for idx, p in enumerate(_array(c, root, "parties")):
        where = f"parties[{idx}]"
        po = c.obj(p, where, ("role", "name", "country", "address", "sector"))
        if po is None:
            continue
        parties.append(
            Party(
                role=c.enum(po, "role", where, contract.PARTY_ROLES),
                name=c.text(po, "name", where),
                country=c.country(po, "country", where),
                address=c.text(po, "address", where),
                sector=c.enum(po, "sector", where, contract.SECTORS),
            )
        )
    return parties


def _read_evidence(c: _Check, root: Mapping[str, Any]) -> list[Evidence]:
    """The evidence list. The ids read (valid, even when the entry is not) are kept in
    ``c.evidence_ids`` for the answers that cite them."""
    evidence = []
    for idx, ev in enumerate(_array(c, root, "evidence")):
        where = f"evidence[{idx}]"
        eo = c.obj(ev, where, ("id", "filename", "path", "sha256", "size", "description", "added_at"))
        if eo is None:
            continue
        eid = c.text(eo, "id", where, required=True)
        filename = c.text(eo, "filename", where, required=True)
        sha = c.text(eo, "sha256", where)
        if sha is not None and not _SHA256.match(sha.lower()):
            c.bad(f"{where}.sha256", _("expected 64 hexadecimal digits (a SHA-256 digest)"))
            sha = None
        size = _evidence_size(c, eo.get("size"), where)
        added = c.date_time(eo, "added_at", where)
        if eid is not None:
            if problem := evidence_id_problem(eid):
                c.bad(f"{where}.id", problem)
                eid = None
            elif eid in c.evidence_ids:
                c.bad(f"{where}.id", _("duplicate evidence id {eid}").format(eid=repr(eid)))
            else:
                c.evidence_ids.add(eid)
        if filename is not None and not filename.strip():
            c.bad(f"{where}.filename", _("must not be blank"))
        path = c.text(eo, "path", where)
        if path is not None and (problem := evidence_path_problem(path)):
            c.bad(f"{where}.path", problem)
            path = None
        if eid and filename:
            sha256 = sha.lower() if sha else None
            description = c.text(eo, "description", where)
            evidence.append(Evidence(eid, filename, path, sha256, size, description, added))
    return evidence


def _evidence_size(c: _Check, size: Any, where: str) -> int | None:
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        c.bad(
            f"{where}.size", _("expected a whole number of bytes, found {value}").format(value=_value(size))
        )
        return None
    if size is not None and size > _NUMBER_MAX:
        c.bad(
            f"{where}.size",
            _("is a number out of range (at most {number_max})").format(number_max=_NUMBER_MAX),
        )
        return None
    return size


def _read_answers(c: _Check, root: Mapping[str, Any], evidence_ids: set[str]) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    raw_answers = root.get("answers")
    if raw_answers is None:
        return answers
    if not isinstance(raw_answers, dict):
        c.bad("answers", _("expected an object, found {kind}").format(kind=_kind(raw_answers)))
        return answers
    for key, raw in raw_answers.items():
        answer = _read_answer(c, key, raw, evidence_ids)
        if answer is not None:
            answers[key] = answer
    return answers


def _read_red_flags(c: _Check, root: Mapping[str, Any]) -> list[RedFlagEntry]:
    red_flags = []
    seen: set[str] = set()
    catalogue = [f.id for f in c.content.red_flags]

    def known(fid: str) -> bool:
        return c.content.red_flag(fid) is not None

    for idx, rf in enumerate(_array(c, root, "red_flags")):
        where = f"red_flags[{idx}]"
        ro = c.obj(rf, where, ("id", "status", "note"))
        if ro is None:
            continue
        fid = _catalogue_id(c, ro, where, known, catalogue, N_("red flag"), seen)
        status = c.enum(ro, "status", where, contract.RED_FLAG_STATUSES, required=True)
        if fid is not None and status is not None:
            red_flags.append(RedFlagEntry(id=fid, status=status, note=c.text(ro, "note", where)))
    return red_flags


def _read_mitigations(c: _Check, root: Mapping[str, Any]) -> list[MitigationEntry]:
    mitigations = []
    seen: set[str] = set()
    catalogue = [m.id for m in c.content.measures]

    def known(mid: str) -> bool:
        return c.content.measure(mid) is not None

    for idx, mi in enumerate(_array(c, root, "mitigations")):
        where = f"mitigations[{idx}]"
        mo = c.obj(mi, where, ("id", "note"))
        if mo is None:
            continue
        mid = _catalogue_id(c, mo, where, known, catalogue, N_("mitigation measure"), seen)
        if mid is not None:
            mitigations.append(MitigationEntry(id=mid, note=c.text(mo, "note", where)))
    return mitigations


def _read_sign_off(c: _Check, root: Mapping[str, Any]) -> SignOff | None:
    so = root.get("sign_off")
    v2 = ("export_year", "accepted_holds", "accepted_because")
    if so is None or (s := c.obj(so, "sign_off", contract.SIGN_OFF_KEYS, v2=v2)) is None:
        return None
    name = c.name(s, "name", "sign_off")
    role = c.name(s, "role", "sign_off")
    date = c.date(s, "date", "sign_off", required=True)
    export_year = _read_year(c, s.get("export_year"), "sign_off.export_year")
    holds = _read_hold_ids(c, s.get("accepted_holds"), "sign_off.accepted_holds")
    because = c.text(s, "accepted_because", "sign_off")
    if holds and because is None:
        c.bad("sign_off.accepted_because", _("is required when accepted_holds is not empty"))
    elif because is not None and shows_nothing(because):
        c.bad("sign_off.accepted_because", _("must not be blank"))
    elif because is not None and not holds and holds is not None:
        c.bad(
            "sign_off.accepted_because",
            _("is given only with accepted_holds: there is no accepted hold to give a reason for"),
        )
    if name and role and date and holds is not None:
        return SignOff(name, role, date, export_year, holds, because)
    return None


def _read_year(c: _Check, value: Any, where: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not _year_in_range(value):
        c.bad(
            where,
            _("expected a whole number from {first} to {last}, found {value}").format(
                first=contract.YEAR_MIN, last=contract.YEAR_MAX, value=_value(value)
            ),
        )
        return None
    return value


def _year_in_range(year: int) -> bool:
    return contract.YEAR_MIN <= year <= contract.YEAR_MAX


def hold_id_problem(hold: str) -> str | None:
    """Why ``hold`` is not of the form of a hold id (the holds are the assessment's), or None."""
    if _HOLD_ID.fullmatch(hold):
        return None
    return _("{shown} is not a hold id (lower-case letters, digits and '_', starting with a letter)").format(
        shown=_shown(hold)
    )


def _read_hold_ids(c: _Check, value: Any, where: str) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        c.bad(where, _("expected an array of hold ids, found {kind}").format(kind=_kind(value)))
        return None
    good = True
    seen: set[str] = set()  # (a search of the list before each made 100,000 ids take minutes)
    for i, hold in enumerate(value):
        if problem := hold_id_problem(hold):
            c.bad(f"{where}[{i}]", problem)
            good = False
        elif hold in seen:
            c.bad(f"{where}[{i}]", _("{shown} is listed twice").format(shown=_shown(hold)))
            good = False
        seen.add(hold)
    return tuple(value) if good else None


def _array(c: _Check, root: Mapping[str, Any], key: str) -> list[Any]:
    value = root.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        c.bad(key, _("expected an array, found {kind}").format(kind=_kind(value)))
        return []
    return value


def _catalogue_id(
    c: _Check,
    obj: Mapping[str, Any],
    where: str,
    known: Callable[[str], bool],
    catalogue: Sequence[str],
    what: str,
    seen: set[str],
) -> str | None:
    fid = c.text(obj, "id", where, required=True)
    if fid is None:
        return None
    custom = contract.custom_text(fid)
    if custom is not None:
        if not custom.strip():
            c.bad(f"{where}.id", _("a custom {what} needs a text after 'custom:'").format(what=_(what)))
            return None
    elif not known(fid):
        c.bad(
            f"{where}.id",
            _("unknown {what} {shown}{hint}; use an id from the content or 'custom:<text>'").format(
                what=_(what), shown=_shown(fid), hint=_hint(fid, catalogue)
            ),
        )
        return None
    if fid in seen:
        c.bad(f"{where}.id", _("{what} {shown} is listed twice").format(what=_(what), shown=_shown(fid)))
        return None
    seen.add(fid)
    return fid


def _read_answer(c: _Check, key: str, raw: Any, evidence_ids: set[str]) -> Answer | None:
    where = f"answers.{key}"
    custom = contract.custom_text(key)
    question = None
    if custom is not None:
        if not custom.strip():
            c.bad(where, _("a custom answer key needs a text after 'custom:'"))
            return None
    elif not c.content.has_question(key):
        ids = [q.id for q in c.content.questions]
        c.bad(
            where,
            _(
                "unknown question id{hint}; answer keys must be question ids of the content or "
                "start with 'custom:'"
            ).format(hint=_hint(key, ids)),
        )
        return None
    else:
        question = c.content.question(key)

    rationale: str | None = None
    evidence: tuple[str, ...] = ()
    if isinstance(raw, dict):
        obj = c.obj(raw, where, ("value", "rationale", "evidence"))
        assert obj is not None
        if "value" not in obj:
            c.bad(f"{where}.value", _("is required (null when not answered yet)"))
            return None
        value_raw = obj["value"]
        value_where = f"{where}.value"
        rationale = c.text(obj, "rationale", where)
        ev = obj.get("evidence")
        if ev is not None:
            if not isinstance(ev, list) or not all(isinstance(x, str) for x in ev):
                c.bad(f"{where}.evidence", _("expected an array of evidence ids"))
            else:
                for x in ev:
                    if x not in evidence_ids:
                        c.bad(
                            f"{where}.evidence",
                            _("evidence id {shown} is not in the dossier's evidence list").format(
                                shown=_shown(x)
                            ),
                        )
                if len(set(ev)) != len(ev):
                    c.bad(f"{where}.evidence", _("lists an evidence id twice"))
                evidence = tuple(ev)
    else:
        value_raw = raw
        value_where = where
    value = _read_value(c, question, value_raw, value_where)
    if value is _INVALID:
        return None
    assert not isinstance(value, _Invalid)
    return Answer(value=value, rationale=rationale, evidence=evidence)


class _Invalid:
    pass


_INVALID = _Invalid()


def _read_value(c: _Check, q: Question | None, raw: Any, where: str) -> AnswerValue | _Invalid | None:
    if raw is None:
        return None
    if q is None:  # a custom answer: free text
        if not isinstance(raw, str):
            c.bad(where, _("a custom answer takes a string, found {kind}").format(kind=_kind(raw)))
            return _INVALID
        return raw
    if q.kind == "multi_choice":
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            c.bad(
                where,
                _("expected an array of values from {list}, found {kind}").format(
                    list=_list(q.values), kind=_kind(raw)
                ),
            )
            return _INVALID
        wrong = [v for v in raw if v not in q.values]
        if wrong:
            c.bad(
                where,
                _("{shown} is not one of {list}{hint}").format(
                    shown=_shown(wrong[0]), list=_list(q.values), hint=_hint(wrong[0], q.values)
                ),
            )
            return _INVALID
        if len(set(raw)) != len(raw):
            c.bad(where, _("lists a value twice"))
            return _INVALID
        return tuple(v for v in q.values if v in raw)  # canonical order: the question's own
    if not isinstance(raw, str):
        expected = f"one of {_list(q.values)}" if q.values else "a string"
        c.bad(where, _("expected {expected}, found {kind}").format(expected=expected, kind=_kind(raw)))
        return _INVALID
    if q.kind == "country":
        code = c.country_code(raw, where)
        return _INVALID if code is None else code
    if q.kind == "text":
        if len(raw) > _TEXT_MAX:
            c.bad(
                where,
                _("is {count} characters long; at most {text_max} allowed").format(
                    count=len(raw), text_max=_TEXT_MAX
                ),
            )
            return _INVALID
        return raw
    if raw not in q.values:
        c.bad(
            where,
            _("expected one of {list}, found {shown}{hint}").format(
                list=_list(q.values), shown=_shown(raw), hint=_hint(raw, q.values)
            ),
        )
        return _INVALID
    return raw


def _in_range(day: dt.date) -> bool:
    return contract.YEAR_MIN <= day.year <= contract.YEAR_MAX


def _is_iso_date(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD, between 1900-01-01 and 2199-12-31."""
    if not _DATE.fullmatch(text):
        return False
    try:
        return _in_range(dt.date.fromisoformat(text))
    except ValueError:
        return False


def _is_iso_datetime(text: str) -> bool:
    """An ISO 8601 date and time (or date) whose date is between 1900-01-01 and 2199-12-31."""
    if not text.isascii():
        return False
    try:
        return _in_range(dt.datetime.fromisoformat(text).date())
    except ValueError:
        return False


# ---------------------------------------------------------------------------- writing


def _clean(obj: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v is not None}


def answer_to_json(answer: Answer) -> dict[str, Any]:
    value = list(answer.value) if isinstance(answer.value, tuple) else answer.value
    out: dict[str, Any] = {"value": value}
    if answer.rationale is not None:
        out["rationale"] = answer.rationale
    if answer.evidence:
        out["evidence"] = list(answer.evidence)
    return out


def record_to_json(r: ScreeningRecord) -> dict[str, Any]:
    """The interchange form of a screening record (its hits always written, also when none)."""
    out = _clean(
        {
            "party": r.party,
            "name": r.name,
            "list": r.list_id,
            "list_version": r.list_version,
            "screened_at": r.screened_at,
        }
    )
    out["hits"] = [_clean(vars(h)) for h in r.hits]
    return out


def sign_off_to_json(s: SignOff) -> dict[str, Any]:
    out: dict[str, Any] = {"name": s.name, "role": s.role, "date": s.date}
    if s.export_year is not None:
        out["export_year"] = s.export_year
    if s.accepted_holds:
        out["accepted_holds"] = list(s.accepted_holds)
    if s.accepted_because is not None:
        out["accepted_because"] = s.accepted_because
    return out


def dossier_to_json(d: Dossier) -> dict[str, Any]:
    """The interchange form of a dossier, version 2: fields that are not set are left out, and so are
    the sections of version 2 that are empty (no transaction facts, no screening records)."""
    out: dict[str, Any] = {"format": contract.FORMAT, "version": contract.VERSION}
    out.update(
        _clean({"id": d.id, "title": d.title, "reference": d.reference, "member_state": d.member_state})
    )
    exporter = _clean(vars(d.exporter))
    if exporter:
        out["exporter"] = exporter
    item = _clean(vars(d.item))
    if item:
        out["item"] = item
    out.update(_clean({"destination_country": d.destination_country, "stated_end_use": d.stated_end_use}))
    transaction = _clean(vars(d.transaction))
    if transaction:
        out["transaction"] = transaction
    out["parties"] = [_clean(vars(p)) for p in d.parties]
    out["answers"] = {k: answer_to_json(a) for k, a in d.answers.items()}
    out["red_flags"] = [_clean(vars(r)) for r in d.red_flags]
    out["mitigations"] = [_clean(vars(m)) for m in d.mitigations]
    if d.screening:
        out["screening"] = [record_to_json(r) for r in d.screening]
    if d.authority_reply is not None:
        out["authority_reply"] = _clean(vars(d.authority_reply))
    out["evidence"] = [_clean(vars(e)) for e in d.evidence]
    if d.sign_off is not None:
        out["sign_off"] = sign_off_to_json(d.sign_off)
    return out


def dumps(d: Dossier | Sequence[Dossier]) -> str:
    """Pretty JSON text of one dossier or of a list of them, for files people read."""
    data = dossier_to_json(d) if isinstance(d, Dossier) else [dossier_to_json(x) for x in d]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _holds_v2(data: Mapping[str, Any]) -> bool:
    """Whether a dossier's interchange form holds any field that version 2 added."""
    for path in contract.V2_FIELDS:
        section, _dot, key = path.partition(".")
        inner = data.get(section)
        if (inner is not None and not key) or (isinstance(inner, dict) and key in inner):
            return True
    return False


def needed_version(d: Dossier) -> int:
    """The first version of the format that can hold ``d``: 1 when it has none of the fields that
    version 2 added (``contract.V2_FIELDS``), else 2."""
    return 2 if _holds_v2(dossier_to_json(d)) else 1


def _canonical_form(data: Mapping[str, Any]) -> dict[str, Any]:
    """The interchange form as the fingerprint hashes it: with the version that the dossier needs
    rather than the one it was written in. A dossier that version 1 can hold keeps the fingerprint it
    had before version 2 existed, so that the fingerprints recorded in workbooks and journals, printed
    on reports and sealed at sign-off stay valid."""
    out = dict(data)
    if "version" in out:
        out["version"] = 2 if _holds_v2(out) else 1
    return out


def canonical_json(d: Dossier) -> bytes:
    """The canonical bytes of a dossier: its interchange form with the version it needs (1 when it
    has no field of version 2: ``_canonical_form``), sorted keys, no spaces, UTF-8."""
    return _canonical(_canonical_form(dossier_to_json(d)))


def _canonical(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def fingerprint(d: Dossier) -> str:
    """SHA-256 of the canonical JSON: printed on reports and by ``list --json``. Every field counts."""
    return hashlib.sha256(canonical_json(d)).hexdigest()


def fingerprint_of_json(data: Mapping[str, Any]) -> str:
    """The fingerprint of a dossier given in its interchange form (``dossier_to_json``'s output):
    equal to ``fingerprint`` of that dossier."""
    return hashlib.sha256(_canonical(_canonical_form(data))).hexdigest()


def sealed_fingerprint(d: Dossier) -> str:
    """The fingerprint that a sign-off seals: what of a finalised dossier may never change.

    That is every field but the two annotations that may arrive after sign-off (DESIGN.md section 3,
    ``contract.AFTER_SIGN_OFF``): the authority's reply (``authority_reply``) and the actual export
    date (``transaction.export_date``); they are journaled after the seal, and recording them never
    breaks it. A transaction that holds only an export date is no transaction here. For a dossier
    without them this equals ``fingerprint``, so the seals made before version 2 stay valid."""
    data = dossier_to_json(d)
    for path in contract.AFTER_SIGN_OFF:
        section, _dot, key = path.partition(".")
        if not key:
            data.pop(section, None)
        elif isinstance(inner := data.get(section), dict) and key in inner:
            inner = {k: v for k, v in inner.items() if k != key}
            if inner:
                data[section] = inner
            else:
                del data[section]
    return fingerprint_of_json(data)


# ---------------------------------------------------------------------------- the record rules of screening
#
# DESIGN.md section 3: a party counts as screened against a list when it has a record for that list
# whose name equals its current name, character for character (a renamed party is unscreened again);
# open hits count only in such current records; a hit with disposition ``match`` counts for its party
# whatever the party is called now. Screening a party again against a list replaces its record for that
# list and keeps earlier dispositions (and notes) of hits with the same entry and name. Writers renumber
# or drop records when parties are removed or reordered. These functions never change the dossier they
# are given; those that change one return a new one.


class ScreeningError(ValueError):
    """A screening change that cannot be made (a party or hit that is not there); the message is for
    the user."""


class HitRef(NamedTuple):
    """A hit with the party and the record it belongs to."""

    party: int
    record: ScreeningRecord
    hit: ScreeningHit


def _named(party: Party) -> bool:
    return party.name is not None and bool(party.name.strip())


def is_current(d: Dossier, record: ScreeningRecord) -> bool:
    """Whether ``record`` screened its party under the name the party has now."""
    return 0 <= record.party < len(d.parties) and d.parties[record.party].name == record.name


def current_records(d: Dossier) -> list[ScreeningRecord]:
    """The records made under their party's current name, in the dossier's order."""
    return [r for r in d.screening if is_current(d, r)]


def screened_lists(d: Dossier, party: int) -> tuple[str, ...]:
    """The lists against which ``party`` counts as screened, in the order of its records."""
    return tuple(r.list_id for r in d.screening if r.party == party and is_current(d, r))


def screened_parties(d: Dossier, list_id: str | None = None) -> list[int]:
    """The positions of the parties that count as screened against ``list_id`` (against any list
    when None)."""
    return sorted({r.party for r in current_records(d) if list_id is None or r.list_id == list_id})


def unscreened_parties(d: Dossier) -> list[int]:
    """The positions of the parties with a name (not blank) that count as screened against no list
    (the hold ``parties_not_screened`` of DESIGN.md section 4)."""
    screened = set(screened_parties(d))
    return [i for i, p in enumerate(d.parties) if _named(p) and i not in screened]


def open_hits(d: Dossier) -> list[HitRef]:
    """The hits still to be decided: disposition ``open``, in current records only."""
    return [
        HitRef(r.party, r, h)
        for r in current_records(d)
        for h in r.hits
        if h.disposition == contract.HIT_OPEN
    ]


def matches(d: Dossier) -> list[HitRef]:
    """The hits confirmed as the party (disposition ``match``), in every record: a match counts for its
    party whatever the party is called now."""
    return [HitRef(r.party, r, h) for r in d.screening for h in r.hits if h.disposition == contract.HIT_MATCH]


def replace_screening(d: Dossier, record: ScreeningRecord) -> Dossier:
    """``d`` with ``record`` as its party's record for its list: in the place of the earlier one, else
    added at the end. An ``open`` hit of ``record`` with the entry and name of an earlier hit takes that
    hit's disposition and note. An earlier ``match`` that the new screening no longer finds (the party
    was renamed, or the list spells the entry otherwise now) is kept in the record: a match counts
    whatever the party is called now, and screening again must not undo it."""
    if problem := party_problem(record.party, len(d.parties)):
        raise ScreeningError(problem)
    if problem := list_id_problem(record.list_id):
        raise ScreeningError(problem)
    place = next(
        (i for i, r in enumerate(d.screening) if (r.party, r.list_id) == (record.party, record.list_id)), None
    )
    screening = list(d.screening)
    if place is None:
        screening.append(record)
    else:
        earlier = {(h.entry, h.name): h for h in screening[place].hits}
        hits = []
        for h in record.hits:
            old = earlier.get((h.entry, h.name))
            if old is not None and h.disposition == contract.HIT_OPEN:
                h = replace(h, disposition=old.disposition, note=old.note)
            hits.append(h)
        found = {(h.entry, h.name) for h in record.hits}
        hits += [h for key, h in earlier.items() if h.disposition == contract.HIT_MATCH and key not in found]
        screening[place] = replace(record, hits=tuple(hits))
    return replace(d, screening=screening)


def dispose(
    d: Dossier, party: int, entry: str, disposition: str, note: str | None, *, list_id: str | None = None
) -> Dossier:
    """``d`` with the decision ``disposition`` (and ``note``) on every hit of list entry ``entry`` in
    ``party``'s records (in its record for ``list_id`` only, when given): the decision is about the
    listed person or entity, whichever of its names matched. ``false_positive`` and ``match`` need a
    note saying why."""
    if problem := party_problem(party, len(d.parties)):
        raise ScreeningError(problem)
    if problem := disposition_problem(disposition):
        raise ScreeningError(problem)
    if disposition != contract.HIT_OPEN and (note is None or not note.strip()):
        raise ScreeningError(_("a decision on a hit needs a note saying why"))
    found = False
    screening = []
    for r in d.screening:
        if r.party == party and (list_id is None or r.list_id == list_id):
            hits = tuple(
                replace(h, disposition=disposition, note=note) if h.entry == entry else h for h in r.hits
            )
            found = found or any(h.entry == entry for h in r.hits)
            r = replace(r, hits=hits)
        screening.append(r)
    if not found:
        if list_id is None:
            raise ScreeningError(
                _("party {party} has no hit of entry {entry}").format(party=party, entry=_shown(entry))
            )
        raise ScreeningError(
            _("party {party} has no hit of entry {entry} in the list {list}").format(
                party=party, entry=_shown(entry), list=_shown(list_id)
            )
        )
    return replace(d, screening=screening)


def reorder_parties(d: Dossier, order: Sequence[int]) -> Dossier:
    """``d`` with its parties in ``order``: the new position ``i`` holds the party that was at
    ``order[i]``; a party not in ``order`` is removed. Screening records follow their party (renumbered)
    or are dropped with it."""
    seen: set[int] = set()
    for old in order:
        if problem := party_problem(old, len(d.parties)):
            raise ScreeningError(problem)
        if old in seen:
            raise ScreeningError(_("the new order lists party {party} twice").format(party=old))
        seen.add(old)
    new = {old: i for i, old in enumerate(order)}
    return replace(
        d,
        parties=[d.parties[old] for old in order],
        screening=[replace(r, party=new[r.party]) for r in d.screening if r.party in new],
    )


def remove_party(d: Dossier, party: int) -> Dossier:
    """``d`` without the party at ``party``, and without its screening records (the others renumbered)."""
    if problem := party_problem(party, len(d.parties)):
        raise ScreeningError(problem)
    return reorder_parties(d, [i for i in range(len(d.parties)) if i != party])


# ---------------------------------------------------------------------------- the retention date


class Retention(NamedTuple):
    """How long the record is kept (DESIGN.md section 3): to ``until`` (YYYY-MM-DD), the end of the
    calendar year ``year`` plus ``contract.RETENTION_YEARS``; ``basis`` says where the year came from:
    ``export_date``, ``export_year`` (given at sign-off), ``planned_export_date`` or ``sign_off``."""

    basis: str
    year: int
    until: str


def retention(d: Dossier) -> Retention | None:
    """The retention date of ``d``: from the year of the actual export date, else the export year given
    at sign-off, else the year of the planned export date, else the year of sign-off; None when there
    is none of these yet (a draft without dates)."""
    t, s = d.transaction, d.sign_off
    candidates: Iterable[tuple[str, int | None]] = (
        ("export_date", _year_of(t.export_date)),
        ("export_year", s.export_year if s else None),
        ("planned_export_date", _year_of(t.planned_export_date)),
        ("sign_off", _year_of(s.date) if s else None),
    )
    for basis, year in candidates:
        if year is not None:
            until = dt.date(year + contract.RETENTION_YEARS, 12, 31).isoformat()
            return Retention(basis, year, until)
    return None


# Which rule gave a retention date, in words, with the year counted from (``Retention.basis``).
RETENTION_WORDS = {
    "export_date": N_("the end of the year of the export date, {year}, plus five years"),
    "export_year": N_("the end of the export year recorded at sign-off, {year}, plus five years"),
    "planned_export_date": N_("the end of the year of the planned export date, {year}, plus five years"),
    "sign_off": N_("the end of the year of sign-off, {year}, plus five years"),
}


def retention_explained(basis: str | None, until: str | None) -> str | None:
    """Which rule gave the retention date ``until`` (YYYY-MM-DD), in words: "the end of the year of the
    export date, 2027, plus five years"; None when either is not known."""
    if until is None or basis not in RETENTION_WORDS:
        return None
    return _(RETENTION_WORDS[basis]).format(year=int(until[:4]) - contract.RETENTION_YEARS)


def _year_of(date: str | None) -> int | None:
    return None if date is None else dt.date.fromisoformat(date).year
