"""The words users see for the administration area's refusals and organisation pages."""

from flask_babel import lazy_gettext as _l

from app.admin.vocab import Refusal

REFUSALS = {
    Refusal.ROLE_NOT_YOURS: _l("You may not give or take away this role."),
    Refusal.ORGANISATION_NOT_YOURS: _l("You may not place an account in this organisation."),
    Refusal.OWN_ROLES: _l("You cannot change your own roles: another administrator does that."),
    Refusal.OWN_ORGANISATION: _l(
        "You cannot move your own account to another organisation: another administrator does that."
    ),
    Refusal.OWN_ACTIVE: _l("You cannot deactivate your own account."),
    Refusal.KEPT_ROLES: _l(
        "This account also holds roles that another administrator gives: only they can move "
        "it, deactivate it or reset its password."
    ),
    Refusal.EMAIL_TAKEN: _l("Another account already uses this email."),
    Refusal.PERSONAL_NUMBER_TAKEN: _l("Another account already has this personal number."),
    Refusal.MUNICIPALITY_TAKEN: _l("A municipality with this code or name already exists."),
    Refusal.ORG_NUMBER_TAKEN: _l("An employer with this organisation number already exists."),
    Refusal.HAS_LOGGED_IN: _l(
        "The person has logged in already, so a welcome link is no longer sent: reset the "
        "password instead if they need a new one."
    ),
    Refusal.DEACTIVATED: _l("The account is deactivated: activate it first."),
}

ORGANISATION_PAGES = {
    "municipality": {
        "new": _l("New municipality"),
        "back": _l("Back to municipalities"),
        "saved": _l("The municipality was saved."),
    },
    "employer": {
        "new": _l("New employer"),
        "back": _l("Back to employer organisations"),
        "saved": _l("The employer was saved."),
    },
}
