"""Importing staff accounts: the administration's form checks each row, and every person gets
the same welcome link as an account made on the page."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth.models import User
from app.auth.services import has_usable_password
from app.extensions import db
from app.imports.models import Import
from app.vocab import Role
from tests.imports.files import csv_bytes, upload
from tests.mailbox import link_in, smtp_mailbox

HEADER = ["Namn", "E-post", "Roller", "Språk"]


def _upload(client, rows, header=HEADER):
    answer = upload(client, csv_bytes(rows, header=header), "personal.csv", kind="staff")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return db.session.scalars(sa.select(Import).order_by(Import.id.desc())).first()


def test_the_administrator_imports_accounts_that_are_welcomed_by_mail(app, client, world):
    client.login(world["admin"])
    item = _upload(
        client,
        [
            ["Karin Lund", "Karin.Lund@Example.org", "Arbetsmarknadshandledare", "sv"],
            ["Per Berg", "per.berg@example.org", "assessor, Internal verifier", "English"],
        ],
    )
    assert item.error_count == 0
    with smtp_mailbox(app) as mailbox:
        answer = client.post(f"/imports/{item.id}/confirm", data={"registered": "0"}, buffered=True)
        assert answer.status_code == 302
        assert len(mailbox.messages) == 2
        assert all(link_in(message) for message in mailbox.messages)
    karin = db.session.scalar(sa.select(User).where(User.email == "karin.lund@example.org"))
    per = db.session.scalar(sa.select(User).where(User.email == "per.berg@example.org"))
    assert karin.roles == {Role.COACH} and karin.municipality == world.home
    assert per.roles == {Role.ASSESSOR, Role.INTERNAL_VERIFIER} and per.locale == "en"
    assert not has_usable_password(karin)
    created = AuditEvent.action == "admin.user_created"
    assert db.session.scalar(sa.select(sa.func.count()).where(created)) == 2


def test_an_email_in_use_a_repeated_email_and_an_unknown_role_are_errors(client, world):
    client.login(world["admin"])
    item = _upload(
        client,
        [
            ["Karin Lund", world["coach"].email, "coach", ""],
            ["Per Berg", "per@example.org", "coach", ""],
            ["Pia Berg", "PER@example.org", "coach", ""],
            ["Ola Ek", "ola@example.org", "trollkarl", ""],
            ["Eva Ek", "eva@example.org", "system_admin", ""],
        ],
    )
    page = client.get(f"/imports/{item.id}").get_data(as_text=True)
    assert item.error_count == 4
    assert "<td>2</td><td>E-post</td>" in page
    assert "Samma e-postadress som rad 3." in page
    assert "”trollkarl”" in page
    assert "<td>6</td><td>Roller</td>" in page  # a role the administrator may not give
    answer = client.post(f"/imports/{item.id}/confirm", data={"registered": "0"})
    assert "Inget importerades" in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.email == "per@example.org")) is None


def test_a_coach_may_not_upload_staff(client, world):
    client.login(world["coach"])
    answer = upload(
        client, csv_bytes([["A", "a@example.org", "coach", ""]], header=HEADER), kind="staff"
    )
    assert answer.status_code == 403
