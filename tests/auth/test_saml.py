"""SAML 2.0 sign-in against a real identity provider (pysaml2's `Server`, tests/auth/saml_idp.py)
with its own key pair, the metadata exchanged both ways: signed answers accepted, every kind of
answer that cannot be trusted refused with its words on the login page and a line in the log,
the administrator's metadata checked when saved (from a file or an address), and Validera's
metadata."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from defusedxml import ElementTree

from app.audit import AuditEvent
from app.auth import saml, saml_keys
from app.auth.provider_models import ExternalIdentity, IdentityProvider
from app.auth.saml_models import SeenAssertion
from app.auth.vocab import MatchOn, ProviderKind
from app.cases.personal_numbers import with_check_digit
from app.extensions import db
from app.vocab import Role
from tests.auth.saml_idp import LOA2, LOA3, Person, SamlIdp

MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
DS = "{http://www.w3.org/2000/09/xmldsig#}"
PERSONAL_NUMBER = with_check_digit("19800512123")


# --- fixtures and steps ----------------------------------------------------------------------


@pytest.fixture
def sp_metadata(client) -> str:
    return client.get("/saml/metadata").get_data(as_text=True)


@pytest.fixture
def idp(tmp_path, sp_metadata) -> SamlIdp:
    return SamlIdp(tmp_path, sp_metadata)


@pytest.fixture
def provider(world, idp) -> IdentityProvider:
    """The home municipality's SAML login, trusting `idp`; accounts found by email."""
    found = IdentityProvider(
        municipality_id=world.home.id,
        kind=ProviderKind.SAML,
        name="Hemkommuns e-legitimation",
        enabled=True,
        match_on=MatchOn.EMAIL,
        idp_metadata=idp.metadata,
        idp_entity_id=idp.entity_id,
    )
    db.session.add(found)
    db.session.flush()
    return found


def begin(client, provider, idp, **args):
    """Press the login page's button: the AuthnRequest the browser is sent with."""
    response = client.get(f"/login/sso/{provider.id}", query_string=args)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location.startswith(f"{idp.base}/sso?SAMLRequest=")
    return idp.read_request(response.location)


def post_answer(client, answer: str):
    """The browser posts the provider's answer (no CSRF token: the provider's page sends it)."""
    return client.post("/saml/acs", data={"SAMLResponse": answer}, csrf=False)


def login_page_says(client, response) -> str:
    assert response.status_code == 302 and response.location == "/login"
    return client.get("/login").get_data(as_text=True)


def logged_in(client) -> bool:
    return "_user_id" in client._session()


def lines(action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def refused_for(reason: str) -> AuditEvent:
    found = lines("auth.sso_refused")
    assert found, "no refusal was logged"
    assert found[-1].details["reasons"] == [reason], found[-1].details
    return found[-1]


# --- Validera's metadata ---------------------------------------------------------------------


def test_the_metadata_names_the_consumer_service_and_the_certificate(client, app):
    response = client.get("/saml/metadata")
    assert response.status_code == 200
    assert response.mimetype == "application/samlmetadata+xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag == f"{MD}EntityDescriptor"
    assert root.get("entityID") == "http://localhost/saml/metadata"
    sp = root.find(f"{MD}SPSSODescriptor")
    assert sp.get("AuthnRequestsSigned") == "true"
    (acs,) = sp.findall(f"{MD}AssertionConsumerService")
    assert acs.get("Location") == "http://localhost/saml/acs"
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    keys = sp.findall(f"{MD}KeyDescriptor")
    uses = {key.get("use"): key.find(f".//{DS}X509Certificate").text for key in keys}
    pem = Path(app.config["SAML_SP_FOLDER"], "sp-cert.pem").read_text()
    body = "".join(pem.splitlines()[1:-1])
    assert uses["signing"] == uses["encryption"] == body
    assert b"http://id.elegnamnden.se/ec/1.0/loa3-pnr" in response.data


def test_the_entity_id_and_addresses_follow_the_configuration(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://validera.kommun.example")
    monkeypatch.setitem(app.config, "SAML_SP_ENTITY_ID", "https://validera.kommun.example/sp")
    root = ElementTree.fromstring(client.get("/saml/metadata").data)
    assert root.get("entityID") == "https://validera.kommun.example/sp"
    acs = root.find(f"{MD}SPSSODescriptor/{MD}AssertionConsumerService")
    assert acs.get("Location") == "https://validera.kommun.example/saml/acs"


# --- signed answers are accepted -------------------------------------------------------------


def test_a_signed_answer_logs_the_coach_in_by_email(client, world, provider, idp):
    request = begin(client, provider, idp, next="/cases")
    assert request.requested_authn_context is None  # no level required
    response = post_answer(client, idp.answer(request))
    assert response.status_code == 302 and response.location == "/cases"
    assert logged_in(client)
    (line,) = lines("auth.login")
    assert line.user_id == world["coach"].id
    assert line.details == {
        "method": "saml",
        "provider": provider.id,
        "provider_name": "Hemkommuns e-legitimation",
        "loa": LOA3,
    }
    link = db.session.scalar(sa.select(ExternalIdentity))
    assert (link.user_id, link.subject) == (world["coach"].id, "persistent-coach-1")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SeenAssertion)) == 1


