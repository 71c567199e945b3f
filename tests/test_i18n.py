"""The translation seam (core.i18n, issue 11): the language and how it is chosen, catalogues found and
compiled, the language per context (a report on a worker thread), the content following the language,
the template kept up to date, and the check that every text shown to people is marked."""

from __future__ import annotations

import gettext
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import contract, i18n
from core.cli import main
from core.i18n import N_, _, catalogues, ngettext, pgettext
from tests.conftest import REPO
from tests.i18n_check import WHOLE_MODULES, unmarked, unmarked_in

DUTCH_PO = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Language: nl\n"

msgid "Dossier deleted"
msgstr "Dossier verwijderd"

msgid "Dossier: {title}"
msgstr "Dossier: {title}"

msgid "{count} dossier"
msgid_plural "{count} dossiers"
msgstr[0] "{count} dossier"
msgstr[1] "{count} dossiers (nl)"

msgctxt "list status"
msgid "Draft"
msgstr "Concept"

msgid "Not saved"
msgstr "Niet opgeslagen: {reden}"

msgid "Warnings"
msgstr "Waarschuwingen"

msgid "1. The determination"
msgstr "1. De vaststelling"

#, fuzzy
msgid "Export failed"
msgstr "Export mislukt"
"""


@pytest.fixture
def dutch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A Dutch catalogue (a .po, as the repository keeps them) in a locale folder of its own."""
    folder = tmp_path / "locale" / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ddworkbook.po").write_text(DUTCH_PO, "utf-8")
    monkeypatch.setattr(catalogues, "locale_dir", lambda: tmp_path / "locale")
    i18n.translations.cache_clear()
    yield folder
    i18n.translations.cache_clear()


# ---------------------------------------------------------------- the functions


def test_english_is_the_text_itself():
    assert i18n.current() == "en"
    assert _("Dossier deleted") == "Dossier deleted"
    assert ngettext("{count} dossier", "{count} dossiers", 1) == "{count} dossier"
    assert ngettext("{count} dossier", "{count} dossiers", 0) == "{count} dossiers"
    assert pgettext("list status", "Draft") == "Draft"
    assert N_("Title") == "Title"


def test_a_catalogue_is_compiled_at_first_use_and_used(dutch):
    with i18n.language("nl"):
        assert i18n.current() == "nl"
        assert _("Dossier deleted") == "Dossier verwijderd"
        assert _("Dossier: {title}").format(title="X") == "Dossier: X"
        assert ngettext("{count} dossier", "{count} dossiers", 2) == "{count} dossiers (nl)"
        assert pgettext("list status", "Draft") == "Concept"
        assert _("not in the catalogue") == "not in the catalogue"
        # a translation with other placeholders than the English text is left out: .format() never fails
        assert _("Not saved") == "Not saved"
        assert _("Export failed") == "Export failed"  # fuzzy: not used
    assert _("Dossier deleted") == "Dossier deleted"
    assert not list(dutch.glob("*.mo"))  # compiled in memory: nothing is written into the program


def test_a_compiled_catalogue_beside_the_po_is_used_when_not_older(dutch):
    po = dutch / "ddworkbook.po"
    (dutch / "ddworkbook.mo").write_bytes(catalogues.compile_po(po, "nl"))
    po.write_text(DUTCH_PO.replace("Dossier verwijderd", "Dossier weg"), "utf-8")
    import os

    os.utime(dutch / "ddworkbook.mo", (po.stat().st_mtime + 10, po.stat().st_mtime + 10))
    assert i18n.translations("nl").gettext("Dossier deleted") == "Dossier verwijderd"  # the .mo
    i18n.translations.cache_clear()
    os.utime(dutch / "ddworkbook.mo", (po.stat().st_mtime - 10, po.stat().st_mtime - 10))
    assert i18n.translations("nl").gettext("Dossier deleted") == "Dossier weg"  # the newer .po


def test_a_damaged_catalogue_means_english_not_a_failure(dutch, caplog):
    (dutch / "ddworkbook.mo").write_bytes(b"not a catalogue")
    with i18n.language("nl"):
        assert _("Dossier deleted") == "Dossier deleted"
    assert "cannot be read" in caplog.text


