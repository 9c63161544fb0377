"""Webhooks: an API client's system is told, by a signed POST, when something happens.

    publish(Event.CASE_STAGE_CHANGED, case, previous=from_stage)   # in the service that did it

`publish` writes one `webhook_deliveries` row per active webhook of the object's municipality
that asked for the event, in the action's transaction; once it commits, the job
`tasks.deliver` POSTs the body (ids and statuses only) signed as Standard Webhooks does, trying
again with longer waits while the receiver fails (`tasks.py`). The municipality administrator
registers webhooks for their API clients and reads each one's delivery log
(`/admin/webhooks/`); the API area offers the same through `services.py`.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from app.areas import load
from app.permissions import rule
from app.queue import declare
from app.vocab import Role
from app.web import refusal_words
from app.webhooks import access, labels, tasks
from app.webhooks.services import publish
from app.webhooks.vocab import Event

__all__ = ["Event", "bp", "init_app", "publish"]

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")


def init_app(app: Flask) -> None:
    """Register the area's rule, administration card, jobs, words and views."""
    from app.main.home import admin_link

    rule(app, "webhook.manage", Role.ADMIN, scope=access.own_webhook)
    admin_link(
        app,
        "webhooks.index",
        _l("Webhooks"),
        _l(
            "Addresses of your API clients' systems that are told when referrals, cases and "
            "certificates change, with the log of what was sent."
        ),
    )
    declare(app, tasks.deliver, tasks.revive_webhook_deliveries, tasks.prune_webhook_deliveries)
    load(__name__, "routes")
    refusal_words(app, labels.REFUSALS)
    app.register_blueprint(bp)
