"""The screening commands of the command line (DESIGN.md section 5, issue 13): ``lists``, ``lists import
FILE``, ``screen NAME [--country CC] [--json]``, ``screen ID [--json]`` and ``dispose ID --party N
--entry ENTRY --as false_positive|match --note TEXT``. ``core.cli`` adds their parsers
(``add_parsers``) and runs them (``COMMANDS``); bad input is one line on stderr and exit status 2, as
for every command.

``screen`` takes a dossier when its argument is the id of a stored dossier, else a name. The JSON
shapes are the contract's, exactly: ``{"query", "hits"}`` for a name and ``{"dossier", "parties":
[{"party", "name", "hits"}]}`` for a dossier, each hit ``{"list", "entry", "name", "kind", "score",
"why"}``. The plain-words output of a dossier also shows each hit's disposition as now recorded (a
decision taken before is kept when the same entry and name is found again).
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from core.i18n import _, formats, ngettext

if TYPE_CHECKING:
    from core.dossier import Dossier
    from core.screening import Hit
    from core.store import DossierScreening, ListImport, Rescreen, StoredList, Workbook

Open = Callable[[argparse.Namespace], "Workbook"]
# the command line's error for bad input (core.cli.UsageError: one line on stderr, exit status 2),
# given by core.cli, which imports this module
Usage = type[Exception]
_COUNTRY = re.compile(r"[A-Za-z]{2}")


def add_parsers(sub: Any) -> None:
    """The parsers of the screening commands, under the command line's ``sub``."""
    p = sub.add_parser("lists", help=_("the imported sanctions lists; 'lists import FILE' imports one"))
    lists_sub = p.add_subparsers(dest="lists_command", metavar="import")
    q = lists_sub.add_parser(
        "import",
        help=_(
            "import a sanctions list file (EU Financial Sanctions Files XML or CSV 1.1, UN consolidated "
            "list XML); replaces the earlier version of the same list"
        ),
    )
    q.add_argument("file", metavar="FILE")

    p = sub.add_parser(
        "screen",
        help=_(
            "screen a name against every imported list, or every party of a stored dossier (recorded in it)"
        ),
    )
    p.add_argument(
        "target",
        metavar="NAME|ID",
        help=_("the id of a stored dossier (its parties are screened and the results recorded), else a name"),
    )
    p.add_argument("--country", metavar="CC", help=_("the country of the name screened (two letters)"))
    p.add_argument("--json", action="store_true", help=_("print the hits as JSON"))

    p = sub.add_parser("dispose", help=_("record the decision on a screening hit of a dossier's party"))
    p.add_argument("id", metavar="ID")
    p.add_argument("--party", type=_party, required=True, metavar="N", help=_("the party's position, from 0"))
    p.add_argument("--entry", required=True, metavar="ENTRY", help=_("the list's id of the entry hit"))
    p.add_argument(
        "--as",
        dest="disposition",
        required=True,
        choices=("false_positive", "match"),
        help=_("false_positive: not the listed party; match: the listed party"),
    )
    p.add_argument("--note", required=True, metavar="TEXT", help=_("why (required)"))


