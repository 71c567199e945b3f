"""Sanctions screening: reading the EU and UN list files, and finding a party on them however its
name is written, with the reasons in plain words. No Qt, no SQL: the store keeps what this gives.

Reading (``readers``; DESIGN.md section 6)::

    read_list(path) -> SanctionsList          # ListFileError: one line naming the file, nothing returned
    parse_list(data: bytes, source) -> SanctionsList
    read_list_data(path) -> bytes             # the file's bytes as read_list reads them (to hash them)

A ``SanctionsList`` (``model``) is ``list_id`` ("eu_fsf" or "un_sc"), ``version`` (the file's own
generation date), ``source_format`` and ``entries``: ``ListEntry(entry_id, kind, names, citizenships,
countries, country_names, birth_dates, programmes)`` with ``ListName(text, kind, first, middle, last,
language)`` (kind "name", "alias", "weak_alias" or "original_script") and ``BirthDate(text,
year_from, year_to, circa)``. All are frozen dataclasses of text and numbers with ``to_dict()`` and
``from_dict()``: a store can keep one row per entry (``list_id``, ``entry_id``, ``kind`` and the
JSON of ``to_dict()``) and give the same objects back.

Matching (``normalize``, ``matching``, ``index``)::

    index = ScreeningIndex.build(lists)       # normalises every name (about 1 s for 20,000 names)
    rows = index.rows()                       # list[IndexRow]: one plain row per searchable form
    index = ScreeningIndex.load(lists, rows)  # the same index without normalising; StaleIndexError
                                              # when a row is of another NORMALISER_VERSION or fits
                                              # no entry: build again then (and store the new rows)
    hits = index.screen(name, country=None, birth_year=None, threshold=None, limit=None, prefer=None)
    hit.to_json()                             # {"list", "entry", "name", "kind", "score", "why"}

``screen`` gives one ``Hit(list_id, entry_id, name, kind, score, why, name_score)`` per entry whose
names match at or above the threshold (``DEFAULT_THRESHOLD`` unless given), best first. ``name`` is
the list name that matched best (of names that match equally well, the one ``prefer`` names for
the entry, else the first on the list: never one that depends on the order of comparing), ``score``
is rounded to two decimals and that rounded value is what
is compared with the threshold, ``why`` is the reasons ("both name parts match; 'Zhuravlev' ~
'ZHURAVLYOV' (spelling); the list name also has 'Petrovich'; citizenship differs (listed: XS)").
``country`` is compared with the entry's citizenships and address countries (+0.03 when listed,
-0.05 when the entry names others), ``birth_year`` with a person's birth dates (+0.03 / -0.08, a year
either side when the list says "circa"); a weak alias costs 0.05. Neither country nor birth year can
take a name match of 0.9 or more (``index.STRONG_NAME``) below the threshold.

How the names are compared is in ``normalize`` (transliteration with anyascii, legal forms and
titles set aside, spelling keys, consonant skeletons for Arabic script) and ``matching`` (token
alignment in any order, typos, initials, words written together, coverage of both names); how a
query avoids comparing against every name is in ``index`` (blocking by tokens, spelling keys,
skeletons and word beginnings and ends; only the 64 best-sharing forms are compared).

The default threshold, 0.8, by measurement (tests/bench/bench_screening.py: the sample files plus
20,000 synthetic names in six naming traditions and four scripts; 3,278 variant queries from a
generator that knows nothing of the matcher, and 1,500 decoys that are on no list)::

    threshold   recall   false positives on decoys
      0.70      0.965        6.8 %
      0.75      0.963        3.1 %
      0.80      0.959        1.6 %
      0.85      0.947        1.3 %
      0.90      0.932        0.8 %

Below 0.8 false positives double with every 0.05 for less than half a point of recall; above it
recall falls by more than a point per 0.05 (a dropped middle name together with a spelling variant,
an initial with a typo) for a few tenths of a point fewer false positives. 0.8 is the lowest
threshold that keeps false positives under the issue's 2 %. What 0.8 still lets through is mostly
names one letter or one spelling away from a listed name (Schmitt and Schmidt, Baker and Becker):
hits a screener should see. What it misses is mostly romanisations far from the list's (German or
scholarly transliteration of Russian, Wade-Giles for pinyin) and short Arabic names written in
Arabic script against a list that has only a Latin spelling. In the same run the brute-force
baseline (rapidfuzz ``process.extract`` with ``token_sort_ratio`` over every name) reaches recall
0.65 at its best threshold (90, 0.9 % false positives) and takes three times as long per query
(4.0 ms against 1.3 ms median).
"""

from core.screening.index import DEFAULT_THRESHOLD, Hit, IndexRow, ScreeningIndex, StaleIndexError
from core.screening.model import BirthDate, ListEntry, ListName, SanctionsList
from core.screening.normalize import NORMALISER_VERSION
from core.screening.readers import LIST_FILE_LIMIT, ListFileError, parse_list, read_list, read_list_data

__all__ = [
    "DEFAULT_THRESHOLD",
    "LIST_FILE_LIMIT",
    "NORMALISER_VERSION",
    "BirthDate",
    "Hit",
    "IndexRow",
    "ListEntry",
    "ListFileError",
    "ListName",
    "SanctionsList",
    "ScreeningIndex",
    "StaleIndexError",
    "parse_list",
    "read_list",
    "read_list_data",
]
