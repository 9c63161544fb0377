"""What the mail pages call things, in the user's language."""

from flask_babel import lazy_gettext as _l

from app.mail.vocab import Refusal

REFUSALS = {
    Refusal.NOT_FAILED: _l("This mail is no longer undelivered: it is sent or on its way."),
}
