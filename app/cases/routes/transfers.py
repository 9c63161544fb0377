"""Transfers of a case to another municipality of the region."""

from __future__ import annotations

from functools import partial

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.cases import bp
from app.cases.forms import DecisionForm, TransferForm
from app.cases.models import Case, Transfer
from app.cases.routes.helpers import decide
from app.cases.services import expect_version
from app.cases.services import transfers as ops
from app.cases.vocab import TransferStatus
from app.cases.workflow import Refusal
from app.extensions import db
from app.organisations.models import Municipality
from app.permissions import login_required, permission
from app.refusals import Refused
from app.web import load, me, save, seen, show_refused


def _region_choices(case) -> list[tuple[int, str]]:
    region = case.municipality.region
    towns = region.municipalities if region is not None else []
    return [(m.id, m.name) for m in towns if m.id != case.municipality_id]


@bp.route("/<int:case_id>/transfer", methods=["GET", "POST"])
@login_required
def transfer(case_id: int):
    """Send the case to another municipality in the region (with the participant's consent)."""
    item = load(Case, case_id, "case.edit", visible="case.view")
    form = TransferForm()
    form.municipality.choices = _region_choices(item)
    if request.method == "GET":
        form.version.data = item.version
    if form.validate_on_submit():
        receiving = db.session.get(Municipality, form.municipality.data)

        def change():
            expect_version(item, form.version.data)
            ops.request_transfer(item, receiving, form.message.data, me())

        success = _("The transfer was sent to %(name)s.", name=receiving.name)
        return save(change, success, url_for("cases.case", case_id=item.id))
    seen("case.viewed", item, participant_id=item.participant_id)
    return render_template("cases/transfer.html", case=item, form=form)


@bp.get("/transfers/<int:transfer_id>")
@permission("transfer.decide")
def incoming(transfer_id: int):
    """A transfer sent to my municipality, to accept or reject."""
    item = load(Transfer, transfer_id, "transfer.decide")
    seen("case.transfer_viewed", item.case, participant_id=item.case.participant_id)
    return render_template("cases/incoming.html", transfer=item, form=DecisionForm())


@bp.post("/transfers/<int:transfer_id>/accept")
@permission("transfer.decide")
def incoming_accept(transfer_id: int):
    """Accept the transfer: the case, with its history, becomes mine."""
    item = load(Transfer, transfer_id, "transfer.decide")
    if item.status is not TransferStatus.PENDING:
        show_refused(Refused(Refusal.TRANSFER_DECIDED))
        return redirect(url_for("cases.inbox"))
    return save(
        lambda: ops.accept_transfer(item, me()),
        _("The case was transferred to your municipality and assigned to you."),
        url_for("cases.case", case_id=item.case_id),
        back=url_for("cases.incoming", transfer_id=item.id),
    )


@bp.post("/transfers/<int:transfer_id>/reject")
@permission("transfer.decide")
def incoming_reject(transfer_id: int):
    """Reject the transfer with a reason; the case stays where it was."""
    item = load(Transfer, transfer_id, "transfer.decide")
    reject = partial(ops.reject_transfer, item)
    success = _("The transfer was rejected.")
    back = url_for("cases.inbox")
    return decide(reject, success, back=back, page="cases/incoming.html", transfer=item)
