"""Names as the matcher compares them: Latin letters, one token per word, with spelling keys.

``normalise(text)`` turns a name as anyone writes it into ``Token``s:

1. Unicode NFKC (full-width letters, ligatures), combining marks that stay separate dropped (Arabic
   vowel signs, stray accents), apostrophes inside words dropped ("O'Brien" is "obrien").
2. Dotted abbreviations that are legal forms joined ("B.V.", "S.A.R.L." are "bv", "sarl"); other
   dotted letters stay initials ("V. P. Zhuravlyov").
3. Words split at spaces and punctuation (hyphens too: "al-Qasimi" is "al qasimi"; the matcher joins
   words back where the other side writes them as one).
4. Each word transliterated to Latin with anyascii (ISC), Greek after the usual digraphs (ου is "ou",
   αυ "av", ευ "ev", μπ/ντ at the start "b"/"d"), lower-cased, and kept as letters and digits only.
   Its script is kept (Latin, Cyrillic, Greek, Arabic, other): Arabic script has no short vowels, so
   Arabic words are compared by their consonants.
5. Legal forms (LLC, Ltd, GmbH, OOO/ООО, ZAO/ЗАО, AO, JSC, SARL, B.V., S.A., AG, "Limited",
   "joint stock company" ...) and titles (Mr, Dr, Colonel, Sheikh ...) are set aside as ``ignored``:
   legal forms that are also ordinary words (AG, SA, AO, AS, CO ...) only at the start or the end
   of a name; none when nothing else would be left.

Every token carries two keys computed from its text alone (so an index of tokens can be stored as
text and the keys recomputed when it is loaded):

- ``key``, a spelling key for the ways one name is written in Latin letters: sh/sch/shch, zh/j/dzh,
  kh/h, ch/tch/tsch, ph/f, v/w (and a final ff: Ivanoff), th/t, ts/tz/z, c/k/q/ck, x/ks, a final h
  after a vowel silent (Hamzah); vowels after the first letter dropped, doubled letters once.
  "Zhuravlev", "Zhuravlyov", "Jouravlev" share one; so do "Mohammed" and "Muhammad", "Yusuf" and
  "Yousef", "Ivanov" and "Iwanow".
- ``skeleton``, the consonants alone (w and y counted as vowels, as Arabic writes long vowels with
  them): what is left of a name in Arabic script and its Latin spellings alike ("يوسف" and "Yusuf").

``NORMALISER_VERSION`` changes whenever any of this does; an index stored with another version must
be rebuilt from the entries.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from anyascii import anyascii

from core.i18n import N_

NORMALISER_VERSION: Final = 1  # raise with any change to what normalise() or the keys give

Script = Literal["latin", "cyrillic", "greek", "arabic", "other"]
SCRIPT_LETTERS: Final[dict[Script, str]] = {
    "latin": "l",
    "cyrillic": "c",
    "greek": "g",
    "arabic": "a",
    "other": "o",
}
LETTER_SCRIPTS: Final[dict[str, Script]] = {v: k for k, v in SCRIPT_LETTERS.items()}
SCRIPT_NAMES: Final[dict[Script, str]] = {  # translated where shown (core.i18n's _)
    "latin": N_("Latin"),
    "cyrillic": N_("Cyrillic"),
    "greek": N_("Greek"),
    "arabic": N_("Arabic"),
    "other": N_("another script"),
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Legal forms that are never an ordinary word of a name: ignored wherever they are.
LEGAL_FORMS: Final = frozenset(
    _words(
        """
    llc ltd limited gmbh mbh ooo oao zao pao ojsc cjsc pjsc jsc plc inc incorporated corp sarl sas
    sasu bv nv spa srl sro kft zrt oyj aps asa kg ohg gbr ltda llp pte pty bhd sdn tov fze fzco fzc
    fzllc wll kgaa eurl sca scs snc ulc lllp pllc gmbhcokg nao
    """
    )
)
# Legal forms that are also words or names (or initials): ignored only at the start or the end.
EDGE_LEGAL_FORMS: Final = frozenset(
    _words(
        """
    ag sa ao as ab se co oy pp ip sl slu lp ae epe ek ev eg
    """
    )
)
# Multi-word legal forms, as normalised tokens.
LEGAL_PHRASES: Final = (
    ("limited", "liability", "company"),
    ("limited", "liability", "partnership"),
    ("public", "joint", "stock", "company"),
    ("closed", "joint", "stock", "company"),
    ("open", "joint", "stock", "company"),
    ("joint", "stock", "company"),
    ("societe", "anonyme"),
    ("societe", "a", "responsabilite", "limitee"),
    ("gesellschaft", "mit", "beschrankter", "haftung"),
    ("obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"),
    ("aktsionernoe", "obshchestvo"),
    ("co", "ltd"),
    ("co", "kg"),
    ("pvt", "ltd"),
    ("private", "limited"),
    ("public", "limited", "company"),
)
TITLES: Final = frozenset(
    _words(
        """
    mr mrs ms miss mx dr prof professor sir dame madam mme mlle herr frau sheikh shaikh shaykh sheik
    haji hajji hadji mullah mulla maulana maulvi mawlawi mufti colonel col general gen lieutenant lt
    ltcol major maj captain capt commander cmdr commandant brigadier admiral sergeant sgt marshal
    """
    )
)
# Words that carry little of a name: particles and articles ...
PARTICLES: Final = frozenset(
    _words(
        """
    al el ul bin ibn bint ben de del della der den di da das dos do du van von la le les y e of the
    and et und for
    """
    )
)
# ... and the words companies share.
GENERIC_WORDS: Final = frozenset(
    _words(
        """
    company companies trading trade traders group holding holdings international intl industries
    industrial industry services service systems system technologies technology tech solutions
    enterprises enterprise corporation global partners associates import export logistics investment
    investments general bank house management consulting development engineering electronics
    security network networks communications telecom manufacturing resources energy shipping
    national united agency center centre office institute organization organisation association
    foundation fund
    """
    )
)
WEIGHT_NORMAL: Final = 1.0
WEIGHT_GENERIC: Final = 0.5
WEIGHT_INITIAL: Final = 0.5
WEIGHT_PARTICLE: Final = 0.2


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name: ``text`` in Latin lower-case letters and digits, ``original`` the word as
    written ("" when the token was rebuilt from stored text), its ``script``, ``weight`` (how much
    of a name it is: 1 for a word, less for initials, particles and generic company words), and its
    ``key`` and ``skeleton`` (see the module's docstring)."""

    text: str
    original: str
    script: Script
    weight: float
    key: str
    skeleton: str

    @property
    def shown(self) -> str:
        """The word for people: as written, else the normalised text."""
        return self.original or self.text

    @property
    def significant(self) -> bool:
        return self.weight >= WEIGHT_NORMAL


