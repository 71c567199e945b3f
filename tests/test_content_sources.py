"""The content's legal statements against the sources we hold (issue 12, content corrections).

- The Union general export authorisations (geas.toml): which entries of step 1 each covers or expressly
  excludes, and EU001's destinations, derived again from Annex II in the corpus; the texts that speak of
  them name them all.
- Every quotation the content marks with curly double quotes (“…”) is found, word for word, in the corpus
  (official) or in the Dutch policy framework (secondary); the quotations the corrections call for are
  where they must be.
- The corrections that are statements rather than quotations: the caution list in every text that gives
  it, Recital 8 as a presumption, the guidelines and standards cited where they belong, no invented
  waiting period.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import pytest

from core import countries
from core.content import CONTENT_FILES, Content, default_directory
from tests.conftest import ANNEX_JSON, SHARED

FRAMEWORK = SHARED / "reference" / "000_1cf8a01dffaa4b7c.txt"


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    if not ANNEX_JSON.exists():
        pytest.skip(f"the corpus is not at {ANNEX_JSON} (shared/ beside the checkout)")
    data: dict[str, Any] = json.loads(ANNEX_JSON.read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def framework() -> str:
    """The framework's text as a quotation of it reads: without its markdown emphasis (``*``), its
    superscript footnote markers and its editorial "[italics added]" (which marks the emphasis it adds
    to a quotation)."""
    if not FRAMEWORK.exists():
        pytest.skip(f"the framework is not at {FRAMEWORK}")
    text = FRAMEWORK.read_text("utf-8").replace(" [italics added]", "")
    return _norm(re.sub(r"[*⁰¹²³⁴⁵⁶⁷⁸⁹]", "", text))


# ---------------------------------------------------------------- Union general export authorisations

_CODE = re.compile(r"\b\d[A-E]\d{3}(?:\.[a-z0-9]+)*\.?")


def _codes(text: str) -> set[str]:
    """The Annex I codes named in a text, without their final full stop ("5A001.b.5." -> "5A001.b.5")."""
    return {c.rstrip(".") for c in _CODE.findall(text)}


def _related(a: str, b: str) -> bool:
    """One code is the other, or an entry inside it (5D001.a is inside 5D001)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


_PARTS = {1: "Items", 2: "Destinations", 3: "Conditions"}


def _part(text: str, n: int) -> str:
    """Part ``n`` of a general authorisation, from its heading to the next ("Part 2" alone also occurs
    inside a Part 1: "Category 5, Part 2")."""
    start, end = (re.search(rf"Part {i}\s*[—–-]\s*{_PARTS[i]}", text) for i in (n, n + 1))
    assert start and end, n
    return text[start.start() : end.start()]


def test_section_i_of_annex_ii_names_none_of_the_entries_shown(corpus, content):
    """Section I (the corpus's ``gea_common_list``), which EU001, EU003, EU004 and EU007 leave out,
    names no entry shown in step 1 (it also leaves out Annex IV, which the corpus does not hold: the
    content says so)."""
    named = _codes(corpus["gea_common_list"])
    assert named  # the list is read
    ours = [e.code for e in content.annex_entries]
    assert [(c, n) for c in ours for n in named if _related(c, n)] == []
    assert "Annex IV" in corpus["gea_common_list"]


def test_each_general_authorisation_covers_and_excludes_what_annex_ii_says(corpus, content):
    assert [g.id for g in content.geas] == [g["id"] for g in corpus["geas"]]
    ours = {e.code: e for e in content.annex_entries}
    for gea, source in zip(content.geas, corpus["geas"], strict=True):
        part1 = _part(source["verbatim_text"], 1)
        named = _codes(part1)
        touched = {c for c in ours if any(_related(c, n) for n in named)}
        if "covers all dual-use items specified in any entry in Annex I" in part1:
            # everything but Section I, whole Sections (D, E) of each category, and the codes listed
            sections: set[str] = set()
            for m in re.finditer(r"Sections? ([A-E])(?: and ([A-E]))? of each [Cc]ategory", part1):
                sections |= {s for s in m.groups() if s}
            assert set(gea.excludes) == touched, gea.id
            assert set(gea.covers) == {c for c in ours if c[1] not in sections} - touched, gea.id
            if "does not include software" in part1:  # EU004: software needed for the demonstration
                assert "demonstration" in gea.summary, gea.id
        elif "covers all technology and software specified in Annex I" in part1:
            # EU007: the software and technology related to the codes it names are excluded; for the
            # rest "related to" is not settled, so the content claims no coverage and says why
            assert set(gea.excludes) == touched and gea.covers == (), gea.id
            assert "related to" in gea.summary, gea.id
        else:
            # a closed list: only what it names can be covered, and what it names of ours but the
            # content does not count as covered is explained in the summary
            assert gea.excludes == () and set(gea.covers) <= touched, gea.id
            for n in named:
                if {c for c in ours if _related(c, n)} - set(gea.covers):
                    assert n in gea.summary, (gea.id, n)
        assert not set(gea.covers) & set(gea.excludes)


