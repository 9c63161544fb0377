"""Where a candidate's evidence per unit comes from, as SQL the matching query can join.

Each source is a function returning a SELECT of `(participant_id, unit_id, strength)`, where
strength is a `matching.Evidence` value. The matching query takes the strongest evidence per
participant and unit over every source (`SOURCES`), in the database. The sources below read the
certificates, assessments and mapping areas' tables.

Matching reads the result from `participant_units`, recomputed from `best_evidence` after
every write to the tables it reads (`app/employers/summaries.py`): a new source is added to
`SOURCES`, and its tables are named there with `keeper.watch(...)`.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from app.employers.matching import Evidence

EvidenceSource = Callable[[], sa.Select]


def _strength(value: Evidence):
    return sa.literal(int(value), sa.Integer).label("strength")


def certified_units() -> sa.Select:
    """Units on a certificate that is not revoked."""
    from app.certificates.models import Certificate, CertificateUnit

    return (
        sa.select(
            Certificate.participant_id.label("participant_id"),
            CertificateUnit.unit_id.label("unit_id"),
            _strength(Evidence.CERTIFIED),
        )
        .join(CertificateUnit, CertificateUnit.certificate_id == Certificate.id)
        .where(
            Certificate.revoked_at.is_(None),
            Certificate.participant_id.is_not(None),
            CertificateUnit.unit_id.is_not(None),
        )
    )


def verified_decisions() -> sa.Select:
    """Units decided achieved and verified, unless a later decision corrected them."""
    from app.assessments.models import UnitDecision
    from app.assessments.vocab import DecisionOutcome, DecisionStatus
    from app.cases.models import Case

    correction = sa.orm.aliased(UnitDecision)
    return (
        sa.select(
            Case.participant_id.label("participant_id"),
            UnitDecision.unit_id.label("unit_id"),
            _strength(Evidence.VERIFIED),
        )
        .join(Case, Case.id == UnitDecision.case_id)
        .where(
            UnitDecision.outcome == DecisionOutcome.ACHIEVED,
            UnitDecision.status == DecisionStatus.VERIFIED,
            ~sa.exists().where(correction.supersedes_id == UnitDecision.id),
        )
    )


def units_up_for_assessment() -> sa.Select:
    """Units in an assessment that is planned or awaiting its decision: ready for assessment.

    The coach plans an assessment only for units the mapping found ready.
    """
    from app.assessments.models import Assessment, AssessmentUnit
    from app.assessments.vocab import AssessmentStatus
    from app.cases.models import Case

    return (
        sa.select(
            Case.participant_id.label("participant_id"),
            AssessmentUnit.unit_id.label("unit_id"),
            _strength(Evidence.READY),
        )
        .join(Assessment, Assessment.id == AssessmentUnit.assessment_id)
        .join(Case, Case.id == Assessment.case_id)
        .where(Assessment.status.in_([AssessmentStatus.PLANNED, AssessmentStatus.RECORDED]))
    )


def units_mapped_ready() -> sa.Select:
    """Units whose every learning outcome the coach judged ready for assessment in a mapping."""
    from app.cases.models import Case
    from app.frameworks.models import LearningOutcome
    from app.mapping.models import Mapping, OutcomeEntry
    from app.mapping.vocab import Judgement

    outcomes = (
        sa.select(LearningOutcome.unit_id, sa.func.count(LearningOutcome.id).label("n"))
        .group_by(LearningOutcome.unit_id)
        .subquery("unit_outcomes")
    )
    return (
        sa.select(
            Case.participant_id.label("participant_id"),
            LearningOutcome.unit_id.label("unit_id"),
            _strength(Evidence.READY),
        )
        .select_from(OutcomeEntry)
        .join(Mapping, Mapping.id == OutcomeEntry.mapping_id)
        .join(Case, Case.id == Mapping.case_id)
        .join(LearningOutcome, LearningOutcome.id == OutcomeEntry.outcome_id)
        .join(outcomes, outcomes.c.unit_id == LearningOutcome.unit_id)
        .where(OutcomeEntry.judgement == Judgement.READY)
        .group_by(Case.participant_id, Mapping.id, LearningOutcome.unit_id, outcomes.c.n)
        .having(sa.func.count(sa.distinct(OutcomeEntry.outcome_id)) == outcomes.c.n)
    )


# Every source of evidence: `() -> Select(participant_id, unit_id, strength)`.
SOURCES: tuple[EvidenceSource, ...] = (
    certified_units,
    verified_decisions,
    units_up_for_assessment,
    units_mapped_ready,
)


def best_evidence(participants=None, units=None) -> sa.Subquery:
    """The strongest evidence per participant and unit, over every source.

    `participants` and `units` (lists of ids or SELECTs of ids) narrow every source in its own
    WHERE, before its joins and grouping, so that each reads only the rows of those
    participants or units through their indexes instead of all evidence of the region.
    """
    rows = []
    for source in SOURCES:
        select = source()
        columns = select.selected_columns  # labels: in WHERE they stand for their expression
        if participants is not None:
            select = select.where(columns.participant_id.in_(participants))
        if units is not None:
            select = select.where(columns.unit_id.in_(units))
        rows.append(select)
    union = sa.union_all(*rows).subquery("evidence_rows")
    return (
        sa.select(
            union.c.participant_id,
            union.c.unit_id,
            sa.func.max(union.c.strength).label("strength"),
        )
        .group_by(union.c.participant_id, union.c.unit_id)
        .subquery("evidence")
    )
