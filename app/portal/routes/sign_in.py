"""Signing in to My pages: e-ID through the municipality's provider, a code by email, or a
code from the coach. Every answer is the same whether or not an address is known."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.federation import login_providers
from app.auth.throttle import login_wait, normal_email
from app.permissions import public
from app.portal import bp, queries, services
from app.portal.forms import AskCodeForm, HandoverCodeForm, MailCodeForm
from app.portal.routes.waits import wait_words
from app.web import commit

ADDRESS = "portal_code_address"  # the session's note of where a code was asked for


def _ip() -> str:
    return request.remote_addr or "unknown"


@bp.get("/sign-in")
@public
def sign_in():
    """The ways a participant signs in: e-ID, a code by email, a code from the coach."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return render_template(
        "portal/sign_in.html", providers=login_providers(), mail_codes=queries.any_mail_codes()
    )


@bp.route("/sign-in/email", methods=["GET", "POST"])
@public
def ask_code():
    """Ask for a code by email: the same answer whether or not the address is known."""
    form = AskCodeForm()
    if form.validate_on_submit():
        commit(lambda: services.ask_for_mail_code(form.email.data))
        session[ADDRESS] = normal_email(form.email.data)
        return redirect(url_for("portal.enter_code"))
    return render_template("portal/ask_code.html", form=form)


@bp.route("/sign-in/email/code", methods=["GET", "POST"])
@public
def enter_code():
    """Sign in with the code that came by email."""
    form = MailCodeForm(email=session.get(ADDRESS, ""))
    if not form.validate_on_submit():
        return render_template("portal/enter_code.html", form=form)
    wait = login_wait(form.email.data, _ip())
    if wait is not None:
        return render_template("portal/enter_code.html", form=form, wait=wait_words(wait)), 429
    user = commit(lambda: services.sign_in_with_mail_code(form.email.data, form.code.data, _ip()))
    if user is None:
        form.code.errors.append(_("The code is wrong or too old. Ask for a new code."))
        return render_template("portal/enter_code.html", form=form)
    session.pop(ADDRESS, None)
    return redirect(url_for("portal.index"))


@bp.route("/sign-in/code-from-coach", methods=["GET", "POST"])
@public
def handover():
    """Sign in with the code the coach gave in person."""
    form = HandoverCodeForm()
    if not form.validate_on_submit():
        return render_template("portal/handover.html", form=form)
    wait = login_wait(services.HANDOVER_KEY, _ip())
    if wait is not None:
        return render_template("portal/handover.html", form=form, wait=wait_words(wait)), 429
    user = commit(lambda: services.sign_in_with_handover_code(form.code.data, _ip()))
    if user is None:
        form.code.errors.append(_("The code is wrong or too old. Ask your coach for a new code."))
        return render_template("portal/handover.html", form=form)
    flash(_("You are signed in."), "info")
    return redirect(url_for("portal.index"))
