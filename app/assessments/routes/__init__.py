"""Views of the assessments area (`app.assessments.init_app` loads each module), and what
their templates share."""

from flask_babel import gettext as _
from flask_login import current_user

from app.assessments import bp, labels
from app.cases.access import shows_identity
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
