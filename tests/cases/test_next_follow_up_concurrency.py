"""Two coaches changing one case's follow-ups at the same moment, on PostgreSQL.

The tests commit in transactions of their own (outside the test's rolled-back one) and remove
their rows at the end.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.cases.models import Case, FollowUp, Participant
from app.cases.workflow import Stage
from app.extensions import db
from app.organisations.models import Municipality
from tests.cases.factories import personal_number
from tests.helpers import second_waits_for_first


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


def _adder(case_id: int, due: date):
    def work(session) -> None:  # the case's next follow-up is recomputed at its flush
        session.add(FollowUp(case_id=case_id, due_on=due, purpose="Samtidig"))

    return work


def test_two_coaches_adding_follow_ups_at_once_leave_the_earliest(committed_case):
    engine = db.engine
    # The second waits on the case's row until the first commits...
    second_waits_for_first(
        engine, _adder(committed_case, date(2027, 3, 1)), _adder(committed_case, date(2027, 6, 1))
    )
    # ...and then sees the first's follow-up: the earlier date stays.
    with Session(engine) as check:
        stored = check.scalar(sa.select(Case.next_follow_up_on).where(Case.id == committed_case))
    assert stored == date(2027, 3, 1)
