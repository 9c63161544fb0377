"""Who gets in through a municipality's identity provider (app/auth/federation.py), the same for
OpenID Connect and SAML: matching, linking, unknown people, assurance levels, passwords switched
off, and the administrator's pages. The protocols themselves: test_oidc.py and test_saml.py."""

import pytest
import sqlalchemy as sa
from flask import session

from app.audit import AuditEvent
from app.auth import federation, second_step
from app.auth.factor_models import SecondFactorPolicy
from app.auth.models import User
from app.auth.provider_models import ExternalIdentity, IdentityProvider, SignInSettings
from app.auth.vocab import MatchOn, ProviderKind, SsoRefusal, UnknownPerson
from app.extensions import db
from app.refusals import Refused
from app.vocab import Role
from tests.conftest import PASSWORD

ELN = "http://id.elegnamnden.se/loa/1.0/"
PERSONAL_NUMBER = "198112289874"  # a valid number (check digit) for a test person


def provider_of(municipality, **values) -> IdentityProvider:
    provider = IdentityProvider(
        municipality=municipality,
        kind=values.pop("kind", ProviderKind.OIDC),
        name=values.pop("name", f"{municipality.name} e-legitimation"),
        match_on=values.pop("match_on", MatchOn.EMAIL),
        discovery_url="https://login.example.org",
        client_id="validera",
        client_secret_ref="env:VALIDERA_TEST_SECRET",
        **values,
    )
    db.session.add(provider)
    db.session.flush()
    return provider


def signed_in(app, provider, **identity) -> User:
    """`federation.sign_in` in a request of its own, as a protocol's callback calls it."""
    identity.setdefault("subject", "subject-1")
    with app.test_request_context("/login/oidc/callback"):
        user = federation.sign_in(provider, federation.Identity(**identity))
        assert session.get("_user_id"), "a session was opened"
        return user


def refusal(app, provider, **identity) -> Refused:
    identity.setdefault("subject", "subject-1")
    with app.test_request_context("/login/oidc/callback"), pytest.raises(Refused) as caught:
        federation.sign_in(provider, federation.Identity(**identity))
    return caught.value


