"""The plain-Python rules of webhooks: the signature a receiver checks, the addresses Validera
refuses to call, and what an event's body tells."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from app.webhooks import events
from app.webhooks.addresses import is_public, url_refusal
from app.webhooks.signing import new_secret, signature, verify
from app.webhooks.vocab import Event, Refusal

pytestmark = pytest.mark.domain


def test_the_signature_is_standard_webhooks_hmac_over_id_timestamp_and_body():
    secret = new_secret()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
    assert new_secret() != secret
    body = '{"id":"evt_1","type":"case.stage_changed"}'
    header = signature(secret, "evt_1", 1764000000, body)
    # What a receiver computes by hand (README, Webhooks).
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"evt_1.1764000000.{body}".encode(), hashlib.sha256).digest()
    assert header == "v1," + base64.b64encode(mac).decode()
    assert verify(secret, "evt_1", 1764000000, body, f"v1,bm90IGl0 {header}")
    assert not verify(secret, "evt_1", 1764000001, body, header)
    assert not verify(secret, "evt_2", 1764000000, body, header)
    assert not verify(secret, "evt_1", 1764000000, body + " ", header)
    assert not verify(new_secret(), "evt_1", 1764000000, body, header)


@pytest.mark.parametrize(
    ("url", "refusal"),
    [
        ("http://93.184.215.14/hook", Refusal.URL_NOT_HTTPS),
        ("https://localhost/hook", Refusal.URL_PRIVATE),
        ("https://127.0.0.1:8443/hook", Refusal.URL_PRIVATE),
        ("https://[::1]/hook", Refusal.URL_PRIVATE),
        ("https://[::ffff:10.0.0.1]/hook", Refusal.URL_PRIVATE),
        ("https://10.20.30.40/hook", Refusal.URL_PRIVATE),
        ("https://172.16.0.1/hook", Refusal.URL_PRIVATE),
        ("https://192.168.1.1/hook", Refusal.URL_PRIVATE),
        ("https://169.254.169.254/latest/meta-data", Refusal.URL_PRIVATE),
        ("https://[fe80::1]/hook", Refusal.URL_PRIVATE),
        ("https://100.64.0.1/hook", Refusal.URL_PRIVATE),
        ("https://0.0.0.0/hook", Refusal.URL_PRIVATE),
        ("https://nosuch.invalid/hook", Refusal.URL_UNRESOLVED),
        ("ftp://93.184.215.14/hook", Refusal.URL_MALFORMED),
        ("https://user:password@93.184.215.14/hook", Refusal.URL_MALFORMED),
        ("https://93.184.215.14:99999/hook", Refusal.URL_MALFORMED),
        ("example.org/hook", Refusal.URL_MALFORMED),
        ("", Refusal.URL_MALFORMED),
        ("https://93.184.215.14/hook", None),
        ("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook", None),
    ],
)
def test_only_https_to_public_addresses(url, refusal):
    assert url_refusal(url, allow_private=False) == refusal


def test_allowing_private_addresses_lifts_https_and_the_networks_but_not_the_form():
    assert url_refusal("http://127.0.0.1:5000/hook", allow_private=True) is None
    assert url_refusal("https://localhost/hook", allow_private=True) is None
    assert url_refusal("ftp://127.0.0.1/hook", allow_private=True) is Refusal.URL_MALFORMED


def test_public_addresses():
    assert is_public("93.184.215.14") and is_public("2a00:1450:400f:80d::200e")
    assert not any(map(is_public, ["127.0.0.2", "::1", "fc00::1", "224.0.0.1", "::ffff:10.1.1.1"]))


def test_an_events_body_has_ids_and_statuses_only():
    stage = SimpleNamespace(value="intake")
    case = SimpleNamespace(id=7, stage=stage, referral_id=3, participant=object(), goal="Jobb")
    data = events.data_of(
        Event.CASE_STAGE_CHANGED, case, previous=SimpleNamespace(value="referred")
    )
    assert data == {"case_id": 7, "stage": "intake", "previous_stage": "referred", "referral_id": 3}
    when = datetime(2026, 11, 24, 9, 0, 5, 123, tzinfo=UTC)
    body = events.body("evt_1", Event.CASE_STAGE_CHANGED, when, "2280", data)
    assert json.loads(body) == {
        "id": "evt_1",
        "type": "case.stage_changed",
        "occurred_at": "2026-11-24T09:00:05Z",
        "municipality": "2280",
        "data": data,
    }
    referral = SimpleNamespace(id=3, status=SimpleNamespace(value="rejected"), case=None)
    assert events.data_of(Event.REFERRAL_DECIDED, referral) == {
        "referral_id": 3,
        "status": "rejected",
        "case_id": None,
    }