def test_eu001_destinations_are_those_of_annex_ii(corpus, content):
    eu001 = next(g for g in content.geas if g.id == "EU001")
    part2 = _part(next(g for g in corpus["geas"] if g["id"] == "EU001")["verbatim_text"], 2)
    while re.search(r"\([^()]*\)", part2):  # leave out the parentheses (the Northern Ireland proviso)
        part2 = re.sub(r"\([^()]*\)", "", part2)
    named = {code for code, name in countries.all_countries() if re.search(rf"\b{re.escape(name)}\b", part2)}
    assert set(eu001.destinations) == named
    assert len(eu001.destinations) == 10  # nine destinations, Liechtenstein with Switzerland
    for gea in content.geas:
        assert all(countries.is_code(c) for c in gea.destinations)


def test_the_listed_item_texts_name_every_general_authorisation(content):
    """The listed-item outcome and the step 1 guidance say which authorisations cover the entries
    shown, for which destinations, and which do not (from geas.toml)."""
    outcome = content.outcomes["annex_i_listed"]
    guidance = content.question("annex_i_listed").guidance
    for gea in content.geas:
        assert gea.id in outcome.explanation and gea.id in guidance, gea.id
        for code in gea.destinations:
            assert countries.name(code) in outcome.explanation, code
        if gea.covers and len(gea.covers) < len(content.annex_entries):
            for code in gea.covers:
                assert code in outcome.explanation, (gea.id, code)
        for code in gea.excludes:
            assert code in outcome.explanation, (gea.id, code)
    assert "Annex IV" in outcome.explanation  # the caveat of Section I
    cited = set(outcome.cites)
    assert {"art:2.12", "art:2.13", "art:2.15"} <= cited
    assert {f"gea:{g.id}" for g in content.geas if g.covers or g.excludes} <= cited
    assert content.cite("gea:EU001").kind == "gea" and "EU001" in content.cite("gea:EU001").title


# ---------------------------------------------------------------- quotations


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _marked_quotations() -> list[tuple[str, str]]:
    out = []
    for name in CONTENT_FILES:
        data = tomllib.loads((default_directory() / name).read_text("utf-8"))
        for text in _strings(data):
            out += [(name, q) for q in re.findall(r"“([^”]*)”", text)]
    return out


def test_every_marked_quotation_is_found_word_for_word_in_a_source(corpus, framework):
    official = _norm(
        " ".join(
            [
                *(d["verbatim_text"] for d in corpus["docs"]),
                *(e["verbatim_text"] for e in corpus["entries"]),
                *(g["verbatim_text"] for g in corpus["geas"]),
                corpus["gea_common_list"],
            ]
        )
    )
    quotations = _marked_quotations()
    assert {q for _, q in quotations} >= {q for _, _, q in REQUIRED_QUOTATIONS}
    for name, quotation in quotations:
        assert _norm(quotation) in official or _norm(quotation) in framework, (name, quotation)


INTERNAL_REPRESSION = (
    "Internal repression includes, inter alia, torture and other cruel, inhuman and degrading treatment "
    "or punishment, summary or arbitrary executions, disappearances, arbitrary detentions and other major "
    "violations of human rights and fundamental freedoms as set out in relevant international human "
    "rights instruments, including the Universal Declaration on Human Rights and the International "
    "Covenant on Civil and Political Rights."
)
RECITAL_8 = (
    "Items used for purely commercial applications such as billing, marketing, quality services, user "
    "satisfaction or network security are generally considered not to entail such risks."
)


def _aware(c: Content) -> str:
    option = c.kinds["end_use_scale"].options
    return next(o.guidance for o in option if o.id == "aware")


def _nl_notes(c: Content) -> str:
    authority = c.authority("NL")
    assert authority is not None and authority.notes
    return authority.notes


REQUIRED_QUOTATIONS = [
    # the internal-repression definition in full, as the framework quotes Common Position 2008/944/CFSP
    ("internal repression", lambda c: c.question("internal_repression").guidance, INTERNAL_REPRESSION),
    # Recital 8, as the framework quotes it ("quality services", the framework's word)
    ("recital 8", lambda c: c.question("purely_commercial").guidance, RECITAL_8),
    # awareness is not passive
    (
        "aware",
        _aware,
        "should not be passive in form: it requires the exporter to take steps to ensure they have "
        "sufficient knowledge that can be used to assess the risks associated with the export",
    ),
    # the CDIU and the Ministry of Foreign Affairs
    (
        "cdiu",
        _nl_notes,
        "responsible for issuing export authorisations under the policy supervision of the Ministry of "
        "Foreign Affairs (MFA)",
    ),
    (
        "mfa",
        _nl_notes,
        "Certain applications (often those of a sensitive nature) are forwarded to the Ministry of Foreign "
        "Affairs for a decision.",
    ),
]


