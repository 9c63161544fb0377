"""Views of the auth blueprint."""

import math
import re
from datetime import timedelta
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import bp
from app.auth.federation import login_providers, passwords_off
from app.auth.forms import LanguageForm, LoginForm, PasswordChangeForm, TermsForm
from app.auth.services import (
    accept_terms,
    change_own_password,
    choose_language,
    log_in,
    log_out,
    log_out_everywhere,
)
from app.auth.throttle import Wait, login_wait
from app.auth.vocab import SsoRefusal
from app.permissions import login_required, public
from app.refusals import Refused
from app.web import commit, me, save, show_refused

LOCAL_PATH = re.compile(r"/(?:[^/\\\x00-\x20\x7f][^\\\x00-\x20\x7f]*)?")


def safe_next(target: str | None, default: str = "main.home") -> str:
    """A path on this site to continue to, never another site.

    Only "/" or a single slash followed by something other than a slash or a backslash: browsers
    read "//host", "////host" and "/\\host" as another site, and drop tabs and line breaks
    before they do, so no control character or space is accepted anywhere either.
    """
    if target and LOCAL_PATH.fullmatch(target):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(default)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        ip = request.remote_addr or "unknown"
        wait = login_wait(form.email.data, ip)
        if wait is not None:
            return _throttled(form, wait)
        # committed either way: a failed attempt counts towards the throttle
        user = commit(lambda: log_in(form.email.data, form.password.data, ip))
        if user is not None and passwords_off(user):
            show_refused(Refused(SsoRefusal.PASSWORDS_OFF))
            return redirect(url_for("auth.login", next=form.next.data or None))
        if user is not None and not current_user.is_authenticated:  # a code must follow
            return redirect(url_for("auth.login_code", next=form.next.data or None))
        if user is not None:
            return redirect(safe_next(form.next.data))
        flash(_("Wrong email or password."), "error")
    return render_template("auth/login.html", form=form, providers=login_providers())


def _throttled(form: LoginForm, wait: Wait):
    """The login page again, saying how long to wait (429, with Retry-After)."""
    page = render_template(
        "auth/login.html", form=form, throttled=wait_text(wait), providers=login_providers()
    )
    return page, 429, {"Retry-After": str(wait.seconds)}


def wait_text(wait: Wait) -> str:
    """How long to wait before the next attempt, in words."""
    seconds = wait.seconds if wait.seconds <= 60 else math.ceil(wait.seconds / 60) * 60
    duration = format_timedelta(timedelta(seconds=seconds), threshold=1)
    if wait.by_address:
        return _(
            "Too many failed attempts from your network. Wait %(wait)s and try again.",
            wait=duration,
        )
    return _("Too many failed attempts. Wait %(wait)s and try again.", wait=duration)


@bp.post("/logout")
@login_required
def logout():
    """End the session, on the server too."""
    commit(lambda: log_out(me()))
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/account/sessions/end")
@login_required
def end_all_sessions():
    """Log out everywhere: every session of the user, this one included."""
    commit(lambda: log_out_everywhere(me()))
    flash(_("You are logged out everywhere."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/terms", methods=["GET", "POST"])
@login_required
def terms():
    """Read and accept the terms of use and data-protection rules (once)."""
    form = TermsForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        return save(lambda: accept_terms(me()), None, safe_next(form.next.data))
    return render_template("auth/terms.html", form=form)


@bp.post("/language")
@public
def language():
    """Switch the interface language (kept on the account, or in the session)."""
    form = LanguageForm()
    back = safe_next(form.next.data)
    if form.validate_on_submit():
        return save(lambda: choose_language(me(), form.language.data), None, back)
    return redirect(back)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        done = save(
            lambda: change_own_password(me(), form.current_password.data, form.new_password.data),
            _("Your password has been changed."),
            url_for("main.home"),
            form=form,
        )
        if done:
            return done
    return render_template("auth/password.html", form=form)
