"""The fixed vocabularies of the cases area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


class Gender(enum.StrEnum):
    """Gender as ESF reporting asks for it."""

    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non_binary"
    NOT_STATED = "not_stated"


class Education(enum.StrEnum):
    """Highest completed education, in ISCED groups."""

    ISCED_0_2 = "isced_0_2"
    ISCED_3_4 = "isced_3_4"
    ISCED_5_8 = "isced_5_8"


class LabourMarketStatus(enum.StrEnum):
    """Labour-market status at entry and at exit."""

    INCOME_SUPPORT = "income_support"
    REGISTERED_PES = "registered_pes"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    INACTIVE = "inactive"
    EMPLOYED = "employed"
    STUDIES = "studies"


class Answer(enum.StrEnum):
    """A voluntary yes/no question: the participant may choose not to answer."""

    YES = "yes"
    NO = "no"
    NOT_STATED = "not_stated"


class Outcome(enum.StrEnum):
    """How a case ended."""

    EMPLOYED = "employed"
    STUDIES = "studies"
    OTHER_SUPPORT = "other_support"
    MOVED = "moved"
    DROPPED_OUT = "dropped_out"
    OTHER = "other"


class ReferralSource(enum.StrEnum):
    """Who referred the participant."""

    SOCIAL_SERVICES = "social_services"
    PUBLIC_EMPLOYMENT_SERVICE = "public_employment_service"
    OTHER_MUNICIPALITY = "other_municipality"
    SELF_REFERRAL = "self_referral"
    OTHER = "other"
    # The municipality's own employee, referred by their manager (validated while employed):
    # counted apart from the labour-market cases in the statistics, left out of the ESF list.
    OWN_STAFF = "own_staff"


class ReferralStatus(enum.StrEnum):
    """Where a referral is in the inbox."""

    WAITING = "waiting"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class DuplicateStatus(enum.StrEnum):
    """A probable duplicate: waiting for a coach, dismissed (not the same person), or merged."""

    OPEN = "open"
    DISMISSED = "dismissed"
    MERGED = "merged"


class ConsentKind(enum.StrEnum):
    """What the participant consents to."""

    REGISTRATION = "registration"
    EMPLOYERS = "employers"
    OTHER_MUNICIPALITY = "other_municipality"
    # An employee referred by their manager: the manager may follow the progress (stage, units
    # achieved, certificate) of the case their referral opened.
    MANAGER = "manager"


class JournalKind(enum.StrEnum):
    """The kind of a journal entry."""

    MEETING = "meeting"
    PHONE_CALL = "phone_call"
    WORKPLACE_VISIT = "workplace_visit"
    WORKPLACE_SUPERVISION = "workplace_supervision"
    NOTE = "note"


class ActivityKind(enum.StrEnum):
    """An activity of the individual development plan."""

    SFI = "sfi"
    KOMVUX = "komvux"
    MENTOR = "mentor"
    WORK_BASED_LEARNING = "work_based_learning"
    JOB_SHADOWING = "job_shadowing"  # hospitering: following someone at their work for a while
    WORK_TRIAL = "work_trial"
    OTHER = "other"


class PlanStatus(enum.StrEnum):
    """Status of a goal or activity of the plan."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DISCONTINUED = "discontinued"


class TransferStatus(enum.StrEnum):
    """Where a transfer between municipalities stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class SummonsPurpose(enum.StrEnum):
    """What a summons calls the participant to."""

    MEETING = "meeting"
    ASSESSMENT = "assessment"


class SummonsDelivery(enum.StrEnum):
    """How a summons reached the participant."""

    MAIL = "mail"
    PRINTED = "printed"


class SummonsRefusal(enum.StrEnum):
    """Why a summons cannot be mailed (or names no assessment)."""

    PROTECTED_IDENTITY = "protected_identity"
    NO_EMAIL = "no_email"
    ANONYMISED = "anonymised"
    ASSESSMENT_NOT_PLANNED = "assessment_not_planned"
    MEETING_NAMES_ASSESSMENT = "meeting_names_assessment"
