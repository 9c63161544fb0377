"""The employers area's SQL: who is a candidate, and matching in the database.

Who employers may see is `candidate_condition()`. Matching reads it, with each participant's
strongest evidence per unit, from `participant_units`, which the same transaction as every
write recomputes from this condition and `best_evidence` (`app/employers/summaries.py`): a
withdrawn consent, a closed case or a protected identity without the participant's explicit
agreement removes the candidate at once. Matching aggregates evidence with GROUP BY in the
database and returns one page with its total in one statement, so the number of queries and
the rows loaded do not grow with the number of candidates.
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
from app.employers.matching import Evidence
from app.employers.models import (
    CandidateProfile,
    CompetenceNeed,
    NeedUnit,
    OpenNeedUnit,
    ParticipantUnit,
)
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


def _per_need_unit(
    need: CompetenceNeed, filters: Filters, participant_ids: list[int] | None = None
) -> sa.Subquery:
    """The strongest evidence of each candidate (or of the participants given) for each unit
    of the need, from `participant_units`: the need's units in every version of their
    framework, read through the candidates' index."""
    pu = ParticipantUnit
    eu, ef, wu, wf = aliased(Unit), aliased(Framework), aliased(Unit), aliased(Framework)
    query = (
        sa.select(
            pu.participant_id,
            pu.municipality_id,
            NeedUnit.unit_id,
            NeedUnit.is_required,
            sa.func.max(pu.strength).label("strength"),
        )
        .select_from(NeedUnit)
        .join(wu, wu.id == NeedUnit.unit_id)
        .join(wf, wf.id == wu.framework_id)
        .join(ef, ef.code == wf.code)
        .join(eu, sa.and_(eu.framework_id == ef.id, eu.code == wu.code))
        .join(pu, pu.unit_id == eu.id)
        .where(NeedUnit.need_id == need.id, _level_floor(eu, need.min_level, filters.min_level))
        .group_by(pu.participant_id, pu.municipality_id, NeedUnit.unit_id, NeedUnit.is_required)
    )
    if participant_ids is None:
        query = query.where(pu.is_candidate)  # as written, so the partial index serves it
    else:
        query = query.where(pu.participant_id.in_(participant_ids))
    return query.subquery("per_unit")


def _count(per_unit, required: bool, strength: Evidence):
    hit = sa.and_(per_unit.c.is_required == required, per_unit.c.strength == int(strength))
    return sa.func.sum(sa.case((hit, 1), else_=0))


TALLIES = tuple(
    f"{name}_{strength.name.lower()}"
    for name in ("req", "des")
    for strength in (Evidence.CERTIFIED, Evidence.VERIFIED, Evidence.READY)
)


def _tallies(per_unit):
    """The six counts of `matching.Tally`, for required and desired units (`TALLIES`)."""
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


def _candidate_filters(agg, filters: Filters) -> list:
    conditions = []
    if filters.municipality_id:
        conditions.append(agg.c.municipality_id == filters.municipality_id)
    if filters.available_by:
        profile = sa.select(CandidateProfile.available_from).where(
            CandidateProfile.participant_id == agg.c.participant_id,
            CandidateProfile.available_from > filters.available_by,
        )
        conditions.append(~sa.exists(profile))
    if filters.unit_id:
        conditions.append(_has_achieved_unit(agg.c.participant_id, filters.unit_id))
    return conditions


def _has_achieved_unit(participant_id, unit_id: int):
    """The participant has an achieved unit that is the given unit (in any version)."""
    pu = ParticipantUnit
    eu, ef, wu, wf = aliased(Unit), aliased(Framework), aliased(Unit), aliased(Framework)
    return sa.exists(
        sa.select(pu.participant_id)
        .join(eu, eu.id == pu.unit_id)
        .join(ef, ef.id == eu.framework_id)
        .join(wu, wu.id == unit_id)
        .join(wf, wf.id == wu.framework_id)
        .where(
            pu.participant_id == participant_id,
            pu.strength >= int(Evidence.VERIFIED),
            _same_unit(eu, wu, ef, wf),
        )
    )


@dataclass(frozen=True)
class _Ranked:
    query: sa.Select  # candidates with their tallies, home and distance, unordered
    is_full: sa.ColumnElement[bool]
    order: list  # best first


def _ranked(need: CompetenceNeed, filters: Filters) -> _Ranked:
    per_unit = _per_need_unit(need, filters)
    agg = (
        sa.select(per_unit.c.participant_id, per_unit.c.municipality_id, *_tallies(per_unit))
        .group_by(per_unit.c.participant_id, per_unit.c.municipality_id)
        .subquery("tallies")
    )
    required_total = sum(1 for row in need.units if row.is_required)
    home = aliased(Municipality)
    region_id = need.municipality.region_id if need.municipality else None
    same_region = home.region_id == region_id if region_id is not None else sa.false()
    distance = sa.case(
        (agg.c.municipality_id == need.municipality_id, 2), (same_region, 1), else_=0
    )
    query = (
        sa.select(
            agg.c.participant_id,
            *(agg.c[name] for name in TALLIES),
            agg.c.municipality_id.label("home_id"),
            home.name.label("home_name"),
            distance.label("distance"),
        )
        .join(home, home.id == agg.c.municipality_id)
        .where(*_candidate_filters(agg, filters))
    )
    order = [
        _points(agg, "req").desc(),
        _points(agg, "des").desc(),
        distance.desc(),
        agg.c.participant_id,
    ]
    achieved = agg.c.req_certified + agg.c.req_verified
    return _Ranked(query, achieved == required_total, order)


