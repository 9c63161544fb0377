"""Who gets in through a municipality's identity provider (OpenID Connect: `app/auth/oidc.py`,
SAML 2.0: `app/auth/saml.py`).

A protocol turns the provider's answer into an `Identity` (or a `Refused`); `sign_in` decides the
rest, the same for both:

- the assurance level must reach the provider's `required_loa`;
- the account is the one linked to the provider's subject at an earlier sign-in, else the
  account *of the provider's municipality* whose email or personal number (`match_on`) the answer
  carries; an account of another municipality, an employer's or a system administrator's is
  never reached through a municipality's provider;
- failing that, a participant of the provider's municipality whose personal number the answer
  carries gets their own account (`participant_finder`: the portal finds or opens it);
- a person with no account is refused, or gets an account without roles that an administrator
  completes (`SignInSettings.unknown_person`): roles are Validera's, never the provider's;
- the sign-in is logged with the method, the provider and the assurance level.

A protocol's start (the redirect to the provider) is registered per application with `protocol`,
so that the login page's buttons and `auth.sso_login` need not know the protocols.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app

from app.areas import registry
from app.audit import record
from app.auth.models import User
from app.auth.provider_models import ExternalIdentity, IdentityProvider, SignInSettings
from app.auth.vocab import MatchOn, ProviderKind, SsoRefusal, UnknownPerson
from app.db import today, utcnow
from app.extensions import db
from app.refusals import Refused
from app.vocab import Role

# The attribute that carries the Swedish personal number in SAML (the Swedish e-ID framework),
# and Sweden Connect's claim for it in OpenID Connect.
SAML_PERSONAL_NUMBER = "urn:oid:1.2.752.29.4.13"
OIDC_PERSONAL_NUMBER = "https://id.oidc.se/claim/personalIdentityNumber"

_ELN = "http://id.elegnamnden.se/loa/1.0/"
_SC = "http://id.swedenconnect.se/loa/1.0/"
# The assurance levels of the Swedish e-ID framework (and eIDAS through it), in order. A value
# not listed here is reached only by the same value.
LEVELS: dict[str, float] = {
    f"{_ELN}loa1": 1,
    f"{_ELN}loa2": 2,
    f"{_SC}loa2-nonresident": 2,
    f"{_ELN}eidas-low": 2,
    f"{_ELN}eidas-nf-low": 2,
    f"{_SC}uncertified-loa3": 2.5,  # "like loa3", without the certification
    f"{_ELN}loa3": 3,
    f"{_SC}loa3-nonresident": 3,
    f"{_ELN}eidas-sub": 3,
    f"{_ELN}eidas-nf-sub": 3,
    f"{_ELN}loa4": 4,
    f"{_SC}loa4-nonresident": 4,
    f"{_ELN}eidas-high": 4,
    f"{_ELN}eidas-nf-high": 4,
}

SECRET_REF = re.compile(r"^(?:env:[A-Za-z_][A-Za-z0-9_]*|file:/\S+)$")


@dataclass(frozen=True)
class Identity:
    """What a provider's checked answer says about the person."""

    subject: str  # the provider's own, stable name for the person
    email: str | None = None
    personal_number: str | None = None
    name: str | None = None
    loa: str | None = None  # the assurance level the provider vouches for


Start = Callable[[IdentityProvider], Any]
Check = Callable[[IdentityProvider], None]


def protocol(
    app: Flask,
    kind: ProviderKind,
    start: Start,
    *,
    check: Check | None = None,
    address: Callable[[], str] | None = None,
) -> None:
    """Declare how `app` begins a sign-in with a provider of this kind (a response that sends
    the browser to the provider), how a provider's settings are checked when saved (Refused at
    the field that is wrong), and the address of Validera that the provider's side is given
    (the OIDC redirect address, the SAML metadata)."""
    registry(app, "sign_in_protocols", dict)[kind] = start
    if check is not None:
        registry(app, "sign_in_checks", dict)[kind] = check
    if address is not None:
        registry(app, "sign_in_addresses", dict)[kind] = address


def participant_finder(app: Flask, find: Callable[[int, str], User | None]) -> None:
    """Declare how `app` finds the own account of a participant of a municipality by their
    personal number (`find(municipality_id, digits)`, None when there is none to give)."""
    registry(app, "participant_finders", list).append(find)


