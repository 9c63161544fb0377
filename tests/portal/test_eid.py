"""A participant signs in with e-ID through the municipality's OpenID Connect provider (the real
local provider of tests/auth/oidc_provider.py): the personal-number claim finds the participant,
whose own account is opened at the first sign-in."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth.models import User
from app.auth.vocab import MatchOn
from app.extensions import db
from app.vocab import Role
from tests.auth.test_oidc import ELN, lines, logged_in, refused_for, sign_in
from tests.cases.factories import make_case, make_participant

NUMBER = "198112289874"


def person_at(provider, subject: str, number: str = NUMBER) -> str:
    provider.person(subject, personnummer=number, name="Erik Deltagare", acr=f"{ELN}loa3")
    return subject


def e_id(connect):
    return connect(match_on=MatchOn.PERSONAL_NUMBER, personal_number_claim="personnummer")


def test_the_first_e_id_sign_in_opens_the_participants_own_account(
    client, world, provider, connect
):
    person = make_participant(world.home, personal_number=NUMBER, first_name="Erik")
    make_case(world["coach"], person)
    idp = e_id(connect)
    sign_in(client, provider, idp, person_at(provider, "person-1"))
    assert logged_in(client)
    account = db.session.scalar(sa.select(User).where(User.participant_id == person.id))
    assert account.roles == {Role.PARTICIPANT} and account.municipality_id == world.home.id
    [login] = lines("auth.login")
    assert login.user_id == account.id and login.details["method"] == "oidc"
    opened = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "portal.access_opened_by_eid")
    ).all()
    assert [line.participant_id for line in opened] == [person.id]
    assert client.get("/").location == "/my/"
    assert "Erik" in client.get("/my/").get_data(as_text=True)
    client.logout()
    sign_in(client, provider, idp, "person-1")  # the second time: the same account, linked
    assert logged_in(client)
    assert (
        db.session.scalar(sa.select(sa.func.count(User.id)).where(User.participant_id == person.id))
        == 1
    )


def test_an_ended_access_is_not_opened_again_by_e_id(client, world, provider, connect):
    from app.portal.services import end_access, give_access

    person = make_participant(world.home, personal_number=NUMBER)
    make_case(world["coach"], person)
    give_access(person, world["coach"])
    end_access(person, world["coach"])
    idp = e_id(connect)
    sign_in(client, provider, idp, person_at(provider, "person-2"))
    assert not logged_in(client)
    assert refused_for() == [["account_inactive"]]


def test_a_participant_of_another_municipality_is_not_found(client, world, provider, connect):
    person = make_participant(world.other, personal_number=NUMBER)
    make_case(world["other_coach"], person)
    idp = e_id(connect)
    sign_in(client, provider, idp, person_at(provider, "person-3"))
    assert not logged_in(client)
    assert refused_for() == [["unknown_person"]]
    assert db.session.scalar(sa.select(User.id).where(User.participant_id == person.id)) is None


def test_a_staff_account_with_the_number_comes_first(client, world, provider, connect):
    world["coach"].personal_number = NUMBER
    person = make_participant(world.home, personal_number=NUMBER)
    make_case(world["coach2"], person)
    idp = e_id(connect)
    sign_in(client, provider, idp, person_at(provider, "person-4"))
    [login] = lines("auth.login")
    assert login.user_id == world["coach"].id
