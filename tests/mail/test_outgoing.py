"""Mail through the job queue: stored with its transaction, sent once by the worker's job, tried
again with longer waits while the SMTP server is down, then listed for the administrators."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.db import utcnow
from app.extensions import db
from app.mail import message, send_on_commit, tasks
from app.mail.models import OutgoingMail
from app.mail.vocab import MailStatus
from app.queue import queue
from app.vocab import Role
from tests.jobqueue import run_due, scheduled
from tests.mailbox import html_of, mail_server_down, smtp_mailbox, text_of


@pytest.fixture
def mailbox(app):
    with smtp_mailbox(app) as received:
        yield received


def english(client):
    client.post("/language", data={"language": "en", "next": "/"})


def _send(user, subject="Ämne") -> None:
    """What a service does: a message to the account, sent once the transaction commits."""
    send_on_commit(message(user.email, subject, "Brödtext åäö", "<p>Brödtext åäö</p>"))


def _rows() -> list[OutgoingMail]:
    return db.session.scalars(sa.select(OutgoingMail).order_by(OutgoingMail.id)).all()


def test_a_mail_is_stored_with_its_transaction_and_sent_once_it_commits(app, world, mailbox):
    coach = world["coach"]
    coach.locale = "en"
    _send(coach)
    [row] = _rows()
    assert (row.status, row.language, row.municipality_id) == (
        MailStatus.QUEUED,
        "en",
        world.home.id,
    )
    assert row.to_address == coach.email and row.html == "<p>Brödtext åäö</p>"
    assert mailbox.received == []  # nothing before the commit
    db.session.commit()
    received = mailbox.only()
    assert received["To"] == coach.email and received["Subject"] == "Ämne"
    assert text_of(received).strip() == "Brödtext åäö" and "<p>" in html_of(received)
    db.session.refresh(row)
    assert (row.status, row.attempts) == (MailStatus.SENT, 1) and row.sent_at is not None
    assert row.text is None and row.html is None  # a mailed link is not kept readable
    tasks.send_mail(row.id)  # the job delivered once more: the row says it is sent
    assert len(mailbox.received) == 1


def test_no_mail_is_stored_or_sent_when_the_transaction_rolls_back(app, world, mailbox):
    _send(world["coach"])
    db.session.rollback()
    db.session.commit()
    assert _rows() == [] and mailbox.received == []


def test_a_mail_to_an_address_without_an_account_goes_in_the_default_language(app, mailbox):
    send_on_commit(message("someone@elsewhere.example", "Hej", "Text"))
    db.session.commit()
    [row] = _rows()
    assert (row.language, row.municipality_id, row.status) == ("sv", None, MailStatus.SENT)
    assert mailbox.only()["To"] == "someone@elsewhere.example"


def _fail_every_try(app, world) -> OutgoingMail:
    """A mail to the coach while the SMTP server is down, through every try; the waits."""
    _send(world["coach"])
    db.session.commit()
    [row] = _rows()
    waits = []
    while scheduled(app):
        db.session.refresh(row)
        assert row.status is MailStatus.QUEUED and row.last_error.startswith("Connection")
        [retry] = scheduled(app)
        waits.append(round((retry.eta - row.claimed_at.replace(tzinfo=None)).total_seconds()))
        assert row.next_attempt_at.replace(tzinfo=None) <= retry.eta
        tasks.send_mail(row.id)  # delivered early (twice): the wait is not over, nothing is tried
        assert run_due(app, retry.eta) == 1
    db.session.refresh(row)
    assert waits == [60, 120, 240, 480, 960]  # a minute, then twice as long each time
    return row


def test_while_the_mail_server_is_down_the_job_tries_again_with_longer_waits_then_fails(app, world):
    with mail_server_down(app):
        row = _fail_every_try(app, world)
    assert (row.status, row.attempts) == (MailStatus.FAILED, 1 + tasks.RETRIES)
    assert "ConnectionRefusedError" in row.last_error and row.text == "Brödtext åäö"


def test_an_administrator_sees_a_failed_mail_and_sends_it_again(app, client, world, make_user):
    with mail_server_down(app):
        row = _fail_every_try(app, world)
    client.login(world["admin"])
    english(client)
    page = client.get("/admin/mail/failed").get_data(as_text=True)
    assert world["coach"].email in page and "ConnectionRefusedError" in page
    assert f'action="/admin/mail/{row.id}/send-again"' in page
    other = make_user(Role.ADMIN, municipality=world.other)
    client.login(other)
    assert world["coach"].email not in client.get("/admin/mail/failed").get_data(as_text=True)
    assert client.post(f"/admin/mail/{row.id}/send-again").status_code == 404
    client.login(world["system"])
    english(client)
    assert world["coach"].email in client.get("/admin/mail/failed").get_data(as_text=True)
    with smtp_mailbox(app) as mailbox:
        response = client.post(f"/admin/mail/{row.id}/send-again")
        assert response.status_code == 302
        assert mailbox.only()["To"] == world["coach"].email
        db.session.refresh(row)
        assert row.status is MailStatus.SENT
        again = client.post(f"/admin/mail/{row.id}/send-again", follow_redirects=True)
        assert "no longer undelivered" in again.get_data(as_text=True)
        assert len(mailbox.received) == 1
    assert "Every mail has been sent." in client.get("/admin/mail/failed").get_data(as_text=True)
    logged = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "mail.sent_again")
    ).all()
    assert [line.user_id for line in logged] == [world["system"].id]


@pytest.mark.parametrize("role", ["coach", "assessor", "employer", "regional"])
def test_only_administrators_see_undelivered_mail(client, world, role):
    client.login(world[role])
    assert client.get("/admin/mail/failed").status_code == 403
    assert client.post("/admin/mail/1/send-again").status_code == 403


def test_a_mail_whose_worker_died_while_sending_is_sent_by_the_periodic_job(app, world, mailbox):
    with mail_server_down(app):
        _send(world["coach"])
        db.session.commit()
    [row] = _rows()
    queue(app).storage.flush_schedule()  # the worker that would try again died with the retry
    row.status, row.claimed_at = MailStatus.SENDING, utcnow() - timedelta(minutes=6)
    db.session.commit()
    tasks.revive_mails()
    db.session.refresh(row)
    assert (row.status, row.attempts) == (MailStatus.SENT, 2)
    assert len(mailbox.received) == 1
    tasks.revive_mails()  # nothing is left to give again
    assert len(mailbox.received) == 1


def test_a_mail_being_sent_by_a_live_worker_is_left_to_it(app, world, mailbox):
    _send(world["coach"])
    [row] = _rows()
    row.status, row.claimed_at = MailStatus.SENDING, utcnow()
    db.session.commit()
    tasks.revive_mails()
    tasks.send_mail(row.id)
    db.session.refresh(row)
    assert row.status is MailStatus.SENDING and mailbox.received == []


def test_the_failed_mail_page_speaks_swedish(client, world, app):
    client.login(world["system"])
    page = client.get("/admin/mail/failed").get_data(as_text=True)
    assert "E-post som inte kom fram" in page
    assert re.search(r"<caption>[^<]+</caption>", page)


def test_the_rows_of_mail_sent_more_than_mail_keep_days_ago_are_removed_nightly(app, world):
    for _ in range(3):
        _send(world["coach"])
    db.session.commit()
    old, recent, failed = _rows()
    now = utcnow()
    old.status, old.sent_at = MailStatus.SENT, now - timedelta(days=30, minutes=1)
    recent.status, recent.sent_at = MailStatus.SENT, now - timedelta(days=29)
    failed.status, failed.created_at = MailStatus.FAILED, now - timedelta(days=90)
    db.session.commit()
    tasks.prune_sent_mails()
    assert [row.id for row in _rows()] == [recent.id, failed.id]  # a failure waits for its admin
