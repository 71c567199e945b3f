"""The fixed vocabulary of DESIGN.md sections 3 and 4.

These values are contracts: other programs and the acceptance checks rely on them exactly. Content
validation, the dossier reader and the decision engine all take them from here, so that each is
written once.
"""

from __future__ import annotations

from typing import Final

FORMAT: Final = "ddworkbook/dossier"
# Writers write VERSION; readers read every version of READ_VERSIONS (DESIGN.md section 3). A version 1
# file keeps the meaning of its fields and may not hold what version 2 added (V2_FIELDS).
VERSION: Final = 2
READ_VERSIONS: Final = (1, 2)
TITLE_MAX: Final = 200
CUSTOMS_ID_MAX: Final = 100  # an EORI number is at most 17 characters
# Dates are real calendar dates in these years (DESIGN.md section 3), and so is an export year.
YEAR_MIN: Final = 1900
YEAR_MAX: Final = 2199
# Evidence ids: 1 to 64 letters, digits, '-' and '_' (DESIGN.md section 3).
EVIDENCE_ID_PATTERN: Final = r"[A-Za-z0-9_-]{1,64}"
EVIDENCE_ID_MAX: Final = 64
CUSTOM_PREFIX: Final = "custom:"


# The value sets of the fixed answer kinds, in display order.
KIND_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "yes_no": ("yes", "no"),
    "yes_no_uncertain": ("yes", "no", "uncertain"),
    "end_use_scale": ("none", "theoretical", "aware", "uncertain"),
}
# Kinds whose values are the question's own options, and kinds with free values.
OPTION_KINDS: Final = ("choice", "multi_choice")
FREE_KINDS: Final = ("text", "country")
ALL_KINDS: Final = (*KIND_VALUES, *OPTION_KINDS, *FREE_KINDS)

# Decision questions: id -> kind, in the order the rules read them (DESIGN.md section 3 and 4). The
# capabilities question is a multi_choice over CAPABILITIES.
ANNEX_I: Final = "annex_i_listed"
INFORMED: Final = "informed_by_authority"
ART4_INFORMED: Final = "art4_informed"
ART4_AWARE: Final = "art4_aware"
DEFINITION_ELEMENTS: Final = ("specially_designed", "covert", "natural_persons", "ict_systems")
CAPABILITIES_Q: Final = "capabilities"
PURELY_COMMERCIAL: Final = "purely_commercial"
DEFINITION_QUESTIONS: Final = (*DEFINITION_ELEMENTS, CAPABILITIES_Q, PURELY_COMMERCIAL)
END_USE_QUESTIONS: Final = ("internal_repression", "serious_hr_violations", "serious_ihl_violations")
LEGITIMATE: Final = "legitimate_purpose"
CAPABILITIES: Final = ("monitoring", "extracting", "collecting", "analysing")

DECISION_QUESTIONS: Final[dict[str, str]] = {
    ANNEX_I: "yes_no_uncertain",
    INFORMED: "yes_no",
    ART4_INFORMED: "yes_no",
    ART4_AWARE: "yes_no_uncertain",
    **{q: "yes_no_uncertain" for q in DEFINITION_ELEMENTS},
    CAPABILITIES_Q: "multi_choice",
    PURELY_COMMERCIAL: "yes_no_uncertain",
    **{q: "end_use_scale" for q in END_USE_QUESTIONS},
    LEGITIMATE: "yes_no",
}

# -- the assessment, version 2 (DESIGN.md section 4) ------------------------------------------------
# The steps at which the assessment can stop (``decided_at``), in the order of the rules. Each is a
# questions page of the content, or a rule step of the content's own (``[[rule_step]]`` in
# questions.toml: the sanctions and scope rules read no question, but what a page records).
DECIDED_AT: Final = (
    "sanctions",
    "scope",
    "annex_i",
    "authority_notice",
    "art4",
    "definition",
    "end_use",
    "legitimacy",
)

# The decision questions each step of the rules reads (the content asks each on that step's page).
RULE_QUESTIONS: Final[dict[str, tuple[str, ...]]] = {
    "annex_i": (ANNEX_I,),
    "authority_notice": (INFORMED,),
    "art4": (ART4_INFORMED, ART4_AWARE),
    "definition": DEFINITION_QUESTIONS,
    "end_use": END_USE_QUESTIONS,
    "legitimacy": (LEGITIMATE,),
}

