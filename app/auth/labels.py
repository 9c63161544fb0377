"""The words users see for the auth area's refusals."""

from flask_babel import lazy_gettext as _l

from app.auth.vocab import LinkProblem, Refusal

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
