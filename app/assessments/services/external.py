"""External quality assurance (EK): a read-only sample of verified decisions, and reports."""

from __future__ import annotations

import random

import sqlalchemy as sa

from app.assessments.models import ExternalReport, UnitDecision
from app.assessments.queries import verified_decisions_query
from app.audit import record
from app.extensions import db

SAMPLE_SIZE = 10


def draw_sample(municipality_id: int, size: int = SAMPLE_SIZE, rng=None) -> list[UnitDecision]:
    """A random sample of the municipality's verified decisions, oldest first."""
    ids = list(
        db.session.scalars(
            verified_decisions_query(municipality_id).with_only_columns(UnitDecision.id)
        )
    )
    chosen = (rng or random.SystemRandom()).sample(ids, min(size, len(ids)))
    if not chosen:
        return []
    query = sa.select(UnitDecision).where(UnitDecision.id.in_(chosen)).order_by(UnitDecision.id)
    return list(db.session.scalars(query))


def sampled(municipality_id: int, ids) -> list[UnitDecision]:
    """The municipality's verified decisions among `ids` (anything else is ignored)."""
    if not ids:
        return []
    query = verified_decisions_query(municipality_id).where(UnitDecision.id.in_(list(ids)))
    return list(db.session.scalars(query))


def add_report(municipality, decisions: list[UnitDecision], text: str, actor) -> ExternalReport:
    """The external quality assurer's report on the decisions they sampled."""
    report = ExternalReport(
        municipality=municipality, author=actor, text=text.strip(), decisions=decisions
    )
    db.session.add(report)
    db.session.flush()
    record(
        "assessment.external_report",
        report,
        details={"municipality": municipality.id, "decisions": [d.id for d in decisions]},
        user=actor,
    )
    return report


def reports_for(municipality_id: int) -> list[ExternalReport]:
    """The external quality reports on a municipality, newest first."""
    query = sa.select(ExternalReport).where(ExternalReport.municipality_id == municipality_id)
    return list(db.session.scalars(query.order_by(ExternalReport.created_at.desc())))
