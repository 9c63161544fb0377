"""The referral inbox: register a referral, then accept, reject or return it."""

from __future__ import annotations

from functools import partial

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.cases import bp
from app.cases.forms import DecisionForm, ReferralDetailsForm, ReferralForm
from app.cases.models import Referral
from app.cases.queries import inbox_referrals, incoming_transfers
from app.cases.routes.helpers import decide
from app.cases.services import referrals as ops
from app.cases.vocab import ReferralStatus
from app.cases.workflow import Refusal
from app.permissions import permission
from app.refusals import Refused
from app.web import load, me, save, seen, seen_many, show_refused

REFERRAL_DATA = ("source", "referring_officer", "referrer_contact", "referred_on", "reason", "goal")
PERSON_DATA = ("first_name", "last_name", "phone", "email")


def _data(form, names) -> dict:
    return {name: form[name].data for name in names}


def _referral_url(item: Referral) -> str:
    return url_for("cases.referral", referral_id=item.id)


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
    seen_many("referral.inbox_viewed", None, shown)
    return render_template("cases/inbox.html", **lists)


@bp.route("/referrals/new", methods=["GET", "POST"])
@permission("referral.create")
def referral_new():
    """Register a referral that arrived from social services, the PES or elsewhere: for the
    municipality's participant with the number, or one registered now."""
    form = ReferralForm()
    existing = None
    if form.validate_on_submit():
        existing = ops.registered(form.personal_number.parsed, me().municipality)
        if existing is None or form.confirmed.data == str(existing.id):
            success = _("The referral is waiting in the inbox.")
            done = save(lambda: _refer(form), success, _referral_url, form=form)
            if done:
                return done
            existing = None
        else:  # the number is registered: shown side by side, and asked before it is attached
            seen("participant.registered_shown", existing, participant_id=existing.id)
            form.confirmed.data = str(existing.id)
    return render_template("cases/referral_form.html", form=form, referral=None, existing=existing)


def _refer(form) -> Referral:
    person, data = _data(form, PERSON_DATA), _data(form, REFERRAL_DATA)
    return ops.refer(form.personal_number.parsed, me().municipality, person, data, me())


@bp.get("/referrals/<int:referral_id>")
@permission("referral.view")
def referral(referral_id: int):
    """A referral and, while it waits, the decisions a coach can take."""
    item = load(Referral, referral_id, "referral.view")
    seen("referral.viewed", item, participant_id=item.participant_id)
    return render_template("cases/referral.html", referral=item, form=DecisionForm())


@bp.post("/referrals/<int:referral_id>/accept")
@permission("referral.decide")
def referral_accept(referral_id: int):
    """Accept the referral: a case is opened and assigned to me."""
    item = load(Referral, referral_id, "referral.decide", visible="referral.view")
    return save(
        lambda: ops.accept_referral(item, me()),
        _("The referral was accepted and the case is assigned to you."),
        lambda case: url_for("cases.case", case_id=case.id),
        back=_referral_url(item),
    )


def _decide(referral_id: int, operation, message: str):
    item = load(Referral, referral_id, "referral.decide", visible="referral.view")
    back = _referral_url(item)
    return decide(
        partial(operation, item), message, back=back, page="cases/referral.html", referral=item
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
    if not ops.is_pending(item):
        show_refused(Refused(Refusal.REFERRAL_DECIDED))
        return redirect(_referral_url(item))
    form = ReferralDetailsForm(obj=item)
    if form.validate_on_submit():
        data = _data(form, REFERRAL_DATA)
        success = _("The referral is waiting in the inbox again.")
        return save(lambda: ops.resubmit_referral(item, data, me()), success, _referral_url(item))
    if request.method == "GET":
        seen("referral.viewed", item, participant_id=item.participant_id)
    return render_template("cases/referral_form.html", form=form, referral=item)
