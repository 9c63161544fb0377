"""Single sign-on with OpenID Connect: the authorization code flow with PKCE (S256) against a
municipality's provider, over Authlib's client and joserfc.

1. `start`: the provider's discovery document (read from the issuer or from the full
   `.well-known` address, kept for a few minutes) gives its endpoints; the browser is sent to
   the authorization endpoint with a fresh `state`, `nonce` and code challenge, and the assurance
   level asked for (`acr_values`). The browser's signed session keeps these, the provider and
   where to go next, for STEP_TIME: one sign-in at a time per browser.
2. `identity`: the provider's answer at `auth.oidc_callback` is checked against the session (a
   missing or another sign-in's `state` is refused, and an `iss` of another provider), the code
   is redeemed at the token endpoint with the code verifier and the client secret
   (`client_secret_basic`, or `client_secret_post` when the discovery document offers only
   that), and the ID token is checked: its signature with the provider's published keys (fetched
   again once when it matches none of those kept), the issuer, the audience (Validera's client
   id; `azp`), the nonce, and its times with a leeway of OIDC_CLOCK_SKEW_SECONDS. Its claims
   become an `Identity`; `federation.sign_in` decides the rest.

Every call to the provider has a timeout; a provider that does not answer is PROVIDER_DOWN, an
answer that cannot be trusted BAD_ANSWER (or CLOCK_SKEW, WRONG_AUDIENCE), never an error page.
"""

from __future__ import annotations

import hmac
import secrets
import time
from functools import partial
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from flask import current_app, redirect, request, session, url_for
from flask_babel import get_locale
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from app.auth import federation
from app.auth.federation import Identity
from app.auth.provider_forms import LOOPBACK
from app.auth.provider_models import IdentityProvider
from app.auth.vocab import SsoRefusal
from app.db import utcnow
from app.refusals import Refused

PENDING = "oidc_sign_in"  # the browser's sign-in under way (see `start`)
STEP_TIME = 600  # seconds from the start within which the provider's answer must come back
TIMEOUT = (5, 10)  # seconds to connect to the provider, and to wait for its answer
CACHE_SECONDS = 300  # how long a discovery document or a key set is kept
WELL_KNOWN = "/.well-known/openid-configuration"
SCOPE = "openid profile email"
# Sweden Connect's scope for the personal number claim: asked for when the provider offers it.
PERSONAL_NUMBER_SCOPE = "https://id.oidc.se/scope/naturalPersonNumber"
# Signatures accepted on an ID token (never "none", nor a MAC with the client secret).
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
# Claims whose times say whether a token is valid now: out of the leeway, the clocks differ.
TIME_CLAIMS = {"exp", "iat", "nbf"}
AUDIENCE_CLAIMS = {"aud", "azp"}
MAX_SUBJECT = 255  # characters of `ExternalIdentity.subject`
MAX_EMAIL = 254  # characters of `User.email`

_documents: dict[str, tuple[float, dict]] = {}  # discovery address -> (until, document)
_key_sets: dict[str, tuple[float, dict]] = {}  # jwks_uri -> (until, key set)


def forget() -> None:
    """Drop the discovery documents and key sets this process keeps."""
    _documents.clear()
    _key_sets.clear()


# --- the provider's published settings ---------------------------------------------------------


def discovery_address(url: str) -> tuple[str, str]:
    """The discovery document's address and the issuer it must name, from what the
    administrator typed (the issuer, or the document's full address)."""
    url = url.strip()
    if url.rstrip("/").endswith(WELL_KNOWN):
        address = url.rstrip("/")
        return address, address[: -len(WELL_KNOWN)]
    return url.rstrip("/") + WELL_KNOWN, url.rstrip("/")


def _secure(url: Any) -> bool:
    """An https address (plain http only on this machine, for a provider under test)."""
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)


