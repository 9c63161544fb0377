"""The second factor: the user's own enrolment page, the code after the password, and the
system administrator's policy (see app/auth/factors.py)."""

from __future__ import annotations

import segno
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import bp, second_step, totp
from app.auth.factor_forms import (
    ConfirmPasswordForm,
    EnrolmentCodeForm,
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
from app.auth.routes.login import safe_next, wait_text
from app.auth.throttle import login_wait
from app.permissions import login_required, permission, public
from app.vocab import Role
from app.web import commit, me, save, show_refused


@bp.get("/account/two-factor")
@login_required
def two_factor():
    """The user's second factor: set it up, or make new recovery codes, or remove it."""
    return _page()


def _page(code_form=None, codes_form=None, remove_form=None):
    user = me()
    secret = enrolment_secret(user)
    qr = None
    if secret is not None:
        uri = totp.provisioning_uri(secret, user.email)
        qr = segno.make(uri, error="m").svg_data_uri(scale=4, border=2)
    return render_template(
        "auth/two_factor.html",
        enabled=second_step.has_factor(user),
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
        return _page(code_form=form)
    return _codes_made(
        lambda: confirm_enrolment(me(), form.code.data),
        _("Your authenticator app is on. You will be asked for a code when you log in."),
        form,
        lambda: _page(code_form=form),
    )


@bp.post("/account/two-factor/recovery-codes")
@login_required
def recovery_codes():
    """A new set of recovery codes (the old ones stop working); shown once."""
    form = ConfirmPasswordForm(prefix="codes")
    if not form.validate_on_submit():
        return _page(codes_form=form)
    return _codes_made(
        lambda: make_recovery_codes(me(), form.password.data),
        _("You have new recovery codes. The old ones no longer work."),
        form,
        lambda: _page(codes_form=form),
    )


def _codes_made(make, success: str, form, again):
    """Commit `make()`, which answers new recovery codes, and show them this once; when
    refused, `again()`: the page with the reason at the form's field."""
    made: list[str] = []
    done = save(lambda: made.extend(make()), success, url_for("auth.two_factor"), form=form)
    return _codes_page(made) if done else again()


@bp.post("/account/two-factor/remove")
@login_required
def two_factor_remove():
    """Remove the authenticator app and the recovery codes, given the password."""
    form = ConfirmPasswordForm(prefix="remove")
    if form.validate_on_submit():
        done = save(
            lambda: remove_factor(me(), form.password.data),
            _("Your authenticator app is removed. You log in with your password only."),
            url_for("auth.two_factor"),
            form=form,
        )
        if done:
            return done
    return _page(remove_form=form)


def _codes_page(codes: list[str]):
    """The recovery codes, this once: only their hashes are kept."""
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.route("/login/code", methods=["GET", "POST"])
@public
def login_code():
    """The second step of logging in: the code from the authenticator app or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    user = second_step.pending_user()
    if user is None:
        second_step.forget()
        flash(_("Log in with your email and password first."), "info")
        return redirect(url_for("auth.login"))
    form = SecondStepForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        ip = request.remote_addr or "unknown"
        wait = login_wait(user.email, ip)
        if wait is not None:
            page = render_template("auth/second_step.html", form=form, throttled=wait_text(wait))
            return page, 429, {"Retry-After": str(wait.seconds)}
        refused = commit(lambda: sign_in_with_code(user, form.code.data, ip))
        if refused is None:
            return redirect(safe_next(form.next.data))
        show_refused(refused, form)
    return render_template("auth/second_step.html", form=form)


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
