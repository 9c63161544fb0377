"""Words for the mapping's vocabularies and refusals, in the user's language."""

from flask_babel import lazy_gettext as _l

from app.mapping.vocab import (
    ActivitySuggestion,
    CanDo,
    Depth,
    EvidenceKind,
    EvidenceStatus,
    GapStatus,
    Judgement,
    Refusal,
    SelfAssessment,
    Source,
)

SELF_ASSESSMENTS = {
    SelfAssessment.NEVER: _l("Never done"),
    SelfAssessment.WITH_SUPPORT: _l("Done with support"),
    SelfAssessment.ON_MY_OWN: _l("Done on my own"),
    SelfAssessment.CAN_TEACH: _l("Can teach others"),
}
# The participant's own answers, in plain words (lättläst), as they read them on My pages.
CAN_DO = {
    CanDo.YES: _l("Yes, I can do it"),
    CanDo.PARTLY: _l("Partly, some of it"),
    CanDo.NOT_YET: _l("Not yet"),
}
EVIDENCE_STATUSES = {
    EvidenceStatus.ACCEPTED: _l("Accepted by the coach"),
    EvidenceStatus.WAITING: _l("Waits for the coach"),
    EvidenceStatus.REFUSED: _l("Not accepted"),
}
JUDGEMENTS = {
    Judgement.NO_EVIDENCE: _l("No evidence"),
    Judgement.SOME_EVIDENCE: _l("Some evidence"),
    Judgement.READY: _l("Ready for assessment"),
}
SOURCES = {
    Source.WORK_SWEDEN: _l("Work in Sweden"),
    Source.WORK_ABROAD: _l("Work abroad"),
    Source.STUDIES: _l("Studies"),
    Source.EVERYDAY_LIFE: _l("Everyday life"),
    Source.VOLUNTEERING: _l("Volunteering"),
}
DEPTHS = {Depth.INITIAL: _l("Initial mapping"), Depth.DEEPENED: _l("Deepened mapping")}
EVIDENCE_KINDS = {
    EvidenceKind.DESCRIPTION: _l("Description"),
    EvidenceKind.REFERENCE: _l("Reference"),
    EvidenceKind.FILE: _l("File"),
}
GAP_STATUSES = {
    GapStatus.READY: _l("Ready for assessment"),
    GapStatus.PARTLY: _l("Partly"),
    GapStatus.GAP: _l("Gap"),
}
SUGGESTIONS = {
    ActivitySuggestion.WORK_BASED_LEARNING: _l("Work-based learning at a workplace"),
    ActivitySuggestion.KOMVUX: _l("A course at Komvux"),
}
REFUSALS = {
    Refusal.CASE_CLOSED: _l("The case is closed: its mapping can no longer change."),
    Refusal.NOT_PUBLISHED: _l("Only a published framework version can be chosen."),
    Refusal.ALREADY_MAPPED: _l("The case is already mapped against this framework version."),
    Refusal.ALREADY_DEEPENED: _l("The deepened mapping has already started."),
    Refusal.UNKNOWN_OUTCOME: _l("That learning outcome is not part of this framework."),
    Refusal.FILE_MISMATCH: _l("A file is needed for file evidence, and only for it."),
    Refusal.NOTHING_MISSING: _l("The unit is ready for assessment: no training is needed."),
    Refusal.NOT_WAITING: _l("This evidence has already been accepted or refused."),
    Refusal.NO_REFUSAL_REASON: _l("Write why the evidence is not accepted."),
}
