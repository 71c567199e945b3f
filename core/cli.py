"""The ``ddworkbook`` command line (DESIGN.md section 5).

Exit status: 0 done; 2 bad input, with one line on stderr naming the field or file and what was
expected; 1 when ``verify`` finds a problem. Tracebacks are never shown to users; set
``DDWORKBOOK_DEBUG=1`` to see one for an internal error.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

from core import about, cli_screening
from core.content import Content, ContentError, default_content
from core.contract import YEAR_MAX, YEAR_MIN
from core.i18n import ENVIRONMENT, N_, _, argparse_messages, choose_language, formats, ngettext, set_language
from core.lazy import lazy_import
from core.store import (
    BackupProblems,
    HoldsError,
    NotFoundError,
    SchemaError,
    StoreError,
    Workbook,
    default_workbook_path,
    export_year_problem,
    restore,
)

if TYPE_CHECKING:
    from core import decision as _decision
    from core import dossier as _dossier
    from core import files
    from core.decision import Assessment
    from core.dossier import Dossier
else:  # the desktop program does not need them to start
    _decision = lazy_import("core.decision")
    _dossier = lazy_import("core.dossier")
    files = lazy_import("core.files")

T = TypeVar("T")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
_NEVER_ACCEPTED = "outcome_incomplete"  # the hold that no reason accepts (DESIGN.md section 4)


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see '{program} --help')").format(message=message, program=self.prog))


def _export_year(text: str) -> int:
    """``--export-year``: a year of the range that dates have (DESIGN.md section 3)."""
    year = int(text) if text.isascii() and text.strip().isdigit() and len(text.strip()) <= 4 else None
    problem = export_year_problem(year) if year is not None else None
    if year is None or problem:
        shown = text if len(text) <= 12 else text[:12] + "..."
        raise argparse.ArgumentTypeError(
            problem
            or _("expected a year from {first} to {last}, found {found}").format(
                first=YEAR_MIN, last=YEAR_MAX, found=repr(shown)
            )
        )
    return year


class _Version(argparse.Action):
    """``--version``: the version, the corpus version of the legal texts and the licence (read only
    when asked for: the legal texts are content)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sys.stdout.write(about())
        parser.exit()


