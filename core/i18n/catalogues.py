"""The catalogues of translations: finding and compiling them, and extracting the template.

- ``load(lang)``: the translations of a language, from ``resources/locale/<lang>/LC_MESSAGES/``: the
  compiled ``ddworkbook.mo`` when a build has made it and it is not older than the ``.po`` beside it,
  else the ``.po`` compiled in memory (``compile_po``), so that a development install (the README's)
  needs no build step. Nothing is ever written into the installed program. A catalogue that cannot be
  read is logged and English is shown: a translation never stops the program.
- ``compile_po``: a ``.po`` file as ``.mo`` bytes (Babel's ``read_po``/``write_mo``, BSD licence). A
  translation whose placeholders (``{title}``) are not exactly the English text's is left out (English
  is shown for it), so that a mistake in a catalogue cannot make ``.format`` fail; ``placeholder_problems``
  lists them for a test. ``compile_all(folder)`` writes every ``.mo`` for a build.
- ``extract``: the marked texts of core/ and gui/ (the calls of ``_``, ``N_``, ``ngettext`` and
  ``pgettext`` of core.i18n, whose arguments must be plain string literals: an f-string or an
  expression cannot be extracted and is an error; ``_(NAME)``, ``_(obj.attr)`` and ``_(table[key])``
  translate a text marked where it is defined, with ``N_``), read with ``ast``; ``template`` writes
  them as the ``.pot`` template (``resources/locale/ddworkbook.pot``; tests/test_i18n.py checks that
  the committed one is up to date).

Run ``python -m core.i18n extract`` after changing texts, ``python -m core.i18n compile FOLDER`` in a
build.
"""

from __future__ import annotations

import ast
import gettext
import io
import logging
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
TEMPLATE_HEADER = "Translations of ddworkbook (the program's own texts; the content has its own overlays)."


def repository() -> Path:
    """The folder that holds core/ and gui/."""
    return Path(__file__).resolve().parent.parent.parent


def locale_dir() -> Path:
    import resources

    return Path(resources.__file__).parent / "locale"


def template_path() -> Path:
    return locale_dir() / f"{DOMAIN}.pot"


def catalogue_path(lang: str, suffix: str = ".po") -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


# ---------------------------------------------------------------------------- loading and compiling


def load(lang: str) -> gettext.NullTranslations:
    """The translations of ``lang`` (see the module's docstring); nothing to translate for a language
    without a catalogue (English has none: the program is written in it)."""
    po, mo = catalogue_path(lang), catalogue_path(lang, ".mo")
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as f:
                return gettext.GNUTranslations(f)
        if po.is_file():
            return gettext.GNUTranslations(io.BytesIO(compile_po(po, lang)))
    except Exception as e:  # a damaged catalogue: English, and a line in the log
        logging.getLogger("ddworkbook").warning("the translations for %r cannot be read: %s", lang, e)
    return gettext.NullTranslations()


def placeholders(text: str) -> set[str] | None:
    """The named placeholders of a text (``{title}``, ``{count:,}`` -> {"title", "count"}); None when
    the text is not a valid format string."""
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


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


def compile_po(po: Path, lang: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file; translations with other placeholders than the English
    text are left out (English is shown for them), and so are fuzzy ones."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
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
    for po in sorted(locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        lang = po.parent.parent.name
        target = (folder / lang / "LC_MESSAGES" / f"{DOMAIN}.mo") if folder else po.with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_po(po, lang))
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


def extract_from(source: str, path: str) -> list[tuple[str, str | None, str | None, int]]:
    """The texts marked in one module: (id, plural, context, line) in the order they appear."""
    found = []
    for call in marked_calls(ast.parse(source, path)):
        name = call.func.id  # type: ignore[attr-defined]  # marked_calls gives Name calls only
        roles = MARKERS[name]
        where = f"{path}:{call.lineno}"
        if len(call.args) < len(roles) or call.keywords:
            raise ExtractionError(f"{where}: {name}() takes {len(roles)} string literal(s)")
        if name == "_" and isinstance(call.args[0], ast.Name | ast.Attribute | ast.Subscript):
            continue  # a text marked where it is defined (N_), translated here
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
    from babel.messages.pofile import write_po

    catalog = Catalog(project="ddworkbook", domain=DOMAIN, header_comment=f"# {TEMPLATE_HEADER}")
    for m in messages:
        catalog.add((m.id, m.plural) if m.plural else m.id, locations=m.locations, context=m.context)
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, include_lineno=False)
    text = out.getvalue().decode("utf-8")
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith(('"POT-Creation-Date:', '"Generated-By:')))


def write_template(root: Path | None = None) -> tuple[Path, bool]:
    """Write the template from the marked texts; the path, and whether it changed."""
    text = template(extract(root))
    path = template_path()
    if path.is_file() and path.read_text("utf-8") == text:
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path, True
