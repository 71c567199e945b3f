"""The words people read for codes of the dossier format that several parts of the program show, one
set for each so that they never disagree: the dossier's fields, for the history (core.history) and
Edit > Undo (gui.wizard.undo); the kinds of message sent to the competent authority and its decisions
(``authority_reply``, DESIGN.md section 3), for the history, the dossier list and the reply dialog; the
decisions on a screening hit, for the history, the reports and the screening panel. Marked with
``N_``: translated where shown."""

from __future__ import annotations

from typing import Final

from core import contract
from core.i18n import N_

# The dossier's fields (the interchange format's keys) as a change names them: in the history and in
# Edit > Undo of the dossier's window (gui.wizard.undo); also the two annotations after sign-off.
FIELD_WORDS: Final = {
    "title": N_("Title"),
    "reference": N_("Reference"),
    "member_state": N_("Member state"),
    "exporter": N_("Exporter"),
    "item": N_("Item"),
    "destination_country": N_("Destination"),
    "stated_end_use": N_("Stated end use"),
    "parties": N_("Parties"),
    "answers": N_("Answers"),
    "red_flags": N_("Red flags"),
    "mitigations": N_("Measures against misuse"),
    "evidence": N_("Evidence"),
    "sign_off": N_("Sign-off"),
    "screening": N_("Screening"),
    "transaction": N_("Transaction"),
    "authority_reply": N_("Authority's reply"),
    "transaction.export_date": N_("Actual export date"),
    "retention_until": N_("The record is kept until"),
}
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
# The decisions on a screening hit (DESIGN.md section 3's dispositions): "open" is a hit still to decide
# on, as the screening panel's summary says ("hits to decide on").
HIT_DECISION_WORDS: Final = {
    contract.HIT_OPEN: N_("open"),
    contract.HIT_FALSE_POSITIVE: N_("false positive"),
    contract.HIT_MATCH: N_("match"),
}
