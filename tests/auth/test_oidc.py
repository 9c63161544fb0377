"""Single sign-on with OpenID Connect (app/auth/oidc.py) against a real provider started by the
tests on a local port (tests/auth/oidc_provider.py): discovery, the code flow with PKCE, the
signed ID token and each of its checks, the assurance level, the provider's errors, a provider
that is down, and the administrator connecting one. Who gets in once the answer is trusted:
test_federation.py."""

from __future__ import annotations

import socket
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import sqlalchemy as sa
import time_machine
from joserfc.jwk import RSAKey

from app.audit import AuditEvent
from app.auth import oidc
from app.auth.models import User
from app.auth.provider_models import ExternalIdentity, IdentityProvider, SignInSettings
from app.auth.vocab import MatchOn, ProviderKind, UnknownPerson
from app.db import utcnow
from app.extensions import db
from app.vocab import Role
from tests.auth.oidc_provider import Provider, running, s256

ELN = "http://id.elegnamnden.se/loa/1.0/"
PERSONAL_NUMBER = "198112289874"
CALLBACK = "http://localhost/login/oidc/callback"  # Validera's redirect address under test
SECRET_VARIABLE = "VALIDERA_OIDC_TEST_SECRET"


@pytest.fixture(scope="session")
def provider() -> Provider:
    """One provider for the session, on the tests' clock."""
    with running(at=utcnow().timestamp()) as started:
        yield started


@pytest.fixture(autouse=True)
def _fresh_discovery():
    """Each test reads the providers' documents and keys afresh."""
    oidc.forget()
    yield
    oidc.forget()


@pytest.fixture
def connect(provider, monkeypatch, world):
    """Connect `provider` (or another) to the home municipality: a client registered at the
    provider, its secret in the server's environment."""

    def make(at: Provider = provider, method: str = "client_secret_basic", **values):
        client_id, secret = at.register(CALLBACK, method)
        monkeypatch.setenv(SECRET_VARIABLE, secret)
        idp = IdentityProvider(
            municipality=world.home,
            kind=ProviderKind.OIDC,
            name=values.pop("name", "Hemkommunens e-legitimation"),
            match_on=values.pop("match_on", MatchOn.EMAIL),
            discovery_url=values.pop("discovery_url", at.issuer),
            client_id=client_id,
            client_secret_ref=f"env:{SECRET_VARIABLE}",
            **values,
        )
        db.session.add(idp)
        db.session.flush()
        return idp

    return make


def begin(client, idp, **query) -> str:
    """The login page's button: where Validera sends the browser."""
    answer = client.get(f"/login/sso/{idp.id}", query_string=query)
    assert answer.status_code == 302
    return answer.location


def come_back(client, location: str):
    """The browser arrives at Validera's redirect address from the provider."""
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return client.get(parts.path, query_string=parts.query)


def sign_in(client, provider, idp, subject: str, **query):
    """A whole sign-in: the button, the provider's consent, the way back."""
    return come_back(client, provider.consent(begin(client, idp, **query), subject))


def logged_in(client) -> bool:
    return "_user_id" in client._session()


def said(client, answer) -> str:
    """The page the refused sign-in leads to (the login page, with the reason)."""
    assert answer.status_code == 302
    assert answer.location.startswith("/login")
    return client.get(answer.location).get_data(as_text=True)


