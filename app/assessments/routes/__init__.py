"""Views of the assessments area (`app.assessments.init_app` loads each module), with the
helpers and error handler they share."""

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.assessments import bp, labels
from app.assessments.rules import Refused
from app.cases.access import shows_identity
from app.extensions import db
from app.vocab import Role


@bp.app_context_processor
def assessment_helpers() -> dict:
    """Labels and the participant's name as the viewer may see it, for every template."""
    return {"assessment_labels": labels, "participant_label": participant_label}


def participant_label(case) -> str:
    """The participant's name, unless protected from the viewer or the viewer is the EK."""
    user = current_user
    if user.has_role(Role.EXTERNAL_VERIFIER) and not user.has_role(
        Role.COACH, Role.ASSESSOR, Role.INTERNAL_VERIFIER
    ):
        return _("Case %(number)s", number=case.id)
    if not shows_identity(user, case.participant):
        return _("Protected identity")
    return case.participant.full_name


@bp.app_errorhandler(Refused)
def refused(error: Refused):
    """A rule of assessment refused what a view of another area asked (the administration
    saving an account's roles, say): nothing is saved, and the reasons are shown at the top of
    the page the form is on, in the user's language."""
    db.session.rollback()
    for text in labels.refusal_texts(error.refusals):
        flash(text, "error")
    rule = request.url_rule
    if request.method != "GET" and rule is not None and "GET" in (rule.methods or ()):
        return redirect(request.path, code=303)
    return render_template("errors/error.html", status=400), 400
