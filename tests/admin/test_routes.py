"""Administration of accounts, municipalities and employers, and the audit log."""

import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth.models import User
from app.auth.services import has_usable_password
from app.extensions import db
from app.organisations.models import Employer, Municipality
from app.vocab import Role
from tests.mailbox import link_in, smtp_mailbox, text_of


def test_admin_creates_a_user(client, world):
    client.login(world["admin"])
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Ny Handledare",
            "email": "Ny@Test.Example",
            "organisation": f"m:{world.home.id}",
            "roles": ["coach"],
            "locale": "sv",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "ny@test.example"))
    assert user.roles == {Role.COACH} and user.municipality == world.home
    assert not has_usable_password(user)  # the person chooses it by the welcome link
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "admin.user_created"))


def test_the_new_account_form_asks_for_no_password(client, world):
    client.login(world["admin"])
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert 'type="password"' not in page and 'name="password"' not in page
    assert "välkomstlänk" in page


def test_refused_user_form_stores_nothing_and_says_why(client, world):
    client.login(world["admin"])
    before = db.session.scalar(sa.select(sa.func.count(User.id)))
    response = client.post(
        "/admin/users/new",
        data={
            "name": "X",
            "email": "not an address",
            "organisation": f"e:{world.employer.id}",
            "roles": ["coach", "internal_verifier"],
            "locale": "sv",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Det finns ett problem" in page
    assert "En intern kvalitetssäkrare måste också vara bedömare." in page
    assert 'aria-invalid="true"' in page
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == before


def test_duplicate_email_is_refused_at_the_field(client, world):
    client.login(world["admin"])
    response = client.post(
        "/admin/users/new",
        data={
            "name": "X",
            "email": "COACH@test.example",
            "organisation": f"m:{world.home.id}",
            "roles": ["coach"],
            "locale": "sv",
        },
    )
    assert "Ett annat konto använder redan den e-postadressen." in response.get_data(as_text=True)


def test_employer_user_only_with_employer_role(client, world):
    client.login(world["admin"])
    response = client.post(
        "/admin/users/new",
        data={
            "name": "X",
            "email": "x@test.example",
            "organisation": f"m:{world.home.id}",
            "roles": ["employer"],
            "locale": "sv",
        },
    )
    assert "Rollen arbetsgivare kräver en arbetsgivarorganisation." in response.get_data(True)


def test_edit_roles_and_deactivate_ends_sessions(app, world):
    coach_client, admin_client = app.test_client(), app.test_client()
    coach_client.login(world["coach"])
    admin_client.login(world["admin"])
    coach = world["coach"]
    admin_client.post(
        f"/admin/users/{coach.id}",
        data={
            "name": coach.name,
            "email": coach.email,
            "organisation": f"m:{world.home.id}",
            "roles": ["coach", "assessor"],
            "locale": "sv",
        },
    )
    assert coach.roles == {Role.COACH, Role.ASSESSOR}
    admin_client.post(f"/admin/users/{coach.id}/active", data={"active": "0"})
    assert coach.is_active is False
    assert coach_client.get("/").status_code == 302


def test_admin_cannot_deactivate_self(client, world):
    client.login(world["admin"])
    client.post(f"/admin/users/{world['admin'].id}/active", data={"active": "0"})
    assert world["admin"].is_active


def test_reset_password_mails_a_link_and_shows_no_password(client, app, world):
    coach = world["coach"]
    coach_client = app.test_client()
    coach_client.login(coach)
    client.login(world["admin"])
    before = coach.password_hash
    with smtp_mailbox(app) as mailbox:
        # the account page only links to a confirmation page, which changes nothing
        account = client.get(f"/admin/users/{coach.id}").get_data(as_text=True)
        assert f'href="/admin/users/{coach.id}/reset-password"' in account
        confirm = client.get(f"/admin/users/{coach.id}/reset-password")
        assert confirm.status_code == 200
        text = confirm.get_data(as_text=True)
        assert "slutar det nuvarande lösenordet för coach@test.example" in text
        assert client.head(f"/admin/users/{coach.id}/reset-password").status_code == 200
        assert coach.password_hash == before and coach_client.get("/").status_code == 200
        assert not db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "admin.password_reset")
        )
        response = client.post(f"/admin/users/{coach.id}/reset-password", follow_redirects=True)
        received = mailbox.only()
    page = response.get_data(as_text=True)
    assert "Lösenordet för coach@test.example fungerar inte längre" in page
    assert "Nytt lösenord" not in page
    # the old password stops working at once, and the coach's session has ended
    assert coach_client.get("/").status_code == 302
    assert coach_client.login(coach).status_code == 200
    assert received["To"] == "coach@test.example"
    assert "En administratör har återställt lösenordet" in text_of(received)
    assert "bortse från meddelandet" not in text_of(received)
    path = link_in(received)
    assert path not in page and path.rsplit("/", 1)[1] not in page
    fresh = app.test_client()
    data = {"new_password": "chosen by the coach", "repeat_password": "chosen by the coach"}
    assert fresh.post(path, data=data).status_code == 302
    assert fresh.login(coach, password="chosen by the coach").status_code == 302
    forced = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "admin.password_reset")
    ).one()
    assert forced.user_id == world["admin"].id and forced.object_id == coach.id
    assert forced.details == {"forced": True}


