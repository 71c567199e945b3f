"""Comparing two names token by token, and saying in words why they match.

``compare(query, listed)`` aligns the tokens of a name being screened with those of a list name,
whatever their order:

1. every pair of tokens gets a similarity (``token_similarity``): 1 for the same word; 0.9 or more
   for the same spelling key, 0.85 or more for nearly the same (a spelling or transliteration
   variant: Zhuravlev and Zhuravlyov, Wjatscheslaw and Vyacheslav), provided the words are also
   alike letter by letter (optimal string alignment similarity from 0.6 for a key of two letters
   down to 0.4 for one of five or more); the letter-by-letter similarity for a typo (0.75 or more,
   in words that begin alike, or of 6 letters or more); 0.85 for an initial and the word it stands
   for; for a word in Arabic script against one in Latin letters, the likeness of their consonants
   (0.92 when they are the same: three or more, or two in short words);
2. pairs are taken best first, each token at most once;
3. tokens left over on one side are tried joined (two or three neighbours) against one left over on
   the other ("Abdulrahman" and "Abd al-Rahman", "Alqasimi" and "al-Qasimi");
4. each side's coverage is its matched weight times similarity, over its matched weight plus the
   cost of its words left unmatched: a first or last word costs its weight, a word inside the name
   (a middle name, a patronymic) ``INTERIOR_COST`` of it. Particles such as "al" or "de" weigh 0.2,
   initials and generic company words such as "Trading" 0.5, other words 1. The name score is the
   mean of the two coverages;
5. when either name has two or more significant words (weight 1), two pairs with a significant word
   on one side at least must match: otherwise the score is capped at ``CAP_ONE_WORD`` (a shared first
   name alone is no match; an initial with the surname is).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from rapidfuzz.distance import OSA

from core.i18n import N_, _
from core.screening.normalize import SCRIPT_NAMES, NormalisedName, Token, make_token

How = Literal["exact", "spelling", "typo", "initial", "consonants", "joined"]

SIM_SPELLING: Final = 0.9
SIM_SPELLING_NEAR: Final = 0.85
# The letter-by-letter likeness two words with the same spelling key need, by the key's length: a
# short key is shared by many names (Moore, Maria and Moreau are all "MR").
_SPELLING_MIN_TEXT: Final = {1: 1.0, 2: 0.6, 3: 0.55, 4: 0.5}
SPELLING_MIN_KEY: Final = 0.8
SIM_INITIAL: Final = 0.85
SIM_CONSONANTS: Final = 0.92
TYPO_MIN: Final = 0.75
JOINED_MIN: Final = 0.8
INTERIOR_COST: Final = 0.35
CAP_ONE_WORD: Final = 0.6

_SimCache = dict[tuple[str, bool, str, bool], tuple[float, "How | None"]]


@dataclass(frozen=True, slots=True)
class Pair:
    """Tokens of the query (by position) matched with tokens of the list name, how and how well."""

    query: tuple[int, ...]
    listed: tuple[int, ...]
    similarity: float
    how: How


@dataclass(frozen=True, slots=True)
class NameMatch:
    """The outcome of comparing two names: the name score (0 to 1) and the pairs behind it."""

    score: float
    pairs: tuple[Pair, ...]


def token_similarity(a: Token, b: Token) -> tuple[float, How | None]:
    """How alike two tokens are (0 to 1) and why (None: not alike)."""
    ta, tb = a.text, b.text
    if ta == tb:
        return 1.0, "exact"
    la, lb = len(ta), len(tb)
    if la == 1 or lb == 1:
        if la != lb and ta[0] == tb[0] and ta.isalpha() and tb.isalpha():
            return SIM_INITIAL, "initial"
        return 0.0, None
    if (a.script == "arabic") != (b.script == "arabic"):
        # Arabic script against Latin letters: the consonants are what both write
        sa, sb = a.skeleton, b.skeleton
        arabic, latin = (ta, tb) if a.script == "arabic" else (tb, ta)
        if sa == sb and (len(sa) >= 3 or (len(sa) == 2 and len(arabic) <= 4 and len(latin) <= 6)):
            return SIM_CONSONANTS, "consonants"
        if min(len(sa), len(sb)) >= 4:
            s = OSA.normalized_similarity(sa, sb)
            if s >= TYPO_MIN:
                return SIM_CONSONANTS * s, "consonants"
    osa = OSA.normalized_similarity(ta, tb)
    if a.script == "arabic" and b.script == "arabic":
        # both in Arabic script: the letters are the letters (its long vowels are written), no spellings
        if osa >= TYPO_MIN and min(la, lb) >= 3 and (ta[0] == tb[0] or min(la, lb) >= 6):
            return osa, "typo"
        return 0.0, None
    ka, kb = a.key, b.key
    if ka == kb and osa >= _SPELLING_MIN_TEXT.get(len(ka), 0.4) and (len(ka) >= 3 or min(la, lb) >= 4):
        return max(osa, SIM_SPELLING), "spelling"
    if min(len(ka), len(kb)) >= 4 and osa >= 0.5 and OSA.normalized_similarity(ka, kb) >= SPELLING_MIN_KEY:
        return max(osa, SIM_SPELLING_NEAR), "spelling"
    if osa >= TYPO_MIN and min(la, lb) >= 3 and (ta[0] == tb[0] or min(la, lb) >= 6):
        return osa, "typo"
    return 0.0, None


def _similarity(a: Token, b: Token, cache: _SimCache | None) -> tuple[float, How | None]:
    if cache is None:
        return token_similarity(a, b)
    k = (a.text, a.script == "arabic", b.text, b.script == "arabic")
    found = cache.get(k)
    if found is None:
        found = cache[k] = token_similarity(a, b)
    return found


def _joined(tokens: Sequence[Token], positions: tuple[int, ...]) -> Token:
    parts = [tokens[i] for i in positions]
    script = "arabic" if any(t.script == "arabic" for t in parts) else parts[0].script
    return make_token("".join(t.text for t in parts), " ".join(t.shown for t in parts), script)


def _runs(left: list[int]) -> list[tuple[int, ...]]:
    """Runs of 2 or 3 neighbouring positions among those left over."""
    runs: list[tuple[int, ...]] = []
    s = set(left)
    for i in left:
        if i + 1 in s:
            runs.append((i, i + 1))
            if i + 2 in s:
                runs.append((i, i + 1, i + 2))
    return runs


def compare(query: Sequence[Token], listed: Sequence[Token], cache: _SimCache | None = None) -> NameMatch:
    """Compare a name being screened with a list name (see the module's docstring). ``cache`` keeps
    token similarities between calls for one query."""
    if not query or not listed:
        return NameMatch(0.0, ())
    scored: list[tuple[float, int, int, How]] = []
    for i, q in enumerate(query):
        for j, n in enumerate(listed):
            s, how = _similarity(q, n, cache)
            if how is not None:
                scored.append((s, i, j, how))
    scored.sort(key=lambda x: (-x[0], abs(x[1] - x[2])))
    used_q: set[int] = set()
    used_n: set[int] = set()
    pairs: list[Pair] = []
    for s, i, j, how in scored:
        if i not in used_q and j not in used_n:
            used_q.add(i)
            used_n.add(j)
            pairs.append(Pair((i,), (j,), s, how))
    # words written together on one side and apart on the other
    for _round in range(3):
        left_q = [i for i in range(len(query)) if i not in used_q]
        left_n = [j for j in range(len(listed)) if j not in used_n]
        if not left_q or not left_n:
            break
        best: tuple[float, tuple[int, ...], tuple[int, ...]] | None = None
        for run in _runs(left_q):
            joined = _joined(query, run)
            for j in left_n:
                s, _how = token_similarity(joined, listed[j])
                if s >= JOINED_MIN and (best is None or s > best[0]):
                    best = (s, run, (j,))
        for run in _runs(left_n):
            joined = _joined(listed, run)
            for i in left_q:
                s, _how = token_similarity(query[i], joined)
                if s >= JOINED_MIN and (best is None or s > best[0]):
                    best = (s, (i,), run)
        if best is None:
            break
        s, qs, ns = best
        used_q.update(qs)
        used_n.update(ns)
        pairs.append(Pair(qs, ns, s, "joined"))
    return NameMatch(_score(query, listed, pairs), tuple(sorted(pairs, key=lambda p: p.query)))


def _coverage(tokens: Sequence[Token], pairs: list[Pair], side: int) -> float:
    """The share of a name that is matched: matched weight x similarity over the matched weight
    and the cost of what is not matched (a word inside the name costs ``INTERIOR_COST`` of its
    weight, a first or last word all of it)."""
    sims = {i: p.similarity for p in pairs for i in (p.query if side == 0 else p.listed)}
    got = full = cost = 0.0
    last = len(tokens) - 1
    for i, t in enumerate(tokens):
        if i in sims:
            got += t.weight * sims[i]
            full += t.weight
        else:
            cost += t.weight * (1.0 if i in (0, last) else INTERIOR_COST)
    return got / (full + cost) if full + cost else 0.0


def _score(query: Sequence[Token], listed: Sequence[Token], pairs: list[Pair]) -> float:
    score = (_coverage(query, pairs, 0) + _coverage(listed, pairs, 1)) / 2
    significant = max(sum(t.significant for t in query), sum(t.significant for t in listed))
    matched = sum(
        1
        for p in pairs
        if any(query[i].significant for i in p.query) or any(listed[j].significant for j in p.listed)
    )
    if matched < min(significant, 2):
        score = min(score, CAP_ONE_WORD)
    return min(1.0, score)


# ---------------------------------------------------------------------------- explaining


def _quote(words: Sequence[str]) -> str:
    return ", ".join(f"'{w}'" for w in words)


def _described_count(n: int) -> str:
    """ "both name parts match", "all 3 name parts match": every part of the name screened matched."""
    if n == 1:
        return _("the one name part matches")
    if n == 2:
        return _("both name parts match")
    return _("all {count} name parts match").format(count=n)


# How two words are alike, in words (``How``; "exact" and "initial" are said otherwise).
_HOW = {
    "spelling": N_("spelling"),
    "typo": N_("typo"),
    "consonants": N_("same consonants"),
}


def explain(query: NormalisedName, listed: NormalisedName, match: NameMatch) -> list[str]:
    """The reasons for a name match, in plain words, most telling first (in the current language)."""
    q, n = query.tokens, listed.tokens
    matched_q = {i for p in match.pairs for i in p.query}
    matched_n = {j for p in match.pairs for j in p.listed}
    missing = [q[i].shown for i in range(len(q)) if i not in matched_q]
    extra = [n[j].shown for j in range(len(n)) if j not in matched_n]
    reasons: list[str] = []
    if not missing:
        reasons.append(_described_count(len(q)))
    else:
        reasons.append(
            _("{matched} of {count} name parts match").format(matched=len(matched_q), count=len(q))
        )
    for p in match.pairs:
        a = " ".join(q[i].shown for i in p.query)
        b = " ".join(n[j].shown for j in p.listed)
        scripts = {q[i].script for i in p.query} | {n[j].script for j in p.listed}
        foreign = sorted(s for s in scripts if s != "latin")
        via = _(" and ").join(_(SCRIPT_NAMES[s]) for s in foreign) if len(scripts) > 1 else ""
        if p.how == "exact":
            if via:
                reasons.append(_("'{a}' = '{b}' (transliterated from {script})").format(a=a, b=b, script=via))
        elif p.how == "initial":
            short, full = (a, b) if len(a.rstrip(".")) == 1 else (b, a)
            reasons.append(_("'{short}' is the initial of '{full}'").format(short=short, full=full))
        else:
            if p.how == "joined":
                label = _("written together") if len(p.query) < len(p.listed) else _("written apart")
            else:
                label = _(_HOW[p.how])
            if via:
                label = _("{how}, transliterated from {script}").format(how=label, script=via)
            reasons.append(_("'{a}' ~ '{b}' ({how})").format(a=a, b=b, how=label))
    if missing:
        reasons.append(_("not in the list name: {words}").format(words=_quote(missing)))
    if extra:
        reasons.append(_("the list name also has {words}").format(words=_quote(extra)))
    order = [p.listed[0] for p in match.pairs if q[p.query[0]].significant]
    if order != sorted(order):
        reasons.append(_("other word order"))
    only_q = [w for w in query.ignored if w.casefold() not in {x.casefold() for x in listed.ignored}]
    only_n = [w for w in listed.ignored if w.casefold() not in {x.casefold() for x in query.ignored}]
    if only_q or only_n:
        reasons.append(_("legal form or title ignored: {words}").format(words=_quote(only_q + only_n)))
    return reasons
