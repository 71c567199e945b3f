"""The example dossier shipped with the program (``resources/examples/``): a complete version 2 draft
for an invented export that walks the four steps, with its evidence files beside it. The desktop
program offers it at the first start, and Help > Open the example dossier imports a fresh copy."""

from __future__ import annotations

from pathlib import Path


def example_dossier_file() -> Path:
    """The example's dossier file (its evidence paths are relative to it)."""
    import resources  # found beside the package, in a build as in development (core.content)

    return Path(resources.__file__).parent / "examples" / "example-dossier.json"
