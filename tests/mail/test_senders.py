"""Every mail in one layout, from the municipality it is sent for: its sender name at
MAIL_DEFAULT_SENDER's address, its reply-to address, its footer; and a calendar invitation as
mail programs expect one, read back from a real SMTP server."""

from __future__ import annotations

import icalendar
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.mail import message, send_on_commit, tasks
from app.mail.models import OutgoingMail
from app.mail.vocab import MailStatus
from tests.mailbox import calendar_part, html_of, mail_server_down, smtp_mailbox, text_of

SENDER = "Arbetsmarknadsenheten, Åby kommun"
FOOTER = "Storgatan 1, 871 31 Åby\nTelefon 0611-123 45\nÖppet måndag–fredag 8–16"
NO_REPLY_SV = "Meddelandet skickades av Validera. Svara inte på det."
NO_REPLY_EN = "This message was sent by Validera. Do not reply to it."

INVITATION = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Validera//Calendar//SV\r
METHOD:{method}\r
BEGIN:VEVENT\r
UID:assessment-7@validera.test\r
DTSTAMP:20261124T090000Z\r
DTSTART;VALUE=DATE:20261201\r
DTEND;VALUE=DATE:20261202\r
SEQUENCE:2\r
SUMMARY:Praktisk bedömning\\, ärende #7\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def mailbox(app):
    with smtp_mailbox(app) as received:
        yield received


@pytest.fixture
def dressed(world):
    """The home municipality with a sender name, a reply-to address and a footer."""
    home = world.home
    home.mail_sender_name, home.mail_reply_to, home.mail_footer = SENDER, "kontakt@aby.test", FOOTER
    db.session.flush()
    return home


def _forgotten(client, email):
    return client.post("/password/forgotten", data={"email": email}, buffered=True)


def _text(received) -> str:
    return text_of(received).replace("\r\n", "\n")


def _rows() -> list[OutgoingMail]:
    return db.session.scalars(sa.select(OutgoingMail).order_by(OutgoingMail.id)).all()


