"""SAML 2.0 sign-in: Validera as a service provider (pysaml2, signatures by xmlsec1) for the
Swedish federations and e-ID brokers (Sweden Connect, a region's or a municipality's own).

- Validera's metadata (`auth.saml_metadata`, /saml/metadata): its entity id (SAML_SP_ENTITY_ID,
  else the metadata's address), the assertion consumer service (HTTP-POST, /saml/acs), the
  certificate of its key pair (`saml_keys`) for signed requests and encrypted assertions, and
  the entity categories of the Swedish e-ID framework (SAML_SP_ENTITY_CATEGORIES).
- The administrator loads the identity provider's metadata from a file or an address
  (`saml_metadata.check`): one identity provider, with a signing certificate and a login
  address for HTTP-Redirect.
- `start` sends the browser to the provider with a signed AuthnRequest (HTTP-Redirect), asking
  for the provider's required assurance level. The request's id waits in a cookie of its own
  (`validera_saml`), which binds the answer to this browser in place of a CSRF token: the
  session cookie is SameSite=Lax, and a browser does not send it with the provider's
  cross-site POST; this one is SameSite=None (and Secure), sent only to /saml/acs. One
  outstanding request per browser: a sign-in begun in another tab replaces the earlier one.
- `consume` checks the answer the browser posts back: signed by the provider's key (the
  assertion, or the whole response), meant for Validera (audience, destination, recipient),
  valid now (SAML_CLOCK_SKEW_SECONDS either way), in answer to this browser's outstanding
  request (taken, so it answers once), and never used before (`SeenAssertion`). The person is
  then who `federation.sign_in` says (through `federation.attempt`). Every refusal is logged
  (`auth.sso_refused`) with what pysaml2 found.

Attributes read (the Swedish e-ID framework's names, and Entra ID's): personalIdentityNumber
`urn:oid:1.2.752.29.4.13`, mail, displayName, givenName and sn; the assurance level is the
AuthnContextClassRef. The subject is the persistent NameID, else the personal number.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import sqlalchemy as sa
from flask import Flask, current_app, redirect, request, session, url_for
from flask_babel import refresh
from itsdangerous import BadData, URLSafeSerializer
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, samlp
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.response import StatusError, UnsolicitedResponse
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT, AuthnContextClassRef
from saml2.validate import ResponseLifetimeExceed, ToEarly
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256
from werkzeug.wrappers import Response

from app.auth import federation, saml_keys, saml_metadata
from app.auth.provider_models import IdentityProvider
from app.auth.saml_metadata import said
from app.auth.saml_models import SeenAssertion
from app.auth.vocab import ProviderKind, SsoRefusal
from app.db import utcnow
from app.extensions import db
from app.refusals import Refused
from app.web import commit, show_refused

log = logging.getLogger(__name__)

# The attributes that say who the person is: the Swedish e-ID framework's names (SAML V2.0
# attribute profile), then those Entra ID and AD FS send.
_CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"
PERSONAL_NUMBER = (federation.SAML_PERSONAL_NUMBER,)
MAIL = ("urn:oid:0.9.2342.19200300.100.1.3", f"{_CLAIMS}emailaddress")
DISPLAY_NAME = (
    "urn:oid:2.16.840.1.113730.3.1.241",
    "http://schemas.microsoft.com/identity/claims/displayname",
)
GIVEN_NAME = ("urn:oid:2.5.4.42", f"{_CLAIMS}givenname")
SURNAME = ("urn:oid:2.5.4.4", f"{_CLAIMS}surname")

COOKIE = "validera_saml"
SUBJECT_LENGTH = 255  # ExternalIdentity.subject


def init_app(app: Flask) -> None:
    """Check the key pair's settings (a wrong one stops the start) and declare the protocol."""
    saml_keys.configured(app)
    federation.protocol(
        app, ProviderKind.SAML, start, check=saml_metadata.check, address=metadata_address
    )


# --- Validera's side -----------------------------------------------------------------------


def _address(endpoint: str) -> str:
    """The full address of one of Validera's SAML endpoints: on PUBLIC_BASE_URL when set (never
    on a Host header someone sent), else on the request's own address."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return urljoin(base.rstrip("/") + "/", url_for(endpoint).lstrip("/"))
    return url_for(endpoint, _external=True)


def metadata_address() -> str:
    """Where Validera's metadata is published, for the identity providers."""
    return _address("auth.saml_metadata")


