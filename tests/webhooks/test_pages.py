"""The municipality administrator's webhook pages: the list by API client, registering a
webhook (errors at the field, the secret shown once), disabling, enabling, deleting with a
confirmation, and the delivery log with "send again"; another municipality's webhooks: 404."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from app.cases.services.referrals import reject_referral
from app.extensions import db
from app.webhooks.models import Webhook, WebhookDelivery
from app.webhooks.vocab import DeliveryState, Event
from tests.webhooks.factories import make_client, make_webhook
from tests.webhooks.test_deliveries import _referral


def english(client):
    client.post("/language", data={"language": "en", "next": "/"})


@pytest.fixture
def admin(client, world):
    client.login(world["admin"])
    return client


def _hooks() -> list[Webhook]:
    return db.session.scalars(sa.select(Webhook).order_by(Webhook.id)).all()


def _error_at(page: str, field: str) -> str:
    """The text of the error shown at the form's field `field`."""
    found = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page, re.S)
    assert found, f"no error at {field}"
    shown = re.sub(r'<span class="visually-hidden">.*?</span>', "", found.group(1))
    return re.sub(r"<[^>]+>", "", shown).strip()


def test_the_list_shows_the_municipalitys_webhooks_by_client_in_both_languages(admin, world):
    mine = make_client(world.home, "Ekonomisystemet")
    make_webhook(mine, "https://hooks.example.org/validera", [Event.CASE_STAGE_CHANGED])
    theirs = make_client(world.other, "Grannens system")
    make_webhook(theirs, "https://grannen.example.org/hook")
    db.session.commit()
    page = admin.get("/admin/webhooks/").get_data(as_text=True)
    assert "Ekonomisystemet" in page and "https://hooks.example.org/validera" in page
    assert "case.stage_changed" in page and "Aktiv" in page and "Registrera en webhook" in page
    assert "Grannens system" not in page and "grannen.example.org" not in page
    english(admin)
    page = admin.get("/admin/webhooks/").get_data(as_text=True)
    assert "Active" in page and "Register a webhook" in page and "Delivery log" in page
    assert "/admin/webhooks/" in admin.get("/admin/").get_data(as_text=True)


def test_without_an_api_client_the_page_says_to_register_one_first(admin):
    page = admin.get("/admin/webhooks/new").get_data(as_text=True)
    assert "ingen API-klient" in page and "<form" not in page.split("<main", 1)[1]


def test_registering_shows_the_secret_once_and_it_signs_the_posts(admin, world, receiver):
    client = make_client(world.home)
    db.session.commit()
    data = {"client": client.id, "url": receiver.url, "events": ["referral.decided"]}
    response = admin.post("/admin/webhooks/new", data=data)
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    secret = re.search(r'value="(whsec_[^"]+)"', page).group(1)
    assert "visas bara denna gång" in page and "Webhooken är registrerad." in page
    [hook] = _hooks()
    assert (hook.url, hook.events, hook.created_by_id) == (
        receiver.url,
        "referral.decided",
        world["admin"].id,
    )
    assert secret.encode() not in hook.sealed_secret  # kept sealed, never as typed
    for path in ("/admin/webhooks/", f"/admin/webhooks/{hook.id}"):
        assert secret not in admin.get(path).get_data(as_text=True)
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    assert receiver.only().signed_by(secret)


def test_a_form_with_errors_shows_them_at_the_fields_and_stores_nothing(admin, world):
    client = make_client(world.home)
    other = make_client(world.other, "Grannens system")
    db.session.commit()
    page = admin.post("/admin/webhooks/new", data={}).get_data(as_text=True)
    assert _error_at(page, "url") == "Ange mottagarens adress."
    assert _error_at(page, "events") == "Välj minst en händelse."
    assert 'class="error-summary"' in page
    data = {"client": other.id, "url": "https://hooks.example.org/x", "events": ["nosuch"]}
    page = admin.post("/admin/webhooks/new", data=data).get_data(as_text=True)
    assert _error_at(page, "client") and _error_at(page, "events")  # not among the choices
    english(admin)
    data = {"client": client.id, "url": "hooks.example.org", "events": ["case.stage_changed"]}
    page = admin.post("/admin/webhooks/new", data=data).get_data(as_text=True)
    assert _error_at(page, "url").startswith("Enter a whole web address")
    assert 'value="hooks.example.org"' in page  # what was typed is shown again
    assert _hooks() == []


@pytest.mark.parametrize(
    ("url", "swedish", "english_words"),
    [
        ("http://93.184.215.14/hook", "måste börja med https://", "must begin with https://"),
        (
            "https://127.0.0.1/hook",
            "privat, lokalt eller internt nät",
            "private, local or internal",
        ),
        ("https://169.254.169.254/latest", "privat, lokalt eller internt", "private, local"),
        ("https://10.0.0.8/hook", "privat, lokalt eller internt", "private, local"),
        ("https://nosuch.invalid/hook", "Ingen server med det namnet", "No server with this name"),
    ],
)
def test_an_address_validera_may_not_call_is_refused_at_the_field(
    app, admin, world, monkeypatch, url, swedish, english_words
):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    client = make_client(world.home)
    db.session.commit()
    data = {"client": client.id, "url": url, "events": ["case.stage_changed"]}
    response = admin.post("/admin/webhooks/new", data=data)
    assert response.status_code == 200
    assert swedish in _error_at(response.get_data(as_text=True), "url")
    english(admin)
    assert english_words in _error_at(
        admin.post("/admin/webhooks/new", data=data).get_data(as_text=True), "url"
    )
    assert _hooks() == []