def address_for(kind: ProviderKind) -> str | None:
    """Validera's address that a provider of this kind is given (none: not spoken here)."""
    found = registry(current_app, "sign_in_addresses", dict).get(kind)
    return found() if found is not None else None


def starter(kind: ProviderKind) -> Start | None:
    """How the current application begins a sign-in of this kind; none when it cannot."""
    return registry(current_app, "sign_in_protocols", dict).get(kind)


def loa_enough(required: str | None, given: str | None) -> bool:
    """True when the level `given` reaches `required` (no requirement: always)."""
    if not required:
        return True
    if not given:
        return False
    if required in LEVELS and given in LEVELS:
        return LEVELS[given] >= LEVELS[required]
    return given == required


def read_secret(ref: str | None) -> str:
    """The client secret `ref` names ("env:NAME" or "file:/path"); Refused when it is not there."""
    kind, _, where = (ref or "").partition(":")
    value = None
    if kind == "env":
        value = os.environ.get(where)
    elif kind == "file":
        path = Path(where)
        value = path.read_text(encoding="utf-8").strip() if path.is_file() else None
    if not value:
        raise Refused(SsoRefusal.SECRET_MISSING)
    return value


def login_providers() -> list[IdentityProvider]:
    """The providers the login page offers: switched on, of a protocol this application speaks."""
    query = sa.select(IdentityProvider).where(IdentityProvider.enabled.is_(True))
    providers = db.session.scalars(query.order_by(IdentityProvider.name)).all()
    return [provider for provider in providers if starter(provider.kind) is not None]


def enabled_provider(provider_id: int) -> IdentityProvider | None:
    """The provider with this id while it is on (a sign-in may begin or end only then)."""
    provider = db.session.get(IdentityProvider, provider_id)
    return provider if provider is not None and provider.enabled else None


def settings_of(municipality_id: int) -> SignInSettings:
    """The municipality's rules for single sign-on (the defaults when none are saved)."""
    found = db.session.get(SignInSettings, municipality_id)
    if found is None:
        found = SignInSettings(
            municipality_id=municipality_id,
            unknown_person=UnknownPerson.REFUSE,
            passwords_off=False,
        )
    return found


def passwords_off(user: User | None) -> bool:
    """True when the user's municipality lets its staff in only through its identity provider."""
    if user is None or user.municipality_id is None:
        return False
    found = db.session.get(SignInSettings, user.municipality_id)
    return found is not None and found.passwords_off


def personal_number(value: str | None) -> str | None:
    """The twelve digits of a personal number, or None when `value` is not one."""
    # Read here, not at the top: the cases area imports the accounts, not the other way round.
    from app.cases.personal_numbers import InvalidPersonalNumber, parse

    try:
        return parse(value or "", today()).digits
    except InvalidPersonalNumber:
        return None


def refuse(provider: IdentityProvider | None, refused: Refused, **details: Any) -> None:
    """Log a refused sign-in (the caller commits, also when nothing else is kept)."""
    reasons = [str(getattr(code, "value", code)) for code in refused.codes]
    record("auth.sso_refused", provider, details={"reasons": reasons, **details})


def attempt(
    provider: IdentityProvider | None, produce_identity: Callable[[], Identity], **details: Any
) -> User | Refused:
    """One sign-in through `provider`, committed: the identity its protocol checked
    (`produce_identity()`, which raises Refused for an answer it cannot trust), then `sign_in`.
    A refusal is logged (with its reasons, their values and `details`), committed, and answered
    rather than raised, so that a view shows it; the account stays as it was."""
    from app.web import commit

    def change() -> User:
        identity = produce_identity()
        if provider is None:
            raise Refused(SsoRefusal.PROVIDER_OFF)
        return sign_in(provider, identity)

    try:
        return commit(change)
    except Refused as refused:
        values = {key: str(value) for key, value in refused.params.items()}
        commit(partial(refuse, provider, refused, **{**values, **details}))
        return refused


def sign_in(provider: IdentityProvider, identity: Identity) -> User:
    """Log in the account `identity` names (see the module's docstring); Refused otherwise."""
    from app.auth.services import finish_log_in

    if not provider.enabled:
        raise Refused(SsoRefusal.PROVIDER_OFF)
    if not loa_enough(provider.required_loa, identity.loa):
        raise Refused(SsoRefusal.LOA_TOO_LOW, given=identity.loa or "–")
    user = _linked(provider, identity) or _staff_or_participant(provider, identity)
    if user is None:
        user = _new_account(provider, identity)
    if not user.is_active:
        raise Refused(SsoRefusal.ACCOUNT_INACTIVE)
    _link(provider, user, identity.subject)
    finish_log_in(
        user,
        provider.kind.value,
        provider=provider.id,
        provider_name=provider.name,
        loa=identity.loa,
    )
    return user