def test_user_list_filters(client, world):
    client.login(world["admin"])
    page = client.get("/admin/users?role=employer").get_data(as_text=True)
    assert "employer@test.example" in page and "coach@test.example" not in page
    page = client.get("/admin/users?q=assessor").get_data(as_text=True)
    assert "assessor@test.example" in page


def test_municipality_code_is_checked(client, world):
    client.login(world["system"])
    bad = client.post("/admin/municipalities/new", data={"name": "Sundsvall", "code": "22x1"})
    assert "Kommunkoden har fyra siffror" in bad.get_data(as_text=True)
    taken = client.post("/admin/municipalities/new", data={"name": "Annan", "code": "9001"})
    assert "Det finns redan en kommun" in taken.get_data(as_text=True)
    ok = client.post(
        "/admin/municipalities/new",
        data={"name": "Sundsvall", "code": "2281", "region_name": "Testregionen"},
    )
    assert ok.status_code == 302
    sundsvall = db.session.scalar(sa.select(Municipality).where(Municipality.code == "2281"))
    assert sundsvall.region == world.region and sundsvall.cooperates_with(world.home)
    assert not world.outside.cooperates_with(world.home)


def test_employer_org_number_luhn(client, world):
    client.login(world["system"])
    bad = client.post(
        "/admin/employers/new",
        data={"name": "Fel AB", "org_number": "556036-0794", "municipality_id": "0"},
    )
    assert "Kontrollsiffran stämmer inte" in bad.get_data(as_text=True)
    short = client.post(
        "/admin/employers/new",
        data={"name": "Fel AB", "org_number": "55603", "municipality_id": "0"},
    )
    assert "tio siffror" in short.get_data(as_text=True)
    ok = client.post(
        "/admin/employers/new",
        data={
            "name": "Rätt AB",
            "org_number": "556712-3459",
            "municipality_id": str(world.home.id),
        },
    )
    assert ok.status_code == 302
    assert db.session.scalar(sa.select(Employer).where(Employer.org_number == "5567123459"))


def test_an_organisation_number_in_use_is_refused_at_the_field(client, world):
    client.login(world["system"])
    before = db.session.scalar(sa.select(sa.func.count(Employer.id)))
    taken = client.post(
        "/admin/employers/new",
        data={"name": "Kopia AB", "org_number": "556036-0793", "municipality_id": "0"},
    )
    assert taken.status_code == 200
    assert "Det finns redan en arbetsgivare med det organisationsnumret." in taken.get_data(True)
    assert db.session.scalar(sa.select(sa.func.count(Employer.id))) == before
    same = client.post(
        f"/admin/employers/{world.employer.id}",
        data={"name": "Nytt Namn AB", "org_number": "556036-0793", "municipality_id": "0"},
    )
    assert same.status_code == 302 and world.employer.name == "Nytt Namn AB"
    assert client.get("/admin/employers/987654").status_code == 404
    assert client.get(f"/admin/municipalities/{2**40}").status_code == 404