def test_compile_all_writes_each_catalogue_for_a_build(dutch, tmp_path):
    written = catalogues.compile_all(tmp_path / "build")
    assert written == [tmp_path / "build" / "nl" / "LC_MESSAGES" / "ddworkbook.mo"]
    with written[0].open("rb") as f:
        assert gettext.GNUTranslations(f).gettext("Warnings") == "Waarschuwingen"


def test_placeholder_problems_are_listed():
    from io import BytesIO

    from babel.messages.pofile import read_po

    problems = catalogues.placeholder_problems(read_po(BytesIO(DUTCH_PO.encode()), locale="nl"))
    assert len(problems) == 1 and "Not saved" in problems[0]


def test_the_domain_is_the_same_in_both_modules():
    assert catalogues.DOMAIN == i18n.DOMAIN


# ---------------------------------------------------------------- the language


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        ("nl", "nl"),
        ("NL", "nl"),
        ("nl_NL", "nl"),
        ("nl-BE", "nl"),
        ("nl_NL.UTF-8", "nl"),
        ("nl_NL@euro", "nl"),
        ("en_GB.UTF-8", "en"),
        ("C", "en"),
        ("POSIX", "en"),
        ("C.UTF-8", "en"),
        ("de_DE.UTF-8", None),
        ("xx", None),
        ("", None),
    ],
)
def test_a_tag_names_an_offered_language_or_none(tag, lang):
    assert i18n.offered(tag) == lang


def test_the_system_language_is_read_from_the_environment_as_gettext_does():
    assert i18n.system_language({"LANG": "nl_NL.UTF-8"}) == "nl"
    assert i18n.system_language({"LC_MESSAGES": "nl_BE.UTF-8", "LANG": "en_US.UTF-8"}) == "nl"
    assert i18n.system_language({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "nl_NL"}) == "en"
    assert i18n.system_language({"LANGUAGE": "de:nl", "LANG": "en_US.UTF-8"}) == "nl"  # by preference
    assert i18n.system_language({"LANGUAGE": "", "LANG": "nl_NL"}) == "nl"  # empty: not set
    assert i18n.system_language({"LANG": "de_DE.UTF-8"}) is None
    assert i18n.system_language({}) is None


def test_the_language_is_the_option_then_the_variable_then_the_system_then_english():
    env = {"DDWORKBOOK_LANG": "en", "LANG": "nl_NL.UTF-8"}
    assert i18n.choose_language("nl", env) == ("nl", "")
    assert i18n.choose_language(None, env) == ("en", "")
    assert i18n.choose_language(None, {"LANG": "nl_NL.UTF-8"}) == ("nl", "")
    assert i18n.choose_language(None, {"LANG": "de_DE.UTF-8"}) == ("en", "")
    assert i18n.choose_language(None, {}) == ("en", "")


def test_an_unknown_language_asked_for_is_english_and_said_once():
    lang, note = i18n.choose_language("xx", {"LANG": "nl_NL"})
    assert lang == "en" and note.startswith("--lang: 'xx' is not a language of ddworkbook")
    lang, note = i18n.choose_language(None, {"DDWORKBOOK_LANG": "klingon"})
    assert lang == "en" and note.startswith("DDWORKBOOK_LANG: 'klingon'")
    assert i18n.set_language("xx") == "en" and i18n.current() == "en"


