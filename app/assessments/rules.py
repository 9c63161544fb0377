"""The rules of assessment and quality assurance, in plain Python (no Flask, no SQLAlchemy).

Who may assess a case, what the results propose for a unit, when an assessor may depart from
that proposal, who may verify a decision, and which decisions the verification sample takes.
The services gather plain values from the models and ask these functions; nothing else decides.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.assessments.vocab import DecisionOutcome, DecisionStatus, Result
from app.refusals import check
from app.vocab import Role

ALWAYS_VERIFIED_CASES = 10  # an assessor's first ten cases are always verified


class Refusal(enum.StrEnum):
    """Why something is refused (the codes of `app.refusals.Refused`); each has a message for
    people in `labels.py`."""

    NOT_ASSESSOR = "not_assessor"
    INACTIVE = "inactive"
    NOT_COOPERATING = "not_cooperating"
    IS_COACH = "is_coach"
    UNMET_CRITERIA = "unmet_criteria"
    NO_JUSTIFICATION = "no_justification"
    NOT_VERIFIER = "not_verifier"
    OWN_DECISION = "own_decision"
    NOT_AWAITING = "not_awaiting"
    NOT_RETURNED = "not_returned"
    NO_COMMENT = "no_comment"
    NOT_VERIFIED = "not_verified"
    ALREADY_CORRECTED = "already_corrected"
    NO_REASON = "no_reason"
    SCORE_FAILED = "score_failed"
    SCORE_WITHOUT_LIMIT = "score_without_limit"
    SCORE_ABOVE_MAXIMUM = "score_above_maximum"
    LIMIT_ABOVE_MAXIMUM = "limit_above_maximum"
    MISSING_RESULTS = "missing_results"
    CASE_CLOSED = "case_closed"
    NO_UNITS = "no_units"
    OTHER_FRAMEWORK = "other_framework"
    UNIT_ACHIEVED = "unit_achieved"
    ASSESSMENT_CLOSED = "assessment_closed"
    NOT_RECORDED = "not_recorded"
    ALREADY_DECIDED = "already_decided"
    DECISION_OPEN = "decision_open"
    UNIT_NOT_ASSESSED = "unit_not_assessed"
    NOTHING_TO_SIGN = "nothing_to_sign"
    NOT_CURRENT = "not_current"
    NOT_CANCELLABLE = "not_cancellable"
    NOT_MOVABLE = "not_movable"
    NO_POINTS = "no_points"
    NEGATIVE_POINTS = "negative_points"
    NO_CRITERIA = "no_criteria"
    DUPLICATE_ITEM = "duplicate_item"
    MAXIMUM_BELOW_SCORE = "maximum_below_score"
    ITEM_NOT_SCORED = "item_not_scored"
    NO_PASS_MARK = "no_pass_mark"  # noqa: S105 - a reason, not a password
    PASS_MARK_ABOVE_TOTAL = "pass_mark_above_total"  # noqa: S105
    NOT_THEORETICAL = "not_theoretical"
    COACHES_PARTICIPANT = "coaches_participant"
    VERIFIER_IS_COACH = "verifier_is_coach"
    ROLE_CONFLICT = "role_conflict"
    NOT_HELD_YET = "not_held_yet"  # results of an assessment whose day has not come


# --- who may assess ------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A user as the rules see them."""

    id: int
    roles: frozenset[Role]
    municipality_id: int | None
    region_id: int | None = None
    is_active: bool = True


@dataclass(frozen=True)
class CaseParties:
    """The case's municipality and everyone who coaches or has coached the participant."""

    municipality_id: int
    region_id: int | None
    coach_ids: frozenset[int] = field(default_factory=frozenset)


def cooperates(person: Person, case: CaseParties) -> bool:
    """The same municipality, or one in the same region (`Municipality.cooperates_with`)."""
    if person.municipality_id is None:
        return False
    if person.municipality_id == case.municipality_id:
        return True
    return case.region_id is not None and person.region_id == case.region_id