def entity_id() -> str:
    """Validera's name as a service provider."""
    return current_app.config.get("SAML_SP_ENTITY_ID") or metadata_address()


def _config(idp_metadata: str | None = None) -> SPConfig:
    """pysaml2's configuration of Validera, trusting the one provider of `idp_metadata`."""
    key, cert = saml_keys.key_pair()
    config = current_app.config
    settings: dict[str, Any] = {
        "entityid": entity_id(),
        "key_file": key,
        "cert_file": cert,
        "encryption_keypairs": [{"key_file": key, "cert_file": cert}],
        "accepted_time_diff": config["SAML_CLOCK_SKEW_SECONDS"],
        "allow_unknown_attributes": True,
        "signing_algorithm": SIG_RSA_SHA256,
        "digest_algorithm": DIGEST_SHA256,
        "entity_category": config["SAML_SP_ENTITY_CATEGORIES"].split(),
        "service": {
            "sp": {
                "name": "Validera",
                "ui_info": {"display_name": [{"text": "Validera", "lang": "sv"}]},
                "endpoints": {
                    "assertion_consumer_service": [(_address("auth.saml_acs"), BINDING_HTTP_POST)]
                },
                "authn_requests_signed": True,
                # At least one signature over the assertion: its own, or the whole response's.
                "want_assertions_signed": False,
                "want_response_signed": False,
                "want_assertions_or_response_signed": True,
                "allow_unsolicited": False,
                "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT],
            }
        },
    }
    if idp_metadata:
        settings["metadata"] = {"inline": [idp_metadata]}
    loaded = SPConfig()
    loaded.load(settings)
    return loaded


def sp_metadata() -> bytes:
    """Validera's metadata as a service provider (XML)."""
    return create_metadata_string(None, _config())


# --- the sign-in ---------------------------------------------------------------------------


def start(provider: IdentityProvider) -> Response:
    """Send the browser to the provider with a signed request; the login page again, with the
    reason, when the provider cannot be used."""
    try:
        location, request_id = commit(lambda: _request(provider))
    except Refused as refused:
        show_refused(_logged(provider, refused))
        return redirect(url_for("auth.login"))
    log.info("SAML request %s to %s", request_id, provider.idp_entity_id)
    waiting = {
        "id": request_id,
        "provider": provider.id,
        "next": (request.args.get("next") or "")[:500],
        "locale": session.get("locale") or "",
        "at": int(utcnow().timestamp()),
    }
    response = redirect(location)
    response.set_cookie(COOKIE, _signer().dumps(waiting), **_cookie_options())
    return response


def _request(provider: IdentityProvider) -> tuple[str, str]:
    """The address of the provider's login with a signed AuthnRequest, and the request's id."""
    client = Saml2Client(config=_config(saml_metadata.usable(provider)))
    asked = {}
    if provider.required_loa:
        asked["requested_authn_context"] = samlp.RequestedAuthnContext(
            authn_context_class_ref=[AuthnContextClassRef(text=provider.required_loa)],
            comparison="exact",
        )
    try:
        request_id, info = client.prepare_for_authenticate(
            entityid=provider.idp_entity_id,
            binding=BINDING_HTTP_REDIRECT,
            sign=True,
            sigalg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
            **asked,
        )
    except Exception as exc:  # pysaml2 raises many kinds (no login address, a broken key)
        raise Refused(SsoRefusal.NOT_SET_UP, detail=said(exc)) from exc
    return dict(info["headers"])["Location"], request_id


@dataclass
class Outcome:
    """How an answer ended: the person is logged in (go on to `next`), or `refused`."""

    refused: Refused | None
    next: str = ""

    def finish(self, response: Response) -> Response:
        """`response`, with the outstanding request forgotten (it answers once)."""
        options = _cookie_options()
        response.delete_cookie(
            COOKIE,
            path=options["path"],
            secure=options["secure"],
            httponly=True,
            samesite=options["samesite"],
        )
        return response


