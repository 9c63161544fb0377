"""Candidates for a need, ranked in the database from `participant_units`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.employers.matching import Evidence
from app.employers.models import CandidateProfile, CompetenceNeed, NeedUnit, ParticipantUnit
from app.extensions import db
from app.frameworks.models import Framework, Unit
from app.frameworks.vocab import Level
from app.organisations.models import Municipality

from .candidates import level_rank


@dataclass(frozen=True)
class Filters:
    """What an employer narrows the candidates by."""

    municipality_id: int | None = None
    available_by: date | None = None
    min_level: Level | None = None
    unit_id: int | None = None


def _param(name: str, type_=sa.Integer):
    return sa.bindparam(name, type_=type_)


def _same_unit(evidence_unit, wanted_unit, evidence_framework, wanted_framework):
    """A unit is the same across versions of a framework: same framework code, same unit code."""
    return sa.and_(
        evidence_unit.code == wanted_unit.code, evidence_framework.code == wanted_framework.code
    )


def _level_floor(*levels: Level | None) -> int:
    """The lowest level rank accepted; -1 (every unit, as `level_rank` has no lower) for none."""
    floors = [list(Level).index(lvl) for lvl in levels if lvl is not None]
    return max(floors, default=-1)


def _per_need_unit(*, candidates: bool) -> sa.Subquery:
    """The strongest evidence of each candidate (or of the `participant_ids`) for each unit of
    the need `need_id`, at level `floor` or above: the need's units in every version of their
    framework, read through `participant_units`' candidates index."""
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
        .where(NeedUnit.need_id == _param("need_id"), level_rank(eu.level) >= _param("floor"))
        .group_by(pu.participant_id, pu.municipality_id, NeedUnit.unit_id, NeedUnit.is_required)
    )
    if candidates:
        query = query.where(pu.is_candidate)  # as written, so the partial index serves it
    else:
        query = query.where(pu.participant_id.in_(sa.bindparam("participant_ids", expanding=True)))
    return query.subquery("per_unit")


def _count(per_unit, required: bool, strength: Evidence):
    hit = sa.and_(per_unit.c.is_required == required, per_unit.c.strength == int(strength))
    return sa.func.sum(sa.case((hit, 1), else_=0))


# The six counts of `matching.Tally`, for required and desired units.
TALLIES = tuple(
    (f"{name}_{strength.name.lower()}", required, strength)
    for required, name in ((True, "req"), (False, "des"))
    for strength in (Evidence.CERTIFIED, Evidence.VERIFIED, Evidence.READY)
)


def tallies(per_unit) -> list:
    """`TALLIES` summed over the rows of `per_unit`."""
    return [
        _count(per_unit, required, strength).label(name) for name, required, strength in TALLIES
    ]


def points(row, prefix: str):
    """The points of a row's required ("req") or desired ("des") units, as in `Tally`."""
    return (
        3 * row.c[f"{prefix}_certified"]
        + 2 * row.c[f"{prefix}_verified"]
        + row.c[f"{prefix}_ready"]
    )


def _has_achieved_unit(participant_id):
    """The participant has an achieved unit that is the unit `unit_id` (in any version)."""
    pu = ParticipantUnit
    eu, ef, wu, wf = aliased(Unit), aliased(Framework), aliased(Unit), aliased(Framework)
    return sa.exists(
        sa.select(pu.participant_id)
        .join(eu, eu.id == pu.unit_id)
        .join(ef, ef.id == eu.framework_id)
        .join(wu, wu.id == _param("unit_id"))
        .join(wf, wf.id == wu.framework_id)
        .where(
            pu.participant_id == participant_id,
            pu.strength >= int(Evidence.VERIFIED),
            _same_unit(eu, wu, ef, wf),
        )
    )


def _filters(agg, by_municipality: bool, by_availability: bool, by_unit: bool) -> list:
    conditions = []
    if by_municipality:
        conditions.append(agg.c.municipality_id == _param("municipality_id"))
    if by_availability:
        later = sa.select(CandidateProfile.id).where(
            CandidateProfile.participant_id == agg.c.participant_id,
            CandidateProfile.available_from > _param("available_by", sa.Date),
        )
        conditions.append(~sa.exists(later))  # no profile, or available by then
    if by_unit:
        conditions.append(_has_achieved_unit(agg.c.participant_id))
    return conditions