def assessor_refusals(person: Person, case: CaseParties) -> list[Refusal]:
    """Why `person` may not assess the case; empty when they may.

    An assessor is independent of the participant: whoever coaches or has coached any of the
    participant's cases may not assess them.
    """
    refused = []
    if Role.ASSESSOR not in person.roles:
        refused.append(Refusal.NOT_ASSESSOR)
    if not person.is_active:
        refused.append(Refusal.INACTIVE)
    if not cooperates(person, case):
        refused.append(Refusal.NOT_COOPERATING)
    if person.id in case.coach_ids:
        refused.append(Refusal.IS_COACH)
    return refused


def acting_refusals(person: Person, case: CaseParties) -> list[Refusal]:
    """Why `person` may not act as the case's assessor now: record results, decide a unit,
    sign the recommendation, revise or correct a decision.

    The rule of `assessor_refusals` holds at every step, not only when the assessment is
    planned: the case may since have been given to the assessor as its coach.
    """
    return [
        Refusal.COACHES_PARTICIPANT if refusal is Refusal.IS_COACH else refusal
        for refusal in assessor_refusals(person, case)
    ]


def role_refusals(
    added_roles: Iterable[Role], coached_and_assessed: Iterable[int]
) -> list[Refusal]:
    """Whether a person may be given the coach or the assessor role.

    Holding both roles is allowed: the conflict is per participant, never coach and assessor
    of the same one. A role alone makes nobody a case's coach or assessor (planning and
    reassigning check that), so a role conflicts only where the person already coaches a
    participant they have assessment work pending for (`coached_and_assessed`: those cases,
    left by data from before these rules); that assessment is re-planned first.
    """
    gives = {Role.COACH, Role.ASSESSOR} & set(added_roles)
    return [Refusal.ROLE_CONFLICT] if gives and list(coached_and_assessed) else []


# --- results -------------------------------------------------------------------------------


def score_refusals(
    score: int | None, pass_mark: int | None, maximum: int | None, any_met: bool
) -> list[Refusal]:
    """A theoretical unit score: coherent numbers, and no criterion met below the pass mark."""
    refused = []
    if score is not None and pass_mark is None:
        refused.append(Refusal.SCORE_WITHOUT_LIMIT)
    if maximum is not None and score is not None and score > maximum:
        refused.append(Refusal.SCORE_ABOVE_MAXIMUM)
    if maximum is not None and pass_mark is not None and pass_mark > maximum:
        refused.append(Refusal.LIMIT_ABOVE_MAXIMUM)
    below = score is not None and pass_mark is not None and score < pass_mark
    if below and any_met:
        refused.append(Refusal.SCORE_FAILED)
    return refused


def held_refusals(scheduled_on: date, today: date) -> list[Refusal]:
    """Results are of an assessment that has taken place: never before its day."""
    return [Refusal.NOT_HELD_YET] if scheduled_on > today else []


def missing_results(criterion_ids: Iterable[int], results: dict[int, Result | None]) -> list[int]:
    """The criteria a practical assessment left without met / not yet met."""
    return [cid for cid in criterion_ids if results.get(cid) is None]


# --- theoretical tests with items ----------------------------------------------------------


@dataclass(frozen=True)
class ExamItem:
    """An item (uppgift) of a theoretical test of one unit, as the rules see it."""

    key: int
    max_points: int
    criterion_ids: frozenset[int]
    pass_mark: int | None = None
    score: int | None = None

    @property
    def reached(self) -> bool:
        """The item's score reaches its own pass mark; an item without one sets no bar."""
        return self.pass_mark is None or (self.score or 0) >= self.pass_mark


