"""Open needs that fit a participant, ranked in the database from the participant's few rows
of `participant_units` and `open_need_units`, and the needs of such a page."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from app.cases.models import Participant
from app.employers.matching import Evidence
from app.employers.models import CompetenceNeed, OpenNeedUnit, ParticipantUnit
from app.extensions import db
from app.frameworks.models import Framework, Unit
from app.organisations.models import Municipality

from .candidates import level_rank
from .ranking import TALLIES, page_range, rank_order, tallies, total_of


@cache
def _participant_per_unit() -> sa.Subquery:
    """Per unit of an open need that the participant `participant_id` shows (in any version of
    its framework, at the need's level or above), the participant's strongest evidence."""
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
            pu.participant_id == sa.bindparam("participant_id", type_=sa.Integer),
            sa.or_(onu.min_level_rank.is_(None), level_rank(eu.level) >= onu.min_level_rank),
        )
        .group_by(
            onu.need_id, onu.unit_id, onu.is_required, onu.required_total, onu.municipality_id
        )
        .subquery("per_unit")
    )


@cache
def _needs() -> sa.Select:
    """The needs with their tallies and distance, with bound parameters (`_params`)."""
    return _needs_of(_participant_per_unit())


def _needs_of(per_unit) -> sa.Select:
    """`_needs` from the rows of `_participant_per_unit` (a subquery or a CTE)."""
    agg = (
        sa.select(
            per_unit.c.need_id,
            per_unit.c.required_total.label("req_total"),
            per_unit.c.municipality_id,
            *tallies(per_unit),
        )
        .group_by(per_unit.c.need_id, per_unit.c.required_total, per_unit.c.municipality_id)
        .subquery("tallies")
    )
    workplace = aliased(Municipality)
    distance = sa.case(
        (agg.c.municipality_id == sa.bindparam("home_id", type_=sa.Integer), 2),
        # none when the participant's municipality has no region
        (workplace.region_id == sa.bindparam("home_region_id", type_=sa.Integer), 1),
        else_=0,
    )
    achieved = agg.c.req_certified + agg.c.req_verified
    return sa.select(
        agg.c.need_id,
        agg.c.req_total,
        *(agg.c[name] for name, _required, _strength in TALLIES),
        distance.label("distance"),
        (achieved == agg.c.req_total).label("is_full"),
    ).join(workplace, workplace.id == agg.c.municipality_id)


def _params(participant: Participant) -> dict:
    return {
        "participant_id": participant.id,
        "home_id": participant.municipality_id,
        "home_region_id": participant.municipality.region_id,
    }


def needs_for_participant_query(participant: Participant) -> sa.Select:
    """Open needs with at least one unit the participant shows, ranked as candidates are."""
    rows = _needs().subquery("needs")
    order = rank_order(rows, "need_id", full_first=True)
    return sa.select(rows).order_by(*order).params(_params(participant))


@cache
def _page() -> sa.Select:
    """A page of the needs with how many there are, and every unit of theirs the participant
    shows, from one pass: the per-unit evidence is aggregated once (a CTE), ranked by window
    functions, and the page's needs joined back to it."""
    per_unit = _participant_per_unit().element.cte("per_unit")
    rows = _needs_of(per_unit).subquery("needs")
    ranked = sa.select(
        rows,
        sa.func.row_number()
        .over(order_by=rank_order(rows, "need_id", full_first=True))
        .label("position"),
        sa.func.count().over().label("listed"),
    ).subquery("ranked")
    offset = sa.bindparam("needs_offset", type_=sa.Integer)
    limit = sa.bindparam("needs_limit", type_=sa.Integer)
    page = (
        sa.select(ranked)
        .where(ranked.c.position > offset, ranked.c.position <= offset + limit)
        .subquery("page")
    )
    return (
        sa.select(page, per_unit.c.unit_id.label("shown_unit"), per_unit.c.strength)
        .join(per_unit, per_unit.c.need_id == page.c.need_id)
        .order_by(page.c.position, per_unit.c.unit_id)
    )


@cache
def _count() -> sa.Select:
    return sa.select(sa.func.count()).select_from(_needs().subquery("needs"))


def needs_for_participant_page(
    participant: Participant, page: int, per_page: int
) -> tuple[list, int]:
    """One page of `needs_for_participant_query` and the total."""
    rows, total, _evidence = needs_for_participant(participant, page, per_page)
    return rows, total


def needs_for_participant(
    participant: Participant, page: int, per_page: int
) -> tuple[list, int, dict[int, dict]]:
    """One page of `needs_for_participant_query`, the total and, per need of the page, the
    participant's strongest evidence per wanted unit, from one statement (a page past the end
    costs a count of its own)."""
    params = _params(participant)
    found = db.session.execute(_page(), params | page_range("needs", page, per_page)).all()
    evidence: dict[int, dict] = {}
    for row in found:
        evidence.setdefault(row.need_id, {})[row.shown_unit] = Evidence(row.strength)
    rows = list({row.need_id: row for row in found}.values())  # one per need, in order
    total = total_of(rows, page)
    if total is None:
        total = db.session.scalar(_count(), params)
    return rows, total, evidence


@cache
def _evidence_for_needs() -> sa.Select:
    per_unit = _participant_per_unit()
    return sa.select(per_unit.c.need_id, per_unit.c.unit_id, per_unit.c.strength).where(
        per_unit.c.need_id.in_(sa.bindparam("need_ids", expanding=True))
    )


def participant_evidence_for_needs(
    participant: Participant, need_ids: list[int]
) -> dict[int, dict]:
    """Per need of a page, the participant's strongest evidence per wanted unit."""
    if not need_ids:
        return {}
    params = {"participant_id": participant.id, "need_ids": list(need_ids)}
    result: dict[int, dict] = {nid: {} for nid in need_ids}
    for need_id, unit_id, strength in db.session.execute(_evidence_for_needs(), params):
        result[need_id][unit_id] = Evidence(strength)
    return result


def shown_with_participant() -> tuple:
    """What the page of needs for a participant reads of them, loaded with them in one query:
    their municipality (distance) and their cases (who may edit their profile)."""
    return (joinedload(Participant.municipality), joinedload(Participant.cases))


def shown_with_need() -> tuple:
    """What the matching page reads of a need, loaded with it in one query (for
    `load(..., options=...)`): its units and its workplace's municipality."""
    return (joinedload(CompetenceNeed.units), joinedload(CompetenceNeed.municipality))


def needs_by_id(need_ids: list[int]) -> dict[int, CompetenceNeed]:
    """These needs by id, with what their rows and access checks read (units, employer,
    municipality) loaded with them."""
    return {
        need.id: need
        for need in db.session.scalars(
            sa.select(CompetenceNeed)
            .where(CompetenceNeed.id.in_(need_ids))
            .options(
                joinedload(CompetenceNeed.units),
                joinedload(CompetenceNeed.employer),
                joinedload(CompetenceNeed.municipality),
            )
        ).unique()
    }