def lines(action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def refused_for() -> list[list[str]]:
    return [line.details["reasons"] for line in lines("auth.sso_refused")]


def closed_port() -> int:
    """A port on this machine where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def coach_at(provider, subject: str = "coach-1", **claims) -> str:
    claims.setdefault("email", "coach@test.example")
    claims.setdefault("email_verified", True)
    claims.setdefault("name", "Coach Hemkommun")
    claims.setdefault("acr", f"{ELN}loa3")
    provider.person(subject, **claims)
    return subject


# --- discovery ---------------------------------------------------------------------------------


@pytest.mark.domain
def test_the_discovery_address_comes_from_the_issuer_or_is_given_whole():
    well_known = "https://login.example.org/tenant/.well-known/openid-configuration"
    assert oidc.discovery_address("https://login.example.org/tenant/") == (
        well_known,
        "https://login.example.org/tenant",
    )
    assert oidc.discovery_address(f" {well_known} ") == (
        well_known,
        "https://login.example.org/tenant",
    )


def test_discovery_reads_the_document_and_keeps_it_for_a_while(app, provider):
    document = oidc.discovery(provider.issuer)
    assert document["issuer"] == provider.issuer
    assert document["token_endpoint"] == f"{provider.issuer}/oauth2/token"
    same = oidc.discovery(f"{provider.issuer}/.well-known/openid-configuration")
    assert same is document  # kept, not read again
    assert oidc.key_set(document["jwks_uri"]).keys


# --- the code flow -----------------------------------------------------------------------------


def test_a_coach_signs_in_with_the_code_flow_and_pkce(app, world, client, provider, connect):
    idp = connect(required_loa=f"{ELN}loa3")
    subject = coach_at(provider)
    asked = begin(client, idp, next="/cases")
    query = {key: values[0] for key, values in parse_qs(urlsplit(asked).query).items()}
    assert asked.startswith(f"{provider.issuer}/oauth2/authorize?")
    assert query["response_type"] == "code"
    assert query["client_id"] == idp.client_id
    assert query["redirect_uri"] == CALLBACK
    assert set(query["scope"].split()) == {"openid", "profile", "email"}
    assert query["code_challenge_method"] == "S256"
    assert query["acr_values"] == f"{ELN}loa3"
    assert len(query["state"]) >= 20 and len(query["nonce"]) >= 20

    answer = come_back(client, provider.consent(asked, subject))
    assert answer.status_code == 302
    assert answer.location == "/cases"
    assert logged_in(client)
    seen = provider.seen()  # the code was redeemed with the verifier of the challenge
    assert s256(seen["code_verifier"]) == query["code_challenge"]
    assert seen["basic"] and not seen["secret_in_body"]
    [line] = lines("auth.login")
    assert line.user_id == world["coach"].id
    assert line.details == {
        "method": "oidc",
        "provider": idp.id,
        "provider_name": "Hemkommunens e-legitimation",
        "loa": f"{ELN}loa3",
    }
    link = db.session.scalar(sa.select(ExternalIdentity))
    assert (link.user_id, link.subject) == (world["coach"].id, subject)
    assert client.get("/").status_code == 200


def test_the_secret_goes_in_the_body_when_the_provider_takes_it_only_there(
    app, world, client, connect
):
    with running(at=utcnow().timestamp(), token_auth="client_secret_post") as strict:
        idp = connect(strict, method="client_secret_post")
        answer = sign_in(client, strict, idp, coach_at(strict))
        assert answer.status_code == 302 and logged_in(client)
        seen = strict.seen()
    assert seen["secret_in_body"] and not seen["basic"]


def test_the_person_is_found_by_the_personal_number_claim(app, world, client, provider, connect):
    world["coach"].personal_number = PERSONAL_NUMBER
    db.session.flush()
    idp = connect(match_on=MatchOn.PERSONAL_NUMBER, personal_number_claim="personnummer")
    subject = coach_at(provider, "coach-pnr", email=None, personnummer=PERSONAL_NUMBER)
    sign_in(client, provider, idp, subject)
    assert logged_in(client)
    [line] = lines("auth.login")
    assert line.user_id == world["coach"].id


def test_the_personal_number_scope_is_asked_for_where_the_provider_offers_it(
    app, world, client, provider, connect
):
    idp = connect()
    document = dict(oidc.discovery(provider.issuer))
    assert (
        oidc.PERSONAL_NUMBER_SCOPE not in parse_qs(urlsplit(begin(client, idp)).query)["scope"][0]
    )
    document["scopes_supported"] = [*document["scopes_supported"], oidc.PERSONAL_NUMBER_SCOPE]
    address = oidc.discovery_address(provider.issuer)[0]
    oidc._documents[address] = (float("inf"), document)
    scope = parse_qs(urlsplit(begin(client, idp)).query)["scope"][0]
    assert scope.split() == ["openid", "profile", "email", oidc.PERSONAL_NUMBER_SCOPE]


def test_an_unverified_email_address_names_nobody(app, world, client, provider, connect):
    idp = connect()
    subject = coach_at(provider, "unverified", email_verified=False)
    page = said(client, sign_in(client, provider, idp, subject))
    assert "talade inte om vem du är (email saknas)" in page
    assert not logged_in(client)
    assert refused_for() == [["no_claim"]]


# --- what is refused, and logged ---------------------------------------------------------------


def test_an_assurance_level_below_the_required_one_is_refused(
    app, world, client, provider, connect
):
    idp = connect(required_loa=f"{ELN}loa3")
    subject = coach_at(provider, "weak", acr=f"{ELN}loa2")
    page = said(client, sign_in(client, provider, idp, subject))
    assert f"Validera kräver en starkare inloggning än den du använde (tillitsnivå {ELN}loa2)" in (
        page
    )
    assert not logged_in(client)
    [line] = lines("auth.sso_refused")
    assert line.object_id == idp.id
    assert line.details == {"reasons": ["loa_too_low"], "given": f"{ELN}loa2", "method": "oidc"}
    assert world["coach"].last_login_at is None


def test_an_answer_to_another_sign_in_is_refused_by_its_nonce(
    app, world, client, provider, connect
):
    idp = connect()
    subject = coach_at(provider, "replayed-nonce", nonce="the nonce of another sign-in")
    page = said(client, sign_in(client, provider, idp, subject))
    assert "gick inte att lita på" in page
    assert not logged_in(client)
    [line] = lines("auth.sso_refused")
    assert line.details["reasons"] == ["bad_answer"] and line.details["cause"] == "nonce"


@pytest.mark.parametrize("claims", [{"aud": "another-service"}, {"azp": "another-service"}])
def test_a_token_for_another_service_is_refused(app, world, client, provider, connect, claims):
    idp = connect()
    subject = coach_at(provider, "elsewhere", **claims)
    page = said(client, sign_in(client, provider, idp, subject))
    assert "var avsett för en annan tjänst" in page
    assert not logged_in(client)
    assert refused_for() == [["wrong_audience"]]


def test_a_token_altered_on_the_way_is_refused_by_its_signature(
    app, world, client, provider, connect
):
    idp = connect()
    subject = coach_at(provider)
    asked = begin(client, idp)
    back = provider.consent(asked, subject)
    provider.tamper_next_token()
    page = said(client, come_back(client, back))
    assert "gick inte att lita på" in page
    assert not logged_in(client)
    [line] = lines("auth.sso_refused")
    assert line.details["cause"] == "BadSignatureError"
    assert db.session.scalar(sa.select(ExternalIdentity)) is None


def test_keys_rolled_by_the_provider_are_fetched_again(app, world, client, provider, connect):
    idp = connect()
    jwks_uri = oidc.discovery(provider.issuer)["jwks_uri"]
    old = RSAKey.generate_key(2048, parameters={"kid": "rolled-away"})
    oidc._key_sets[jwks_uri] = (float("inf"), {"keys": [old.as_dict(private=False)]})
    sign_in(client, provider, idp, coach_at(provider))
    assert logged_in(client)
    assert "rolled-away" not in str(oidc._key_sets[jwks_uri][1])


@pytest.mark.parametrize(
    ("moved", "cause"),
    [
        (timedelta(hours=2), "exp"),  # the token expired an hour ago by Validera's clock
        (timedelta(minutes=-10), "iat"),  # issued ten minutes from now by Validera's clock
    ],
)
def test_a_token_outside_the_clock_leeway_is_refused(
    app, world, client, provider, connect, moved, cause
):
    idp = connect()
    subject = coach_at(provider)
    with time_machine.travel(utcnow() + moved, tick=True):
        page = said(client, sign_in(client, provider, idp, subject))
    assert "klockorna skiljer sig" in page
    assert not logged_in(client)
    [line] = lines("auth.sso_refused")
    assert (line.details["reasons"], line.details["cause"]) == (["clock_skew"], cause)


def test_clocks_within_the_leeway_are_fine(app, world, client, provider, connect):
    idp = connect()
    with time_machine.travel(utcnow() - timedelta(seconds=30), tick=True):
        sign_in(client, provider, idp, coach_at(provider))
        assert logged_in(client)


def test_a_used_code_does_not_sign_in_again(app, world, client, provider, connect):
    idp = connect()
    subject = coach_at(provider)
    back = provider.consent(begin(client, idp), subject)
    assert come_back(client, back).status_code == 302
    assert logged_in(client)
    client.logout()

    # the same answer again, in the same browser: its sign-in is over
    page = said(client, come_back(client, back))
    assert "Börja om från inloggningssidan" in page
    assert not logged_in(client)

    # in a browser that began a sign-in of its own, with its own state: the provider refuses
    # the code (used, and asked for with another challenge)
    other = app.test_client()
    state = parse_qs(urlsplit(begin(other, idp)).query)["state"][0]
    query = {**parse_qs(urlsplit(back).query), "state": [state]}
    page = said(other, come_back(other, f"{CALLBACK}?{urlencode(query, doseq=True)}"))
    assert "gick inte att lita på" in page
    assert not logged_in(other)
    assert refused_for() == [["step_expired"], ["bad_answer"]]
    assert len(lines("auth.login")) == 1


@pytest.mark.parametrize(
    ("state", "words", "reason"),
    [
        ("tampered", "påbörjades inloggningen i ett annat fönster", "step_expired"),
        ("Å\u202e<script>", "påbörjades inloggningen i ett annat fönster", "step_expired"),
        ("", "gick inte att lita på", "bad_answer"),
    ],
)
def test_a_tampered_or_missing_state_is_refused(
    app, world, client, provider, connect, state, words, reason
):
    idp = connect()
    back = provider.consent(begin(client, idp), coach_at(provider))
    query = {**parse_qs(urlsplit(back).query), "state": [state]}
    page = said(client, come_back(client, f"{CALLBACK}?{urlencode(query, doseq=True)}"))
    assert words in page
    assert not logged_in(client)
    # the sign-in it belonged to is over: the untouched answer no longer signs in either
    said(client, come_back(client, back))
    assert not logged_in(client)
    assert refused_for() == [[reason], ["step_expired"]]


def test_an_answer_that_comes_too_late_is_refused(app, world, client, provider, connect):
    idp = connect()
    subject = coach_at(provider)
    asked = begin(client, idp)
    back = provider.consent(asked, subject)
    with time_machine.travel(utcnow() + timedelta(minutes=11), tick=True):
        page = said(client, come_back(client, back))
    assert "Det gick för lång tid" in page
    assert refused_for() == [["step_expired"]]


def test_a_callback_without_a_sign_in_is_refused_in_the_user_s_language(app, client):
    assert "Det gick för lång tid" in said(client, client.get("/login/oidc/callback"))
    client.post("/language", data={"language": "en"})
    page = said(client, client.get("/login/oidc/callback?code=x&state=y"))
    assert "Too much time passed, or the login was begun in another window." in page
    [line, _] = lines("auth.sso_refused")
    assert line.object_id is None and line.details["method"] == "oidc"


def test_the_provider_s_error_is_shown_with_its_code(app, world, client, provider, connect):
    idp = connect()
    page = said(client, come_back(client, provider.consent(begin(client, idp))))
    assert "Kommunens inloggning loggade inte in dig (access_denied)" in page
    [line] = lines("auth.sso_refused")
    assert line.details["error"] == "access_denied"


def test_an_error_code_is_shown_only_as_plain_characters(app, world, client, provider, connect):
    idp = connect()
    state = parse_qs(urlsplit(begin(client, idp)).query)["state"][0]
    answer = client.get(
        "/login/oidc/callback", query_string={"error": '<b>"x"</b>' * 20, "state": state}
    )
    page = said(client, answer)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


HOSTILE = [
    "Å" * 20_000,
    "\"'><script>x</script>",
    "x' OR '1'='1'; --",
    "a\x1b[31m\u202egnp",
    "abc\x00",
]


@pytest.mark.parametrize("name", ["code", "state", "error", "iss"])
def test_hostile_values_in_the_answer_sign_nobody_in(app, world, client, provider, connect, name):
    idp = connect()
    subject = coach_at(provider)
    for value in HOSTILE:
        back = provider.consent(begin(client, idp), subject)
        query = {**parse_qs(urlsplit(back).query), name: [value]}
        answer = client.get("/login/oidc/callback", query_string=query)
        assert answer.status_code == (400 if "\x00" in value else 302), (name, value[:20])
        assert not logged_in(client)
        assert "<script>x" not in client.get("/login").get_data(as_text=True)


def test_a_provider_switched_off_meanwhile_signs_nobody_in(app, world, client, provider, connect):
    idp = connect()
    back = provider.consent(begin(client, idp), coach_at(provider))
    idp.enabled = False
    db.session.flush()
    page = said(client, come_back(client, back))
    assert "används inte längre" in page
    assert not logged_in(client)


def test_a_provider_that_is_down_is_said_so_at_the_start(app, world, client, connect):
    idp = connect(discovery_url=f"http://127.0.0.1:{closed_port()}")
    answer = client.get(f"/login/sso/{idp.id}", query_string={"next": "/cases"})
    assert answer.location == "/login?next=/cases"
    assert "Kommunens inloggning svarar inte just nu" in said(client, answer)
    [line] = lines("auth.sso_refused")
    assert line.details["reasons"] == ["provider_down"] and line.details["step"] == "start"


def test_a_provider_that_goes_down_before_the_answer_is_redeemed(app, world, client, connect):
    with running(at=utcnow().timestamp()) as short_lived:
        idp = connect(short_lived)
        back = short_lived.consent(begin(client, idp), coach_at(short_lived))
    page = said(client, come_back(client, back))
    assert "Kommunens inloggning svarar inte just nu" in page
    assert refused_for() == [["provider_down"]]


def test_a_missing_secret_is_said_before_the_provider_is_visited(
    app, world, client, connect, monkeypatch
):
    idp = connect()
    monkeypatch.delenv(SECRET_VARIABLE)
    page = said(client, client.get(f"/login/sso/{idp.id}"))
    assert "klienthemligheten saknas" in page
    assert refused_for() == [["secret_missing"]]


# --- unknown people ----------------------------------------------------------------------------


def test_an_unknown_person_is_refused_unless_the_municipality_makes_accounts(
    app, world, client, provider, connect
):
    idp = connect()
    subject = coach_at(provider, "newcomer", email="ny.coach@test.example", name="Ny Coach")
    page = said(client, sign_in(client, provider, idp, subject))
    assert "Du har inget konto i Validera" in page
    assert db.session.scalar(sa.select(User).where(User.email == "ny.coach@test.example")) is None

    db.session.add(
        SignInSettings(
            municipality_id=world.home.id, unknown_person=UnknownPerson.ACCOUNT_WITHOUT_ROLES
        )
    )
    db.session.flush()
    sign_in(client, provider, idp, subject)
    assert logged_in(client)
    made = db.session.scalar(sa.select(User).where(User.email == "ny.coach@test.example"))
    assert (made.name, made.roles, made.municipality_id) == ("Ny Coach", set(), world.home.id)
    [line] = lines("auth.account_from_provider")
    assert line.object_id == made.id


# --- the administrator ---------------------------------------------------------------------------


def form(issuer: str, client_id: str = "validera", **values) -> dict:
    return {
        "name": "Hemkommunens e-legitimation",
        "enabled": "y",
        "match_on": "email",
        "required_loa": f"{ELN}loa3",
        "discovery_url": issuer,
        "client_id": client_id,
        "client_secret_ref": f"env:{SECRET_VARIABLE}",
        **values,
    }


def test_the_administrator_connects_a_provider(app, world, client, provider, monkeypatch):
    monkeypatch.setenv(SECRET_VARIABLE, "the secret itself")
    client.login(world["admin"])
    page = client.get("/admin/sign-in/new/oidc").get_data(as_text=True)
    assert CALLBACK in page  # the redirect address to register at the provider
    answer = client.post("/admin/sign-in/new/oidc", data=form(provider.issuer))
    assert answer.status_code == 302
    saved = db.session.scalar(sa.select(IdentityProvider))
    assert (saved.discovery_url, saved.client_secret_ref) == (
        provider.issuer,
        f"env:{SECRET_VARIABLE}",
    )
    page = client.get(f"/admin/sign-in/{saved.id}").get_data(as_text=True)
    assert "the secret itself" not in page and f"env:{SECRET_VARIABLE}" in page


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("http://127.0.0.1:{closed}", "den svarar inte"),
        ("{issuer}/oauth2", "dess svar är inget discovery-dokument"),
    ],
)
def test_a_discovery_address_that_is_no_provider_s_is_refused_at_the_field(
    app, world, client, provider, monkeypatch, address, words
):
    monkeypatch.setenv(SECRET_VARIABLE, "the secret itself")
    client.login(world["admin"])
    url = address.format(closed=closed_port(), issuer=provider.issuer)
    answer = client.post("/admin/sign-in/new/oidc", data=form(url))
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert f"Ingen OpenID Connect-leverantör svarar på den här adressen: {words}." in page
    assert '<p class="field-error" id="discovery_url-error">' in page  # at the field
    assert db.session.scalar(sa.select(sa.func.count(IdentityProvider.id))) == 0


def test_a_secret_the_server_does_not_have_is_refused_at_the_field(
    app, world, client, provider, monkeypatch
):
    monkeypatch.delenv(SECRET_VARIABLE, raising=False)
    client.login(world["admin"])
    answer = client.post("/admin/sign-in/new/oidc", data=form(provider.issuer))
    assert answer.status_code == 200
    assert f"Servern har ingen klienthemlighet på env:{SECRET_VARIABLE}" in answer.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count(IdentityProvider.id))) == 0
    # switched off, it is kept without asking the provider or the server
    answer = client.post(
        "/admin/sign-in/new/oidc",
        data=form(f"http://127.0.0.1:{closed_port()}", enabled=""),
    )
    assert answer.status_code == 302


def test_the_administrator_reads_sign_ins_and_refusals_in_the_audit_log(
    app, world, client, provider, connect, make_user
):
    idp = connect(required_loa=f"{ELN}loa3")
    sign_in(client, provider, idp, coach_at(provider))
    weak = app.test_client()
    said(weak, sign_in(weak, provider, idp, coach_at(provider, "weak", acr=f"{ELN}loa2")))

    client.login(world["admin"])
    page = client.get("/admin/audit", query_string={"action": "auth."}).get_data(as_text=True)
    assert f"method: oidc; provider: {idp.id}; provider_name: {idp.name}; loa: {ELN}loa3" in page
    assert f"reasons: loa_too_low; given: {ELN}loa2; method: oidc" in page
    client.login(make_user(Role.ADMIN, municipality=world.other))
    page = client.get("/admin/audit", query_string={"action": "auth.sso"}).get_data(as_text=True)
    assert "loa_too_low" not in page
