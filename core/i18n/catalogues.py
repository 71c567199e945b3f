"""The catalogues of translations: finding and compiling them, and extracting the template.

- ``load(lang, domain)``: the translations of a language, from ``resources/locale/<lang>/LC_MESSAGES/``:
  the compiled ``<domain>.mo`` when a build has made it and it is not older than the ``.po`` beside it
  (a build ships the ``.mo`` alone), else the ``.po`` compiled in memory (``compile_po``), so that a
  development install (the README's) needs no build step. Nothing is ever written into the installed
  program. A catalogue that cannot be read is logged and English is shown: a translation never stops
  the program. Two domains: ``ddworkbook``, the program's own texts, and ``argparse``, the words of
  Python's argparse (``usage:``, "the following arguments are required"), which the command line
  shows in the same language (core.i18n.argparse_messages).
- ``compile_po``: a ``.po`` file as ``.mo`` bytes (Babel's ``read_po``/``write_mo``, BSD licence). A
  translation whose placeholders (``{title}``, and argparse's ``%(prog)s``, ``%s``) are not exactly
  the English text's is left out (English is shown for it), so that a mistake in a catalogue cannot
  make ``.format`` or ``%`` fail; ``placeholder_problems`` lists them for a test. ``compile_all(folder)``
  writes every ``.mo`` for a build.
- ``extract``: the marked texts of core/ and gui/ (the calls of ``_``, ``N_``, ``ngettext`` and
  ``pgettext`` of core.i18n, whose arguments must be plain string literals: an f-string or an
  expression cannot be extracted and is an error; ``_(NAME)``, ``_(obj.attr)`` and ``_(table[key])``
  translate a text marked where it is defined, with ``N_``), read with ``ast``; ``template`` writes
  them as the ``.pot`` template (``resources/locale/ddworkbook.pot``; tests/test_i18n.py checks that
  the committed one is up to date).
- ``update``: the template merged into each language's ``ddworkbook.po`` (Babel's ``Catalog.update``):
  translations kept, a changed text's old translation kept as "fuzzy" (not used until a translator
  checks it), a new text untranslated, a text gone marked obsolete; and the messages of the running
  Python's argparse added to each ``argparse.po`` (none removed: other Python versions have them).
  ``missing`` lists what a catalogue lacks (tests/test_dutch.py fails on it).

Run ``python -m core.i18n update`` after changing texts (it extracts the template too), translate
what it reports, and ``python -m core.i18n compile FOLDER`` in a build.
"""

from __future__ import annotations

import ast
import gettext
import io
import logging
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The marking functions and what their string arguments are.
MARKERS: dict[str, tuple[str, ...]] = {
    "_": ("id",),
    "N_": ("id",),
    "ngettext": ("id", "plural"),
    "pgettext": ("context", "id"),
}
SOURCE_FOLDERS = ("core", "gui")
DOMAIN = "ddworkbook"  # core.i18n.DOMAIN, which imports this module (so this one does not import it)
ARGPARSE = "argparse"  # the words of Python's argparse, for the command line (core.i18n.argparse_messages)
DOMAINS = (DOMAIN, ARGPARSE)
TEMPLATE_HEADER = "Translations of ddworkbook (the program's own texts; the content has its own overlays)."
# Header fields that change with every run of a tool, left out so that a file changes only with its texts.
VOLATILE_HEADERS = ('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:')


def repository() -> Path:
    """The folder that holds core/ and gui/."""
    return Path(__file__).resolve().parent.parent.parent


def locale_dir() -> Path:
    import resources

    return Path(resources.__file__).parent / "locale"


def template_path() -> Path:
    return locale_dir() / f"{DOMAIN}.pot"


def catalogue_path(lang: str, suffix: str = ".po", domain: str = DOMAIN) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{domain}{suffix}"


def languages() -> list[str]:
    """The languages that have a catalogue of the program's texts (English, the source, has none)."""
    return sorted(
        p.parent.parent.name
        for p in locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.*")
        if p.suffix in (".po", ".mo")
    )


# ---------------------------------------------------------------------------- loading and compiling


