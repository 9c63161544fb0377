"""The words users see for the auth area's refusals."""

from flask_babel import lazy_gettext as _l

from app.auth.vocab import FactorRefusal, LinkProblem, Refusal

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
