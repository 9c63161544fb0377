"""A municipality's mail settings on its form: the sender name, the reply-to address and the
footer every mail sent for it carries (app/mail/senders.py)."""

from __future__ import annotations

import pytest

from app.extensions import db

URL = "/admin/municipalities/{}"


def _post(client, world, **mail):
    data = {"name": world.home.name, "code": world.home.code, **mail}
    return client.post(URL.format(world.home.id), data=data)


def test_the_system_administrator_sets_the_mail_settings(client, world):
    client.login(world["system"])
    page = client.get(URL.format(world.home.id)).get_data(as_text=True)
    assert "<legend>E-post från Validera</legend>" in page and "Avsändare av e-post" in page
    response = _post(
        client,
        world,
        mail_sender_name="  Arbetsmarknadsenheten,   Hemkommun ",
        mail_reply_to="kontakt@hemkommun.se",
        mail_footer="Storgatan 1\r\nTelefon 0611-123 45\r\n",
    )
    assert response.status_code == 302
    db.session.refresh(world.home)
    assert world.home.mail_sender_name == "Arbetsmarknadsenheten, Hemkommun"
    assert world.home.mail_reply_to == "kontakt@hemkommun.se"
    assert world.home.mail_footer == "Storgatan 1\r\nTelefon 0611-123 45"
    page = client.get(URL.format(world.home.id)).get_data(as_text=True)
    assert 'value="kontakt@hemkommun.se"' in page and "Telefon 0611-123 45</textarea>" in page
    emptied = {"mail_sender_name": "", "mail_reply_to": "", "mail_footer": ""}
    assert _post(client, world, **emptied).status_code == 302  # Validera's defaults again
    db.session.refresh(world.home)
    assert (world.home.mail_sender_name, world.home.mail_reply_to, world.home.mail_footer) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("field", "value", "swedish", "english"),
    [
        (
            "mail_reply_to",
            "inte en adress",
            "Skriv en giltig e-postadress",
            "Invalid email address",
        ),
        (
            "mail_sender_name",
            "Namn\r\nBcc: alla@example.org",
            "Skriv det på en rad",
            "Write it on one line",
        ),
        ("mail_sender_name", "x" * 121, "120", "120"),
        ("mail_footer", "x" * 501, "500", "500"),
        ("mail_footer", "1\n2\n3\n4\n5\n6", "Skriv högst 5 rader.", "Write at most 5 lines."),
        ("mail_footer", "Tab\tok men NUL\x00 inte", "inte är tillåtna", "not allowed"),
    ],
)
def test_bad_mail_settings_are_refused_at_the_field(client, world, field, value, swedish, english):
    client.login(world["system"])
    for language, words in (("sv", swedish), ("en", english)):
        world["system"].locale = language
        db.session.flush()
        response = _post(client, world, **{field: value})
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert f'id="{field}-error"' in page and words in page, language
    db.session.refresh(world.home)
    assert world.home.mail_sender_name is None and world.home.mail_footer is None


def test_a_municipality_administrator_does_not_edit_municipalities(client, world):
    client.login(world["admin"])
    assert client.get(URL.format(world.home.id)).status_code == 403
    assert _post(client, world, mail_sender_name="Eget namn").status_code == 403