def _party(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        raise argparse.ArgumentTypeError(
            _("expected the position of a party (0 for the first), found {found}").format(
                found=repr(text[:20])
            )
        )
    return int(text)


# ---------------------------------------------------------------------------- lists


def cmd_lists(args: argparse.Namespace, out: TextIO, open_workbook: Open, usage: Usage) -> int:
    if args.lists_command == "import":
        return _import(args, out, open_workbook, usage)
    with open_workbook(args) as wb:
        kept = wb.sanctions_lists()
    if not kept:
        out.write(
            _(
                "No sanctions list has been imported. Download the EU Financial Sanctions Files or the UN "
                "consolidated list and import it with: ddworkbook lists import FILE"
            )
            + "\n"
        )
        return 0
    head = (_("LIST"), _("VERSION"), _("ENTRIES"), _("NAMES"), _("IMPORTED (UTC)"), _("SOURCE"))
    widths = [max(len(head[0]), 6), max(len(head[1]), *(len(s.version) for s in kept)), len(head[2]), 6, 16]
    widths[2] = max(widths[2], 7)
    out.write("  ".join(f"{h:<{w}}" for h, w in zip(head, widths, strict=False)) + f"  {head[5]}\n")
    for s in kept:
        cells = (
            f"{s.list_id:<{widths[0]}}",
            f"{s.version:<{widths[1]}}",
            f"{s.entries:>{widths[2]}}",
            f"{s.names:>{widths[3]}}",
            f"{formats.date_time(s.imported_at):<{widths[4]}}",
        )
        out.write("  ".join(cells) + f"  {_source(s)}\n")
    return 0


def _format(s: StoredList) -> str:
    from core.screening.model import FORMAT_TITLES

    return _(FORMAT_TITLES[s.source_format]) if s.source_format in FORMAT_TITLES else s.source_format


def _source(s: StoredList) -> str:
    from core.files import printable

    return _("{format}: {file}").format(format=_format(s), file=printable(s.file_name))


def _import(args: argparse.Namespace, out: TextIO, open_workbook: Open, usage: Usage) -> int:
    from core.files import printable
    from core.screening import ListFileError

    with open_workbook(args) as wb:
        try:
            done: ListImport = wb.import_list(Path(args.file))
        except ListFileError as e:
            raise usage(str(e)) from None
    s = done.stored
    line = _(
        "{list}: version {version} imported from {file} ({format}): {entries} entries, {names} names"
    ).format(
        list=s.list_id,
        version=s.version,
        file=printable(s.file_name),
        format=_format(s),
        entries=s.entries,
        names=s.names,
    )
    if done.replaced is not None:
        line += _(", replacing version {version}").format(version=done.replaced)
    out.write(line + "\n")
    _write_rescreen(out, done.rescreen, s.list_id)
    return 0


def _write_rescreen(out: TextIO, rescreen: Sequence[Rescreen], list_id: str) -> None:
    if not rescreen:
        return
    out.write(
        ngettext(
            "{count} dossier was screened against another version of {list}; screen it again "
            "(ddworkbook screen ID):",
            "{count} dossiers were screened against another version of {list}; screen them again "
            "(ddworkbook screen ID):",
            len(rescreen),
        ).format(count=len(rescreen), list=list_id)
        + "\n"
    )
    for r in rescreen:
        out.write(f"  {r.dossier_id}  {r.title}\n")


# ---------------------------------------------------------------------------- screen


def cmd_screen(args: argparse.Namespace, out: TextIO, open_workbook: Open, usage: Usage) -> int:
    with open_workbook(args) as wb:
        if wb.exists(args.target):
            if args.country is not None:
                raise usage(
                    _(
                        "--country: a dossier's parties are screened with their own countries; give "
                        "--country only with a name"
                    )
                )
            done = wb.screen_dossier(args.target)
            if args.json:
                _dump(out, _dossier_json(done))
            else:
                _write_dossier(out, done)
            return 0
        country = None
        if args.country is not None:
            if not _COUNTRY.fullmatch(args.country):
                raise usage(
                    _("--country: expected a two-letter country code (such as NL), found {found}").format(
                        found=repr(args.country[:20])
                    )
                )
            country = args.country.upper()
        hits = wb.screen_name(args.target, country)
    if args.json:
        _dump(out, {"query": args.target, "hits": [h.to_json() for h in hits]})
        return 0
    if not hits:
        out.write(_("No hit for “{name}” on the imported lists.").format(name=args.target) + "\n")
        return 0
    out.write(
        ngettext("{count} hit for “{name}”:", "{count} hits for “{name}”:", len(hits)).format(
            count=len(hits), name=args.target
        )
        + "\n"
    )
    for h in hits:
        _write_hit(out, h)
    return 0


def _dump(out: TextIO, data: Any) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _dossier_json(done: DossierScreening) -> dict[str, Any]:
    return {
        "dossier": done.dossier_id,
        "parties": [
            {"party": p.party, "name": p.name, "hits": [h.to_json() for h in p.hits]} for p in done.parties
        ],
    }


def _write_hit(out: TextIO, h: Hit, decided: str = "") -> None:
    out.write(f"  {h.score:.2f}  {h.list_id}  {h.entry_id}  {h.kind}  {h.name}{decided}\n")
    for line in textwrap.wrap(h.why, 72):
        out.write(f"        {line}\n")


def _write_dossier(out: TextIO, done: DossierScreening) -> None:
    d = done.dossier
    lists = {r.list_id: r.list_version for r in d.screening if r.list_id in _screened_lists(done)}
    out.write(
        _("Dossier {id} “{title}”, screened against {lists}").format(
            id=done.dossier_id,
            title=d.title,
            lists=", ".join(
                _("{list} (version {version})").format(list=_list_title(lid), version=version)
                for lid, version in lists.items()
            ),
        )
        + "\n"
    )
    from core.content import default_content  # (not on the desktop program's start-up path)

    roles = default_content().role_labels
    for p in done.parties:
        role = roles.get(d.parties[p.party].role or "", d.parties[p.party].role or "?")
        count = (
            ngettext("{count} hit", "{count} hits", len(p.hits)).format(count=len(p.hits))
            if p.hits
            else _("no hit")
        )
        out.write(
            _("Party {party} ({role}) {name}: {hits}").format(
                party=p.party, role=role, name=p.name, hits=count
            )
            + "\n"
        )
        for h in p.hits:
            _write_hit(out, h, _decision(d, p.party, h))
    if not done.parties:
        out.write(_("No party with a name to screen.") + "\n")
    _write_open(out, d, done.dossier_id)


def _list_title(list_id: str) -> str:
    from core.dossier import list_title  # (not on the desktop program's start-up path)

    return list_title(list_id)


def _screened_lists(done: DossierScreening) -> set[str]:
    screened = {p.party for p in done.parties}
    return {
        r.list_id
        for r in done.dossier.screening
        if r.party in screened and not r.list_id.startswith("custom:")
    }


def _decision(d: Dossier, party: int, h: Hit) -> str:
    """The disposition (and note) recorded for a hit: '  [open]', '  [false_positive: why]'."""
    for r in d.screening:
        if (r.party, r.list_id) == (party, h.list_id) and r.name == d.parties[party].name:
            for recorded in r.hits:
                if (recorded.entry, recorded.name) == (h.entry_id, h.name):
                    note = f": {recorded.note}" if recorded.note else ""
                    return f"  [{recorded.disposition}{note}]"
    return ""


def _write_open(out: TextIO, d: Dossier, dossier_id: str) -> None:
    from core.dossier import open_hits

    still = open_hits(d)
    if still:
        out.write(
            ngettext(
                "{count} hit is open: decide with ddworkbook dispose {id} --party N --entry ENTRY "
                "--as false_positive|match --note TEXT",
                "{count} hits are open: decide with ddworkbook dispose {id} --party N --entry ENTRY "
                "--as false_positive|match --note TEXT",
                len(still),
            ).format(count=len(still), id=dossier_id)
            + "\n"
        )


# ---------------------------------------------------------------------------- dispose


def cmd_dispose(args: argparse.Namespace, out: TextIO, open_workbook: Open, usage: Usage) -> int:
    from core.decision import assess

    with open_workbook(args) as wb:
        d = wb.dispose_hit(args.id, args.party, args.entry, args.disposition, args.note)
        code = assess(d, wb.content).outcome
        outcome = f"{wb.content.outcomes[code].title} [{code}]"
    out.write(
        _("{id}: party {party} ({name}), entry {entry}: {disposition}").format(
            id=args.id,
            party=args.party,
            name=d.parties[args.party].name,
            entry=args.entry,
            disposition=args.disposition,
        )
        + "\n"
    )
    out.write(_("Outcome: {outcome}").format(outcome=outcome) + "\n")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, Open, Usage], int]] = {
    "lists": cmd_lists,
    "screen": cmd_screen,
    "dispose": cmd_dispose,
}
