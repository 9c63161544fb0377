"""Two people changing one case at the same moment, on PostgreSQL: the second recomputes the
case's summary rows only once the first has committed, and then from what the first wrote.

The tests commit in transactions of their own (outside the test's rolled-back one) and remove
their rows at the end.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.cases.models import Case, Participant, Transition
from app.cases.workflow import Stage
from app.extensions import db
from app.organisations.models import Municipality
from app.reports.summaries.keeper import SUMMARIES
from app.reports.summaries.models import ReportCase, ReportStay
from tests.cases.factories import personal_number
from tests.helpers import second_waits_for_first


@pytest.fixture
def committed_case(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite lets one writer at a time")
    with Session(db.engine) as setup:
        town = Municipality(name="Samtidiga statistikkommunen", code="9992")
        person = Participant(
            municipality=town,
            first_name="Sam",
            last_name="Tidig",
            personal_number=personal_number(),
        )
        case = Case(participant=person, municipality=town, stage=Stage.MAPPING)
        setup.add(case)
        setup.add(Transition(case=case, to_stage=Stage.REFERRED, at=_at(1)))
        setup.commit()
        ids = (town.id, person.id, case.id)
    yield ids[2]
    with Session(db.engine) as cleanup:
        cleanup.execute(sa.delete(Transition).where(Transition.case_id == ids[2]))
        cleanup.execute(sa.delete(Case).where(Case.id == ids[2]))
        cleanup.execute(sa.delete(Participant).where(Participant.id == ids[1]))
        cleanup.execute(sa.delete(Municipality).where(Municipality.id == ids[0]))
        cleanup.commit()


def _at(day: int) -> datetime:
    return datetime(2026, 3, day, 9, tzinfo=UTC)


def _move(case_id: int, to: Stage, day: int):
    def work(session) -> None:  # the case's summary rows are recomputed at its flush
        session.add(Transition(case_id=case_id, to_stage=to, at=_at(day)))

    return work


def test_two_writers_on_one_case_leave_its_rows_as_the_data_says(committed_case):
    engine = db.engine
    # The second waits on the case until the first commits...
    failures = second_waits_for_first(
        engine, _move(committed_case, Stage.INTAKE, 5), _move(committed_case, Stage.MAPPING, 9)
    )
    assert failures == []
    # ...and then recomputes the rows from both transitions.
    with Session(engine) as check:
        for model, rows_of in SUMMARIES:
            if model not in (ReportCase, ReportStay):
                continue
            table, live = model.__table__, rows_of([committed_case]).subquery()
            kept = set(check.execute(sa.select(table).where(table.c.case_id == committed_case)))
            wanted = set(check.execute(sa.select(*(live.c[c.name] for c in table.columns))))
            assert kept == wanted
        days = check.scalars(sa.select(ReportStay.days).where(ReportStay.case_id == committed_case))
        assert sorted(days) == [4.0, 4.0]
