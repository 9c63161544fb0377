"""What people read for the employers area's codes and refusals, and the matching explanations."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.employers.matching import Distance, Evidence, Match
from app.employers.vocab import (
    ContactKind,
    FollowUpPoint,
    IntroductionStatus,
    NeedForm,
    NeedStatus,
    PlacementForm,
    PlacementOutcome,
    Refusal,
    WorkingTime,
)

REFUSALS = {
    Refusal.NEED_NOT_OPEN: _l("The need is no longer open."),
    Refusal.NEED_STATUS: _l("The need cannot change to that status."),
    Refusal.CANDIDATE_GONE: _l("The candidate is no longer available."),
    Refusal.INTRODUCTION_WAITING: _l(
        "An introduction for this need is already waiting for an answer."
    ),
    Refusal.INTRODUCTION_ANSWERED: _l("The introduction has already been answered."),
    Refusal.ALREADY_ASKED: _l("The participant has already been asked."),
    Refusal.PROFILE_NOT_SHARED: _l(
        "The participant no longer shares their profile with employers."
    ),
    Refusal.CASE_STAGE: _l("The case cannot change stage now."),
    Refusal.CASE_NOT_IN_MATCHING: _l("A placement can be recorded while the case is in matching."),
    Refusal.FOLLOW_UP_RECORDED: _l("This follow-up has already been recorded."),
    Refusal.PLACEMENT_ENDED: _l("The placement has already ended."),
    Refusal.ENDS_BEFORE_START: _l("The placement cannot end before it started."),
}

CONTACT_KINDS = {
    ContactKind.MEETING: _l("Meeting"),
    ContactKind.BUSINESS_BREAKFAST: _l("Business breakfast"),
    ContactKind.WORKPLACE_VISIT: _l("Workplace visit"),
    ContactKind.PHONE_CALL: _l("Phone call"),
    ContactKind.OTHER: _l("Other"),
}

NEED_FORMS = {
    NeedForm.PERMANENT: _l("Permanent job"),
    NeedForm.FIXED_TERM: _l("Fixed-term job"),
    NeedForm.WORK_TRIAL: _l("Work trial"),
    NeedForm.APPRENTICESHIP: _l("Apprenticeship / work-based learning"),
    NeedForm.SUBSIDISED: _l("Subsidised employment"),
}

NEED_STATUSES = {
    NeedStatus.OPEN: _l("Open"),
    NeedStatus.FILLED: _l("Filled"),
    NeedStatus.CLOSED: _l("Closed"),
}

WORKING_TIMES = {
    WorkingTime.FULL_TIME: _l("Full time"),
    WorkingTime.PART_TIME: _l("Part time"),
    WorkingTime.EITHER: _l("Full or part time"),
}

INTRODUCTION_STATUSES = {
    IntroductionStatus.REQUESTED: _l("Requested"),
    IntroductionStatus.ASKED: _l("Participant asked"),
    IntroductionStatus.ACCEPTED: _l("Accepted"),
    IntroductionStatus.DECLINED: _l("Declined"),
}

PLACEMENT_FORMS = {
    PlacementForm.EMPLOYMENT: _l("Employment"),
    PlacementForm.FIXED_TERM: _l("Fixed-term employment"),
    PlacementForm.WORK_TRIAL: _l("Work trial"),
    PlacementForm.APPRENTICESHIP: _l("Apprenticeship"),
}

PLACEMENT_OUTCOMES = {
    PlacementOutcome.EMPLOYED: _l("Employed"),
    PlacementOutcome.COMPLETED: _l("Completed as planned"),
    PlacementOutcome.ENDED_EARLY: _l("Ended early"),
}

FOLLOW_UP_POINTS = {
    FollowUpPoint.WEEKS_4: _l("After 4 weeks"),
    FollowUpPoint.MONTHS_6: _l("After 6 months"),
}

EVIDENCE = {
    Evidence.CERTIFIED: _l("Certified"),
    Evidence.VERIFIED: _l("Verified decision"),
    Evidence.READY: _l("Ready for assessment"),
    Evidence.NONE: _l("Not shown"),
}

DISTANCES = {
    Distance.SAME_MUNICIPALITY: _l("Lives in the workplace's municipality"),
    Distance.SAME_REGION: _l("Lives in the same region"),
    Distance.FARTHER: _l("Lives outside the region"),
}


def _required(match: Match) -> str:
    tally = match.required
    parts = [
        _(
            "%(certified)s of %(total)s required units certified",
            certified=tally.certified,
            total=tally.total,
        )
    ]
    if tally.verified:
        parts.append(ngettext("%(num)s verified", "%(num)s verified", tally.verified))
    if tally.ready:
        parts.append(
            ngettext("%(num)s ready for assessment", "%(num)s ready for assessment", tally.ready)
        )
    return ", ".join(parts)


def explain(match: Match) -> list[str]:
    """The reasons behind a row, e.g. "3 of 4 required units certified; missing: Truck A"."""
    lines = []
    if match.required.total:
        text = _required(match)
        if match.missing:
            text += "; " + _("missing: %(units)s", units=", ".join(match.missing))
        if match.ready:
            text += "; " + _("not yet assessed: %(units)s", units=", ".join(match.ready))
        lines.append(text)
    if match.desired.total:
        lines.append(
            _(
                "%(achieved)s of %(total)s desired units achieved",
                achieved=match.desired.achieved,
                total=match.desired.total,
            )
        )
    lines.append(str(DISTANCES[match.distance]))
    return lines
