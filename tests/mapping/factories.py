"""Factories for mappings and evidence, for this area's tests and for other areas'."""

from __future__ import annotations

from app.extensions import db
from app.mapping.models import Evidence, Mapping, OutcomeEntry
from app.mapping.vocab import EvidenceKind, Judgement, SelfAssessment, Source


def make_mapping(case, framework, *, judgements: dict[int, Judgement] | None = None) -> Mapping:
    """`case` mapped against `framework`; `judgements` keyed by outcome id."""
    mapping = Mapping(case=case, framework=framework, created_by=case.coach)
    for outcome_id, judgement in (judgements or {}).items():
        entry = OutcomeEntry(
            outcome_id=outcome_id,
            judgement=judgement,
            self_assessment=SelfAssessment.ON_MY_OWN,
        )
        entry.set_sources({Source.WORK_ABROAD})
        mapping.entries.append(entry)
    db.session.add(mapping)
    db.session.flush()
    return mapping


def make_evidence(mapping, **overrides) -> Evidence:
    """A description as evidence (no file)."""
    evidence = Evidence(
        kind=overrides.pop("kind", EvidenceKind.DESCRIPTION),
        title=overrides.pop("title", "Arbete på hotell i Damaskus"),
        text=overrides.pop("text", "Städade hotellrum i fyra år."),
        created_by=mapping.case.coach,
        **overrides,
    )
    mapping.evidence.append(evidence)
    db.session.flush()
    return evidence
