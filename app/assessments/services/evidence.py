"""The mapping's evidence as the assessor sees it: for the units being assessed, nothing else."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.assessments.models import Assessment
from app.extensions import db
from app.frameworks.models import Framework
from app.mapping.models import Evidence, Mapping
from app.mapping.vocab import EvidenceStatus


def mapped_frameworks(case) -> list[Framework]:
    """The framework versions the case was mapped against, oldest mapping first."""
    query = (
        sa.select(Framework)
        .join(Mapping, Mapping.framework_id == Framework.id)
        .where(Mapping.case_id == case.id)
        .order_by(Mapping.id)
    )
    return list(db.session.scalars(query))


def assessment_evidence(assessment: Assessment) -> list[Evidence]:
    """Evidence from the case's mapping of this framework version that concerns its units.

    Evidence tied to learning outcomes of other units stays with the coach; evidence tied to
    no outcome at all concerns the whole mapping and is shown.
    """
    outcome_ids = {o.id for row in assessment.units for o in row.unit.outcomes}
    query = (
        sa.select(Evidence)
        .join(Evidence.mapping)
        .where(
            Mapping.case_id == assessment.case_id,
            Mapping.framework_id == assessment.framework_id,
            Evidence.status == EvidenceStatus.ACCEPTED,  # never what waits or was refused
        )
        .options(selectinload(Evidence.outcomes))  # read below for each: together
        .order_by(Evidence.id)
    )
    return [
        e
        for e in db.session.scalars(query)
        if not e.outcomes or outcome_ids & {o.id for o in e.outcomes}
    ]


def evidence_file(assessment: Assessment, evidence_id: int) -> Evidence | None:
    """A stored evidence file the assessment may show, or None."""
    found = next((e for e in assessment_evidence(assessment) if e.id == evidence_id), None)
    return found if found is not None and found.file_key else None
