"""The check that every text shown to people is marked for translation (core.i18n), used by
tests/test_i18n.py: an ``ast`` walk over core/ and gui/ that finds string literals and f-strings
holding words that reach a place where text is shown without passing through ``_()``, ``N_()``,
``ngettext()`` or ``pgettext()``.

The places where text is shown (``SINKS``): Qt widgets' constructors and setters of visible text, the
standard dialogs' titles, labels and filters, status bar messages; the constructors of the errors
whose message reaches users (and the dossier reader's ``bad`` and the content reader's ``fail``, which
make them, and the sanctions list readers' ``ListFileError``); the lists that gather a screening
hit's reasons (``TEXT_LISTS``); the command line's writes to stdout and stderr; the report's paragraph,
table and page helpers; the desktop program's operations (their titles and progress steps) and
guidance; what a function that gives a problem or a description in words returns or yields. In the
modules that only make documents or screens (``WHOLE_MODULES``) every literal with words is checked,
wherever it is.

Words: a literal (or an f-string's literal parts), less markup (``<b>``), entities and placeholders,
that holds a letter and either a space or a capital; lower-case names without spaces (field names,
style names, ids such as ``"end_user"`` or ``"sign_off.date"``) are not words for people.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

MARKERS = {"_", "N_", "ngettext", "pgettext"}

# Qt classes whose constructor takes the text it shows.
QT_TEXT_CLASSES = {
    "QAction",
    "QCheckBox",
    "QCommandLinkButton",
    "QDockWidget",
    "QGroupBox",
    "QLabel",
    "QLineEdit",
    "QListWidgetItem",
    "QMenu",
    "QMessageBox",
    "QPlainTextEdit",
    "QProgressDialog",
    "QPushButton",
    "QRadioButton",
    "QTableWidgetItem",
    "QTextBrowser",
    "QTextEdit",
    "QToolBar",
    "QToolButton",
    "QTreeWidgetItem",
}
# Methods that show the text they are given (Qt's, and the program's own).
TEXT_METHODS = {
    # Qt
    "addAction",
    "addItem",
    "addItems",
    "addMenu",
    "addRow",
    "addTab",
    "insertItem",
    "setAccessibleDescription",
    "setAccessibleName",
    "setApplicationDisplayName",
    "setButtonText",
    "setCancelButtonText",
    "setDetailedText",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "setHtml",
    "setInformativeText",
    "setLabelText",
    "setPlaceholderText",
    "setPlainText",
    "setStatusTip",
    "setSubTitle",
    "setTabText",
    "setText",
    "setTitle",
    "setToolTip",
    "setWhatsThis",
    "setWindowTitle",
    "showMessage",
    # the command line's output
    "write",
    # the desktop program's operations (gui.operations), guidance and progress steps
    "background",
    "present",
    "progress",
    "quick",
}
# The standard dialogs' static functions, whose title, label and file filters are shown.
DIALOGS = {
    "QMessageBox": {"about", "critical", "information", "question", "warning"},
    "QInputDialog": {"getDouble", "getInt", "getItem", "getMultiLineText", "getText"},
    "QFileDialog": {"getExistingDirectory", "getOpenFileName", "getOpenFileNames", "getSaveFileName"},
}
# Functions (called by name) that show or carry the text they are given.
TEXT_FUNCTIONS = {
    # the errors whose message reaches users
    "ArgumentTypeError",
    "BackupProblems",
    "BusyError",
    "ContentError",
    "DamagedError",
    "DossierError",
    "FrozenError",
    "InputFileError",
    "ListFileError",
    "NotFoundError",
    "ReadOnlyError",
    "SchemaError",
    "StoreError",
    "UsageError",
    "WriteError",
    "bad",  # core.dossier._Check.bad: one problem of a dossier
    "fail",  # core.content._Reader.fail: a ContentError
    # the command line
    "print",
    "_fail",
    "open_input",  # core.files: its ``what`` is said in the message when the file is refused
    # the report's layout (core.report.layout)
    "Continued",
    "Page",
    "build",
    "cell",
    "facts",
    "para",
    "paras",
    "table",
    # the desktop program
    "guide",
    "present_error",
    "progress",
}
# Lists that gather texts for people one by one (the screening engine's reasons for a match, joined
# into a hit's ``why``): what is appended, inserted or added to them.
TEXT_LISTS = {"reasons"}
# Functions whose return (or yield) value is a text for people: problems, reasons, descriptions.
TEXT_RESULTS = re.compile(r"(problem|message|reason|describe|failure|refusal|why)", re.IGNORECASE)

# Modules that only make documents or screens: every literal with words in them is checked, except
# in docstrings and in the calls of NOT_TEXT (styles, colours, keys, names that are not shown).
WHOLE_MODULES = (
    "core/report/dossier_report.py",
    "core/report/drafts.py",
    "gui/main_window.py",
    "gui/dossier_list.py",
    "gui/history.py",
    "gui/records.py",
    "gui/verify.py",
    "gui/backups.py",
    "gui/lists.py",
    "gui/report.py",
    "gui/wizard/wizard.py",
    "gui/wizard/widgets.py",
    "gui/wizard/pages/outcome.py",
    "gui/wizard/pages/panels.py",
    "gui/wizard/pages/parties.py",
    "gui/wizard/pages/questions.py",
    "gui/wizard/pages/transaction.py",
    "gui/wizard/screening.py",
)
NOT_TEXT = {
    "HexColor",  # colours
    "ParagraphStyle",  # reportlab styles
    "QKeySequence",  # key names: Qt shows them in the user's language itself
    "TableStyle",
    "connect",
    "replace",  # str.replace: characters, not words
    "property",
    "setObjectName",  # names for code and tests, never shown
    "setProperty",
    "setStyleSheet",
}

_MARKUP = re.compile(r"<[^>]*>|&[#\w]+;|\{[^{}]*\}")
# Key sequences ("Ctrl+Shift+B"): Qt shows key names in the user's language itself.
_KEYS = re.compile(r"^((Ctrl|Alt|Shift|Meta)\+)+.$|^((Ctrl|Alt|Shift|Meta)\+)+\w+$")
_WORDS = re.compile(r"[^\W\d_]")


def words(text: str) -> bool:
    """Whether a literal holds words for people (see the module's docstring)."""
    if _KEYS.match(text):
        return False
    bare = _MARKUP.sub(" ", text)  # letters of its own, not of what is filled in
    filled = _MARKUP.sub("x", text)  # "reading {file}" is words; "{where}.sha256" is not
    return bool(_WORDS.search(bare)) and (any(c.isspace() for c in filled.strip()) or bare != bare.lower())


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}" for v in node.values
        )
    return None