def test_the_required_level_is_asked_for_and_a_signed_response_is_enough(
    client, world, provider, idp
):
    provider.required_loa = LOA3
    db.session.flush()
    request = begin(client, provider, idp)
    context = request.requested_authn_context
    assert [ref.text for ref in context.authn_context_class_ref] == [LOA3]
    assert context.comparison == "exact"
    answer = idp.answer(request, sign_assertion=False, sign_response=True)
    assert post_answer(client, answer).location == "/"
    assert logged_in(client)


def test_the_personal_number_finds_the_account_and_names_the_person(client, world, provider, idp):
    provider.match_on = MatchOn.PERSONAL_NUMBER
    world["coach2"].personal_number = PERSONAL_NUMBER
    db.session.flush()
    request = begin(client, provider, idp)
    person = Person(email=None, personal_number=PERSONAL_NUMBER, name_id=None)  # transient
    assert post_answer(client, idp.answer(request, person)).location == "/"
    (line,) = lines("auth.login")
    assert line.user_id == world["coach2"].id
    link = db.session.scalar(sa.select(ExternalIdentity))
    assert link.subject == PERSONAL_NUMBER


def test_an_encrypted_assertion_is_read_with_validera_s_key(client, world, provider, idp):
    request = begin(client, provider, idp)
    answer = idp.answer(request, sign_response=True, encrypt=True)
    assert b"EncryptedAssertion" in __import__("base64").b64decode(answer)
    assert post_answer(client, answer).location == "/"
    assert lines("auth.login")[0].user_id == world["coach"].id


# --- answers that cannot be trusted are refused ---------------------------------------------


def refused_page(client, response, reason: str, logins: int = 0) -> str:
    """The login page the refused answer leads to (the person not logged in, the account as it
    was, the refusal logged); its text."""
    page = login_page_says(client, response)
    assert not logged_in(client)
    assert len(lines("auth.login")) == logins
    # The account is as it was: no new link to the provider (nor a login, above).
    assert len(db.session.scalars(sa.select(ExternalIdentity)).all()) == logins
    refused_for(reason)
    return page


def test_an_unsigned_answer_is_refused(client, provider, idp):
    request = begin(client, provider, idp)
    answer = idp.answer(request, sign_assertion=False, sign_response=False)
    page = refused_page(client, post_answer(client, answer), "bad_answer")
    assert "Svaret från kommunens inloggning gick inte att lita på" in page
    assert (
        "Neither the response nor the assertions are signed"
        in refused_for("bad_answer").details["detail"]
    )


def test_an_answer_signed_with_another_key_is_refused(client, provider, idp, tmp_path, sp_metadata):
    forger = SamlIdp(tmp_path, sp_metadata, key_name="forger")  # the same name, another key
    request = begin(client, provider, idp)
    for signed in ({"sign_assertion": True}, {"sign_assertion": False, "sign_response": True}):
        response = post_answer(client, forger.answer(request, **signed))
        refused_page(client, response, "bad_answer")
        request = begin(client, provider, idp)


def test_an_answer_posted_again_is_refused(client, world, provider, idp):
    request = begin(client, provider, idp)
    waiting = client.get_cookie(saml.COOKIE, path="/saml/acs")
    answer = idp.answer(request)
    assert post_answer(client, answer).location == "/"
    client.logout()
    # Again from the same browser: the request it answered is no longer outstanding.
    page = refused_page(client, post_answer(client, answer), "step_expired", logins=1)
    assert "Börja om från inloggningssidan" in page
    # Again with the request's cookie kept from before: the assertion has been used.
    client.set_cookie(saml.COOKIE, waiting.value, path="/saml/acs")
    refused_page(client, post_answer(client, answer), "bad_answer", logins=1)
    assert "assertion used before" in refused_for("bad_answer").details["detail"]


