"""Webhooks through a real HTTP receiver: each event of a municipality is one signed POST to
each of its active webhooks that asked for it, sent once the action's transaction commits,
tried again while the receiver fails, then marked failed."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.cases.models import Referral
from app.cases.services.cases import transition_case
from app.cases.services.referrals import accept_referral, reject_referral, return_referral
from app.cases.workflow import Move, Stage
from app.certificates.services import revoke_certificate
from app.certificates.vocab import RevocationReason
from app.db import utcnow
from app.extensions import db
from app.webhooks import tasks
from app.webhooks.models import WebhookDelivery
from app.webhooks.vocab import DeliveryState, Event
from tests.cases.factories import make_case, make_participant
from tests.certificates.factories import issue_for
from tests.clock import days
from tests.frameworks.factories import make_framework
from tests.jobqueue import run_due, scheduled
from tests.webhooks.factories import make_client, make_webhook
from tests.webhooks.receiver import free_port

FORBIDDEN = ("Amina", "Testsson", "personal_number", "reason", "Sjukskriven")


@pytest.fixture
def hook(world, receiver):
    """A webhook of the home municipality's API client for every event; (webhook, secret)."""
    return make_webhook(make_client(world.home), receiver.url)


def _referral(municipality) -> Referral:
    referral = Referral(
        participant=make_participant(municipality),
        municipality=municipality,
        source="social_services",
        referred_on=days(-3),
        reason="Försörjningsstöd sedan två år; vill arbeta inom lokalvård.",
    )
    db.session.add(referral)
    db.session.flush()
    return referral


def _check(received, secret: str, event: Event, data: dict) -> dict:
    """The POST is signed with the secret, JSON, and tells `event` with `data` and no more."""
    assert received.headers["Content-Type"] == "application/json"
    assert received.signed_by(secret)
    assert not received.signed_by(secret.replace(secret[10], "A" if secret[10] != "A" else "B"))
    body = json.loads(received.body)
    assert body["id"] == received.headers["Webhook-Id"] and body["id"].startswith("evt_")
    assert abs(int(received.headers["Webhook-Timestamp"]) - utcnow().timestamp()) < 60
    assert (body["type"], body["municipality"], body["data"]) == (event.value, "9001", data)
    assert body["occurred_at"].endswith("Z")
    assert not any(word in received.body for word in FORBIDDEN)
    return body


def _delivery(received) -> WebhookDelivery:
    event_id = received.headers["Webhook-Id"]
    return db.session.scalar(sa.select(WebhookDelivery).where(WebhookDelivery.event_id == event_id))


@pytest.mark.parametrize("decide", ["accept", "reject", "return"])
def test_a_decided_referral_is_one_signed_post(app, world, hook, receiver, decide):
    referral = _referral(world.home)
    coach = world["coach"]
    if decide == "accept":
        case = accept_referral(referral, coach)
    elif decide == "reject":
        reject_referral(referral, coach, "Sjukskriven på heltid.")
    else:
        return_referral(referral, coach, "Sjukskriven: komplettera med läkarintyg.")
    assert receiver.received == []  # nothing before the commit
    db.session.commit()
    status = {"accept": "accepted", "reject": "rejected", "return": "returned"}[decide]
    case_id = case.id if decide == "accept" else None
    want = {"referral_id": referral.id, "status": status, "case_id": case_id}
    received = receiver.only()
    _check(received, hook[1], Event.REFERRAL_DECIDED, want)
    delivery = _delivery(received)
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (
        DeliveryState.DELIVERED,
        1,
        204,
    )
    tasks.deliver(delivery.id)  # the job delivered once more: the row says it is delivered
    assert len(receiver.received) == 1


def test_a_case_moving_stage_is_one_signed_post(app, world, hook, receiver):
    case = make_case(world["coach"], referral=_referral(world.home))
    transition_case(case, Move(to=Stage.INTAKE), world["coach"])
    db.session.commit()
    want = {
        "case_id": case.id,
        "stage": "intake",
        "previous_stage": "referred",
        "referral_id": case.referral_id,
    }
    _check(receiver.only(), hook[1], Event.CASE_STAGE_CHANGED, want)