def item_refusals(
    max_points: int | None,
    pass_mark: int | None,
    criterion_ids: Iterable[int],
    score: int | None = None,
) -> list[Refusal]:
    """An item's definition: a point or more, a pass mark within them, at least one criterion.

    `score` is what was already recorded for the item: its points may not fall below it.
    """
    refused = []
    if max_points is None or max_points < 1:
        refused.append(Refusal.NO_POINTS)
    elif score is not None and score > max_points:
        refused.append(Refusal.MAXIMUM_BELOW_SCORE)
    if pass_mark is not None and pass_mark < 0:
        refused.append(Refusal.NEGATIVE_POINTS)
    elif pass_mark is not None and max_points is not None and pass_mark > max_points:
        refused.append(Refusal.LIMIT_ABOVE_MAXIMUM)
    if not list(criterion_ids):
        refused.append(Refusal.NO_CRITERIA)
    return refused


def label_refusals(label: str, other_labels: Iterable[str]) -> list[Refusal]:
    """Each item of a unit's test has a label of its own (compared without case or spaces)."""
    taken = {other.strip().casefold() for other in other_labels}
    return [Refusal.DUPLICATE_ITEM] if label.strip().casefold() in taken else []


def item_score_refusals(score: int | None, max_points: int) -> list[Refusal]:
    """An item's score: given, not negative, not above the item's points."""
    if score is None:
        return [Refusal.ITEM_NOT_SCORED]
    if score < 0:
        return [Refusal.NEGATIVE_POINTS]
    return [Refusal.SCORE_ABOVE_MAXIMUM] if score > max_points else []


def exam_refusals(items: Sequence[ExamItem], pass_mark: int | None) -> dict:
    """What is wrong with a scored test with items, by item key; the key None is the unit's
    pass mark, which is required and may not exceed the items' points together."""
    found: dict = {}
    for item in items:
        refused = item_score_refusals(item.score, item.max_points)
        if refused:
            found[item.key] = refused
    total = sum(item.max_points for item in items)
    if pass_mark is None:
        found[None] = [Refusal.NO_PASS_MARK]
    elif pass_mark < 0:
        found[None] = [Refusal.NEGATIVE_POINTS]
    elif pass_mark > total:
        found[None] = [Refusal.PASS_MARK_ABOVE_TOTAL]
    return found


@dataclass(frozen=True)
class ExamResult:
    """What a scored test with items shows for its unit and for the criteria it covers."""

    total: int
    maximum: int
    passed: bool
    criteria: dict[int, Result]


def exam_result(items: Sequence[ExamItem], pass_mark: int) -> ExamResult:
    """The unit's result and the covered criteria's results, derived from the item scores.

    The test is passed when the items' scores together reach the unit's pass mark. A criterion
    that one or more items cover is met when the test is passed and every item covering it
    reaches its own pass mark (an item without one sets no bar of its own); otherwise it is not
    yet met. A criterion that no item covers is not assessed by the test and gets no result.
    """
    problems = exam_refusals(items, pass_mark)
    check(sorted({r for refusals in problems.values() for r in refusals}))
    total = sum(item.score or 0 for item in items)
    passed = total >= pass_mark
    criteria: dict[int, Result] = {}
    for item in items:
        for cid in item.criterion_ids:
            met = passed and item.reached and criteria.get(cid, Result.MET) is Result.MET
            criteria[cid] = Result.MET if met else Result.NOT_MET
    maximum = sum(item.max_points for item in items)
    return ExamResult(total, maximum, passed, criteria)


# --- proposals and decisions ----------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """What the results propose for a unit, and which criteria are not yet met."""

    outcome: DecisionOutcome
    unmet: tuple[int, ...]


