"""A summons (kallelse) from the case: the coach fills in the letter, previews it, then prints
it (PDF) or mails it to the participant."""

from __future__ import annotations

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _

from app.cases import bp, summons_letter
from app.cases.facts import fact
from app.cases.forms import SummonsForm
from app.cases.models import Case
from app.cases.services import summonses as ops
from app.permissions import permission
from app.web import commit, load, me, save, seen


def _summons_page(case, form, preview=None):
    return render_template("cases/summons.html", case=case, form=form, preview=preview)


def _defaults(case, form) -> None:
    """The coach as contact person; the participant's language; mail when it is allowed."""
    coach, participant = me(), case.participant
    form.contact_name.data, form.contact_phone.data = coach.name, coach.phone
    form.contact_email.data = coach.email
    form.language.data = ops.letter_language(participant)
    may_mail = participant.email and not participant.is_protected
    form.delivery.data = "mail" if may_mail else "print"


def _printed(case, form) -> Response:
    summons, content = commit(lambda: ops.print_summons(case, form.data, me()))
    response = Response(content, mimetype="application/pdf")
    name = f"kallelse-{case.id}-{summons.id}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/<int:case_id>/summons", methods=["GET", "POST"])
@permission("case.summon")
def summons(case_id: int):
    """Fill in a summons, preview it, then print it or mail it to the participant."""
    item = load(Case, case_id, "case.summon")
    form = SummonsForm().for_case(fact(item, "planned_assessments"))
    if request.method == "GET":
        _defaults(item, form)
    if not form.validate_on_submit():
        seen("case.viewed", item, participant_id=item.participant_id)
        return _summons_page(item, form)
    if "preview" in request.form:
        seen("case.viewed", item, participant_id=item.participant_id)
        letter = summons_letter.compose(ops.draft(item, form.data, me()), with_address=True)
        return _summons_page(item, form, letter)
    if form.delivery.data == "print":
        return _printed(item, form)
    done = save(
        lambda: ops.mail_summons(item, form.data, me()),
        _("The summons was mailed to the participant."),
        url_for("cases.case", case_id=item.id),
        form=form,
    )
    return done or _summons_page(item, form)
