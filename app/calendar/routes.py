"""A person's calendar feed: the page to turn it on, renew it and turn it off, and the feed."""

from __future__ import annotations

from flask import Response, abort, render_template, url_for
from flask_babel import gettext as _

from app.calendar import bp, services
from app.calendar import feed as ical
from app.permissions import permission, public
from app.web import commit, me, save


def _page(token: str | None = None):
    url = url_for("calendar.feed", token=token, _external=True) if token else None
    return render_template("calendar/account.html", feed=services.feed_of(me()), url=url)


@bp.get("/account/calendar")
@permission("calendar.own")
def account():
    """Whether the person's feed is on, and the buttons to turn it on, renew it or off."""
    return _page()


@bp.post("/account/calendar/renew")
@permission("calendar.own")
def renew():
    """Turn the feed on or give it a new URL; the URL is shown this once, with 201 Created (a
    new feed address; the page is no form shown again)."""
    token = commit(lambda: services.renew_feed(me()))
    return _page(token), 201


@bp.post("/account/calendar/off")
@permission("calendar.own")
def turn_off():
    """Turn the feed off: its URL stops at once."""
    return save(
        lambda: services.turn_off_feed(me()),
        _("The calendar feed is turned off."),
        url_for("calendar.account"),
    )


@bp.get("/calendar/<token>.ics")
@public
def feed(token: str):
    """The feed itself, for the calendar that holds its secret URL; any other token: 404."""
    found = services.find_feed(token)
    if found is None:
        abort(404)
    events = ical.events_of(found.user)
    commit(lambda: services.log_fetch(found, [event.participant_id for event in events]))
    body = ical.calendar(events)
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "no-store"})
