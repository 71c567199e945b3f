"""The Dutch content (resources/content/nl/, issue 16): every text of every content file in Dutch, and
nothing but texts.

- The overlay loads with the loader's own checks (exactly the ids and texts of the English files), for
  every content file: a file left out would silently be English.
- Every text has a Dutch text that is not the English one, apart from a short, reasoned list.
- What must not change in a translation does not: placeholders, numbers and Annex I codes; the official
  quotations are the English ones (each “…” in a Dutch text is a quotation of the English content, which
  tests/test_content_sources.py finds in its source); no English words are left outside quotations and
  names.
- The statements the English content is checked for (tests/test_content_sources.py) are made in Dutch
  too: the caution list whole, no invented waiting period, the national reading and Article 5(3), what
  the corpus does not settle.
- The Dutch letter to the CDIU and the Dutch report carry the Dutch texts, with the quotations in
  English and the line saying so.
"""

from __future__ import annotations

import io
import re
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from core import i18n
from core.content import (
    _IDENTITY,
    CONTENT_FILES,
    OVERLAY_TEXTS,
    Content,
    _entry_has_text,
    _has_text,
    default_content,
    default_directory,
    load_content,
)

NL = default_directory() / "nl"


def _texts(
    data: dict[str, Any], spec: dict[str, tuple[str, ...]], path: str = "", where: str = ""
) -> Iterator[tuple[str, Any]]:
    """Every text of a content file (by OVERLAY_TEXTS), with its place: ``question[covert].label``."""
    for key, value in data.items():
        sub = f"{path}.{key}" if path else key
        place = f"{where}.{key}" if where else key
        if not _has_text(spec, path, key, value):
            continue
        if isinstance(value, dict):
            yield from _texts(value, spec, sub, place)
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            ident = _IDENTITY.get(sub, "id")
            for v in value:
                if _entry_has_text(spec, sub, v):
                    yield from _texts(v, spec, sub, f"{place}[{v[ident]}]")
        else:
            yield place, tuple(value) if isinstance(value, list) else value


def _file_texts(folder: Any, name: str) -> dict[str, Any]:
    return dict(_texts(tomllib.loads((folder / name).read_text("utf-8")), OVERLAY_TEXTS[name]))


def _pairs() -> list[tuple[str, str, Any, Any]]:
    """(file, place, English, Dutch) for every text of every content file."""
    out = []
    for name in CONTENT_FILES:
        english, dutch = _file_texts(default_directory(), name), _file_texts(NL, name)
        assert list(english) == list(dutch), name  # the same texts, in the same order
        out += [(name, place, english[place], dutch[place]) for place in english]
    return out


def _strings(value: Any) -> list[str]:
    return list(value) if isinstance(value, tuple) else [value]


@pytest.fixture(scope="module")
def dutch() -> Content:
    return default_content("nl")


# ---------------------------------------------------------------- the overlay is complete


def test_every_content_file_has_its_dutch_overlay_and_it_loads():
    assert sorted(p.name for p in NL.glob("*.toml")) == sorted(CONTENT_FILES)
    loaded = load_content(default_directory(), "nl")
    english = load_content(default_directory())
    assert [q.id for q in loaded.questions] == [q.id for q in english.questions]
    assert loaded.question("covert").label != english.question("covert").label


# Texts that are the same in Dutch, each with the reason.
SAME_IN_DUTCH = {
    ("authorities.toml", "authority[NL].short_name"): "CDIU, the authority's abbreviation in both languages",
    ("questions.toml", "step[due_diligence].title"): "Dutch export-control practice, and the framework, say "
    "due diligence (the intro gives 'gepaste zorgvuldigheid' once)",
}


def test_every_text_has_a_dutch_text_that_is_not_the_english_one():
    same = [(name, place) for name, place, en, nl in _pairs() if en == nl]
    assert sorted(same) == sorted(SAME_IN_DUTCH)
    for name, place, en, nl in _pairs():
        assert all(s.strip() for s in _strings(nl)), (name, place)  # no empty text
        if isinstance(en, str):
            assert en.count("\n\n") == nl.count("\n\n"), (name, place)  # the same paragraphs


# ---------------------------------------------------------------- what a translation keeps