def test_a_mail_comes_from_the_municipality_with_its_footer_and_reply_to(
    app, client, world, dressed, mailbox
):
    _forgotten(client, world["coach"].email)
    received = mailbox.only()
    [sender] = received["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (SENDER, "validera@localhost")
    raw_from = next(
        line for line in mailbox.raw[0].split(b"\n") if line.lower().startswith(b"from:")
    )
    assert raw_from.isascii() and b"=?utf-8?" in raw_from  # å encoded, as headers must be
    assert received["Reply-To"] == "kontakt@aby.test"
    text, html = _text(received), html_of(received)
    assert "\n\n-- \nStorgatan 1, 871 31 Åby\nTelefon 0611-123 45\n" in text
    assert "Storgatan 1, 871 31 Åby<br>Telefon 0611-123 45<br>" in html
    assert NO_REPLY_SV not in text and NO_REPLY_SV not in html  # replies are welcome
    assert "Välj ett nytt lösenord" in text and '<html lang="sv">' in html
    [row] = _rows()
    assert row.sender == f'"{SENDER}" <validera@localhost>' and row.reply_to == "kontakt@aby.test"


def test_without_settings_mail_comes_from_validera_and_says_not_to_reply(
    app, client, world, mailbox
):
    world["assessor"].locale = "en"
    db.session.flush()
    _forgotten(client, world["assessor"].email)
    received = mailbox.only()
    assert received["From"] == "Validera <validera@localhost>" and received["Reply-To"] is None
    text, html = _text(received), html_of(received)
    assert text.endswith(".\n\n-- \n" + NO_REPLY_EN + "\n")
    assert NO_REPLY_EN in html and '<html lang="en">' in html
    assert "Choose a new password" in text


def test_a_welcome_mail_has_the_same_layout(app, client, world, dressed, mailbox):
    client.login(world["admin"])
    client.post(
        "/admin/users/new",
        data={
            "name": "Ny Person",
            "email": "ny@test.example",
            "organisation": f"m:{world.home.id}",
            "roles": ["coach"],
            "locale": "sv",
        },
    )
    received = mailbox.only()
    assert received["From"].addresses[0].display_name == SENDER
    assert "Telefon 0611-123 45" in text_of(received) and "Välkommen" in text_of(received)


def test_a_retry_sends_the_sender_the_mail_was_written_with(app, world, dressed):
    with mail_server_down(app):
        send_on_commit(message(world["coach"].email, "Ämne", "Text"))
        db.session.commit()
    [row] = _rows()
    dressed.mail_sender_name, dressed.mail_reply_to = "Ett annat namn", None
    row.status, row.next_attempt_at = MailStatus.QUEUED, row.created_at
    db.session.commit()
    with smtp_mailbox(app) as mailbox:
        tasks.send_mail(row.id)
        received = mailbox.only()
    assert received["From"].addresses[0].display_name == SENDER
    assert received["Reply-To"] == "kontakt@aby.test"


def test_a_named_municipality_sends_mail_to_an_address_without_an_account(
    app, world, dressed, mailbox
):
    send_on_commit(message("deltagare@elsewhere.example", "Hej", "Text"), municipality=dressed)
    db.session.commit()
    [row] = _rows()
    assert row.municipality_id == dressed.id
    assert mailbox.only()["From"].addresses[0].display_name == SENDER


def test_a_sender_name_of_plain_ascii_with_a_comma_is_quoted(app, world, mailbox):
    world.home.mail_sender_name = "Jobbcenter, Hemkommun"
    db.session.flush()
    send_on_commit(message(world["coach"].email, "Hej", "Text"))
    db.session.commit()
    assert mailbox.only()["From"].addresses[0].display_name == "Jobbcenter, Hemkommun"


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_an_invitation_arrives_as_mail_programs_expect_it(app, world, mailbox, method):
    text = INVITATION.format(method=method)
    send_on_commit(message(world["coach"].email, "Bedömning", "Text", "<p>Text</p>", calendar=text))
    [row] = _rows()
    assert (row.calendar, row.calendar_method) == (text, method)  # kept until sent
    db.session.commit()
    received = mailbox.only()
    alternative = next(
        p for p in received.walk() if p.get_content_type() == "multipart/alternative"
    )
    kinds = [p.get_content_type() for p in alternative.iter_parts()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    part = calendar_part(received)
    assert part.get_param("method") == method and part.get_content_charset() == "utf-8"
    parsed = icalendar.Calendar.from_ical(part.get_content())
    [event] = parsed.walk("VEVENT")
    assert str(parsed["method"]) == method and str(event["uid"]) == "assessment-7@validera.test"
    assert str(event["summary"]) == "Praktisk bedömning, ärende #7"
    [attached] = list(received.iter_attachments())
    assert attached.get_filename() == "invite.ics"
    assert attached.get_content_type() == "application/ics"
    assert icalendar.Calendar.from_ical(attached.get_content())["method"] == method
    db.session.refresh(row)
    assert row.status is MailStatus.SENT and row.calendar is None  # emptied, as text and html


def test_an_invitation_stays_on_the_row_while_the_server_is_down(app, world):
    with mail_server_down(app):
        send_on_commit(
            message(
                world["coach"].email, "Ämne", "Text", calendar=INVITATION.format(method="REQUEST")
            )
        )
        db.session.commit()
    [row] = _rows()
    assert row.status is MailStatus.QUEUED and row.calendar_method == "REQUEST"
    assert "BEGIN:VEVENT" in row.calendar


@pytest.mark.parametrize("method", ["PUBLISH", "CANCEL"])
def test_a_method_other_than_the_texts_or_unknown_is_refused(app, world, method):
    with pytest.raises(ValueError, match="METHOD"):
        message(
            "a@test.example",
            "Ämne",
            "Text",
            calendar=INVITATION.format(method="REQUEST"),
            method=method,
        )
    with pytest.raises(ValueError, match="METHOD"):
        message("a@test.example", "Ämne", "Text", calendar=INVITATION.format(method="PUBLISH"))
