"""Issuing and revoking: one transaction, the right units, numbers and codes."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.facts import fact
from app.certificates import services, sources
from app.certificates.models import Certificate, CertificateSequence, IssuerKey
from app.certificates.vocab import Refusal, RevocationReason
from app.extensions import db
from app.refusals import Refused
from tests.certificates.factories import verify_units


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_issuing_with_nothing_verified_is_refused(case, framework, world):
    with pytest.raises(Refused) as refused:
        services.issue_certificate(case, world["coach"])
    assert refused.value.codes == (Refusal.NOTHING_TO_CERTIFY,)
    assert _count(Certificate) == 0


def test_a_certificate_states_the_verified_units_as_issued(case, framework, verified, world):
    certificate = services.issue_certificate(case, world["coach"])

    assert re.fullmatch(r"VAL-\d{4}-\d{6}", certificate.number)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", certificate.verification_code)
    assert [u.code for u in certificate.units] == [u.code for u in framework.units]
    assert [u.decision_id for u in certificate.units] == [d.id for d in verified]
    first = certificate.units[0]
    assert first.title == "Städning av kontor och allmänna utrymmen"
    assert first.outcomes == [o.text for o in framework.units[0].outcomes]
    assert first.assessor_name == world["assessor"].name
    assert first.verifier_name == world["verifier"].name
    assert certificate.holder_name == "Åsa Öberg-Émile"
    assert certificate.birth_date.isoformat() == "1985-04-12"
    assert certificate.framework_name == framework.name
    assert certificate.issuer_name == world.home.display_name == "Hemkommun kommun"
    assert certificate.total_credits == sum(u.credits for u in framework.units)
    assert {d.language for d in certificate.documents} == {"sv", "en"}


def test_numbers_count_up_and_codes_differ(case, framework, world):
    from tests.certificates.factories import issue_for

    first = issue_for(case, world["coach"], framework.units[:1])
    second = issue_for(case, world["coach"], framework.units[1:])
    year, serial = first.number.split("-")[1:]
    assert second.number == f"VAL-{year}-{int(serial) + 1:06d}"
    assert first.verification_code != second.verification_code
    assert db.session.get(CertificateSequence, int(year)).last_number == int(serial) + 1


def test_units_on_a_valid_certificate_are_not_issued_again(case, framework, world):
    [first_decision] = verify_units(case, world["assessor"], world["verifier"], framework.units[:1])
    first = services.issue_certificate(case, world["coach"])
    assert sources.issuable_decisions(case) == []
    with pytest.raises(Refused):
        services.issue_certificate(case, world["coach"])

    verify_units(case, world["assessor"], world["verifier"], framework.units[1:])
    later = services.issue_certificate(case, world["coach"])
    assert [u.code for u in first.units] == [framework.units[0].code]
    assert [u.code for u in later.units] == [framework.units[1].code]
    assert first.units[0].decision_id == first_decision.id


def test_issuing_is_one_transaction(case, framework, verified, world):
    def broken_pdf(statement):
        raise RuntimeError("the PDF step failed")

    savepoint = db.session.begin_nested()
    with pytest.raises(RuntimeError):
        services.issue_certificate(case, world["coach"], render=broken_pdf)
    savepoint.rollback()
    assert _count(Certificate) == 0
    assert _count(CertificateSequence) == 0
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "certificate.issue" not in actions


def test_issuing_logs_and_makes_the_municipality_key(case, framework, verified, world):
    certificate = services.issue_certificate(case, world["coach"])
    line = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "certificate.issue"))
    assert line.object_id == certificate.id
    assert line.participant_id == case.participant_id
    assert db.session.scalar(sa.select(IssuerKey.municipality_id)) == world.home.id


def test_revoking_frees_the_units_for_a_corrected_certificate(case, framework, verified, world):
    wrong = services.issue_certificate(case, world["coach"])
    assert fact(case, "certificates") == 1
    services.revoke_certificate(
        wrong, world["coach"], RevocationReason.WRONG_DETAILS, "Fel stavning av namnet."
    )
    assert wrong.is_revoked and wrong.revocation_reason is RevocationReason.WRONG_DETAILS
    assert fact(case, "certificates") == 0
    assert {d.is_revoked_copy for d in wrong.documents} == {False, True}
    assert services.replaceable(case) == [wrong]

    corrected = services.issue_certificate(case, world["coach"], replaces=wrong)
    assert corrected.replaces is wrong and wrong.replaced_by is corrected
    assert [u.code for u in corrected.units] == [u.code for u in wrong.units]
    assert services.replaceable(case) == []
    assert fact(case, "certificates") == 1


def test_only_a_revoked_certificate_of_the_case_can_be_corrected(case, framework, world):
    from tests.certificates.factories import issue_for

    valid = issue_for(case, world["coach"], framework.units[:1])
    with pytest.raises(Refused) as refused:
        issue_for(case, world["coach"], framework.units[1:], replaces=valid)
    assert refused.value.codes == (Refusal.REPLACES_NOT_REVOKED,)


def test_revoking_twice_or_without_a_reason_is_refused(case, framework, verified, world):
    certificate = services.issue_certificate(case, world["coach"])
    with pytest.raises(Refused):
        services.revoke_certificate(certificate, world["coach"], RevocationReason.OTHER, "  ")
    services.revoke_certificate(certificate, world["coach"], RevocationReason.OTHER, "Dubblett.")
    with pytest.raises(Refused) as refused:
        services.revoke_certificate(certificate, world["coach"], RevocationReason.OTHER, "Igen.")
    assert refused.value.codes == (Refusal.ALREADY_REVOKED,)


def test_the_record_outlives_changes_to_the_participant(case, framework, verified, world):
    certificate = services.issue_certificate(case, world["coach"])
    participant = case.participant
    participant.first_name, participant.last_name = "Anonymiserad", "Deltagare"
    db.session.flush()
    certificate.case_id = certificate.participant_id = None  # as anonymisation leaves it
    db.session.flush()
    db.session.expire_all()
    kept = db.session.get(Certificate, certificate.id)
    assert kept.holder_name == "Åsa Öberg-Émile"
    assert [u.title for u in kept.units] == [u.title for u in framework.units]
    assert services.find_by_code(kept.verification_code) is kept


def test_cases_ready_lists_cases_with_issuable_units(case, framework, verified, world):
    assert sources.cases_ready(world["coach"]) == (1, [case])
    assert sources.cases_ready(world["other_coach"]) == (0, [])
    assert sources.cases_ready(world["coach"], limit=0) == (1, [])
    certificate = services.issue_certificate(case, world["coach"])
    assert sources.cases_ready(world["coach"]) == (0, [])
    services.revoke_certificate(
        certificate, world["coach"], RevocationReason.WRONG_DETAILS, "Fel namn"
    )
    assert sources.cases_ready(world["coach"]) == (1, [case])  # its units are free again
    # Every case the old per-case check found is found by the one query, and no other.
    assert all(sources.issuable_decisions(c) for c in sources.cases_ready(world["coach"])[1])
