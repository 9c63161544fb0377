"""Demo mappings: every demo case in the mapping stage or later is mapped, with evidence.

A case is mapped against each framework whose subject its goal or background mentions
(cleaning, warehouse, care, battery production), so some cases carry two mappings; the further
the case has come, the more units are ready for assessment.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.cases.models import Case
from app.cases.workflow import Stage
from app.demo.frameworks import published
from app.extensions import db
from app.mapping import services
from app.mapping.models import Mapping
from app.mapping.vocab import EvidenceKind, Judgement, SelfAssessment, Source

LATER = (
    Stage.MAPPING,
    Stage.ASSESSMENT,
    Stage.TRAINING,
    Stage.VERIFICATION,
    Stage.CERTIFIED,
    Stage.MATCHING,
    Stage.PLACED,
)
SUBJECTS = [
    (("städ", "lokalvård", "clean"), "lokalvard"),
    (("lager", "truck", "logistik", "warehouse"), "lager-och-logistik"),
    (("vård", "omsorg", "undersköterska", "care"), "vard-och-omsorgsarbete"),
    (("batteri", "process", "operatör", "battery"), "processoperator-batteri"),
]
SOURCES = [
    {Source.WORK_ABROAD},
    {Source.WORK_SWEDEN, Source.STUDIES},
    {Source.EVERYDAY_LIFE},
    {Source.VOLUNTEERING, Source.WORK_SWEDEN},
]


SELF_VIEW = {
    Judgement.READY: SelfAssessment.ON_MY_OWN,
    Judgement.SOME_EVIDENCE: SelfAssessment.WITH_SUPPORT,
    Judgement.NO_EVIDENCE: SelfAssessment.NEVER,
}


def _in_scope(case: Case) -> bool:
    stage = case.paused_from if case.stage == Stage.PAUSED else case.stage
    return stage in LATER


def _frameworks_for(case: Case) -> list:
    """Every framework whose subject the case's goal or background mentions, else one by id."""
    texts = [case.goal, case.background, case.referral.goal if case.referral else None]
    text = " ".join(filter(None, texts)).lower()
    codes = [code for words, code in SUBJECTS if any(word in text for word in words)]
    codes = codes or [SUBJECTS[case.id % len(SUBJECTS)][1]]
    return [published(code) for code in codes]


def _judgement(case: Case, unit_index: int, outcome_index: int) -> Judgement | None:
    """Early cases: the first unit ready, the next partly. Later cases: most units ready."""
    ready_units = 1 if case.stage in (Stage.MAPPING, Stage.PAUSED) else 3
    if unit_index < ready_units:
        return Judgement.READY
    if unit_index == ready_units:
        return Judgement.SOME_EVIDENCE if outcome_index == 0 else Judgement.NO_EVIDENCE
    return None


def _record(mapping: Mapping, case: Case) -> None:
    for u, unit in enumerate(mapping.framework.units):
        for o, outcome in enumerate(unit.outcomes):
            judgement = _judgement(case, u, o)
            if judgement is None:
                continue
            services.record_outcome(
                mapping,
                outcome.id,
                case.coach,
                self_assessment=SELF_VIEW[judgement],
                judgement=judgement,
                sources=SOURCES[(case.id + u) % len(SOURCES)],
                notes="Berättade utförligt och visade hur hen gör."
                if judgement == Judgement.READY
                else None,
            )


def _evidence(mapping: Mapping, case: Case) -> None:
    first = mapping.framework.units[0]
    services.add_evidence(
        mapping,
        case.coach,
        kind=EvidenceKind.DESCRIPTION,
        title=f"Samtal om {first.title.lower()}",
        text="Deltagaren beskrev sina arbetsuppgifter steg för steg och visade på plats hur "
        "arbetet planeras och utförs. Beskrivningen stämmer med lärandemålen.",
        outcome_ids=[o.id for o in first.outcomes],
    )
    services.add_evidence(
        mapping,
        case.coach,
        kind=EvidenceKind.REFERENCE,
        title="Arbetsgivarintyg",
        reference="Tidigare arbetsledare, intyg om anställning 2019–2023 med arbetsuppgifter",
        outcome_ids=[first.outcomes[0].id],
    )


def load() -> int:
    """Map the demo cases that have reached the mapping stage; creates no accounts."""
    cases = db.session.scalars(sa.select(Case).order_by(Case.id)).all()
    for case in cases:
        if not _in_scope(case) or case.coach is None:
            continue
        if db.session.scalar(sa.select(Mapping.id).where(Mapping.case_id == case.id)):
            continue
        for framework in _frameworks_for(case):
            mapping = services.start_mapping(case, framework, case.coach)
            _record(mapping, case)
            _evidence(mapping, case)
    return 0
