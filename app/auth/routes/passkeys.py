"""Passkeys and security keys: adding and removing one's own (on the two-factor page), and the
second step of logging in with one (see app/auth/passkeys.py).

Each ceremony is two requests: the script (static/js/passkeys.js) asks for the options (JSON),
has the browser talk to the key, puts the key's answer in the form's hidden field and sends the
form as any other. Without the script the form still goes, and the answer says what is missing.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth import bp
from app.auth.factor_forms import ConfirmPasswordForm, PasskeyForm, PasskeySignInForm
from app.auth.factor_models import WebAuthnCredential
from app.auth.passkeys import (
    add_passkey,
    is_last_factor,
    registration_options,
    remove_passkey,
    sign_in_options,
    sign_in_with_passkey,
)
from app.auth.routes.factors import (
    codes_page,
    half_signed_in,
    second_step_page,
    throttled_step,
    two_factor_page,
)
from app.auth.routes.login import safe_next
from app.auth.throttle import login_wait
from app.permissions import login_required, public
from app.refusals import Refused
from app.web import commit, load, me, refusal_texts, save, show_refused


def _options(options: str | Refused):
    """The options for the browser as JSON, or why not (400, with the words to show)."""
    if isinstance(options, Refused):
        return {"error": " ".join(refusal_texts(options))}, 400
    return current_app.response_class(options, mimetype="application/json")


@bp.post("/account/passkeys/options")
@login_required
def passkey_options():
    """Begin adding a passkey or security key: the options for the browser (JSON)."""
    form = PasskeyForm()
    if not form.validate_on_submit():  # the script then sends the form: the words at the field
        return {"invalid": sorted(form.errors)}, 422
    return _options(registration_options(me()))


@bp.post("/account/passkeys")
@login_required
def passkey_add():
    """Add the passkey or security key the browser made; the recovery codes, once, when it is
    the account's first second factor."""
    form = PasskeyForm()
    if not form.validate_on_submit():
        return two_factor_page(passkey_form=form)
    outcome = commit(lambda: add_passkey(me(), form.name.data, form.credential.data))
    if isinstance(outcome, Refused):
        show_refused(outcome, form)
        return two_factor_page(passkey_form=form)
    flash(_("The key “%(name)s” is added. Use it when you log in.", name=form.name.data), "success")
    return codes_page(outcome) if outcome else redirect(url_for("auth.two_factor"))


@bp.route("/account/passkeys/<int:passkey_id>/remove", methods=["GET", "POST"])
@login_required
def passkey_remove(passkey_id: int):
    """Remove one of one's own passkeys or security keys, given the password."""
    key = load(WebAuthnCredential, passkey_id, "auth.own_passkey")
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        done = save(
            lambda: remove_passkey(me(), key, form.password.data),
            lambda left: _removed(key.name, left),
            url_for("auth.two_factor"),
            form=form,
        )
        if done:
            return done
    last = is_last_factor(me(), key)
    return render_template("auth/passkey_remove.html", key=key, form=form, last_factor=last)


def _removed(name: str, factor_left: bool) -> str:
    if factor_left:
        return _("The key “%(name)s” is removed.", name=name)
    return _("The key “%(name)s” is removed. You log in with your password only.", name=name)


@bp.post("/login/passkey/options")
@public
def login_passkey_options():
    """The second step of logging in with a passkey or security key: the options (JSON)."""
    user, away = half_signed_in()
    if away is not None:
        return away
    return _options(sign_in_options(user))


@bp.post("/login/passkey")
@public
def login_passkey():
    """The second step of logging in with a passkey or security key: the browser's answer."""
    user, away = half_signed_in()
    if away is not None:
        return away
    form = PasskeySignInForm()
    ip = request.remote_addr or "unknown"
    wait = login_wait(user.email, ip)
    if wait is not None:
        return throttled_step(user, wait, passkey_form=form)
    refused = commit(lambda: sign_in_with_passkey(user, form.credential.data, ip))
    if refused is None:
        return redirect(safe_next(form.next.data))
    show_refused(refused)
    return second_step_page(user, passkey_form=form)
