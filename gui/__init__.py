"""The desktop program (PySide6). A client of ``core``: it asks ``core.decision`` for every decision
and never re-implements a rule. Not built yet: see the wizard issue."""
