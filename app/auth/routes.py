"""Views of the auth blueprint."""

import math
import re
from datetime import timedelta
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import bp
from app.auth.forms import LanguageForm, LoginForm, PasswordChangeForm, TermsForm
from app.auth.services import (
    accept_terms,
    authenticate,
    log_out,
    log_out_everywhere,
    set_password,
    verify_password,
)
from app.auth.sessions import close_session, open_session
from app.auth.throttle import Wait, login_wait
from app.extensions import db
from app.permissions import login_required, public

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
        user = authenticate(form.email.data, form.password.data, ip)
        if user is not None:
            if session.get("locale"):
                # A language chosen on the login page is the person's choice: it stays.
                user.locale = session.pop("locale")
            open_session(user)  # a new session token
        db.session.commit()  # the attempt is recorded either way
        if user is not None:
            return redirect(safe_next(form.next.data))
        flash(_("Wrong email or password."), "error")
    return render_template("auth/login.html", form=form)


def _throttled(form: LoginForm, wait: Wait):
    """The login page again, saying how long to wait (429, with Retry-After)."""
    seconds = wait.seconds if wait.seconds <= 60 else math.ceil(wait.seconds / 60) * 60
    duration = format_timedelta(timedelta(seconds=seconds), threshold=1)
    if wait.by_address:
        message = _(
            "Too many failed attempts from your network. Wait %(wait)s and try again.",
            wait=duration,
        )
    else:
        message = _("Too many failed attempts. Wait %(wait)s and try again.", wait=duration)
    page = render_template("auth/login.html", form=form, throttled=message)
    return page, 429, {"Retry-After": str(wait.seconds)}


@bp.post("/logout")
@login_required
def logout():
    """End the session, on the server too."""
    log_out(current_user._get_current_object())
    db.session.commit()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/account/sessions/end")
@login_required
def end_all_sessions():
    """Log out everywhere: every session of the user, this one included."""
    log_out_everywhere(current_user)
    close_session()
    db.session.commit()
    flash(_("You are logged out everywhere."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/terms", methods=["GET", "POST"])
@login_required
def terms():
    """Read and accept the terms of use and data-protection rules (once)."""
    form = TermsForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        accept_terms(current_user)
        db.session.commit()
        return redirect(safe_next(form.next.data))
    return render_template("auth/terms.html", form=form)


@bp.post("/language")
@public
def language():
    """Switch the interface language (kept on the account, or in the session)."""
    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            current_user.locale = form.language.data
            db.session.commit()
        session["locale"] = form.language.data
    return redirect(safe_next(form.next.data))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if verify_password(current_user, form.current_password.data):
            set_password(current_user, form.new_password.data)  # ends every session
            open_session(current_user._get_current_object())  # and this browser gets a new one
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.home"))
        form.current_password.errors.append(_("The current password is wrong."))
    return render_template("auth/password.html", form=form)