def _linked(provider: IdentityProvider, identity: Identity) -> User | None:
    """The account an earlier sign-in linked to the subject, while it is still the
    municipality's."""
    link = db.session.scalar(
        sa.select(ExternalIdentity).where(
            ExternalIdentity.provider_id == provider.id,
            ExternalIdentity.subject == identity.subject,
        )
    )
    if link is None:
        return None
    if link.user.municipality_id != provider.municipality_id:
        db.session.delete(link)  # the person has moved: match afresh
        db.session.flush()
        return None
    return link.user


def _matched(provider: IdentityProvider, identity: Identity) -> User | None:
    """The municipality's account whose email or personal number the answer carries."""
    query = sa.select(User).where(User.municipality_id == provider.municipality_id)
    if provider.match_on == MatchOn.EMAIL:
        if not identity.email:
            raise Refused(SsoRefusal.NO_CLAIM, claim="email")
        query = query.where(User.email == identity.email.strip().lower())
    else:
        digits = personal_number(identity.personal_number)
        if digits is None:
            raise Refused(SsoRefusal.NO_CLAIM, claim=_personal_number_claim(provider))
        query = query.where(User.personal_number == digits)
    return db.session.scalar(query)


def _staff_or_participant(provider: IdentityProvider, identity: Identity) -> User | None:
    """The staff account the answer names, else the participant's own account; a staff
    match's refusal (no such claim) stands only when no participant is found either."""
    try:
        return _matched(provider, identity) or _participant(provider, identity)
    except Refused:
        found = _participant(provider, identity)
        if found is None:
            raise
        return found


def _participant(provider: IdentityProvider, identity: Identity) -> User | None:
    digits = personal_number(identity.personal_number)
    if digits is None:
        return None
    for find in registry(current_app, "participant_finders", list):
        found = find(provider.municipality_id, digits)
        if found is not None:
            return found
    return None


def _personal_number_claim(provider: IdentityProvider) -> str:
    if provider.kind == ProviderKind.SAML:
        return SAML_PERSONAL_NUMBER
    return provider.personal_number_claim or OIDC_PERSONAL_NUMBER


def _new_account(provider: IdentityProvider, identity: Identity) -> User:
    """An account without roles for a person the provider vouches for, when the municipality
    lets unknown people in; Refused otherwise."""
    from app.auth.services import unusable_password

    if settings_of(provider.municipality_id).unknown_person != UnknownPerson.ACCOUNT_WITHOUT_ROLES:
        raise Refused(SsoRefusal.UNKNOWN_PERSON)
    if not identity.email:
        raise Refused(SsoRefusal.NO_EMAIL)
    email = identity.email.strip().lower()
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise Refused(SsoRefusal.EMAIL_TAKEN)
    digits = personal_number(identity.personal_number)
    if digits and db.session.scalar(sa.select(User.id).where(User.personal_number == digits)):
        raise Refused(SsoRefusal.EMAIL_TAKEN)
    user = User(
        email=email,
        name=(identity.name or email).strip()[:200],
        # no password matches it: the person signs in through the provider
        password_hash=unusable_password(),
        municipality_id=provider.municipality_id,
        personal_number=digits,
        locale="sv",
    )
    user.set_roles(set())
    db.session.add(user)
    db.session.flush()
    record(
        "auth.account_from_provider",
        user,
        user=user,
        details={"provider": provider.id, "provider_name": provider.name},
    )
    return user


def _link(provider: IdentityProvider, user: User, subject: str) -> None:
    link = db.session.scalar(
        sa.select(ExternalIdentity).where(
            ExternalIdentity.provider_id == provider.id, ExternalIdentity.subject == subject
        )
    )
    if link is None:
        db.session.add(ExternalIdentity(provider_id=provider.id, user_id=user.id, subject=subject))
    else:
        link.last_used_at = utcnow()


def has_signed_in_through(user: User, municipality_id: int) -> bool:
    """True when `user` has signed in through one of the municipality's providers that is on:
    the proof that single sign-on works before passwords go off."""
    query = (
        sa.select(ExternalIdentity.id)
        .join(IdentityProvider)
        .where(
            ExternalIdentity.user_id == user.id,
            IdentityProvider.municipality_id == municipality_id,
            IdentityProvider.enabled.is_(True),
        )
    )
    return db.session.scalar(query.limit(1)) is not None


