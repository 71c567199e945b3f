"""ddworkbook's headless core: content, dossier format, decision rules, workbook store, reports.

Nothing under this package imports Qt; the desktop program in ``gui`` is a client of it, as are the
command line (``core.cli``) and the tests.
"""

__version__ = "0.1.0"
