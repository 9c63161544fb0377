"""My data: the participant downloads their register extract themselves (the administrator's
ZIP, logged as the administrator's is) and sees who in the municipality read their data: the
reads about them, with role and date, the name only where the municipality shows names, a page
at a time; never their own reads, never anyone else's data."""

from __future__ import annotations

import ast
import io
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent, record
from app.extensions import db
from app.portal import records
from app.portal.models import AccessLogPolicy
from tests.portal.records_factories import two_with_records

APP = Path(__file__).resolve().parents[2] / "app"


@pytest.fixture
def two(world, password_hash):
    return two_with_records(world, password_hash)


def _read_by(user, person, action="case.viewed", obj=None):
    record(action, obj, participant_id=person.id, user=user)
    db.session.flush()


def test_the_participant_downloads_their_register_extract_logged_as_the_admins(client, two):
    (person, _c, account, certificate), (bertil, *_rest) = two
    client.login(account.email)
    response = client.post("/my/data/extract", data={"language": "en"})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert data["participant_id"] == person.id
    assert [row["number"] for row in data["tables"]["certificates"]] == [certificate.number]
    summary = archive.read("summary.html").decode()
    assert "Alice" in summary and "Bertil" not in summary
    assert any(name.endswith(".pdf") for name in archive.namelist())
    line = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "privacy.exported"))
    assert line.participant_id == person.id and line.user_id == account.id
    assert line.details["tables"]["certificates"] == 1


def test_an_extract_form_with_a_wrong_language_is_shown_again_with_its_error(client, two):
    (_p, _c, account, _cert), _ = two
    client.login(account.email)
    response = client.post("/my/data/extract", data={"language": "xx"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'id="language-error"' in page and "Välj ett av de alternativ som visas." in page
    assert (
        db.session.scalar(sa.select(AuditEvent.id).where(AuditEvent.action == "privacy.exported"))
        is None
    )


def test_the_log_shows_staff_reads_by_role_and_date_never_the_participants_own(client, two, world):
    (person, case, account, _cert), (bertil, *_rest) = two
    _read_by(world["coach"], person, obj=case)
    _read_by(world["admin"], person, "privacy.participant_viewed", person)
    _read_by(world["coach"], person, "case.transitioned", case)  # a change, not a read
    _read_by(world["coach2"], bertil)  # someone else's data
    client.login(account.email)
    client.get("/my/")  # the participant's own read
    page = client.get("/my/data").get_data(as_text=True)
    assert "Vem som har läst dina uppgifter" in page
    assert "Arbetsmarknadshandledare" in page and "Kommunadministratör" in page
    assert "Visade ett ärende" in page
    assert world["coach"].name not in page and world["admin"].name not in page  # role only
    assert page.count("<tr>") == 1 + 2  # the heading, and the two reads about Alice
    assert "Deltagaren visade Min sida" not in page
    line = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "portal.data_viewed"))
    assert line.participant_id == person.id


def test_names_are_shown_where_the_municipality_chooses_so(client, two, world):
    (person, case, account, _cert), _ = two
    _read_by(world["coach"], person, obj=case)
    client.login(world["admin"])
    response = client.post("/my/settings", data={"reader_names": "y"})
    assert response.status_code == 302
    assert db.session.get(AccessLogPolicy, world.home.id).shows_names
    changed = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "portal.log_policy_saved")
    )
    assert changed.details == {"municipality": world.home.id, "shows_names": True}
    client.login(account.email)
    page = client.get("/my/data").get_data(as_text=True)
    assert f"Arbetsmarknadshandledare: {world['coach'].name}" in page
    # another municipality's choice is its own
    assert not records.shows_names(world.other.id)


def test_the_log_is_paginated(client, two, world):
    (person, case, account, _cert), _ = two
    for _ in range(records.LOG_PAGE + 5):
        _read_by(world["coach"], person, obj=case)
    client.login(account.email)
    first = client.get("/my/data").get_data(as_text=True)
    assert first.count("<tr>") == 1 + records.LOG_PAGE
    assert "Sida 1 av 2" in first and "/my/data?page=2" in first
    second = client.get("/my/data?page=2").get_data(as_text=True)
    assert second.count("<tr>") == 1 + 5
    assert client.get("/my/data?page=abc").status_code == 200


def test_staff_get_403_on_my_data(client, world):
    client.login(world["coach"])
    assert client.get("/my/data").status_code == 403
    assert client.post("/my/data/extract", data={"language": "sv"}).status_code == 403


def _read_codes() -> set[str]:
    """Every action code written by `seen` or `seen_many` in the application's source."""
    codes = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ("seen", "seen_many") and isinstance(node.args[0], ast.Constant):
                codes.add(node.args[0].value)
    return codes


def test_every_read_the_application_logs_is_a_read_on_my_data():
    codes = _read_codes()
    assert len(codes) > 40  # the scan finds the calls
    own = {code for code in codes if code.startswith("portal.")}  # the participant's own
    assert codes - own <= records.READS, sorted(codes - own - records.READS)
    assert records.READS - codes == {"privacy.exported"}