def test_an_expired_answer_is_refused(client, app, provider, tmp_path, sp_metadata, stopped_clock):
    idp = SamlIdp(tmp_path, sp_metadata, lifetime_minutes=1)
    provider.idp_metadata = idp.metadata
    db.session.flush()
    request = begin(client, provider, idp)
    answer = idp.answer(request)
    stopped_clock.shift(60 + app.config["SAML_CLOCK_SKEW_SECONDS"] + 1)
    page = refused_page(client, post_answer(client, answer), "clock_skew")
    assert "klockorna skiljer sig" in page


def test_an_answer_from_a_clock_ahead_is_refused_and_one_within_the_skew_accepted(
    client, app, provider, idp, stopped_clock
):
    skew = app.config["SAML_CLOCK_SKEW_SECONDS"]
    request = begin(client, provider, idp)
    stopped_clock.shift(skew + 30)  # the provider's clock is ahead of this server's
    answer = idp.answer(request)
    stopped_clock.shift(-(skew + 30))
    refused_page(client, post_answer(client, answer), "clock_skew")

    request = begin(client, provider, idp)
    stopped_clock.shift(skew - 10)
    answer = idp.answer(request)
    stopped_clock.shift(-(skew - 10))
    assert post_answer(client, answer).location == "/"


def test_an_answer_for_another_service_is_refused(client, provider, idp):
    request = begin(client, provider, idp)
    answer = idp.answer(request, audience="https://other.example/sp")
    page = refused_page(client, post_answer(client, answer), "wrong_audience")
    assert "var avsett för en annan tjänst" in page
    request = begin(client, provider, idp)
    answer = idp.answer(request, destination="https://other.example/acs")
    refused_page(client, post_answer(client, answer), "wrong_audience")


def test_a_level_below_the_required_one_is_refused(client, provider, idp):
    provider.required_loa = LOA3
    db.session.flush()
    request = begin(client, provider, idp)
    page = refused_page(
        client, post_answer(client, idp.answer(request, Person(loa=LOA2))), "loa_too_low"
    )
    assert LOA2 in page


def test_a_provider_s_error_is_shown_with_its_message(client, provider, idp):
    request = begin(client, provider, idp)
    page = refused_page(client, post_answer(client, idp.refusal(request)), "provider_error")
    assert "Cancelled by the user" in page


@pytest.mark.parametrize(
    "posted",
    [
        "",
        "not base64 at all!",
        "PHNhbWxwOlJlc3BvbnNlPg==",  # "<samlp:Response>", cut short
        __import__("base64")
        .b64encode(
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<r>&b;</r>"
        )
        .decode(),
    ],
    ids=["nothing", "not base64", "not XML", "entities"],
)
def test_nonsense_is_refused_without_a_500(client, provider, idp, posted):
    begin(client, provider, idp)
    refused_page(client, post_answer(client, posted), "bad_answer")


def test_an_answer_for_a_request_of_another_browser_is_refused(app, client, provider, idp):
    request = begin(app.test_client(), provider, idp)  # begun in another browser
    refused_page(client, post_answer(client, idp.answer(request)), "step_expired")


def test_a_login_switched_off_meanwhile_refuses_its_answers(client, provider, idp):
    request = begin(client, provider, idp)
    provider.enabled = False
    db.session.flush()
    refused_page(client, post_answer(client, idp.answer(request)), "provider_off")


def test_the_reasons_are_in_the_language_chosen_before_the_sign_in(client, provider, idp):
    client.post("/language", data={"language": "en", "next": "/login"})
    request = begin(client, provider, idp)
    # The provider's cross-site POST comes without the session cookie (SameSite=Lax).
    client.delete_cookie("session")
    answer = idp.answer(request, sign_assertion=False)
    page = refused_page(client, post_answer(client, answer), "bad_answer")
    assert "login could not be trusted, so you are not logged in" in page


# --- the administrator loads the identity provider's metadata -------------------------------


def providers() -> list[IdentityProvider]:
    return list(db.session.scalars(sa.select(IdentityProvider).order_by(IdentityProvider.id)))


