"""The words users see for the auth area's refusals."""

from flask_babel import lazy_gettext as _l

from app.auth.vocab import Refusal

REFUSALS = {
    Refusal.WRONG_PASSWORD: _l("The current password is wrong."),
}