# The outcomes, in the order of the contract's table (the content defines them in this order).
OUTCOMES: Final = (
    "restricted_party",
    "not_an_export",
    "annex_i_listed",
    "authority_informed",
    "art4_authority_informed",
    "art4_notify",
    "classification_request",
    "not_cyber_surveillance",
    "no_sensitive_end_use",
    "notify_legitimate",
    "notify_no_legitimate_purpose",
    "incomplete",
)
INCOMPLETE: Final = "incomplete"

# Warnings the decision engine gives (DESIGN.md section 4: "at least these exist"). When each is given is
# content (resources/content/outcomes.toml, `when`): the content defines these first, in this order, and
# may add warnings of its own after them.
WARNINGS: Final = (
    "government_end_user",
    "unresolved_red_flags",
    "recognised_violations",
    "arms_embargo",
    "other_member_state",
    "customs_territory",
)
# The member state whose policy framework the workbook follows (warning `other_member_state`: any
# other), and the destinations of the warning `customs_territory`.
FRAMEWORK_MEMBER_STATE: Final = "NL"
CUSTOMS_TERRITORY_DESTINATIONS: Final = ("ES", "DE", "IT", "FR", "CY")

# Explanation templates the decision engine uses (resources/content/outcomes.toml [reasons]).
REASONS: Final = (
    "missing",
    "restricted_party",
    "not_an_export",
    "annex_i_listed",
    "authority_informed",
    "art4_authority_informed",
    "art4_notify",
    "annex_i_uncertain",
    "art4_uncertain",
    "definition_not_met",
    "definition_uncertain",
    "end_use_none",
    "end_use_uncertain",
    "legitimate_purpose",
)

# Holds: what must be settled before a dossier can be signed off (DESIGN.md section 4), in the
# contract's order. They never change the outcome; when each holds is written in core/decision.py
# only, and their wording is content (outcomes.toml [[hold]], in this order).
HOLDS: Final = (
    "outcome_incomplete",
    "destination_missing",
    "end_user_missing",
    "parties_not_screened",
    "screening_hits_open",
    "red_flags_unresolved",
    "rationale_missing",
    "due_diligence_incomplete",
    "country_risk_unaddressed",
    "legitimacy_inconsistent",
)
# Holds that no sign-off can accept, whatever the reason given.
NEVER_ACCEPTED: Final = ("outcome_incomplete",)
# The answers on the path that need no rationale (hold `rationale_missing`): question -> value.
NO_RATIONALE_NEEDED: Final[dict[str, str]] = {INFORMED: "no", ART4_INFORMED: "no"}

# The due-diligence questions the holds read (ids fixed by DESIGN.md section 3; values as in the
# content). The content must have each, with the values named here among its own (checked on loading).
DD_CREDIBILITY: Final = "dd_end_use_credibility"
NOT_CREDIBLE: Final = "not_credible"
# `due_diligence_incomplete`: each must be answered when the outcome is one of DUE_DILIGENCE_OUTCOMES.
DUE_DILIGENCE_REQUIRED: Final = (
    "dd_end_user_identity",
    "dd_end_use_purpose",
    DD_CREDIBILITY,
    "dd_country_recognised_violations",
    "dd_country_arms_embargo",
    "dd_country_sources",
)
DUE_DILIGENCE_OUTCOMES: Final = ("no_sensitive_end_use", "notify_legitimate", "notify_no_legitimate_purpose")
# `country_risk_unaddressed`: one of these is "yes" while the outcome is `no_sensitive_end_use`.
COUNTRY_RISKS: Final = ("dd_country_recognised_violations", "dd_country_arms_embargo")
# `legitimacy_inconsistent`: the outcome is `notify_legitimate` while the stated end use is not
# credible, or one of the four tests on restrictions of rights is answered "no".
RESTRICTION_TESTS: Final = (
    "dd_country_prescribed_by_law",
    "dd_country_legitimate_aim",
    "dd_country_proportionate",
    "dd_country_safeguards",
)
# Each question the holds read -> the values they compare it with (empty: only whether it is answered).
HOLD_QUESTIONS: Final[dict[str, tuple[str, ...]]] = {
    **{q: () for q in DUE_DILIGENCE_REQUIRED},
    DD_CREDIBILITY: (NOT_CREDIBLE,),
    **{q: ("yes",) for q in COUNTRY_RISKS},
    **{q: ("no",) for q in RESTRICTION_TESTS},
}

