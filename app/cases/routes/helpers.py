"""What the cases area's templates share, and the one form that decides a referral or transfer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.cases import bp, labels
from app.cases.access import is_assigned_coach, shows_identity
from app.cases.forms import DecisionForm
from app.cases.models import Participant
from app.cases.sections import section_of
from app.web import me, save

PROTECTED = _l("Protected identity")


def decide(operation: Callable, success: str, *, back: str, page: str, **context: Any):
    """Reject or return a referral or transfer (`operation(actor, reason)`) with the reason the
    user gave, then go to the inbox; the page again while the reason is missing, and `back`
    when someone decided first."""
    form = DecisionForm()
    if form.validate_on_submit():
        to = url_for("cases.inbox")
        return save(lambda: operation(me(), form.reason.data), success, to, back=back)
    return render_template(page, form=form, **context)


def participant_name(participant: Participant) -> str:
    """The name, or a placeholder under protected identity unless the user is the coach."""
    if shows_identity(current_user, participant):
        return participant.full_name
    return str(PROTECTED)


@bp.context_processor
def _helpers() -> dict:
    return {
        "labels": labels,
        "participant_name": participant_name,
        "shows_identity": lambda p: shows_identity(current_user, p),
        "is_assigned_coach": lambda p: is_assigned_coach(current_user, p),
    }


@bp.app_context_processor
def _case_header_helpers() -> dict:
    """What the case header needs on the pages of other areas that show it."""
    return {
        "case_stage_labels": labels.STAGES,
        "case_participant_name": participant_name,
        "case_section_of": section_of,
    }
