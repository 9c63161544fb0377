"""The two administrator roles have a scope, and nobody widens their own."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app.admin import services
from app.audit import AuditEvent, record
from app.auth.models import User
from app.db import utcnow
from app.extensions import db
from app.privacy.models import LogReview
from app.refusals import Refused
from app.vocab import Role
from tests.cases.factories import make_case, make_participant


def _form(user, **changes) -> dict:
    """The user form as the page would send it for `user`, with `changes`."""
    organisation = f"m:{user.municipality_id}" if user.municipality_id else "-"
    data = {
        "name": user.name,
        "email": user.email,
        "organisation": organisation,
        "roles": [row.role.value for row in user.role_rows],
        "locale": user.locale,
    }
    return {**data, **changes}


def _new_account(email: str, organisation: str, roles: list[str]) -> dict:
    return {
        "name": "Ny Person",
        "email": email,
        "organisation": organisation,
        "roles": roles,
        "locale": "sv",
    }


def _updates(user) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(
        AuditEvent.object_type == "users",
        AuditEvent.object_id == user.id,
        AuditEvent.action.startswith("admin."),
    )
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_an_administrator_cannot_move_their_own_account_to_another_municipality(client, world):
    admin = world["admin"]
    stranger = make_case(world["other_coach"], make_participant(world.other))
    client.login(admin)
    response = client.post(
        f"/admin/users/{admin.id}", data=_form(admin, organisation=f"m:{world.other.id}")
    )
    assert response.status_code == 200
    assert "Organisation: Välj ett av de alternativ som visas." in response.get_data(as_text=True)
    db.session.expire_all()
    assert admin.municipality_id == world.home.id
    # so the other municipality's participants stay out of reach
    assert client.get(f"/cases/{stranger.id}").status_code == 404
    participant = f"/admin/privacy/participants/{stranger.participant_id}"
    assert client.get(participant).status_code == 404
    assert client.post(participant + "/export").status_code == 404


def test_an_administrator_cannot_change_their_own_roles(client, world):
    admin = world["admin"]
    client.login(admin)
    more = client.post(f"/admin/users/{admin.id}", data=_form(admin, roles=["admin", "coach"]))
    assert "Du kan inte ändra dina egna roller" in more.get_data(as_text=True)
    system = client.post(
        f"/admin/users/{admin.id}", data=_form(admin, roles=["admin", "system_admin"])
    )
    assert "Välj bland de alternativ som visas." in system.get_data(as_text=True)
    db.session.expire_all()
    assert admin.roles == {Role.ADMIN}
    # name and email are the administrator's own to keep up to date
    renamed = client.post(f"/admin/users/{admin.id}", data=_form(admin, name="Anna Nyname"))
    assert renamed.status_code == 302 and admin.name == "Anna Nyname"


def test_the_system_administrator_cannot_make_themselves_a_municipality_administrator(
    client, world
):
    system = world["system"]
    client.login(system)
    response = client.post(
        f"/admin/users/{system.id}",
        data=_form(system, organisation=f"m:{world.home.id}", roles=["admin"]),
    )
    page = response.get_data(as_text=True)
    assert "Du kan inte flytta ditt eget konto" in page
    assert "Du kan inte ändra dina egna roller" in page
    db.session.expire_all()
    assert system.roles == {Role.SYSTEM_ADMIN} and system.municipality_id is None


def test_the_user_service_refuses_what_the_form_would_not_offer(world):
    admin, other = world["admin"], f"m:{world.other.id}"
    assert services.change_refusals(admin, admin, {Role.ADMIN}, other) == {
        "organisation": "own_organisation"
    }
    assert services.change_refusals(admin, world["coach"], {Role.SYSTEM_ADMIN}, other) == {
        "roles": "role_not_yours",
        "organisation": "organisation_not_yours",
    }
    form = SimpleNamespace(
        name=SimpleNamespace(data="X"),
        email=SimpleNamespace(data="x@test.example"),
        locale=SimpleNamespace(data="sv"),
        organisation=SimpleNamespace(data=other),
        roles=SimpleNamespace(data=["admin"]),
    )
    with pytest.raises(Refused) as refused:
        services.update_user(admin, form, admin)
    assert refused.value.code == "own_organisation"
    assert admin.municipality_id == world.home.id


def test_a_municipality_administrator_stays_in_their_municipality(client, world):
    client.login(world["admin"])
    other_coach = world["other_coach"]
    assert client.get(f"/admin/users/{other_coach.id}").status_code == 404
    assert client.post(f"/admin/users/{other_coach.id}", data=_form(other_coach)).status_code == 404
    assert client.post(f"/admin/users/{other_coach.id}/reset-password").status_code == 404
    assert client.post(f"/admin/users/{world['system'].id}/active").status_code == 404
    listed = client.get("/admin/users").get_data(as_text=True)
    assert "coach@test.example" in listed and "coach@other.test.example" not in listed
    assert "system@test.example" not in listed
    before = db.session.scalar(sa.select(sa.func.count(User.id)))
    there = _new_account("ny@test.example", f"m:{world.other.id}", ["coach"])
    assert client.post("/admin/users/new", data=there).status_code == 200
    system = _new_account("ny@test.example", "-", ["system_admin"])
    assert client.post("/admin/users/new", data=system).status_code == 200
    unknown = _new_account("ny@test.example", f"m:{world.home.id}", ["superuser"])
    assert client.post("/admin/users/new", data=unknown).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == before
    coach = world["coach"]
    moved = client.post(f"/admin/users/{coach.id}", data=_form(coach, organisation="-"))
    assert moved.status_code == 200 and coach.municipality_id == world.home.id


def test_the_system_administrator_manages_administrators_but_no_one_else(client, world):
    client.login(world["system"])
    created = client.post(
        "/admin/users/new",
        data=_new_account("chef@other.test.example", f"m:{world.other.id}", ["admin"]),
    )
    assert created.status_code == 302
    chef = db.session.scalar(sa.select(User).where(User.email == "chef@other.test.example"))
    assert chef.roles == {Role.ADMIN} and chef.municipality_id == world.other.id
    coach = _new_account("ny@test.example", f"m:{world.home.id}", ["coach"])
    assert client.post("/admin/users/new", data=coach).status_code == 200
    assert client.get(f"/admin/users/{world['coach'].id}").status_code == 404
    # an administrator who also coaches: only the administrator role is the system's to give
    both = world["admin"]
    both.set_roles({Role.ADMIN, Role.COACH})
    db.session.flush()
    page = client.get(f"/admin/users/{both.id}").get_data(as_text=True)
    assert 'value="coach"' not in page and "Arbetsmarknadshandledare" in page
    client.post(f"/admin/users/{both.id}/reset-password")
    assert (
        client.post(
            f"/admin/users/{both.id}", data=_form(both, organisation=f"m:{world.other.id}")
        ).status_code
        == 200
    )
    db.session.expire_all()
    assert both.municipality_id == world.home.id
    assert client.post(f"/admin/users/{both.id}", data=_form(both, roles=[])).status_code == 302
    assert both.roles == {Role.COACH}
    assert not any(line.action == "admin.password_reset" for line in _updates(both))


def test_the_system_administrator_reads_no_participant_data(client, world):
    case = make_case(world["coach"], make_participant(world.home))
    client.login(world["system"])
    for url in (
        "/cases/",
        "/cases/referrals",
        f"/cases/{case.id}",
        f"/cases/participants/{case.participant_id}",
        "/certificates",
        "/employers/",
        "/reports/",
        "/reports/esf",
        "/admin/privacy/",
        "/admin/privacy/log",
        f"/admin/privacy/participants/{case.participant_id}",
    ):
        assert client.get(url).status_code in (403, 404), url
    record("case.viewed", case, participant_id=case.participant_id, user=world["coach"])
    db.session.commit()
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "<td>Visade ett ärende</td>" not in log and "coach@test.example" not in log


def test_the_access_log_shows_only_the_administrators_municipality(client, world):
    own = make_case(world["coach"], make_participant(world.home))
    theirs = make_case(world["other_coach"], make_participant(world.other))
    record("case.viewed", own, participant_id=own.participant_id, user=world["coach"])
    record("case.viewed", theirs, participant_id=theirs.participant_id, user=world["other_coach"])
    record("auth.login", user=world["other_coach"])
    db.session.commit()
    client.login(world["admin"])
    for url in ("/admin/privacy/log", "/admin/audit"):
        page = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "coach@test.example" in page, url
        assert "coach@other.test.example" not in page, url
    exported = client.get("/admin/privacy/log.csv").get_data(as_text=True)
    actors = {row[1] for row in csv.reader(io.StringIO(exported))}
    assert "coach@test.example" in actors and "coach@other.test.example" not in actors
    searched = client.get(f"/admin/audit?participant={theirs.participant_id}")
    assert "coach@other.test.example" not in searched.get_data(as_text=True)


def test_each_municipality_reviews_its_own_access_log(client, world, make_user):
    theirs = make_participant(world.other, is_protected=True)
    record("participant.viewed", theirs, participant_id=theirs.id, user=world["other_coach"])
    db.session.commit()
    month = utcnow().strftime("%Y-%m")
    client.login(world["admin"])
    page = client.get(f"/admin/privacy/review?month={month}").get_data(as_text=True)
    assert "coach@other.test.example" not in page
    done = client.post("/admin/privacy/review", data={"month": month, "comment": "Inget."})
    assert done.status_code == 302
    other_admin = make_user(Role.ADMIN, municipality=world.other)
    client.logout()
    client.login(other_admin)
    page = client.get(f"/admin/privacy/review?month={month}").get_data(as_text=True)
    assert "coach@other.test.example" in page
    done = client.post("/admin/privacy/review", data={"month": month, "comment": "Sett."})
    assert done.status_code == 302
    reviews = db.session.scalars(sa.select(LogReview).order_by(LogReview.id)).all()
    assert [(r.municipality_id, r.flags > 0) for r in reviews] == [
        (world.home.id, False),
        (world.other.id, True),
    ]


def test_every_change_to_a_user_is_logged_with_before_and_after(client, world):
    coach = world["coach"]
    name = coach.name
    client.login(world["admin"])
    client.post(
        f"/admin/users/{coach.id}",
        data=_form(coach, name="Karin Ny", email="karin@test.example", roles=["coach", "assessor"]),
    )
    client.post(f"/admin/users/{coach.id}/active", data={"active": "0"})
    updated, deactivated = (line.details for line in _updates(coach))
    assert updated["before"] == {
        "name": name,
        "email": "coach@test.example",
        "roles": ["coach"],
        "municipality_id": world.home.id,
        "municipality": "Hemkommun",
        "employer_id": None,
        "employer": None,
        "active": True,
        "locale": "sv",
        "has_personal_number": False,
    }
    assert updated["after"] == {
        **updated["before"],
        "name": "Karin Ny",
        "email": "karin@test.example",
        "roles": ["assessor", "coach"],
    }
    assert deactivated == {
        "before": updated["after"],
        "after": {**updated["after"], "active": False},
    }
    # a move between municipalities, made by the system administrator, names both
    client.logout()
    client.login(world["system"])
    admin = world["admin"]
    client.post(f"/admin/users/{admin.id}", data=_form(admin, organisation=f"m:{world.other.id}"))
    moved = _updates(admin)[-1]
    assert moved.action == "admin.user_updated" and moved.user_id == world["system"].id
    assert moved.details["before"]["municipality"] == "Hemkommun"
    assert moved.details["after"]["municipality"] == "Grannkommun"
