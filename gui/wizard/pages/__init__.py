"""The wizard's pages, one module per kind of page of the content and one for the panels.

The content's ``[[step]]`` list (resources/content/questions.toml) gives the pages and their order: a
step's ``page`` names its kind (``questions`` unless said) and a questions step's ``panels`` the panels
it shows below its questions. Each page and panel class declares its ``KIND`` and registers itself
when it is defined (gui.wizard.pages.base), so ``PAGE_CLASSES`` and ``PANEL_CLASSES`` are derived:

- a page of an existing kind (a new step) is a change of the content only;
- a new kind of page is a new module here with a ``DossierPage`` subclass declaring its ``KIND``,
  imported below so that it registers, and the kind added to ``core.content.PAGE_KINDS`` (the kinds
  the content may name; tests/gui/test_wizard_pages.py checks that the two agree); a new panel
  likewise, a ``Panel`` subclass in ``panels.py`` and the kind in ``core.content.PANELS``.
"""

# Each module registers the kinds it defines when it is imported: a new module is added here.
from gui.wizard.pages import outcome, panels, parties, questions, transaction  # noqa: F401
from gui.wizard.pages.base import PAGE_CLASSES, PANEL_CLASSES, DossierPage, Host, Panel, make_page, make_panel
from gui.wizard.pages.outcome import OutcomePage
from gui.wizard.pages.panels import STATUS_LABELS, AnnexPanel, MitigationsPanel, RedFlagsPanel
from gui.wizard.pages.parties import PARTY_COLUMNS, ChoiceDelegate, CountryDelegate, PartiesModel, PartiesPage
from gui.wizard.pages.questions import QuestionsPage
from gui.wizard.pages.transaction import TransactionPage

__all__ = [
    "PAGE_CLASSES",
    "PANEL_CLASSES",
    "PARTY_COLUMNS",
    "STATUS_LABELS",
    "AnnexPanel",
    "ChoiceDelegate",
    "CountryDelegate",
    "DossierPage",
    "Host",
    "MitigationsPanel",
    "OutcomePage",
    "Panel",
    "PartiesModel",
    "PartiesPage",
    "QuestionsPage",
    "RedFlagsPanel",
    "TransactionPage",
    "make_page",
    "make_panel",
]