_FILE_OR_ID = N_(
    "a dossier file (an argument with '/' or '\\' in it, or ending in .json) or the id of a "
    "stored dossier (anything else; write ./NAME for a file without either)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ddworkbook",
        description=_(
            "Due-diligence workbook for exporters of cyber-surveillance items "
            "(Regulation (EU) 2021/821, Article 5)."
        ),
    )
    parser.add_argument(
        "--version",
        action=_Version,
        help=_("print the version, the legal texts' corpus version and the licence"),
    )
    parser.add_argument(
        "--workbook",
        metavar="PATH",
        help=_("the workbook file (default: $DDWORKBOOK_WORKBOOK, else the user data folder)"),
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help=_(
            "the language of messages and reports: en or nl (default: $DDWORKBOOK_LANG, else the system's)"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _dossier_commands(sub)
    _workbook_commands(sub)
    cli_screening.add_parsers(sub)
    return parser


def _dossier_commands(sub: Any) -> None:
    """The commands that work on dossiers (and the desktop program)."""
    p = sub.add_parser("gui", help=_("open the desktop program (the default)"))
    p.add_argument(
        "--quit-after-startup",
        action="store_true",
        help=_("exit 0 once the main window with its list has been shown"),
    )

    p = sub.add_parser("assess", help=_("print the assessment of a dossier file or stored dossier"))
    p.add_argument("dossier", metavar="FILE|ID", help=_(_FILE_OR_ID))
    p.add_argument("--json", action="store_true", help=_("print the assessment as JSON"))

    p = sub.add_parser("import", help=_("store dossiers from files (all or none); prints the ids"))
    p.add_argument("files", metavar="FILE", nargs="+")
    p.add_argument(
        "--replace",
        action="store_true",
        help=_("overwrite drafts that have the same id (finalised dossiers never)"),
    )

    p = sub.add_parser(
        "export",
        help=_("write a stored dossier in the interchange format, or (--all) the whole record to a folder"),
    )
    p.add_argument("id", metavar="ID", nargs="?")
    p.add_argument(
        "--all",
        action="store_true",
        help=_("every dossier, its evidence and the journal, to a new folder given with -o"),
    )
    p.add_argument("-o", "--output", metavar="FILE|FOLDER", required=True)
    p.add_argument(
        "--with-evidence",
        action="store_true",
        help=_("also write the evidence files, to FILE's name + '-evidence/'"),
    )

    p = sub.add_parser("list", help=_("list stored dossiers: id, title, status, outcome, updated"))
    p.add_argument("--json", action="store_true", help=_("print the list as JSON"))
    p.add_argument("--search", metavar="TEXT", help=_("only dossiers matching TEXT (full-text search)"))

    p = sub.add_parser("attach", help=_("add an evidence file to a dossier"))
    p.add_argument("id", metavar="ID")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--question", metavar="QID", help=_("the question the file is evidence for"))
    p.add_argument("--description", metavar="TEXT")

    p = sub.add_parser("finalise", help=_("sign off and freeze a dossier"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)
    p.add_argument(
        "--export-year",
        type=_export_year,
        metavar="YEAR",
        help=_(
            "calendar year of the export, when there is no export date yet; records are kept to the "
            "end of the year of the export date, else of this year, else of the planned export date's, "
            "else of the year of sign-off, plus five years"
        ),
    )
    p.add_argument(
        "--accept-holds",
        metavar="REASON",
        help=_(
            "sign off although the assessment has holds, accepting them all for REASON (recorded "
            "with the sign-off); outcome_incomplete is never accepted"
        ),
    )

    p = sub.add_parser("duplicate", help=_("copy a dossier (finalised or not) into a new draft"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--title")

    p = sub.add_parser("report", help=_("write the PDF dossier report (and the draft for the authority)"))
    p.add_argument("dossier", metavar="FILE|ID", help=_(_FILE_OR_ID))
    p.add_argument("-o", "--output", metavar="OUT.pdf", required=True)
    p.add_argument(
        "--deterministic",
        action="store_true",
        help=_(
            "the same bytes for the same dossier: reportlab's invariant mode, dated by the "
            "dossier's last change"
        ),
    )
    p.add_argument("--no-draft", action="store_true", help=_("do not write the draft for the authority"))


def _workbook_commands(sub: Any) -> None:
    """The commands that work on the workbook as a whole."""
    p = sub.add_parser(
        "verify",
        help=_(
            "check the workbook: SQLite integrity, schema, journal chain, evidence "
            "hashes, fingerprints and seals"
        ),
    )
    p.add_argument(
        "--seal",
        metavar="HASH",
        help=_(
            "check instead that the sign-off with this seal (printed on the report's sign-off "
            "page) is in the workbook and its dossier unchanged"
        ),
    )

    p = sub.add_parser(
        "backup", help=_("write a consistent, checked copy of the workbook (also while it is in use)")
    )
    p.add_argument("-o", "--output", metavar="FILE", required=True)

    p = sub.add_parser(
        "restore",
        help=_(
            "check a backup, keep the current workbook aside in its folder, and put the backup in its place"
        ),
    )
    p.add_argument("backup", metavar="FILE")


def _unfailing_output() -> None:
    """Output that never fails on a character: to a pipe or a file in UTF-8 (the encoding of JSON, and
    what programs reading it expect), to a terminal in its own encoding with escapes for what it cannot
    show. On Windows, a pipe's encoding is the ANSI code page (cp1252): a Cyrillic name raised
    UnicodeEncodeError there."""
    for stream, original in ((sys.stdout, sys.__stdout__), (sys.stderr, sys.__stderr__)):
        if stream is None or stream is not original or not isinstance(stream, io.TextIOWrapper):
            continue  # (replaced: a test's capture, or the desktop program's own)
        if (stream.encoding or "").lower().replace("-", "").replace("_", "") == "utf8":
            continue
        try:
            if stream.isatty():
                stream.reconfigure(errors="backslashreplace")
            else:
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")
        except (OSError, ValueError):
            pass  # a stream that cannot be changed is left as it is


def main(argv: Sequence[str] | None = None) -> int:
    _unfailing_output()
    args_list = list(sys.argv[1:] if argv is None else argv)
    # the language first: the parser's help and every message are in it (DESIGN.md section 5)
    lang, note = choose_language(_language_option(args_list))
    set_language(lang)
    if note:
        print(_("ddworkbook: warning: {message}").format(message=files.printable(note)), file=sys.stderr)
    try:
        with argparse_messages():  # argparse's own words ("usage:", its errors) in that language too
            args = build_parser().parse_args(args_list)
        _check_arguments(args)
        command = args.command or "gui"
        handler = _COMMANDS[command]
        return handler(args, sys.stdout)
    except UsageError as e:
        return _fail(str(e))
    except _dossier.DossierError as e:
        return _fail(e.first_line())
    except StoreError as e:
        return _fail(str(e))
    except ContentError as e:
        return _fail(_("the program's content is damaged: {problem}").format(problem=e), EXIT_PROBLEMS)
    except KeyboardInterrupt:
        print(_("ddworkbook: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # a bug: one clear line, the traceback only on request
        if os.environ.get("DDWORKBOOK_DEBUG"):
            raise
        return _fail(
            _("internal error: {error}: {message} (set DDWORKBOOK_DEBUG=1 for details)").format(
                error=type(e).__name__, message=e
            ),
            EXIT_PROBLEMS,
        )


def _fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
    # one line, printable whatever it quotes (file names that are not UTF-8, control characters)
    line = files.printable(" ".join(message.split()))
    print(_("ddworkbook: error: {message}").format(message=line), file=sys.stderr)
    return status


def _language_option(args: Sequence[str]) -> str | None:
    """The value of the global option ``--lang`` (before the command), read before the parser is
    made: the parser's help is in that language. Like argparse, it takes ``--lang X``, ``--lang=X`` and
    an abbreviation (``--la X``); ``--workbook``'s value is skipped."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--" or not arg.startswith("-"):
            return None  # the command: the options after it are its own
        name, eq, value = arg.partition("=")
        if len(name) >= 3 and "--lang".startswith(name):
            return value if eq else (args[i + 1] if i + 1 < len(args) else None)
        i += 2 if (not eq and len(name) >= 3 and "--workbook".startswith(name)) else 1
    return None


# How each argument is named in messages; paths may be any bytes the system allows, but no NUL.
_PATH_ARGUMENTS = {"workbook": "--workbook", "output": "-o", "files": "FILE", "file": "FILE"}
_ARGUMENT_NAMES = {
    "id": "ID",
    "target": "NAME|ID",
    "dossier": "FILE|ID",
    "name": "--name",
    "role": "--role",
    "title": "--title",
    "description": "--description",
    "question": "--question",
    "search": "--search",
}


def _check_arguments(args: argparse.Namespace) -> None:
    """Every argument once, before any is used: no NUL anywhere (the system cannot pass one, but
    ``main(argv)`` can); text that is stored or looked up (ids, names, titles) must be valid UTF-8,
    which a byte string from the command line decoded with surrogateescape may not be."""
    for dest, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            path = dest in _PATH_ARGUMENTS or (dest == "dossier" and _is_file(text))
            label = _PATH_ARGUMENTS.get(dest) or _ARGUMENT_NAMES.get(dest, f"--{dest.replace('_', '-')}")
            if text.isascii() and "\0" not in text:
                continue
            if "\0" in text:
                message = (
                    _("{option}: {value}: contains a NUL character; expected a file name")
                    if path
                    else _("{option}: {value}: contains a NUL character")
                )
                raise UsageError(message.format(option=label, value=files.printable(text)))
            if not path and not files.is_valid_text(text):
                raise UsageError(
                    _("{option}: {value}: is not valid UTF-8 text").format(
                        option=label, value=files.printable(text)
                    )
                )
    if getattr(args, "command", None) == "duplicate" and args.title is not None:
        problem = _dossier.title_problem(args.title)
        if problem:
            raise UsageError(_("{option}: {problem}").format(option="--title", problem=problem))


# ---------------------------------------------------------------------------- commands


def _cmd_gui(args: argparse.Namespace, out: TextIO) -> int:
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        raise UsageError(
            _(
                "the desktop program needs a graphical session (no DISPLAY is set); the "
                "command line works without one: see 'ddworkbook --help'"
            )
        )
    # Start-up allocates much and frees little: the garbage collector is paused until the window is
    # painted, then what start-up made is frozen (gui.app.run), so that it is not walked again.
    gc.disable()
    try:
        from gui.app import run  # imported only here: the rest of the command line needs no Qt
    except ImportError as e:
        gc.enable()
        raise UsageError(_("the desktop program cannot start: {error}").format(error=e)) from None
    path = Path(args.workbook).expanduser() if args.workbook else default_workbook_path()
    fixed = bool(args.lang or os.environ.get(ENVIRONMENT))  # else the program's own choice holds
    return run(path, quit_after_startup=getattr(args, "quit_after_startup", False), language_fixed=fixed)


def _workbook(args: argparse.Namespace, create: bool = True) -> Workbook:
    path = Path(args.workbook).expanduser() if args.workbook else default_workbook_path()
    return Workbook.open(path, create=create)


def _is_file(ref: str) -> bool:
    """The FILE|ID rule: an argument with a path separator ('/' or '\\') or ending in '.json' is a
    dossier file; anything else is the id of a stored dossier, even when a file of that name exists
    (write ./NAME for such a file). Stored ids never contain a separator nor end in '.json'
    (core.dossier.dossier_id_problem), so an id never names a file and a path never names an id."""
    return "/" in ref or "\\" in ref or os.sep in ref or ref.casefold().endswith(".json")


def _stored(wb: Workbook, ref: str) -> Dossier:
    """The stored dossier ``ref``; when there is none but a file of that name, say how to name it."""
    return _found(ref, wb.dossier)


def _found(ref: str, read: Callable[[str], T]) -> T:
    """``read(ref)`` of a stored dossier; when there is none but a file of that name, say how to name
    it."""
    try:
        return read(ref)
    except NotFoundError as e:
        if os.path.lexists(ref):
            raise NotFoundError(
                _("{error}; to read the file of that name, write ./{name}").format(error=e, name=ref)
            ) from None
        raise


def _load_dossier(args: argparse.Namespace, ref: str) -> Dossier:
    """A dossier file, or else the id of a stored dossier."""
    if _is_file(ref):
        dossiers = _dossier.read_dossier_file(Path(ref))
        if len(dossiers) != 1:
            raise UsageError(
                ngettext(
                    "{file}: holds {count} dossier; give a file with one",
                    "{file}: holds {count} dossiers; give a file with one",
                    len(dossiers),
                ).format(file=files.printable(ref), count=len(dossiers))
            )
        return dossiers[0]
    with _workbook(args) as wb:
        return _stored(wb, ref)


def _cmd_assess(args: argparse.Namespace, out: TextIO) -> int:
    dossier = _load_dossier(args, args.dossier)
    result = _decision.assess(dossier)
    if args.json:
        json.dump(result.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(format_assessment(dossier, result, default_content()))
    return EXIT_OK


def format_assessment(dossier: Dossier, result: Assessment, content: Content, width: int = 78) -> str:
    """The assessment in plain words, for people reading a terminal."""

    def wrap(text: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]

    title = (
        _("{title} ({reference})").format(title=dossier.title, reference=dossier.reference)
        if dossier.reference
        else dossier.title
    )
    outcome = content.outcomes[result.outcome]
    step = content.decision_step(result.decided_at)
    labels = (_("Dossier:"), _("Outcome:"))
    column = max(12, *(len(label) + 1 for label in labels))  # the values start in one column
    lines = [
        f"{labels[0]:<{column}}{title}",
        f"{labels[1]:<{column}}{outcome.title}",
        " " * column
        + _("[{outcome}, decided at {step_id}: {step}]").format(
            outcome=result.outcome, step_id=result.decided_at, step=step.title
        ),
        "",
    ]
    if dossier.sign_off is None:
        lines += _holds_in_words(result, content, width)
    else:
        lines += _signed_off_in_words(dossier, result, content, width)
    if result.path:
        lines.append(_("Answers that led here:"))
        label_width = max(len(content.question(p.question).label) for p in result.path)
        for p in result.path:
            label = content.question(p.question).label
            answer = _decision.describe_answer(content, p.question, p.answer)
            lines.append(f"  {label:<{label_width}}  {answer}")
        lines.append("")
    if result.missing:
        lines.append(_("Still to answer:"))
        for qid in result.missing:
            lines += wrap(f"{qid}: {content.question(qid).text}")
        lines.append("")
    if result.warnings:
        lines.append(_("Warnings:"))
        for wid in result.warnings:
            warning = content.warnings[wid]
            lines += wrap(f"! {warning.title} [{wid}]: {warning.text}")
        lines.append("")
    lines.append(_("Explanation:"))
    lines += wrap(result.explanation)
    cites = [content.cite(c).short for c in outcome.cites if content.cite(c).kind == "article"]
    if cites:
        lines.append(
            "  "
            + _("({articles}, {regulation}, corpus {version})").format(
                articles=", ".join(cites), regulation=content.regulation, version=content.corpus_version
            )
        )
    return "\n".join(lines) + "\n"


def _signed_off_in_words(dossier: Dossier, result: Assessment, content: Content, width: int) -> list[str]:
    """Who signed the dossier off and when, and the holds accepted then with the reason; and, should
    the rules of this version find holds that were not accepted then, those."""
    so = dossier.sign_off
    assert so is not None
    lines = [
        _("Signed off by {name} ({role}) on {date}.").format(
            name=so.name, role=so.role, date=formats.date(so.date)
        )
    ]
    if so.accepted_holds:
        titles = "; ".join(content.holds[h].title if h in content.holds else h for h in so.accepted_holds)
        text = _("Holds accepted at sign-off: {holds}. The reason given: {reason}").format(
            holds=titles, reason=so.accepted_because or ""
        )
        lines += textwrap.wrap(text, width)
    lines.append("")
    others = [h for h in result.holds if h not in so.accepted_holds]
    if others:
        lines.append(_("Holds by the rules of this version, not accepted at sign-off:"))
        lines += _hold_lines(others, result, content, width)
    return lines


def _hold_lines(holds: Sequence[str], result: Assessment, content: Content, width: int) -> list[str]:
    acceptable = result.acceptable_holds
    lines = []
    for hid in holds:
        hold = content.holds[hid]
        never = "" if hid in acceptable else " " + _("(can never be accepted)")
        text = f"{hold.title} [{hid}]{never}: {hold.text}"
        lines += textwrap.wrap(text, width, initial_indent="  - ", subsequent_indent="    ")
    lines.append("")
    return lines


def _holds_in_words(result: Assessment, content: Content, width: int) -> list[str]:
    """What must be settled before sign-off (the assessment's holds), or that nothing must."""
    if not result.holds:
        return [_("Before sign-off: nothing to settle."), ""]
    return [
        _("Before sign-off, settle these (or accept them at sign-off with a reason, except where said):"),
        *_hold_lines(result.holds, result, content, width),
    ]


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    batches = []
    for name in args.files:
        path = Path(name)
        batches.append((path, _dossier.read_dossier_file(path)))  # every file is read and checked first
    with _workbook(args) as wb:
        ids = wb.import_batches(batches, replace=args.replace)
    for did in ids:
        out.write(f"{did}\n")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    if args.all == (args.id is not None):
        raise UsageError(_("export: give either a dossier ID (-o FILE) or --all (-o FOLDER)"))
    if args.all:
        with _workbook(args, create=False) as wb:
            done = wb.export_all(Path(args.output), with_evidence=args.with_evidence)
        out.write(
            _(
                "{folder}: {dossiers} dossiers, {entries} journal entries, {files} files "
                "(see README.txt there)"
            ).format(
                folder=files.printable(done.folder),
                dossiers=formats.number(done.dossiers),
                entries=formats.number(done.journal_entries),
                files=formats.number(done.files),
            )
            + "\n"
        )
        return EXIT_OK
    target = Path(args.output)
    if target.is_dir():
        raise UsageError(_("-o: {file}: is a folder; give a file name").format(file=files.printable(target)))
    if args.with_evidence and not files.is_valid_text(target.name):
        raise UsageError(
            _(
                "-o: {file}: the name is not valid UTF-8 text; with "
                "--with-evidence the evidence folder's name is written into the dossier file, "
                "so choose a name in UTF-8"
            ).format(file=files.printable(target))
        )
    with _workbook(args) as wb:
        wb.export(args.id, target, with_evidence=args.with_evidence)
    return EXIT_OK


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    with _workbook(args) as wb:
        rows = wb.summaries(args.search)
    if args.json:  # one dossier a line, with the fast C encoder
        lines = ",\n ".join(json.dumps(r.to_json(), ensure_ascii=False) for r in rows)
        out.write(f"[\n {lines}\n]\n" if rows else "[]\n")
        return EXIT_OK
    if not rows:
        out.write((_("No dossiers.") if not args.search else _("No dossier matches.")) + "\n")
        return EXIT_OK
    # the column headings, translated; a column is as wide as its heading at least (the title's as
    # its longest title, up to 50 characters)
    head = (_("ID"), _("TITLE"), _("STATUS"), _("OUTCOME"), _("UPDATED"))
    width = min(50, max(len(r.title) for r in rows))
    widths = (max(12, len(head[0])), width, max(6, len(head[2])), max(28, len(head[3])))
    out.write("  ".join(f"{h:<{w}}" for h, w in zip(head, widths, strict=False)) + f"  {head[4]}\n")
    for r in rows:
        title = r.title if len(r.title) <= width else r.title[: width - 1] + "…"
        cells = (r.id, title, r.status, r.outcome)
        out.write(
            "  ".join(f"{c:<{w}}" for c, w in zip(cells, widths, strict=True))
            + f"  {formats.date_time(r.updated)}\n"
        )
    return EXIT_OK


def _cmd_attach(args: argparse.Namespace, out: TextIO) -> int:
    with _workbook(args) as wb:
        ev = wb.attach(args.id, Path(args.file), question=args.question, description=args.description)
    out.write(
        _("{id}  {file}  {size} bytes  sha256 {sha256}").format(
            id=ev.id, file=ev.filename, size=formats.number(ev.size or 0), sha256=ev.sha256
        )
        + "\n"
    )
    return EXIT_OK


def _cmd_finalise(args: argparse.Namespace, out: TextIO) -> int:
    reason = args.accept_holds
    if reason is not None and _dossier.shows_nothing(reason):
        raise UsageError(_("--accept-holds: a reason is required (it is recorded with the sign-off)"))
    with _workbook(args) as wb:
        try:
            stored = wb.finalise(
                args.id, args.name, args.role, export_year=args.export_year, accept_holds=reason
            )
        except HoldsError as e:
            if reason is None and _NEVER_ACCEPTED not in e.holds:
                raise UsageError(_("{error} (--accept-holds REASON)").format(error=e)) from None
            raise
    out.write(
        _("{id} finalised; keep the record until {date} ({why})").format(
            id=args.id, date=formats.date(stored.retention_until), why=stored.retention_explained()
        )
        + "\n"
    )
    sign_off = stored.dossier.sign_off
    if sign_off is not None and sign_off.accepted_holds:
        out.write(_("accepted holds: {holds}").format(holds=", ".join(sign_off.accepted_holds)) + "\n")
    return EXIT_OK


def _cmd_duplicate(args: argparse.Namespace, out: TextIO) -> int:
    with _workbook(args) as wb:
        out.write(f"{wb.duplicate(args.id, args.title)}\n")
    return EXIT_OK


def _seal_argument(text: str) -> str:
    seal = "".join(text.split()).lower()  # as printed, in groups, or as one word
    if len(seal) != 64 or any(ch not in "0123456789abcdef" for ch in seal):
        raise UsageError(
            _(
                "--seal: expected the 64 hexadecimal characters of a seal, as printed on the "
                "report's sign-off page; found {found}"
            ).format(found=repr(text))
        )
    return seal


def _cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    seal = _seal_argument(args.seal) if args.seal is not None else None
    try:
        wb = _workbook(args, create=False)
    except SchemaError as e:  # changed outside ddworkbook: checked read-only, nothing in it can run
        wb = Workbook.inspect(e.path)
    with wb:
        if seal is not None:
            holds, reasons = wb.check_seal(seal)
            for reason in reasons:
                out.write(_("PROBLEM: seal {seal}: {reason}").format(seal=seal, reason=reason) + "\n")
            if reasons:
                return EXIT_PROBLEMS
            out.write(f"{wb.path}: {holds}\n")
            return EXIT_OK
        found = 0
        for p in wb.problems():
            out.write(_("PROBLEM: {problem}").format(problem=p) + "\n")
            found += 1
        count = wb.count()
    if found:
        out.write(
            ngettext(
                "{count} problem found in {workbook}", "{count} problems found in {workbook}", found
            ).format(count=formats.number(found), workbook=files.printable(wb.path))
            + "\n"
        )
        return EXIT_PROBLEMS
    out.write(
        ngettext(
            "{workbook}: ok ({count} dossier; integrity, schema, journal chain, "
            "evidence hashes, fingerprints and seals checked)",
            "{workbook}: ok ({count} dossiers; integrity, schema, journal chain, "
            "evidence hashes, fingerprints and seals checked)",
            count,
        ).format(workbook=files.printable(wb.path), count=formats.number(count))
        + "\n"
    )
    return EXIT_OK


def _cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    with _workbook(args, create=False) as wb:
        try:
            made = wb.backup(Path(args.output))
        except BackupProblems as e:
            for p in e.problems:
                out.write(_("PROBLEM: {problem}").format(problem=p) + "\n")
            print(_("ddworkbook: error: {message}").format(message=" ".join(str(e).split())), file=sys.stderr)
            return EXIT_PROBLEMS
    out.write(
        _("{backup}: backup made and checked ({what})").format(backup=made.path, what=made.describe()) + "\n"
    )
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.workbook).expanduser() if args.workbook else default_workbook_path()
    result = restore(path, Path(args.backup))
    if result.kept_aside is not None:
        out.write(
            _("{workbook}: the workbook as it was is kept as {kept}").format(
                workbook=path, kept=result.kept_aside
            )
            + "\n"
        )
    out.write(
        _("{workbook}: restored from {backup} ({what})").format(
            workbook=path, backup=args.backup, what=result.restored.describe()
        )
        + "\n"
    )
    return EXIT_OK


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from core.report import report_input
    from core.report.record import read_record
    from core.report.writing import write_reports

    target = Path(args.output)
    if target.is_dir():
        raise UsageError(_("-o: {file}: is a folder; give a file name").format(file=files.printable(target)))
    if _is_file(args.dossier):
        data = report_input(_load_dossier(args, args.dossier), deterministic=args.deterministic)
    else:
        with _workbook(args) as wb:
            record = _found(args.dossier, lambda ref: read_record(wb, ref))
            data = report_input(record, deterministic=args.deterministic)
    try:
        write_reports(
            data,
            target,
            invariant=args.deterministic,
            draft=not args.no_draft,
            written=lambda path: out.write(f"{files.printable(path)}\n"),
        )
    except OSError as e:  # a WriteError names the file it was writing
        raise UsageError(str(files.write_error(e, target))) from None
    return EXIT_OK


def _screening_command(
    command: Callable[[argparse.Namespace, TextIO, cli_screening.Open, cli_screening.Usage], int],
) -> Callable[[argparse.Namespace, TextIO], int]:
    """A screening command (core.cli_screening) with this module's workbook and error for bad input."""
    return lambda args, out: command(args, out, _workbook, UsageError)


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "gui": _cmd_gui,
    "assess": _cmd_assess,
    "import": _cmd_import,
    "export": _cmd_export,
    "list": _cmd_list,
    "attach": _cmd_attach,
    "finalise": _cmd_finalise,
    "duplicate": _cmd_duplicate,
    "verify": _cmd_verify,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "report": _cmd_report,
    **{name: _screening_command(command) for name, command in cli_screening.COMMANDS.items()},
}


if __name__ == "__main__":
    sys.exit(main())
