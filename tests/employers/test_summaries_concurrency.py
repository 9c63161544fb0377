"""Two transactions changing one participant at once on PostgreSQL leave the summary right.

These tests commit in transactions of their own (outside the test's rolled-back one) and
remove what they wrote at the end.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.cases.models import Case, ConsentEvent, Participant
from app.cases.vocab import ConsentKind
from app.cases.workflow import Stage
from app.certificates.models import Certificate, CertificateUnit
from app.employers.models import ParticipantUnit
from app.employers.summaries import participant_rows
from app.extensions import db
from app.frameworks.models import Framework, Unit
from app.frameworks.vocab import Level
from app.organisations.models import Municipality
from tests.helpers import second_waits_for_first

CODE, FRAMEWORK = "9971", "samtidighet"  # a municipality and a framework no other test uses


def _remove_what_was_written(engine) -> None:
    with Session(engine) as cleanup:
        town = cleanup.scalar(sa.select(Municipality.id).where(Municipality.code == CODE))
        if town is not None:
            people = sa.select(Participant.id).where(Participant.municipality_id == town)
            cleanup.execute(sa.delete(Certificate).where(Certificate.municipality_id == town))
            cleanup.execute(sa.delete(Case).where(Case.municipality_id == town))
            cleanup.execute(sa.delete(ConsentEvent).where(ConsentEvent.participant_id.in_(people)))
            cleanup.execute(sa.delete(Participant).where(Participant.municipality_id == town))
            cleanup.execute(sa.delete(Municipality).where(Municipality.id == town))
        for framework in cleanup.scalars(sa.select(Framework).where(Framework.code == FRAMEWORK)):
            cleanup.delete(framework)  # a draft, with its units
        cleanup.commit()


@pytest.fixture
def engine(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite lets one writer at a time")
    _remove_what_was_written(db.engine)
    yield db.engine
    _remove_what_was_written(db.engine)


@pytest.fixture
def candidate(engine):
    """A participant in matching who shares their profile, with no evidence yet; and a unit."""
    with Session(engine) as setup:
        town = Municipality(name="Samtidighetsby", code=CODE)
        framework = Framework(code="samtidighet", name="Samtidighet", owner="Test")
        unit = Unit(
            framework=framework, code="S1", title="Samtidig", level=Level.LEVEL_1, credits=5
        )
        person = Participant(municipality=town, first_name="Sam", last_name="Tidig")
        setup.add_all([town, framework, unit, person])
        setup.add(Case(participant=person, municipality=town, stage=Stage.MATCHING))
        setup.flush()
        setup.add(_consent(person.id, True))
        setup.commit()
        return person.id, unit.id, town.id


def _consent(participant_id: int, given: bool) -> ConsentEvent:
    return ConsentEvent(
        participant_id=participant_id,
        kind=ConsentKind.EMPLOYERS,
        is_given=given,
        effective_on=date(2026, 3, 1),
    )


def _certificate(participant_id: int, unit_id: int, town_id: int) -> Certificate:
    return Certificate(
        number="VAL-2098-000001",
        verification_code="samtidighet-" + "0" * 40,
        short_code="SAMTIDIGHET1",
        municipality_id=town_id,
        participant_id=participant_id,
        holder_name="Sam Tidig",
        issuer_name="Samtidighetsby",
        framework_code="samtidighet",
        framework_name="Samtidighet",
        framework_version=1,
        units=[
            CertificateUnit(
                unit_id=unit_id,
                code="S1",
                title="Samtidig",
                level="level1",
                credits=5,
                assessor_name="Per Sjöberg",
            )
        ],
    )


def test_a_consent_withdrawn_while_a_certificate_is_issued_hides_the_candidate(engine, candidate):
    participant_id, unit_id, town_id = candidate
    # The second recomputation waits for the first transaction: it would otherwise compute
    # from a snapshot without the certificate, and the first would commit a visible candidate.
    second_waits_for_first(
        engine,
        lambda s: s.add(_certificate(participant_id, unit_id, town_id)),
        lambda s: s.add(_consent(participant_id, False)),
    )
    with Session(engine) as check:
        table = ParticipantUnit.__table__
        stored = check.execute(sa.select(*table.c).where(table.c.participant_id == participant_id))
        live = check.execute(participant_rows([participant_id]))
        stored, live = set(map(tuple, stored)), set(map(tuple, live))
    assert stored == live == {(participant_id, unit_id, 3, False, town_id)}