@pytest.mark.parametrize(
    ("case", "where", "quotation"), REQUIRED_QUOTATIONS, ids=[q[0] for q in REQUIRED_QUOTATIONS]
)
def test_the_corrections_quote_the_framework_where_they_must(content, framework, case, where, quotation):
    assert f"“{quotation}”" in where(content)
    assert _norm(quotation) in framework


def test_recital_8_is_a_presumption_not_an_element_of_the_definition(content):
    question = content.question("purely_commercial")
    assert "art:2.20" not in question.cites and "guide:recital_8" in question.cites
    assert "Recital 8" in question.guidance and "presum" in question.guidance
    # the step 2 intro no longer counts it among the elements of Article 2(20)
    intro = content.step("definition").intro
    assert "Recital 8" in intro and "presum" in intro
    assert "quality of service" not in question.text  # the framework's quotation has "quality services"
    reason = content.reasons["definition_not_met"]
    assert "Recital 8" in reason


# ---------------------------------------------------------------- the caution list

# The bodies of the framework's caution list (line 351), each as the texts must name it.
CAUTION = (
    "police",
    "terrorism",
    "cybercrime",
    "drug crime",
    "intelligence and security services",
    "ministry of defence",
    "research institutes",
    "universities",
    "border security",
    "coastguard",
    "close ties",
)


def _caution_texts(c: Content) -> dict[str, str]:
    section = next(s for s in c.sections if s.id == "end_user")
    flag = c.red_flag("government_or_close_ties")
    assert flag is not None
    return {
        "red flag government_or_close_ties": flag.text,
        "warning government_end_user": c.warnings["government_end_user"].text,
        "question dd_end_user_government_ties": c.question("dd_end_user_government_ties").guidance,
        "section end_user": section.intro,
        "parties guidance": c.parties_guidance,
    }


def test_the_caution_list_is_given_whole_in_every_text_that_gives_it(content):
    for where, text in _caution_texts(content).items():
        missing = [body for body in CAUTION if body not in text.lower()]
        assert missing == [], where
        assert "foreign" in text.lower(), where


def test_the_parties_guidance_maps_the_bodies_to_the_sectors(content):
    """The sector codes stay as they are: the guidance says which code the bodies the codes do not
    name take (cybercrime and drug-crime agencies, defence-affiliated universities)."""
    guidance = content.parties_guidance
    for sector in ("police", "other_government", "defence_research"):
        assert content.sector_labels[sector] in guidance, sector


# ---------------------------------------------------------------- the other corrections


def test_the_eu_guidelines_are_cited_where_article_5_2_is(content):
    for item in (*content.steps, *content.outcomes.values()):
        if "art:5.2" in item.cites:
            assert "guide:rec_2024_2659" in item.cites, item.id
    guide = next(g for g in content.guides if g.id == "rec_2024_2659")
    # the number is from our reference notes, not from the Regulation or the framework: said so
    assert "reference notes" in guide.summary and "do not hold its text" in guide.summary


def test_the_due_diligence_step_names_the_oecd_guidelines_and_the_un_guiding_principles(content, framework):
    step = content.step("due_diligence")
    assert {"guide:oecd_guidelines", "guide:ungp"} <= set(step.cites)
    for gid in ("oecd_guidelines", "ungp"):
        guide = next(g for g in content.guides if g.id == gid)
        assert guide.title in framework, gid  # named as the framework names it
        assert guide.title in step.intro, gid


def test_electronic_delivery_and_services_are_explained_as_far_as_the_corpus_goes(content):
    question = content.question("dd_item_delivery")
    assert {"art:2.2", "art:2.3", "art:2.9"} <= set(question.cites)
    assert question.section == "item"
    assert {"electronic", "remote_updates", "hosted_access", "remote_services"} <= set(question.values)
    # what the corpus does not settle is marked so
    assert question.guidance.count("unverified") >= 2
    assert "dd_item_delivery" in [r.question for s in content.drafts["notification"].sections for r in s.rows]


def test_article_5_3_and_the_national_reading(content):
    notes = _nl_notes(content)
    assert "Article 5(3)" in notes and "January 2025" in notes
    authority = content.authority("NL")
    assert authority is not None and "art:5.3" in authority.cites
    assert "art:5.3" in content.outcomes["no_sensitive_end_use"].cites
    assert "January 2025" in content.outcomes["no_sensitive_end_use"].explanation
    # footnote 7 supports a national reading of "specially designed" only
    assert "specially designed" in content.step("definition").intro


