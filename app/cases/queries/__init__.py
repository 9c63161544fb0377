"""Reads of the cases area: the lists a coach works from (caseload, inbox, follow-ups due);
the case's timeline is in `timeline.py`."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from app.auth.models import User
from app.cases.models import Case, FollowUp, Participant, Referral, Transfer
from app.cases.services import lookup
from app.cases.vocab import ReferralStatus, TransferStatus
from app.cases.workflow import Stage
from app.extensions import CountedPage, counted_page, db
from app.vocab import Role

SORTS = ("follow_up", "stage_age", "name", "stage")


def case_scope_for(user) -> sa.ColumnElement[bool]:
    """A WHERE clause for the cases `user` sees as staff: coaches and admins, own municipality.

    Areas that grant others a view of single cases (see `facts.case_viewer`) add their own
    condition, e.g. `sa.or_(case_scope_for(user), Case.id.in_(assigned_ids))`.
    """
    if user.has_role(Role.COACH, Role.ADMIN) and user.municipality_id is not None:
        return Case.municipality_id == user.municipality_id
    return sa.false()


def _matches(user, q: str):
    """Cases whose participant's number (`lookup.matches`) or name matches; a participant under
    protected identity only on the viewer's own cases, so a search cannot reveal them."""
    visible = lookup.visible_to(user, coach_id=Case.coach_id)
    reserve = lookup.reserve_search(q)
    if reserve is not None:
        return sa.and_(reserve, visible)
    search = lookup.number_search(q)
    if search is not None:
        return sa.and_(lookup.matches(search), visible)
    name = Participant.first_name + " " + Participant.last_name
    return sa.and_(sa.func.lower(name).contains(q.lower(), autoescape=True), visible)


def caseload_ids(user, *, mine=True, stage=None, q="", sort="follow_up", closed=False):
    """A SELECT of the ids of the user's municipality's (or only their) cases, filtered,
    searched and sorted: what a caseload page pages through.

    Only ids, and participants joined only for a search or the name order: a municipality has
    thousands of open cases, and a deep page in the default order is then read from the index
    cases_caseload_order alone (it carries the stage and the coach), without touching a row.
    """
    query = sa.select(Case.id).where(Case.municipality_id == user.municipality_id)
    if mine:
        query = query.where(Case.coach_id == user.id)
    if stage:
        query = query.where(Case.stage == stage)
    elif not closed:
        query = query.where(Case.stage != Stage.CLOSED)
    if q or sort == "name":
        query = query.join(Case.participant)
    if q:
        # A participant is always in the municipality of their cases (a transfer moves both),
        # so this repeats the case's condition on participants: the name is then compared only
        # for the municipality's participants (by their index), not for the whole region's.
        query = query.where(Participant.municipality_id == user.municipality_id, _matches(user, q))
    return query.order_by(*caseload_order(sort))


def caseload_order(sort: str) -> list:
    """The ORDER BY of a caseload sorted by `sort` (one of SORTS)."""
    hidden_last = sa.case((Participant.is_protected, ""), else_=Participant.last_name)
    order = {
        # kept by app.cases.next_follow_up
        "follow_up": [Case.next_follow_up_on.asc().nulls_last(), Case.id],
        "stage_age": [Case.stage_entered_at.asc(), Case.id],
        "name": [hidden_last, Case.id],
        "stage": [Case.stage, Case.id],
    }
    return order.get(sort, order["follow_up"])


def caseload_page(user, ids: sa.Select, sort: str, page: int, per_page: int) -> CountedPage:
    """The page of the cases `ids` (a `caseload_ids`) selects, in one statement: the page's
    ids read first (on the caseload's index, with the count of all of them alongside), then
    only their cases joined with the participant, the coach's name and whether the user may
    see who the participant is, however deep the page. A page past the end counts apart."""
    window = (
        ids.add_columns(sa.func.count().over().label("total"))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery()
    )
    query = (
        sa.select(
            Case, User.name.label("coach"), shows_identity(user).label("shows"), window.c.total
        )
        .join(window, window.c.id == Case.id)
        .join(Case.participant)
        .outerjoin(User, User.id == Case.coach_id)
        .options(contains_eager(Case.participant))
        .order_by(*caseload_order(sort))
    )
    rows = db.session.execute(query).all()
    if rows or page == 1:
        return CountedPage(rows, page, per_page, rows[0].total if rows else 0)
    return CountedPage(rows, page, per_page, counted_page(ids, per_page=1, page=1).total)


