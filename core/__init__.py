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

    content = default_content()
    return (
        f"ddworkbook {__version__}\n"
        f"Legal texts: {content.regulation}, consolidated text {content.corpus_version} "
        "(only the Official Journal is authentic)\n"
        f"Licence: {__licence__}; the third-party components it includes keep their own licences "
        "(Qt for Python: LGPL-3.0; DejaVu fonts: the Bitstream Vera licence)\n"
    )
