"""The framework pages: browsing by role, the keyboard-usable editor, import and export."""

import io
import json

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.frameworks import services
from app.frameworks.models import Framework, Unit
from app.frameworks.transfer import to_document
from app.frameworks.vocab import FrameworkStatus


def post_file(client, url: str, raw: bytes, name: str = "ram.json"):
    """Post a file in a body encoded in memory (the test client spools large ones to disk)."""
    fields = {"csrf_token": client.csrf_token(), "file": FileStorage(io.BytesIO(raw), name)}
    boundary, body = encode_multipart(fields)
    return client.post(
        url, data=body, content_type=f"multipart/form-data; boundary={boundary}", csrf=False
    )


def test_published_frameworks_are_browsable_read_only(client, world, framework, draft):
    for key in ("coach", "assessor", "employer", "external_verifier"):
        client.login(world[key])
        listing = client.get("/frameworks/").get_data(as_text=True)
        assert framework.name in listing and draft.name not in listing, key
        page = client.get(f"/frameworks/{framework.id}").get_data(as_text=True)
        assert "kriterium 1.2" in page and "Deltagaren kan" in page, key
        assert "Gör en ny version" not in page and "Lägg till enhet" not in page, key
        assert client.get(f"/frameworks/{draft.id}").status_code == 404, key
        assert client.get(f"/frameworks/{draft.id}/export.json").status_code == 404, key
        assert client.get(f"/frameworks/{framework.id}/edit").status_code == 403, key
        assert client.post(f"/frameworks/{framework.id}/retire").status_code == 403, key
        client.logout()


def test_regional_readers_do_not_see_frameworks(client, world, framework):
    client.login(world["regional"])
    assert client.get("/frameworks/").status_code == 403


def test_admin_builds_and_publishes_a_framework_with_the_keyboard(client, world):
    client.login(world["system"])
    response = client.post(
        "/frameworks/new",
        data={"code": "kok", "name": "Restaurang och storkök", "owner": "Kommunen"},
    )
    framework = db.session.scalar(sa.select(Framework).where(Framework.code == "kok"))
    assert response.location == f"/frameworks/{framework.id}"
    response = client.post(
        f"/frameworks/{framework.id}/units/new",
        data={"code": "KOK-1", "title": "Kallskänk", "level": "level1", "credits": "3"},
    )
    unit = framework.units[0]
    assert response.location == f"/frameworks/units/{unit.id}" and unit.hours == 30
    client.post(f"/frameworks/units/{unit.id}/outcomes/new", data={"text": "göra smörgåsar."})
    client.post(f"/frameworks/units/{unit.id}/outcomes/new", data={"text": "hantera allergener."})
    first, second = unit.outcomes
    client.post(f"/frameworks/outcomes/{first.id}/criteria/new", data={"text": "bre smör."})
    client.post(f"/frameworks/outcomes/{second.id}/criteria/new", data={"text": "läsa etiketter."})
    client.post(f"/frameworks/outcomes/{second.id}/move", data={"direction": "up"})
    assert [o.text for o in unit.outcomes] == ["hantera allergener.", "göra smörgåsar."]
    page = client.get(f"/frameworks/units/{unit.id}").get_data(as_text=True)
    assert "Flytta mål 2 uppåt" in page and "Redigera kriterium 1.1" in page
    response = client.post(f"/frameworks/{framework.id}/publish", follow_redirects=True)
    assert "Version 1 publicerades." in response.get_data(as_text=True)
    assert framework.status == FrameworkStatus.PUBLISHED


def test_a_published_version_refuses_every_edit_through_the_pages(client, world, framework):
    client.login(world["system"])
    unit = framework.units[0]
    outcome = unit.outcomes[0]
    before = to_document(framework)
    posts = [
        (f"/frameworks/{framework.id}/edit", {"code": "x1", "name": "X", "owner": "Y"}),
        (
            f"/frameworks/{framework.id}/units/new",
            {"code": "N", "title": "N", "level": "level1", "credits": "1"},
        ),
        (
            f"/frameworks/units/{unit.id}",
            {"code": "N", "title": "N", "level": "level1", "credits": "1"},
        ),
        (f"/frameworks/units/{unit.id}/outcomes/new", {"text": "nytt"}),
        (f"/frameworks/outcomes/{outcome.id}", {"text": "ändrat"}),
        (f"/frameworks/outcomes/{outcome.id}/criteria/new", {"text": "nytt"}),
        (f"/frameworks/criteria/{outcome.criteria[0].id}", {"text": "ändrat"}),
        (f"/frameworks/units/{unit.id}/move", {"direction": "down"}),
        (f"/frameworks/outcomes/{outcome.id}/remove", {}),
        (f"/frameworks/{framework.id}/delete", {}),
        (f"/frameworks/{framework.id}/publish", {}),
    ]
    for url, data in posts:
        response = client.post(url, data=data, follow_redirects=True)
        assert response.status_code == 200, url
        assert "Fel:" in response.get_data(as_text=True), url
    db.session.expire_all()
    assert to_document(framework) == before and framework.status == FrameworkStatus.PUBLISHED


def test_publishing_an_incomplete_draft_says_what_is_missing(client, world, draft):
    for criterion in list(draft.units[1].outcomes[0].criteria):
        services.remove_criterion(criterion)
    client.login(world["system"])
    response = client.post(f"/frameworks/{draft.id}/publish")
    assert response.location == f"/frameworks/{draft.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Valideringsmodellen kan inte publiceras ännu:" in page
    assert "units[1].outcomes[0].criteria: ska ha minst en post" in page
    assert draft.status == FrameworkStatus.DRAFT


