"""`certificate_ready_cases` stays what its live definition says after every kind of write."""

from __future__ import annotations

import sqlalchemy as sa

from app.assessments.services.decisions import correct_decision
from app.assessments.vocab import DecisionOutcome
from app.cases.workflow import Stage
from app.certificates import services, sources
from app.certificates.models import Certificate, CertificateUnit, ReadyCase
from app.certificates.readiness import ready_rows, rebuild_ready_cases
from app.certificates.vocab import RevocationReason
from app.extensions import db
from tests.cases.factories import make_case, make_participant
from tests.certificates.factories import issue_for, verify_units


def kept() -> set[tuple[int, int]]:
    db.session.flush()
    return {(r.case_id, r.units) for r in db.session.scalars(sa.select(ReadyCase))}


def in_step() -> set[tuple[int, int]]:
    """The kept rows, after checking them against the live definition."""
    table = kept()
    assert table == {tuple(row) for row in db.session.execute(ready_rows())}
    for case_id, units in table:
        case = db.session.get(sources.Case, case_id)
        assert len({d.unit_id for d in sources.issuable_decisions(case)}) <= units
    return table


def test_every_write_keeps_the_ready_cases_in_step(case, framework, world):
    first, second = framework.units
    assert in_step() == set()
    verify_units(case, world["assessor"], world["verifier"], [first])
    assert in_step() == {(case.id, 1)}
    decisions = verify_units(case, world["assessor"], world["verifier"], [second])
    assert in_step() == {(case.id, 2)}

    certificate = issue_for(case, world["coach"], units=[first])
    assert in_step() == {(case.id, 1)}
    services.revoke_certificate(certificate, world["coach"], RevocationReason.WRONG_DETAILS, "Fel")
    assert in_step() == {(case.id, 2)}

    correct_decision(
        decisions[0],
        DecisionOutcome.NOT_YET_ACHIEVED,
        "Brister.",
        "Fel i bedömningen.",
        world["assessor"],
    )
    assert in_step() == {(case.id, 1)}

    services.issue_certificate(case, world["coach"])
    assert in_step() == set()


def test_closing_a_case_takes_it_off_and_reopening_puts_it_back(case, framework, world):
    verify_units(case, world["assessor"], world["verifier"], framework.units)
    other = make_case(world["coach"], make_participant(world.home), stage=Stage.VERIFICATION)
    verify_units(other, world["assessor"], world["verifier"], framework.units[:1])
    assert in_step() == {(case.id, 2), (other.id, 1)}
    case.stage = Stage.CLOSED
    assert in_step() == {(other.id, 1)}
    assert sources.cases_ready(world["coach"]) == (1, [other])
    case.stage = Stage.VERIFICATION
    assert in_step() == {(case.id, 2), (other.id, 1)}


def test_bulk_statements_through_the_session_are_followed(case, framework, world):
    verify_units(case, world["assessor"], world["verifier"], framework.units)
    certificate = services.issue_certificate(case, world["coach"])
    assert in_step() == set()

    # Anonymisation's kind of statement: the certificate no longer names the case.
    db.session.execute(
        sa.update(Certificate).where(Certificate.id == certificate.id).values(case_id=None)
    )
    assert in_step() == {(case.id, 2)}
    db.session.execute(
        sa.update(Certificate).where(Certificate.id == certificate.id).values(case_id=case.id)
    )
    assert in_step() == set()

    first = framework.units[0]
    db.session.execute(
        sa.delete(CertificateUnit).where(
            CertificateUnit.certificate_id == certificate.id, CertificateUnit.unit_id == first.id
        )
    )
    assert in_step() == {(case.id, 1)}


def test_rows_written_past_the_session_are_caught_up_by_a_rebuild(case, framework, world):
    verify_units(case, world["assessor"], world["verifier"], framework.units)
    db.session.flush()
    db.session.connection().execute(ReadyCase.__table__.delete())  # past the session
    assert kept() == set()
    rebuild_ready_cases()
    assert in_step() == {(case.id, 2)}
