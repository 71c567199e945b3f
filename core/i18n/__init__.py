"""The translation seam: every text the program shows to people goes through ``_()`` (or ``ngettext``,
``pgettext``) of this module; which language they come out in is chosen here.

The choice: GNU gettext, with Python's own ``gettext`` module, one catalogue (domain ``ddworkbook``)
for the whole program. Not Qt's ``tr()``: the core (the command line, the report and its drafts, the
store's and the dossier reader's messages) has no Qt and must not get any, and the command line, the
report and the desktop program must say the same thing in the same words, so they need one catalogue
that the core can read. gettext's ``.po`` files are the format translators and their tools (Poedit,
Weblate, Lokalize) know; Qt's own strings (standard buttons, the file dialog) come from Qt's catalogues
(``gui.app`` installs a ``QTranslator`` for them).

How to write a text for people:

- ``_("Dossier deleted")``; a text with values has named placeholders, filled in after translation:
  ``_("Dossier: {title}").format(title=...)``, never pieces glued together, so that a translator can
  put the words in the order of the language.
- ``ngettext("{count} dossier", "{count} dossiers", n).format(count=n)`` for a text that depends on a
  number; ``pgettext("list status", "Draft")`` when one English word has two meanings.
- A text defined when a module is imported (a column heading, a table of labels) is marked with
  ``N_("Title")``, which only marks it for extraction, and translated where it is shown: ``_(COLUMNS[i])``.
- Content texts (questions, guidance, outcomes, the drafts' wording, the legal quotations) are not in
  the catalogue: they are content, with an overlay per language (core.content). Log messages,
  identifiers, file formats and what is stored in the workbook (the journal) are not translated.

The language: ``set_language`` sets the program's language (the command line does it once, from
``--lang``, ``$DDWORKBOOK_LANG`` or the system's locale: ``choose_language``); ``with language("en"):``
sets another for the code that runs inside it, in this thread or task only (a context variable), so a
report made on a worker thread can be in another language than the program. The content follows the
same choice (``core.content.default_content()`` is in ``current()``'s language). An unknown language is
English, never an error.

Catalogues: ``resources/locale/<lang>/LC_MESSAGES/ddworkbook.po``, compiled when first used (or read
as ``.mo`` when a build has compiled them beside it); ``python -m core.i18n extract`` writes the
template ``resources/locale/ddworkbook.pot`` from the marked texts, ``python -m core.i18n update``
merges it into each language's catalogue (core/i18n/catalogues.py). English is the language the
program is written in: it has no catalogue. Python's argparse has its own words ("usage:", "the
following arguments are required"): ``argparse_messages`` has it say them in the current language,
from the catalogue ``resources/locale/<lang>/LC_MESSAGES/argparse.po``.

Dates and numbers for people are formatted in the current language with core.i18n.formats.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

DOMAIN = "ddworkbook"
SOURCE = "en"  # the language the program's texts are written in
# The languages the program offers, each named in its own language (for a language menu).
LANGUAGES: Mapping[str, str] = {"en": "English", "nl": "Nederlands"}
ENVIRONMENT = "DDWORKBOOK_LANG"
# Where the system's language is read from, in gettext's order (the first that is set counts).
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_program_language = SOURCE
_language: contextvars.ContextVar[str | None] = contextvars.ContextVar("ddworkbook_language", default=None)


def current() -> str:
    """The language texts are shown in here and now: the one set with ``language()`` in this context,
    else the program's (``set_language``)."""
    return _language.get() or _program_language


def _(message: str) -> str:
    """``message`` in the current language."""
    lang = _language.get() or _program_language
    if lang == SOURCE:
        return message
    return translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a text for the number ``n``, in the current language."""
    lang = _language.get() or _program_language
    if lang == SOURCE:
        return singular if n == 1 else plural
    return translations(lang).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, in the sense ``context`` says (the same English word may
    need two translations)."""
    lang = _language.get() or _program_language
    if lang == SOURCE:
        return message
    return translations(lang).pgettext(context, message)


def N_(message: str) -> str:
    """Marks a text for translation where it is defined (at import); it is translated where it is shown,
    with ``_(name)``."""
    return message


def offered(tag: str | None) -> str | None:
    """The offered language (``LANGUAGES``) a language tag or locale name means, or None: "nl",
    "nl_NL", "nl-BE", "nl_NL.UTF-8", "nl_NL@euro" are all "nl"; "C" and "POSIX" are English."""
    if not tag:
        return None
    name = tag.split(".")[0].split("@")[0].replace("-", "_").strip()
    if name in ("C", "POSIX"):
        return SOURCE
    language, _sep, region = name.partition("_")
    for candidate in (f"{language.lower()}_{region.upper()}" if region else "", language.lower()):
        if candidate in LANGUAGES:
            return candidate
    return None


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The system's language, read from the environment as gettext reads it: the first of LANGUAGE,
    LC_ALL, LC_MESSAGES, LANG that is set (LANGUAGE may list several, by preference); None when it
    names no language the program offers. Nothing is asked of the C library: a locale that is not
    installed on the machine does no harm."""
    env = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = env.get(variable, "")
        if value:
            return next((lang for tag in value.split(":") if (lang := offered(tag))), None)
    return None


def choose_language(option: str | None = None, environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The language to use and, when one that was asked for is not offered, a line saying so: the
    command line's ``--lang`` (``option``), else ``$DDWORKBOOK_LANG``, else the system's language,
    else English. An unknown language is English, never an error."""
    env = os.environ if environ is None else environ
    for value, source in ((option, "--lang"), (env.get(ENVIRONMENT), ENVIRONMENT)):
        if value:
            lang = offered(value)
            if lang is not None:
                return lang, ""
            return SOURCE, (
                f"{source}: {value!r} is not a language of ddworkbook "
                f"(expected {' or '.join(LANGUAGES)}); English is used"
            )
    return system_language(env) or SOURCE, ""


def set_language(lang: str | None) -> str:
    """Set the program's language (an offered one, else English); the language now used."""
    global _program_language
    _program_language = offered(lang) or SOURCE
    return _program_language


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Use ``lang`` (an offered one, else English) for the texts made inside the ``with``, in this
    thread or task only; the program's language elsewhere stays as it is."""
    used = offered(lang) or SOURCE
    token = _language.set(used)
    try:
        yield used
    finally:
        _language.reset(token)


@functools.cache
def translations(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (of the program's texts, or of another ``domain``: ``argparse``),
    loaded once (core.i18n.catalogues.load); English, and a language without a catalogue, translate
    nothing."""
    from core.i18n import catalogues

    return catalogues.load(lang, domain)


@contextlib.contextmanager
def argparse_messages() -> Iterator[None]:
    """Inside the ``with``, Python's argparse says its own words (``usage:``, its section headings and
    error messages) in the current language. argparse translates them with gettext's global
    ``gettext``/``ngettext``, looked up in its module when a parser is made, prints its help or
    fails: these two are replaced there for the time of the ``with`` (by the catalogue ``argparse``)
    and put back after, so that nothing else in the process is touched. For the command line, which
    runs one parser at a time."""
    import argparse

    lang = current()
    if lang == SOURCE:
        yield
        return
    catalogue = translations(lang, "argparse")
    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = catalogue.gettext, catalogue.ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved
