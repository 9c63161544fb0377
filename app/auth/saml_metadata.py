"""The identity provider's metadata for SAML 2.0 (see `app/auth/saml.py`): read and checked
when the administrator saves a provider (from the file given, or fetched from its address), and
fetched again at a sign-in once it has expired (validUntil)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import requests
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext
from saml2 import BINDING_HTTP_REDIRECT
from saml2.attribute_converter import ac_factory
from saml2.mdstore import InMemoryMetaData

from app.auth.provider_forms import MAX_METADATA
from app.auth.provider_models import IdentityProvider
from app.auth.vocab import SsoRefusal
from app.db import utcnow
from app.i18n import show_date
from app.refusals import Refused


def said(exc: Exception) -> str:
    """What an exception said, short enough for the log."""
    return f"{type(exc).__name__}: {exc}"[:300]


@dataclass(frozen=True)
class IdpMetadata:
    """What Validera needs of an identity provider's metadata."""

    entity_id: str
    valid_until: datetime | None


def read(text: str, field: str | None = None) -> IdpMetadata:
    """The one identity provider `text` describes, with a signing certificate and a login
    address for HTTP-Redirect; Refused at `field` otherwise."""
    store = InMemoryMetaData(ac_factory(), text, check_validity=False)
    try:
        store.load()
    except Exception as exc:  # pysaml2 and its XML parser (defusedxml) raise many kinds
        raise Refused(SsoRefusal.METADATA_BROKEN, field=field, detail=said(exc)) from exc
    found = [name for name, entity in store.items() if "idpsso_descriptor" in entity]
    if len(found) > 1:
        raise Refused(SsoRefusal.METADATA_SEVERAL, field=field, count=len(found))
    if not found:
        raise Refused(SsoRefusal.METADATA_NO_IDP, field=field)
    name = found[0]
    login = store.service(
        name, "idpsso_descriptor", "single_sign_on_service", BINDING_HTTP_REDIRECT
    )
    if not login or not store.certs(name, "idpsso", "signing"):
        raise Refused(SsoRefusal.METADATA_NO_IDP, field=field)
    until = _valid_until(store, name, field)
    if until is not None and until <= utcnow():
        raise Refused(SsoRefusal.METADATA_EXPIRED, field=field, until=show_date(until))
    return IdpMetadata(name, until)


def _valid_until(store: InMemoryMetaData, name: str, field: str | None) -> datetime | None:
    """The earliest validUntil of the file and of the provider's own descriptor."""
    descriptors = [store.entity_descr, store.entities_descr]
    if store.entities_descr is not None:
        descriptors += [d for d in store.entities_descr.entity_descriptor if d.entity_id == name]
    given = [d.valid_until for d in descriptors if d is not None and d.valid_until]
    try:
        instants = [datetime.fromisoformat(value.strip()) for value in given]
    except (TypeError, ValueError) as exc:
        raise Refused(SsoRefusal.METADATA_BROKEN, field=field, detail=said(exc)) from exc
    # xs:dateTime without a zone: SAML's times are UTC
    return min((i if i.tzinfo else i.replace(tzinfo=UTC) for i in instants), default=None)


def fetch(url: str) -> str:
    """The metadata published at `url` (at most MAX_METADATA bytes, SAML_METADATA_TIMEOUT)."""
    field = "idp_metadata_url"
    accept = "application/samlmetadata+xml, application/xml;q=0.9, */*;q=0.5"
    try:
        with requests.get(
            url,
            timeout=current_app.config["SAML_METADATA_TIMEOUT"],
            stream=True,
            headers={"Accept": accept},
        ) as answer:
            if answer.status_code != 200:
                reason = gettext("it answered with error %(status)s", status=answer.status_code)
                raise Refused(SsoRefusal.METADATA_UNREACHABLE, field=field, reason=reason)
            body = answer.raw.read(MAX_METADATA + 1, decode_content=True)
    except requests.Timeout as exc:
        reason = gettext("it did not answer in time")
        raise Refused(SsoRefusal.METADATA_UNREACHABLE, field=field, reason=reason) from exc
    except (requests.RequestException, OSError) as exc:
        reason = gettext("no connection to it")
        raise Refused(SsoRefusal.METADATA_UNREACHABLE, field=field, reason=reason) from exc
    if len(body) > MAX_METADATA:
        raise Refused(SsoRefusal.METADATA_BROKEN, field=field, detail="too large")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(SsoRefusal.METADATA_BROKEN, field=field, detail="not UTF-8") from exc


def check(provider: IdentityProvider) -> None:
    """The administrator saves a provider: read its metadata from the file given now, else
    from its address (kept in `idp_metadata`), else what was loaded before; fill in its
    entity id. Refused at the field of the source that is wrong."""
    if provider.idp_metadata == "\x00":  # a file that is no text, or too large
        raise Refused(SsoRefusal.METADATA_BROKEN, field="metadata_file")
    history = sa.inspect(provider).attrs.idp_metadata.history
    field = "metadata_file"
    if not (history.has_changes() and provider.idp_metadata) and provider.idp_metadata_url:
        field = "idp_metadata_url"
        provider.idp_metadata = fetch(provider.idp_metadata_url)
    elif not provider.idp_metadata:
        raise Refused(SsoRefusal.METADATA_MISSING, field="metadata_file")
    provider.idp_entity_id = read(provider.idp_metadata, field).entity_id


def usable(provider: IdentityProvider) -> str:
    """The provider's metadata for a sign-in, fetched again from its address once it has
    expired (and kept); Refused when it cannot serve."""
    try:
        read(provider.idp_metadata or "")
        return provider.idp_metadata
    except Refused as refused:
        if refused.code != SsoRefusal.METADATA_EXPIRED or not provider.idp_metadata_url:
            raise Refused(SsoRefusal.NOT_SET_UP, detail=str(refused.code)) from refused
    try:
        text = fetch(provider.idp_metadata_url)
    except Refused as refused:
        raise Refused(SsoRefusal.PROVIDER_DOWN, detail=str(refused.code)) from refused
    try:
        found = read(text).entity_id
    except Refused as refused:
        raise Refused(SsoRefusal.NOT_SET_UP, detail=str(refused.code)) from refused
    if found != provider.idp_entity_id:  # another provider now: the administrator decides
        raise Refused(SsoRefusal.NOT_SET_UP, detail=f"the address now describes {found}"[:300])
    provider.idp_metadata = text
    return text