@dataclass(frozen=True, slots=True)
class NormalisedName:
    """A name's tokens in order, and the legal forms and titles set aside (as written)."""

    tokens: tuple[Token, ...]
    ignored: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)

    @property
    def scripts(self) -> str:
        """One letter per token for its script (see ``SCRIPT_LETTERS``)."""
        return "".join(SCRIPT_LETTERS[t.script] for t in self.tokens)


# ---------------------------------------------------------------------------- keys

_KEY_STEPS: Final = (  # in this order: longer spellings first; upper case marks what is done
    ("shch", "S"),
    ("tsch", "C"),
    ("sch", "S"),
    ("sh", "S"),
    ("tch", "C"),
    ("ch", "C"),
    ("dzh", "J"),
    ("zh", "J"),
    ("dj", "J"),
    ("j", "J"),
    ("kh", "H"),
    ("ph", "F"),
    ("th", "T"),
    ("gh", "G"),
    ("h", "H"),
    ("f", "F"),
    ("v", "V"),
    ("w", "V"),
    ("tz", "Z"),
    ("ts", "Z"),
    ("t", "T"),
    ("z", "Z"),
    ("x", "KS"),
    ("ck", "K"),
    ("c", "K"),
    ("q", "K"),
    ("k", "K"),
    ("g", "G"),
)
_VOWELS: Final = frozenset("aeiouy")


@lru_cache(maxsize=200_000)
def spelling_key(text: str) -> str:
    """The spelling key of a normalised token (letters only; digits are kept as they are)."""
    if not text:
        return ""
    s = text[:-2] + "v" if text.endswith("ff") else text  # Ivanoff is Ivanov
    if len(s) > 2 and s[-1] == "h" and s[-2] in _VOWELS:
        s = s[:-1]  # Hamzah is Hamza
    for old, new in _KEY_STEPS:
        if old in s:
            s = s.replace(old, new)
    out: list[str] = []
    for i, ch in enumerate(s):
        if ch in _VOWELS:
            if i == 0:
                out.append("A")
            continue
        c = ch.upper()
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


_SKELETON_STEPS: Final = (
    ("shch", "S"),
    ("sch", "S"),
    ("sh", "S"),
    ("ch", "C"),
    ("kh", "H"),
    ("zh", "J"),
    ("dzh", "J"),
    ("dj", "J"),
    ("j", "J"),
    ("gh", "G"),
    ("th", "T"),
    ("dh", "D"),
    ("ph", "F"),
    ("q", "K"),
    ("c", "K"),
    ("x", "KS"),
)


@lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    """The consonants of a normalised token (w and y count as vowels), doubled ones once."""
    s = text
    for old, new in _SKELETON_STEPS:
        if old in s:
            s = s.replace(old, new)
    out: list[str] = []
    for ch in s:
        if ch in "aeiouyw":
            continue
        c = ch.upper()
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def weight_of(text: str, script: Script = "latin") -> float:
    if len(text) == 1 and text.isalpha():
        return WEIGHT_INITIAL
    if script == "arabic":
        return WEIGHT_NORMAL
    if text in PARTICLES:
        return WEIGHT_PARTICLE
    if text in GENERIC_WORDS:
        return WEIGHT_GENERIC
    return WEIGHT_NORMAL


def make_token(text: str, original: str = "", script: Script = "latin") -> Token:
    """A token from its normalised text (e.g. as stored in an index row)."""
    return Token(text, original, script, weight_of(text, script), spelling_key(text), skeleton(text))


# ---------------------------------------------------------------------------- normalising

_APOSTROPHE_IN_WORD: Final = re.compile(r"(?<=\w)['’‘`ʼʻ´](?=\w)")
_DOTTED: Final = re.compile(r"(?<!\w)(?:[^\W\d_]\.\s?){1,4}[^\W\d_]\.?(?!\w)")
_WORD: Final = re.compile(r"[^\W_]+")
_GREEK_STEPS: Final = (
    ("ου", "ou"),
    ("ού", "ou"),
    ("αυ", "av"),
    ("αύ", "av"),
    ("ευ", "ev"),
    ("εύ", "ev"),
)
_GREEK_START: Final = (("μπ", "b"), ("ντ", "d"), ("γκ", "g"))


def _script(word: str) -> Script:
    for ch in word:
        o = ord(ch)
        if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
            if ch.isalpha():
                return "latin"
        elif 0x370 <= o <= 0x3FF or 0x1F00 <= o <= 0x1FFF:
            return "greek"
        elif 0x400 <= o <= 0x52F:
            return "cyrillic"
        elif 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0x8A0 <= o <= 0x8FF or 0xFB50 <= o <= 0xFEFF:
            return "arabic"
        elif ch.isalpha():
            return "other"
    return "latin"


@lru_cache(maxsize=200_000)
def _latin(word: str, script: Script) -> str:
    if script == "greek":
        lowered = word.lower()
        for old, new in _GREEK_START:
            if lowered.startswith(old):
                lowered = new + lowered[len(old) :]
        for old, new in _GREEK_STEPS:
            lowered = lowered.replace(old, new)
        word = lowered
    ascii_text = anyascii(word) if not word.isascii() else word
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def _join_legal_abbreviation(match: re.Match[str]) -> str:
    letters = "".join(ch for ch in match.group() if ch.isalpha())
    joined = _latin(letters, _script(letters))
    if joined in LEGAL_FORMS or joined in EDGE_LEGAL_FORMS:
        return " " + letters + " "
    return match.group()


def normalise(text: str) -> NormalisedName:
    """The tokens of a name (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn" and ch != "\u0640")
    text = _APOSTROPHE_IN_WORD.sub("", text)
    if "." in text:
        text = _DOTTED.sub(_join_legal_abbreviation, text)
    words: list[tuple[str, str, Script]] = []  # (normalised, original, script)
    for match in _WORD.finditer(text):
        original = match.group()
        script = _script(original)
        latin = _latin(original, script)
        if latin:
            words.append((latin, original, script))
    kept, ignored = _set_aside(words)
    return NormalisedName(tuple(make_token(t, o, s) for t, o, s in kept), tuple(ignored))


def _set_aside(words: list[tuple[str, str, Script]]) -> tuple[list[tuple[str, str, Script]], list[str]]:
    """Split off legal forms and titles; keep everything when nothing else would be left."""
    texts = [w[0] if w[2] != "arabic" else "" for w in words]  # the Latin word lists are not for Arabic
    drop = [False] * len(words)
    for phrase in LEGAL_PHRASES:
        n = len(phrase)
        for i in range(len(texts) - n + 1):
            if tuple(texts[i : i + n]) == phrase:
                for j in range(i, i + n):
                    drop[j] = True
    for i, t in enumerate(texts):
        if t and (t in LEGAL_FORMS or t in TITLES):
            drop[i] = True
    # legal forms that are also words: only at either end (after what is dropped already)
    for order in (range(len(texts)), range(len(texts) - 1, -1, -1)):
        for i in order:
            if drop[i]:
                continue
            if texts[i] and texts[i] in EDGE_LEGAL_FORMS:
                drop[i] = True
                continue
            break
    if all(drop):
        return words, []
    kept = [w for w, d in zip(words, drop, strict=True) if not d]
    ignored = [w[1] for w, d in zip(words, drop, strict=True) if d]
    return kept, ignored
