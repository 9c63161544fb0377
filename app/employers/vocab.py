"""The fixed vocabularies of the employers area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


class ContactKind(enum.StrEnum):
    """How the coach met the employer."""

    MEETING = "meeting"
    BUSINESS_BREAKFAST = "business_breakfast"
    WORKPLACE_VISIT = "workplace_visit"
    PHONE_CALL = "phone_call"
    OTHER = "other"


class NeedForm(enum.StrEnum):
    """The form of employment a competence need offers."""

    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    WORK_TRIAL = "work_trial"
    APPRENTICESHIP = "apprenticeship"
    SUBSIDISED = "subsidised"


class NeedStatus(enum.StrEnum):
    """open → filled (every position taken) | closed (withdrawn by the employer)."""

    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class WorkingTime(enum.StrEnum):
    """How much a candidate can work."""

    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    EITHER = "either"


class IntroductionStatus(enum.StrEnum):
    """requested → asked (the coach asks the participant) → accepted | declined."""

    REQUESTED = "requested"
    ASKED = "asked"
    ACCEPTED = "accepted"
    DECLINED = "declined"


OPEN_INTRODUCTION = (IntroductionStatus.REQUESTED, IntroductionStatus.ASKED)


class PlacementForm(enum.StrEnum):
    """What kind of placement (anställning eller praktik)."""

    EMPLOYMENT = "employment"
    FIXED_TERM = "fixed_term"
    WORK_TRIAL = "work_trial"
    APPRENTICESHIP = "apprenticeship"


class PlacementOutcome(enum.StrEnum):
    """How a placement ended."""

    EMPLOYED = "employed"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


class FollowUpPoint(enum.StrEnum):
    """The agreed follow-ups of a placement."""

    WEEKS_4 = "weeks_4"
    MONTHS_6 = "months_6"


class Refusal(enum.StrEnum):
    """Why the employers area's rules refuse an action (worded in `labels.REFUSALS`)."""

    NEED_NOT_OPEN = "need_not_open"
    NEED_STATUS = "need_status"
    CANDIDATE_GONE = "candidate_gone"
    INTRODUCTION_WAITING = "introduction_waiting"
    INTRODUCTION_ANSWERED = "introduction_answered"
    ALREADY_ASKED = "already_asked"
    PROFILE_NOT_SHARED = "profile_not_shared"
    CASE_STAGE = "case_stage"
    CASE_NOT_IN_MATCHING = "case_not_in_matching"
    FOLLOW_UP_RECORDED = "follow_up_recorded"
    PLACEMENT_ENDED = "placement_ended"
    ENDS_BEFORE_START = "ends_before_start"
