"""The accessibility statement per municipality (lag 2018:1937, DIGG's requirements): its
compliance, shortcomings and assessment date kept by the municipality's administrator, and a
feedback form that reaches the municipality."""

import sqlalchemy as sa

from app.audit import AuditEvent
from app.extensions import db
from app.organisations.models import AccessibilityFeedback
from app.vocab import Role
from tests.mailbox import smtp_mailbox, text_of

DIGG = "https://www.digg.se/tdosanmalan"


def _statement(client, municipality, **kwargs):
    return client.get(f"/accessibility/{municipality.id}", **kwargs).get_data(as_text=True)


def test_the_administrator_keeps_the_statement_and_the_public_reads_it(client, app, world):
    home = world.home
    page = _statement(app.test_client(), home)
    assert home.name in page and DIGG in page
    assert "har ännu inte bedömt tjänsten" in page
    client.login(world["admin"])
    form = client.get(f"/admin/municipalities/{home.id}/accessibility")
    assert form.status_code == 200
    # a partial compliance needs its shortcomings; nothing is stored from a refused form
    refused = client.post(
        f"/admin/municipalities/{home.id}/accessibility",
        data={"compliance": "partial", "assessed_on": "2026-11-02"},
    )
    assert refused.status_code == 200 and "Beskriv bristerna" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert home.accessibility_compliance is None
    saved = client.post(
        f"/admin/municipalities/{home.id}/accessibility",
        data={
            "compliance": "partial",
            "shortcomings": "Intygens PDF-filer saknar fullständig taggning.",
            "assessed_on": "2026-11-02",
            "contact": "Tillganglighet@Home.Example",
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert home.accessibility_contact == "tillganglighet@home.example"
    assert db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "admin.accessibility_saved")
    )
    page = _statement(app.test_client(), home)
    assert "Delvis förenlig" in page
    assert "Intygens PDF-filer saknar fullständig taggning." in page
    assert "2 nov. 2026" in page and DIGG in page
    english = _statement(app.test_client(), home, query_string={"lang": "en"})
    assert "Partially compliant" in english and "2 Nov 2026" in english
    assert f'href="/accessibility/{home.id}"' in app.test_client().get("/accessibility").get_data(
        as_text=True
    )


def test_only_the_own_administrator_edits_the_statement(client, world, make_user):
    url = f"/admin/municipalities/{world.home.id}/accessibility"
    client.login(make_user(Role.ADMIN, municipality=world.other))
    assert client.get(url).status_code == 404
    client.login(world["coach"])
    assert client.get(url).status_code == 403
    client.login(world["system"])
    assert client.get(url).status_code == 200


def test_feedback_is_stored_and_mailed_to_the_municipality(client, app, world):
    home = world.home
    home.accessibility_contact = "tillganglighet@home.example"
    db.session.commit()
    url = f"/accessibility/{home.id}"
    empty = client.post(url, data={"message": ""})
    assert empty.status_code == 200 and 'aria-invalid="true"' in empty.get_data(as_text=True)
    assert client.post(url, data={"message": "Hej"}, csrf=False).status_code == 400
    with smtp_mailbox(app) as mailbox:
        sent = client.post(
            url,
            data={
                "message": "Knappen Skicka går inte att nå med tangentbordet.",
                "reply_to": "besokare@example.net",
            },
        )
        received = mailbox.only()
    assert sent.status_code == 302
    assert "Tack" in client.get(sent.location).get_data(as_text=True)
    [stored] = db.session.scalars(sa.select(AccessibilityFeedback)).all()
    assert stored.municipality_id == home.id and stored.reply_to == "besokare@example.net"
    assert received["To"] == "tillganglighet@home.example"
    assert "Knappen Skicka går inte att nå med tangentbordet." in text_of(received)
    assert "besokare@example.net" in text_of(received)


def test_feedback_goes_to_the_administrators_without_a_contact_address(client, app, world):
    with smtp_mailbox(app) as mailbox:
        client.post(
            f"/accessibility/{world.home.id}",
            data={"message": "Kontrasten på knapparna är för låg för mig."},
        )
        received = mailbox.only()
    assert received["To"] == world["admin"].email


def test_a_robot_filling_the_hidden_field_is_turned_away(client, world):
    response = client.post(
        f"/accessibility/{world.home.id}",
        data={"message": "Köp billiga klockor här nu!", "website": "http://spam.example"},
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(AccessibilityFeedback.id))) == 0


def test_a_burst_of_feedback_is_limited(client, app, world):
    app.config["ACCESSIBILITY_FEEDBACK_LIMIT"] = "2/hour"
    try:
        answers = [
            client.post(f"/accessibility/{world.home.id}", data={"message": ""}).status_code
            for _ in range(3)
        ]
    finally:
        app.config.pop("ACCESSIBILITY_FEEDBACK_LIMIT")
    assert answers == [200, 200, 429]