def _get_json(url: str) -> Any:
    """The JSON the provider answers at `url`; Refused(PROVIDER_DOWN) with the problem."""
    try:
        answer = requests.get(url, timeout=TIMEOUT, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise Refused(SsoRefusal.PROVIDER_DOWN, problem="no_answer", cause=str(exc)[:200]) from exc
    if answer.status_code != 200:
        problem = "no_answer" if answer.status_code >= 500 else "not_a_document"
        raise Refused(SsoRefusal.PROVIDER_DOWN, problem=problem, cause=answer.status_code)
    try:
        return answer.json()
    except ValueError as exc:
        raise Refused(SsoRefusal.PROVIDER_DOWN, problem="not_a_document") from exc


def discovery(url: str, *, fresh: bool = False) -> dict:
    """The provider's discovery document, checked (kept CACHE_SECONDS unless `fresh`)."""
    address, issuer = discovery_address(url)
    kept = _documents.get(address)
    if kept is not None and kept[0] > time.monotonic() and not fresh:
        return kept[1]
    document = _get_json(address)
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not isinstance(document, dict) or not all(isinstance(document.get(k), str) for k in needed):
        raise Refused(SsoRefusal.PROVIDER_DOWN, problem="not_a_document")
    if document["issuer"].rstrip("/") != issuer:
        raise Refused(SsoRefusal.PROVIDER_DOWN, problem="other_issuer", cause=document["issuer"])
    if not all(_secure(document[k]) for k in needed[1:]):
        raise Refused(SsoRefusal.PROVIDER_DOWN, problem="insecure")
    _documents[address] = (time.monotonic() + CACHE_SECONDS, document)
    return document


def key_set(jwks_uri: str, *, fresh: bool = False) -> KeySet:
    """The provider's published signing keys (kept CACHE_SECONDS unless `fresh`)."""
    kept = _key_sets.get(jwks_uri)
    if kept is None or kept[0] <= time.monotonic() or fresh:
        kept = (time.monotonic() + CACHE_SECONDS, _get_json(jwks_uri))
    try:
        keys = KeySet.import_key_set(kept[1])
    except (JoseError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise Refused(SsoRefusal.PROVIDER_DOWN, problem="no_keys") from exc
    _key_sets[jwks_uri] = kept
    return keys


def check(provider: IdentityProvider) -> None:
    """The administrator saves a provider: while it is on, its discovery document and keys must
    be there, and the server must hold its client secret (Refused at the field otherwise)."""
    if not provider.enabled:
        return  # switched off (perhaps because it is down): checked when it is switched on
    try:
        key_set(discovery(provider.discovery_url or "", fresh=True)["jwks_uri"], fresh=True)
    except Refused as refused:
        problem = refused.params.get("problem", "no_answer")
        raise Refused(SsoRefusal.NO_DISCOVERY, field="discovery_url", problem=problem) from None
    try:
        federation.read_secret(provider.client_secret_ref)
    except Refused:
        raise Refused(
            SsoRefusal.SECRET_NOT_THERE, field="client_secret_ref", ref=provider.client_secret_ref
        ) from None


def address() -> str:
    """Validera's redirect address, which the provider is given: on PUBLIC_BASE_URL when set
    (never on a Host header someone sent), else on the request's own address."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return urljoin(base.rstrip("/") + "/", url_for("auth.oidc_callback").lstrip("/"))
    return url_for("auth.oidc_callback", _external=True)


# --- the sign-in -------------------------------------------------------------------------------


def start(provider: IdentityProvider):
    """Send the browser to the provider (the login page's button); when the provider cannot be
    reached, the login page again with the reason, logged."""
    from app.auth.routes.login import safe_next  # the views' own check of `next`
    from app.web import commit, show_refused

    target = safe_next(request.args.get("next"))
    try:
        return redirect(authorization_url(provider, target))
    except Refused as refused:
        values = {key: str(value) for key, value in refused.params.items()}
        commit(partial(federation.refuse, provider, refused, **values, method="oidc", step="start"))
        show_refused(refused)
        return redirect(url_for("auth.login", next=request.args.get("next") or None))


def authorization_url(provider: IdentityProvider, target: str) -> str:
    """The provider's address that begins a sign-in; the browser's session keeps what the
    answer is checked against."""
    document = discovery(provider.discovery_url or "")
    federation.read_secret(provider.client_secret_ref)  # missing: say so now, not at the end
    verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(24)
    extra: dict[str, Any] = {"nonce": nonce, "ui_locales": str(get_locale() or "sv")}
    if provider.required_loa:
        extra["acr_values"] = provider.required_loa
    scope = SCOPE
    if PERSONAL_NUMBER_SCOPE in (document.get("scopes_supported") or ()):
        scope += f" {PERSONAL_NUMBER_SCOPE}"
    client = OAuth2Session(
        provider.client_id, scope=scope, redirect_uri=address(), code_challenge_method="S256"
    )
    with client:
        url, state = client.create_authorization_url(
            document["authorization_endpoint"], code_verifier=verifier, **extra
        )
    session[PENDING] = {
        "provider": provider.id,
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "redirect_uri": address(),
        "next": target,
        "until": utcnow().timestamp() + STEP_TIME,
    }
    return url


def take_pending() -> dict:
    """The sign-in this browser began (and forget it: an answer is taken once); {} when none."""
    pending = session.pop(PENDING, None)
    return pending if isinstance(pending, dict) else {}


def provider_of(pending: dict) -> IdentityProvider | None:
    """The provider the pending sign-in began with, while it is on."""
    provider_id = pending.get("provider")
    return federation.enabled_provider(provider_id) if isinstance(provider_id, int) else None


def identity(provider: IdentityProvider | None, pending: dict, answer) -> Identity:
    """The person the provider's answer (the callback's query string) names, checked against
    the pending sign-in; Refused when it cannot be trusted."""
    state = answer.get("state")
    if not pending:
        raise Refused(SsoRefusal.STEP_EXPIRED, cause="no sign-in under way in this browser")
    if state and not _same(state, pending.get("state")):
        # Most often the answer to a sign-in that another window of the browser has replaced
        # (else a forged one): said as the former, and nobody is signed in either way.
        raise Refused(SsoRefusal.STEP_EXPIRED, cause="another state")
    if answer.get("error"):
        # An error logs nobody in: it is taken also without a state (some providers leave it out).
        raise Refused(SsoRefusal.PROVIDER_ERROR, error=_error_code(answer.get("error")))
    if not state:
        raise Refused(SsoRefusal.BAD_ANSWER, cause="no state")
    if float(pending.get("until", 0)) < utcnow().timestamp():
        raise Refused(SsoRefusal.STEP_EXPIRED, cause="too late")
    if provider is None:
        raise Refused(SsoRefusal.PROVIDER_OFF)
    if not answer.get("code"):
        raise Refused(SsoRefusal.BAD_ANSWER, cause="no code")
    document = discovery(provider.discovery_url or "")
    if answer.get("iss") is not None and answer.get("iss") != document["issuer"]:
        raise Refused(SsoRefusal.BAD_ANSWER, cause="iss")  # another provider's (RFC 9207)
    token = _redeem(provider, document, pending, answer["code"])
    return _identity(provider, _id_token_claims(provider, document, pending, token))


def _same(given: str, kept: Any) -> bool:
    """True when the answer's `state` is the one kept (compared in constant time)."""
    return hmac.compare_digest(given.encode("utf-8"), str(kept).encode("utf-8"))


def _error_code(value: Any) -> str:
    """The provider's error code as it may be shown (RFC 6749's characters, kept short)."""
    text = "".join(ch for ch in str(value) if 0x20 <= ord(ch) <= 0x7E and ch not in '"\\')
    return text[:60] or "error"


def _redeem(provider: IdentityProvider, document: dict, pending: dict, code: str) -> dict:
    """The provider's tokens for the code, asked with the code verifier and the client secret."""
    client = OAuth2Session(
        provider.client_id,
        federation.read_secret(provider.client_secret_ref),
        token_endpoint_auth_method=_client_auth(document),
        redirect_uri=pending.get("redirect_uri"),
        default_timeout=TIMEOUT,
    )
    try:
        with client:
            return client.fetch_token(
                document["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=pending.get("verifier"),
                redirect_uri=pending.get("redirect_uri"),
            )
    except OAuthError as exc:
        if exc.error == "invalid_grant":  # a code used already, expired, or not for us
            raise Refused(SsoRefusal.BAD_ANSWER, cause=f"token: {exc.description}") from exc
        raise Refused(SsoRefusal.PROVIDER_ERROR, error=_error_code(exc.error)) from exc
    except requests.RequestException as exc:
        raise Refused(SsoRefusal.PROVIDER_DOWN, cause=str(exc)[:200]) from exc
    except ValueError as exc:
        raise Refused(SsoRefusal.BAD_ANSWER, cause="token: not JSON") from exc


def _client_auth(document: dict) -> str:
    """How the token endpoint takes the client secret: in the Authorization header (the
    default), or in the body when the provider offers only that."""
    offered = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" in offered or "client_secret_post" not in offered:
        return "client_secret_basic"
    return "client_secret_post"


def _decode(value: str, jwks_uri: str, algorithms: list[str]):
    """The ID token with its signature checked against the provider's keys; the keys are fetched
    again once when the token names a key not among them, or (naming none) does not match the
    one kept: the provider may have rolled its keys since."""
    registry = JWSRegistry(algorithms=algorithms, strict_check_header=False)
    try:
        return jwt.decode(value, key_set(jwks_uri), registry=registry)
    except (InvalidKeyIdError, BadSignatureError):
        return jwt.decode(value, key_set(jwks_uri, fresh=True), registry=registry)


def _id_token_claims(
    provider: IdentityProvider, document: dict, pending: dict, token: dict
) -> CodeIDToken:
    """The ID token's claims, each checked; Refused with why not."""
    value = token.get("id_token")
    if not isinstance(value, str):
        raise Refused(SsoRefusal.BAD_ANSWER, cause="no ID token")
    offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in offered if alg in ALGORITHMS]
    try:
        decoded = _decode(value, document["jwks_uri"], algorithms)
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": document["issuer"]},
                "aud": {"essential": True, "value": provider.client_id},
                "sub": {"essential": True},
            },
            {
                "nonce": pending.get("nonce"),
                "client_id": provider.client_id,
                "access_token": token.get("access_token"),
            },
        )
        claims.validate(
            now=int(utcnow().timestamp()), leeway=current_app.config["OIDC_CLOCK_SKEW_SECONDS"]
        )
    except ExpiredTokenError as exc:
        raise Refused(SsoRefusal.CLOCK_SKEW, cause="exp") from exc
    except ClaimError as exc:
        if exc.claim in TIME_CLAIMS:
            raise Refused(SsoRefusal.CLOCK_SKEW, cause=exc.claim) from exc
        if exc.claim in AUDIENCE_CLAIMS:
            raise Refused(SsoRefusal.WRONG_AUDIENCE, cause=exc.claim) from exc
        raise Refused(SsoRefusal.BAD_ANSWER, cause=exc.claim) from exc
    except (JoseError, ValueError, TypeError) as exc:
        raise Refused(SsoRefusal.BAD_ANSWER, cause=type(exc).__name__) from exc
    return claims


def _text(value: Any, longest: int = 1000) -> str | None:
    """A claim's text, when it is one (and not longer than a column holds)."""
    text = value.strip() if isinstance(value, str) else ""
    return text if text and len(text) <= longest else None


def _identity(provider: IdentityProvider, claims: CodeIDToken) -> Identity:
    """What the checked claims say about the person (an email address only when the provider
    does not say it is unverified)."""
    if len(claims["sub"]) > MAX_SUBJECT:
        raise Refused(SsoRefusal.BAD_ANSWER, cause="sub too long")
    verified = claims.get("email_verified") is not False
    email = _text(claims.get("email"), MAX_EMAIL) if verified else None
    number_claim = provider.personal_number_claim or federation.OIDC_PERSONAL_NUMBER
    given = " ".join(filter(None, (_text(claims.get(k)) for k in ("given_name", "family_name"))))
    return Identity(
        subject=claims["sub"],
        email=email,
        personal_number=_text(claims.get(number_claim)),
        name=_text(claims.get("name")) or given or None,
        loa=_text(claims.get("acr")),
    )
