"""What the data-protection pages call things, in the user's language."""

from flask_babel import lazy_gettext as _l

from app.privacy.vocab import Refusal

REFUSALS = {
    Refusal.ANONYMISED: _l("The participant is already anonymised."),
    Refusal.OPEN_CASE: _l(
        "The participant has a case that is not closed: the data must be kept while the case "
        "is handled. Close the case first."
    ),
    Refusal.PENDING_REFERRAL: _l(
        "A referral for the participant waits for a decision: decide it before erasing."
    ),
    Refusal.ALREADY_REVIEWED: _l("This month has already been marked as reviewed."),
    Refusal.FUTURE_MONTH: _l("A month can be marked as reviewed once it has begun."),
}

FLAG_KINDS = {
    "bulk": _l("Many participants opened in a short time"),
    "protected": _l("Protected identity opened by someone not assigned"),
    "off_hours": _l("Read outside office hours"),
}