def save_settings(
    user: User, municipality_id: int, unknown_person: UnknownPerson, no_passwords: bool
) -> SignInSettings:
    """The administrator's rules for their municipality. Passwords go off only once the
    administrator has signed in through one of its providers, so that nobody is locked out."""
    if no_passwords and not has_signed_in_through(user, municipality_id):
        raise Refused(SsoRefusal.NOT_PROVEN, field="passwords_off")
    found = db.session.get(SignInSettings, municipality_id)
    if found is None:
        found = SignInSettings(municipality_id=municipality_id)
        db.session.add(found)
    found.unknown_person = unknown_person
    found.passwords_off = no_passwords
    db.session.flush()
    record(
        "auth.sign_in_settings",
        None,
        user=user,
        details={
            "municipality": municipality_id,
            "unknown_person": unknown_person.value,
            "passwords_off": no_passwords,
        },
    )
    return found


def may_manage(user: User, provider: IdentityProvider) -> bool:
    """Scope: an administrator manages the providers of their own municipality."""
    return user.has_role(Role.ADMIN) and user.municipality_id == provider.municipality_id


def save_provider(
    user: User, provider: IdentityProvider, values: dict[str, Any]
) -> IdentityProvider:
    """Create or change a provider of the administrator's municipality, checked by its protocol
    (which may fill in what it read, such as the SAML entity id)."""
    new = provider.id is None
    was_on = bool(provider.enabled) and not new
    for name, value in values.items():
        setattr(provider, name, value)
    taken = sa.select(IdentityProvider.id).where(
        IdentityProvider.municipality_id == provider.municipality_id,
        IdentityProvider.name == provider.name,
        IdentityProvider.id != (provider.id or 0),
    )
    if db.session.scalar(taken) is not None:
        raise Refused(SsoRefusal.NAME_TAKEN, field="name")
    if was_on and not provider.enabled:
        _keep_a_way_in(provider)
    check = registry(current_app, "sign_in_checks", dict).get(provider.kind)
    if check is not None:
        check(provider)
    if new:
        db.session.add(provider)
    db.session.flush()
    record(
        "auth.provider_saved",
        provider,
        user=user,
        details={"kind": provider.kind.value, "name": provider.name, "created": new},
    )
    return provider


def delete_provider(user: User, provider: IdentityProvider) -> None:
    """Remove a provider; the links of people to it go with it."""
    if provider.enabled:
        _keep_a_way_in(provider)
    record(
        "auth.provider_removed",
        provider,
        user=user,
        details={"kind": provider.kind.value, "name": provider.name},
    )
    db.session.execute(
        sa.delete(ExternalIdentity).where(ExternalIdentity.provider_id == provider.id)
    )
    db.session.delete(provider)


def _keep_a_way_in(provider: IdentityProvider) -> None:
    """Refused when `provider` is the last one on of a municipality whose staff have no
    passwords."""
    if not settings_of(provider.municipality_id).passwords_off:
        return
    others = sa.select(IdentityProvider.id).where(
        IdentityProvider.municipality_id == provider.municipality_id,
        IdentityProvider.enabled.is_(True),
        IdentityProvider.id != provider.id,
    )
    if db.session.scalar(others.limit(1)) is None:
        raise Refused(SsoRefusal.LAST_PROVIDER, field="enabled")


def providers_of(municipality_id: int) -> list[IdentityProvider]:
    """The municipality's providers, by name."""
    query = sa.select(IdentityProvider).where(IdentityProvider.municipality_id == municipality_id)
    return list(db.session.scalars(query.order_by(IdentityProvider.name)))


def waiting_for_roles(admin: User) -> dict[str, Any]:
    """The home panel of a municipality administrator: the municipality's active accounts that
    have no role yet (made by a sign-in through its provider), the oldest first."""
    from app.auth.models import UserRole

    has_role = sa.select(UserRole.user_id).where(UserRole.user_id == User.id).exists()
    query = (
        sa.select(User)
        .where(
            User.municipality_id == admin.municipality_id,
            User.is_active.is_(True),
            ~has_role,
        )
        .order_by(User.created_at, User.id)
    )
    return {"accounts": list(db.session.scalars(query.limit(20)))}