def shows_identity(user) -> sa.ColumnElement[bool]:
    """`access.shows_identity` for a list's rows, in SQL: the participant is not under
    protected identity, or the user is a coach of theirs in the user's municipality."""
    if not user.has_role(Role.COACH) or user.municipality_id is None:
        return Participant.is_protected.is_(False)
    assigned = sa.and_(Participant.municipality_id == user.municipality_id, lookup.coached_by(user))
    return sa.or_(Participant.is_protected.is_(False), assigned)


def cases_in_order(ids: list[int]) -> list[Case]:
    """These cases in this order, with the participant and the coach each row shows (one
    query however many rows)."""
    query = (
        sa.select(Case)
        .where(Case.id.in_(ids))
        .options(joinedload(Case.participant), joinedload(Case.coach))
    )
    found = {case.id: case for case in db.session.scalars(query)}
    return [found[i] for i in ids if i in found]


def with_header() -> tuple:
    """Loader options for a case shown under the case header (`cases/_case_header.html`): its
    participant with their cases (the header's access checks read them) and its municipality,
    in the case's own query. Not the coach: most often the user, whom the session has."""
    return (
        joinedload(Case.participant).joinedload(Participant.cases),
        joinedload(Case.municipality),
    )


def caseload(user, **filters) -> list[Case]:
    """Every case of the caseload (unpaged), in order."""
    return cases_in_order(list(db.session.scalars(caseload_ids(user, **filters))))


def shown_with_case() -> tuple:
    """What a case's page shows of its relations, loaded with the case in one query (for
    `load(..., options=...)`): the participant with their consents and cases (the workflow's
    facts and who may edit them), the transfers and where they go, the coach and the
    municipality."""
    participant = joinedload(Case.participant)
    return (
        participant.joinedload(Participant.consents),
        participant.joinedload(Participant.cases),
        joinedload(Case.transfers).joinedload(Transfer.to_municipality),
        joinedload(Case.coach),
        joinedload(Case.municipality),
    )


def user_names(user_ids) -> dict[int, str]:
    """The names of these accounts, by id, in one query (none when there are no ids)."""
    from app.auth.models import User

    ids = sorted({i for i in user_ids if i is not None})
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids))).all())


def inbox_referrals(municipality_id: int, status: ReferralStatus) -> list[Referral]:
    """The municipality's referrals with a status, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Referral)
            .where(Referral.municipality_id == municipality_id, Referral.status == status)
            .order_by(Referral.referred_on, Referral.id)
        )
    )


def incoming_transfers(municipality_id: int) -> list[Transfer]:
    """Transfers waiting for this municipality to decide."""
    return list(
        db.session.scalars(
            sa.select(Transfer)
            .where(
                Transfer.to_municipality_id == municipality_id,
                Transfer.status == TransferStatus.PENDING,
            )
            .order_by(Transfer.requested_at)
        )
    )


def end_of_week(today: date) -> date:
    """The Sunday of the week `today` is in."""
    return today + timedelta(days=6 - today.weekday())


def follow_ups_due(user, today: date, limit: int | None = None) -> list[sa.Row]:
    """The user's open follow-ups due by the end of this week, overdue ones included, the most
    overdue first: each its case, purpose and day, with the participant it names and `total`,
    how many there are in all (a coach may have hundreds overdue: `limit` reads the first
    ones, and the rows carry what the list shows, not the follow-ups and cases themselves)."""
    query = (
        sa.select(
            FollowUp.case_id,
            FollowUp.purpose,
            FollowUp.due_on,
            Participant,
            sa.func.count().over().label("total"),
        )
        .join(FollowUp.case)
        .join(Case.participant)
        .where(
            Case.coach_id == user.id,
            Case.municipality_id == user.municipality_id,
            Case.stage != Stage.CLOSED,
            FollowUp.done_at.is_(None),
            FollowUp.due_on <= end_of_week(today),
        )
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    return list(db.session.execute(query if limit is None else query.limit(limit)))
