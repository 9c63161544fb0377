"""The demo data holds every stage, a paused, a transferred and a protected case."""

import sqlalchemy as sa

from app.cases.models import Case, Participant, Referral, Transfer
from app.cases.vocab import ReferralStatus, TransferStatus
from app.cases.workflow import Stage
from app.demo import LOADERS, cases, organisations
from app.extensions import db


def test_cases_load_after_organisations():
    assert LOADERS.index("cases") == LOADERS.index("organisations") + 1


def test_demo_cases_cover_the_journey_and_load_once(app):
    organisations.load()
    cases.load()
    stages = set(db.session.scalars(sa.select(Case.stage)))
    assert stages == set(Stage)
    paused = db.session.scalar(sa.select(Case).where(Case.stage == Stage.PAUSED))
    assert paused.pause_reason and paused.planned_return and paused.paused_from
    moved = db.session.scalar(sa.select(Transfer).where(Transfer.status == TransferStatus.ACCEPTED))
    assert moved.case.municipality == moved.to_municipality != moved.from_municipality
    assert moved.case.participant.municipality == moved.to_municipality
    pending = db.session.scalar(
        sa.select(Transfer).where(Transfer.status == TransferStatus.PENDING)
    )
    assert pending is not None
    protected = db.session.scalar(sa.select(Participant).where(Participant.is_protected))
    assert protected.cases
    waiting = db.session.scalars(
        sa.select(Referral).where(Referral.status == ReferralStatus.WAITING)
    ).all()
    assert len(waiting) >= 3
    closed = db.session.scalar(sa.select(Case).where(Case.stage == Stage.CLOSED))
    assert closed.outcome and closed.status_at_exit
    for case in db.session.scalars(sa.select(Case)):
        assert case.transitions[-1].to_stage is case.stage
    count = db.session.scalar(sa.select(sa.func.count(Participant.id)))
    cases.load()
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == count

    # What a second coach of Härnösand sees: the protected participant only as a placeholder.
    client = app.test_client()
    client.login("coach2@example.org", password="validera-demo")
    caseload = client.get("/cases/?who=all").get_data(as_text=True)
    assert "Skyddad identitet" in caseload and protected.first_name not in caseload
    inbox = client.get("/cases/referrals").get_data(as_text=True)
    assert inbox.count('href="/cases/referrals/') >= len(waiting)
    for case in db.session.scalars(sa.select(Case)):
        expected = 200 if case.municipality.code == "2280" else 404
        assert client.get(f"/cases/{case.id}").status_code == expected