def _texts(node: ast.AST, skip: set[str]) -> Iterator[ast.AST]:
    """The literals with words under ``node``, not looking into marked texts nor into ``skip`` calls."""
    if isinstance(node, ast.Call) and _name(node.func) in MARKERS | skip:
        return
    text = _literal_text(node)
    if text is not None:
        if words(text):
            yield node
        if isinstance(node, ast.JoinedStr):  # the values filled in may hold texts of their own
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    yield from _texts(value.value, skip)
        return
    for child in ast.iter_child_nodes(node):
        yield from _texts(child, skip)


def _added_to_a_text_list(node: ast.AST) -> list[ast.expr]:
    """What ``node`` adds to a list of ``TEXT_LISTS``: ``reasons.append(x)``, ``reasons.extend(xs)``,
    ``reasons.insert(i, x)``, ``reasons += xs`` (nothing for any other node)."""
    if isinstance(node, ast.AugAssign):
        return [node.value] if isinstance(node.target, ast.Name) and node.target.id in TEXT_LISTS else []
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("append", "extend", "insert")
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in TEXT_LISTS
    ):
        return [*node.args, *(k.value for k in node.keywords)]
    return []


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def unmarked(source: str, path: str, whole: bool = False) -> list[tuple[int, str]]:
    """The texts for people in a module that are not marked: (line, the literal as written)."""
    tree = ast.parse(source, path)
    found: dict[int, ast.AST] = {}

    def add(nodes: Iterator[ast.AST]) -> None:
        for n in nodes:
            found.setdefault(id(n), n)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if (
                name in TEXT_FUNCTIONS
                or name in QT_TEXT_CLASSES
                or (isinstance(node.func, ast.Attribute) and name in TEXT_METHODS)
                or (isinstance(node.func, ast.Attribute) and name in DIALOGS.get(_name(node.func.value), ()))
            ):
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    add(_texts(arg, NOT_TEXT))
        for arg in _added_to_a_text_list(node):
            add(_texts(arg, NOT_TEXT))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and TEXT_RESULTS.search(node.name):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return | ast.Yield) and inner.value is not None:
                    add(_texts(inner.value, NOT_TEXT))
    if whole:
        docstrings = _docstrings(tree)
        add(n for n in _texts(tree, NOT_TEXT) if id(n) not in docstrings)
    return sorted((getattr(n, "lineno", 0), ast.get_source_segment(source, n) or "") for n in found.values())


def unmarked_nodes(source: str, path: str, whole: bool = False) -> list[ast.AST]:
    """As ``unmarked``, the nodes themselves."""
    tree = ast.parse(source, path)
    lines = {(line, text) for line, text in unmarked(source, path, whole)}
    return [
        n
        for n in ast.walk(tree)
        if (
            _literal_text(n) is not None
            and (getattr(n, "lineno", 0), ast.get_source_segment(source, n) or "") in lines
        )
    ]


def unmarked_in(root: Path, paths: list[Path], allowed: dict[str, str]) -> list[str]:
    """Every unmarked text of ``paths`` as ``file:line: literal``, less those ``allowed`` (by literal)."""
    out = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        for line, text in unmarked(path.read_text("utf-8"), rel, whole=rel in WHOLE_MODULES):
            if text not in allowed:
                out.append(f"{rel}:{line}: {text}")
    return out
