"""Operations on a case's mapping; they flush and log to the audit log, the route commits. A rule
that says no raises `Refused` with a `vocab.Refusal` code.

Other areas read a mapping with `mappings_of(case)`, `gap_analysis(mapping)` and
`units_ready(case)`, and the evidence with `mapping.evidence`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app import uploads
from app.audit import record
from app.db import utcnow
from app.extensions import db
from app.frameworks.models import Framework, Unit
from app.frameworks.vocab import FrameworkStatus
from app.mapping.analysis import OutcomeState, Progress, UnitGap, analyse_unit, progress
from app.mapping.models import Evidence, Mapping, OutcomeEntry, OwnAssessment
from app.mapping.vocab import (
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
from app.notifications import Kind, notify
from app.refusals import Refused
from app.uploads import StoredFile


def _log(action: str, obj, mapping: Mapping, actor, **details) -> None:
    record(
        action,
        obj,
        participant_id=mapping.case.participant_id,
        details={"case": mapping.case_id, **details},
        user=actor,
    )


def mappings_of(case) -> list[Mapping]:
    """The case's mappings, one per framework version, oldest first.

    Read with their framework's units and learning outcomes and the recorded entries: the gap
    analysis (and the case page's workflow facts) walks all of them, so loading them here keeps
    the queries the same however many units a framework has.
    """
    query = (
        sa.select(Mapping)
        .where(Mapping.case_id == case.id)
        .order_by(Mapping.id)
        .options(
            selectinload(Mapping.framework)
            .selectinload(Framework.units)
            .selectinload(Unit.outcomes),
            selectinload(Mapping.entries),
        )
    )
    return list(db.session.scalars(query))


def start_mapping(case, framework: Framework, actor) -> Mapping:
    """Map the case against a published framework version (it keeps that version)."""
    if not case.is_open:
        raise Refused(Refusal.CASE_CLOSED)
    if framework.status != FrameworkStatus.PUBLISHED:
        raise Refused(Refusal.NOT_PUBLISHED)
    if any(m.framework_id == framework.id for m in mappings_of(case)):
        raise Refused(Refusal.ALREADY_MAPPED)
    mapping = Mapping(case=case, framework=framework, created_by=actor)
    db.session.add(mapping)
    db.session.flush()
    _log("mapping.started", mapping, mapping, actor, framework=framework.id)
    return mapping


def _require_open(mapping: Mapping) -> None:
    if not mapping.case.is_open:
        raise Refused(Refusal.CASE_CLOSED)


def record_outcome(
    mapping: Mapping,
    outcome_id: int,
    actor,
    *,
    self_assessment: SelfAssessment | None,
    judgement: Judgement | None,
    sources: set[Source],
    notes: str | None,
) -> OutcomeEntry:
    """Record (or change) what the mapping says about one learning outcome of the framework."""
    _require_open(mapping)
    if outcome_id not in {o.id for u in mapping.framework.units for o in u.outcomes}:
        raise Refused(Refusal.UNKNOWN_OUTCOME)
    entry = mapping.entry_for(outcome_id)
    if entry is None:
        entry = OutcomeEntry(outcome_id=outcome_id)
        mapping.entries.append(entry)
    entry.self_assessment = self_assessment
    entry.judgement = judgement
    entry.notes = (notes or "").strip() or None
    entry.set_sources(sources)
    entry.recorded_in = mapping.depth
    entry.updated_by = actor
    db.session.flush()
    return entry


def record_unit(mapping: Mapping, unit: Unit, answers: dict[int, dict], actor) -> None:
    """Record the answers for every outcome of a unit (`answers` keyed by outcome id)."""
    for outcome in unit.outcomes:
        record_outcome(mapping, outcome.id, actor, **answers[outcome.id])
    _log("mapping.recorded", mapping, mapping, actor, unit=unit.code)


def deepen_mapping(mapping: Mapping, actor) -> None:
    """The initial mapping is done: go on to the deepened mapping."""
    _require_open(mapping)
    if mapping.depth == Depth.DEEPENED:
        raise Refused(Refusal.ALREADY_DEEPENED)
    mapping.depth = Depth.DEEPENED
    mapping.deepened_at = utcnow()
    db.session.flush()
    _log("mapping.deepened", mapping, mapping, actor)


def outcome_states(mapping: Mapping, unit: Unit) -> list[OutcomeState]:
    """The unit's outcomes with what the mapping recorded for each."""
    states = []
    for outcome in unit.outcomes:
        entry = mapping.entry_for(outcome.id)
        states.append(
            OutcomeState(
                outcome_id=outcome.id,
                number=outcome.number,
                judgement=entry.judgement if entry else None,
                self_assessment=entry.self_assessment if entry else None,
            )
        )
    return states


def gap_analysis(mapping: Mapping) -> list[tuple[Unit, UnitGap]]:
    """Each unit of the framework with its status, missing outcomes and suggested training."""
    return [
        (unit, analyse_unit(unit.id, unit.hours, outcome_states(mapping, unit)))
        for unit in mapping.framework.units
    ]


def mapping_progress(mapping: Mapping) -> Progress:
    """How many of the framework's outcomes have been judged and self-assessed."""
    return progress([s for unit in mapping.framework.units for s in outcome_states(mapping, unit)])


def units_ready(case) -> int:
    """Units, over all the case's mappings, that are ready for assessment."""
    return sum(
        gap.status == GapStatus.READY for m in mappings_of(case) for _unit, gap in gap_analysis(m)
    )


def unit_statuses(case) -> dict[int, GapStatus]:
    """Each mapped unit's status (ready, partly, gap) by unit id, over the case's mappings:
    what the assessment planning shows beside each unit. A unit never mapped is absent."""
    return {unit.id: gap.status for m in mappings_of(case) for unit, gap in gap_analysis(m)}


def add_evidence(
    mapping: Mapping,
    actor,
    *,
    kind: EvidenceKind,
    title: str,
    text: str | None = None,
    reference: str | None = None,
    stored: StoredFile | None = None,
    outcome_ids: list[int] | None = None,
    status: EvidenceStatus = EvidenceStatus.ACCEPTED,
) -> Evidence:
    """Add evidence (a description, a reference or a stored file) to the mapping: the coach's
    own is accepted at once; what the participant sends waits (`submit_evidence`)."""
    _require_open(mapping)
    kind = EvidenceKind(kind)
    if (kind == EvidenceKind.FILE) != (stored is not None):
        raise Refused(Refusal.FILE_MISMATCH)
    outcomes = {o.id: o for u in mapping.framework.units for o in u.outcomes}
    evidence = Evidence(
        kind=kind,
        title=title.strip(),
        text=(text or "").strip() or None,
        reference=(reference or "").strip() or None,
        created_by=actor,
        outcomes=[outcomes[i] for i in (outcome_ids or []) if i in outcomes],
        status=status,
    )
    if stored is not None:
        evidence.file_key = stored.key
        evidence.file_name = stored.name
        evidence.content_type = stored.content_type
        evidence.size = stored.size
    mapping.evidence.append(evidence)
    db.session.flush()
    _log("mapping.evidence_added", evidence, mapping, actor, kind=kind.value, status=status.value)
    return evidence


def remove_evidence(evidence: Evidence, actor) -> None:
    """Remove evidence; its file goes once the removal is committed."""
    mapping = evidence.mapping
    _require_open(mapping)
    uploads.delete_on_commit(evidence.file_key)
    _log("mapping.evidence_removed", evidence, mapping, actor, title=evidence.title)
    mapping.evidence.remove(evidence)
    db.session.flush()


def _outcome_ids(mapping: Mapping) -> set[int]:
    return {o.id for u in mapping.framework.units for o in u.outcomes}


def _first_answer(mapping: Mapping, outcome_id: int, values: dict) -> OwnAssessment:
    """The row for a first answer; when the same answer was saved at the same moment (a double
    click, two tabs), the row that one wrote, so that the second save changes it instead of
    failing on the one answer per outcome."""
    try:
        with db.session.begin_nested():
            row = OwnAssessment(mapping_id=mapping.id, outcome_id=outcome_id, **values)
            db.session.add(row)
    except sa.exc.IntegrityError:
        query = sa.select(OwnAssessment).filter_by(mapping_id=mapping.id, outcome_id=outcome_id)
        row = db.session.scalars(query).one()
    return row


def answer_outcome(
    mapping: Mapping, outcome_id: int, actor, *, answer: CanDo, learned_where: str | None
) -> OwnAssessment:
    """The participant answers for one learning outcome on My pages: whether they can do it and
    where they learned it (självskattning). It changes nothing the coach recorded."""
    _require_open(mapping)
    if outcome_id not in _outcome_ids(mapping):
        raise Refused(Refusal.UNKNOWN_OUTCOME)
    values = {"answer": CanDo(answer), "learned_where": (learned_where or "").strip() or None}
    row = mapping.own_answer(outcome_id) or _first_answer(mapping, outcome_id, values)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    _log("mapping.self_assessed", row, mapping, actor, outcome=outcome_id, answer=row.answer.value)
    return row


def submit_evidence(
    mapping: Mapping,
    actor,
    *,
    stored: StoredFile,
    title: str,
    text: str | None,
    outcome_ids: list[int],
) -> Evidence:
    """The participant sends a photo or a document from My pages: it waits for their coach,
    who is told of it."""
    evidence = add_evidence(
        mapping,
        actor,
        kind=EvidenceKind.FILE,
        title=title,
        text=text,
        stored=stored,
        outcome_ids=outcome_ids,
        status=EvidenceStatus.WAITING,
    )
    notify(Kind.EVIDENCE_SUBMITTED, evidence, actor=actor)
    return evidence


def _decide(evidence: Evidence, status: EvidenceStatus, actor, reason: str | None) -> None:
    _require_open(evidence.mapping)
    if evidence.status != EvidenceStatus.WAITING:
        raise Refused(Refusal.NOT_WAITING)
    evidence.status = status
    evidence.refusal_reason = reason
    evidence.decided_by = actor
    evidence.decided_at = utcnow()
    db.session.flush()


def accept_evidence(evidence: Evidence, actor) -> None:
    """The coach accepts what the participant sent: from now on it is evidence like their own."""
    _decide(evidence, EvidenceStatus.ACCEPTED, actor, None)
    _log("mapping.evidence_accepted", evidence, evidence.mapping, actor)


def refuse_evidence(evidence: Evidence, reason: str | None, actor) -> None:
    """The coach refuses what the participant sent, with a reason the participant reads; the
    file stays, so that the participant can still see what they sent."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(Refusal.NO_REFUSAL_REASON, field="reason")
    _decide(evidence, EvidenceStatus.REFUSED, actor, reason)
    _log("mapping.evidence_refused", evidence, evidence.mapping, actor)
