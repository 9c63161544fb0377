"""The words users see for the auth area's refusals."""

from flask_babel import lazy_gettext as _l

from app.auth.vocab import (
    FactorRefusal,
    LinkProblem,
    MatchOn,
    ProviderKind,
    Refusal,
    SsoRefusal,
    UnknownPerson,
)

REFUSALS = {
    Refusal.WRONG_PASSWORD: _l("The current password is wrong."),
    Refusal.RESET_LINK_DEAD: _l(
        "The link has been used already or has expired. Ask for a new one on the login page."
    ),
}

LINK_PROBLEMS = {
    LinkProblem.UNKNOWN: _l(
        "The link is not valid. Check that you opened the whole link from the message, or ask "
        "for a new one."
    ),
    LinkProblem.EXPIRED: _l(
        "The link has expired: a link works for %(minutes)s minutes after it was sent. Ask for "
        "a new one."
    ),
    LinkProblem.USED: _l(
        "The link has been used already, or the password has been changed since it was sent. "
        "Each link works once. Ask for a new one if you need to."
    ),
}

WELCOME_LINK_EXPIRED = _l(
    "The link has expired: a welcome link works for %(days)s days after it was sent. Ask the "
    "administrator who created your account for a new one, or ask for a link yourself."
)

FACTOR_REFUSALS = {
    FactorRefusal.NOT_A_CODE: _l(
        "Type the six digits your authenticator app shows now (spaces and dashes are fine)."
    ),
    FactorRefusal.WRONG_CODE: _l(
        "The code is not right. Type the six digits your authenticator app shows now."
    ),
    FactorRefusal.CODE_USED: _l("This code has been used already. Wait for the next one."),
    FactorRefusal.NOT_STARTED: _l("Start the set-up of the authenticator app again."),
    FactorRefusal.ALREADY_ON: _l("Your account already has an authenticator app."),
    FactorRefusal.WRONG_PASSWORD: _l("The password is wrong."),
    FactorRefusal.STEP_EXPIRED: _l("Too much time has passed. Log in again."),
    FactorRefusal.WRONG_SIGN_IN_CODE: _l(
        "The code is not right. Type the six digits your authenticator app shows now, or one of "
        "your recovery codes."
    ),
    FactorRefusal.WRONG_RECOVERY_CODE: _l(
        "The recovery code is not right, or it has been used already. Each code works once."
    ),
    FactorRefusal.PASSKEY_NO_ANSWER: _l(
        "Your browser gave no answer from a passkey or security key. It needs JavaScript turned "
        "on and support for passkeys: try again, or use another browser."
    ),
    FactorRefusal.PASSKEY_MALFORMED: _l(
        "The answer from your passkey or security key could not be read. Try again."
    ),
    FactorRefusal.PASSKEY_EXPIRED: _l(
        "Too much time passed before your passkey or security key answered. Try again."
    ),
    FactorRefusal.PASSKEY_WRONG_CHALLENGE: _l(
        "The answer from your passkey or security key belongs to another request (perhaps from "
        "another tab). Try again."
    ),
    FactorRefusal.PASSKEY_NOT_VERIFIED: _l(
        "The answer from your passkey or security key could not be verified. Try again."
    ),
    FactorRefusal.PASSKEY_UNKNOWN: _l(
        "This passkey or security key is not registered to your account. Use one you have "
        "added, or another way of logging in."
    ),
    FactorRefusal.PASSKEY_COUNTER: _l(
        "This passkey or security key is refused: its counter went back, as happens when a key "
        "has been copied. Use another way of logging in and tell your administrator."
    ),
    FactorRefusal.PASSKEY_TAKEN: _l("This passkey or security key is registered already."),
    FactorRefusal.PASSKEY_TOO_MANY: _l(
        "You have %(count)s passkeys and security keys, the most an account may have. Remove "
        "one before you add another."
    ),
}

PROVIDER_KIND_LABELS = {
    ProviderKind.OIDC: _l("OpenID Connect"),
    ProviderKind.SAML: _l("SAML 2.0"),
}

MATCH_ON_LABELS = {
    MatchOn.EMAIL: _l("Email address"),
    MatchOn.PERSONAL_NUMBER: _l("Personal number"),
}

UNKNOWN_PERSON_LABELS = {
    UnknownPerson.REFUSE: _l("Is refused: an administrator makes accounts"),
    UnknownPerson.ACCOUNT_WITHOUT_ROLES: _l(
        "Gets an account without roles, which an administrator then completes"
    ),
}