def need_match_query(need: CompetenceNeed, filters: Filters, *, full: bool) -> sa.Select:
    """Candidates for the need, best first: full matches, or close matches (`full=False`)."""
    ranked = _ranked(need, filters)
    return ranked.query.where(ranked.is_full if full else ~ranked.is_full).order_by(*ranked.order)


def _positioned(query: sa.Select, order: list, partition=None) -> sa.Subquery:
    """Each row with its place in the order and the number of rows (within `partition`)."""
    return query.add_columns(
        sa.func.row_number().over(partition_by=partition, order_by=order).label("position"),
        sa.func.count().over(partition_by=partition).label("listed"),
    ).subquery("ranked")


def _on_page(ranked, page: int, per_page: int):
    """The rows of the page, and the first row, which carries the total on any page."""
    first = (page - 1) * per_page
    return sa.or_(ranked.c.position == 1, ranked.c.position.between(first + 1, first + per_page))


def need_match_page_query(
    need: CompetenceNeed, filters: Filters, full_page: int, close_page: int, per_page: int
) -> sa.Select:
    """One page of full matches and one of close matches, with their totals, in one statement
    (the candidates are aggregated once): `position` and `listed` count within each list."""
    ranked = _ranked(need, filters)
    rows = _positioned(
        ranked.query.add_columns(ranked.is_full.label("is_full")), ranked.order, ranked.is_full
    )
    return (
        sa.select(rows)
        .where(
            sa.or_(
                sa.and_(rows.c.is_full, _on_page(rows, full_page, per_page)),
                sa.and_(~rows.c.is_full, _on_page(rows, close_page, per_page)),
            )
        )
        .order_by(rows.c.is_full.desc(), rows.c.position)
    )


def page_of(rows, page: int, per_page: int) -> tuple[list, int]:
    """The rows of a page out of `_on_page`'s, and the total."""
    first = (page - 1) * per_page
    return [r for r in rows if first < r.position <= first + per_page], (
        rows[0].listed if rows else 0
    )


def evidence_for_need(
    need: CompetenceNeed, participant_ids: list[int], filters: Filters | None = None
) -> dict[int, dict]:
    """Per participant of a page, the strongest evidence per unit of the need."""
    if not participant_ids:
        return {}
    per_unit = _per_need_unit(need, filters or Filters(), participant_ids)
    rows = db.session.execute(
        sa.select(per_unit.c.participant_id, per_unit.c.unit_id, per_unit.c.strength)
    )
    result: dict[int, dict] = {pid: {} for pid in participant_ids}
    for participant_id, unit_id, strength in rows:
        result[participant_id][unit_id] = Evidence(strength)
    return result


def _participant_per_unit(participant: Participant) -> sa.Subquery:
    """Per unit of an open need that the participant shows (in any version of its framework,
    at the need's level or above), the participant's strongest evidence: from the
    participant's few rows of `participant_units` to the open needs asking for those units."""
    pu, onu = ParticipantUnit, OpenNeedUnit
    eu, ef, wu, wf = aliased(Unit), aliased(Framework), aliased(Unit), aliased(Framework)
    return (
        sa.select(
            onu.need_id,
            onu.unit_id,
            onu.is_required,
            onu.required_total,
            onu.municipality_id,
            sa.func.max(pu.strength).label("strength"),
        )
        .select_from(pu)
        .join(eu, eu.id == pu.unit_id)
        .join(ef, ef.id == eu.framework_id)
        .join(wf, wf.code == ef.code)
        .join(wu, sa.and_(wu.framework_id == wf.id, wu.code == eu.code))
        .join(onu, onu.unit_id == wu.id)
        .where(
            pu.participant_id == participant.id,
            sa.or_(onu.min_level_rank.is_(None), level_rank(eu.level) >= onu.min_level_rank),
        )
        .group_by(
            onu.need_id, onu.unit_id, onu.is_required, onu.required_total, onu.municipality_id
        )
        .subquery("per_unit")
    )


def _needs_ranked(participant: Participant) -> _Ranked:
    per_unit = _participant_per_unit(participant)
    agg = (
        sa.select(
            per_unit.c.need_id,
            per_unit.c.required_total.label("req_total"),
            per_unit.c.municipality_id,
            *_tallies(per_unit),
        )
        .group_by(per_unit.c.need_id, per_unit.c.required_total, per_unit.c.municipality_id)
        .subquery("tallies")
    )
    workplace = aliased(Municipality)
    home = participant.municipality
    same_region = (
        workplace.region_id == home.region_id if home.region_id is not None else sa.false()
    )
    distance = sa.case(
        (agg.c.municipality_id == participant.municipality_id, 2), (same_region, 1), else_=0
    )
    achieved = agg.c.req_certified + agg.c.req_verified
    query = sa.select(
        agg.c.need_id,
        agg.c.req_total,
        *(agg.c[name] for name in TALLIES),
        distance.label("distance"),
    ).join(workplace, workplace.id == agg.c.municipality_id)
    order = [
        (achieved == agg.c.req_total).desc(),
        _points(agg, "req").desc(),
        _points(agg, "des").desc(),
        distance.desc(),
        agg.c.need_id,
    ]
    return _Ranked(query, achieved == agg.c.req_total, order)


def needs_for_participant_query(participant: Participant) -> sa.Select:
    """Open needs with at least one unit the participant shows, ranked as candidates are."""
    ranked = _needs_ranked(participant)
    return ranked.query.order_by(*ranked.order)


def needs_for_participant_page_query(participant: Participant, page: int, per_page: int):
    """One page of `needs_for_participant_query` with the total (`position`, `listed`)."""
    ranked = _needs_ranked(participant)
    rows = _positioned(ranked.query, ranked.order)
    return sa.select(rows).where(_on_page(rows, page, per_page)).order_by(rows.c.position)


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