def test_issuing_and_revoking_a_certificate_are_one_signed_post_each(app, world, hook, receiver):
    framework = make_framework(units=1, outcomes=1, criteria=1)
    case = make_case(world["coach"], stage=Stage.VERIFICATION)
    certificate = issue_for(case, world["coach"], framework.units)
    db.session.commit()
    issued = {"certificate_id": certificate.id, "case_id": case.id, "status": "issued"}
    _check(receiver.only(), hook[1], Event.CERTIFICATE_ISSUED, issued)
    revoke_certificate(
        certificate, world["admin"], RevocationReason.ISSUED_IN_ERROR, "Fel enhet angiven."
    )
    db.session.commit()
    [_, received] = receiver.received
    revoked = {**issued, "status": "revoked"}
    _check(received, hook[1], Event.CERTIFICATE_REVOKED, revoked)


def test_a_webhook_gets_only_the_events_it_asked_for(app, world, receiver):
    secret = make_webhook(make_client(world.home), receiver.url, [Event.REFERRAL_DECIDED])[1]
    case = make_case(world["coach"])
    transition_case(case, Move(to=Stage.INTAKE), world["coach"])
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    assert json.loads(receiver.only().body)["type"] == "referral.decided"
    assert receiver.only().signed_by(secret)


def test_an_action_rolled_back_delivers_nothing(app, world, hook, receiver):
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.rollback()
    db.session.commit()
    assert receiver.received == []
    assert db.session.scalars(sa.select(WebhookDelivery)).all() == []


def test_a_disabled_webhook_or_client_and_another_municipality_get_nothing(
    app, world, receiver, make_user
):
    from app.webhooks.services import disable_webhook

    disabled_hook = make_webhook(make_client(world.home, "Avstängd webhook"), receiver.url)[0]
    disable_webhook(disabled_hook, world["admin"])
    client = make_client(world.home, "Avstängd klient")
    make_webhook(client, receiver.url)
    client.disabled_at = utcnow()  # the client is disabled after its webhook was registered
    make_webhook(make_client(world.other, "Grannkommunens system"), receiver.url)
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    assert receiver.received == []
    assert db.session.scalars(sa.select(WebhookDelivery)).all() == []
    # The other municipality's webhook gets the other municipality's events only.
    reject_referral(_referral(world.other), world["other_coach"], "Fel kommun.")
    db.session.commit()
    assert json.loads(receiver.only().body)["municipality"] == world.other.code


def _fail_every_try(app, delivery) -> list[int]:
    """Run each retry when it is due; the waits in seconds."""
    waits = []
    while scheduled(app):
        db.session.refresh(delivery)
        assert delivery.state is DeliveryState.WAITING
        [retry] = scheduled(app)
        waits.append(round((retry.eta - delivery.claimed_at.replace(tzinfo=None)).total_seconds()))
        tasks.deliver(delivery.id)  # delivered early (twice): the wait is not over, nothing runs
        assert run_due(app, retry.eta) == 1
    db.session.refresh(delivery)
    return waits


def test_a_receiver_answering_500_is_tried_again_with_longer_waits_then_failed(
    app, world, hook, receiver
):
    receiver.status = 500
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    delivery = _delivery(receiver.received[0])
    assert _fail_every_try(app, delivery) == [60, 120, 240, 480, 960]
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (
        DeliveryState.FAILED,
        6,
        500,
    )
    assert len(receiver.received) == 6
    assert len({r.headers["Webhook-Id"] for r in receiver.received}) == 1  # the same event
    assert len({r.body for r in receiver.received}) == 1
    assert all(r.signed_by(hook[1]) for r in receiver.received)


def test_a_redirect_is_not_followed_and_counts_as_a_failure(app, world, hook, receiver):
    receiver.status = 302
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    delivery = _delivery(receiver.only())
    assert (delivery.state, delivery.last_status_code) == (DeliveryState.WAITING, 302)


