"""``python -m core.i18n extract``: write resources/locale/ddworkbook.pot from the marked texts;
``python -m core.i18n compile [FOLDER]``: compile every catalogue to ``.mo`` (beside its ``.po``, or
under FOLDER), as a build does."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from core.i18n import catalogues


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["extract"] and len(args) == 1:
        try:
            path, changed = catalogues.write_template()
        except catalogues.ExtractionError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        count = len(catalogues.extract())
        print(f"{path}: {count} texts" + ("" if changed else " (unchanged)"))
        return 0
    if args[:1] == ["compile"] and len(args) <= 2:
        for written in catalogues.compile_all(Path(args[1]) if len(args) == 2 else None):
            print(written)
        return 0
    print("usage: python -m core.i18n extract | compile [FOLDER]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
