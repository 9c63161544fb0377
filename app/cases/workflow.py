"""The case workflow: which stage may follow which, and on what conditions.

Plain Python over a snapshot of the case (`CaseFacts`), so that every rule can be tested without
Flask or a database. Views and services ask `refusals()` / `check()`; nothing else decides
whether a case may move. A refused move raises `Refused` with the `Refusal` members as codes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from app.refusals import Refused


class Stage(enum.StrEnum):
    """Where a case is in the journey (see DESIGN.md)."""

    REFERRED = "referred"
    INTAKE = "intake"
    MAPPING = "mapping"
    ASSESSMENT = "assessment"
    TRAINING = "training"
    VERIFICATION = "verification"
    CERTIFIED = "certified"
    MATCHING = "matching"
    PLACED = "placed"
    PAUSED = "paused"
    CLOSED = "closed"


JOURNEY = (
    Stage.REFERRED,
    Stage.INTAKE,
    Stage.MAPPING,
    Stage.ASSESSMENT,
    Stage.TRAINING,
    Stage.VERIFICATION,
    Stage.CERTIFIED,
    Stage.MATCHING,
    Stage.PLACED,
    Stage.CLOSED,
)

# The forward steps and the loops back; pausing, resuming and closing are handled apart.
NEXT: dict[Stage, tuple[Stage, ...]] = {
    Stage.REFERRED: (Stage.INTAKE,),
    Stage.INTAKE: (Stage.MAPPING,),
    Stage.MAPPING: (Stage.ASSESSMENT,),
    Stage.ASSESSMENT: (Stage.TRAINING, Stage.VERIFICATION),
    Stage.TRAINING: (Stage.ASSESSMENT,),
    Stage.VERIFICATION: (Stage.CERTIFIED, Stage.ASSESSMENT),
    Stage.CERTIFIED: (Stage.MATCHING, Stage.TRAINING),
    Stage.MATCHING: (Stage.PLACED,),
    Stage.PLACED: (Stage.MATCHING,),
    Stage.PAUSED: (),
    Stage.CLOSED: (),
}


class Refusal(enum.StrEnum):
    """Why an action on a case is refused (a move, a transfer, a new coach, a decision on a
    referral or transfer); each has its words for people in `app.cases.labels.REFUSALS`."""

    CASE_CLOSED = "case_closed"
    NOT_ALLOWED = "not_allowed"
    TRANSFER_PENDING = "transfer_pending"
    ALREADY_PAUSED = "already_paused"
    RESUME_ELSEWHERE = "resume_elsewhere"
    NO_REGISTRATION_CONSENT = "no_registration_consent"
    NO_FRAMEWORK = "no_framework"
    NO_UNITS_READY = "no_units_ready"
    NO_VERIFIED_UNITS = "no_verified_units"
    NO_CERTIFICATE = "no_certificate"
    NO_EMPLOYER_CONSENT = "no_employer_consent"
    NO_PLACEMENT = "no_placement"
    NO_OUTCOME = "no_outcome"
    NO_EXIT_STATUS = "no_exit_status"
    NO_REASON = "no_reason"
    NO_PLANNED_RETURN = "no_planned_return"
    RETURN_IN_PAST = "return_in_past"
    NO_MUNICIPALITY_CONSENT = "no_municipality_consent"
    NOT_IN_REGION = "not_in_region"
    SAME_MUNICIPALITY = "same_municipality"
    OTHER_OPEN_CASE = "other_open_case"
    COACH_ASSESSES = "coach_assesses"
    REFERRAL_DECIDED = "referral_decided"  # someone decided the referral first
    TRANSFER_DECIDED = "transfer_decided"  # someone decided the transfer first
    JUST_REGISTERED = "just_registered"  # the same person registered at the same moment
    ALREADY_OPEN = "already_open"  # accepting would open a second case beside an open one
    NAME_FLAGGED = "name_flagged"  # the typed name differs and no coach has chosen yet
    NAME_CHOSEN = "name_chosen"  # the coach (or another) has already chosen
    NOT_RESERVE = "not_reserve"  # only a reserve identity is merged with a personal number
    DUPLICATE_DECIDED = "duplicate_decided"  # someone merged or dismissed it first
    BOTH_OPEN = "both_open"  # merged, the person would have two open cases


@dataclass(frozen=True)
class CaseFacts:
    """What the workflow needs to know about a case, gathered by the service layer."""

    stage: Stage
    paused_from: Stage | None = None
    has_registration_consent: bool = False
    has_employer_consent: bool = False
    has_municipality_consent: bool = False
    framework_chosen: bool = False
    units_ready: int = 0
    verified_units: int = 0
    certificates: int = 0
    placements: int = 0
    transfer_pending: bool = False
    other_open_cases: int = 0  # the participant's other open cases in the municipality


@dataclass(frozen=True)
class Move:
    """A requested change of stage with what the person gave with it."""

    to: Stage
    reason: str = ""
    outcome: str | None = None
    exit_status: str | None = None
    planned_return: date | None = None
    today: date = field(default_factory=date.today)


def _preconditions(facts: CaseFacts, to: Stage) -> list[Refusal]:
    """What must already be true before entering `to`."""
    needs = {
        Stage.MAPPING: [(facts.has_registration_consent, Refusal.NO_REGISTRATION_CONSENT)],
        Stage.ASSESSMENT: [
            (facts.framework_chosen, Refusal.NO_FRAMEWORK),
            (facts.units_ready > 0, Refusal.NO_UNITS_READY),
        ],
        Stage.CERTIFIED: [(facts.verified_units > 0, Refusal.NO_VERIFIED_UNITS)],
        Stage.MATCHING: [
            (facts.certificates > 0, Refusal.NO_CERTIFICATE),
            (facts.has_employer_consent, Refusal.NO_EMPLOYER_CONSENT),
        ],
        # A case is placed by recording the placement itself (employer, start date, follow-ups).
        Stage.PLACED: [(facts.placements > 0, Refusal.NO_PLACEMENT)],
    }
    return [refusal for ok, refusal in needs.get(to, []) if not ok]


def _given(move: Move) -> list[Refusal]:
    """What the person must give with the move itself."""
    if move.to is Stage.CLOSED:
        return [
            refusal
            for ok, refusal in (
                (move.outcome, Refusal.NO_OUTCOME),
                (move.exit_status, Refusal.NO_EXIT_STATUS),
            )
            if not ok
        ]
    if move.to is Stage.PAUSED:
        refused = [] if move.reason.strip() else [Refusal.NO_REASON]
        if move.planned_return is None:
            return [*refused, Refusal.NO_PLANNED_RETURN]
        return refused + ([Refusal.RETURN_IN_PAST] if move.planned_return < move.today else [])
    return []


def _path(facts: CaseFacts, to: Stage) -> list[Refusal]:
    """Whether `to` may follow the current stage at all."""
    if facts.stage is Stage.CLOSED:
        return [Refusal.CASE_CLOSED]
    if facts.transfer_pending:
        return [Refusal.TRANSFER_PENDING]
    if to is Stage.CLOSED:
        return []
    if to is Stage.PAUSED:
        return [Refusal.ALREADY_PAUSED] if facts.stage is Stage.PAUSED else []
    if facts.stage is Stage.PAUSED:
        return [] if to is facts.paused_from else [Refusal.RESUME_ELSEWHERE]
    return [] if to in NEXT[facts.stage] else [Refusal.NOT_ALLOWED]


def refusals(facts: CaseFacts, move: Move) -> list[Refusal]:
    """Every reason the move is refused; empty when it is allowed."""
    path = _path(facts, move.to)
    if path:
        return path
    # Resuming returns to a stage the case already entered lawfully.
    resuming = facts.stage is Stage.PAUSED
    return ([] if resuming else _preconditions(facts, move.to)) + _given(move)


def check(facts: CaseFacts, move: Move) -> None:
    """Raise Refused (every reason as a code) unless the move is allowed."""
    refused = refusals(facts, move)
    if refused:
        raise Refused(*refused)


def next_stages(facts: CaseFacts) -> list[Stage]:
    """The stages the case could move to next (besides pausing and closing), allowed or not."""
    if facts.stage is Stage.CLOSED or facts.transfer_pending:
        return []
    if facts.stage is Stage.PAUSED:
        return [facts.paused_from] if facts.paused_from else []
    return list(NEXT[facts.stage])


def suggested_stage(facts: CaseFacts) -> Stage | None:
    """The next stage that what has already happened points to, offered first on the case
    page: a case in quality assurance whose certificate is issued has been certified. None
    when the choice is the coach's, or when the move is not allowed now."""
    if facts.stage is not Stage.VERIFICATION or facts.certificates == 0:
        return None
    return None if refusals(facts, Move(Stage.CERTIFIED)) else Stage.CERTIFIED