def lines(action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


@pytest.mark.domain
def test_assurance_levels_of_the_swedish_framework_are_ordered():
    assert federation.loa_enough(None, None)
    assert federation.loa_enough(f"{ELN}loa3", f"{ELN}loa3")
    assert federation.loa_enough(f"{ELN}loa3", f"{ELN}loa4")
    assert federation.loa_enough(f"{ELN}loa3", f"{ELN}eidas-sub")
    assert not federation.loa_enough(f"{ELN}loa3", f"{ELN}loa2")
    assert not federation.loa_enough(
        f"{ELN}loa3", "http://id.swedenconnect.se/loa/1.0/uncertified-loa3"
    )
    assert not federation.loa_enough(f"{ELN}loa3", None)
    # a level the framework does not know is reached only by itself
    assert federation.loa_enough("urn:example:strong", "urn:example:strong")
    assert not federation.loa_enough("urn:example:strong", f"{ELN}loa4")


def test_an_account_of_the_municipality_is_found_by_email_and_linked(app, world):
    provider = provider_of(world.home, required_loa=f"{ELN}loa3")
    user = signed_in(app, provider, email="Coach@Test.example", loa=f"{ELN}loa3")
    assert user == world["coach"]
    link = db.session.scalar(sa.select(ExternalIdentity))
    assert (link.user_id, link.subject) == (world["coach"].id, "subject-1")
    [line] = lines("auth.login")
    assert line.details == {
        "method": "oidc",
        "provider": provider.id,
        "provider_name": provider.name,
        "loa": f"{ELN}loa3",
    }
    # later the provider knows the person by the subject, whatever their address says
    again = signed_in(app, provider, email="new.address@test.example", loa=f"{ELN}loa4")
    assert again == world["coach"]


def test_an_account_of_another_municipality_is_never_reached(app, world):
    provider = provider_of(world.home)
    refused = refusal(app, provider, email=world["other_coach"].email)
    assert refused.codes == (SsoRefusal.UNKNOWN_PERSON,)
    for kind in ("system", "employer"):  # no municipality of the provider's either
        refused = refusal(app, provider, subject=kind, email=world[kind].email)
        assert refused.codes == (SsoRefusal.UNKNOWN_PERSON,)


def test_a_linked_person_who_moved_to_another_municipality_is_matched_afresh(app, world):
    provider = provider_of(world.home)
    signed_in(app, provider, email=world["coach"].email)
    world["coach"].municipality = world.other
    db.session.flush()
    refused = refusal(app, provider, email=world["coach"].email)
    assert refused.codes == (SsoRefusal.UNKNOWN_PERSON,)


def test_an_account_is_found_by_personal_number(app, world):
    world["assessor"].personal_number = PERSONAL_NUMBER
    provider = provider_of(world.home, kind=ProviderKind.SAML, match_on=MatchOn.PERSONAL_NUMBER)
    user = signed_in(app, provider, personal_number="19811228-9874", email="x@elsewhere.example")
    assert user == world["assessor"]
    refused = refusal(app, provider, subject="s2", email=world["assessor"].email)
    assert refused.codes == (SsoRefusal.NO_CLAIM,)
    assert refused.params == {"claim": federation.SAML_PERSONAL_NUMBER}


def test_an_assurance_level_too_low_is_refused_and_nothing_is_linked(app, world):
    provider = provider_of(world.home, required_loa=f"{ELN}loa3")
    refused = refusal(app, provider, email=world["coach"].email, loa=f"{ELN}loa2")
    assert refused.codes == (SsoRefusal.LOA_TOO_LOW,)
    assert refused.params == {"given": f"{ELN}loa2"}
    assert refusal(app, provider, email=world["coach"].email).codes == (SsoRefusal.LOA_TOO_LOW,)
    assert db.session.scalar(sa.select(sa.func.count(ExternalIdentity.id))) == 0


def test_a_deactivated_account_and_a_provider_switched_off_are_refused(app, world):
    provider = provider_of(world.home)
    world["coach"].is_active = False
    assert refusal(app, provider, email=world["coach"].email).codes == (
        SsoRefusal.ACCOUNT_INACTIVE,
    )
    provider.enabled = False
    assert refusal(app, provider, email=world["coach2"].email).codes == (SsoRefusal.PROVIDER_OFF,)


def test_an_unknown_person_is_refused_unless_the_municipality_makes_accounts(app, world):
    provider = provider_of(world.home)
    identity = {"email": "New.Person@Test.example", "name": "Ny Person", "subject": "n1"}
    assert refusal(app, provider, **identity).codes == (SsoRefusal.UNKNOWN_PERSON,)

    db.session.add(
        SignInSettings(
            municipality_id=world.home.id, unknown_person=UnknownPerson.ACCOUNT_WITHOUT_ROLES
        )
    )
    user = signed_in(app, provider, **identity)
    assert (user.email, user.name, user.municipality, user.roles) == (
        "new.person@test.example",
        "Ny Person",
        world.home,
        set(),
    )
    assert not user.password_hash.startswith("$argon2")  # no password opens it
    [made] = lines("auth.account_from_provider")
    assert made.object_id == user.id
    # without an address no account is made; an address taken elsewhere is not reused
    by_number = provider_of(world.home, name="BankID", match_on=MatchOn.PERSONAL_NUMBER)
    refused = refusal(app, by_number, subject="n2", personal_number=PERSONAL_NUMBER)
    assert refused.codes == (SsoRefusal.NO_EMAIL,)
    taken = refusal(app, provider, subject="n3", email=world["other_coach"].email)
    assert taken.codes == (SsoRefusal.EMAIL_TAKEN,)


def test_a_provider_sign_in_is_not_asked_for_the_password_s_second_factor(app, world):
    db.session.add(SecondFactorPolicy(role=Role.COACH, required=True))
    provider = provider_of(world.home)
    with app.test_request_context("/"):
        federation.sign_in(provider, federation.Identity("s", email=world["coach"].email))
        assert not session.get(second_step.ENROL)


def test_passwords_go_off_only_after_the_administrator_has_used_the_provider(app, world):
    admin = world["admin"]
    provider = provider_of(world.home)
    with pytest.raises(Refused) as caught:
        federation.save_settings(admin, world.home.id, UnknownPerson.REFUSE, True)
    assert (caught.value.codes, caught.value.field) == ((SsoRefusal.NOT_PROVEN,), "passwords_off")

    signed_in(app, provider, email=admin.email)
    federation.save_settings(admin, world.home.id, UnknownPerson.REFUSE, True)
    assert federation.passwords_off(world["coach"])
    assert not federation.passwords_off(world["other_coach"])
    assert not federation.passwords_off(world["system"])
    [line] = lines("auth.sign_in_settings")
    assert line.details["passwords_off"] is True

    # the last login in use may neither be switched off nor removed while passwords are off
    with pytest.raises(Refused) as caught:
        federation.save_provider(admin, provider, {"enabled": False})
    assert caught.value.codes == (SsoRefusal.LAST_PROVIDER,)
    provider.enabled = True  # as the refused change's rollback leaves it
    with pytest.raises(Refused) as caught:
        federation.delete_provider(admin, provider)
    assert caught.value.codes == (SsoRefusal.LAST_PROVIDER,)


def test_without_passwords_the_right_password_opens_nothing_and_no_reset_is_mailed(
    app, world, client, mailbox
):
    db.session.add(SignInSettings(municipality_id=world.home.id, passwords_off=True))
    db.session.flush()
    answer = client.post("/login", data={"email": world["coach"].email, "password": PASSWORD})
    assert answer.status_code == 302
    assert "_user_id" not in client._session()
    page = client.get(answer.location).get_data(as_text=True)
    assert "loggar in via sin egen inloggning" in page
    [line] = lines("auth.password_refused")
    assert line.object_id == world["coach"].id

    client.post("/password/forgotten", data={"email": world["coach"].email})
    assert mailbox.messages == []
    [asked] = lines("auth.password_reset_asked")
    assert asked.details["passwords_off"] is True


def test_the_administrator_s_pages_refuse_bad_settings_at_the_field(app, world, client):
    client.login(world["admin"])
    page = client.get("/admin/sign-in").get_data(as_text=True)
    assert "Ingen inloggning är ansluten ännu" in page
    answer = client.post(
        "/admin/sign-in/new/oidc",
        data={
            "name": "Hemkommunens e-legitimation",
            "enabled": "y",
            "match_on": "email",
            "discovery_url": "http://login.example.org",
            "client_id": "validera",
            "client_secret_ref": "the secret itself",
        },
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Ange en adress som börjar med https://." in page
    assert "Skriv env:NAMN för en miljövariabel" in page
    assert db.session.scalar(sa.select(sa.func.count(IdentityProvider.id))) == 0
    assert client.get("/admin/sign-in/new/kerberos").status_code == 404

    answer = client.post("/admin/sign-in", data={"unknown_person": "refuse", "passwords_off": "y"})
    assert "Logga först in själv via någon av kommunens inloggningar" in answer.get_data(
        as_text=True
    )
    assert db.session.get(SignInSettings, world.home.id) is None


def test_a_provider_of_another_municipality_is_not_found(app, world, client):
    theirs = provider_of(world.other)
    client.login(world["admin"])
    assert client.get(f"/admin/sign-in/{theirs.id}").status_code == 404
    assert client.post(f"/admin/sign-in/{theirs.id}/delete").status_code == 404
    assert db.session.get(IdentityProvider, theirs.id) is not None
    client.login(world["coach"])
    assert client.get("/admin/sign-in").status_code == 403


def test_the_administrator_removes_a_login_and_the_links_go_with_it(app, world, client):
    provider = provider_of(world.home)
    provider_id, name = provider.id, provider.name
    signed_in(app, provider, email=world["coach"].email)
    client.login(world["admin"])
    answer = client.post(f"/admin/sign-in/{provider_id}/delete")
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(IdentityProvider, provider_id) is None
    assert db.session.scalar(sa.select(sa.func.count(ExternalIdentity.id))) == 0
    [line] = lines("auth.provider_removed")
    assert line.details == {"kind": "oidc", "name": name}


def test_an_account_without_roles_waits_and_the_administrator_sees_it(
    app, world, client, make_user
):
    waiting = make_user(municipality=world.home, name="Vilma Väntar")
    make_user(municipality=world.other, name="Otto Annanstans")
    client.login(waiting)
    page = client.get("/").get_data(as_text=True)
    assert "Ditt konto har ingen roll ännu." in page
    client.login(world["admin"])
    page = client.get("/").get_data(as_text=True)
    assert "Konton som väntar på en roll" in page
    assert "Vilma Väntar" in page
    assert "Otto Annanstans" not in page  # another municipality's
    assert f"/admin/users/{waiting.id}" in page


def test_the_administrator_sets_an_account_s_personal_number_for_the_login(app, world, client):
    coach, other = world["coach"], world["coach2"]
    other.personal_number = "194001019803"
    db.session.flush()
    client.login(world["admin"])

    def edit(number: str):
        return client.post(
            f"/admin/users/{coach.id}",
            data={
                "name": coach.name,
                "email": coach.email,
                "organisation": f"m:{world.home.id}",
                "roles": ["coach"],
                "locale": "sv",
                "personal_number": number,
            },
        )

    assert "Skriv ett giltigt personnummer" in edit("19811228-9875").get_data(as_text=True)
    assert "Ett annat konto har redan det här personnumret." in edit("19400101-9803").get_data(
        as_text=True
    )
    assert coach.personal_number is None
    assert edit("19811228-9874").status_code == 302
    assert coach.personal_number == PERSONAL_NUMBER
    [line] = lines("admin.user_updated")
    assert line.details["after"]["has_personal_number"] is True
    assert PERSONAL_NUMBER not in str(line.details)  # the log never holds the number
    assert edit("").status_code == 302
    assert coach.personal_number is None
