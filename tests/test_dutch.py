"""Nederlands (issue 16): every text of the program translated, argparse's words too, dates and
numbers as Dutch readers write them, and the Dutch report and letter read back from the PDF."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gettext
import io
import json
import shutil
from typing import Any

import pytest
from pypdf import PdfReader

from core import i18n
from core.cli import main
from core.dossier import dossier_from_json
from core.i18n import _, catalogues, formats
from core.report import report_input
from core.report.dossier_report import render_report
from core.report.drafts import render_draft
from core.report.record import read_record
from core.store import Workbook
from tests.conftest import complete_example, dossier_dict

# Texts whose Dutch is the English text itself (the check below allows no other), each with why.
# Texts without words (placeholders and punctuation only) need no entry.
SAME_IN_DUTCH = {
    "Dossier:": "the same word in Dutch",
    "Dossiers": "the same word in Dutch",
    "D&ossier": "the same word in Dutch (the Dossier menu)",
    "Dossier: {title}": "the same words in Dutch",
    "ddworkbook: {workbook}": "the program's name",
    "{count} dossier": "the same words in Dutch (plural: {count} dossiers)",
    "{count} dossier, {head}, {size} MB": "the same words in Dutch (plural: dossiers)",
    "Status": "the same word in Dutch",
    "STATUS": "the same word in Dutch (a column heading of the command line)",
    "Sector": "the same word in Dutch",
    "Software": "the same word in Dutch",
    "Hardware": "the same word in Dutch",
    "software": "the same word in Dutch",
    "hardware": "the same word in Dutch",
    "Bytes": "the same word in Dutch",
    "{size} bytes": "the same word in Dutch",
    "{size} byte": "the same word in Dutch (plural: bytes)",
    "{size} MB": "a unit",
    "KB": "a unit",
    "MB": "a unit",
    "GB": "a unit",
    "ID": "a code (a column heading of the command line)",
    "Id": "a code (a column heading of the report's evidence index)",
    "SHA-256": "the name of the hash function",
    "{file}  ·  {size}  ·  SHA-256 {digest}…": "the name of the hash function",
    "{id}  {file}  {size} bytes  sha256 {sha256}": "the same word in Dutch, and the hash function's name",
    "{where}evidence[{i}].path: {err}": "the names of the dossier format's fields",
    "{error} (--accept-holds REASON)": "an option of the command line and its argument",
    "Screening": "the same word in Dutch export-control practice",
    "sector": "the same word in Dutch",
    "status": "the same word in Dutch",
    "open": "the same word in Dutch (a screening hit not yet decided)",
    "{file} ({size} byte)": "the same words in Dutch (plural: bytes)",
    "{hit}, score {score}, {disposition}": "the same word in Dutch (a screening hit's score)",
    "{hit}, score: {old} → {new}": "the same word in Dutch",
    "SHA-256 {hash}": "the name of the hash function",
    "Score": "the same word in Dutch",
    "{date} {time} UTC": "the name of the time zone",
    "spelling": "the same word in Dutch",
    "EU Financial Sanctions Files": "the name of the EU's publication (so named in every language)",
    "EU Financial Sanctions Files, XML 1.1": "the name of the EU's publication and its format",
    "EU Financial Sanctions Files, CSV 1.1": "the name of the EU's publication and its format",
    "Alt+G": "a key",
    "Alt+D": "a key",
    "Escape": "a key, named as on the keyboard",
    "Tab, Shift+Tab": "keys",
    "Enter": "a key",
    "Ctrl+Z": "a key",
    "F2": "a key",
    "Delete": "a key, named as on the keyboard",
    "F1": "a key",
    "{when} UTC  {who}  {what}": "the name of the time zone",
    "{when} UTC · {who}": "the name of the time zone",
    "&Help": "the Help menu is named so in Dutch programs",
    # argparse
    "argument %(argument_name)s: %(message)s": "the same word in Dutch",
    "%(heading)s:": "a heading given by the program",
}


def _po(domain: str = catalogues.DOMAIN) -> Any:
    from babel.messages.pofile import read_po

    with catalogues.catalogue_path("nl", domain=domain).open("rb") as f:
        return read_po(f, locale="nl", domain=domain)


def _has_words(text: str) -> bool:
    """Whether a text holds words once its placeholders ({title}, %(prog)s, %s) are taken out."""
    import re

    bare = re.sub(r"\{[^{}]*\}|%\([^)]*\)[a-z]|%[a-z]", "", text)
    return any(ch.isalpha() for ch in bare)


# ---------------------------------------------------------------- the catalogues are complete


def test_every_text_of_the_program_has_a_dutch_translation():
    """Every text of the template (the marked texts of the program, extracted anew) has a Dutch
    translation, not fuzzy, with the English text's placeholders; run ``python -m core.i18n update``
    and translate what it lists."""
    assert catalogues.missing("nl") == []


def test_argparse_s_own_words_have_a_dutch_translation():
    """Every message of the running Python's argparse (``usage:``, its errors) is in argparse.po."""
    assert catalogues.missing("nl", catalogues.ARGPARSE) == []


