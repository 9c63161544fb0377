"""The referral inbox: register a referral, then accept, reject or return it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.audit import record_many
from app.cases import bp
from app.cases.forms import DecisionForm, ReferralDetailsForm, ReferralForm
from app.cases.models import Referral
from app.cases.queries import inbox_referrals, incoming_transfers
from app.cases.routes.helpers import decide, load, show_refusals, viewed
from app.cases.services import lookup
from app.cases.services import participants as participant_ops
from app.cases.services import referrals as ops
from app.cases.vocab import ReferralStatus
from app.cases.workflow import TransitionRefused
from app.extensions import db
from app.permissions import permission
from app.web import me

REFERRAL_DATA = ("source", "referring_officer", "referrer_contact", "referred_on", "reason", "goal")


def _referral_data(form) -> dict:
    return {name: form[name].data for name in REFERRAL_DATA}


@bp.get("/referrals")
@permission("case.list")
def inbox():
    """Referrals waiting for a coach, returned ones, and cases other municipalities send."""
    home = me().municipality_id
    lists = {
        "waiting": inbox_referrals(home, ReferralStatus.WAITING),
        "returned": inbox_referrals(home, ReferralStatus.RETURNED),
        "transfers": incoming_transfers(home),
    }
    shown = [r.participant_id for r in (*lists["waiting"], *lists["returned"])]
    shown += [transfer.case.participant_id for transfer in lists["transfers"]]
    record_many("referral.inbox_viewed", None, shown)
    db.session.commit()
    return render_template("cases/inbox.html", **lists)


def _participant_for(form):
    """The municipality's participant with the number, or one registered now.

    Only this municipality's participants are looked at: whether the person is known anywhere
    else is never told, and a consented transfer is what links their cases later.
    """
    number = form.personal_number.parsed
    home = me().municipality
    existing = lookup.find_participant(number, home.id, "referral")
    if existing is not None:
        return existing
    data = {n: form[n].data for n in ("first_name", "last_name", "phone", "email")}
    return participant_ops.register_participant(number, home, data, me())


@bp.route("/referrals/new", methods=["GET", "POST"])
@permission("referral.create")
def referral_new():
    """Register a referral that arrived from social services, the PES or elsewhere."""
    form = ReferralForm()
    if form.validate_on_submit():
        participant = _participant_for(form)
        referral = ops.register_referral(participant, me().municipality, _referral_data(form), me())
        try:
            db.session.commit()
        except IntegrityError:  # the same person registered at the same moment
            db.session.rollback()
            form.personal_number.errors.append(_("This person was just registered: try again."))
        else:
            flash(_("The referral is waiting in the inbox."), "success")
            return redirect(url_for("cases.referral", referral_id=referral.id))
    return render_template("cases/referral_form.html", form=form, referral=None)


@bp.get("/referrals/<int:referral_id>")
@permission("referral.view")
def referral(referral_id: int):
    """A referral and, while it waits, the decisions a coach can take."""
    item = load(Referral, referral_id, "referral.view")
    viewed(item, item.participant_id, "referral.viewed")
    return render_template("cases/referral.html", referral=item, form=DecisionForm())


def _decision_redirect(item: Referral):
    return redirect(url_for("cases.referral", referral_id=item.id))


def _not_waiting(item: Referral):
    db.session.rollback()
    flash(_("The referral has already been decided."), "error")
    return _decision_redirect(item)


@bp.post("/referrals/<int:referral_id>/accept")
@permission("referral.decide")
def referral_accept(referral_id: int):
    """Accept the referral: a case is opened and assigned to me."""
    item = load(Referral, referral_id, "referral.decide", view_action="referral.view")
    try:
        case = ops.accept_referral(item, me())
        db.session.commit()
    except (ops.ReferralAlreadyDecided, StaleDataError, IntegrityError):
        return _not_waiting(item)
    except TransitionRefused as refused:
        return _refused(item, refused)
    flash(_("The referral was accepted and the case is assigned to you."), "success")
    return redirect(url_for("cases.case", case_id=case.id))


def _refused(item: Referral, refused: TransitionRefused):
    show_refusals(refused)
    return _decision_redirect(item)


def _decide(referral_id: int, operation, message: str):
    item = load(Referral, referral_id, "referral.decide", view_action="referral.view")
    return decide(
        item,
        operation,
        message,
        decided=ops.ReferralAlreadyDecided,
        on_decided=lambda: _not_waiting(item),
        page="cases/referral.html",
        referral=item,
    )


@bp.post("/referrals/<int:referral_id>/reject")
@permission("referral.decide")
def referral_reject(referral_id: int):
    """Reject the referral with a reason."""
    return _decide(referral_id, ops.reject_referral, _("The referral was rejected."))


@bp.post("/referrals/<int:referral_id>/return")
@permission("referral.decide")
def referral_return(referral_id: int):
    """Return the referral for completion, saying what is missing."""
    return _decide(referral_id, ops.return_referral, _("The referral was returned for completion."))


@bp.route("/referrals/<int:referral_id>/edit", methods=["GET", "POST"])
@permission("referral.view")
def referral_edit(referral_id: int):
    """Complete a referral that was returned, and put it back in the inbox."""
    item = load(Referral, referral_id, "referral.view")
    if item.status not in (ReferralStatus.RETURNED, ReferralStatus.WAITING):
        return _not_waiting(item)
    form = ReferralDetailsForm(obj=item)
    if form.validate_on_submit():
        try:
            ops.resubmit_referral(item, _referral_data(form), me())
            db.session.commit()
        except (ops.ReferralAlreadyDecided, StaleDataError):
            return _not_waiting(item)
        flash(_("The referral is waiting in the inbox again."), "success")
        return _decision_redirect(item)
    if request.method == "GET":
        viewed(item, item.participant_id, "referral.viewed")
    return render_template("cases/referral_form.html", form=form, referral=item)