SSO_REFUSALS = {
    SsoRefusal.PROVIDER_OFF: _l("This login is not in use any more. Choose another way to log in."),
    SsoRefusal.PROVIDER_DOWN: _l(
        "The municipality's login does not answer right now. Try again in a while, or log in "
        "another way."
    ),
    SsoRefusal.PROVIDER_ERROR: _l(
        "The municipality's login did not log you in (%(error)s). Try again."
    ),
    SsoRefusal.BAD_ANSWER: _l(
        "The answer from the municipality's login could not be trusted, so you are not logged "
        "in. Start again from the login page."
    ),
    SsoRefusal.CLOCK_SKEW: _l(
        "The answer from the municipality's login is not valid at this server's time (the "
        "clocks differ). Try again; if it happens again, tell your administrator."
    ),
    SsoRefusal.WRONG_AUDIENCE: _l(
        "The answer from the municipality's login was meant for another service. Start again "
        "from the login page."
    ),
    SsoRefusal.LOA_TOO_LOW: _l(
        "Validera needs a stronger login than the one you used (assurance level %(given)s). Log "
        "in with an e-identification of a higher level, such as BankID or SITHS."
    ),
    SsoRefusal.NO_CLAIM: _l(
        "The municipality's login did not say who you are (%(claim)s is missing). Tell your "
        "administrator."
    ),
    SsoRefusal.NO_EMAIL: _l(
        "The municipality's login gave no email address, so no account can be made. Ask your "
        "administrator for an account."
    ),
    SsoRefusal.UNKNOWN_PERSON: _l(
        "You have no account in Validera. Ask your municipality's administrator for one."
    ),
    SsoRefusal.ACCOUNT_INACTIVE: _l(
        "Your account is deactivated. Ask your municipality's administrator."
    ),
    SsoRefusal.EMAIL_TAKEN: _l(
        "An account with your email address or personal number exists elsewhere in Validera. "
        "Ask your administrator."
    ),
    SsoRefusal.SECRET_MISSING: _l(
        "The login is not set up completely on the server (its client secret is missing). Tell "
        "your administrator."
    ),
    SsoRefusal.STEP_EXPIRED: _l(
        "Too much time passed, or the login was begun in another window. Start again from the "
        "login page."
    ),
    SsoRefusal.PASSWORDS_OFF: _l(
        "Your municipality logs in through its own login. Use its button on the login page."
    ),
    SsoRefusal.NOT_PROVEN: _l(
        "Log in through one of the municipality's logins yourself first, so that you know it "
        "works before passwords stop working."
    ),
    SsoRefusal.LAST_PROVIDER: _l(
        "This is the last login in use, and the municipality's staff have no passwords. Turn "
        "passwords on again first."
    ),
    SsoRefusal.NAME_TAKEN: _l("The municipality has a login with this name already."),
    SsoRefusal.NO_DISCOVERY: lambda problem="", **params: (
        _l(
            "No OpenID Connect provider answers at this address: %(problem)s. Give the issuer, or "
            "its address ending in /.well-known/openid-configuration."
        )
        % {"problem": DISCOVERY_PROBLEMS.get(problem, problem)}
    ),
    SsoRefusal.SECRET_NOT_THERE: _l(
        "The server has no client secret at %(ref)s. Whoever runs the server puts it in that "
        "environment variable or file; then save again."
    ),
    SsoRefusal.METADATA_MISSING: _l(
        "Choose the identity provider's metadata file, or give the address of its metadata."
    ),
    SsoRefusal.METADATA_BROKEN: _l(
        "This is not SAML metadata that Validera can read. Use the metadata file (XML) that the "
        "identity provider publishes, as it is."
    ),
    SsoRefusal.METADATA_NO_IDP: _l(
        "The metadata describes no identity provider that Validera can use: it needs one with a "
        "signing certificate and a login address for HTTP-Redirect."
    ),
    SsoRefusal.METADATA_SEVERAL: _l(
        "The metadata describes %(count)s identity providers. Load the metadata of the "
        "municipality's identity provider alone."
    ),
    SsoRefusal.METADATA_EXPIRED: _l(
        "The metadata is no longer valid (it was valid until %(until)s). Get a fresh copy from "
        "the identity provider."
    ),
    SsoRefusal.METADATA_UNREACHABLE: _l(
        "No metadata could be fetched from this address (%(reason)s). Check the address, or load "
        "the file instead."
    ),
    SsoRefusal.NOT_SET_UP: _l(
        "The municipality's login is not set up completely. Tell your administrator, or log in "
        "another way."
    ),
}

# Why a discovery address is no OpenID provider's (`SsoRefusal.NO_DISCOVERY`).
DISCOVERY_PROBLEMS = {
    "no_answer": _l("it does not answer"),
    "not_a_document": _l("its answer is not a discovery document"),
    "other_issuer": _l("the document names another issuer"),
    "insecure": _l("the document names addresses that do not begin with https://"),
    "no_keys": _l("its signing keys cannot be read"),
}
