"""The employers area's SQL: who is a candidate, and matching in the database.

Visibility is computed in every query, never cached: a withdrawn consent, a closed case or a
protected identity without the participant's explicit agreement removes the candidate at once.
Matching aggregates evidence with GROUP BY in the database and returns one page at a time, so
the number of queries and the rows loaded do not grow with the number of candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.admin.models import Municipality
from app.cases.models import Case, ConsentEvent, Participant
from app.cases.vocab import ConsentKind
from app.cases.workflow import Stage
from app.employers.evidence import best_evidence
from app.employers.matching import Evidence
from app.employers.models import CandidateProfile, CompetenceNeed, NeedUnit
from app.employers.vocab import NeedStatus
from app.extensions import db
from app.frameworks.document import Level
from app.frameworks.models import Framework, Unit

# A case in these stages is "in matching or later" and still open.
CANDIDATE_STAGES = (Stage.MATCHING, Stage.PLACED)


def level_rank(column) -> sa.Case:
    """The position of an OCN level, lowest first, as an SQL expression."""
    return sa.case(*[(column == level, rank) for rank, level in enumerate(Level)], else_=-1)


def _latest_employer_consent():
    return (
        sa.select(ConsentEvent.is_given)
        .where(
            ConsentEvent.participant_id == Participant.id,
            ConsentEvent.kind == ConsentKind.EMPLOYERS,
        )
        .order_by(ConsentEvent.id.desc())
        .limit(1)
        .correlate(Participant)
        .scalar_subquery()
    )


def candidate_condition() -> sa.ColumnElement[bool]:
    """Participants employers may see: consent to sharing, a case in matching or later,
    and no protected identity unless the participant explicitly agreed."""
    in_matching = (
        sa.exists()
        .where(Case.participant_id == Participant.id, Case.stage.in_(CANDIDATE_STAGES))
        .correlate(Participant)
    )
    agreed_despite_protection = (
        sa.exists()
        .where(
            CandidateProfile.participant_id == Participant.id,
            CandidateProfile.protected_identity_consent.is_(True),
        )
        .correlate(Participant)
    )
    return sa.and_(
        _latest_employer_consent() == sa.true(),
        in_matching,
        sa.or_(Participant.is_protected.is_(False), agreed_despite_protection),
    )


def is_candidate(participant_id: int) -> bool:
    """True while the participant is visible to employers."""
    return bool(
        db.session.scalar(
            sa.select(sa.literal(True)).where(
                Participant.id == participant_id, candidate_condition()
            )
        )
    )


@dataclass(frozen=True)
class Filters:
    """What an employer narrows the candidates by."""

    municipality_id: int | None = None
    available_by: date | None = None
    min_level: Level | None = None
    unit_id: int | None = None


def _same_unit(evidence_unit, wanted_unit, evidence_framework, wanted_framework):
    """A unit is the same across versions of a framework: same framework code, same unit code."""
    return sa.and_(
        evidence_unit.code == wanted_unit.code, evidence_framework.code == wanted_framework.code
    )


def _level_floor(unit, *levels: Level | None):
    floors = [lvl for lvl in levels if lvl is not None]
    if not floors:
        return sa.true()
    floor = max(list(Level).index(lvl) for lvl in floors)
    return level_rank(unit.level) >= floor


def _need_unit_ids(need: CompetenceNeed) -> sa.Select:
    """The ids of the need's units in every version of their framework."""
    eu, ef, wu, wf = aliased(Unit), aliased(Framework), aliased(Unit), aliased(Framework)
    return (
        sa.select(eu.id)
        .join(ef, ef.id == eu.framework_id)
        .join(wu, wu.code == eu.code)
        .join(wf, sa.and_(wf.id == wu.framework_id, wf.code == ef.code))
        .join(NeedUnit, sa.and_(NeedUnit.unit_id == wu.id, NeedUnit.need_id == need.id))
    )


def _in_candidate_stages() -> sa.Select:
    return sa.select(Case.participant_id).where(Case.stage.in_(CANDIDATE_STAGES))


