"""A person's notifications: the list, opening one, marking all read, and the settings."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.notifications import bp, forms, labels, queries, services
from app.notifications.kinds import kinds_for
from app.notifications.models import Notification
from app.permissions import login_required, permission
from app.web import commit, load, me, save


@bp.get("/")
@login_required
def index():
    """The person's notifications, newest first (only the unread ones with `?unread=1`)."""
    unread_only = request.args.get("unread") == "1"
    page = queries.notifications_page(me(), unread_only=unread_only)
    return render_template(
        "notifications/index.html",
        page=page,
        unread_only=unread_only,
        unread=queries.unread_count(me()),
        sentence=labels.sentence,
    )


@bp.get("/<int:notification_id>")
@permission("notification.open")
def open_notification(notification_id: int):
    """Mark one's own notification read and go to what it is about."""
    item = load(Notification, notification_id, "notification.open")
    return redirect(commit(lambda: services.open_notification(item)))


@bp.post("/read")
@login_required
def mark_all_read():
    """Mark every unread notification of the person read."""
    return save(
        lambda: services.mark_all_read(me()),
        lambda count: ngettext(
            "%(num)d notification was marked read.",
            "%(num)d notifications were marked read.",
            count,
        ),
        url_for("notifications.index"),
    )


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """How each kind of notification reaches the person, and the hour of their digest."""
    rules = kinds_for(me())
    current = queries.deliveries_of(me(), rules)
    form = forms.settings_form(rules, current, queries.digest_hour_of(me()))
    if form.validate_on_submit():
        done = save(
            lambda: services.choose_notification_settings(
                me(), form.chosen(), form.digest_hour.data
            ),
            _("Your notification settings were saved."),
            url_for("notifications.settings"),
            form=form,
        )
        if done:
            return done
    return render_template(
        "notifications/settings.html",
        form=form,
        rules=rules,
        has_address=queries.has_address(me()),
    )
