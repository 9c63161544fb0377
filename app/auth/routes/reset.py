"""Password reset by a mailed link: asking for one, and choosing a new password with it."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.auth import bp
from app.auth.forms import FirstPasswordForm, ForgotPasswordForm, NewPasswordForm
from app.auth.labels import LINK_PROBLEMS, WELCOME_LINK_EXPIRED
from app.auth.password_reset import Link, ask_for_reset, find_link, reset_by_link
from app.auth.vocab import LinkProblem
from app.auth.welcome import welcome_days
from app.extensions import limiter
from app.permissions import public
from app.web import commit, save


def reset_limit() -> str:
    """How often one address may ask for a link (only requests that are answered count)."""
    return current_app.config["PASSWORD_RESET_LIMIT"]


@bp.route("/password/forgotten", methods=["GET", "POST"])
@limiter.limit(
    reset_limit, methods=["POST"], deduct_when=lambda response: response.status_code == 302
)
@public
def forgot_password():
    """Ask for a link to choose a new password; the answer never says whether the account exists."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        commit(lambda: ask_for_reset(form.email.data))
        flash(
            _(
                "If an account has the address %(email)s, a link to choose a new password has "
                "been sent to it. The link works once, within %(minutes)s minutes.",
                email=form.email.data,
                minutes=_minutes(),
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form, minutes=_minutes())


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Choose a new password with a mailed link (a new account's first one with its welcome
    link); then log in with it."""
    link = find_link(token)
    if not link.usable:
        return _dead_link(link)
    welcome = link.reset.is_welcome
    form = FirstPasswordForm() if welcome else NewPasswordForm()
    if form.validate_on_submit():
        done = save(
            lambda: reset_by_link(link.reset, form.new_password.data),
            _("Your password is saved. Log in with it.")
            if welcome
            else _("Your password has been changed. Log in with the new one."),
            url_for("auth.login"),
            form=form,
        )
        if done:
            return done
    template = "auth/choose_password.html" if welcome else "auth/reset_password.html"
    return render_template(template, form=form, user=link.reset.user)


def _dead_link(link: Link):
    """A clear page for a link that cannot be used: 404 when there is no such link, 410 when
    it has expired or been used."""
    status = 404 if link.problem is LinkProblem.UNKNOWN else 410
    if link.problem is LinkProblem.EXPIRED and link.reset.is_welcome:
        reason = str(WELCOME_LINK_EXPIRED) % {"days": welcome_days()}
    else:
        reason = str(LINK_PROBLEMS[link.problem]) % {"minutes": _minutes()}
    page = render_template("auth/reset_link_dead.html", reason=reason)
    return page, status


def _minutes() -> int:
    return int(current_app.config["PASSWORD_RESET_VALID_FOR"].total_seconds() // 60)