@pytest.mark.parametrize("domain", catalogues.DOMAINS)
def test_no_dutch_translation_is_the_english_text_but_the_reasoned_few(domain):
    same = []
    for message in _po(domain):
        if not message.id:
            continue
        ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
        texts = list(message.string) if isinstance(message.string, tuple) else [message.string]
        for source, text in zip([ids[0], ids[-1]], texts, strict=False):
            if text == source and _has_words(source) and ids[0] not in SAME_IN_DUTCH:
                same.append(source)
    assert same == []


def test_the_reasoned_few_are_still_texts_of_the_program():
    known = {m.id for m in catalogues.extract()} | {m.id for m in catalogues.argparse_messages()}
    known |= {m.id if isinstance(m.id, str) else m.id[0] for m in _po(catalogues.ARGPARSE) if m.id}
    assert set(SAME_IN_DUTCH) <= known


def test_the_check_finds_what_a_catalogue_lacks(tmp_path, monkeypatch):
    """A copy of the Dutch catalogue with one translation taken out, one made fuzzy and one with a
    placeholder changed: ``missing`` names all three."""
    copy = tmp_path / "locale"
    shutil.copytree(catalogues.locale_dir(), copy)
    po = copy / "nl" / "LC_MESSAGES" / "ddworkbook.po"
    text = po.read_text("utf-8")
    for old, new in [
        ('msgstr "Geen dossiers."', 'msgstr ""'),
        ('msgid "Dossier deleted"', '#, fuzzy\nmsgid "Dossier deleted"'),
        ('msgstr "Geëxporteerd naar {file}"', 'msgstr "Geëxporteerd naar {bestand}"'),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    po.write_text(text, "utf-8")
    monkeypatch.setattr(catalogues, "locale_dir", lambda: copy)
    found = catalogues.missing("nl")
    assert len(found) == 3
    assert any("'No dossiers.': not translated" in f for f in found)
    assert any("'Dossier deleted': not translated (fuzzy)" in f for f in found)
    assert any("'Exported to {file}'" in f and "{bestand}" in f for f in found)


def test_update_keeps_the_translations_and_adds_what_is_new(tmp_path, monkeypatch):
    """``python -m core.i18n update``: a new text comes in untranslated, a changed one keeps its old
    translation as fuzzy (not used), the others are kept, and a second run changes nothing."""
    copy = tmp_path / "repo"
    for top in ("core", "gui"):
        shutil.copytree(
            catalogues.repository() / top, copy / top, ignore=shutil.ignore_patterns("__pycache__")
        )
    locale = tmp_path / "locale"
    shutil.copytree(catalogues.locale_dir(), locale)
    monkeypatch.setattr(catalogues, "locale_dir", lambda: locale)
    cli = copy / "core" / "cli.py"
    source = cli.read_text("utf-8")
    source = source.replace('_("No dossiers.")', '_("No dossiers yet.")').replace(
        '_("No dossier matches.")', '_("A text that is new.")'
    )
    cli.write_text(source, "utf-8")
    written = catalogues.update("nl", copy)
    assert catalogues.catalogue_path("nl") in written
    catalog = _po()
    assert (
        catalog.get("No dossiers yet.").fuzzy and catalog.get("No dossiers yet.").string == "Geen dossiers."
    )
    assert catalog.get("A text that is new.").string == ""
    assert catalog.get("No dossiers.") is None  # gone from the program: gone from the catalogue
    assert catalog.get("Dossier deleted").string == "Dossier verwijderd"
    assert catalogues.update("nl", copy) == []  # nothing changes a second time


# ---------------------------------------------------------------- the command line in Dutch


def test_the_command_line_speaks_dutch_argparse_included(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(tmp_path / "wb.ddwb"))
    assert main(["--lang", "nl", "list"]) == 0
    assert capsys.readouterr() == ("Geen dossiers.\n", "")
    assert main(["--lang", "nl", "list", "--bogus"]) == 2
    assert capsys.readouterr().err == (
        "ddworkbook: fout: onbekende argumenten: --bogus (zie 'ddworkbook --help')\n"
    )
    assert main(["--lang", "nl", "finalise"]) == 2
    err = capsys.readouterr().err
    assert "de volgende argumenten zijn verplicht: ID, --name, --role" in err
    with pytest.raises(SystemExit):
        main(["--lang", "nl", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("gebruik: ddworkbook")
    assert "opties:" in out and "deze hulptekst tonen en stoppen" in out
    assert "de taal van meldingen en rapporten" in out
    # argparse is itself again afterwards: English, and gettext's own functions
    assert main(["--lang", "en", "list", "--bogus"]) == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err
    assert vars(argparse)["_"] is gettext.gettext and vars(argparse)["ngettext"] is gettext.ngettext


def test_the_system_s_dutch_locale_makes_the_command_line_dutch(capsys, tmp_path, monkeypatch):
    """LANG=nl_NL.UTF-8, a locale this machine does not have installed: Dutch, and no failure."""
    for name in ("DDWORKBOOK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(tmp_path / "wb.ddwb"))
    assert main(["list"]) == 0
    assert capsys.readouterr() == ("Geen dossiers.\n", "")


def test_finalise_in_dutch_gives_the_retention_date_in_words(capsys, tmp_path, monkeypatch, fake_holds):
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(tmp_path / "wb.ddwb"))
    path = tmp_path / "d.json"
    path.write_text(json.dumps({**complete_example(), "id": "nl1"}), "utf-8")
    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    argv = ["--lang", "nl", "finalise", "nl1", "--name", "Jan de Vries", "--role", "Exportmanager"]
    assert main([*argv, "--export-year", "2026"]) == 0
    assert capsys.readouterr().out == (
        "nl1 is definitief; bewaar de administratie tot en met 31 december 2031 (het einde van het "
        "uitvoerjaar dat bij de aftekening is vastgelegd, 2026, plus vijf jaar)\n"
    )


# ---------------------------------------------------------------- dates and numbers


@pytest.mark.parametrize(
    ("call", "dutch", "english"),
    [
        (lambda lang: formats.date("2026-11-25", lang), "25 november 2026", "2026-11-25"),
        (lambda lang: formats.date(dt.date(2031, 12, 31), lang), "31 december 2031", "2031-12-31"),
        (lambda lang: formats.date("2026-11-25T09:15:00+00:00", lang), "25 november 2026", "2026-11-25"),
        (lambda lang: formats.date(None, lang), "", ""),
        (lambda lang: formats.date("not a date", lang), "not a date", "not a date"),
        (lambda lang: formats.short_date("2026-11-05", lang), "05-11-2026", "2026-11-05"),
        (lambda lang: formats.short_date("", lang), "", ""),
        (
            lambda lang: formats.date_time("2026-11-25T09:15:07.123+00:00", lang),
            "25-11-2026 09:15",
            "2026-11-25 09:15",
        ),
        (
            lambda lang: formats.date_time("2026-11-25T09:15:07+00:00", lang, seconds=True),
            "25-11-2026 09:15:07",
            "2026-11-25 09:15:07",
        ),
        (lambda lang: formats.number(125000, lang=lang), "125.000", "125000"),
        (lambda lang: formats.number(125000, 2, lang=lang), "125.000,00", "125000.00"),
        (lambda lang: formats.number(2.46, 1, lang=lang), "2,5", "2.5"),
        (lambda lang: formats.grouped(1234567, lang), "1.234.567", "1 234 567"),
    ],
)
def test_dates_and_numbers_as_the_language_writes_them(call, dutch, english):
    assert call("nl") == dutch
    assert call("en") == english
    with i18n.language("nl"):
        assert call(None) == dutch
    assert call(None) == english


# ---------------------------------------------------------------- the report and the letter in Dutch


def pdf_text(data: bytes) -> str:
    """The text of a PDF, its lines and spaces run together into single spaces (a table's label and
    value come out on lines of their own)."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def finalised(tmp_path, fake_holds):
    (tmp_path / "datasheet.pdf").write_bytes(b"%PDF datasheet bytes " * 700)
    d = complete_example()
    d["id"] = "NL1"
    d["reference"] = "REF-2026-017"
    d["evidence"][0] = {"id": "ev1", "filename": "datasheet.pdf", "path": "datasheet.pdf", "description": "X"}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(d), "utf-8")
    wb = Workbook.open(tmp_path / "wb.ddwb")
    wb.import_batches([(path, [dossier_from_json(d)])])
    wb.finalise("NL1", "Jan de Vries", "Exportmanager", date=dt.date(2026, 11, 24), export_year=2026)
    yield wb
    wb.close()


def test_the_dutch_report_has_dutch_headings_dates_and_numbers(finalised):
    record = read_record(finalised, "NL1")
    with i18n.language("nl"):
        data = dataclasses.replace(report_input(record), made_on=dt.date(2026, 11, 25))
        text = pdf_text(render_report(data, invariant=True))
    for words in (
        "Due-diligencedossier",
        "Datum rapport 25 november 2026",
        "1. De vaststelling",
        "2. De transactie en de partijen",
        "3. De vragen, stap voor stap",
        "4. Bevindingen van de due diligence",
        "5. Overzicht van bewijsstukken",
        "6. Wijzigingsgeschiedenis",
        "7. Aftekening",
        "8. Juridische bronnen",
        "Pagina 1 van",
        "Kenmerk REF-2026-017",
        "Definitief. De administratie wordt bewaard tot ten minste 31 december 2031",
        "Afgetekend Jan de Vries, Exportmanager, 24 november 2026",
        "14.700",  # the evidence file's size, grouped the Dutch way
        "Zegel: logboekregel",
    ):
        assert words in text, words
    assert "24 november 2026" in text.split("7. Aftekening")[-1]  # the sign-off's date, in words
    for english in ("The determination", "Report date", "Page 1 of", "2031-12-31", "Signed off"):
        assert english not in text, english
    # the same record in English: as it always was
    english = pdf_text(render_report(report_input(record), invariant=True))
    assert "1. The determination" in english and "kept until at least 2031-12-31" in english


def test_the_dutch_letter_reads_as_a_dutch_business_letter():
    answers = {
        "annex_i_listed": "no",
        "informed_by_authority": "no",
        "art4_informed": "no",
        "art4_aware": "no",
        "specially_designed": "yes",
        "covert": "yes",
        "natural_persons": "yes",
        "ict_systems": "yes",
        "capabilities": ["monitoring"],
        "purely_commercial": "no",
        "internal_repression": "none",
        "serious_hr_violations": "aware",
        "legitimate_purpose": "yes",
        "serious_ihl_violations": "none",
    }
    d = dossier_from_json(dossier_dict(answers, reference="REF-9", exporter={"name": "Acme B.V."}))
    with i18n.language("nl"):
        data = dataclasses.replace(report_input(d), made_on=dt.date(2026, 11, 25))
        assert data.authority_draft is not None and data.authority_draft.id == "notification"
        pdf = render_draft(data, invariant=True)
    assert pdf is not None
    text = pdf_text(pdf)
    for words in (
        "Datum: 25 november 2026",
        "Ons kenmerk: REF-9",
        "Onderwerp:",
        "Geachte heer, mevrouw,",
        "Met vriendelijke groet,",
        "Naam",
        "Handtekening",
        "CONCEPT",
        "Pagina 1 van",
    ):
        assert words in text, words
    for english in ("Dear Sir or Madam", "Yours faithfully", "Our reference", "2026-11-25"):
        assert english not in text, english


# ---------------------------------------------------------------- a build's catalogues


def test_a_build_s_compiled_catalogues_alone_give_dutch(tmp_path, monkeypatch):
    """A build ships the compiled catalogues (``python -m core.i18n compile FOLDER``) without the
    .po files: the program's texts and argparse's are Dutch from them."""
    written = catalogues.compile_all(tmp_path / "locale")
    assert sorted(p.name for p in written) == ["argparse.mo", "ddworkbook.mo"]
    monkeypatch.setattr(catalogues, "locale_dir", lambda: tmp_path / "locale")
    i18n.translations.cache_clear()
    try:
        with i18n.language("nl"):
            assert _("No dossiers.") == "Geen dossiers."
            assert i18n.translations("nl", "argparse").gettext("usage: ") == "gebruik: "
    finally:
        i18n.translations.cache_clear()


# ---------------------------------------------------------------- country names


def test_country_names_are_dutch_where_people_read_them_and_english_in_the_record():
    from core import countries

    with i18n.language("nl"):
        assert countries.display("AE") == "Verenigde Arabische Emiraten"
        assert countries.display("NL") == "Nederland"
        assert countries.localised("United Arab Emirates") == "Verenigde Arabische Emiraten"
        assert ("DE", "Duitsland") in countries.choices()
        assert [n for _c, n in countries.choices()] == sorted(
            (n for _c, n in countries.choices()), key=str.casefold
        )
        # what the workbook keeps (and searches) stays the English name, whatever the language
        assert countries.name("AE") == "United Arab Emirates"
        assert ("AE", "United Arab Emirates") in countries.all_countries()
    assert countries.display("AE") == "United Arab Emirates"
    assert countries.display("XX") == "XX" and countries.display(None) == ""


def test_a_country_typed_in_dutch_is_found_as_the_picker_shows_it():
    """In Dutch the picker lists "Duitsland (DE)": what is typed there is matched against the Dutch
    names as well as the English ones and the codes."""
    from core import countries

    with i18n.language("nl"):
        assert countries.matching("Duitsland") == ("DE",)
        assert countries.matching("kenia") == ("KE",)
        assert countries.matching("Verenigde Arabische") == ("AE",)
        assert countries.matching("Germany") == ("DE",)  # the English name still works
        assert countries.matching("Duitsland", ["NL", "BE"]) == ()
    assert countries.matching("Duitsland") == ()  # in English the Dutch name is no country's


def test_version_in_dutch_keeps_its_first_line(capsys):
    """--version: the first line is the contract (``ddworkbook X.Y.Z``); the lines after it are Dutch."""
    from core import __version__

    with pytest.raises(SystemExit):
        main(["--lang", "nl", "--version"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"ddworkbook {__version__}"
    assert lines[1].startswith("Wetteksten: ") and lines[2].startswith("Licentie: ")


def test_the_list_sorts_and_searches_destinations_by_the_names_it_shows(tmp_path):
    """The store sorts and searches the list's destination column by the words the list shows: in
    Dutch the Dutch country names (Denemarken before Kroatië, where English has Croatia before
    Denmark), found by their Dutch and their English names; the words follow a change of language."""
    from core.store import Order

    path = tmp_path / "list.ddwb"
    dossiers = [
        dossier_from_json(
            {**dossier_dict(title=f"kit {code}"), "id": code.lower(), "destination_country": code}
        )
        for code in ("HR", "DK", "CN")
    ]
    with Workbook.open(path, actor="tester") as wb:
        wb.import_dossiers(dossiers)
        by_destination = Order("destination", False)
        assert [s.destination_country for s in wb.page(order=by_destination)] == ["CN", "HR", "DK"]
        with i18n.language("nl"):
            wb.set_list_words()  # as the list does when the language changes
            assert [s.destination_country for s in wb.page(order=by_destination)] == ["CN", "DK", "HR"]
            assert [s.id for s in wb.page("kroatie")] == ["hr"]
            assert [s.id for s in wb.page("croatia")] == ["hr"]
        wb.set_list_words()
        assert [s.destination_country for s in wb.page(order=by_destination)] == ["CN", "HR", "DK"]
        assert [s.id for s in wb.page("kroatie")] == []


def test_the_version_2_parts_of_the_dutch_report_give_dates_and_amounts_in_dutch():
    """The transaction's facts, the authority's reply and the evidence sizes of a version 2 dossier:
    dates in words and amounts as Dutch readers write them; the English report as it was."""
    from tests.conftest import example_v2

    d = dossier_from_json(example_v2())
    with i18n.language("nl"):
        data = dataclasses.replace(report_input(d), made_on=dt.date(2027, 3, 2))
        text = pdf_text(render_report(data, invariant=True))
    for words in (
        "Waarde EUR 125.000,50",
        "Contractdatum 1 oktober 2026",
        "Geplande uitvoerdatum 15 februari 2027",
        "Werkelijke uitvoerdatum 1 maart 2027",
        "Verzonden op 1 december 2026",
        "Besloten op 10 januari 2027",
    ):
        assert words in text, words
    assert "125 000.50" not in text and "2026-12-01" not in text
    english = pdf_text(render_report(report_input(d), invariant=True))
    assert "EUR 125 000.50" in english and "2026-12-01" in english