def load(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The translations of ``lang`` (see the module's docstring); nothing to translate for a language
    without a catalogue (English has none: the program is written in it)."""
    po, mo = catalogue_path(lang, domain=domain), catalogue_path(lang, ".mo", domain)
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as f:
                return gettext.GNUTranslations(f)
        if po.is_file():
            return gettext.GNUTranslations(io.BytesIO(compile_po(po, lang, domain)))
    except Exception as e:  # a damaged catalogue: English, and a line in the log
        logging.getLogger("ddworkbook").warning(
            "the translations for %r (%s) cannot be read: %s", lang, domain, e
        )
    return gettext.NullTranslations()


# printf-style conversions as argparse uses them: %(name)s, %s, %r, %d; "%%" is a literal percent sign
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifgeExXoc%]")


def placeholders(text: str) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """The placeholders of a text: the names of its ``.format`` fields (``{title}``, ``{count:,}`` ->
    "title", "count") and its printf-style conversions, sorted (argparse's ``%(prog)s``, ``%s``);
    None when the text is not a valid format string."""
    try:
        names = frozenset(
            name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None
        )
    except ValueError:
        return None
    return names, tuple(sorted(c for c in _PERCENT.findall(text) if c != "%%"))


def _translations_of(message: Any) -> list[str]:
    return [
        s for s in (message.string if isinstance(message.string, tuple | list) else [message.string]) if s
    ]


def _source_texts(message: Any) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def placeholder_problems(catalog: Any) -> list[str]:
    """The translations of a Babel catalogue whose placeholders differ from the English text's."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        expected = placeholders(_source_texts(message)[0])
        for text in _translations_of(message):
            found = placeholders(text)
            if found != expected:
                problems.append(f"{message.id!r}: the translation {text!r} has placeholders {found}")
    return problems


def compile_po(po: Path, lang: str, domain: str = DOMAIN) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file; translations with other placeholders than the English
    text are left out (English is shown for them), and so are fuzzy ones."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=domain)
    for message in catalog:
        if not message.id:
            continue
        expected = placeholders(_source_texts(message)[0])
        if any(placeholders(text) != expected for text in _translations_of(message)):
            message.string = ("",) * len(message.string) if isinstance(message.string, tuple) else ""
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def compile_all(folder: Path | None = None) -> list[Path]:
    """Compile every catalogue to ``.mo`` under ``folder`` (by default beside its ``.po``), as a build
    does; the files written."""
    written = []
    for domain in DOMAINS:
        for po in sorted(locale_dir().glob(f"*/LC_MESSAGES/{domain}.po")):
            lang = po.parent.parent.name
            target = (folder / lang / "LC_MESSAGES" / f"{domain}.mo") if folder else po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(compile_po(po, lang, domain))
            written.append(target)
    return written


# ---------------------------------------------------------------------------- extraction


class ExtractionError(ValueError):
    """A marked text that cannot be extracted (not a plain string literal)."""


@dataclass
class Message:
    id: str
    plural: str | None = None
    context: str | None = None
    locations: list[tuple[str, int]] = field(default_factory=list)


def marked_calls(tree: ast.AST) -> Iterable[ast.Call]:
    """The calls of the marking functions in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
            yield node


def _literal(node: ast.expr, where: str) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        raise ExtractionError(
            f"{where}: an f-string cannot be translated; write named placeholders and .format() them"
        )
    raise ExtractionError(f"{where}: expected a string literal, found {ast.unparse(node)}")


def extract_from(
    source: str, path: str, strict: bool = True
) -> list[tuple[str, str | None, str | None, int]]:
    """The texts marked in one module: (id, plural, context, line) in the order they appear. Not
    ``strict`` (another's module, such as argparse): a call that is not of string literals is passed
    over instead of being an error."""
    found = []
    for call in marked_calls(ast.parse(source, path)):
        name = call.func.id  # type: ignore[attr-defined]  # marked_calls gives Name calls only
        roles = MARKERS[name]
        where = f"{path}:{call.lineno}"
        if len(call.args) < len(roles) or call.keywords:
            raise ExtractionError(f"{where}: {name}() takes {len(roles)} string literal(s)")
        if name == "_" and isinstance(call.args[0], ast.Name | ast.Attribute | ast.Subscript):
            continue  # a text marked where it is defined (N_), translated here
        if not strict and not all(
            isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args[: len(roles)]
        ):
            continue
        values = dict(zip(roles, (_literal(a, where) for a in call.args[: len(roles)]), strict=True))
        if not values["id"]:
            raise ExtractionError(f"{where}: an empty text cannot be translated")
        found.append((values["id"], values.get("plural"), values.get("context"), call.lineno))
    found.sort(key=lambda m: m[3])
    return found


def source_files(root: Path | None = None) -> list[Path]:
    base = root or repository()
    return sorted(
        p for top in SOURCE_FOLDERS for p in (base / top).rglob("*.py") if "__pycache__" not in p.parts
    )


def extract(root: Path | None = None) -> list[Message]:
    """Every marked text of core/ and gui/, once each (by context and text), in order of first use."""
    base = root or repository()
    messages: dict[tuple[str | None, str], Message] = {}
    for path in source_files(base):
        rel = path.relative_to(base).as_posix()
        for text, plural, context, line in extract_from(path.read_text("utf-8"), rel):
            message = messages.setdefault((context, text), Message(text, plural, context))
            if plural is not None and message.plural not in (None, plural):
                raise ExtractionError(f"{rel}:{line}: {text!r} has two plural forms")
            message.plural = message.plural or plural
            message.locations.append((rel, line))
    return list(messages.values())


def template(messages: Sequence[Message]) -> str:
    """The ``.pot`` template of ``messages``, with the files each is used in (not the lines), without
    a creation date or Babel's version: the file changes only when the texts do."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="ddworkbook", domain=DOMAIN, header_comment=f"# {TEMPLATE_HEADER}")
    for m in messages:
        catalog.add((m.id, m.plural) if m.plural else m.id, locations=m.locations, context=m.context)
    return _po_text(catalog)


def _po_text(catalog: Any) -> str:
    """A Babel catalogue as the text of a ``.po`` (or ``.pot``) file, without the header fields that
    change with every run (VOLATILE_HEADERS)."""
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, include_lineno=False)
    lines = out.getvalue().decode("utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith(VOLATILE_HEADERS))


def write_template(root: Path | None = None) -> tuple[Path, bool]:
    """Write the template from the marked texts; the path, and whether it changed."""
    text = template(extract(root))
    path = template_path()
    if path.is_file() and path.read_text("utf-8") == text:
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path, True


# ---------------------------------------------------------------------------- updating the catalogues


def argparse_messages() -> list[Message]:
    """The texts the running Python's argparse translates (its calls of ``_`` and ``ngettext``), read
    from its source as the program's own are."""
    import argparse

    path = Path(argparse.__file__)
    messages: dict[str, Message] = {}
    for text, plural, _context, line in extract_from(path.read_text("utf-8"), path.name, strict=False):
        message = messages.setdefault(text, Message(text, plural))
        message.locations.append((path.name, line))
    return list(messages.values())


def _read(po: Path, lang: str, domain: str) -> Any:
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        return read_po(f, locale=lang, domain=domain)


def _new_catalogue(lang: str, domain: str) -> Any:
    from babel.messages.catalog import Catalog

    header = (
        f"# {TEMPLATE_HEADER}"
        if domain == DOMAIN
        else "# The words of Python's argparse (usage:, its error messages), for ddworkbook's command line."
    )
    return Catalog(
        locale=lang,
        domain=domain,
        project="ddworkbook",
        version="1",
        header_comment=header,
        msgid_bugs_address="the ddworkbook project's issues",
        last_translator="the ddworkbook project",
        language_team=f"ddworkbook ({lang})",
        fuzzy=False,
    )


def update(lang: str, root: Path | None = None) -> list[Path]:
    """Merge the template (extracted anew) into ``lang``'s catalogue of the program's texts, and the
    running Python's argparse messages into its argparse catalogue (see the module's docstring);
    a catalogue that is not there yet is made. The files written."""
    from babel.messages.catalog import Catalog

    written = []
    template = Catalog(project="ddworkbook", domain=DOMAIN)
    for m in extract(root):
        template.add((m.id, m.plural) if m.plural else m.id, locations=m.locations, context=m.context)
    po = catalogue_path(lang)
    catalog = _read(po, lang, DOMAIN) if po.is_file() else _new_catalogue(lang, DOMAIN)
    catalog.update(template, update_header_comment=False)
    catalog.obsolete.clear()  # a text gone is gone: the history of the file keeps it
    written.append(_write(po, _po_text(catalog)))

    po = catalogue_path(lang, domain=ARGPARSE)
    catalog = _read(po, lang, ARGPARSE) if po.is_file() else _new_catalogue(lang, ARGPARSE)
    for m in argparse_messages():
        if catalog.get(m.id) is None:
            catalog.add((m.id, m.plural) if m.plural else m.id, locations=m.locations)
    written.append(_write(po, _po_text(catalog)))
    return [p for p in written if p is not None]


def _write(path: Path, text: str) -> Path | None:
    """Write ``text`` to ``path`` unless it holds that already; the path when written."""
    if path.is_file() and path.read_text("utf-8") == text:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def missing(lang: str, domain: str = DOMAIN) -> list[str]:
    """What ``lang``'s catalogue of ``domain`` lacks: each text of the template (for argparse: of the
    running Python's argparse) that has no translation, only a fuzzy one, or one with other
    placeholders. Empty when the catalogue is complete."""
    expected = extract() if domain == DOMAIN else argparse_messages()
    po = catalogue_path(lang, domain=domain)
    if not po.is_file():
        return [f"{po}: no catalogue"]
    catalog = _read(po, lang, domain)
    problems = []
    for m in expected:
        message = catalog.get(m.id, context=m.context)
        texts = _translations_of(message) if message is not None else []
        if message is None or "fuzzy" in message.flags or not texts:
            problems.append(
                f"{m.id!r}: not translated" + (" (fuzzy)" if message is not None and texts else "")
            )
        elif m.plural and len(texts) < catalog.num_plurals:
            problems.append(f"{m.id!r}: not every plural form is translated")
    problems += placeholder_problems(catalog)
    return problems
