"""The fixed vocabularies of the assessments area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


class AssessmentKind(enum.StrEnum):
    """Practical (observed at a workplace or training site) or theoretical (a test)."""

    PRACTICAL = "practical"
    THEORETICAL = "theoretical"


class ExamMode(enum.StrEnum):
    """How a theoretical test is taken."""

    WRITTEN = "written"
    ORAL = "oral"


class AssessmentStatus(enum.StrEnum):
    """planned → recorded (results saved) → decided (every unit decided); or cancelled."""

    PLANNED = "planned"
    RECORDED = "recorded"
    DECIDED = "decided"
    CANCELLED = "cancelled"


class AdaptationKind(enum.StrEnum):
    """Adaptations of how an assessment is carried out (anpassningar vid bedömning)."""

    EXTRA_TIME = "extra_time"
    INTERPRETER = "interpreter"
    ORAL_INSTEAD_OF_WRITTEN = "oral_instead_of_written"
    READ_ALOUD = "read_aloud"
    BREAKS = "breaks"
    ASSISTIVE_TECHNOLOGY = "assistive_technology"
    FAMILIAR_PLACE = "familiar_place"


class Result(enum.StrEnum):
    """What an assessment showed for one criterion."""

    MET = "met"
    NOT_MET = "not_met"


class DecisionOutcome(enum.StrEnum):
    """The decision on a unit."""

    ACHIEVED = "achieved"
    NOT_YET_ACHIEVED = "not_yet_achieved"


class DecisionStatus(enum.StrEnum):
    """confirmed → awaiting_verification → verified | returned.

    A decision outside the verification sample goes straight to verified, with its
    `verified_by_sampling` flag set.
    """

    CONFIRMED = "confirmed"
    AWAITING_VERIFICATION = "awaiting_verification"
    VERIFIED = "verified"
    RETURNED = "returned"