def test_the_placeholders_are_kept():
    for name, place, en, nl in _pairs():
        for e, n in zip(_strings(en), _strings(nl), strict=False):
            assert sorted(re.findall(r"{[^{}]*}", e)) == sorted(re.findall(r"{[^{}]*}", n)), (name, place)


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def test_numbers_and_codes_are_kept():
    """Article numbers, Annex I codes, authorisations (EU001), dates and periods: the same numbers in
    Dutch (Article 5(2) is "artikel 5, lid 2": the same 5 and 2)."""
    for name, place, en, nl in _pairs():
        e, n = " ".join(_strings(en)), " ".join(_strings(nl))
        assert _numbers(e) == _numbers(n), (name, place)
        assert set(re.findall(r"EU\d{3}", e)) == set(re.findall(r"EU\d{3}", n)), (name, place)


def _quotations(text: str) -> list[str]:
    return re.findall(r"“([^”]*)”", text)


def test_the_quotations_are_the_official_english_ones():
    """A Dutch text quotes (“…”) only what the English content quotes, word for word, so that every
    quotation is checked against its source (tests/test_content_sources.py). What the English quotes
    from the Dutch framework's English edition is said in Dutch instead, without quotation marks."""
    english = {q for _, _, en, _ in _pairs() for s in _strings(en) for q in _quotations(s)}
    quoted = [
        (name, place, q) for name, place, _, nl in _pairs() for s in _strings(nl) for q in _quotations(s)
    ]
    assert quoted, "the official quotations are given in English"
    for name, place, q in quoted:
        assert q in english, (name, place, q)
    framework_only = ["should not be passive in form", "responsible for issuing export authorisations"]
    assert not [q for _, _, q in quoted if any(f in q for f in framework_only)]


# English that stays English in a Dutch text: names, titles and technical terms Dutch practice uses as
# they are. Everything else outside a quotation must be Dutch.
ENGLISH_KEPT = (
    "Export controls for cyber-surveillance items: A focus on protecting human rights",  # the title we hold
    "UN Guiding Principles on Business and Human Rights",  # beside the Dutch name, as Dutch texts give it
    "software as a service",
    "quality of service",
    "lawful interception",
    "deep packet inspection",
    "command and control",
    "carrier class",
)
ENGLISH_WORDS = re.compile(
    r"\b(the|and|with|which|should|must|your|you|for|this|that|from|are|not|by|item|items|"
    r"export|exports|authority|notification|end user|end use)\b",
    re.IGNORECASE,
)


def test_no_english_is_left_outside_quotations_and_names():
    for name, place, _, nl in _pairs():
        for text in _strings(nl):
            rest = re.sub(r"“[^”]*”", "", text)
            for kept in ENGLISH_KEPT:
                rest = rest.replace(kept, "")
            found = ENGLISH_WORDS.findall(rest)
            assert not found, (name, place, found)


# ---------------------------------------------------------------- the statements, in Dutch too

# The bodies of the framework's caution list, as the Dutch texts name them (tests/test_content_sources.py
# CAUTION, in English).
CAUTION = (
    "politiediensten",
    "terrorisme",
    "cybercriminaliteit",
    "drugscriminaliteit",
    "inlichtingen- en veiligheidsdiensten",
    "ministerie van defensie",
    "onderzoeksinstituten",
    "universiteiten",
    "grensbewaking",
    "kustwacht",
    "nauwe banden",
)


def test_the_caution_list_is_given_whole_in_every_dutch_text_that_gives_it(dutch):
    section = next(s for s in dutch.sections if s.id == "end_user")
    flag = dutch.red_flag("government_or_close_ties")
    assert flag is not None
    texts = {
        "red flag": flag.text,
        "warning": dutch.warnings["government_end_user"].text,
        "question": dutch.question("dd_end_user_government_ties").guidance,
        "section": section.intro,
        "parties guidance": dutch.parties_guidance,
    }
    for where, text in texts.items():
        assert [body for body in CAUTION if body not in text.lower()] == [], where
        assert "buitenlandse" in text.lower(), where


def test_the_parties_guidance_names_the_dutch_sector_labels(dutch):
    for sector in ("police", "other_government", "defence_research", "counter_terrorism"):
        assert dutch.sector_labels[sector] in dutch.parties_guidance, sector


