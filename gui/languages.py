"""The desktop program's language: which one it starts in (``startup_language``), Qt's own texts in
it (``install_translators``), and the language a report is made in, chosen in its save dialog
(``report_filters``, ``report_language``).

At start-up the language is, in this order: the command line's ``--lang`` or ``$DDWORKBOOK_LANG``
(core.i18n.choose_language, for this run only); the one chosen in View > Language (the setting
``language``, kept for the next start); the system's, from the environment (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG, as gettext reads them; a locale that is not installed does no harm) or, when the
environment says nothing (as on Windows and macOS, where the desktop's language is not in the
environment), what Qt reads from the system (``QLocale.system()``); else English.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from core import i18n
from core.i18n import N_, _

# Qt's texts that Qt's own catalogue of a language may lack (qtbase_nl.qm has the file dialog's "Look
# in:" and "Files of type:" of Qt 5, not "&Look in:" and "Files of &type:" as Qt 6 writes them), by
# Qt's context: translated in the program's catalogue, asked for only after Qt's own.
QT_GAPS = {"QFileDialog": (N_("&Look in:"), N_("Files of &type:"))}


class _QtGaps(QTranslator):
    """The translations of ``QT_GAPS`` from the program's catalogue, for Qt's widgets."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return _(source) if source in QT_GAPS.get(context, ()) else ""


def qt_system_languages() -> list[str]:
    """The languages of the system's user interface, by preference, as Qt reads them (on Windows and
    macOS from the system's settings, elsewhere from the environment)."""
    return list(QLocale.system().uiLanguages())


def startup_language(
    fixed: bool,
    saved: str | None,
    environ: Mapping[str, str] | None = None,
    system: Callable[[], Sequence[str]] = qt_system_languages,
) -> str:
    """The language the desktop program starts in (see the module's docstring): ``fixed`` when the
    command line chose it (then it is ``i18n.current()``); else ``saved`` (the setting ``language``)
    when it names an offered language; else the system's."""
    if fixed:
        return i18n.current()
    chosen = i18n.offered(saved)
    if chosen:
        return chosen
    env = os.environ if environ is None else environ
    from_environment = i18n.system_language(env)
    if from_environment:
        return from_environment
    if any(env.get(name) for name in i18n.LOCALE_VARIABLES):
        return i18n.SOURCE  # the environment names a language the program does not offer
    return next((lang for tag in system() if (lang := i18n.offered(tag))), i18n.SOURCE)


def install_translators(app: QApplication, lang: str) -> bool:
    """Qt's own texts in ``lang``: Qt's catalogue ``qtbase_<lang>.qm`` from Qt's translations folder
    (PySide6-Essentials ships it, with qt_<lang>.qm, for nl among others), and behind it ``QT_GAPS``;
    the ones installed before are removed. Nothing for English, Qt's own language; False when there is
    no catalogue for ``lang``."""
    for name in ("ddworkbook_qt", "ddworkbook_qt_gaps"):
        for old in app.findChildren(QTranslator, name):
            app.removeTranslator(old)
            old.setParent(None)  # no longer the application's: freed with its last reference
    if lang == i18n.SOURCE:
        return False
    translator = QTranslator(app)
    translator.setObjectName("ddworkbook_qt")
    if not translator.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translator.setParent(None)
        return False
    gaps = _QtGaps(app)  # installed first, so asked last: Qt's own catalogue first
    gaps.setObjectName("ddworkbook_qt_gaps")
    app.installTranslator(gaps)
    return app.installTranslator(translator)


def report_filters() -> dict[str, str]:
    """The file types of the report's save dialog, one for each language the report can be made in
    (the language named in its own words): the filter chosen is the report's language. The program's
    language comes first, so that it is the one chosen unless the user picks another."""
    order = sorted(i18n.LANGUAGES, key=lambda lang: lang != i18n.current())
    return {_("PDF report, {language} (*.pdf)").format(language=i18n.LANGUAGES[lang]): lang for lang in order}


def report_language(selected_filter: str) -> str:
    """The report's language that the save dialog's chosen file type says (``report_filters``); the
    program's language when it says none."""
    return report_filters().get(selected_filter, i18n.current())
