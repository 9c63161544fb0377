"""cases.next_follow_up_on stays the earliest open follow-up whatever changes the follow-ups."""

from datetime import date

import sqlalchemy as sa

from app.cases.models import Case, FollowUp
from app.cases.next_follow_up import refresh
from app.cases.services import work as ops
from app.cases.workflow import Stage
from app.extensions import db
from tests.cases.factories import make_case


def _live(case_id: int):
    return db.session.scalar(
        sa.select(sa.func.min(FollowUp.due_on)).where(
            FollowUp.case_id == case_id, FollowUp.done_at.is_(None)
        )
    )


def _stored(case_id: int):
    return db.session.scalar(sa.select(Case.next_follow_up_on).where(Case.id == case_id))


def _agree(*cases) -> None:
    db.session.flush()
    for case in cases:
        assert case.next_follow_up_on == _stored(case.id) == _live(case.id)


def test_the_next_follow_up_follows_every_change(app, world):
    coach = world["coach"]
    case, other = make_case(coach, stage=Stage.MAPPING), make_case(coach, stage=Stage.MAPPING)
    _agree(case, other)
    assert case.next_follow_up_on is None
    late = ops.add_follow_up(case, {"due_on": date(2027, 3, 1), "purpose": "Senare"}, coach)
    _agree(case, other)
    early = ops.add_follow_up(case, {"due_on": date(2027, 1, 10), "purpose": "Tidig"}, coach)
    _agree(case, other)
    assert case.next_follow_up_on == date(2027, 1, 10)
    ops.complete_follow_up(early, coach)
    _agree(case, other)
    assert case.next_follow_up_on == date(2027, 3, 1)
    late.due_on = date(2026, 12, 24)  # moved
    _agree(case, other)
    assert case.next_follow_up_on == date(2026, 12, 24)
    late.case = other  # moved to another case (both change)
    _agree(case, other)
    assert (case.next_follow_up_on, other.next_follow_up_on) == (None, date(2026, 12, 24))
    db.session.delete(late)
    _agree(case, other)
    assert other.next_follow_up_on is None
    db.session.commit()
    assert _stored(other.id) is None


def test_refresh_rebuilds_the_column_after_plain_sql(app, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    db.session.flush()
    db.session.execute(
        sa.insert(FollowUp).values(case_id=case.id, due_on=date(2027, 2, 2), purpose="Import")
    )
    assert _stored(case.id) is None  # plain SQL is not seen by the session events
    refresh(db.session.connection())
    assert _stored(case.id) == date(2027, 2, 2)
    refresh(db.session.connection(), [case.id])
    assert _stored(case.id) == date(2027, 2, 2)


def test_the_caseload_sorts_on_the_next_follow_up(coach_client, world):
    coach = world["coach"]
    cases = [make_case(coach, stage=Stage.MAPPING) for _ in range(3)]
    for case, day in zip(cases, (date(2027, 5, 1), None, date(2027, 1, 1)), strict=True):
        if day:
            ops.add_follow_up(case, {"due_on": day, "purpose": "Möte"}, coach)
    db.session.commit()
    html = coach_client.get("/cases/?sort=follow_up").get_data(as_text=True)
    order = [html.index(f'href="/cases/{c.id}"') for c in (cases[2], cases[0], cases[1])]
    assert order == sorted(order)