def test_after_notifying_no_waiting_period_is_invented_in_dutch(dutch):
    assert "geen termijn" in dutch.step("legitimacy").intro
    for oid in ("notify_legitimate", "notify_no_legitimate_purpose"):
        explanation = dutch.outcomes[oid].explanation
        assert "geen termijn" in explanation and "beslist" in explanation, oid
        assert "2019/1318" in explanation and "secundaire bronnen" in explanation, oid


def test_the_national_reading_and_article_5_3_in_dutch(dutch):
    authority = dutch.authority("NL")
    assert authority is not None and authority.notes
    assert "artikel 5, lid 3" in authority.notes and "januari 2025" in authority.notes
    assert "januari 2025" in dutch.outcomes["no_sensitive_end_use"].explanation
    intro = dutch.step("definition").intro
    assert "speciaal ontworpen" in intro and "voetnoot 7" in intro and "overweging 8" in intro
    # what the corpus does not settle is marked so
    assert dutch.question("dd_item_delivery").guidance.count("niet geverifieerd") >= 2


def test_the_dutch_country_names_are_the_programs(dutch):
    """EU001's destinations named as the program names countries in Dutch (Babel's CLDR names)."""
    from babel import Locale

    names = Locale("nl").territories
    gea = next(g for g in dutch.geas if g.id == "EU001")
    for code in gea.destinations:
        assert names[code] in gea.title, code
        assert names[code] in dutch.outcomes["annex_i_listed"].explanation, code


def test_the_sources_are_named_in_dutch(dutch):
    assert dutch.cite("art:5.2").title == "Artikel 5, lid 2, van Verordening (EU) 2021/821: " + next(
        a.title for a in dutch.articles if a.id == "5.2"
    )
    assert dutch.cite("annex:4A005").title.startswith("Bijlage I, 4A005: Systemen")
    assert dutch.cite("term:intrusion_software").title == "Bijlage I, definitie van ‘Intrusion software’"
    assert dutch.cite("gea:EU001").title.startswith(
        "Bijlage II, algemene uitvoervergunning van de Unie EU001"
    )


def test_the_quotations_line_points_to_the_dutch_version(dutch):
    assert "Nederlandse taalversie" in dutch.quotations and "even authentiek" in dutch.quotations
    assert "EUR-Lex" in dutch.quotations and "02021R0821-20251115" in dutch.quotations
    english = default_content("en")
    # the quotations themselves are the English ones
    assert [a.text for a in dutch.articles] == [a.text for a in english.articles]
    assert [e.text for e in dutch.annex_entries] == [e.text for e in english.annex_entries]


# ---------------------------------------------------------------- the letter and the report


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", "", text)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_dutch_letter_to_the_cdiu_carries_the_dutch_wording(dutch):
    from core.dossier import dossier_from_json
    from core.report import report_input
    from core.report.drafts import render_draft
    from tests.conftest import complete_example as example

    with i18n.language("nl"):
        data = report_input(dossier_from_json(example()))
        assert data.assessment.outcome == "notify_legitimate"
        pdf = render_draft(data, invariant=True)
    assert pdf is not None
    text = _pdf_text(pdf)
    wording = dutch.drafts["notification"]
    for words in (wording.subject, wording.opening, wording.closing, wording.title):
        assert _squash(words) in text, words
    for section in wording.sections:
        assert _squash(section.title) in text, section.id
    assert _squash("Centrale Dienst voor In- en Uitvoer (CDIU)") in text
    # a Dutch letter to a Dutch address names no country
    assert _squash("Douane Postbus 3070 6401 DN Heerlen") in text
    assert _squash("6401 DN Heerlen Netherlands") not in text
    assert _squash(dutch.question("legitimate_purpose").label) in text


def test_the_dutch_report_quotes_the_regulation_in_english_and_says_so(dutch):
    from core.dossier import dossier_from_json
    from core.report import report_input
    from core.report.dossier_report import render_report
    from tests.conftest import complete_example as example

    with i18n.language("nl"):
        text = _pdf_text(render_report(report_input(dossier_from_json(example())), invariant=True))
    assert _squash(dutch.quotations) in text
    article = next(a for a in dutch.articles if a.id == "5.2")
    assert article.text and _squash(article.text) in text  # the official English text
    assert _squash(article.citation) in text  # named the Dutch way
    assert _squash(dutch.outcomes["notify_legitimate"].title) in text