def test_a_public_https_address_is_accepted_when_private_ones_are_refused(
    app, admin, world, monkeypatch
):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    client = make_client(world.home)
    db.session.commit()
    data = {
        "client": client.id,
        "url": "https://93.184.215.14/hook",
        "events": ["case.stage_changed"],
    }
    assert admin.post("/admin/webhooks/new", data=data).status_code == 201


def test_a_disabled_client_gets_no_new_webhook(admin, world):
    from app.db import utcnow

    client = make_client(world.home, disabled_at=utcnow())
    db.session.commit()
    data = {
        "client": client.id,
        "url": "https://hooks.example.org/x",
        "events": ["case.stage_changed"],
    }
    page = admin.post("/admin/webhooks/new", data=data).get_data(as_text=True)
    assert _error_at(page, "client") == "API-klienten är avstängd: slå på den först."
    assert _hooks() == []


def test_disable_enable_and_delete_with_a_confirmation(admin, world):
    hook = make_webhook(make_client(world.home), "https://hooks.example.org/x")[0]
    db.session.commit()
    response = admin.post(f"/admin/webhooks/{hook.id}/disable")
    assert response.status_code == 302
    db.session.refresh(hook)
    assert hook.is_disabled
    assert "Avstängd" in admin.get("/admin/webhooks/").get_data(as_text=True)
    admin.post(f"/admin/webhooks/{hook.id}/enable")
    db.session.refresh(hook)
    assert not hook.is_disabled
    page = admin.get(f"/admin/webhooks/{hook.id}/delete").get_data(as_text=True)
    assert "Ta bort webhooken" in page and "https://hooks.example.org/x" in page
    assert _hooks() == [hook]  # asking deletes nothing
    assert admin.post(f"/admin/webhooks/{hook.id}/delete").status_code == 302
    assert _hooks() == []


def test_the_delivery_log_pages_and_sends_a_failed_delivery_again(app, admin, world, receiver):
    hook = make_webhook(make_client(world.home), receiver.url, [Event.REFERRAL_DECIDED])[0]
    for _ in range(27):
        reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    failed = db.session.scalars(sa.select(WebhookDelivery).order_by(WebhookDelivery.id)).all()[-1]
    failed.state, failed.last_status_code, failed.last_error = DeliveryState.FAILED, 500, None
    db.session.commit()
    english(admin)
    page = admin.get(f"/admin/webhooks/{hook.id}").get_data(as_text=True)
    assert page.count("referral.decided") == 25 and "Delivered" in page and "Failed" in page
    assert page.count("Send again") == 1 and "Page 1 of 2" in page
    assert f'action="/admin/webhooks/deliveries/{failed.id}/send-again"' in page
    assert (
        admin.get(f"/admin/webhooks/{hook.id}?page=2")
        .get_data(as_text=True)
        .count("referral.decided")
        == 2
    )
    response = admin.post(f"/admin/webhooks/deliveries/{failed.id}/send-again")
    assert response.status_code == 302 and response.location.endswith(f"/admin/webhooks/{hook.id}")
    db.session.refresh(failed)
    assert failed.state is DeliveryState.DELIVERED
    assert json.loads(receiver.received[-1].body)["id"] == failed.event_id
    again = admin.post(f"/admin/webhooks/deliveries/{failed.id}/send-again", follow_redirects=True)
    assert "This delivery has not failed" in again.get_data(as_text=True)


def test_another_municipalitys_webhook_is_404_and_other_roles_403(client, world, make_user):
    from app.vocab import Role

    hook = make_webhook(make_client(world.home), "https://hooks.example.org/x")[0]
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    [delivery] = db.session.scalars(sa.select(WebhookDelivery)).all()
    urls = [
        ("get", f"/admin/webhooks/{hook.id}"),
        ("get", f"/admin/webhooks/{hook.id}/delete"),
        ("post", f"/admin/webhooks/{hook.id}/delete"),
        ("post", f"/admin/webhooks/{hook.id}/disable"),
        ("post", f"/admin/webhooks/{hook.id}/enable"),
        ("post", f"/admin/webhooks/deliveries/{delivery.id}/send-again"),
    ]
    client.login(make_user(Role.ADMIN, municipality=world.other))
    assert [getattr(client, method)(url).status_code for method, url in urls] == [404] * 6
    assert "hooks.example.org" not in client.get("/admin/webhooks/").get_data(as_text=True)
    for role in ("coach", "system"):
        client.login(world[role])
        assert [getattr(client, method)(url).status_code for method, url in urls] == [403] * 6
        assert client.get("/admin/webhooks/").status_code == 403
    assert _hooks() == [hook] and not hook.is_disabled


def test_enabling_a_webhook_whose_address_is_now_refused_says_why(app, admin, world, monkeypatch):
    hook = make_webhook(make_client(world.home), "http://127.0.0.1:8080/hook")[0]
    db.session.commit()
    admin.post(f"/admin/webhooks/{hook.id}/disable")
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    page = admin.post(f"/admin/webhooks/{hook.id}/enable", follow_redirects=True)
    assert "Adressen måste börja med https://" in page.get_data(as_text=True)
    db.session.refresh(hook)
    assert hook.is_disabled