def test_a_second_draft_of_a_framework_is_refused_on_its_page(client, world, framework):
    client.login(world["system"])
    client.post(f"/frameworks/{framework.id}/new-version")
    response = client.post(f"/frameworks/{framework.id}/new-version")
    assert response.location == f"/frameworks/{framework.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Det finns redan ett utkast" in page
    count = sa.select(sa.func.count(Framework.id)).where(Framework.code == framework.code)
    assert db.session.scalar(count) == 2


def test_new_version_then_retire_the_old_one(client, world, framework):
    client.login(world["system"])
    response = client.post(f"/frameworks/{framework.id}/new-version")
    draft = db.session.scalar(
        sa.select(Framework).where(Framework.code == framework.code, Framework.version == 2)
    )
    assert response.location == f"/frameworks/{draft.id}" and draft.is_draft
    assert "Utkast till version 2 skapades." in client.get(response.location).get_data(True)
    response = client.post(f"/frameworks/{framework.id}/retire")
    assert response.location == f"/frameworks/{framework.id}"
    assert "Version 1 avvecklades." in client.get(response.location).get_data(True)
    assert framework.status == FrameworkStatus.RETIRED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "Lokal Vård", "name": "X", "owner": "Y"}, "små bokstäver, siffror"),
        ({"code": "ok", "name": "", "owner": "Y"}, "Fältet måste fyllas i"),
        ({"code": "ok", "name": "a\x00b", "owner": "Y"}, "tecken som inte är tillåtna"),
        ({"code": "ok", "name": "x" * 5000, "owner": "Y"}, "200"),
        ({"code": "ok", "name": "X", "owner": "Y", "ssyk_code": "91x1"}, "fyra siffror"),
    ],
)
def test_bad_framework_details_are_refused_at_the_field(client, world, data, message):
    client.login(world["system"])
    response = client.post("/frameworks/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and 'aria-invalid="true"' in page
    assert db.session.scalar(sa.select(sa.func.count(Framework.id))) == 0


@pytest.mark.parametrize("credits", ["-1", "0", "1000", "99999999999999999999", "9" * 400, "tre"])
def test_bad_credits_are_refused(client, world, draft, credits):
    client.login(world["system"])
    data = {
        "code": "NY",
        "title": "<script>alert(1)</script>",
        "level": "level1",
        "credits": credits,
    }
    response = client.post(f"/frameworks/{draft.id}/units/new", data=data)
    assert response.status_code == 200 and "<script>alert" not in response.get_data(True)
    assert len(draft.units) == 2


def test_unknown_level_and_duplicate_unit_code_are_refused(client, world, draft):
    client.login(world["system"])
    data = {"code": "NY", "title": "T", "level": "level9", "credits": "1"}
    assert "Välj ett av de alternativ som visas." in client.post(
        f"/frameworks/{draft.id}/units/new", data=data
    ).get_data(as_text=True)
    data = {"code": "U-2", "title": "T", "level": "level2", "credits": "1"}
    page = client.post(f"/frameworks/{draft.id}/units/new", data=data).get_data(as_text=True)
    assert "En annan enhet i valideringsmodellen har redan den koden." in page
    assert len(draft.units) == 2


def test_export_then_import_through_the_pages(client, world, draft):
    client.login(world["system"])
    draft_id = draft.id
    response = client.get(f"/frameworks/{draft_id}/export.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    exported = response.get_data()
    client.post(f"/frameworks/{draft_id}/delete")
    assert db.session.get(Framework, draft_id) is None
    response = client.post(
        "/frameworks/import",
        data={"file": (io.BytesIO(exported), "ram.json")},
        content_type="multipart/form-data",
    )
    code = json.loads(exported)["code"]
    imported = db.session.scalar(sa.select(Framework).where(Framework.code == code))
    assert response.location == f"/frameworks/{imported.id}"
    assert json.loads(client.get(response.location + "/export.json").get_data()) == json.loads(
        exported
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"not json at all", "filen är inte giltig JSON (rad 1, kolumn 1)"),
        (b"[]", "ska vara ett objekt"),
        (b" " * (1024 * 1024 + 10), "filen är större än 1024 kB"),
        (
            json.dumps(
                {"schema": "validera-framework/1", "units": [{"code": 5, "level": "x"}]}
            ).encode(),
            "units[0].code: ska vara text",
        ),
    ],
)
def test_a_bad_file_shows_every_problem_and_imports_nothing(client, world, raw, shown):
    client.login(world["system"])
    response = post_file(client, "/frameworks/import", raw)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and shown in page
    assert "Ingenting importerades" in page
    assert db.session.scalar(sa.select(sa.func.count(Framework.id))) == 0


def test_import_lists_all_problems_with_paths(client, world):
    client.login(world["system"])
    doc = {"schema": "validera-framework/1", "code": "x1", "version": 1, "name": "X", "owner": "Y"}
    doc["units"] = [
        {
            "code": "A",
            "title": "A",
            "level": "level1",
            "credits": 1,
            "outcomes": [{"text": "a", "criteria": [{"text": "a"}, {}]}],
        },
        {"code": "A", "title": "B", "level": "entry7", "credits": "1", "outcomes": []},
    ]
    response = client.post(
        "/frameworks/import",
        data={"file": (io.BytesIO(json.dumps(doc).encode()), "ram.json")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    for line in (
        "units[0].outcomes[0].criteria[1].text: saknas",
        "units[1].level: okänd nivå",
        "units[1].credits: ska vara ett heltal",
        "units[1].outcomes: ska ha minst en post",
        "units[1].code: enhetskoden A används två gånger",
    ):
        assert line in page
    assert db.session.scalar(sa.select(sa.func.count(Unit.id))) == 0


def test_import_needs_a_file(client, world):
    client.login(world["system"])
    page = client.post("/frameworks/import", data={}).get_data(as_text=True)
    assert "Välj en fil att importera." in page
