"""What several views of the assessments area do the same way."""

from __future__ import annotations

from flask import redirect, url_for

from app.assessments.rules import Refusal
from app.web import Refused, show_refused


def assessment_url(assessment) -> str:
    """The assessment's page."""
    return url_for("assessments.show", assessment_id=assessment.id)


def closed(assessment):
    """Back to the assessment's page, saying that its results are kept as they are."""
    show_refused(Refused(Refusal.ASSESSMENT_CLOSED))
    return redirect(assessment_url(assessment))


def show_problems(form, problems: dict) -> bool:
    """The rules' reasons at the form's fields (`problems`: field name → reasons, None for the
    top of the page); True when there are none."""
    for name, reasons in problems.items():
        show_refused(Refused(*reasons, field=name), form)
    return not problems