def transfer_refusals(
    facts: CaseFacts, *, same_municipality: bool, same_region: bool
) -> list[Refusal]:
    """Why the case may not be sent to the chosen municipality; empty when it may."""
    if facts.stage is Stage.CLOSED:
        return [Refusal.CASE_CLOSED]
    if facts.transfer_pending:
        return [Refusal.TRANSFER_PENDING]
    refused = [] if facts.has_municipality_consent else [Refusal.NO_MUNICIPALITY_CONSENT]
    if facts.other_open_cases:
        # The participant moves with the case, so a second open case would be left behind.
        refused.append(Refusal.OTHER_OPEN_CASE)
    if same_municipality:
        return [*refused, Refusal.SAME_MUNICIPALITY]
    return refused + ([] if same_region else [Refusal.NOT_IN_REGION])


def is_open(stage: Stage) -> bool:
    """True for every stage but closed."""
    return stage is not Stage.CLOSED


def coach_refusals(coach_id: int, assessor_ids: frozenset[int]) -> list[Refusal]:
    """Whether a person may become a coach of the participant's case: never while they have
    assessment work pending for the participant (`assessor_ids`: who has an open assessment of
    any of the participant's cases, or a decision to sign or revise), since an assessor is
    independent of the participant's coach at every step; the assessment is re-planned first.
    """
    return [Refusal.COACH_ASSESSES] if coach_id in assessor_ids else []
