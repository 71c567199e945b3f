"""The ``ddworkbook`` command line (DESIGN.md section 5).

Exit status: 0 done; 2 bad input, with one line on stderr naming the field or file and what was
expected; 1 when ``verify`` finds a problem. Tracebacks are never shown to users; set
``DDWORKBOOK_DEBUG=1`` to see one for an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from core import __version__
from core.content import Content, ContentError, default_content
from core.decision import Assessment, assess, describe_answer
from core.dossier import Dossier, DossierError, read_dossier_file

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ddworkbook",
        description="Due-diligence workbook for exporters of cyber-surveillance items "
                    "(Regulation (EU) 2021/821, Article 5).")
    parser.add_argument("--version", action="version", version=f"ddworkbook {__version__}")
    parser.add_argument("--workbook", metavar="PATH",
                        help="the workbook file (default: $DDWORKBOOK_WORKBOOK, else the user data "
                             "folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("gui", help="open the desktop program (the default)")
    p.add_argument("--quit-after-startup", action="store_true",
                   help="exit 0 once the main window with its list has been shown")

    p = sub.add_parser("assess", help="print the assessment of a dossier file or stored dossier")
    p.add_argument("dossier", metavar="FILE|ID")
    p.add_argument("--json", action="store_true", help="print the assessment as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        command = args.command or "gui"
        handler = _COMMANDS[command]
        return handler(args, sys.stdout)
    except UsageError as e:
        return _fail(str(e))
    except DossierError as e:
        return _fail(e.first_line())
    except ContentError as e:
        return _fail(f"the program's content is damaged: {e}", EXIT_PROBLEMS)
    except KeyboardInterrupt:
        print("ddworkbook: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # a bug: one clear line, the traceback only on request
        if os.environ.get("DDWORKBOOK_DEBUG"):
            raise
        return _fail(f"internal error: {type(e).__name__}: {e} (set DDWORKBOOK_DEBUG=1 for details)",
                     EXIT_PROBLEMS)


def _fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
    print(f"ddworkbook: error: {' '.join(message.split())}", file=sys.stderr)
    return status


# ---------------------------------------------------------------------------- commands


def _cmd_gui(args: argparse.Namespace, out: TextIO) -> int:
    raise UsageError("the desktop program is not part of this build yet; use the command line "
                     "commands (see 'ddworkbook --help')")


def _load_dossier(ref: str) -> Dossier:
    path = Path(ref)
    if path.exists() or path.suffix.lower() == ".json" or os.sep in ref:
        dossiers = read_dossier_file(path)
        if len(dossiers) != 1:
            raise UsageError(f"{ref}: holds {len(dossiers)} dossiers; assess takes a file with one")
        return dossiers[0]
    raise UsageError(f"{ref}: no such file")


def _cmd_assess(args: argparse.Namespace, out: TextIO) -> int:
    dossier = _load_dossier(args.dossier)
    result = assess(dossier)
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

    title = dossier.title + (f" ({dossier.reference})" if dossier.reference else "")
    outcome = content.outcomes[result.outcome]
    step = content.step(result.decided_at)
    lines = [f"Dossier:    {title}", f"Outcome:    {outcome.title}",
             f"            [{result.outcome}, decided at {result.decided_at}: {step.title}]", ""]
    if result.path:
        lines.append("Answers that led here:")
        label_width = max(len(content.question(p.question).label) for p in result.path)
        for p in result.path:
            label = content.question(p.question).label
            lines.append(f"  {label:<{label_width}}  {describe_answer(content, p.question, p.answer)}")
        lines.append("")
    if result.missing:
        lines.append("Still to answer:")
        for qid in result.missing:
            lines += wrap(f"{qid}: {content.question(qid).text}")
        lines.append("")
    if result.warnings:
        lines.append("Warnings:")
        for wid in result.warnings:
            warning = content.warnings[wid]
            lines += wrap(f"! {warning.title} [{wid}]: {warning.text}")
        lines.append("")
    lines.append("Explanation:")
    lines += wrap(result.explanation)
    cites = [content.cite(c).short for c in outcome.cites if content.cite(c).kind == "article"]
    if cites:
        lines.append(f"  ({', '.join(cites)}, {content.regulation}, corpus {content.corpus_version})")
    return "\n".join(lines) + "\n"


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "gui": _cmd_gui,
    "assess": _cmd_assess,
}


if __name__ == "__main__":
    sys.exit(main())
