"""``python -m core.i18n extract``: write resources/locale/ddworkbook.pot from the marked texts;
``python -m core.i18n update [LANG...]``: that, then merge the template into each language's catalogue
(and the running Python's argparse messages into its argparse catalogue), saying what is left to
translate; ``python -m core.i18n compile [FOLDER]``: compile every catalogue to ``.mo`` (beside its
``.po``, or under FOLDER), as a build does."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from core.i18n import catalogues

USAGE = "usage: python -m core.i18n extract | update [LANG...] | compile [FOLDER]"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["extract"], ["update"]) and (len(args) == 1 or args[0] == "update"):
        try:
            path, changed = catalogues.write_template()
            count = len(catalogues.extract())
            print(f"{path}: {count} texts" + ("" if changed else " (unchanged)"))
            if args[0] == "update":
                for lang in args[1:] or catalogues.languages():
                    for written in catalogues.update(lang):
                        print(written)
                    for domain in catalogues.DOMAINS:
                        left = catalogues.missing(lang, domain)
                        count = len(left)
                        print(f"{lang} ({domain}): {count} to translate")
                        for problem in left:
                            print(f"  {problem}")
        except catalogues.ExtractionError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        return 0
    if args[:1] == ["compile"] and len(args) <= 2:
        for written in catalogues.compile_all(Path(args[1]) if len(args) == 2 else None):
            print(written)
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
