"""The fixed vocabularies of the participant's own pages (plain enums; words in `labels.py`)."""

from __future__ import annotations

import enum


class CodeKind(enum.StrEnum):
    """How a one-time sign-in code reached the participant."""

    MAIL = "mail"  # mailed to the address the coach registered
    HANDOVER = "handover"  # read out by the coach, in person


class Step(enum.StrEnum):
    """A step of the journey as a participant speaks of it (several stages may be one step)."""

    START = "start"
    MAPPING = "mapping"
    SHOWING = "showing"
    LEARNING = "learning"
    CHECKING = "checking"
    CERTIFICATE = "certificate"
    WORK = "work"
    DONE = "done"


class Refusal(enum.StrEnum):
    """Why an action of the portal is refused (words: `labels.REFUSALS`)."""

    ANONYMISED = "portal_anonymised"
    ALREADY_OPEN = "portal_already_open"
    NO_ACCESS = "portal_no_access"
    WRONG_CODE = "portal_wrong_code"
    NOT_A_CODE = "portal_not_a_code"


class ConsentRefusal(enum.StrEnum):
    """Why the participant's own consent change is refused (words: `records_labels.REFUSALS`)."""

    ALREADY_GIVEN = "portal_consent_already_given"
    ALREADY_WITHDRAWN = "portal_consent_already_withdrawn"
    NOT_OFFERED = "portal_consent_not_offered"
