"""The audit log speaks the administrator's language: every action has its words, the page
names people and shows dates, and the old access-log address leads to the one log page."""

import re

import sqlalchemy as sa
from flask_babel import force_locale

from app.admin.labels import AUDIT_ACTIONS, AUDIT_AREAS
from app.audit import AuditEvent, record
from app.extensions import db
from tests.admin.audit_codes import audit_codes
from tests.cases.factories import make_case, make_participant


def test_every_action_the_application_writes_has_its_words():
    codes = audit_codes()
    assert len(codes) > 150  # the scan finds the calls (a broken scan finds none)
    missing = sorted(code for code in codes if code not in AUDIT_ACTIONS)
    assert not missing, f"add these to app/admin/labels.py AUDIT_ACTIONS: {missing}"
    assert {code.split(".")[0] for code in AUDIT_ACTIONS} <= set(AUDIT_AREAS)


def test_every_action_has_swedish_and_english_words(app):
    for locale in ("sv", "en"):
        with app.test_request_context(), force_locale(locale):
            words = {code: str(text) for code, text in AUDIT_ACTIONS.items()}
            assert all(text and "_" not in text for text in words.values())
    with app.test_request_context(), force_locale("sv"):
        assert str(AUDIT_ACTIONS["auth.login"]) == "Loggade in i Validera"
        assert str(AUDIT_ACTIONS["mapping.viewed"]) == "Visade en kartläggning"


def test_the_log_shows_words_names_and_dates_not_codes(client, world):
    case = make_case(world["coach"], make_participant(world.home, first_name="Lova"))
    record("case.viewed", case, participant_id=case.participant_id, user=world["coach"])
    record("admin.user_updated", world["coach"], user=world["admin"])
    client.login(world["coach"])
    db.session.commit()
    client.login(world["admin"])
    page = client.get("/admin/audit").get_data(as_text=True)
    for words in ("Loggade in", "Visade ett ärende", "Ändrade ett konto", "Ärende nummer"):
        assert words in page, words
    text = re.sub(r"<[^>]+>", " ", page)  # what the reader sees, not the options' values
    for code in ("auth.login", "case.viewed", "admin.user_updated", "users #", "Deltagar-id"):
        assert code not in text, code
    assert world["coach"].name in page and "Lova" in page
    assert "<time datetime=" in page
    # the admin's read of the participant's name is itself logged
    assert db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "privacy.log_viewed",
            AuditEvent.participant_id == case.participant_id,
        )
    )
    # filtered by action, with the actions offered by their words
    only = client.get("/admin/audit?action=case.viewed").get_data(as_text=True)
    assert "Visade ett ärende" in only and "Loggade in i Validera</td>" not in only
    assert '<option value="auth.login">– Loggade in i Validera</option>' in only
    # filtered by person, by name
    named = client.get("/admin/audit", query_string={"user": world["coach"].name}).get_data(
        as_text=True
    )
    assert "Visade ett ärende" in named


def test_the_system_administrator_sees_no_participant_names(client, world):
    case = make_case(world["coach"], make_participant(world.home, first_name="Lova"))
    record("case.viewed", case, participant_id=case.participant_id, user=world["coach"])
    db.session.commit()
    client.login(world["system"])
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Lova" not in page


def test_the_old_access_log_address_leads_to_the_one_log_page(client, world):
    client.login(world["admin"])
    response = client.get("/admin/privacy/log?participant=3&user=coach")
    assert response.status_code == 301
    assert response.location.startswith("/admin/audit?")
    assert "participant=3" in response.location and "user=coach" in response.location
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Ladda ner raderna som CSV" in page or "CSV" in page
