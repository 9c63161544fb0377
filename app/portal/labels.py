"""The words of the participant's own pages: plain words, short sentences (lättläst)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.portal.vocab import Refusal, Step

STEPS = {
    Step.START: _l("We get to know you"),
    Step.MAPPING: _l("We find out what you can do"),
    Step.SHOWING: _l("You show what you can do"),
    Step.LEARNING: _l("You learn more"),
    Step.CHECKING: _l("We check the assessment"),
    Step.CERTIFICATE: _l("You get your certificate"),
    Step.WORK: _l("We look for work together"),
    Step.DONE: _l("Finished"),
}

STEP_TEXTS = {
    Step.START: _l("You meet your coach. You talk about what you want to do."),
    Step.MAPPING: _l("You and your coach write down what you can do. You can show papers and "
                     "photos from jobs you have had."),
    Step.SHOWING: _l("A person who knows the job watches you work or gives you a test."),
    Step.LEARNING: _l("You learn what is missing. Then you show it again."),
    Step.CHECKING: _l("Another person checks that the assessment is right."),
    Step.CERTIFICATE: _l("You get a paper that shows what you can do."),
    Step.WORK: _l("You and your coach look for a job or a work trial."),
    Step.DONE: _l("Your validation is finished."),
}  # fmt: skip

MEETINGS = {"meeting": _l("Meeting"), "assessment": _l("Assessment")}

REFUSALS = {
    Refusal.ANONYMISED: _l("The participant is anonymised and can have no account."),
    Refusal.ALREADY_OPEN: _l("The participant already has access to My pages."),
    Refusal.NO_ACCESS: _l("The participant has no access to My pages. Give access first."),
    Refusal.WRONG_CODE: _l("The code is wrong or too old. Ask for a new code."),
    Refusal.NOT_A_CODE: _l("Write the code you got."),
}
