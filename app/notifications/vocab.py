"""The fixed vocabulary of notifications (plain enums; their words live in `labels.py`)."""

from __future__ import annotations

import enum


class Kind(enum.StrEnum):
    """What a notification tells; each person chooses per kind how it reaches them."""

    REFERRAL_RECEIVED = "referral_received"  # a referral waits in my municipality's inbox
    TRANSFER_REQUESTED = "transfer_requested"  # a case transfer waits in my municipality's inbox
    CASE_ASSIGNED = "case_assigned"  # a case was assigned or reassigned to me
    ASSESSMENT_SCHEDULED = "assessment_scheduled"  # planned with me as assessor, moved, cancelled
    ASSESSMENT_TOMORROW = "assessment_tomorrow"  # reminder: an assessment of mine is tomorrow
    RESULTS_AWAIT_DECISION = "results_await_decision"  # results recorded, my decision waits
    DECISION_RETURNED = "decision_returned"  # the verifier returned my decision
    VERIFICATION_WAITING = "verification_waiting"  # decisions wait in my verification queue
    VERIFICATION_OVERDUE = "verification_overdue"  # reminder: waiting past 10 working days
    INTRODUCTION_REQUESTED = "introduction_requested"  # employer: a coach asks to introduce
    INTRODUCTION_ANSWERED = "introduction_answered"  # coach: the employer answered
    FOLLOW_UP_DUE = "follow_up_due"  # reminder: a follow-up of mine is due tomorrow or overdue
    PLACEMENT_FOLLOW_UP_DUE = "placement_follow_up_due"  # reminder: 4 weeks / 6 months
    CASE_IDLE = "case_idle"  # reminder (weekly): a case of mine stands still over 60 days
    CONSENT_WITHDRAWN = "consent_withdrawn"  # a participant of mine withdrew a consent
    EXPORT_READY = "export_ready"  # an export I asked for is ready
    RETENTION_UPCOMING = "retention_upcoming"  # administrator: anonymisation next month
    STAFF_CERTIFIED = "staff_certified"  # manager: an employee I referred got a certificate
    EVIDENCE_SUBMITTED = "evidence_submitted"  # a participant of mine sent evidence from My pages
    CONSENT_GIVEN = "consent_given"  # a participant of mine gave a consent on My pages


class Delivery(enum.StrEnum):
    """How a kind reaches a person: in Validera only, also by mail at once, or also in the
    daily digest mail at the hour they chose."""

    IN_APP = "in_app"
    IMMEDIATE = "immediate"
    DIGEST = "digest"


class Refusal(enum.StrEnum):
    """Why a change of the notification settings is refused (words: `labels.REFUSALS`)."""

    NO_ADDRESS = "no_address"  # mail chosen, but the account has no address