def consume(posted: str) -> Outcome:
    """Check the answer the browser posted (`SAMLResponse`) and log the person in, or say why
    not; logged either way."""
    waiting = _waiting()
    parsed = _xml(posted)
    answered = getattr(parsed, "in_response_to", None)
    provider = None
    try:
        _speak(waiting["locale"] if waiting else "")
        if parsed is None:
            raise Refused(SsoRefusal.BAD_ANSWER, detail="not a SAML response")
        if waiting is None or waiting["id"] != answered:
            raise Refused(SsoRefusal.STEP_EXPIRED, detail=f"unsolicited: {answered}"[:300])
        provider = federation.enabled_provider(waiting["provider"])
        if provider is None:
            raise Refused(SsoRefusal.PROVIDER_OFF)
        # Committed alone: the assertion stays used whatever `sign_in` says next.
        identity = commit(lambda: _identity(provider, posted, answered))
    except Refused as refused:
        return Outcome(_logged(provider, refused, provider_id=waiting and waiting["provider"]))
    signed_in = federation.attempt(provider, lambda: identity, protocol="saml")
    if isinstance(signed_in, Refused):
        return Outcome(signed_in)
    return Outcome(None, waiting["next"])


def _identity(provider: IdentityProvider, posted: str, answered: str) -> federation.Identity:
    """Who the provider's checked answer says the person is; Refused when it cannot be
    trusted. The assertion is remembered, so that it is used once."""
    client = Saml2Client(config=_config(saml_metadata.usable(provider)))
    try:
        answer = client.parse_authn_request_response(
            posted, BINDING_HTTP_POST, outstanding={answered: ""}
        )
    except Exception as exc:  # pysaml2 raises many kinds, Exception itself among them
        raise _refusal(exc, posted) from exc
    if answer is None or answer.assertion is None:  # e.g. for another destination
        raise _refusal(None, posted)
    issuers = {answer.issuer(), getattr(answer.assertion.issuer, "text", None)}
    if issuers - {None, ""} != {provider.idp_entity_id}:
        raise Refused(SsoRefusal.BAD_ANSWER, detail=f"issuer {sorted(map(str, issuers))}"[:300])
    _use_once(provider, answer.assertion.id)
    return identity_of(answer)


def _use_once(provider: IdentityProvider, assertion_id: str | None) -> None:
    """Remember the assertion until no request it could answer is outstanding; Refused when it
    was used before (also by a request racing this one)."""
    now = utcnow()
    key = hashlib.sha256(f"{provider.idp_entity_id}\n{assertion_id}".encode()).hexdigest()
    db.session.execute(sa.delete(SeenAssertion).where(SeenAssertion.expires_at < now))
    if not assertion_id or db.session.get(SeenAssertion, key) is not None:
        raise Refused(SsoRefusal.BAD_ANSWER, detail=f"assertion used before: {assertion_id}")
    expires = now + current_app.config["SAML_REQUEST_LIFETIME"]
    try:
        with db.session.begin_nested():
            db.session.add(SeenAssertion(key=key, expires_at=expires))
    except sa.exc.IntegrityError as exc:
        raise Refused(SsoRefusal.BAD_ANSWER, detail="assertion used at once twice") from exc


def identity_of(answer: Any) -> federation.Identity:
    """The person the answer (a checked pysaml2 AuthnResponse) names."""
    attributes: dict[str, str] = {}
    for statement in answer.assertion.attribute_statement:
        for attribute in statement.attribute:
            values = [v.text.strip() for v in attribute.attribute_value if (v.text or "").strip()]
            if values:
                attributes.setdefault(attribute.name, values[0])
    first = lambda names: next((attributes[n] for n in names if n in attributes), None)  # noqa: E731
    personal_number = first(PERSONAL_NUMBER)
    parts = [first(GIVEN_NAME), first(SURNAME)]
    return federation.Identity(
        subject=_subject(answer.name_id, personal_number),
        email=first(MAIL),
        personal_number=personal_number,
        name=first(DISPLAY_NAME) or " ".join(p for p in parts if p) or None,
        loa=next((info[0] for info in answer.authn_info() if info[0]), None),
    )


def _subject(name_id: Any, personal_number: str | None) -> str:
    """The provider's lasting name for the person: a persistent NameID, else the personal
    number, else a NameID that is not transient."""
    text = (getattr(name_id, "text", None) or "").strip()
    kind = getattr(name_id, "format", None)
    if text and kind == NAMEID_FORMAT_PERSISTENT:
        subject = text
    elif personal_number:
        subject = personal_number
    elif text and kind != NAMEID_FORMAT_TRANSIENT:
        subject = text
    else:
        raise Refused(SsoRefusal.NO_CLAIM, claim=f"NameID / {federation.SAML_PERSONAL_NUMBER}")
    if len(subject) > SUBJECT_LENGTH:
        return "sha256:" + hashlib.sha256(subject.encode()).hexdigest()
    return subject


