"""Transfers of a case to another municipality of the region."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from app.cases import bp
from app.cases.forms import DecisionForm, TransferForm
from app.cases.models import Transfer
from app.cases.routes.helpers import decide, load, load_case, save, show_refusals, viewed
from app.cases.services import expect_version
from app.cases.services import transfers as ops
from app.cases.workflow import TransitionRefused
from app.extensions import db
from app.organisations.models import Municipality
from app.permissions import login_required, permission
from app.web import me


def _region_choices(case) -> list[tuple[int, str]]:
    region = case.municipality.region
    towns = region.municipalities if region is not None else []
    return [(m.id, m.name) for m in towns if m.id != case.municipality_id]


@bp.route("/<int:case_id>/transfer", methods=["GET", "POST"])
@login_required
def transfer(case_id: int):
    """Send the case to another municipality in the region (with the participant's consent)."""
    item = load_case(case_id, "case.edit")
    form = TransferForm()
    form.municipality.choices = _region_choices(item)
    if request.method == "GET":
        form.version.data = item.version
    if form.validate_on_submit():
        receiving = db.session.get(Municipality, form.municipality.data)

        def change():
            expect_version(item, form.version.data)
            ops.request_transfer(item, receiving, form.message.data, me())

        save(change, _("The transfer was sent to %(name)s.", name=receiving.name))
        return redirect(url_for("cases.case", case_id=item.id))
    viewed(item, item.participant_id, "case.viewed")
    return render_template("cases/transfer.html", case=item, form=form)


def _load_transfer(transfer_id: int) -> Transfer:
    return load(Transfer, transfer_id, "transfer.decide")


@bp.get("/transfers/<int:transfer_id>")
@permission("transfer.decide")
def incoming(transfer_id: int):
    """A transfer sent to my municipality, to accept or reject."""
    item = _load_transfer(transfer_id)
    viewed(item.case, item.case.participant_id, "case.transfer_viewed")
    return render_template("cases/incoming.html", transfer=item, form=DecisionForm())


def _already_decided():
    db.session.rollback()
    flash(_("The transfer has already been decided."), "error")
    return redirect(url_for("cases.inbox"))


@bp.post("/transfers/<int:transfer_id>/accept")
@permission("transfer.decide")
def incoming_accept(transfer_id: int):
    """Accept the transfer: the case, with its history, becomes mine."""
    item = _load_transfer(transfer_id)
    try:
        ops.accept_transfer(item, me())
        db.session.commit()
    except (ops.TransferAlreadyDecided, StaleDataError):
        return _already_decided()
    except TransitionRefused as refused:
        show_refusals(refused)
        return redirect(url_for("cases.incoming", transfer_id=transfer_id))
    flash(_("The case was transferred to your municipality and assigned to you."), "success")
    return redirect(url_for("cases.case", case_id=item.case_id))


@bp.post("/transfers/<int:transfer_id>/reject")
@permission("transfer.decide")
def incoming_reject(transfer_id: int):
    """Reject the transfer with a reason; the case stays where it was."""
    item = _load_transfer(transfer_id)
    return decide(
        item,
        ops.reject_transfer,
        _("The transfer was rejected."),
        decided=ops.TransferAlreadyDecided,
        on_decided=_already_decided,
        page="cases/incoming.html",
        transfer=item,
    )
