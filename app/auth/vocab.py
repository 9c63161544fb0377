"""The fixed vocabularies of the auth area (plain enums; labels live in `labels.py`)."""

from __future__ import annotations

import enum


class Refusal(enum.StrEnum):
    """Why a change to one's own account is refused (words: `labels.REFUSALS`)."""

    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a reason, not a password
    RESET_LINK_DEAD = "reset_link_dead"


class LinkProblem(enum.StrEnum):
    """Why a password-reset link cannot be used (words: `labels.LINK_PROBLEMS`)."""

    UNKNOWN = "unknown"  # no such link: mistyped, cut short or tampered with
    EXPIRED = "expired"
    USED = "used"  # used already, or the password has changed since it was sent


class FactorRefusal(enum.StrEnum):
    """Why a code, a passkey or a change of the second factor is not accepted (words:
    `labels.FACTOR_REFUSALS`)."""

    NOT_A_CODE = "not_a_code"
    WRONG_CODE = "wrong_code"
    CODE_USED = "code_used"
    NOT_STARTED = "not_started"
    ALREADY_ON = "already_on"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a reason, not a password
    STEP_EXPIRED = "step_expired"
    WRONG_SIGN_IN_CODE = "wrong_sign_in_code"
    WRONG_RECOVERY_CODE = "wrong_recovery_code"  # an account without an app: recovery codes only
    # Passkeys and security keys (WebAuthn)
    PASSKEY_NO_ANSWER = "passkey_no_answer"  # the browser sent nothing (no script, no support)
    PASSKEY_MALFORMED = "passkey_malformed"  # what it sent cannot be read
    PASSKEY_EXPIRED = "passkey_expired"  # no ceremony begun, or begun too long ago
    PASSKEY_WRONG_CHALLENGE = "passkey_wrong_challenge"  # an answer to another ceremony
    PASSKEY_NOT_VERIFIED = "passkey_not_verified"  # signature, site or attestation do not hold
    PASSKEY_UNKNOWN = "passkey_unknown"  # a key that is not one of the account's
    PASSKEY_COUNTER = "passkey_counter"  # the signature counter went back: a copy, or a replay
    PASSKEY_TAKEN = "passkey_taken"  # the key is registered already
    PASSKEY_TOO_MANY = "passkey_too_many"


# What SECOND_FACTOR_REQUIRED may say besides a list of roles.
STAFF = "staff"  # every role but the employer's contact
EVERYONE = "all"
NOBODY = "none"


class ProviderKind(enum.StrEnum):
    """The protocol a municipality's identity provider speaks."""

    OIDC = "oidc"
    SAML = "saml"


class MatchOn(enum.StrEnum):
    """What in a provider's answer names a Validera account."""

    EMAIL = "email"
    PERSONAL_NUMBER = "personal_number"


class UnknownPerson(enum.StrEnum):
    """What happens to a person the provider vouches for who has no account yet."""

    REFUSE = "refuse"
    ACCOUNT_WITHOUT_ROLES = "account_without_roles"


class SsoRefusal(enum.StrEnum):
    """Why a sign-in through an identity provider, or a change to its settings, is refused
    (words: `labels.SSO_REFUSALS`)."""

    PROVIDER_OFF = "provider_off"  # switched off, or removed, since the sign-in began
    PROVIDER_DOWN = "provider_down"  # no answer, or not a provider's answer
    PROVIDER_ERROR = "provider_error"  # the provider answered with an error (e.g. cancelled)
    BAD_ANSWER = "bad_answer"  # a forged, altered, replayed, expired or misdirected answer
    CLOCK_SKEW = "clock_skew"  # valid, but not yet or no longer by this server's clock
    WRONG_AUDIENCE = "wrong_audience"  # meant for another service
    LOA_TOO_LOW = "loa_too_low"
    NO_CLAIM = "no_claim"  # the answer lacks the attribute that names the account
    NO_EMAIL = "no_email"  # an account would be made, but the answer has no email address
    UNKNOWN_PERSON = "unknown_person"
    ACCOUNT_INACTIVE = "account_inactive"
    EMAIL_TAKEN = "email_taken"  # an account would be made, but the address is another's
    SECRET_MISSING = "secret_missing"  # noqa: S105 - a reason, not a secret
    STEP_EXPIRED = "step_expired"  # the sign-in began too long ago, or in another browser
    PASSWORDS_OFF = "passwords_off"
    NOT_PROVEN = "not_proven"  # passwords cannot go off before single sign-on has worked
    LAST_PROVIDER = "last_provider"  # the last login of a municipality without passwords
    NAME_TAKEN = "name_taken"
    # The administrator's side of PROVIDER_DOWN and SECRET_MISSING, said at the form's field.
    NO_DISCOVERY = "no_discovery"  # no OpenID provider answers at the address given
    SECRET_NOT_THERE = "secret_not_there"  # noqa: S105 - a reason, not a secret
    # SAML 2.0: the identity provider's metadata, and a login whose metadata no longer serves
    METADATA_MISSING = "metadata_missing"
    METADATA_BROKEN = "metadata_broken"  # not SAML metadata (not XML, or not metadata)
    METADATA_NO_IDP = "metadata_no_idp"  # no identity provider with a certificate and an address
    METADATA_SEVERAL = "metadata_several"  # more than one identity provider
    METADATA_EXPIRED = "metadata_expired"
    METADATA_UNREACHABLE = "metadata_unreachable"  # the address gave no answer, or an error
    NOT_SET_UP = "not_set_up"
