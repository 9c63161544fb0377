"""The words users see for the administration area's refusals and organisation pages."""

from flask_babel import lazy_gettext as _l

REFUSALS = {
    "role_not_yours": _l("You may not give or take away this role."),
    "organisation_not_yours": _l("You may not place an account in this organisation."),
    "own_roles": _l("You cannot change your own roles: another administrator does that."),
    "own_organisation": _l(
        "You cannot move your own account to another organisation: another administrator does that."
    ),
    "own_active": _l("You cannot deactivate your own account."),
    "kept_roles": _l(
        "This account also holds roles that another administrator gives: only they can move "
        "it, deactivate it or reset its password."
    ),
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
