"""A participant: details, consents and cases."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from app.cases import bp
from app.cases.access import in_municipality, is_assigned_coach
from app.cases.forms import ConsentForm, ParticipantForm
from app.cases.models import Participant
from app.cases.services import expect_version
from app.cases.services import participants as ops
from app.cases.services.duplicates import flags_of
from app.permissions import login_required
from app.vocab import Role
from app.web import load, me, save, seen


def _page(participant, consent_form, status=200):
    staff = me().has_role(Role.COACH, Role.ADMIN) and in_municipality(me(), participant)
    return render_template(
        "cases/participant.html",
        participant=participant,
        consent_form=consent_form,
        is_staff=staff,
        duplicates=flags_of(participant) if staff else [],
        full_number=is_assigned_coach(me(), participant),
    ), status


@bp.get("/participants/<int:participant_id>")
@login_required
def participant(participant_id: int):
    """The participant's page; the assigned coach sees the full personal number."""
    item = load(Participant, participant_id, "participant.view", visible="participant.view")
    seen("participant.viewed", item, participant_id=item.id)
    return _page(item, ConsentForm(formdata=None))


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@login_required
def participant_edit(participant_id: int):
    """Edit the participant's details and ESF data."""
    item = load(Participant, participant_id, "participant.edit", visible="participant.view")
    form = ParticipantForm(obj=item)
    if form.validate_on_submit():
        data = {name: form[name].data for name in ops.DETAIL_FIELDS}
        data["date_of_birth"] = form.date_of_birth.data

        def change():
            expect_version(item, form.version.data)
            ops.update_participant(item, data, me())

        to = url_for("cases.participant", participant_id=item.id)
        return save(change, _("The participant's details were saved."), to)
    if request.method == "GET":
        seen("participant.viewed", item, participant_id=item.id)
    return render_template("cases/participant_form.html", participant=item, form=form)


@bp.post("/participants/<int:participant_id>/consents")
@login_required
def consent(participant_id: int):
    """Record a consent given or withdrawn."""
    item = load(Participant, participant_id, "participant.edit", visible="participant.view")
    form = ConsentForm()
    if not form.validate_on_submit():
        return _page(item, form)

    def change():
        ops.record_consent(
            item,
            form.kind.data,
            given=form.given.data == "1",
            effective_on=form.effective_on.data,
            note=form.note.data,
            actor=me(),
        )

    to = url_for("cases.participant", participant_id=item.id) + "#consents"
    return save(change, _("The consent was recorded."), to)
