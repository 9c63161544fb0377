"""Two coaches changing one case's follow-ups at the same moment, on PostgreSQL.

The tests commit in transactions of their own (outside the test's rolled-back one) and remove
their rows at the end.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.admin.models import Municipality
from app.cases.models import Case, FollowUp, Participant
from app.cases.workflow import Stage
from app.extensions import db
from tests.cases.factories import personal_number


@pytest.fixture
def committed_case(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite lets one writer at a time")
    with Session(db.engine) as setup:
        town = Municipality(name="Samtidiga kommun", code="9991")
        person = Participant(
            municipality=town,
            first_name="Sam",
            last_name="Tidig",
            personal_number=personal_number(),
        )
        case = Case(participant=person, municipality=town, stage=Stage.MAPPING)
        setup.add(case)
        setup.commit()
        ids = (town.id, person.id, case.id)
    yield ids[2]
    with Session(db.engine) as cleanup:
        cleanup.execute(sa.delete(FollowUp).where(FollowUp.case_id == ids[2]))
        cleanup.execute(sa.delete(Case).where(Case.id == ids[2]))
        cleanup.execute(sa.delete(Participant).where(Participant.id == ids[1]))
        cleanup.execute(sa.delete(Municipality).where(Municipality.id == ids[0]))
        cleanup.commit()


def _adder(engine, case_id: int, due: date, flushed: threading.Event, go_on: threading.Event):
    def run() -> None:
        with Session(engine) as session:
            session.add(FollowUp(case_id=case_id, due_on=due, purpose="Samtidig"))
            session.flush()  # the case's next follow-up is recomputed here
            flushed.set()
            go_on.wait(10)
            session.commit()

    return threading.Thread(target=run)


def test_two_coaches_adding_follow_ups_at_once_leave_the_earliest(committed_case):
    first_flushed, release_first = threading.Event(), threading.Event()
    second_flushed, second_goes_on = threading.Event(), threading.Event()
    second_goes_on.set()
    engine = db.engine
    first = _adder(engine, committed_case, date(2027, 3, 1), first_flushed, release_first)
    second = _adder(engine, committed_case, date(2027, 6, 1), second_flushed, second_goes_on)
    first.start()
    assert first_flushed.wait(10)
    second.start()
    # The second waits on the case's row until the first commits...
    assert not second_flushed.wait(0.5)
    release_first.set()
    first.join(10)
    second.join(10)
    # ...and then sees the first's follow-up: the earlier date stays.
    with Session(engine) as check:
        stored = check.scalar(sa.select(Case.next_follow_up_on).where(Case.id == committed_case))
    assert stored == date(2027, 3, 1)
