"""Sessions one can see and end: one's own (under /account), and an administrator ending those of
an account they manage (under /admin/users, on the auth blueprint because the sessions are this
area's: the administration area's account page shows the list and posts here).

A session is named by its handle; a handle that names no live session of the account in the URL
(someone else's, an ended one, nonsense) is a 404 that says nothing more.
"""

from flask import abort, current_app, render_template, url_for
from flask_babel import gettext as _

from app.auth import bp
from app.auth.active_sessions import (
    active_sessions,
    end_other_sessions,
    end_own_session,
    end_session_by_admin,
    end_sessions_by_admin,
    find_session,
)
from app.auth.models import User
from app.permissions import login_required, permission
from app.web import load, me, save


@bp.get("/account/sessions")
@login_required
def sessions():
    """The person's live sessions, this browser's marked; each other one can be ended."""
    config = current_app.config
    return render_template(
        "auth/sessions.html",
        sessions=active_sessions(me(), me()),
        idle_minutes=round(config["SESSION_IDLE_LIMIT"].total_seconds() / 60),
        max_hours=round(config["SESSION_MAX_AGE"].total_seconds() / 3600),
    )


@bp.post("/account/sessions/<handle>/end")
@login_required
def end_session(handle: str):
    """End one of one's sessions in another browser (this one ends by logging out)."""
    ended = find_session(me(), handle, me())
    if ended is None or ended.is_current:
        abort(404)
    return save(
        lambda: end_own_session(me(), ended),
        _("The session was ended."),
        url_for("auth.sessions"),
    )


@bp.post("/account/sessions/end-others")
@login_required
def end_others():
    """End every session of one's own but this browser's."""
    return save(
        lambda: end_other_sessions(me()),
        _("Your other sessions were ended."),
        url_for("auth.sessions"),
    )


def _account_page(user: User) -> str:
    return url_for("admin.user_edit", user_id=user.id)


@bp.post("/admin/users/<int:user_id>/sessions/end")
@permission("admin.users")
def admin_end_sessions(user_id: int):
    """An administrator ends every session of an account they manage."""
    user = load(User, user_id, "admin.users")
    return save(
        lambda: end_sessions_by_admin(user, me()),
        _("The account's sessions were ended."),
        _account_page(user),
    )


@bp.post("/admin/users/<int:user_id>/sessions/<handle>/end")
@permission("admin.users")
def admin_end_session(user_id: int, handle: str):
    """An administrator ends one session of an account they manage."""
    user = load(User, user_id, "admin.users")
    ended = find_session(user, handle, me())
    if ended is None:
        abort(404)
    return save(
        lambda: end_session_by_admin(user, ended, me()),
        _("The session was ended."),
        _account_page(user),
    )