def rank_order(rows, key: str, *, full_first: bool = False) -> list:
    """Best first, as `matching.rank_key`, then by `key`: over columns named as in `TALLIES`,
    `distance` and `is_full`."""
    order = [points(rows, "req").desc(), points(rows, "des").desc(), rows.c.distance.desc()]
    return [*([rows.c.is_full.desc()] if full_first else []), *order, rows.c[key]]


@cache
def _candidates(by_municipality: bool, by_availability: bool, by_unit: bool) -> sa.Select:
    """Candidates for the need with their tallies, home, distance and whether they fully
    match, with bound parameters (`_params`)."""
    return _candidates_of(
        _per_need_unit(candidates=True), by_municipality, by_availability, by_unit
    )


def _candidates_of(per_unit, by_municipality: bool, by_availability: bool, by_unit: bool):
    """`_candidates` from the rows of `_per_need_unit` (a subquery or a CTE)."""
    agg = (
        sa.select(per_unit.c.participant_id, per_unit.c.municipality_id, *tallies(per_unit))
        .group_by(per_unit.c.participant_id, per_unit.c.municipality_id)
        .subquery("tallies")
    )
    home = aliased(Municipality)
    distance = sa.case(
        (agg.c.municipality_id == _param("workplace_id"), 2),
        (home.region_id == _param("region_id"), 1),  # none when the workplace has no region
        else_=0,
    )
    achieved = agg.c.req_certified + agg.c.req_verified
    return (
        sa.select(
            agg.c.participant_id,
            *(agg.c[name] for name, _required, _strength in TALLIES),
            agg.c.municipality_id.label("home_id"),
            home.name.label("home_name"),
            distance.label("distance"),
            (achieved == _param("required_total")).label("is_full"),
        )
        .join(home, home.id == agg.c.municipality_id)
        .where(*_filters(agg, by_municipality, by_availability, by_unit))
    )


def _shape(filters: Filters) -> tuple[bool, bool, bool]:
    return bool(filters.municipality_id), bool(filters.available_by), bool(filters.unit_id)


def _params(need: CompetenceNeed, filters: Filters) -> dict:
    values = {
        "need_id": need.id,
        "floor": _level_floor(need.min_level, filters.min_level),
        "required_total": sum(1 for row in need.units if row.is_required),
        "workplace_id": need.municipality_id,
        "region_id": need.municipality.region_id if need.municipality else None,
    }
    by_municipality, by_availability, by_unit = _shape(filters)
    if by_municipality:
        values["municipality_id"] = filters.municipality_id
    if by_availability:
        values["available_by"] = filters.available_by
    if by_unit:
        values["unit_id"] = filters.unit_id
    return values


def need_match_query(need: CompetenceNeed, filters: Filters, *, full: bool) -> sa.Select:
    """Candidates for the need, best first: full matches, or close matches (`full=False`)."""
    rows = _candidates(*_shape(filters)).subquery("candidates")
    query = sa.select(rows).where(rows.c.is_full if full else ~rows.c.is_full)
    return query.order_by(*rank_order(rows, "participant_id")).params(_params(need, filters))


def listing(rows, condition, name: str, key: str, *, full_first: bool = False) -> sa.Select:
    """One page (`<name>_limit`, `<name>_offset`) of the rows meeting `condition`, best
    first, each with the number of rows meeting it (`listed`). `rows` is a CTE, aggregated
    once for the page and its count, so no second statement aggregates them again."""
    listed = sa.select(sa.func.count()).select_from(rows).where(condition).scalar_subquery()
    page = (
        sa.select(rows, listed.label("listed"))
        .where(condition)
        .order_by(*rank_order(rows, key, full_first=full_first))
        .limit(_param(f"{name}_limit"))
        .offset(_param(f"{name}_offset"))
        .subquery(name)
    )
    return sa.select(page)


def page_range(name: str, page: int, per_page: int) -> dict:
    """The parameters of `listing(..., name)` for a page."""
    return {f"{name}_limit": per_page, f"{name}_offset": (page - 1) * per_page}