def test_the_command_line_takes_lang_before_the_command(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DDWORKBOOK_WORKBOOK", str(tmp_path / "wb.ddwb"))
    assert main(["--lang", "en", "list"]) == 0
    assert capsys.readouterr() == ("No dossiers.\n", "")
    assert main(["--lang=nl", "list"]) == 0
    assert capsys.readouterr() == ("Geen dossiers.\n", "")
    assert i18n.current() == "nl"
    assert main(["--la", "xx", "list"]) == 0  # an abbreviation, as argparse takes it
    out, err = capsys.readouterr()
    assert out == "No dossiers.\n"
    assert err == (
        "ddworkbook: warning: --lang: 'xx' is not a language of ddworkbook (expected en or nl); "
        "English is used\n"
    )
    assert i18n.current() == "en"
    monkeypatch.setenv("DDWORKBOOK_LANG", "")
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")  # not installed on this machine: no harm
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main(["--workbook", str(tmp_path / "wb.ddwb"), "list"]) == 0
    assert i18n.current() == "nl"
    assert main(["list", "--lang", "en"]) == 2  # a global option: before the command
    assert "onbekende argumenten: --lang en" in capsys.readouterr().err  # (said in the system's Dutch)


def test_the_help_names_the_option(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--lang LANG" in capsys.readouterr().out


def test_the_language_of_a_context_is_its_own(dutch):
    """A report made on a worker thread in a language of its own: the program's language elsewhere is
    untouched, and a new thread starts in the program's language."""
    seen: dict[str, str] = {}
    ready, done = threading.Event(), threading.Event()

    def worker() -> None:
        with i18n.language("nl"):
            seen["worker"] = _("Dossier deleted")
            ready.set()
            done.wait(5)
        seen["after"] = _("Dossier deleted")

    thread = threading.Thread(target=worker)
    thread.start()
    ready.wait(5)
    seen["main"] = _("Dossier deleted")  # while the worker is in Dutch
    done.set()
    thread.join(5)
    assert seen == {"worker": "Dossier verwijderd", "main": "Dossier deleted", "after": "Dossier deleted"}
    i18n.set_language("nl")
    other: list[str] = []
    thread = threading.Thread(target=lambda: other.append(_("Dossier deleted")))
    thread.start()
    thread.join(5)
    assert other == ["Dossier verwijderd"]


# ---------------------------------------------------------------- the content and the report


@pytest.fixture
def dutch_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The shipped content with a Dutch overlay of outcomes.toml, as the shipped content."""
    from core import content
    from tests.content_copies import english_only
    from tests.test_content import OVERLAY_OUTCOMES

    copy = tmp_path / "content"
    shutil.copytree(content.default_directory(), copy, ignore=english_only)
    (copy / "nl").mkdir()
    (copy / "nl" / "outcomes.toml").write_text(OVERLAY_OUTCOMES + "\n", "utf-8")
    monkeypatch.setattr(content, "default_directory", lambda: copy)
    content._shipped.cache_clear()
    content._shipped_outcomes.cache_clear()
    yield copy
    content._shipped.cache_clear()
    content._shipped_outcomes.cache_clear()


def test_the_content_follows_the_language(dutch_content):
    from core.content import default_content, default_outcomes

    assert default_content().outcomes["incomplete"].title != "titel incomplete"
    with i18n.language("nl"):
        assert default_content().outcomes["incomplete"].title == "titel incomplete"
        assert default_outcomes()["incomplete"].title == "titel incomplete"
    assert default_content("nl") is not default_content()
    assert default_content("en") is default_content()


def test_a_report_is_made_in_the_language_asked_for_on_a_worker_thread(dutch, dutch_content):
    """The words of the report (catalogue) and the texts of the content (overlay) in Dutch, made on a
    thread of its own while the program stays in English."""
    from io import BytesIO

    from pypdf import PdfReader

    from core.dossier import dossier_from_json
    from core.report import report_input
    from core.report.dossier_report import render_report
    from tests.conftest import dossier_dict

    pdf: list[bytes] = []

    def worker() -> None:
        with i18n.language("nl"):
            pdf.append(render_report(report_input(dossier_from_json(dossier_dict())), invariant=True))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(60)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf[0])).pages)
    assert "1. De vaststelling" in text and "titel incomplete" in text and "Waarschuwingen" in text
    english = render_report(report_input(dossier_from_json(dossier_dict())), invariant=True)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(english)).pages)
    assert "1. The determination" in text and "titel incomplete" not in text


def test_the_words_for_fixed_values_name_every_value():
    from core.report import ITEM_KINDS, RED_FLAG_STATUSES
    from gui.wizard.pages.transaction import ITEM_KINDS as PAGE_ITEM_KINDS

    assert tuple(ITEM_KINDS) == tuple(PAGE_ITEM_KINDS) == contract.ITEM_KINDS
    assert tuple(RED_FLAG_STATUSES) == contract.RED_FLAG_STATUSES


# ---------------------------------------------------------------- Qt's own texts


def test_qt_s_own_texts_come_from_qt_s_catalogue(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from gui.app import install_translators

    try:
        assert install_translators(qapp, "nl")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"
        assert install_translators(qapp, "nl")  # again: the one before is replaced, not added to
        assert len(qapp.findChildren(QTranslator, "ddworkbook_qt")) == 1
        assert not install_translators(qapp, "xx")  # no catalogue: Qt's English
    finally:
        assert not install_translators(qapp, "en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


# ---------------------------------------------------------------- the template


def test_the_committed_template_is_up_to_date():
    """resources/locale/ddworkbook.pot holds exactly the marked texts: run ``python -m core.i18n
    extract`` after changing a text."""
    expected = catalogues.template(catalogues.extract())
    assert catalogues.template_path().read_text("utf-8") == expected, "run: python -m core.i18n extract"
    assert expected.count("msgid ") > 500


def test_extraction_takes_literals_only():
    source = (
        'x = _("One")\ny = ngettext("{n} file", "{n} files", n)\nz = pgettext("menu", "File")\n'
        "_(COLUMNS[i])\n"
    )
    assert catalogues.extract_from(source, "m.py") == [
        ("One", None, None, 1),
        ("{n} file", "{n} files", None, 2),
        ("File", None, "menu", 3),
    ]
    for bad, words in [
        ('_(f"Dossier {title}")', "an f-string cannot be translated"),
        ("_(title.strip())", "expected a string literal"),
        ("ngettext(one, many, n)", "expected a string literal"),
        ('_("")', "an empty text"),
        ('_("a" + "b")', "expected a string literal"),
    ]:
        with pytest.raises(catalogues.ExtractionError, match=words):
            catalogues.extract_from(bad, "m.py")


def test_the_extract_command_writes_the_template(monkeypatch, tmp_path, capsys):
    from core.i18n.__main__ import main as i18n_main

    target = tmp_path / "locale"
    monkeypatch.setattr(catalogues, "locale_dir", lambda: target)
    assert i18n_main(["extract"]) == 0
    assert (target / "ddworkbook.pot").read_text("utf-8") == catalogues.template_path().read_text("utf-8")
    assert "(unchanged)" not in capsys.readouterr().out
    assert i18n_main(["extract"]) == 0
    assert "(unchanged)" in capsys.readouterr().out


# ---------------------------------------------------------------- every text for people is marked

# Literals with words that are not marked, each with the reason. Keep it short.
ALLOWED = {
    # gui/dossier_list.py: samples measured to size the list's columns, never shown
    '"REF-2026-00000"': "a sample measured for a column's width, never shown",
    '"United Arab Emirates"': "a sample measured for a column's width, never shown",
    '"2026-12-31T23:59"': "a sample measured for a column's width (as the language writes it), never shown",
    # core/i18n: the catalogue tool is for developers, and a log line is not shown to users
    'f"error: {e}"': "core/i18n/__main__.py: the developers' catalogue tool",
    'f"{path}: {count} texts"': "core/i18n/__main__.py: the developers' catalogue tool",
    'f"{lang} ({domain}): {count} to translate"': "core/i18n/__main__.py: the developers' catalogue tool",
}


def _sources() -> list[Path]:
    return sorted(
        p for top in ("core", "gui") for p in (REPO / top).rglob("*.py") if "__pycache__" not in p.parts
    )


def test_every_text_shown_to_people_is_marked_for_translation():
    found = unmarked_in(REPO, _sources(), ALLOWED)
    assert not found, "texts shown to people, not marked with _() (core.i18n):\n" + "\n".join(found)


def test_the_allowed_texts_are_still_there():
    """An allowed text that is gone is taken off the list."""
    texts = {text for path in _sources() for _line, text in unmarked(path.read_text("utf-8"), str(path))}
    texts |= {
        text
        for path in _sources()
        if path.relative_to(REPO).as_posix() in WHOLE_MODULES
        for _line, text in unmarked(path.read_text("utf-8"), str(path), whole=True)
    }
    assert set(ALLOWED) <= texts


def test_the_check_finds_a_planted_unmarked_text(tmp_path):
    """A copy of the program with one marked text unmarked in each of a few places fails the check,
    naming each; the real program passes it (above)."""
    copy = tmp_path / "repo"
    for top in ("core", "gui"):
        shutil.copytree(REPO / top, copy / top, ignore=shutil.ignore_patterns("__pycache__"))
    plants = {
        "gui/main_window.py": ('_("Delete dossier")', '"Delete dossier"'),
        "gui/wizard/widgets.py": ('QPushButton(_("Attach e&vidence…"))', 'QPushButton("Attach e&vidence…")'),
        "core/cli.py": ('_("No dossiers.")', '"No dossiers."'),
        "core/store/errors.py": (
            '_("{path}: the disk is full; nothing was saved. Free some space and try again")',
            '"{path}: the disk is full; nothing was saved. Free some space and try again"',
        ),
        "core/report/dossier_report.py": ('_("Warnings")', '"Warnings"'),
        "core/dossier.py": ('_("lists a value twice")', '"lists a value twice"'),
        # the screening engine: a list file's refusal, a reason for a match, a reason's part
        "core/screening/readers.py": (
            '_("is a PDF document; {expected}")',
            '"is a PDF document; {expected}"',
        ),
        "core/screening/matching.py": ('_("other word order")', '"other word order"'),
        "core/screening/index.py": ('_("a weak alias on the list")', '"a weak alias on the list"'),
    }
    for rel, (marked, plain) in plants.items():
        path = copy / rel
        text = path.read_text("utf-8")
        assert marked in text, rel
        path.write_text(text.replace(marked, plain, 1), "utf-8")
    sources = sorted(p for top in ("core", "gui") for p in (copy / top).rglob("*.py"))
    found = unmarked_in(copy, sources, ALLOWED)
    assert sorted(f.split(":")[0] for f in found) == sorted(plants)
    assert any('"Delete dossier"' in f for f in found)


@pytest.mark.parametrize(
    "source",
    [
        'label = QLabel("Hello there")',
        'self.setWindowTitle(f"Dossier: {title}")',
        'QMessageBox.question(self, "Delete dossier", text)',
        'QFileDialog.getOpenFileName(self, caption, "", "Workbooks (*.ddwb)")',
        'raise StoreError(f"{path}: gone away")',
        'c.bad(where, "is required")',
        'out.write("No dossiers.\\n")',
        'print(f"ddworkbook: error: {message}", file=sys.stderr)',
        'story.append(para("Warnings", "h2"))',
        'table(["Question", "Answer"], rows)',
        'job.progress(f"reading {name}")',
        'def title_problem(t):\n    return "must not be blank"',
        'raise ListFileError(source, f"is empty; {EXPECTED}")',
        'reasons.append(f"{a!r} ~ {b!r} (spelling)")',
        'reasons += ["other word order"]',
        'reasons.extend(["legal form ignored"])',
        'def _country_reason(c):\n    return 0.03, f"citizenship {c} as listed"',
    ],
)
def test_the_check_knows_the_places_that_show_text(source):
    assert unmarked(source, "m.py"), source


@pytest.mark.parametrize(
    "source",
    [
        'c.bad("sign_off.date", _("must not be blank"))',  # a field's name, and a marked text
        'para(x, "h2")',  # a style's name
        'self._action(_("&Find"), self.find, "Ctrl+Shift+F")',  # a key sequence
        'out.write(f"{did}\\n")',  # no words
        'self.browser.setHtml(f"<h3>{title}</h3>")',  # markup only
        'log.warning("not shown")',  # not a place that shows text
        'forms.append("NORTHWIND SIGNAL")',  # a list that is not of reasons
    ],
)
def test_the_check_leaves_what_is_not_text_for_people(source):
    assert not unmarked(source, "m.py"), source
