"""The words people read for codes of the dossier format that several parts of the program show: the
kinds of message sent to the competent authority and its decisions (``authority_reply``, DESIGN.md
section 3), for the history (core.history), the dossier list and the reply dialog. Marked with
``N_``: translated where shown."""

from __future__ import annotations

from typing import Final

from core.i18n import N_

REPLY_KIND_WORDS: Final = {
    "notification": N_("notification"),
    "classification_request": N_("classification request"),
    "authorisation_application": N_("authorisation application"),
}
REPLY_DECISION_WORDS: Final = {
    "pending": N_("pending"),
    "authorisation_required": N_("authorisation required"),
    "no_authorisation_required": N_("no authorisation required"),
    "not_cyber_surveillance": N_("not a cyber-surveillance item"),
    "other": N_("other decision"),
}