def test_after_notifying_no_waiting_period_is_invented(content):
    texts = [content.step("legitimacy").intro]
    for oid in ("notify_legitimate", "notify_no_legitimate_purpose", "art4_notify"):
        outcome = content.outcomes[oid]
        texts.append(outcome.explanation)
        assert "guide:rec_2019_1318" in outcome.cites, oid
        assert "no period" in outcome.explanation, oid
        assert "decides whether" in outcome.explanation, oid
    for text in texts:
        assert not re.search(r"\d+\s+(working\s+)?(days|weeks|months)", text), text


# ---------------------------------------------------------------- version 2 of the assessment


def test_the_article_4_questions_cover_all_three_uses_and_say_doubt_is_by_analogy(content):
    informed, aware, step = (
        content.question("art4_informed"),
        content.question("art4_aware"),
        content.step("art4"),
    )
    for text in (informed.text, step.intro):
        assert all(f"({point})" in text for point in "abc"), text
        assert "weapons" in text and "military end-use" in text and "arms embargo" in text
        assert "parts or components" in text
    assert "art:4.1" in informed.cites and "art:4.2" in aware.cites and "art:4.3" in aware.cites
    # Article 4(2) is not Article 5(2): no due diligence findings, no guidelines; Art. 4(3) not known
    assert (
        "does not speak of 'due diligence findings'" in aware.guidance and "no guidelines" in aware.guidance
    )
    assert "no information on any member state's legislation under Article 4(3)" in aware.guidance
    # doubt about Article 4: the framework's advice for Article 5, by analogy, said where the user meets it
    for text in (aware.guidance, step.intro, content.outcomes["classification_request"].explanation):
        assert "by analogy" in text, text
    assert "guide:nl_framework" in step.cites and "guide:nl_framework" in aware.cites


def test_the_article_4_outcomes_say_what_the_articles_say(content):
    informed, notify = content.outcomes["art4_authority_informed"], content.outcomes["art4_notify"]
    assert informed.cites == ("art:4.1",) and "authorisation is required" in informed.explanation
    assert notify.cites[0] == "art:4.2" and "decides whether" in notify.explanation
    # no draft of its own: DESIGN.md section 5 names only the notification and the classification annex,
    # and the notification is written for Article 5(2); the outcome says so
    assert content.draft_for("art4_notify") is None and content.draft_for("art4_authority_informed") is None
    assert "makes no draft" in notify.explanation


def test_not_an_export_keeps_to_article_2_2(content):
    outcome = content.outcomes["not_an_export"]
    assert "art:2.2" in outcome.cites
    text = outcome.explanation
    assert "Article 2(2)(d)" in text and "electronic" in text and "persons outside" in text
    assert "re-export" in text and "separate question" in text
    assert "Annex IV" in text and "not in this workbook's corpus" in text
    assert "Article 5 does not apply" in text


def test_restricted_party_is_the_contract_text_alone_and_uncited(content):
    outcome = content.outcomes["restricted_party"]
    assert outcome.cites == ()
    assert outcome.explanation == (
        "You confirmed a party as an entry of a sanctions list: stop. For EU and UN lists, making funds or "
        "economic resources available to a listed person is generally prohibited; get legal advice before "
        "any step. Screening names does not cover ownership or control."
    )


def test_the_other_member_state_warning_keeps_to_footnote_7_and_article_5_3(content, framework):
    warning = content.warnings["other_member_state"]
    assert {"guide:nl_framework", "art:5.3"} <= set(warning.cites)
    footnote = (
        "The interpretation of the qualification ‘specially designed’ is a national discretionary competence."
    )
    assert f"“{footnote}”" in warning.text and _norm(footnote) in framework
    assert "Article 5(3)" in warning.text and "competent authority" in warning.text


# Places the references do not name (research memo, section 7): the warning must not name them either.
UNNAMED_PLACES = (
    "Canary",
    "Ceuta",
    "Melilla",
    "Heligoland",
    "Büsingen",
    "Livigno",
    "Campione",
    "Cyprus",
    "Monaco",
    "overseas",
    "Spain",
    "Germany",
    "Italy",
    "France",
)


def test_the_customs_territory_warning_says_the_contracts_sentence_and_names_no_place(content):
    warning = content.warnings["customs_territory"]
    assert "or the reverse" in warning.text and "check the exact place" in warning.text
    assert [p for p in UNNAMED_PLACES if p.lower() in warning.text.lower()] == []
    assert warning.cites == ("art:2.17",)
