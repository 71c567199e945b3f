"""Modules loaded at their first use rather than at import (the recipe of the importlib documentation,
"Implementing lazy imports").

The desktop program's start-up is measured against a bare PySide6 window; showing the dossier list
needs neither the dossier model nor the decision rules, so the store names them with ``lazy_import``
and they are loaded when a dossier is first read or written.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_import(name: str) -> ModuleType:
    """The module ``name``; executed at the first access to one of its attributes."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"no module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
