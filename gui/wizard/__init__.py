"""The dossier wizard: pages rendered from the content, branching asked of ``core.decision``."""

from gui.wizard.wizard import DossierWizard

__all__ = ["DossierWizard"]
