"""The municipality administrator's pages: the webhooks of their API clients, registering one
(its secret shown once), turning one off and on, deleting one, and its delivery log."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.permissions import permission
from app.web import load, me, save
from app.webhooks import bp, labels, queries, services
from app.webhooks.forms import WebhookForm
from app.webhooks.models import Webhook, WebhookDelivery

PER_PAGE = 25


@bp.context_processor
def words() -> dict:
    """The words of the delivery states, for the templates."""
    return {"state_label": lambda state: labels.STATES[state]}


def _log_url(hook: Webhook) -> str:
    return url_for("webhooks.deliveries", webhook_id=hook.id)


@bp.get("/")
@permission("webhook.manage")
def index():
    """The municipality's webhooks, by API client."""
    municipality_id = me().municipality_id
    return render_template(
        "webhooks/index.html",
        clients=queries.clients_of(municipality_id),
        hooks=queries.webhooks_of(municipality_id),
    )


@bp.route("/new", methods=["GET", "POST"])
@permission("webhook.manage")
def new():
    """Register a webhook for one of the municipality's API clients; its secret shown once."""
    clients = {client.id: client for client in queries.clients_of(me().municipality_id)}
    form = WebhookForm(clients.values())
    if not form.validate_on_submit():
        return render_template("webhooks/new.html", form=form, clients=clients)
    made: list = []
    done = save(
        lambda: made.extend(
            services.register_webhook(
                clients[form.client.data], form.url.data, form.events.data, me()
            )
        ),
        _("The webhook is registered."),
        url_for("webhooks.index"),
        form=form,
    )
    if not done:
        return render_template("webhooks/new.html", form=form, clients=clients)
    hook, secret = made
    return render_template("webhooks/secret.html", hook=hook, secret=secret), 201


@bp.get("/<int:webhook_id>")
@permission("webhook.manage")
def deliveries(webhook_id: int):
    """The webhook's delivery log, newest first."""
    hook = load(Webhook, webhook_id, "webhook.manage")
    page = db.paginate(queries.deliveries_of(hook), per_page=PER_PAGE)
    return render_template("webhooks/deliveries.html", hook=hook, page=page)


@bp.post("/<int:webhook_id>/disable")
@permission("webhook.manage")
def disable(webhook_id: int):
    """Stop sending events to the webhook."""
    hook = load(Webhook, webhook_id, "webhook.manage")
    done = _("The webhook is disabled: it gets no events until it is enabled again.")
    return save(lambda: services.disable_webhook(hook, me()), done, url_for("webhooks.index"))


@bp.post("/<int:webhook_id>/enable")
@permission("webhook.manage")
def enable(webhook_id: int):
    """Send the webhook its events again."""
    hook = load(Webhook, webhook_id, "webhook.manage")
    done = _("The webhook is enabled.")
    return save(lambda: services.enable_webhook(hook, me()), done, url_for("webhooks.index"))


@bp.route("/<int:webhook_id>/delete", methods=["GET", "POST"])
@permission("webhook.manage")
def delete(webhook_id: int):
    """Ask, then remove the webhook with its delivery log."""
    hook = load(Webhook, webhook_id, "webhook.manage")
    if request.method != "POST":
        return render_template("webhooks/delete.html", hook=hook)
    done = _("The webhook is deleted.")
    return save(lambda: services.delete_webhook(hook, me()), done, url_for("webhooks.index"))


@bp.post("/deliveries/<int:delivery_id>/send-again")
@permission("webhook.manage")
def send_again(delivery_id: int):
    """Send a failed delivery again."""
    item = load(WebhookDelivery, delivery_id, "webhook.manage", of=lambda d: d.webhook)
    return save(
        lambda: services.send_again(item, me()),
        _("The delivery is on its way again."),
        _log_url(item.webhook),
    )
