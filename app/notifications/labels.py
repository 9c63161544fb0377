"""What notifications say, in the reader's language: per kind (and detail) a short title (the
mail's subject, the settings page) and the sentence of the list and the mail, which names the
object by its reference (a case number, an export's name)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.notifications.vocab import Delivery, Kind, Refusal

# The settings page: what each kind is about, seen from the person who chooses.
KINDS = {
    Kind.REFERRAL_RECEIVED: _l("A referral waits in my municipality's inbox"),
    Kind.TRANSFER_REQUESTED: _l("A case transfer waits in my municipality's inbox"),
    Kind.CASE_ASSIGNED: _l("A case was assigned to me"),
    Kind.ASSESSMENT_SCHEDULED: _l(
        "An assessment with me as assessor was planned, moved or cancelled"
    ),
    Kind.ASSESSMENT_TOMORROW: _l("An assessment of mine or of my participant is tomorrow"),
    Kind.RESULTS_AWAIT_DECISION: _l("Results wait for my decision"),
    Kind.DECISION_RETURNED: _l("The verifier returned my decision"),
    Kind.VERIFICATION_WAITING: _l("Decisions wait in my verification queue"),
    Kind.VERIFICATION_OVERDUE: _l(
        "Decisions have waited for verification more than 10 working days"
    ),
    Kind.INTRODUCTION_REQUESTED: _l("An employer asks to meet a candidate of mine"),
    Kind.INTRODUCTION_ANSWERED: _l("A candidate answered our request for an introduction"),
    Kind.FOLLOW_UP_DUE: _l("A follow-up of mine is due tomorrow or overdue"),
    Kind.PLACEMENT_FOLLOW_UP_DUE: _l("A placement's follow-up is due"),
    Kind.CASE_IDLE: _l("A case of mine has stood still more than 60 days"),
    Kind.CONSENT_WITHDRAWN: _l("A participant of mine withdrew a consent"),
    Kind.EXPORT_READY: _l("An export I asked for is ready"),
    Kind.RETENTION_UPCOMING: _l("The retention run will anonymise people next month"),
    Kind.STAFF_CERTIFIED: _l("An employee I referred has been issued a certificate"),
    Kind.EVIDENCE_SUBMITTED: _l("A participant of mine sent evidence from My pages"),
    Kind.CONSENT_GIVEN: _l("A participant of mine gave a consent on My pages"),
}

DELIVERIES = {
    Delivery.IN_APP: _l("In Validera only"),
    Delivery.IMMEDIATE: _l("Mail at once"),
    Delivery.DIGEST: _l("In the daily digest"),
}

# The sentence of one notification; `(kind, detail)` first, then `(kind, None)`.
SENTENCES = {
    (Kind.REFERRAL_RECEIVED, None): _l(
        "A new referral waits in your municipality's inbox: %(reference)s."
    ),
    (Kind.REFERRAL_RECEIVED, "imported"): _l(
        "Referrals imported from a file wait in your municipality's inbox, from %(reference)s on."
    ),
    (Kind.TRANSFER_REQUESTED, None): _l(
        "A case transfer waits in your municipality's inbox: case %(reference)s."
    ),
    (Kind.CASE_ASSIGNED, None): _l("Case %(reference)s was assigned to you."),
    (Kind.ASSESSMENT_SCHEDULED, "planned"): _l(
        "An assessment with you as assessor was planned: %(reference)s."
    ),
    (Kind.ASSESSMENT_SCHEDULED, "moved"): _l(
        "An assessment with you as assessor was moved: %(reference)s."
    ),
    (Kind.ASSESSMENT_SCHEDULED, "cancelled"): _l(
        "An assessment with you as assessor was cancelled: %(reference)s."
    ),
    (Kind.ASSESSMENT_SCHEDULED, None): _l(
        "An assessment with you as assessor was changed: %(reference)s."
    ),
    (Kind.ASSESSMENT_TOMORROW, None): _l("An assessment is tomorrow: case %(reference)s."),
    (Kind.RESULTS_AWAIT_DECISION, None): _l("Results wait for your decision: %(reference)s."),
    (Kind.DECISION_RETURNED, None): _l("The verifier returned your decision: %(reference)s."),
    (Kind.VERIFICATION_WAITING, None): _l(
        "Decisions wait in your verification queue: %(reference)s."
    ),
    (Kind.VERIFICATION_OVERDUE, None): _l(
        "Decisions waiting for verification more than 10 working days: %(reference)s."
    ),
    (Kind.INTRODUCTION_REQUESTED, None): _l(
        "An employer asks to meet a candidate of yours for %(reference)s."
    ),
    (Kind.INTRODUCTION_ANSWERED, None): _l(
        "The candidate answered your request for an introduction for %(reference)s."
    ),
    (Kind.FOLLOW_UP_DUE, "tomorrow"): _l("A follow-up is due tomorrow: case %(reference)s."),
    (Kind.FOLLOW_UP_DUE, "overdue"): _l("A follow-up is overdue: case %(reference)s."),
    (Kind.FOLLOW_UP_DUE, None): _l("A follow-up is due: case %(reference)s."),
    (Kind.PLACEMENT_FOLLOW_UP_DUE, "weeks_4"): _l(
        "A placement's 4-week follow-up is due: case %(reference)s."
    ),
    (Kind.PLACEMENT_FOLLOW_UP_DUE, "months_6"): _l(
        "A placement's 6-month follow-up is due: case %(reference)s."
    ),
    (Kind.PLACEMENT_FOLLOW_UP_DUE, None): _l("A placement's follow-up is due: case %(reference)s."),
    (Kind.CASE_IDLE, None): _l("Case %(reference)s has stood still more than 60 days."),
    (Kind.CONSENT_WITHDRAWN, None): _l("A participant withdrew a consent: case %(reference)s."),
    (Kind.EXPORT_READY, None): _l("Your export is ready: %(reference)s."),
    (Kind.STAFF_CERTIFIED, None): _l(
        "An employee you referred has been issued a certificate: %(reference)s."
    ),
    (Kind.CONSENT_GIVEN, None): _l("A participant gave a consent: case %(reference)s."),
    (Kind.EVIDENCE_SUBMITTED, None): _l(
        "A participant sent evidence to look at: case %(reference)s."
    ),
    (Kind.RETENTION_UPCOMING, None): _l(
        "People the retention run will anonymise by the end of next month: %(reference)s."
    ),
}

REFUSALS = {
    Refusal.NO_ADDRESS: _l("Your account has no mail address: choose In Validera only."),
}


def subject(kind: Kind, detail: str | None, reference: str) -> str:
    """The subject of the mail of one notification."""
    return "Validera: " + sentence(kind, detail, reference).rstrip(".")


def sentence(kind: Kind, detail: str | None, reference: str) -> str:
    """The sentence that tells one notification."""
    words = SENTENCES.get((kind, detail)) or SENTENCES[(kind, None)]
    return str(words) % {"reference": reference}
