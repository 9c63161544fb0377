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
from xml.etree import ElementTree

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth import saml
from app.auth.provider_models import ExternalIdentity, IdentityProvider
from app.auth.saml_models import SeenAssertion
from app.auth.vocab import MatchOn, ProviderKind
from app.cases.personal_numbers import with_check_digit
from app.extensions import db
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


def test_the_personal_number_finds_the_account_and_names_the_person(
    client, world, provider, idp
):
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