# --- reading what the browser brought ------------------------------------------------------


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="validera.saml.request")


def _cookie_options() -> dict[str, Any]:
    secure = bool(current_app.config["SESSION_COOKIE_SECURE"])
    return {
        "max_age": int(current_app.config["SAML_REQUEST_LIFETIME"].total_seconds()),
        "path": url_for("auth.saml_acs"),
        "secure": secure,
        "httponly": True,
        # The provider's answer is a cross-site POST: only SameSite=None (Secure) goes with it.
        "samesite": "None" if secure else "Lax",
    }


def _waiting() -> dict[str, Any] | None:
    """The request this browser is waiting for an answer to, while it may still come."""
    raw = request.cookies.get(COOKIE)
    try:
        waiting = _signer().loads(raw) if raw else None
    except BadData:
        return None
    if not isinstance(waiting, dict) or not isinstance(waiting.get("at"), int):
        return None
    lifetime = current_app.config["SAML_REQUEST_LIFETIME"]
    if waiting["at"] < (utcnow() - lifetime).timestamp():
        return None
    return waiting


def _speak(locale: str) -> None:
    """Answer in the language chosen before the sign-in began (the session cookie does not
    come with the provider's cross-site POST)."""
    if locale and not session.get("locale"):
        session["locale"] = locale
        refresh()


def _xml(posted: str) -> Any:
    """The posted response, parsed but not yet checked; None when it is none."""
    try:
        return samlp.response_from_string(base64.b64decode(posted or "", validate=False))
    except Exception:  # not base64, not XML, entities defusedxml refuses, ...
        return None


def _refusal(exc: Exception | None, posted: str) -> Refused:
    """Why pysaml2 refused the answer (an exception, or no valid assertion), in the words the
    person reads."""
    detail = said(exc) if exc is not None else "no valid assertion"
    if isinstance(exc, StatusError):
        return Refused(SsoRefusal.PROVIDER_ERROR, error=_status(posted), detail=detail)
    if isinstance(exc, ResponseLifetimeExceed | ToEarly):
        return Refused(SsoRefusal.CLOCK_SKEW, detail=detail)
    if not _for_validera(posted):
        return Refused(SsoRefusal.WRONG_AUDIENCE, detail=detail)
    if isinstance(exc, UnsolicitedResponse):
        return Refused(SsoRefusal.STEP_EXPIRED, detail=detail)
    return Refused(SsoRefusal.BAD_ANSWER, detail=detail)


def _for_validera(posted: str) -> bool:
    """Whether the answer names Validera as its destination and audience (read unchecked, only
    to choose the words of a refusal)."""
    parsed = _xml(posted)
    if parsed is None:
        return True
    if parsed.destination and parsed.destination != _address("auth.saml_acs"):
        return False
    audiences = {
        audience.text
        for assertion in parsed.assertion
        if assertion.conditions is not None
        for restriction in assertion.conditions.audience_restriction
        for audience in restriction.audience
    }
    return not audiences or entity_id() in audiences


def _status(posted: str) -> str:
    """The provider's status: its message, else the innermost code's last word."""
    parsed = _xml(posted)
    status = getattr(parsed, "status", None)
    if status is None:
        return "?"
    if status.status_message is not None and (status.status_message.text or "").strip():
        return status.status_message.text.strip()[:200]
    code, value = status.status_code, "?"
    while code is not None:
        value = code.value or value
        code = code.status_code
    return value.rsplit(":", 1)[-1].rsplit("/", 1)[-1][:200]


def _logged(provider: IdentityProvider | None, refused: Refused, **more: Any) -> Refused:
    """Log the refusal, with what pysaml2 said, and commit it (nothing else of the attempt is
    kept); answer it."""
    found = {"protocol": "saml", "detail": refused.params.get("detail"), **more}
    details = {key: value for key, value in found.items() if value is not None}
    if provider is None and details.get("provider_id"):  # switched off or removed since
        provider = db.session.get(IdentityProvider, details["provider_id"])
    commit(lambda: federation.refuse(provider, refused, **details))
    return refused
