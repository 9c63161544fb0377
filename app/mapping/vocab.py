"""The mapping area's vocabularies, in plain Python: what the coach and the participant answer."""

from __future__ import annotations

import enum


class SelfAssessment(enum.StrEnum):
    """The participant's own view, as the coach records it."""

    NEVER = "never"
    WITH_SUPPORT = "with_support"
    ON_MY_OWN = "on_my_own"
    CAN_TEACH = "can_teach"


class CanDo(enum.StrEnum):
    """The participant's own answer on My pages (självskattning): can I do this?"""

    YES = "yes"
    PARTLY = "partly"
    NOT_YET = "not_yet"


class EvidenceStatus(enum.StrEnum):
    """Where a piece of evidence stands: the coach's own is accepted as it is added; what the
    participant sends from My pages waits for the coach, who accepts or refuses it."""

    ACCEPTED = "accepted"
    WAITING = "waiting"
    REFUSED = "refused"


class Judgement(enum.StrEnum):
    """The coach's judgement of the evidence so far."""

    NO_EVIDENCE = "no_evidence"
    SOME_EVIDENCE = "some_evidence"
    READY = "ready"


class Source(enum.StrEnum):
    """Where the competence comes from."""

    WORK_SWEDEN = "work_sweden"
    WORK_ABROAD = "work_abroad"
    STUDIES = "studies"
    EVERYDAY_LIFE = "everyday_life"
    VOLUNTEERING = "volunteering"


class Depth(enum.StrEnum):
    """Initial mapping first; then a deepened one, with evidence, for what looked promising."""

    INITIAL = "initial"
    DEEPENED = "deepened"


class EvidenceKind(enum.StrEnum):
    """Underlag: a description, a reference (e.g. an employer's statement) or a file."""

    DESCRIPTION = "description"
    REFERENCE = "reference"
    FILE = "file"


class GapStatus(enum.StrEnum):
    """A unit's standing in the gap analysis."""

    READY = "ready"
    PARTLY = "partly"
    GAP = "gap"


class ActivitySuggestion(enum.StrEnum):
    """The kind of complementary training suggested for a unit that is not ready."""

    WORK_BASED_LEARNING = "work_based_learning"
    KOMVUX = "komvux"


class Refusal(enum.StrEnum):
    """Why a change to a mapping was refused (worded in `labels.REFUSALS`)."""

    CASE_CLOSED = "case_closed"
    NOT_PUBLISHED = "not_published"
    ALREADY_MAPPED = "already_mapped"
    ALREADY_DEEPENED = "already_deepened"
    UNKNOWN_OUTCOME = "unknown_outcome"
    FILE_MISMATCH = "file_mismatch"
    NOTHING_MISSING = "nothing_missing"
    NOT_WAITING = "evidence_not_waiting"
    NO_REFUSAL_REASON = "evidence_no_refusal_reason"
