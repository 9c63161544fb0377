"""The words users see for the auth area's refusals."""

from flask_babel import lazy_gettext as _l

from app.auth.vocab import FactorRefusal, Refusal

REFUSALS = {
    Refusal.WRONG_PASSWORD: _l("The current password is wrong."),
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
}
