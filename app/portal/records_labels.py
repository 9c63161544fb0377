"""The words of the participant's consents, certificates and data: plain words, short sentences
(lättläst)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.cases.vocab import ConsentKind
from app.portal.vocab import ConsentRefusal

# What each consent is about, as a question the participant says yes to.
CONSENT_TITLES = {
    ConsentKind.REGISTRATION: _l("We may save facts about you in Validera"),
    ConsentKind.EMPLOYERS: _l("Employers may see what you can do"),
    ConsentKind.OTHER_MUNICIPALITY: _l("We may send your case to another municipality"),
    ConsentKind.MANAGER: _l("Your manager may follow your validation"),
}

# What it covers.
CONSENT_TEXTS = {
    ConsentKind.REGISTRATION: _l(
        "We save facts about you and your validation: your name, your plan, your meetings and "
        "your results. We need them to do the validation with you."
    ),
    ConsentKind.EMPLOYERS: _l(
        "Employers who look for staff may see what you can do. They do not see your name. "
        "If an employer wants to meet you, your coach asks you first."
    ),
    ConsentKind.OTHER_MUNICIPALITY: _l(
        "If you move, or get help in another municipality near by, we may send your case "
        "there. Then you do not have to start again."
    ),
    ConsentKind.MANAGER: _l(
        "The manager who sent you to validation may see how far you have come: the step you "
        "are at, the parts you have done and your certificate."
    ),
}

# What happens at once when it is withdrawn.
WITHDRAW_TEXTS = {
    ConsentKind.REGISTRATION: _l(
        "Your coach gets a message and will talk with you about your validation. We cannot "
        "begin to find out what you can do without this consent. What we have already saved "
        "is kept as the law says."
    ),
    ConsentKind.EMPLOYERS: _l(
        "From now on, employers cannot find you or see what you can do. Your coach gets a message."
    ),
    ConsentKind.OTHER_MUNICIPALITY: _l(
        "From now on, we cannot send your case to another municipality. Your coach gets a message."
    ),
    ConsentKind.MANAGER: _l(
        "From now on, your manager cannot see how far you have come. Your coach gets a "
        "message. You cannot give this consent again here: ask your manager or your coach."
    ),
}

REFUSALS = {
    ConsentRefusal.ALREADY_GIVEN: _l("You have already given this consent."),
    ConsentRefusal.ALREADY_WITHDRAWN: _l(
        "This consent is not given, so there is nothing to take back."
    ),
    ConsentRefusal.NOT_OFFERED: _l("Talk to your coach about this consent."),
}