def save_new(client, *, metadata: bytes | None = None, url: str = "", **fields):
    data = {"name": "Hemkommuns e-legitimation", "enabled": "y", "match_on": "email", **fields}
    data["idp_metadata_url"] = url
    if metadata is not None:
        data["metadata_file"] = (io.BytesIO(metadata), "idp-metadata.xml")
    return client.post("/admin/sign-in/new/saml", data=data, content_type="multipart/form-data")


def error_at(page: str, field: str) -> str:
    """The error text shown at the field (the page's own markup: `<id>-error`)."""
    marker = f'id="{field}-error"'
    assert marker in page, f"no error at {field}"
    start = page.index(marker)
    return page[start : page.index("</p>", start)]


def test_the_administrator_loads_the_metadata_file_and_the_entity_id_is_read(client, world, idp):
    client.login(world["admin"])
    page = client.get("/admin/sign-in/new/saml").get_data(as_text=True)
    assert "http://localhost/saml/metadata" in page  # Validera's metadata, for the provider
    answer = save_new(client, metadata=idp.metadata.encode(), required_loa=LOA3)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    (saved,) = providers()
    assert saved.idp_entity_id == idp.entity_id and saved.idp_metadata == idp.metadata
    assert saved.required_loa == LOA3
    # Saved again without a file: what was loaded stays.
    answer = client.post(
        f"/admin/sign-in/{saved.id}",
        data={"name": "Ny", "enabled": "y", "match_on": "email", "idp_metadata_url": ""},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    assert providers()[0].idp_metadata == idp.metadata and providers()[0].name == "Ny"


@pytest.mark.parametrize(
    ("metadata", "words"),
    [
        (b"this is no XML", "Det här är ingen SAML-metadata"),
        (b"\xff\xfe\x00binary", "Det här är ingen SAML-metadata"),
        (
            b'<?xml version="1.0"?><html><body>A web page</body></html>',
            "beskriver ingen identitetsleverantör",
        ),
        (
            "sp",
            "beskriver ingen identitetsleverantör",
        ),  # Validera's own metadata: a service provider, no IdP
        ("expired", "gällde till 1 nov. 2026"),
        (
            b"",
            "Välj identitetsleverantörens metadatafil, eller ange adressen",
        ),  # no file and no address
    ],
    ids=["not XML", "not text", "not metadata", "no IdP", "expired", "nothing"],
)
def test_metadata_that_cannot_serve_is_refused_at_the_field_and_nothing_is_stored(
    client, world, idp, sp_metadata, metadata, words
):
    if metadata == "sp":
        metadata = sp_metadata.encode()
    elif metadata == "expired":
        metadata = idp.metadata.replace("entityID=", 'validUntil="2026-11-01T00:00:00Z" entityID=')
        metadata = metadata.encode()
    client.login(world["admin"])
    answer = save_new(client, metadata=metadata or None)
    assert answer.status_code == 200
    assert words in error_at(answer.get_data(as_text=True), "metadata_file")
    assert providers() == []


class MetadataServer:
    """Metadata published over HTTP on a local port (a real server), or an error."""

    def __init__(self, body: bytes, status: int = 200):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(status)
                self.send_header("Content-Type", "application/samlmetadata+xml")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/metadata"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def published(idp) -> Iterator[MetadataServer]:
    server = MetadataServer(idp.metadata.encode())
    yield server
    server.close()


def closed_port() -> int:
    """A port on this machine where nothing listens."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_port
    server.server_close()
    return port


def test_the_metadata_is_read_from_its_address(client, world, idp, published):
    client.login(world["admin"])
    assert save_new(client, url=published.url).status_code == 302
    (saved,) = providers()
    assert saved.idp_metadata == idp.metadata and saved.idp_entity_id == idp.entity_id
    assert saved.idp_metadata_url == published.url


def test_an_address_that_does_not_answer_is_refused_at_its_field(client, world):
    client.login(world["admin"])
    answer = save_new(client, url=f"http://127.0.0.1:{closed_port()}/metadata")
    assert answer.status_code == 200
    said = error_at(answer.get_data(as_text=True), "idp_metadata_url")
    assert "Ingen metadata kunde hämtas från adressen" in said
    assert providers() == []
    missing = MetadataServer(b"gone", status=404)
    try:
        answer = save_new(client, url=missing.url)
    finally:
        missing.close()
    assert "den svarade med fel 404" in error_at(answer.get_data(as_text=True), "idp_metadata_url")
    assert providers() == []


def test_expired_metadata_is_read_again_from_its_address_at_the_sign_in(
    client, provider, idp, published
):
    provider.idp_metadata = idp.metadata.replace(
        "entityID=", 'validUntil="2026-11-01T00:00:00Z" entityID='
    )
    provider.idp_metadata_url = published.url
    db.session.flush()
    request = begin(client, provider, idp)
    assert post_answer(client, idp.answer(request)).location == "/"
    db.session.refresh(provider)
    assert provider.idp_metadata == idp.metadata


def test_metadata_read_again_must_name_the_same_provider(
    client, provider, idp, tmp_path, sp_metadata
):
    other = SamlIdp(tmp_path, sp_metadata, base="http://other-idp.test.example", key_name="other")
    server = MetadataServer(other.metadata.encode())
    provider.idp_metadata = idp.metadata.replace(
        "entityID=",
        'validUntil="2026-11-01T00:00:00" entityID=',  # no zone: UTC
    )
    provider.idp_metadata_url = server.url
    db.session.flush()
    try:
        page = login_page_says(client, client.get(f"/login/sso/{provider.id}"))
    finally:
        server.close()
    assert "Kommunens inloggning är inte helt inställd" in page
    assert other.entity_id in refused_for("not_set_up").details["detail"]


def test_a_login_whose_metadata_cannot_be_had_says_so_on_the_login_page(client, provider, idp):
    provider.idp_metadata = idp.metadata.replace(
        "entityID=", 'validUntil="2026-11-01T00:00:00Z" entityID='
    )
    provider.idp_metadata_url = f"http://127.0.0.1:{closed_port()}/metadata"
    db.session.flush()
    response = client.get(f"/login/sso/{provider.id}")
    page = login_page_says(client, response)
    assert "Kommunens inloggning svarar inte just nu" in page
    refused_for("provider_down")
    provider.idp_metadata_url = None
    db.session.flush()
    page = login_page_says(client, client.get(f"/login/sso/{provider.id}"))
    refused_for("not_set_up")
    assert urlsplit(response.location).path == "/login"


# --- what the administrator reads in the audit log ------------------------------------------


def test_the_administrator_reads_the_sign_ins_and_refusals_of_the_municipality_s_login(
    app, client, world, provider, idp, make_user
):
    request = begin(client, provider, idp)
    post_answer(client, idp.answer(request, sign_assertion=False))  # refused
    request = begin(client, provider, idp)
    assert post_answer(client, idp.answer(request)).location == "/"
    client.logout()

    client.login(world["admin"])
    page = client.get("/admin/audit?action=auth.").get_data(as_text=True)
    assert "method: saml" in page and f"loa: {LOA3}" in page
    assert "provider_name: Hemkommuns e-legitimation" in page
    assert "<td>Nekade en inloggning via en identitetsleverantör" in page
    other_admin = make_user(Role.ADMIN, municipality=world.other)
    client.login(other_admin)
    page = client.get("/admin/audit?action=auth.").get_data(as_text=True)
    assert "<td>Nekade en inloggning via en identitetsleverantör" not in page
    assert "Hemkommuns e-legitimation" not in page


# --- Validera's key pair ------------------------------------------------------------------------


def test_a_configured_key_pair_is_used_and_half_a_pair_stops_the_start(
    client, app, idp, monkeypatch
):
    monkeypatch.setitem(app.config, "SAML_SP_KEY_FILE", idp.key_file)
    monkeypatch.setitem(app.config, "SAML_SP_CERT_FILE", idp.cert_file)
    saml_keys.configured(app)
    root = ElementTree.fromstring(client.get("/saml/metadata").data)
    shown = root.find(f".//{MD}KeyDescriptor//{DS}X509Certificate").text
    assert shown == "".join(Path(idp.cert_file).read_text().splitlines()[1:-1])

    monkeypatch.setitem(app.config, "SAML_SP_CERT_FILE", None)
    with pytest.raises(ValueError, match="set together"):
        saml_keys.configured(app)
    monkeypatch.setitem(app.config, "SAML_SP_CERT_FILE", "/nowhere/sp-cert.pem")
    with pytest.raises(ValueError, match="no file at /nowhere/sp-cert.pem"):
        saml_keys.configured(app)
