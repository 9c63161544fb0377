"""The referral inbox: register a referral, then accept, reject or return it."""

from __future__ import annotations

from functools import partial

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.cases import bp
from app.cases.forms import (
    DecisionForm,
    NumberForm,
    ReferralDetailsForm,
    ReferralForm,
    VersionedForm,
)
from app.cases.models import Referral
from app.cases.queries import inbox_referrals, incoming_transfers
from app.cases.routes.helpers import decide
from app.cases.services import referrals as ops
from app.cases.services.duplicates import flags_of, open_flags
from app.cases.vocab import ReferralStatus
from app.cases.workflow import Refusal
from app.permissions import permission
from app.refusals import Refused
from app.web import load, me, save, seen, seen_many, show_refused

REFERRAL_DATA = ("source", "referring_officer", "referrer_contact", "referred_on", "reason", "goal")
PERSON_DATA = ("first_name", "last_name", "phone", "email")
RESERVE_DATA = ("date_of_birth", "gender")


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
    duplicates = open_flags(home, shown)
    shown += [transfer.case.participant_id for transfer in lists["transfers"]]
    seen_many("referral.inbox_viewed", None, shown)
    return render_template("cases/inbox.html", duplicates=duplicates, **lists)


@bp.route("/referrals/new", methods=["GET", "POST"])
@permission("referral.create")
def referral_new():
    """Register a referral that arrived from social services, the PES or elsewhere: for the
    municipality's participant with the number, or one registered now."""
    form = ReferralForm()
    existing = None
    if form.validate_on_submit():
        number = form.personal_number.parsed
        existing = ops.registered(number, me().municipality) if number else None
        if existing is None or form.confirmed.data == str(existing.id):
            success = _("The referral is waiting in the inbox.")
            done = save(lambda: _refer(form, existing), success, _referral_url, form=form)
            if done:
                return done
            existing = None
        else:  # the number is registered: shown side by side, and asked before it is attached
            seen("participant.registered_shown", existing, participant_id=existing.id)
            form.confirmed.data = str(existing.id)
    return render_template("cases/referral_form.html", form=form, referral=None, existing=existing)


def _refer(form, existing) -> Referral:
    """The referral, confirmed for the registered person when the page showed them (the names
    side by side), and with a reserve identity when the person has no number."""
    person, data = _data(form, PERSON_DATA), _data(form, REFERRAL_DATA)
    if form.no_number.data:
        person |= _data(form, RESERVE_DATA)
    number = form.personal_number.parsed
    same = existing is not None
    return ops.refer(number, me().municipality, person, data, me(), same_person=same)


def _referral_page(item: Referral, form=None, number_form=None, status=200):
    """The referral page: its name flag with the choices, its probable duplicates, decisions."""
    seen("referral.viewed", item, participant_id=item.participant_id)
    return render_template(
        "cases/referral.html",
        referral=item,
        form=form or DecisionForm(formdata=None),
        number_form=number_form or NumberForm(formdata=None, version=item.version),
        choice_form=VersionedForm(formdata=None, version=item.version),
        duplicates=flags_of(item.participant),
    ), status


@bp.get("/referrals/<int:referral_id>")
@permission("referral.view")
def referral(referral_id: int):
    """A referral and, while it waits, the choices and decisions a coach can take."""
    return _referral_page(load(Referral, referral_id, "referral.view"))


@bp.post("/referrals/<int:referral_id>/same-person")
@permission("referral.decide")
def referral_same_person(referral_id: int):
    """The typed name differs, and the coach confirms it is the registered person."""
    item = load(Referral, referral_id, "referral.decide", visible="referral.view")
    form = VersionedForm()
    if not form.validate_on_submit():
        return _referral_page(item, status=400)
    success = _("You confirmed that the referral is for the registered person.")
    return save(
        lambda: ops.confirm_name(item, form.version.data, me()),
        success,
        _referral_url(item),
        back=_referral_url(item),
    )


@bp.post("/referrals/<int:referral_id>/number")
@permission("referral.decide")
def referral_number(referral_id: int):
    """The typed name differs, and the coach corrects the number the referrer gave."""
    item = load(Referral, referral_id, "referral.decide", visible="referral.view")
    form = NumberForm()
    if form.validate_on_submit():
        number, version = form.personal_number.parsed, form.version.data
        success = _("The number was corrected.")
        done = save(
            lambda: ops.correct_number(item, number, version, me()),
            success,
            _referral_url(item),
            form=form,
        )
        if done:
            return done
    return _referral_page(item, number_form=form)


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