def test_an_administrator_is_told_why_they_cannot_deactivate_themselves(client, world):
    client.login(world["admin"])
    page = client.post(
        f"/admin/users/{world['admin'].id}/active", data={"active": "0"}, follow_redirects=True
    )
    assert "Du kan inte inaktivera ditt eget konto." in page.get_data(as_text=True)
    assert world["admin"].is_active


def test_audit_log_browse_and_filter(client, world):
    client.login(world["coach"])  # logged as a line
    client.login(world["admin"])
    page = client.get("/admin/audit?action=auth.login").get_data(as_text=True)
    assert "admin@test.example" in page and "coach@test.example" in page
    page = client.get("/admin/audit?user=nobody").get_data(as_text=True)
    assert "Inga rader matchar." in page
    bad = client.get("/admin/audit?date_from=2026-02-30&participant=-4")
    assert bad.status_code == 200


def test_only_admins_see_admin_pages(client, world):
    for key in ("coach", "assessor", "verifier", "employer", "regional", "external_verifier"):
        client.login(world[key])
        assert client.get("/admin/").status_code == 403, key
        assert client.get("/admin/audit").status_code == 403, key
        client.logout()


def test_editing_a_municipality_without_the_region_field_keeps_working(client, world):
    client.login(world["system"])
    response = client.post(
        f"/admin/municipalities/{world.home.id}", data={"name": "Hemkommun", "code": "9001"}
    )
    assert response.status_code == 302
    assert world.home.region is None


def test_a_nul_byte_in_the_login_email_is_refused_at_the_field(client, world):
    response = client.post("/login", data={"email": "coach@test.example\x00", "password": "x"})
    assert response.status_code == 200
    assert "Texten innehåller tecken som inte är tillåtna." in response.get_data(as_text=True)


def test_an_employer_post_without_fields_keeps_the_employer(client, world):
    client.login(world["system"])
    client.post(f"/admin/employers/{world.employer.id}", data={})
    assert world.employer.municipality == world.home
    assert world.employer.name == "Arbetsgivare A AB"


def test_organisation_pages_name_what_they_edit_link_back_and_confirm(client, world):
    client.login(world["system"])
    pages = [
        ("/admin/municipalities/new", "Ny kommun", "/admin/municipalities", "kommuner"),
        (
            f"/admin/municipalities/{world.home.id}",
            world.home.name,
            "/admin/municipalities",
            "kommuner",
        ),
        ("/admin/employers/new", "Ny arbetsgivare", "/admin/employers", "arbetsgivare"),
        (
            f"/admin/employers/{world.employer.id}",
            world.employer.name,
            "/admin/employers",
            "arbetsgivare",
        ),
    ]
    for url, heading, listing, back in pages:
        page = client.get(url).get_data(as_text=True)
        assert f"<title>{heading}" in page and f"<h1>{heading}</h1>" in page, url
        assert f'<a href="{listing}">Tillbaka till {back}' in page, url
    saved = client.post(
        f"/admin/municipalities/{world.home.id}",
        data={"name": world.home.name, "code": world.home.code},
        follow_redirects=True,
    )
    assert "Kommunen sparades." in saved.get_data(as_text=True)
    assert saved.request.path == "/admin/municipalities"
    saved = client.post(
        f"/admin/employers/{world.employer.id}",
        data={"name": "Arbetsgivare B AB", "org_number": world.employer.org_number_display},
        follow_redirects=True,
    )
    assert "Arbetsgivaren sparades." in saved.get_data(as_text=True)
    assert saved.request.path == "/admin/employers"
