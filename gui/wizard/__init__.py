"""The dossier wizard: pages rendered from the content, branching asked of ``core.decision``."""

from gui.wizard.wizard import PAGES, DossierWizard

__all__ = ["PAGES", "DossierWizard"]