ITEM_KINDS: Final = ("software", "hardware", "technology", "service")
PARTY_ROLES: Final = ("end_user", "consignee", "intermediary", "broker", "freight_forwarder", "other")
SECTORS: Final = (
    "police",
    "counter_terrorism",
    "intelligence",
    "defence",
    "border_security",
    "coastguard",
    "defence_research",
    "other_government",
    "private_government_ties",
    "private",
    "academic",
    "ngo",
    "unknown",
)
# Sectors for which the framework asks for particular caution (warning `government_end_user`; its
# condition in outcomes.toml must read these, tests/test_content.py checks).
GOVERNMENT_SECTORS: Final = SECTORS[:9]
# Roles whose sector triggers that warning.
CAUTION_ROLES: Final = ("end_user", "consignee")
RED_FLAG_STATUSES: Final = ("present", "absent", "resolved")

# -- version 2 of the format (DESIGN.md section 3) ---------------------------------------------------
# The sections and fields version 2 added, as dotted paths of the interchange form: a version 1 file
# may not hold them, and a dossier without any of them is written with the fingerprint it had before.
V2_SECTIONS: Final = ("transaction", "screening", "authority_reply")
V2_FIELDS: Final = (
    *V2_SECTIONS,
    "exporter.customs_id",
    "sign_off.export_year",
    "sign_off.accepted_holds",
    "sign_off.accepted_because",
)
TRANSACTION_KEYS: Final = (
    "quantity",
    "value",
    "currency",
    "contract_reference",
    "contract_date",
    "planned_export_date",
    "export_date",
)
TRANSACTION_DATES: Final = ("contract_date", "planned_export_date", "export_date")
# A currency is an ISO 4217 alphabetic code: three capital letters (core.dossier says why no list).
CURRENCY_PATTERN: Final = r"[A-Z]{3}"
DEFAULT_CURRENCY: Final = "EUR"  # offered for a transaction's value until another is chosen
EXPORTER_KEYS: Final = ("name", "address", "country", "contact", "customs_id")

SCREENING_KEYS: Final = ("party", "name", "list", "list_version", "screened_at", "hits")
HIT_KEYS: Final = ("entry", "name", "score", "disposition", "note")
# Sanctions lists (DESIGN.md section 6), and lists of the user's own as "custom:<name>".
LISTS: Final = ("eu_fsf", "un_sc")
HIT_OPEN: Final = "open"
HIT_FALSE_POSITIVE: Final = "false_positive"
HIT_MATCH: Final = "match"
HIT_DISPOSITIONS: Final = (HIT_OPEN, HIT_FALSE_POSITIVE, HIT_MATCH)

AUTHORITY_REPLY_KEYS: Final = ("kind", "sent_on", "reference", "decision", "decided_on", "note")
REPLY_KINDS: Final = ("notification", "classification_request", "authorisation_application")
REPLY_PENDING: Final = "pending"
REPLY_DECISIONS: Final = (
    REPLY_PENDING,
    "authorisation_required",
    "no_authorisation_required",
    "not_cyber_surveillance",
    "other",
)
# The kind of message to the competent authority each outcome calls for: the kind a reply is recorded
# as unless the user chooses another (the other outcomes call for none: a notification is offered).
REPLY_KIND_FOR_OUTCOME: Final = {
    "notify_legitimate": "notification",
    "notify_no_legitimate_purpose": "notification",
    "art4_notify": "notification",
    "classification_request": "classification_request",
    "annex_i_listed": "authorisation_application",
    "authority_informed": "authorisation_application",
    "art4_authority_informed": "authorisation_application",
}

SIGN_OFF_KEYS: Final = ("name", "role", "date", "export_year", "accepted_holds", "accepted_because")
# The form of a hold id (the holds themselves are the assessment's, DESIGN.md section 4): the reader
# accepts any id of this form in ``sign_off.accepted_holds``.
HOLD_ID_PATTERN: Final = r"[a-z][a-z0-9_]{0,63}"

# The two annotations that may still change after sign-off (DESIGN.md section 3, "After sign-off"):
# they are not part of the sealed fingerprint.
AFTER_SIGN_OFF: Final = ("authority_reply", "transaction.export_date")
# The record is kept at least this many years from the end of the calendar year of export (Art. 27(3)).
RETENTION_YEARS: Final = 5


def custom_text(key: str) -> str | None:
    """The user's own text of a custom answer key, red flag or measure ("custom:<text>"), or None when
    ``key`` is not custom (an id of the content)."""
    return key[len(CUSTOM_PREFIX) :] if key.startswith(CUSTOM_PREFIX) else None


def custom_key(text: str) -> str:
    """The key of a custom answer, red flag or measure with the user's ``text``."""
    return CUSTOM_PREFIX + text
