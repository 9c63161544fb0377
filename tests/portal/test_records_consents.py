"""My consents: the participant sees each consent, what it covers and since when, gives one
themselves, and withdraws one after a confirmation that says what will happen; the withdrawal
is the coach's own service (the same event, audit line and notice to the coach), at once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.models import ConsentEvent
from app.cases.vocab import ConsentKind
from app.employers.queries.candidates import candidate_condition
from app.extensions import db
from app.notifications import Kind
from app.notifications.models import Notification
from tests.cases.factories import give_consent
from tests.portal.records_factories import two_with_records


@pytest.fixture
def two(world, password_hash):
    return two_with_records(world, password_hash)


def events(person) -> list[ConsentEvent]:
    query = sa.select(ConsentEvent).where(ConsentEvent.participant_id == person.id)
    return list(db.session.scalars(query.order_by(ConsentEvent.id)))


def test_the_page_shows_each_consent_in_plain_words_with_its_date(client, two):
    (person, _case, account, _cert), _ = two
    client.login(account.email)
    page = client.get("/my/consents").get_data(as_text=True)
    assert "Mina samtycken" in page
    assert "Vi får spara uppgifter om dig i Validera" in page
    assert "Arbetsgivare får se vad du kan" in page
    assert "Ja, du har sagt ja." in page and "15 jan. 2026" in page
    assert "Du har inte sagt ja till detta." in page  # another municipality: never asked
    assert "Chefen" not in page  # the manager's consent only for those who have one
    line = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "portal.consents_viewed")
    )
    assert line.participant_id == person.id and line.user_id == account.id


def test_the_participant_gives_a_consent_themselves(client, two, world):
    (person, _case, account, _cert), _ = two
    client.login(account.email)
    response = client.post("/my/consents/other_municipality/give")
    assert response.status_code == 302
    assert response.location.startswith("/my/consents")
    event = events(person)[-1]
    assert event.kind is ConsentKind.OTHER_MUNICIPALITY and event.is_given
    assert event.recorded_by_id == account.id
    line = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "participant.consent_given")
    )
    assert line.user_id == account.id and line.details == {"kind": "other_municipality"}
    told = db.session.scalars(
        sa.select(Notification).where(Notification.kind == Kind.CONSENT_GIVEN)
    ).all()
    assert [row.user_id for row in told] == [world["coach"].id]
    page = client.get("/my/consents").get_data(as_text=True)
    assert "Tack. Ditt samtycke är sparat. Din handledare har fått veta det." in page


def test_withdrawing_asks_first_and_says_what_will_happen(client, two):
    (person, _case, account, _cert), _ = two
    client.login(account.email)
    before = len(events(person))
    page = client.get("/my/consents/employers/withdraw").get_data(as_text=True)
    assert "Återkalla ett samtycke" in page
    assert "Från och med nu kan arbetsgivare inte hitta dig" in page
    assert "Det händer direkt när du trycker på knappen." in page
    assert 'method="post"' in page and "Ja, återkalla mitt samtycke" in page
    assert len(events(person)) == before  # asking changes nothing


def test_withdrawal_acts_at_once_as_the_coachs_and_the_coach_is_told(client, two, world):
    (person, _case, account, _cert), _ = two
    client.login(account.email)
    response = client.post("/my/consents/employers/withdraw")
    assert response.status_code == 302
    db.session.expire_all()
    assert not person.has_consent(ConsentKind.EMPLOYERS)
    # the matching reads the consent: the participant is no candidate from now on
    from app.cases.models import Participant

    assert (
        db.session.scalar(
            sa.select(Participant.id).where(Participant.id == person.id, candidate_condition())
        )
        is None
    )
    line = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "participant.consent_withdrawn")
    )
    assert line.user_id == account.id and line.participant_id == person.id
    told = db.session.scalars(
        sa.select(Notification).where(Notification.kind == Kind.CONSENT_WITHDRAWN)
    ).all()
    assert [row.user_id for row in told] == [world["coach"].id]
    page = client.get("/my/consents").get_data(as_text=True)
    assert "Ditt samtycke är återkallat. Din handledare har fått veta det." in page
    assert "Nej, du har återkallat det." in page


def test_refused_changes_store_nothing_and_say_why(client, two):
    (person, _case, account, _cert), _ = two
    client.login(account.email)
    before = len(events(person))
    # not given: nothing to withdraw (the confirmation page leads back to the list)
    assert client.get("/my/consents/other_municipality/withdraw").status_code == 302
    client.post("/my/consents/other_municipality/withdraw")
    assert "Det här samtycket är inte givet" in client.get("/my/consents").get_data(as_text=True)
    # already given
    client.post("/my/consents/registration/give")
    assert "Du har redan gett det här samtycket." in client.get("/my/consents").get_data(
        as_text=True
    )
    # the manager's consent is given with the manager's referral, never here
    client.post("/my/consents/manager/give")
    assert "Prata med din handledare" in client.get("/my/consents").get_data(as_text=True)
    assert len(events(person)) == before
    for url in ("/my/consents/nonsense/give", "/my/consents/nonsense/withdraw"):
        assert client.post(url).status_code == 404
    assert client.get("/my/consents/nonsense/withdraw").status_code == 404


def test_the_manager_consent_can_be_withdrawn_but_not_given_again(client, two, world):
    (person, _case, account, _cert), _ = two
    give_consent(person, ConsentKind.MANAGER, world["coach"])
    client.login(account.email)
    page = client.get("/my/consents").get_data(as_text=True)
    assert "Din chef får följa din validering" in page
    assert "/my/consents/manager/withdraw" in page
    assert client.post("/my/consents/manager/withdraw").status_code == 302
    page = client.get("/my/consents").get_data(as_text=True)
    assert "/my/consents/manager/give" not in page


def test_one_participants_change_touches_only_their_own_consents(client, two):
    (alice, _c, account, _cert), (bertil, _c2, _a2, _cert2) = two
    theirs = len(events(bertil))
    client.login(account.email)
    client.post("/my/consents/employers/withdraw")
    assert len(events(bertil)) == theirs
    db.session.expire_all()
    assert bertil.has_consent(ConsentKind.EMPLOYERS)


def test_staff_get_403_on_the_participants_consents(client, world):
    client.login(world["coach"])
    assert client.get("/my/consents").status_code == 403
    assert client.post("/my/consents/employers/withdraw").status_code == 403
