"""ddworkbook's headless core: content, dossier format, decision rules, workbook store, reports.

Nothing under this package imports Qt; the desktop program in ``gui`` is a client of it, as are the
command line (``core.cli``) and the tests.
"""

# The program's version: here and nowhere else (pyproject.toml reads it from here).
__version__ = "0.1.0"
# The licence, as pyproject.toml's metadata states it (tests/test_packaging.py checks they agree).
__licence__ = "Proprietary"


def about() -> str:
    """What ``ddworkbook --version`` prints (and an About box may show): the version on the first
    line, then the version of the legal texts (the content's corpus) and the licence."""
    from core.content import default_content
    from core.i18n import _

    content = default_content()
    legal = _(
        "Legal texts: {regulation}, consolidated text {corpus_version} (only the Official Journal is "
        "authentic)"
    ).format(regulation=content.regulation, corpus_version=content.corpus_version)
    licence = _(
        "Licence: {licence}; the third-party components it includes keep their own licences (Qt for "
        "Python: LGPL-3.0; DejaVu fonts: the Bitstream Vera licence)"
    ).format(licence=__licence__)
    return f"ddworkbook {__version__}\n{legal}\n{licence}\n"