def _per_need_unit(
    need: CompetenceNeed, filters: Filters, participant_ids: list[int] | None = None
) -> sa.Subquery:
    """The strongest evidence of each participant for each unit of the need.

    Only the need's units, and only participants with a case in matching or later (nobody
    else can be a candidate), are read: a need asks for a few units of one framework, so this
    is a small part of the region's evidence.
    """
    participants = participant_ids if participant_ids is not None else _in_candidate_stages()
    ev = best_evidence(participants=participants, units=_need_unit_ids(need))
    eu, ef = aliased(Unit), aliased(Framework)
    wu, wf = aliased(Unit), aliased(Framework)
    return (
        sa.select(
            ev.c.participant_id,
            NeedUnit.unit_id,
            NeedUnit.is_required,
            sa.func.max(ev.c.strength).label("strength"),
        )
        .select_from(ev)
        .join(eu, eu.id == ev.c.unit_id)
        .join(ef, ef.id == eu.framework_id)
        .join(wu, wu.code == eu.code)
        .join(wf, sa.and_(wf.id == wu.framework_id, wf.code == ef.code))
        .join(NeedUnit, sa.and_(NeedUnit.unit_id == wu.id, NeedUnit.need_id == need.id))
        .where(_level_floor(eu, need.min_level, filters.min_level))
        .group_by(ev.c.participant_id, NeedUnit.unit_id, NeedUnit.is_required)
        .subquery("per_unit")
    )


def _count(per_unit, required: bool, strength: Evidence):
    hit = sa.and_(per_unit.c.is_required == required, per_unit.c.strength == int(strength))
    return sa.func.sum(sa.case((hit, 1), else_=0))


def _tallies(per_unit):
    """The six counts of `matching.Tally`, for required and desired units."""
    return [
        _count(per_unit, req, strength).label(f"{name}_{strength.name.lower()}")
        for req, name in ((True, "req"), (False, "des"))
        for strength in (Evidence.CERTIFIED, Evidence.VERIFIED, Evidence.READY)
    ]


def _points(row, prefix: str):
    return (
        3 * row.c[f"{prefix}_certified"]
        + 2 * row.c[f"{prefix}_verified"]
        + row.c[f"{prefix}_ready"]
    )


def _distance(home: Municipality, municipality_id: int, region_id: int | None):
    same_region = home.region_id == region_id if region_id is not None else sa.false()
    return sa.case(
        (Participant.municipality_id == municipality_id, 2), (same_region, 1), else_=0
    ).label("distance")


def _candidate_filters(filters: Filters) -> list:
    conditions = [candidate_condition()]
    if filters.municipality_id:
        conditions.append(Participant.municipality_id == filters.municipality_id)
    if filters.available_by:
        conditions.append(
            sa.or_(
                CandidateProfile.available_from.is_(None),
                CandidateProfile.available_from <= filters.available_by,
            )
        )
    if filters.unit_id:
        conditions.append(_has_achieved_unit(filters.unit_id))
    return conditions


def _has_achieved_unit(unit_id: int):
    """The participant has an achieved unit that is the given unit (in any version)."""
    ev = best_evidence()
    eu, ef, wu, wf = aliased(Unit), aliased(Framework), aliased(Unit), aliased(Framework)
    return sa.exists(
        sa.select(ev.c.participant_id)
        .join(eu, eu.id == ev.c.unit_id)
        .join(ef, ef.id == eu.framework_id)
        .join(wu, wu.id == unit_id)
        .join(wf, wf.id == wu.framework_id)
        .where(
            ev.c.participant_id == Participant.id,
            ev.c.strength >= int(Evidence.VERIFIED),
            _same_unit(eu, wu, ef, wf),
        )
    )


def need_match_query(need: CompetenceNeed, filters: Filters, *, full: bool) -> sa.Select:
    """Candidates for the need, best first: full matches, or close matches (`full=False`)."""
    per_unit = _per_need_unit(need, filters)
    agg = (
        sa.select(per_unit.c.participant_id, *_tallies(per_unit))
        .group_by(per_unit.c.participant_id)
        .subquery("tallies")
    )
    required_total = sum(1 for row in need.units if row.is_required)
    achieved = agg.c.req_certified + agg.c.req_verified
    home = aliased(Municipality)
    region_id = need.municipality.region_id if need.municipality else None
    distance = _distance(home, need.municipality_id, region_id)
    query = (
        sa.select(
            agg,
            Participant.municipality_id.label("home_id"),
            home.name.label("home_name"),
            distance,
        )
        .join(Participant, Participant.id == agg.c.participant_id)
        .join(home, home.id == Participant.municipality_id)
        .outerjoin(CandidateProfile, CandidateProfile.participant_id == Participant.id)
        .where(*_candidate_filters(filters))
        .where((achieved == required_total) if full else (achieved < required_total))
    )
    return query.order_by(
        _points(agg, "req").desc(),
        _points(agg, "des").desc(),
        distance.desc(),
        Participant.id,
    )