def test_a_receiver_that_is_down_is_tried_again_and_delivered_once_it_is_up(app, world, receiver):
    hook, secret = make_webhook(make_client(world.home), f"http://127.0.0.1:{free_port()}/x")
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    [delivery] = db.session.scalars(sa.select(WebhookDelivery)).all()
    assert delivery.state is DeliveryState.WAITING and delivery.last_status_code is None
    assert "ConnectionError" in delivery.last_error
    hook.url = receiver.url  # the receiver is up (at another address, for the test)
    db.session.commit()
    [retry] = scheduled(app)
    run_due(app, retry.eta)
    db.session.refresh(delivery)
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        DeliveryState.DELIVERED,
        2,
        None,
    )
    assert receiver.only().signed_by(secret)


def test_a_failed_delivery_sent_again_is_delivered(app, world, hook, receiver):
    from app.webhooks.services import send_again

    receiver.status = 503
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    delivery = _delivery(receiver.received[0])
    _fail_every_try(app, delivery)
    receiver.status = 200
    send_again(delivery, world["admin"])
    db.session.commit()
    db.session.refresh(delivery)
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 1)
    assert len(receiver.received) == 7


def test_revive_gives_again_a_delivery_whose_worker_died(app, world, hook, receiver):
    receiver.status = 500
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    delivery = _delivery(receiver.only())
    receiver.status = 200
    stale = utcnow() - app.config["JOBS_STALE_AFTER"] - timedelta(seconds=1)
    delivery.state, delivery.claimed_at = DeliveryState.SENDING, stale
    db.session.commit()
    tasks.revive_webhook_deliveries()
    db.session.refresh(delivery)
    assert delivery.state is DeliveryState.DELIVERED and len(receiver.received) == 2


def test_delivered_rows_are_pruned_after_the_keep_days(app, world, hook, receiver):
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    old, new = db.session.scalars(sa.select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
    old.delivered_at = utcnow() - timedelta(days=app.config["WEBHOOK_KEEP_DAYS"], minutes=1)
    db.session.commit()
    tasks.prune_webhook_deliveries()
    assert db.session.scalars(sa.select(WebhookDelivery.id)).all() == [new.id]


def test_the_readmes_example_verifies_a_real_post(app, world, hook, receiver):
    """The receiver's check printed in README "Webhooks" accepts the POST and nothing else."""
    readme = (Path(app.root_path).parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Webhooks", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the README's own example, run as a receiver would
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    received = receiver.only()
    verify = namespace["verify"]
    assert verify(hook[1], received.headers, received.body.encode())
    assert not verify(hook[1], received.headers, received.body.encode() + b" ")
    old = {**received.headers, "Webhook-Timestamp": str(int(utcnow().timestamp()) - 3600)}
    assert not verify(hook[1], old, received.body.encode())


def test_a_delivery_waiting_when_its_webhook_is_disabled_is_not_sent(app, world, hook, receiver):
    from app.webhooks.services import disable_webhook

    receiver.status = 500
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    delivery = _delivery(receiver.only())
    disable_webhook(hook[0], world["admin"])
    db.session.commit()
    [retry] = scheduled(app)
    run_due(app, retry.eta)
    db.session.refresh(delivery)
    assert (delivery.state, delivery.last_error) == (
        DeliveryState.FAILED,
        "The webhook or its API client is disabled.",
    )
    assert len(receiver.received) == 1


def test_the_address_is_checked_again_before_each_try(app, world, hook, receiver, monkeypatch):
    """A name that points inside the network by the time of the try gets nothing."""
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    reject_referral(_referral(world.home), world["coach"], "Fel kommun.")
    db.session.commit()
    [delivery] = db.session.scalars(sa.select(WebhookDelivery)).all()
    assert receiver.received == []
    assert delivery.state is DeliveryState.WAITING
    assert delivery.last_error == "Refused address: webhook_url_not_https"