def total_of(rows: list, page: int) -> int | None:
    """The total a page's rows carry; None when it cannot tell (an empty page past the first)."""
    if rows:
        return rows[0].listed
    return 0 if page == 1 else None


@cache
def _match_page(shape: tuple[bool, bool, bool]) -> sa.Select:
    """A page of each list (full and close matches) with each list's length, and every unit
    each candidate on them shows, from one pass over the candidates: the per-unit evidence is
    aggregated once (a CTE), ranked within each list by window functions, and the page's
    candidates joined back to their evidence."""
    per_unit = _per_need_unit(candidates=True).element.cte("per_unit")
    rows = _candidates_of(per_unit, *shape).subquery("candidates")
    order = rank_order(rows, "participant_id")
    lists = {"partition_by": rows.c.is_full}
    ranked = sa.select(
        rows,
        sa.func.row_number().over(order_by=order, **lists).label("position"),
        sa.func.count().over(**lists).label("listed"),
    ).subquery("ranked")
    on_page = sa.or_(
        *(
            sa.and_(
                ranked.c.is_full if full else ~ranked.c.is_full,
                ranked.c.position > _param(f"{name}_offset"),
                ranked.c.position <= _param(f"{name}_offset") + _param(f"{name}_limit"),
            )
            for full, name in ((True, "full"), (False, "close"))
        )
    )
    page = sa.select(ranked).where(on_page).subquery("page")
    return (
        sa.select(page, per_unit.c.unit_id.label("shown_unit"), per_unit.c.strength)
        .join(per_unit, per_unit.c.participant_id == page.c.participant_id)
        .order_by(page.c.is_full.desc(), page.c.position, per_unit.c.unit_id)
    )


@cache
def _match_count(shape: tuple[bool, bool, bool], full: bool) -> sa.Select:
    rows = _candidates(*shape).subquery("candidates")
    return sa.select(sa.func.count()).where(rows.c.is_full if full else ~rows.c.is_full)


def need_match_page(
    need: CompetenceNeed, filters: Filters, full_page: int, close_page: int, per_page: int
) -> tuple[tuple[list, int], tuple[list, int]]:
    """A page of full matches and one of close matches, each with its total."""
    full, close, _evidence = need_matches(need, filters, full_page, close_page, per_page)
    return full, close


def need_matches(
    need: CompetenceNeed, filters: Filters, full_page: int, close_page: int, per_page: int
) -> tuple[tuple[list, int], tuple[list, int], dict[int, dict]]:
    """A page of full matches and one of close matches, each with its total, and the
    strongest evidence per unit of the need of everyone on them, from one statement; a page
    past the end of its list costs a count of its own."""
    shape, params = _shape(filters), _params(need, filters)
    pages = page_range("full", full_page, per_page) | page_range("close", close_page, per_page)
    found = db.session.execute(_match_page(shape), params | pages).all()
    evidence: dict[int, dict] = {}
    for row in found:
        evidence.setdefault(row.participant_id, {})[row.shown_unit] = Evidence(row.strength)
    firsts = list({row.participant_id: row for row in found}.values())  # one per candidate
    result = []
    for full, page in ((True, full_page), (False, close_page)):
        mine = [r for r in firsts if bool(r.is_full) is full]
        total = total_of(mine, page)
        if total is None:
            total = db.session.scalar(_match_count(shape, full), params)
        result.append((mine, total))
    return result[0], result[1], evidence


@cache
def _evidence_of_participants() -> sa.Select:
    per_unit = _per_need_unit(candidates=False)
    return sa.select(per_unit.c.participant_id, per_unit.c.unit_id, per_unit.c.strength)


def evidence_for_need(
    need: CompetenceNeed, participant_ids: list[int], filters: Filters | None = None
) -> dict[int, dict]:
    """Per participant of a page, the strongest evidence per unit of the need."""
    if not participant_ids:
        return {}
    filters = filters or Filters()
    params = {
        "need_id": need.id,
        "floor": _level_floor(need.min_level, filters.min_level),
        "participant_ids": list(participant_ids),
    }
    result: dict[int, dict] = {pid: {} for pid in participant_ids}
    for participant_id, unit_id, strength in db.session.execute(
        _evidence_of_participants(), params
    ):
        result[participant_id][unit_id] = Evidence(strength)
    return result
