"""The screening index: every searchable form of every list name, found by keys, not by a full scan.

A list name gives one or more *forms*: the name itself and, where the list packs several names into
one ("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)"), each part,
each part without its bracketed abbreviation, and the abbreviation alone. Each form's tokens are
filed under the token itself, its spelling key, its consonant skeleton and (for words of five
letters or more) its first four and last four letters, and neighbouring tokens joined are filed too
("al qasimi" also under "alqasimi"). A query looks up its own keys, adds up for each form the rarity
(inverse document frequency) of the keys they share, and compares only the ``CANDIDATES`` forms
that share the most with the query (keys shared by more than a tenth of all
forms are passed over when rarer ones exist). Comparing, adjusting by country and birth year, and
explaining happen on those few.

The index is built from ``SanctionsList``s (``ScreeningIndex.build``), which normalises every name,
or loaded from rows (``ScreeningIndex.load``): ``rows()`` gives one ``IndexRow`` per form, plain text
and numbers, with the tokens already normalised, so that a stored index loads without normalising
anything. A row written by another ``NORMALISER_VERSION``, or that names an entry or a name not in
the lists given, makes ``load`` raise ``StaleIndexError``: build again from the lists then.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from core.i18n import _
from core.screening.matching import compare, explain
from core.screening.model import EntryKind, ListEntry, SanctionsList
from core.screening.normalize import (
    LETTER_SCRIPTS,
    NORMALISER_VERSION,
    SCRIPT_LETTERS,
    NormalisedName,
    Token,
    make_token,
    normalise,
    skeleton,
    spelling_key,
)

# The default threshold: see core/screening/__init__.py for the measurements behind it.
DEFAULT_THRESHOLD: Final = 0.8
CANDIDATES: Final = 64
COMMON_SHARE: Final = 0.1
# Adjustments by country and birth year (see core/screening/__init__.py for how they were chosen).
COUNTRY_SAME: Final = 0.03
COUNTRY_OTHER: Final = -0.05
BIRTH_SAME: Final = 0.03
BIRTH_OTHER: Final = -0.08
WEAK_ALIAS: Final = -0.05
STRONG_NAME: Final = 0.9


class StaleIndexError(ValueError):
    """Stored index rows that do not fit the lists or this version of the normaliser."""


class IndexRow(NamedTuple):
    """One searchable form of a list name, as the store keeps it. ``name_pos`` is the name's position
    in ``ListEntry.names``; ``tokens`` the normalised tokens, space-separated; ``scripts`` one letter
    per token for its script ("l" Latin, "c" Cyrillic, "g" Greek, "a" Arabic, "o" other); ``version``
    the ``NORMALISER_VERSION`` that made them."""

    list_id: str
    entry_id: str
    name_pos: int
    form: str
    tokens: str
    scripts: str
    version: int


@dataclass(frozen=True, slots=True)
class Hit:
    """A list entry found for a name. ``name`` is the list name that matched best, ``score`` 0 to 1
    (rounded to two decimals, the value compared with the threshold), ``why`` the reasons in plain
    words, ``name_score`` the score of the names alone."""

    list_id: str
    entry_id: str
    name: str
    kind: EntryKind
    score: float
    why: str
    name_score: float

    def to_json(self) -> dict[str, Any]:
        """The hit as ``screen --json`` prints it (DESIGN.md section 5)."""
        return {
            "list": self.list_id,
            "entry": self.entry_id,
            "name": self.name,
            "kind": self.kind,
            "score": self.score,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class _Form:
    list_id: str
    entry: ListEntry
    name_pos: int
    text: str
    tokens: tuple[Token, ...]


_BRACKETS: Final = re.compile(r"\(([^()]*)\)")


def name_forms(text: str) -> list[str]:
    """The searchable forms of a list name: itself, its parts between " ; ", each part without its
    bracketed words, and those words alone (abbreviations, in the UN list's way)."""
    forms = [text]
    parts = [p.strip() for p in text.split(";")] if ";" in text else [text]
    for part in parts:
        if part and part not in forms:
            forms.append(part)
        bare = " ".join(_BRACKETS.sub(" ", part).split())
        if bare and bare not in forms:
            forms.append(bare)
        for inside in _BRACKETS.findall(part):
            inside = inside.strip()
            if inside and inside not in forms:
                forms.append(inside)
    return forms


def _keys(tokens: Sequence[Token]) -> Iterator[str]:
    for t in tokens:
        if len(t.text) < 2:
            continue  # initials would find everything
        yield "=" + t.text
        if len(t.key) >= 2:
            yield "~" + t.key
        if len(t.skeleton) >= 3:
            yield "#" + t.skeleton
        if len(t.text) >= 5:  # a typo leaves the beginning or the end of a word as it was
            yield "<" + t.text[:4]
            yield ">" + t.text[-4:]
    for a, b in itertools.pairwise(tokens):
        joined = a.text + b.text
        yield "=" + joined
        yield "~" + spelling_key(joined)
        yield "#" + skeleton(joined)


class ScreeningIndex:
    """Every form of every name of the lists given, with the keys to find them (see the module)."""

    def __init__(self, lists: Sequence[SanctionsList], forms: list[_Form]) -> None:
        ids = [sl.list_id for sl in lists]
        if len(set(ids)) != len(ids):
            raise ValueError(f"a list is given twice: {sorted(i for i in ids if ids.count(i) > 1)}")
        self.lists: dict[str, SanctionsList] = {sl.list_id: sl for sl in lists}
        self._forms = forms
        postings: dict[str, list[int]] = {}
        for f, form in enumerate(forms):
            for key in set(_keys(form.tokens)):
                postings.setdefault(key, []).append(f)
        self._postings = postings
        n = max(1, len(forms))
        self._idf = {key: math.log(1 + n / len(ids_)) for key, ids_ in postings.items()}
        self._common = max(50, int(n * COMMON_SHARE))

    # ------------------------------------------------------------------ building and storing

    @classmethod
    def build(cls, lists: Iterable[SanctionsList]) -> ScreeningIndex:
        """The index of the lists, every name normalised."""
        lists = list(lists)
        forms: list[_Form] = []
        for sl in lists:
            for entry in sl.entries:
                for pos, name in enumerate(entry.names):
                    seen: set[str] = set()
                    for text in name_forms(name.text):
                        tokens = normalise(text).tokens
                        key = " ".join(t.text for t in tokens)
                        if tokens and key not in seen:
                            seen.add(key)
                            forms.append(_Form(sl.list_id, entry, pos, text, tokens))
        return cls(lists, forms)

    def rows(self) -> list[IndexRow]:
        """The index as rows to store (one per form)."""
        return [
            IndexRow(
                f.list_id,
                f.entry.entry_id,
                f.name_pos,
                f.text,
                " ".join(t.text for t in f.tokens),
                "".join(SCRIPT_LETTERS[t.script] for t in f.tokens),
                NORMALISER_VERSION,
            )
            for f in self._forms
        ]

    @classmethod
    def load(cls, lists: Iterable[SanctionsList], rows: Iterable[IndexRow | Sequence[Any]]) -> ScreeningIndex:
        """The index from stored rows, without normalising; ``StaleIndexError`` when a row does not fit."""
        lists = list(lists)
        entries = {(sl.list_id, e.entry_id): e for sl in lists for e in sl.entries}
        forms: list[_Form] = []
        for raw in rows:
            row = IndexRow(*raw)
            if row.version != NORMALISER_VERSION:
                raise StaleIndexError(
                    f"index rows of normaliser version {row.version}, not {NORMALISER_VERSION}"
                )
            entry = entries.get((row.list_id, row.entry_id))
            if entry is None or not 0 <= row.name_pos < len(entry.names):
                raise StaleIndexError(
                    f"index row for {row.list_id} {row.entry_id} name {row.name_pos} fits no entry"
                )
            texts = row.tokens.split()
            if len(texts) != len(row.scripts):
                raise StaleIndexError(f"index row for {row.list_id} {row.entry_id} is damaged")
            tokens = tuple(
                make_token(t, "", LETTER_SCRIPTS[s]) for t, s in zip(texts, row.scripts, strict=True)
            )
            forms.append(_Form(row.list_id, entry, row.name_pos, row.form, tokens))
        return cls(lists, forms)

    @property
    def form_count(self) -> int:
        return len(self._forms)

    # ------------------------------------------------------------------ searching

    def _candidates(self, tokens: Sequence[Token]) -> list[int]:
        keys = set(_keys(tokens))
        found = [(self._idf[k], self._postings[k]) for k in keys if k in self._postings]
        if not found:
            return []
        rare = [(w, ids) for w, ids in found if len(ids) <= self._common]
        if rare:
            found = rare
        acc: dict[int, float] = {}
        get = acc.get
        for w, ids in found:
            for f in ids:
                acc[f] = get(f, 0.0) + w
        if len(acc) <= CANDIDATES:
            return list(acc)
        return [f for f, _ in heapq.nlargest(CANDIDATES, acc.items(), key=lambda item: item[1])]

    def screen(
        self,
        name: str,
        *,
        country: str | None = None,
        birth_year: int | None = None,
        threshold: float | None = None,
        limit: int | None = None,
        prefer: Mapping[tuple[str, str], str] | None = None,
    ) -> list[Hit]:
        """The entries whose names match ``name`` with a score at or above ``threshold`` (default
        ``DEFAULT_THRESHOLD``), best first (then by list and entry id), one hit per entry.
        ``country`` (ISO 3166-1 alpha-2, or a list's own code) and ``birth_year``, when given,
        are compared with the entry's citizenships and countries and its birth dates: they raise or
        lower the score, but never below the threshold when the names alone score ``STRONG_NAME``.

        A hit names the entry's best-matching name; of names that match equally well (to two
        decimals, as scores are given) it names the one ``prefer`` gives for the entry (keyed by
        ``(list_id, entry_id)``: the name an earlier screening named, so that a decision on that
        entry and name carries over, DESIGN.md section 3), else the first on the list; never one that
        depends on the order in which candidates happen to be compared."""
        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        query = normalise(name)
        if not query.tokens:
            return []
        prefer = prefer or {}
        cache: dict[Any, Any] = {}
        best: dict[tuple[str, str], tuple[tuple[float, bool, float, int], float, _Form]] = {}
        for f in self._candidates(query.tokens):
            form = self._forms[f]
            listed = form.entry.names[form.name_pos]
            match = compare(query.tokens, form.tokens, cache)
            score = match.score + (WEAK_ALIAS if listed.weak else 0.0)
            key = (form.list_id, form.entry.entry_id)
            rank = (round(score, 2), prefer.get(key) == listed.text, score, -form.name_pos)
            if key not in best or rank > best[key][0]:
                best[key] = (rank, score, form)
        reach = threshold - max(COUNTRY_SAME, 0) - max(BIRTH_SAME, 0)
        hits = [
            self._hit(query, score, form, country, birth_year, threshold)
            for _rank, score, form in best.values()
            if score >= reach - 0.005
        ]
        hits = [h for h in hits if h.score >= threshold]
        hits.sort(key=lambda h: (-h.score, -h.name_score, h.list_id, h.entry_id))
        return hits[:limit] if limit is not None else hits

    def _hit(
        self,
        query: NormalisedName,
        name_score: float,
        form: _Form,
        country: str | None,
        birth_year: int | None,
        threshold: float,
    ) -> Hit:
        entry = form.entry
        listed_name = entry.names[form.name_pos]
        listed = normalise(form.text)  # again, for the words as written
        match = compare(query.tokens, listed.tokens)
        reasons = explain(query, listed, match)
        if listed_name.weak:
            reasons.append(_("a weak alias on the list"))
        adjust = 0.0
        if country:
            delta, reason = _country_reason(country.strip().upper(), entry)
            adjust += delta
            reasons += [reason] if reason else []
        if birth_year is not None and entry.kind == "person":
            delta, reason = _birth_reason(birth_year, entry)
            adjust += delta
            reasons += [reason] if reason else []
        score = name_score + adjust
        if name_score >= STRONG_NAME:
            score = max(score, min(threshold, name_score))
        score = round(min(1.0, max(0.0, score)), 2)
        return Hit(
            form.list_id,
            entry.entry_id,
            listed_name.text,
            entry.kind,
            score,
            "; ".join(reasons),
            round(name_score, 2),
        )


def _country_reason(country: str, entry: ListEntry) -> tuple[float, str]:
    """How the country screened moves the score, and the reason in words ("" when it does not)."""
    if country in entry.citizenships:
        return COUNTRY_SAME, _("citizenship {country} as listed").format(country=country)
    if country in entry.countries:
        return COUNTRY_SAME, _("country {country} as listed").format(country=country)
    if entry.citizenships:
        return COUNTRY_OTHER, _("citizenship differs (listed: {countries})").format(
            countries=", ".join(entry.citizenships)
        )
    if entry.countries:
        return COUNTRY_OTHER, _("country differs (listed: {countries})").format(
            countries=", ".join(entry.countries)
        )
    return 0.0, ""


def _birth_reason(year: int, entry: ListEntry) -> tuple[float, str]:
    """How the birth year screened moves the score, and the reason in words ("" when it does not)."""
    dates = [b for b in entry.birth_dates if b.year_from is not None]
    if not dates:
        return 0.0, ""
    if any(year in b.years(1 if b.circa else 0) for b in dates):
        return BIRTH_SAME, _("born {year} as listed").format(year=year)
    return BIRTH_OTHER, _("birth year differs (listed: {dates})").format(
        dates=", ".join(b.text for b in dates)
    )