def propose(outcomes: Sequence[Sequence[int]], results: Iterable[tuple[int, Result]]) -> Proposal:
    """Achieved only when every criterion of every learning outcome is met by some result.

    `outcomes` lists the criterion ids of each learning outcome of the unit; `results` every
    (criterion id, result) of every attempt, practical or theoretical. A single "met" in any
    attempt meets the criterion. An outcome without criteria, or a unit without outcomes,
    cannot be shown to be met.
    """
    met = {cid for cid, result in results if Result(result) is Result.MET}
    unmet = tuple(cid for criteria in outcomes for cid in criteria if cid not in met)
    empty = not outcomes or any(not criteria for criteria in outcomes)
    achieved = not unmet and not empty
    return Proposal(
        DecisionOutcome.ACHIEVED if achieved else DecisionOutcome.NOT_YET_ACHIEVED, unmet
    )


def decision_refusals(
    proposal: Proposal, chosen: DecisionOutcome, justification: str | None
) -> list[Refusal]:
    """An assessor may depart from the proposal with a justification, never towards
    "achieved" while a criterion is unmet."""
    chosen = DecisionOutcome(chosen)
    refused = []
    if chosen is DecisionOutcome.ACHIEVED and proposal.outcome is not DecisionOutcome.ACHIEVED:
        refused.append(Refusal.UNMET_CRITERIA)
    elif chosen is not proposal.outcome and not (justification or "").strip():
        refused.append(Refusal.NO_JUSTIFICATION)
    return refused


# --- internal quality assurance -------------------------------------------------------------


def verification_refusals(
    verifier: Person, assessor_id: int, status: DecisionStatus, *, coach_ids: frozenset[int]
) -> list[Refusal]:
    """A verifier holds the right, and is neither the decision's assessor nor (`coach_ids`)
    someone who coaches or has coached the participant."""
    refused = []
    if Role.INTERNAL_VERIFIER not in verifier.roles or not verifier.is_active:
        refused.append(Refusal.NOT_VERIFIER)
    if verifier.id == assessor_id:
        refused.append(Refusal.OWN_DECISION)
    if verifier.id in coach_ids:
        refused.append(Refusal.VERIFIER_IS_COACH)
    if DecisionStatus(status) is not DecisionStatus.AWAITING_VERIFICATION:
        refused.append(Refusal.NOT_AWAITING)
    return refused


def return_refusals(
    verifier: Person, assessor_id: int, status, comment: str | None, *, coach_ids: frozenset[int]
):
    """Returning a decision follows the verification rules and needs a comment."""
    refused = verification_refusals(verifier, assessor_id, status, coach_ids=coach_ids)
    return refused + ([] if (comment or "").strip() else [Refusal.NO_COMMENT])


def in_sample(share_percent: int, earlier_cases: int, draw: float) -> bool:
    """Whether a decision is verified by a person or, outside the sample, by sampling.

    `earlier_cases` counts the assessor's other cases with decisions sent before this one;
    while it is below ten, every decision is verified. Otherwise `draw` (uniform in [0, 1))
    takes the decision into the sample with the municipality's share.
    """
    if earlier_cases < ALWAYS_VERIFIED_CASES:
        return True
    share = min(max(share_percent, 0), 100)
    return draw * 100 < share


# --- corrections -----------------------------------------------------------------------------


def correction_refusals(
    status: DecisionStatus, already_corrected: bool, reason: str | None
) -> list[Refusal]:
    """A verified decision is corrected once, by a new decision with a reason."""
    refused = []
    if DecisionStatus(status) is not DecisionStatus.VERIFIED:
        refused.append(Refusal.NOT_VERIFIED)
    if already_corrected:
        refused.append(Refusal.ALREADY_CORRECTED)
    if not (reason or "").strip():
        refused.append(Refusal.NO_REASON)
    return refused


def revision_refusals(
    status: DecisionStatus, already_revised: bool, reason: str | None
) -> list[Refusal]:
    """A returned decision is answered once, by a new decision with the assessor's reply."""
    refused = []
    if DecisionStatus(status) is not DecisionStatus.RETURNED:
        refused.append(Refusal.NOT_RETURNED)
    if already_revised:
        refused.append(Refusal.ALREADY_CORRECTED)
    if not (reason or "").strip():
        refused.append(Refusal.NO_REASON)
    return refused
