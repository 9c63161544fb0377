"""The second factor: the user's own page (authenticator app, recovery codes; passkeys in
routes/passkeys.py), the code after the password, and the system administrator's policy (see
app/auth/factors.py)."""

from __future__ import annotations

import segno
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import bp, second_step, totp
from app.auth.ceremonies import MAX_KEYS
from app.auth.factor_forms import (
    ConfirmPasswordForm,
    EnrolmentCodeForm,
    PasskeyForm,
    PasskeySignInForm,
    PolicyForm,
    SecondStepForm,
)
from app.auth.factors import (
    confirm_enrolment,
    enrolment_secret,
    make_recovery_codes,
    remove_factor,
    set_policy,
    sign_in_with_code,
    start_enrolment,
    unused_recovery_codes,
)
from app.auth.passkeys import keys_of
from app.auth.routes.login import safe_next, wait_text
from app.auth.throttle import Wait, login_wait
from app.permissions import login_required, permission, public
from app.vocab import Role
from app.web import commit, me, save, show_refused


@bp.get("/account/two-factor")
@login_required
def two_factor():
    """The user's second factor: set up an app or add a passkey, make new recovery codes,
    remove either."""
    return two_factor_page()


def two_factor_page(code_form=None, codes_form=None, remove_form=None, passkey_form=None):
    """The two-factor page, with the forms as sent where one was refused."""
    user = me()
    secret = enrolment_secret(user)
    qr = None
    if secret is not None:
        uri = totp.provisioning_uri(secret, user.email)
        qr = segno.make(uri, error="m").svg_data_uri(scale=4, border=2)
    return render_template(
        "auth/two_factor.html",
        enabled=second_step.has_factor(user),
        app_on=second_step.has_app(user),
        keys=keys_of(user),
        max_keys=MAX_KEYS,
        passkey_form=passkey_form or PasskeyForm(),
        required=second_step.factor_required(user),
        secret=totp.grouped(secret) if secret else None,
        qr=qr,
        left=unused_recovery_codes(user),
        code_form=code_form or EnrolmentCodeForm(),
        codes_form=codes_form or ConfirmPasswordForm(prefix="codes"),
        remove_form=remove_form or ConfirmPasswordForm(prefix="remove"),
    )


@bp.post("/account/two-factor/start")
@login_required
def two_factor_start():
    """Begin setting up an authenticator app (a new secret)."""
    here = url_for("auth.two_factor")
    return save(lambda: start_enrolment(me()), None, here)


@bp.post("/account/two-factor/confirm")
@login_required
def two_factor_confirm():
    """Turn the factor on with a first code; show the recovery codes once."""
    form = EnrolmentCodeForm()
    if not form.validate_on_submit():
        return two_factor_page(code_form=form)
    return _codes_made(
        lambda: confirm_enrolment(me(), form.code.data),
        _("Your authenticator app is on. You will be asked for a code when you log in."),
        form,
        lambda: two_factor_page(code_form=form),
    )


@bp.post("/account/two-factor/recovery-codes")
@login_required
def recovery_codes():
    """A new set of recovery codes (the old ones stop working); shown once."""
    form = ConfirmPasswordForm(prefix="codes")
    if not form.validate_on_submit():
        return two_factor_page(codes_form=form)
    return _codes_made(
        lambda: make_recovery_codes(me(), form.password.data),
        _("You have new recovery codes. The old ones no longer work."),
        form,
        lambda: two_factor_page(codes_form=form),
    )


def _codes_made(make, success: str, form, again):
    """Commit `make()`, which answers new recovery codes, and show them this once; when
    refused, `again()`: the page with the reason at the form's field."""
    made: list[str] = []
    done = save(lambda: made.extend(make()), success, url_for("auth.two_factor"), form=form)
    return codes_page(made) if done else again()


@bp.post("/account/two-factor/remove")
@login_required
def two_factor_remove():
    """Remove the authenticator app and the recovery codes, given the password."""
    form = ConfirmPasswordForm(prefix="remove")
    if form.validate_on_submit():
        done = save(
            lambda: remove_factor(me(), form.password.data),
            _app_removed,
            url_for("auth.two_factor"),
            form=form,
        )
        if done:
            return done
    return two_factor_page(remove_form=form)


def _app_removed(factor_left: bool) -> str:
    if factor_left:
        return _("Your authenticator app is removed. You log in with your passkey or security key.")
    return _("Your authenticator app is removed. You log in with your password only.")


def codes_page(codes: list[str]):
    """The recovery codes, this once: only their hashes are kept."""
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.route("/login/code", methods=["GET", "POST"])
@public
def login_code():
    """The second step of logging in: the code from the authenticator app or a recovery code
    (a passkey or security key: `login_passkey`)."""
    user, away = half_signed_in()
    if away is not None:
        return away
    form = SecondStepForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        ip = request.remote_addr or "unknown"
        wait = login_wait(user.email, ip)
        if wait is not None:
            return throttled_step(user, wait, form=form)
        refused = commit(lambda: sign_in_with_code(user, form.code.data, ip))
        if refused is None:
            return redirect(safe_next(form.next.data))
        show_refused(refused, form)
    return second_step_page(user, form=form)


def half_signed_in():
    """The account whose password this browser typed, or where to go instead: home when
    logged in already, the login page when no password was typed or too long ago."""
    if current_user.is_authenticated:
        return None, redirect(url_for("main.home"))
    user = second_step.pending_user()
    if user is None:
        second_step.forget()
        flash(_("Log in with your email and password first."), "info")
        return None, redirect(url_for("auth.login"))
    return user, None


def second_step_page(user, form=None, passkey_form=None, **extra):
    """The page of the second step: a passkey where the account has one, and the code field
    (from the app, or a recovery code)."""
    has_app = second_step.has_app(user)
    form = form or SecondStepForm(next=request.args.get("next", ""))
    if not has_app:
        form.code.description = _("One of your recovery codes.")
    return render_template(
        "auth/second_step.html",
        form=form,
        passkey_form=passkey_form or PasskeySignInForm(next=form.next.data),
        has_app=has_app,
        has_passkey=second_step.has_passkey(user),
        **extra,
    )


def throttled_step(user, wait: Wait, **forms):
    """The second step's page again, saying how long to wait (429, with Retry-After)."""
    page = second_step_page(user, throttled=wait_text(wait), **forms)
    return page, 429, {"Retry-After": str(wait.seconds)}


@bp.route("/admin/second-factor", methods=["GET", "POST"])
@permission("auth.factor_policy")
def factor_policy():
    """Which roles must sign in with a second factor (the system administrator's choice)."""
    form = PolicyForm()
    if form.validate_on_submit():
        chosen = {Role(value) for value in form.roles.data}
        done = save(
            lambda: set_policy(chosen, me()),
            _("The rule for the second factor is saved. It applies from each person's next login."),
            url_for("auth.factor_policy"),
            form=form,
        )
        if done:
            return done
    if not form.is_submitted():
        form.roles.data = sorted(role.value for role in second_step.required_roles())
    return render_template("auth/factor_policy.html", form=form)
