"""A manager refers their own staff and follows, with consent, their stage, units and
certificate; never journals, background or anything else, and nothing once consent is gone."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth.models import User
from app.cases.models import ConsentEvent, JournalEntry, Referral
from app.cases.services.participants import record_consent
from app.cases.services.referrals import accept_referral
from app.cases.vocab import ConsentKind, JournalKind, ReferralSource, ReferralStatus
from app.cases.workflow import Stage
from app.certificates.services import issue_certificate
from app.extensions import db
from app.frameworks.models import FrameworkStatus
from app.notifications import Kind
from app.notifications.models import Notification
from app.notifications.reminders import run_reminders
from app.staff.models import StaffReferral
from app.vocab import Role
from tests.assessments.factories import verified_unit
from tests.cases.factories import personal_number
from tests.clock import TODAY
from tests.frameworks.factories import make_framework

JOURNAL = "Samtal om hemsituationen och ekonomin, känsligt."
BACKGROUND = "Tidigare försörjningsstöd, kontakt med socialtjänsten."


def staff_data(number: str, **overrides) -> dict:
    return {
        "personal_number": number,
        "first_name": "Maja",
        "last_name": "Eriksson",
        "phone": "070-482 19 33",
        "email": "",
        "goal": "Undersköterska",
        "reason": "Vårdbiträde i hemtjänsten i tolv år, vill bli undersköterska.",
        "referrer_contact": "0611-34 82 10",
        "consent": "y",
        **overrides,
    }


@pytest.fixture
def manager_client(client, world):
    client.login(world["manager"])
    return client


@pytest.fixture
def framework():
    made = make_framework(
        FrameworkStatus.DRAFT, units=2, outcomes=1, criteria=1, name="Vård- och omsorgsarbete"
    )
    made.units[0].title = "Basala hygienrutiner och smittskydd"
    made.units[1].title = "Personlig omvårdnad"
    db.session.flush()
    made.status = FrameworkStatus.PUBLISHED
    db.session.flush()
    return made


def refer(client, **overrides) -> StaffReferral:
    response = client.post("/staff/refer", data=staff_data(personal_number(), **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    link = db.session.scalar(sa.select(StaffReferral).order_by(StaffReferral.id.desc()))
    assert response.location.endswith(f"/staff/{link.id}")
    return link


@pytest.fixture
def followed(manager_client, world, framework):
    """An employee the manager referred, accepted, in assessment with one unit achieved and a
    journal entry and background that the manager must never see."""
    link = refer(manager_client)
    case = accept_referral(link.referral, world["coach"])
    case.stage, case.background = Stage.ASSESSMENT, BACKGROUND
    db.session.add(
        JournalEntry(
            case=case,
            kind=JournalKind.MEETING,
            occurred_on=TODAY,
            author=world["coach"],
            text=JOURNAL,
        )
    )
    verified_unit(case, world["assessor"], world["verifier"], framework.units[0])
    db.session.flush()
    return link


def test_a_manager_refers_an_employee_with_consent(manager_client, world):
    link = refer(manager_client)
    referral = link.referral
    assert referral.source is ReferralSource.OWN_STAFF
    assert referral.status is ReferralStatus.WAITING
    assert referral.municipality_id == world.home.id
    assert (referral.referring_officer, referral.referrer_contact) == (
        world["manager"].name,
        "0611-34 82 10",
    )
    assert (referral.goal, link.manager_id, link.employee_name) == (
        "Undersköterska",
        world["manager"].id,
        "Maja Eriksson",
    )
    consent = link.consent
    assert (consent.kind, consent.is_given, consent.effective_on) == (
        ConsentKind.MANAGER,
        True,
        TODAY,
    )
    assert consent.recorded_by_id == world["manager"].id and consent.recorded_at is not None
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"referral.registered", "participant.consent_given", "staff.referred"} <= actions


def test_without_the_employees_consent_nothing_is_referred(manager_client):
    response = manager_client.post("/staff/refer", data=staff_data(personal_number(), consent=""))
    assert response.status_code == 200
    assert "Medarbetarens samtycke behövs." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConsentEvent)) == 0


def test_the_inbox_shows_the_source_in_swedish_and_english(client, manager_client, world):
    refer(manager_client)
    client.login(world["coach"])
    inbox = client.get("/cases/referrals").get_data(as_text=True)
    assert "Maja Eriksson" in inbox and "Egen personal, remitterad av chef" in inbox
    world["coach"].locale = "en"
    db.session.flush()
    inbox = client.get("/cases/referrals").get_data(as_text=True)
    assert "Own staff, referred by a manager" in inbox


def test_the_manager_sees_stage_units_and_certificate_but_no_journal(
    manager_client, world, followed
):
    page = manager_client.get("/staff/").get_data(as_text=True)
    assert "Min personal i validering" in page and "Maja Eriksson" in page
    assert "Bedömning" in page and "1: Basala hygienrutiner och smittskydd" in page
    assert "Ännu inte utfärdat" in page
    assert JOURNAL not in page and BACKGROUND not in page
    assert "Vårdbiträde i hemtjänsten" not in page  # the reason is the coach's to read
    issue_certificate(followed.referral.case, world["coach"])
    db.session.flush()
    page = manager_client.get(f"/staff/{followed.id}").get_data(as_text=True)
    assert "Utfärdat" in page and "Basala hygienrutiner och smittskydd" in page
    assert "Personlig omvårdnad" not in page  # not achieved
    assert JOURNAL not in page and BACKGROUND not in page
    reads = db.session.execute(
        sa.select(AuditEvent.action, AuditEvent.participant_id, AuditEvent.user_id).where(
            AuditEvent.action.like("staff.progress%")
        )
    ).all()
    who = (followed.referral.participant_id, world["manager"].id)
    assert ("staff.progress_shown", *who) in reads and ("staff.progress_viewed", *who) in reads


def test_the_manager_sees_it_in_english_too(manager_client, world, followed):
    world["manager"].locale = "en"
    db.session.flush()
    page = manager_client.get("/staff/").get_data(as_text=True)
    assert "My staff in validation" in page and "Assessment" in page
    assert "Not yet issued" in page
    home = manager_client.get("/").get_data(as_text=True)
    assert "You follow 1 employee in validation." in home


def test_the_manager_is_told_of_a_certificate_the_next_morning_once(world, followed):
    issue_certificate(followed.referral.case, world["coach"])
    db.session.flush()
    assert run_reminders(weekly=False, day=TODAY + timedelta(days=1)) == 1
    told = db.session.scalars(
        sa.select(Notification).where(Notification.kind == Kind.STAFF_CERTIFIED)
    ).all()
    assert [(n.user_id, n.link) for n in told] == [(world["manager"].id, f"/staff/{followed.id}")]
    assert run_reminders(weekly=False, day=TODAY + timedelta(days=2)) == 0


def test_no_notification_once_the_consent_is_withdrawn(world, followed):
    record_consent(
        followed.referral.participant,
        ConsentKind.MANAGER,
        given=False,
        effective_on=TODAY,
        note=None,
        actor=world["coach"],
    )
    issue_certificate(followed.referral.case, world["coach"])
    db.session.flush()
    run_reminders(weekly=False, day=TODAY + timedelta(days=1))
    query = sa.select(sa.func.count()).where(Notification.kind == Kind.STAFF_CERTIFIED)
    assert db.session.scalar(query) == 0


def test_every_page_of_the_case_is_closed_to_the_manager(manager_client, followed):
    case = followed.referral.case
    urls = [
        f"/cases/{case.id}",
        f"/cases/{case.id}/journal",
        f"/cases/{case.id}/plan",
        f"/cases/participants/{case.participant_id}",
        f"/cases/referrals/{followed.referral_id}",
        "/cases/",
        "/cases/referrals",
        f"/assessments/cases/{case.id}",
        "/reports/",
    ]
    for url in urls:
        response = manager_client.get(url)
        assert response.status_code in (403, 404), url
        assert JOURNAL not in response.get_data(as_text=True)


def test_another_managers_employee_is_not_found(client, world, followed, make_user):
    colleague = make_user(Role.MANAGER, municipality=world.home, email="chef2@test.example")
    client.login(colleague)
    assert client.get(f"/staff/{followed.id}").status_code == 404
    assert "Maja Eriksson" not in client.get("/staff/").get_data(as_text=True)


def test_a_withdrawn_consent_hides_everything(client, manager_client, world, followed):
    client.login(world["coach"])
    response = client.post(
        f"/cases/participants/{followed.referral.participant_id}/consents",
        data={"kind": "manager", "given": "0", "effective_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    client.login(world["manager"])
    assert client.get(f"/staff/{followed.id}").status_code == 404
    page = client.get("/staff/").get_data(as_text=True)
    assert "Maja Eriksson" not in page and "Bedömning" not in page
    # consent given again to someone else later does not bring the old link back
    client.login(world["coach"])
    client.post(
        f"/cases/participants/{followed.referral.participant_id}/consents",
        data={"kind": "manager", "given": "1", "effective_on": TODAY.isoformat()},
    )
    client.login(world["manager"])
    assert client.get(f"/staff/{followed.id}").status_code == 404


def test_an_administrator_gives_the_manager_role(client, world):
    client.login(world["admin"])
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert 'value="manager"' in form and "Chef" in form
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Ingrid Forsberg",
            "email": "ingrid@test.example",
            "organisation": f"m:{world.home.id}",
            "roles": ["manager"],
            "locale": "sv",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    made = db.session.scalar(sa.select(User).where(User.email == "ingrid@test.example"))
    assert made.roles == {Role.MANAGER}
