"""Matching's precomputed tables stay equal to the live queries after every kind of write."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.assessments.services.planning import cancel_assessment
from app.assessments.services.verification import sign_recommendation, verify_decision
from app.assessments.vocab import DecisionOutcome
from app.cases.models import ConsentEvent
from app.cases.services.participants import record_consent
from app.cases.vocab import ConsentKind
from app.cases.workflow import Stage
from app.certificates.models import Certificate
from app.certificates.services import revoke_certificate
from app.certificates.vocab import RevocationReason
from app.db import utcnow
from app.employers.matching import Evidence as E
from app.employers.models import OpenNeedUnit, ParticipantUnit
from app.employers.services.matches import match_page
from app.employers.services.needs import save_need, set_need_status
from app.employers.services.profiles import save_profile
from app.employers.summaries import need_rows, participant_rows, rebuild_matching_summaries
from app.employers.vocab import NeedForm, NeedStatus, WorkingTime
from app.extensions import db
from app.frameworks.vocab import Level
from app.mapping.services import record_outcome, start_mapping
from app.mapping.vocab import Judgement
from app.privacy.anonymise import anonymise
from tests.assessments.factories import decide_all, plan, record
from tests.certificates.factories import issue_for
from tests.employers.factories import make_need, show_evidence


def _rows(query) -> set[tuple]:
    return {(*row[:3], bool(row[3]), *row[4:]) for row in db.session.execute(query)}


def summary() -> set[tuple]:
    return _rows(sa.select(*ParticipantUnit.__table__.c))


def live() -> set[tuple]:
    return _rows(participant_rows())


def need_summary() -> set[tuple]:
    table = OpenNeedUnit.__table__
    return {tuple(row) for row in db.session.execute(sa.select(*table.c))}


def need_live() -> set[tuple]:
    return {tuple(row) for row in db.session.execute(need_rows())}


def in_step() -> None:
    """Both tables equal their live definitions, read in the same transaction."""
    assert summary() == live()
    assert need_summary() == need_live()


def shown(participant_id: int) -> dict:
    """What `participant_units` says of one participant: unit id -> (evidence, candidate)."""
    rows = db.session.execute(
        sa.select(
            ParticipantUnit.unit_id, ParticipantUnit.strength, ParticipantUnit.is_candidate
        ).where(ParticipantUnit.participant_id == participant_id)
    )
    return {unit_id: (E(strength), bool(candidate)) for unit_id, strength, candidate in rows}


@pytest.fixture
def person(world, candidate):
    """A candidate in matching with consent and no evidence yet."""
    return candidate()


def test_service_writes_keep_the_summary_in_step(app, world, units, person):
    participant, case = person
    coach, assessor, verifier = world["coach"], world["assessor"], world["verifier"]
    a, b, c = units["Truck A"], units["Truck B"], units["Godsmottagning"]
    in_step()
    assert shown(participant.id) == {}

    planned = plan(case, assessor, [a])  # an assessment planned: ready for assessment
    in_step()
    assert shown(participant.id) == {a.id: (E.READY, True)}

    record(planned)  # decided and verified: achieved
    [decision] = decide_all(planned)
    sign_recommendation(case, assessor, draw=lambda: 0.0)
    verify_decision(decision, verifier)
    in_step()
    assert shown(participant.id) == {a.id: (E.VERIFIED, True)}

    certificate = issue_for(case, coach, units=[a], render=_pdf)
    in_step()
    assert shown(participant.id) == {a.id: (E.CERTIFIED, True)}

    revoke_certificate(
        certificate, coach, RevocationReason.ISSUED_IN_ERROR, "Fel enhet.", render=_pdf
    )
    in_step()
    assert shown(participant.id) == {a.id: (E.VERIFIED, True)}

    other = plan(case, assessor, [b])
    in_step()
    assert shown(participant.id)[b.id] == (E.READY, True)
    cancel_assessment(other, "Sjuk.", coach)
    in_step()
    assert b.id not in shown(participant.id)

    mapping = start_mapping(case, c.framework, coach)
    for outcome in c.outcomes:
        _judge(mapping, outcome, Judgement.READY, coach)
    in_step()
    assert shown(participant.id)[c.id] == (E.READY, True)
    for outcome in c.outcomes:
        _judge(mapping, outcome, Judgement.SOME_EVIDENCE, coach)
    in_step()
    assert c.id not in shown(participant.id)

    withdrawn = dict(given=False, effective_on=date(2026, 2, 1), note=None, actor=coach)
    record_consent(participant, ConsentKind.EMPLOYERS, **withdrawn)
    in_step()
    assert shown(participant.id) == {a.id: (E.VERIFIED, False)}
    record_consent(participant, ConsentKind.EMPLOYERS, **_given_again(world))
    in_step()
    assert shown(participant.id) == {a.id: (E.VERIFIED, True)}

    issue_for(case, coach, units=[a], render=_pdf)
    in_step()
    assert shown(participant.id) == {a.id: (E.CERTIFIED, True)}
    anonymise(participant, reason="request", actor=world["admin"])  # bulk statements
    in_step()
    assert shown(participant.id) == {a.id: (E.VERIFIED, True)}  # the certificate let go


def test_protection_profile_stage_and_move_keep_the_summary_in_step(app, world, units, candidate):
    participant, case = candidate(evidence={units["Truck A"]: E.CERTIFIED})
    assert shown(participant.id) == {units["Truck A"].id: (E.CERTIFIED, True)}

    participant.is_protected = True
    db.session.flush()
    in_step()
    assert shown(participant.id)[units["Truck A"].id] == (E.CERTIFIED, False)

    profile = {
        "available_from": None,
        "working_time": WorkingTime.EITHER,
        "desired_occupations": None,
        "shows_adaptations": False,
        "protected_identity_consent": True,
    }
    save_profile(participant, profile, world["coach"])
    in_step()
    assert shown(participant.id)[units["Truck A"].id] == (E.CERTIFIED, True)

    participant.municipality = world.other
    db.session.flush()
    in_step()

    case.stage = Stage.CLOSED
    db.session.flush()
    in_step()
    assert shown(participant.id)[units["Truck A"].id] == (E.CERTIFIED, False)


def test_a_corrected_decision_and_bulk_statements_keep_the_summary_in_step(
    app, world, units, candidate
):
    from app.assessments.services.decisions import correct_decision

    a, b = units["Truck A"], units["Truck B"]
    participant, case = candidate(evidence={a: E.VERIFIED, b: E.CERTIFIED})
    decision = next(d for d in _decisions(case) if d.unit_id == a.id)
    correct_decision(
        decision,
        DecisionOutcome.NOT_YET_ACHIEVED,
        "Brister.",
        "Fel i bedömningen.",
        world["assessor"],
    )
    in_step()
    assert a.id not in shown(participant.id)

    withdrawn = {"participant_id": participant.id, "kind": ConsentKind.EMPLOYERS}
    withdrawn |= {"is_given": False, "effective_on": date(2026, 2, 1)}
    db.session.execute(sa.insert(ConsentEvent), [withdrawn])  # a bulk INSERT, past the flush
    in_step()
    assert not any(candidate for _e, candidate in shown(participant.id).values())
    record_consent(participant, ConsentKind.EMPLOYERS, **_given_again(world))

    db.session.execute(  # past the flush: a bulk UPDATE through the session
        sa.update(Certificate)
        .where(Certificate.participant_id == participant.id)
        .values(revoked_at=utcnow(), revocation_reason=RevocationReason.OTHER)
    )
    in_step()
    assert shown(participant.id)[b.id] == (E.VERIFIED, True)


def test_needs_keep_their_summary_in_step(world, units):
    need = make_need(world.employer, required=[units["Truck A"]], desired=[units["Truck B"]])
    in_step()
    assert len(need_summary()) == 2
    data = {
        "title": "Truckförare",
        "ssyk_code": None,
        "min_level": Level.LEVEL_2,
        "positions": 2,
        "starts_on": None,
        "form": NeedForm.PERMANENT,
        "working_hours": None,
        "adaptations_offered": None,
        "description": None,
        "municipality_id": world.other.id,
        "required": [units["Truck A"].id, units["Godsmottagning"].id],
        "desired": [],
    }
    save_need(need, data, world["employer"])
    in_step()
    assert {row[1] for row in need_summary()} == {units["Truck A"].id, units["Godsmottagning"].id}
    set_need_status(need, NeedStatus.CLOSED, world["employer"])
    in_step()
    assert need_summary() == set()
    set_need_status(need, NeedStatus.OPEN, world["employer"])
    in_step()
    assert len(need_summary()) == 2


def test_the_rebuild_gives_the_same_rows_and_catches_up_writes_past_the_session(
    world, units, candidate
):
    participant, _case = candidate(evidence={units["Truck A"]: E.VERIFIED})
    make_need(world.employer, required=[units["Truck A"]])
    before = summary(), need_summary()
    connection = db.session.connection()
    connection.execute(ParticipantUnit.__table__.delete())
    connection.execute(OpenNeedUnit.__table__.delete())
    rebuild_matching_summaries()
    assert (summary(), need_summary()) == before
    in_step()


def test_the_matching_page_reads_what_the_writes_left(world, units, candidate):
    a = units["Truck A"]
    need = make_need(world.employer, required=[a])
    participant, case = candidate()
    assert match_page(need, None, {}).full.total == 0
    show_evidence(
        case,
        {a: E.VERIFIED},
        coach=world["coach"],
        assessor=world["assessor"],
        verifier=world["verifier"],
    )
    page = match_page(need, None, {})
    assert [r.participant_id for r in page.full.rows] == [participant.id]


def _given_again(world) -> dict:
    return {"given": True, "effective_on": date(2026, 3, 1), "note": None, "actor": world["coach"]}


def _judge(mapping, outcome, judgement, actor):
    record_outcome(
        mapping,
        outcome.id,
        actor,
        self_assessment=None,
        judgement=judgement,
        sources=set(),
        notes=None,
    )


def _decisions(case):
    from app.assessments.models import UnitDecision

    return db.session.scalars(sa.select(UnitDecision).where(UnitDecision.case_id == case.id)).all()


def _pdf(statement) -> bytes:
    return b"%PDF-1.4\n% summaries test\n"
