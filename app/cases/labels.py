"""What people read for the cases area's codes: stages, vocabularies, refusals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.cases.personal_numbers import Problem
from app.cases.vocab import (
    ActivityKind,
    Answer,
    ConsentKind,
    DuplicateStatus,
    Education,
    Gender,
    JournalKind,
    LabourMarketStatus,
    Outcome,
    PlanStatus,
    ReferralSource,
    ReferralStatus,
    SummonsDelivery,
    SummonsPurpose,
    SummonsRefusal,
    TransferStatus,
)
from app.cases.workflow import Refusal, Stage

STAGES = {
    Stage.REFERRED: _l("Referred"),
    Stage.INTAKE: _l("Intake"),
    Stage.MAPPING: _l("Mapping"),
    Stage.ASSESSMENT: _l("Assessment"),
    Stage.TRAINING: _l("Complementary training"),
    Stage.VERIFICATION: _l("Quality assurance"),
    Stage.CERTIFIED: _l("Certified"),
    Stage.MATCHING: _l("Matching"),
    Stage.PLACED: _l("Placed"),
    Stage.PAUSED: _l("Paused"),
    Stage.CLOSED: _l("Case closed"),
}

# The verb on the button that moves a case into a stage.
MOVE_TO = {
    Stage.INTAKE: _l("Start intake"),
    Stage.MAPPING: _l("Start mapping"),
    Stage.ASSESSMENT: _l("Send to assessment"),
    Stage.TRAINING: _l("Start complementary training"),
    Stage.VERIFICATION: _l("Send to quality assurance"),
    Stage.CERTIFIED: _l("Mark as certified"),
    Stage.MATCHING: _l("Start matching"),
    Stage.PLACED: _l("Register placement"),
}

GENDERS = {
    Gender.WOMAN: _l("Woman"),
    Gender.MAN: _l("Man"),
    Gender.NON_BINARY: _l("Non-binary"),
    Gender.NOT_STATED: _l("Not stated"),
}

EDUCATION = {
    Education.ISCED_0_2: _l("Compulsory school or less (ISCED 0–2)"),
    Education.ISCED_3_4: _l("Upper secondary school (ISCED 3–4)"),
    Education.ISCED_5_8: _l("Post-secondary education (ISCED 5–8)"),
}

LABOUR_MARKET = {
    LabourMarketStatus.INCOME_SUPPORT: _l("Income support"),
    LabourMarketStatus.REGISTERED_PES: _l("Registered at the Public Employment Service"),
    LabourMarketStatus.LONG_TERM_UNEMPLOYED: _l("Long-term unemployed (12 months or more)"),
    LabourMarketStatus.INACTIVE: _l("Inactive"),
    LabourMarketStatus.EMPLOYED: _l("Employed"),
    LabourMarketStatus.STUDIES: _l("Studying"),
}

ANSWERS = {Answer.YES: _l("Yes"), Answer.NO: _l("No"), Answer.NOT_STATED: _l("Not stated")}

OUTCOMES = {
    Outcome.EMPLOYED: _l("Employed"),
    Outcome.STUDIES: _l("Studies"),
    Outcome.OTHER_SUPPORT: _l("Other support"),
    Outcome.MOVED: _l("Moved"),
    Outcome.DROPPED_OUT: _l("Dropped out"),
    Outcome.OTHER: _l("Other"),
}

SOURCES = {
    ReferralSource.SOCIAL_SERVICES: _l("Social services"),
    ReferralSource.PUBLIC_EMPLOYMENT_SERVICE: _l("Public Employment Service"),
    ReferralSource.OTHER_MUNICIPALITY: _l("Another municipality"),
    ReferralSource.SELF_REFERRAL: _l("Self-referral"),
    ReferralSource.OTHER: _l("Other"),
    ReferralSource.OWN_STAFF: _l("Own staff, referred by a manager"),
}

REFERRAL_STATUS = {
    ReferralStatus.WAITING: _l("Waiting"),
    ReferralStatus.RETURNED: _l("Returned for completion"),
    ReferralStatus.ACCEPTED: _l("Accepted"),
    ReferralStatus.REJECTED: _l("Rejected"),
}

CONSENTS = {
    ConsentKind.REGISTRATION: _l("Registration in Validera"),
    ConsentKind.EMPLOYERS: _l("Sharing the profile with employers"),
    ConsentKind.OTHER_MUNICIPALITY: _l("Sharing with another municipality"),
    ConsentKind.MANAGER: _l("Progress followed by the referring manager"),
}

JOURNAL_KINDS = {
    JournalKind.MEETING: _l("Meeting"),
    JournalKind.PHONE_CALL: _l("Phone call"),
    JournalKind.WORKPLACE_VISIT: _l("Workplace visit"),
    JournalKind.WORKPLACE_SUPERVISION: _l("Workplace supervision"),
    JournalKind.NOTE: _l("Note"),
}

ACTIVITY_KINDS = {
    ActivityKind.SFI: _l("Swedish for immigrants (SFI)"),
    ActivityKind.KOMVUX: _l("Komvux course"),
    ActivityKind.MENTOR: _l("Mentor"),
    ActivityKind.WORK_BASED_LEARNING: _l("Work-based learning"),
    ActivityKind.JOB_SHADOWING: _l("Job shadowing"),
    ActivityKind.WORK_TRIAL: _l("Work trial"),
    ActivityKind.OTHER: _l("Other"),
}

PLAN_STATUS = {
    PlanStatus.PLANNED: _l("Planned"),
    PlanStatus.IN_PROGRESS: _l("In progress"),
    PlanStatus.ACHIEVED: _l("Achieved"),
    PlanStatus.DISCONTINUED: _l("Discontinued"),
}

# A goal (ett mål) takes the neuter forms in Swedish; English says which goal it is.
GOAL_STATUS = {
    PlanStatus.PLANNED: _l("Goal planned"),
    PlanStatus.IN_PROGRESS: _l("Goal in progress"),
    PlanStatus.ACHIEVED: _l("Goal achieved"),
    PlanStatus.DISCONTINUED: _l("Goal discontinued"),
}

TRANSFER_STATUS = {
    TransferStatus.PENDING: _l("Waiting for the receiving municipality"),
    TransferStatus.ACCEPTED: _l("Accepted"),
    TransferStatus.REJECTED: _l("Rejected"),
}

DUPLICATE_STATUS = {
    DuplicateStatus.OPEN: _l("Waiting for a coach to choose."),
    DuplicateStatus.DISMISSED: _l("A coach said they are different people."),
    DuplicateStatus.MERGED: _l("A coach merged them into one participant."),
}

# The link beside a refusal to the page where it is put right (`routes/next_step.py`).
FIXES = {
    Refusal.NO_REGISTRATION_CONSENT: _l("Record the consent"),
    Refusal.NO_EMPLOYER_CONSENT: _l("Record the consent"),
    Refusal.NO_MUNICIPALITY_CONSENT: _l("Record the consent"),
    Refusal.NO_FRAMEWORK: _l("Choose a framework"),
    Refusal.NO_UNITS_READY: _l("Open the mapping"),
    Refusal.NO_VERIFIED_UNITS: _l("Open the case's assessments"),
    Refusal.NO_CERTIFICATE: _l("Issue a certificate"),
}

# Why the case page offers a move first (`workflow.suggested_stage`), by the stage offered.
SUGGESTIONS = {
    Stage.CERTIFIED: _l(
        "A certificate has been issued, and the case is still at the stage %(stage)s."
    ),
}

REFUSALS = {
    Refusal.CASE_CLOSED: _l("The case is closed."),
    Refusal.NOT_ALLOWED: _l("The case cannot go to that stage from its current stage."),
    Refusal.TRANSFER_PENDING: _l(
        "The case is waiting for another municipality to accept a transfer."
    ),
    Refusal.ALREADY_PAUSED: _l("The case is already paused."),
    Refusal.RESUME_ELSEWHERE: _l("A paused case resumes in the stage where it was paused."),
    Refusal.NO_REGISTRATION_CONSENT: _l(
        "Mapping cannot start before the participant's consent to registration is recorded."
    ),
    Refusal.NO_FRAMEWORK: _l("Assessment cannot start before a framework is chosen."),
    Refusal.NO_UNITS_READY: _l(
        "Assessment cannot start before at least one unit is ready for assessment."
    ),
    Refusal.NO_VERIFIED_UNITS: _l(
        "The case cannot be certified before an internal verifier has verified a decision."
    ),
    Refusal.NO_CERTIFICATE: _l("Matching cannot start before a certificate has been issued."),
    Refusal.NO_PLACEMENT: _l(
        "A case is placed by recording the placement (employer and start date) from the "
        "candidate list."
    ),
    Refusal.NO_EMPLOYER_CONSENT: _l(
        "Matching cannot start without the participant's consent to share the profile with "
        "employers."
    ),
    Refusal.NO_OUTCOME: _l("Choose the outcome of the case."),
    Refusal.NO_EXIT_STATUS: _l("Choose the participant's labour-market status at exit."),
    Refusal.NO_REASON: _l("Give a reason."),
    Refusal.NO_PLANNED_RETURN: _l("Give the planned date of return."),
    Refusal.RETURN_IN_PAST: _l("The planned return cannot be in the past."),
    Refusal.NO_MUNICIPALITY_CONSENT: _l(
        "A transfer needs the participant's consent to share with another municipality."
    ),
    Refusal.NOT_IN_REGION: _l("Cases can only be transferred within the same region."),
    Refusal.SAME_MUNICIPALITY: _l("The case is already in that municipality."),
    Refusal.OTHER_OPEN_CASE: _l(
        "The participant has another open case here; close it before transferring this one."
    ),
    Refusal.COACH_ASSESSES: _l(
        "That person is planned to assess this participant, and an assessor may not be the "
        "participant's coach. Plan the assessment with another assessor first."
    ),
    Refusal.REFERRAL_DECIDED: _l("The referral has already been decided."),
    Refusal.TRANSFER_DECIDED: _l("The transfer has already been decided."),
    Refusal.JUST_REGISTERED: _l("This person was just registered: try again."),
    Refusal.ALREADY_OPEN: _l(
        "The participant already has an open case here: a second one is not opened. Work on in "
        "that case, and reject this referral with a note that it belongs to it."
    ),
    Refusal.NAME_FLAGGED: _l(
        "The name in the referral differs from the registered person's. Confirm that it is the "
        "same person, or correct the number, before you accept the referral."
    ),
    Refusal.NAME_CHOSEN: _l("A coach has already chosen who the referral is for."),
    Refusal.NOT_RESERVE: _l(
        "Only a participant with a reserve number gets a personal number here."
    ),
    Refusal.DUPLICATE_DECIDED: _l("The probable duplicate has already been merged or dismissed."),
    Refusal.BOTH_OPEN: _l(
        "Both have an open case: merged, the person would have two. Close one of the cases "
        "first, then merge."
    ),
    SummonsRefusal.PROTECTED_IDENTITY: _l(
        "The participant has protected identity: print the letter and hand it over, it is "
        "never mailed."
    ),
    SummonsRefusal.NO_EMAIL: _l("The participant has no email address: print the letter."),
    SummonsRefusal.ANONYMISED: _l("The participant is anonymised."),
    SummonsRefusal.ASSESSMENT_NOT_PLANNED: _l(
        "Choose one of the case's planned assessments, or none."
    ),
    SummonsRefusal.MEETING_NAMES_ASSESSMENT: _l(
        'Only a summons to an assessment names a planned assessment: choose "An '
        'assessment" under "What", or "None" here.'
    ),
}

NUMBER_PROBLEMS = {
    Problem.FORMAT: _l(
        "Write 10 or 12 digits, with or without a hyphen, e.g. 19850412-1234 or 850412-1234."
    ),
    Problem.DATE: _l(
        "The date part is not a real date (for a coordination number, the day is the day of "
        "birth plus 60)."
    ),
    Problem.FUTURE: _l("The date part is in the future."),
    Problem.CHECK_DIGIT: _l(
        "The check digit (the last digit) does not match: check the number for a typing error."
    ),
}

SUMMONS_PURPOSES = {
    SummonsPurpose.MEETING: _l("A meeting"),
    SummonsPurpose.ASSESSMENT: _l("An assessment"),
}

SUMMONS_DELIVERIES = {
    SummonsDelivery.MAIL: _l("Sent by mail"),
    SummonsDelivery.PRINTED: _l("Printed"),
}

LETTER_LANGUAGES = {"sv": _l("Swedish"), "en": _l("English")}
