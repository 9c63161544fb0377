"""A client registers, lists and removes its own webhooks through the API; the events then
reach its URL (tests/webhooks shows the deliveries, signed and retried)."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import AuditEvent
from app.extensions import db
from app.webhooks.models import Webhook, WebhookDelivery
from tests.api.factories import bearer, make_client, token_for

URL = "https://system.example.org/validera/events"


def _token(http, municipality, scopes=("webhooks:write",), name="Socialtjänstens system"):
    api_client, secret = make_client(municipality, list(scopes), name=name)
    return api_client, bearer(token_for(http, api_client, secret))


def test_a_client_registers_lists_and_removes_its_own_webhook(client, world):
    api_client, auth = _token(client, world.home)
    made = client.post(
        "/api/v1/webhooks", json={"url": URL, "events": ["referral.decided"]}, headers=auth
    )
    assert made.status_code == 201, made.get_data(as_text=True)
    body = made.get_json()
    assert body["secret"].startswith("whsec_") and body["active"] is True
    assert body["events"] == ["referral.decided"] and body["url"] == URL
    listed = client.get("/api/v1/webhooks", headers=auth).get_json()["items"]
    assert [item["id"] for item in listed] == [body["id"]]
    assert "secret" not in listed[0]  # shown once
    line = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "webhook.registered"))
    assert line.actor == f"api:{api_client.client_id}" and line.api_client_id == api_client.id
    gone = client.delete(f"/api/v1/webhooks/{body['id']}", headers=auth)
    assert gone.status_code == 204
    assert db.session.get(Webhook, body["id"]) is None
    assert client.get("/api/v1/webhooks", headers=auth).get_json()["items"] == []


def test_an_event_of_the_municipality_is_queued_for_the_registered_url(client, world):
    from app.cases.services.referrals import reject_referral
    from tests.webhooks.test_deliveries import _referral

    _client, auth = _token(client, world.home)
    hook = client.post(
        "/api/v1/webhooks", json={"url": URL, "events": ["referral.decided"]}, headers=auth
    ).get_json()
    referral = _referral(world.home)
    reject_referral(referral, world["coach"], "Inte aktuell nu.")
    db.session.flush()
    delivery = db.session.scalar(
        sa.select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook["id"])
    )
    assert delivery is not None and str(delivery.event) == "referral.decided"


def test_another_clients_webhook_is_not_found_even_in_the_same_municipality(client, world):
    _first, first = _token(client, world.home)
    _second, second = _token(client, world.home, name="Ekonomisystemet")
    _other, elsewhere = _token(client, world.other, name="Timrås system")
    hook = client.post(
        "/api/v1/webhooks", json={"url": URL, "events": ["case.stage_changed"]}, headers=first
    ).get_json()
    for auth in (second, elsewhere):
        answer = client.delete(f"/api/v1/webhooks/{hook['id']}", headers=auth)
        assert answer.status_code == 404 and answer.mimetype == "application/problem+json"
        assert client.get("/api/v1/webhooks", headers=auth).get_json()["items"] == []
    assert client.delete("/api/v1/webhooks/99999999999", headers=first).status_code == 404
    assert db.session.get(Webhook, hook["id"]) is not None


def test_a_bad_address_or_no_events_is_refused_at_the_field_and_stores_nothing(client, world, app):
    _client, auth = _token(client, world.home)
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    try:
        refused = client.post(
            "/api/v1/webhooks",
            json={"url": "http://127.0.0.1/hook", "events": ["certificate.issued"]},
            headers=auth,
        )
    finally:
        app.config["WEBHOOK_ALLOW_PRIVATE"] = True
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert [e["field"] for e in refused.get_json()["errors"]] == ["body.url"]
    empty = client.post("/api/v1/webhooks", json={"url": URL, "events": []}, headers=auth)
    assert empty.status_code == 422
    assert any(e["field"].startswith("body.events") for e in empty.get_json()["errors"])
    unknown = client.post("/api/v1/webhooks", json={"url": URL, "events": ["x"]}, headers=auth)
    assert unknown.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Webhook.id))) == 0


def test_without_the_scope_a_client_may_not_touch_webhooks(client, world):
    _client, auth = _token(client, world.home, scopes=("cases:read",))
    assert client.get("/api/v1/webhooks", headers=auth).status_code == 403
    answer = client.post(
        "/api/v1/webhooks", json={"url": URL, "events": ["referral.decided"]}, headers=auth
    )
    assert answer.status_code == 403
