"""The desktop program (PySide6): the list of dossiers (``main_window``), the dossier wizard
(``wizard``), reports made off the GUI thread (``report``) and the settings (``settings``). A client of
``core``: it asks ``core.decision`` for every decision and never re-implements a rule."""
