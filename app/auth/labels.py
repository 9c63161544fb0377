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
}