def evidence_for_need(
    need: CompetenceNeed, participant_ids: list[int], filters: Filters | None = None
) -> dict[int, dict]:
    """Per participant of a page, the strongest evidence per unit of the need."""
    if not participant_ids:
        return {}
    per_unit = _per_need_unit(need, filters or Filters(), participant_ids)
    rows = db.session.execute(
        sa.select(per_unit.c.participant_id, per_unit.c.unit_id, per_unit.c.strength).where(
            per_unit.c.participant_id.in_(participant_ids)
        )
    )
    result: dict[int, dict] = {pid: {} for pid in participant_ids}
    for participant_id, unit_id, strength in rows:
        result[participant_id][unit_id] = Evidence(strength)
    return result


def _participant_per_unit(participant: Participant) -> sa.Subquery:
    """Per open need and wanted unit, the participant's strongest evidence (0 for none)."""
    ev = best_evidence(participants=[participant.id])
    eu, ef = aliased(Unit), aliased(Framework)
    wu, wf = aliased(Unit), aliased(Framework)
    mine = (
        sa.select(
            ev.c.strength,
            eu.code.label("unit_code"),
            eu.level.label("level"),
            ef.code.label("framework_code"),
        )
        .join(eu, eu.id == ev.c.unit_id)
        .join(ef, ef.id == eu.framework_id)
        .where(ev.c.participant_id == participant.id)
        .subquery("mine")
    )
    fits = sa.and_(
        mine.c.unit_code == wu.code,
        mine.c.framework_code == wf.code,
        sa.or_(
            CompetenceNeed.min_level.is_(None),
            level_rank(mine.c.level) >= level_rank(CompetenceNeed.min_level),
        ),
    )
    return (
        sa.select(
            NeedUnit.need_id,
            NeedUnit.unit_id,
            NeedUnit.is_required,
            sa.func.coalesce(sa.func.max(mine.c.strength), 0).label("strength"),
        )
        .join(CompetenceNeed, CompetenceNeed.id == NeedUnit.need_id)
        .join(wu, wu.id == NeedUnit.unit_id)
        .join(wf, wf.id == wu.framework_id)
        .outerjoin(mine, fits)
        .where(CompetenceNeed.status == NeedStatus.OPEN)
        .group_by(NeedUnit.need_id, NeedUnit.unit_id, NeedUnit.is_required)
        .subquery("per_unit")
    )


def needs_for_participant_query(participant: Participant) -> sa.Select:
    """Open needs with at least one unit the participant shows, ranked as candidates are."""
    per_unit = _participant_per_unit(participant)
    required_total = sa.func.sum(sa.case((per_unit.c.is_required, 1), else_=0))
    agg = (
        sa.select(
            per_unit.c.need_id,
            required_total.label("req_total"),
            *_tallies(per_unit),
        )
        .group_by(per_unit.c.need_id)
        .having(sa.func.max(per_unit.c.strength) > 0)
        .subquery("tallies")
    )
    workplace = aliased(Municipality)
    home = participant.municipality
    same_region = (
        workplace.region_id == home.region_id if home.region_id is not None else sa.false()
    )
    distance = sa.case(
        (CompetenceNeed.municipality_id == participant.municipality_id, 2),
        (same_region, 1),
        else_=0,
    ).label("distance")
    achieved = agg.c.req_certified + agg.c.req_verified
    return (
        sa.select(agg, distance)
        .join(CompetenceNeed, CompetenceNeed.id == agg.c.need_id)
        .join(workplace, workplace.id == CompetenceNeed.municipality_id)
        .order_by(
            (achieved == agg.c.req_total).desc(),
            _points(agg, "req").desc(),
            _points(agg, "des").desc(),
            distance.desc(),
            CompetenceNeed.id,
        )
    )


def participant_evidence_for_needs(
    participant: Participant, need_ids: list[int]
) -> dict[int, dict]:
    """Per need of a page, the participant's strongest evidence per wanted unit."""
    if not need_ids:
        return {}
    per_unit = _participant_per_unit(participant)
    rows = db.session.execute(
        sa.select(per_unit.c.need_id, per_unit.c.unit_id, per_unit.c.strength).where(
            per_unit.c.need_id.in_(need_ids)
        )
    )
    result: dict[int, dict] = {nid: {} for nid in need_ids}
    for need_id, unit_id, strength in rows:
        result[need_id][unit_id] = Evidence(strength)
    return result
