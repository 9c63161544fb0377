"""What people read for the assessments area's codes: kinds, statuses, refusals."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.assessments.rules import Refusal
from app.assessments.vocab import (
    AdaptationKind,
    AssessmentKind,
    AssessmentStatus,
    DecisionOutcome,
    DecisionStatus,
    ExamMode,
    Result,
)
from app.i18n import show_date

KINDS = {
    AssessmentKind.PRACTICAL: _l("Practical"),
    AssessmentKind.THEORETICAL: _l("Theoretical"),
}

EXAM_MODES = {ExamMode.WRITTEN: _l("Written test"), ExamMode.ORAL: _l("Oral test")}

STATUSES = {
    AssessmentStatus.PLANNED: _l("Planned"),
    AssessmentStatus.RECORDED: _l("Results recorded"),
    AssessmentStatus.DECIDED: _l("Decided"),
    AssessmentStatus.CANCELLED: _l("Cancelled"),
}

ADAPTATIONS = {
    AdaptationKind.EXTRA_TIME: _l("Extra time"),
    AdaptationKind.INTERPRETER: _l("Interpreter"),
    AdaptationKind.ORAL_INSTEAD_OF_WRITTEN: _l("Oral instead of written"),
    AdaptationKind.READ_ALOUD: _l("Questions read aloud"),
    AdaptationKind.BREAKS: _l("Breaks as needed"),
    AdaptationKind.ASSISTIVE_TECHNOLOGY: _l("Assistive technology"),
    AdaptationKind.FAMILIAR_PLACE: _l("Familiar place"),
}

RESULTS = {Result.MET: _l("Met"), Result.NOT_MET: _l("Not yet met")}

OUTCOMES = {
    DecisionOutcome.ACHIEVED: _l("Achieved"),
    DecisionOutcome.NOT_YET_ACHIEVED: _l("Not yet achieved"),
}

DECISION_STATUSES = {
    DecisionStatus.CONFIRMED: _l("Confirmed, not yet signed"),
    DecisionStatus.AWAITING_VERIFICATION: _l("Waiting for verification"),
    DecisionStatus.VERIFIED: _l("Verified"),
    DecisionStatus.RETURNED: _l("Returned to the assessor"),
}


# The words of `app.refusals.Refused` for the area's codes (registered by `init_app`).
def _not_held_yet(held_on, **_params) -> str:
    return gettext(
        "The assessment is dated %(date)s, which has not come yet: its results can be recorded "
        "from that day.",
        date=show_date(held_on),
    )


REFUSALS = {
    Refusal.NOT_HELD_YET: _not_held_yet,
    Refusal.NOT_ASSESSOR: _l("The person chosen does not hold the assessor role."),
    Refusal.INACTIVE: _l("The person chosen has a deactivated account."),
    Refusal.NOT_COOPERATING: _l(
        "The assessor must belong to the case's municipality or one cooperating with it."
    ),
    Refusal.IS_COACH: _l(
        "The assessor may not be the participant's coach: choose someone independent."
    ),
    Refusal.UNMET_CRITERIA: _l("The unit cannot be achieved while a criterion is not yet met."),
    Refusal.NO_JUSTIFICATION: _l(
        "Give a justification when the decision departs from the proposal."
    ),
    Refusal.NOT_VERIFIER: _l("Only an internal verifier may verify decisions."),
    Refusal.OWN_DECISION: _l("You may not verify a decision you made yourself."),
    Refusal.COACHES_PARTICIPANT: _l(
        "You coach this participant, so you may not assess them: the assessment must be "
        "planned again with an independent assessor."
    ),
    Refusal.VERIFIER_IS_COACH: _l(
        "You coach this participant, so you may not verify decisions about them."
    ),
    Refusal.ROLE_CONFLICT: _l(
        "This person coaches a participant they are planned to assess. Plan that assessment "
        "with another assessor before giving them this role."
    ),
    Refusal.NOT_AWAITING: _l("The decision is not waiting for verification."),
    Refusal.NOT_RETURNED: _l("Only a decision returned by the verifier can be revised."),
    Refusal.NO_COMMENT: _l("Say what the assessor should look at again."),
    Refusal.NOT_VERIFIED: _l("Only a verified decision is corrected; this one can be revised."),
    Refusal.ALREADY_CORRECTED: _l("A later decision has already replaced this one."),
    Refusal.NO_REASON: _l("Give the reason for the new decision."),
    Refusal.SCORE_FAILED: _l(
        "The score is below the pass mark, so no criterion of the unit can be met by this test."
    ),
    Refusal.SCORE_WITHOUT_LIMIT: _l("Give the pass mark together with the score."),
    Refusal.SCORE_ABOVE_MAXIMUM: _l("The score cannot be higher than the maximum."),
    Refusal.LIMIT_ABOVE_MAXIMUM: _l("The pass mark cannot be higher than the maximum."),
    Refusal.MISSING_RESULTS: _l(
        "A practical assessment needs met or not yet met for every criterion."
    ),
    Refusal.CASE_CLOSED: _l("The case is closed."),
    Refusal.NO_UNITS: _l("Choose at least one unit."),
    Refusal.OTHER_FRAMEWORK: _l(
        "All units must come from the framework version the case is assessed against."
    ),
    Refusal.UNIT_ACHIEVED: _l("A chosen unit is already achieved."),
    Refusal.ASSESSMENT_CLOSED: _l("The assessment is decided or cancelled: its results are kept."),
    Refusal.NOT_RECORDED: _l("Record the results before deciding."),
    Refusal.ALREADY_DECIDED: _l("This unit has already been decided for this assessment."),
    Refusal.DECISION_OPEN: _l(
        "Another decision on this unit is still open: it must be verified or revised first."
    ),
    Refusal.UNIT_NOT_ASSESSED: _l("The unit is not part of this assessment."),
    Refusal.NOTHING_TO_SIGN: _l("There are no confirmed decisions waiting for your signature."),
    Refusal.NOT_CURRENT: _l("A later decision has replaced this one."),
    Refusal.NOT_CANCELLABLE: _l("Only an assessment without results can be cancelled."),
    Refusal.NOT_MOVABLE: _l("Only a planned assessment without results can be moved."),
    Refusal.NO_POINTS: _l("An item is worth at least one point."),
    Refusal.NEGATIVE_POINTS: _l("Points cannot be negative."),
    Refusal.NO_CRITERIA: _l("Choose at least one criterion that the item covers."),
    Refusal.DUPLICATE_ITEM: _l("Another item of this unit's test already has this label."),
    Refusal.MAXIMUM_BELOW_SCORE: _l(
        "The item's recorded score is higher than this: change the score first."
    ),
    Refusal.ITEM_NOT_SCORED: _l("Give the item's score (0 if no points were given)."),
    Refusal.NO_PASS_MARK: _l("Give the pass mark for the whole test."),
    Refusal.PASS_MARK_ABOVE_TOTAL: _l(
        "The pass mark cannot be higher than the points of all items together."
    ),
    Refusal.NOT_THEORETICAL: _l("Only a theoretical test has items."),
}
