"""The statistics' precomputed tables stay in step with what they summarise.

After real writes through the services (referrals, workflow moves, reassignment, transfer,
participant details, decisions with their returns, revisions, verification and corrections,
certificates issued and revoked, placements and their follow-ups, anonymisation and bulk
updates), each table holds exactly the rows its live definition gives, and the dashboard read
from them equals the dashboard the live queries computed before the tables existed
(`tests/reports/live`), figure by figure, for several scopes, periods and filters.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.assessments.services.decisions import correct_decision, revise_decision
from app.assessments.services.verification import (
    return_decision,
    sign_recommendation,
    verify_decision,
)
from app.assessments.vocab import DecisionOutcome
from app.cases.services.cases import open_case, reassign_case, transition_case
from app.cases.services.participants import update_participant
from app.cases.services.referrals import accept_referral, register_referral
from app.cases.services.transfers import accept_transfer, request_transfer
from app.cases.vocab import ConsentKind, Education, Gender, ReferralSource
from app.cases.workflow import Move, Stage
from app.certificates.services import revoke_certificate
from app.certificates.vocab import RevocationReason
from app.db import today
from app.employers.services.placements import create_placement, end_placement, record_follow_up
from app.employers.vocab import FollowUpPoint, PlacementForm, PlacementOutcome
from app.extensions import db
from app.privacy.anonymise import anonymise
from app.reports.queries import dashboard
from app.reports.scope import Filters, Scope
from app.reports.summaries.keeper import SUMMARIES, rebuild_report_summaries
from tests.assessments.factories import decide_all, plan, record
from tests.cases.factories import give_consent, make_case
from tests.certificates.factories import issue_for
from tests.privacy.factories import age, old_closed_case
from tests.reports.conftest import PERIOD, _person
from tests.reports.live import dashboard as live_dashboard


@pytest.fixture
def english(app):
    with app.test_request_context():
        from flask_babel import force_locale

        with force_locale("en"):
            yield


def _pdf(statement) -> bytes:
    return b"%PDF-1.4\n% reports test\n"


def assert_in_step() -> None:
    """Every summary table holds exactly the rows its live definition gives now."""
    for model, rows_of in SUMMARIES:
        table = model.__table__
        live = rows_of().subquery()
        kept = set(db.session.execute(sa.select(table)))
        wanted = set(db.session.execute(sa.select(*(live.c[c.name] for c in table.columns))))
        assert kept == wanted, f"{table.name}: kept only {kept - wanted}, missing {wanted - kept}"


def figures(tables) -> dict:
    return {
        key: [([str(x) for x in row.labels], row.values, row.is_total) for row in table.rows]
        for key, table in tables.items()
    }


def assert_live_figures(scope: Scope, filters: Filters) -> None:
    assert figures(dashboard(scope, filters)) == figures(live_dashboard(scope, filters))


def _move(case, to: Stage, actor, reason: str = "", **given) -> None:
    transition_case(case, Move(to=to, reason=reason, today=today(), **given), actor)


def _placement(case, world) -> object:
    data = {
        "employer_id": world.employer.id,
        "form": PlacementForm.EMPLOYMENT,
        "starts_on": today() - timedelta(days=200),
        "hours_per_week": 40,
        "supervisor_name": "Johan Berglund",
    }
    return create_placement(case, data, world["coach"])


def test_the_summaries_follow_every_write_and_give_the_live_figures(english, dataset, world):
    coach, coach2, admin = world["coach"], world["coach2"], world["admin"]
    assessor, verifier = world["assessor"], world["verifier"]
    assert_in_step()

    # A referral accepted, the case moved on, reassigned, and its participant's details edited.
    newcomer = _person(world, gender=Gender.MAN, born=1999)
    referral = register_referral(
        newcomer,
        world.home,
        {"source": ReferralSource.SELF_REFERRAL, "referred_on": today(), "reason": "Vill"},
        coach,
    )
    assert_in_step()
    case = accept_referral(referral, coach)
    assert_in_step()
    give_consent(newcomer, ConsentKind.REGISTRATION, coach)
    _move(case, Stage.INTAKE, coach)
    _move(case, Stage.MAPPING, coach)
    reassign_case(case, coach2, coach, "Semester")
    assert_in_step()
    update_participant(newcomer, {"gender": Gender.WOMAN, "education": Education.ISCED_3_4}, coach)
    assert_in_step()

    # A second case for someone whose first case is closed: she is counted once.
    c1 = dataset.cases["c1"]
    again = open_case(c1.participant, world.home, coach, coach)
    _move(again, Stage.INTAKE, coach)
    assert_in_step()

    # Decisions: returned and revised, verified then corrected, and a unit's first attempt.
    assessed = _person(world, gender=Gender.NON_BINARY, born=1988)
    c2 = make_case(coach, assessed, stage=Stage.ASSESSMENT)
    u1, u2 = dataset.units
    assessment = record(plan(c2, assessor, [u1, u2], scheduled_on=today()))
    first, second = decide_all(assessment)
    sign_recommendation(c2, assessor, draw=lambda: 0.0)
    return_decision(first, "Saknar underlag", verifier)
    revised = revise_decision(first, DecisionOutcome.ACHIEVED, "Nytt", "Komplettering", assessor)
    verify_decision(second, verifier)
    sign_recommendation(c2, assessor, draw=lambda: 0.0)
    verify_decision(revised, verifier)
    correct_decision(second, DecisionOutcome.NOT_YET_ACHIEVED, "Fel enhet", "Rättelse", assessor)
    assert_in_step()

    # Certificates issued and revoked (counted live, from the certificates themselves).
    issued = issue_for(c2, coach, units=[u1], framework=dataset.framework, render=_pdf)
    revoke_certificate(issued, coach, RevocationReason.ISSUED_IN_ERROR, "Fel person", render=_pdf)
    issue_for(c2, coach, units=[u1], framework=dataset.framework, render=_pdf)

    # A placement, its six-month follow-up, and the case closed as employed; a pause.
    matched = make_case(coach, _person(world, gender=Gender.WOMAN, born=1975), stage=Stage.MATCHING)
    placement = _placement(matched, world)
    [six] = [f for f in placement.follow_ups if f.point is FollowUpPoint.MONTHS_6]
    record_follow_up(six, True, "", coach)
    end_placement(placement, PlacementOutcome.EMPLOYED, today(), True, coach)
    c5 = dataset.cases["c5"]
    _move(c5, Stage.PAUSED, coach, "Sjukskriven", planned_return=today() + timedelta(days=30))
    _move(c5, Stage.INTAKE, coach)
    assert_in_step()

    # A case sent to the neighbouring municipality: the participant and referrals go along.
    c4 = dataset.cases["c4"]
    give_consent(c4.participant, ConsentKind.OTHER_MUNICIPALITY, coach)
    transfer = request_transfer(c4, world.other, "Flyttar", coach)
    accept_transfer(transfer, world["other_coach"])
    assert_in_step()

    # Anonymisation and bulk updates of the history skip the flush; they are followed too.
    participant, _old_case, _made = old_closed_case(world, dataset.framework)
    anonymise(participant, reason="retention", actor=admin)
    age(dataset.people["p3"].id, 40)
    assert_in_step()

    region = Scope(tuple(sorted((world.home.id, world.other.id))), regional=True)
    home = Scope((world.home.id,))
    periods = [PERIOD, Filters(date(2016, 1, 1), today()), Filters(date(2026, 3, 1), today())]
    for filters in periods:
        for scope in (home, region):
            assert_live_figures(scope, filters)
    wide = periods[1]
    for narrowed in (
        replace(wide, coach_id=coach2.id),
        replace(wide, source="social_services"),
        replace(wide, framework_code=dataset.framework.code),
    ):
        assert_live_figures(home, narrowed)
    assert_live_figures(region, replace(wide, municipality_id=world.other.id))


def test_a_rebuild_writes_what_the_flushes_kept(english, dataset, world):
    before = {
        m.__tablename__: set(db.session.execute(sa.select(m.__table__))) for m, _ in SUMMARIES
    }
    rebuild_report_summaries()
    after = {m.__tablename__: set(db.session.execute(sa.select(m.__table__))) for m, _ in SUMMARIES}
    assert before == after
    assert all(after.values())


def test_bulk_statements_and_edits_no_service_makes_yet_are_followed(english, dataset, world):
    """UPDATE and DELETE statements sent through the session skip the flush; the columns no
    service changes today (a referral's source once accepted, an assessment's day) may be."""
    from app.assessments.models import Assessment
    from app.cases.models import Case, Participant, Referral, Transition
    from tests.reports.factories import at

    c1, c3 = dataset.cases["c1"], dataset.cases["c3"]
    db.session.execute(
        sa.update(Participant.__table__)
        .where(Participant.__table__.c.id == c1.participant_id)
        .values(gender="non_binary", birth_year=2001)
    )
    db.session.execute(
        sa.update(Transition)
        .where(Transition.case_id == c3.id, Transition.to_stage == Stage.INTAKE)
        .values(at=at("2026-03-25"))
    )
    assert_in_step()
    first = db.session.scalar(
        sa.select(Transition.id).where(Transition.case_id == c3.id).order_by(Transition.at)
    )
    db.session.execute(sa.delete(Transition).where(Transition.id == first))
    assert_in_step()
    db.session.execute(
        sa.update(Case).where(Case.id == c3.id).values(municipality_id=world.other.id)
    )
    assert_in_step()
    c4 = dataset.cases["c4"]
    step = {"case_id": c4.id, "from_stage": "referred", "to_stage": "intake"}
    step["at"] = at("2026-04-09")
    db.session.execute(sa.insert(Transition), [step])
    assert_in_step()
    p6 = dataset.people["p6"]
    db.session.execute(  # no keys in the parameters: everything is recomputed
        sa.insert(Referral).values(
            participant_id=p6.id,
            municipality_id=world.home.id,
            source="other",
            referred_on=date(2026, 5, 5),
            reason="Vill",
        )
    )
    assert_in_step()

    referral = db.session.get(Referral, c1.referral_id)
    referral.source = ReferralSource.OTHER
    later = db.session.scalar(sa.select(Assessment).where(Assessment.case_id == c1.id).limit(1))
    later.scheduled_on = date(2026, 3, 30)
    db.session.flush()
    assert_in_step()
    c2 = dataset.cases["c2"]
    c2.municipality_id = world.other.id
    db.session.flush()
    assert_in_step()
    region = Scope(tuple(sorted((world.home.id, world.other.id))), regional=True)
    for scope in (Scope((world.home.id,)), region):
        assert_live_figures(scope, PERIOD)
        assert_live_figures(scope, replace(PERIOD, source="other"))
