"""The mapping pages: who may see and change them, recording, evidence files, gaps, summary."""

import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.audit import AuditEvent
from app.cases.models import PlanActivity
from app.extensions import db
from app.mapping.models import Evidence, Mapping
from app.mapping.vocab import Judgement
from app.vocab import Role
from tests.cases.factories import make_case
from tests.mapping.factories import make_evidence, make_mapping
from tests.mapping.test_uploads import PDF, PNG


def post_file(client, url: str, data: bytes, name: str, **fields):
    """A multipart form encoded in memory, with the CSRF token."""
    body = {
        "csrf_token": client.csrf_token(),
        **fields,
        "file": FileStorage(io.BytesIO(data), name),
    }
    boundary, encoded = encode_multipart(body)
    return client.post(
        url, data=encoded, content_type=f"multipart/form-data; boundary={boundary}", csrf=False
    )


@pytest.fixture
def mapped(case, framework):
    """The case mapped against the framework, with a PDF evidence stored by the coach."""
    return make_mapping(case, framework)


def _with_file(client, world, mapping):
    client.login(world["coach"])
    response = post_file(
        client,
        f"/mapping/{mapping.id}/evidence/new",
        PDF,
        "Intyg från Städ AB.pdf",
        kind="file",
        title="Arbetsgivarintyg",
        outcomes=str(mapping.framework.units[0].outcomes[0].id),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    client.logout()
    return db.session.scalar(sa.select(Evidence).where(Evidence.mapping_id == mapping.id))


def _urls(mapping, evidence):
    unit = mapping.framework.units[0]
    return {
        "GET": [
            f"/mapping/cases/{mapping.case_id}",
            f"/mapping/{mapping.id}",
            f"/mapping/{mapping.id}/gaps",
            f"/mapping/{mapping.id}/summary",
            f"/mapping/evidence/{evidence.id}/file",
        ],
        "edit GET": [
            f"/mapping/{mapping.id}/units/{unit.id}",
            f"/mapping/{mapping.id}/evidence/new",
            f"/mapping/evidence/{evidence.id}/remove",
        ],
        "POST": [
            f"/mapping/cases/{mapping.case_id}/frameworks",
            f"/mapping/{mapping.id}/deepen",
            f"/mapping/{mapping.id}/units/{unit.id}/plan",
            f"/mapping/evidence/{evidence.id}/remove",
        ],
    }


def _missing(url: str) -> str:
    """The same URL with ids no row has."""
    return "/".join("2000000000" if part.isdigit() else part for part in url.split("/"))


@pytest.mark.parametrize("outsider", ["employer", "assessor", "other_coach", "external_verifier"])
def test_outsiders_cannot_tell_whether_a_mapping_or_evidence_exists(
    client, world, mapped, outsider
):
    evidence = _with_file(client, world, mapped)
    client.login(world[outsider])
    urls = _urls(mapped, evidence)
    # Reading: 404 whether or not the id exists.
    for url in urls["GET"]:
        assert client.get(url).status_code == 404, (outsider, url)
        assert client.get(_missing(url)).status_code == 404, (outsider, url)
    # Changing: only coaches may, so other roles get 403 before anything is loaded, whatever
    # the id; a coach of another municipality gets 404.
    refused = 404 if world[outsider].has_role(Role.COACH) else 403
    for url in urls["edit GET"]:
        assert client.get(url).status_code == refused, (outsider, url)
        assert client.get(_missing(url)).status_code == refused, (outsider, url)
    for url in urls["POST"]:
        assert client.post(url).status_code == refused, (outsider, url)
        assert client.post(_missing(url)).status_code == refused, (outsider, url)
    assert db.session.get(Evidence, evidence.id) is not None


def test_a_coach_of_another_municipality_cannot_download_even_in_the_region(client, world, mapped):
    evidence = _with_file(client, world, mapped)
    assert world.other.cooperates_with(world.home)
    client.login(world["other_coach"])
    assert client.get(f"/mapping/evidence/{evidence.id}/file").status_code == 404


def test_a_colleague_reads_the_mapping_logged_but_cannot_change_it(client, world, mapped):
    evidence = _with_file(client, world, mapped)
    client.login(world["coach2"])
    for url in _urls(mapped, evidence)["GET"][:4]:
        assert client.get(url).status_code == 200, url
    download = client.get(f"/mapping/evidence/{evidence.id}/file")
    assert download.status_code == 200
    download.close()
    assert client.post(f"/mapping/{mapped.id}/deepen").status_code == 403
    unit = mapped.framework.units[0]
    assert client.get(f"/mapping/{mapped.id}/units/{unit.id}").status_code == 403
    lines = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.user_id == world["coach2"].id)
    ).all()
    reads = {line.action for line in lines if line.participant_id == mapped.case.participant_id}
    assert {"mapping.viewed", "mapping.evidence_downloaded", "mapping.case_viewed"} <= reads
    page = client.get(f"/mapping/{mapped.id}").get_data(as_text=True)
    assert "Lägg till underlag" not in page and "Ta bort Arbetsgivarintyg" not in page


def test_the_download_is_an_attachment_that_is_never_sniffed(client, world, mapped, upload_folder):
    evidence = _with_file(client, world, mapped)
    client.login(world["coach"])
    response = client.get(f"/mapping/evidence/{evidence.id}/file")
    assert response.status_code == 200 and response.get_data() == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "Intyg" in disposition
    stored = [p for p in upload_folder.rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [evidence.file_key] and "Intyg" not in str(stored[0])
    response.close()


def test_an_upload_whose_content_does_not_match_its_name_is_refused(
    client, world, mapped, upload_folder
):
    client.login(world["coach"])
    response = post_file(
        client, f"/mapping/{mapped.id}/evidence/new", PNG, "intyg.pdf", kind="file", title="Intyg"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Filens innehåll stämmer inte med dess namn" in page and 'aria-invalid="true"' in page
    assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 0
    assert not upload_folder.exists() or not any(p.is_file() for p in upload_folder.rglob("*"))


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"#!/bin/sh\nrm -rf /\n", "skript.pdf", "Bara filer i formaten PDF, JPEG och PNG"),
        (b"", "tom.pdf", "Filen är tom."),
    ],
)
def test_other_refused_uploads_say_why(client, world, mapped, upload_folder, data, name, message):
    client.login(world["coach"])
    url = f"/mapping/{mapped.id}/evidence/new"
    page = post_file(client, url, data, name, kind="file", title="X").get_data(as_text=True)
    assert message in page or "Välj en fil att ladda upp." in page
    assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 0


def test_no_file_is_left_when_the_database_write_fails(
    client, world, mapped, upload_folder, monkeypatch
):
    from app.mapping import services

    def failing(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "add_evidence", failing)
    client.login(world["coach"])
    with pytest.raises(RuntimeError):
        post_file(
            client, f"/mapping/{mapped.id}/evidence/new", PDF, "a.pdf", kind="file", title="A"
        )
    assert not upload_folder.exists() or not any(p.is_file() for p in upload_folder.rglob("*"))


def test_removing_evidence_removes_its_file(client, world, mapped, upload_folder):
    evidence_id = _with_file(client, world, mapped).id
    client.login(world["coach"])
    assert client.post(f"/mapping/evidence/{evidence_id}/remove").status_code == 302
    assert db.session.get(Evidence, evidence_id) is None
    assert not any(p.is_file() for p in upload_folder.rglob("*"))


def test_removing_evidence_asks_first_and_says_what_will_happen(client, world, mapped):
    """The mapping page links to a page that asks; only its form (POST, with CSRF) removes."""
    evidence_id = _with_file(client, world, mapped).id
    client.login(world["coach"])
    url = f"/mapping/evidence/{evidence_id}/remove"
    mapping_page = client.get(f"/mapping/{mapped.id}").get_data(as_text=True)
    assert f'<a class="button secondary" href="{url}">' in mapping_page
    assert f'action="{url}"' not in mapping_page
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and db.session.get(Evidence, evidence_id) is not None
    unit = mapped.framework.units[0]
    assert "Ta bort ”Arbetsgivarintyg”?" in page
    assert "Filen Intyg från Städ AB.pdf tas bort." in page
    assert f"{unit.code} {unit.outcomes[0].number}" in page
    assert f'<form method="post" action="{url}"' in page and 'name="csrf_token"' in page
    assert f'href="/mapping/{mapped.id}#evidence">Behåll underlaget och gå tillbaka</a>' in page
    assert client.post(url, csrf=False).status_code == 400
    assert db.session.get(Evidence, evidence_id) is not None
    assert client.post(url).location == f"/mapping/{mapped.id}#done-evidence"
    assert db.session.get(Evidence, evidence_id) is None


def test_descriptions_and_references_need_their_text(client, world, mapped):
    client.login(world["coach"])
    url = f"/mapping/{mapped.id}/evidence/new"
    page = client.post(url, data={"kind": "description", "title": "X"}).get_data(as_text=True)
    assert "Beskriv vad deltagaren har gjort." in page
    page = client.post(url, data={"kind": "reference", "title": "X"}).get_data(as_text=True)
    assert "Ange vem eller vad referensen är." in page
    page = client.post(
        url, data={"kind": "description", "title": "<script>x</script>", "text": "a\x00b"}
    ).get_data(as_text=True)
    assert "tecken som inte är tillåtna" in page and "<script>x" not in page
    assert (
        client.post(
            url, data={"kind": "reference", "title": "Intyg", "reference": "Eva Ek, Städ AB"}
        ).status_code
        == 302
    )
    assert [e.reference for e in mapped.evidence] == ["Eva Ek, Städ AB"]


def test_the_coach_chooses_a_framework_and_records_a_unit(client, world, case, framework):
    client.login(world["coach"])
    page = client.get(f"/mapping/cases/{case.id}").get_data(as_text=True)
    assert "Ingen valideringsmodell har valts" in page and framework.name in page
    response = client.post(f"/mapping/cases/{case.id}/frameworks", data={"framework": framework.id})
    mapping = db.session.scalar(sa.select(Mapping).where(Mapping.case_id == case.id))
    assert response.location == f"/mapping/{mapping.id}" and mapping.framework is framework
    unit = framework.units[0]
    first, second = unit.outcomes
    form = client.get(f"/mapping/{mapping.id}/units/{unit.id}").get_data(as_text=True)
    assert "Deltagarens självskattning" in form and "<legend>" in form
    response = client.post(
        f"/mapping/{mapping.id}/units/{unit.id}",
        data={
            f"o{first.id}-self_assessment": "can_teach",
            f"o{first.id}-judgement": "ready",
            f"o{first.id}-sources": ["work_abroad", "volunteering"],
            f"o{first.id}-notes": "Arbetade som lokalvårdare i Aleppo.",
            f"o{second.id}-judgement": "some_evidence",
        },
    )
    assert response.status_code == 302
    assert mapping.entry_for(first.id).judgement == Judgement.READY
    assert len(mapping.entry_for(first.id).sources) == 2
    assert mapping.entry_for(second.id).self_assessment is None
    page = client.get(f"/mapping/{mapping.id}").get_data(as_text=True)
    assert "Kan lära ut till andra" in page and "Delvis" in page


def test_bad_answers_are_refused_and_nothing_is_stored(client, world, mapped):
    client.login(world["coach"])
    unit = mapped.framework.units[0]
    outcome = unit.outcomes[0]
    response = client.post(
        f"/mapping/{mapped.id}/units/{unit.id}",
        data={
            f"o{outcome.id}-judgement": "certified",
            f"o{outcome.id}-sources": ["moon"],
            f"o{outcome.id}-notes": "x" * 5000,
        },
    )
    assert response.status_code == 200 and "Det finns ett problem" in response.get_data(True)
    assert mapped.entries == []


def test_a_unit_of_another_framework_is_404(client, world, mapped):
    from tests.frameworks.factories import make_framework

    client.login(world["coach"])
    foreign = make_framework().units[0]
    assert client.get(f"/mapping/{mapped.id}/units/{foreign.id}").status_code == 404
    assert client.post(f"/mapping/{mapped.id}/units/{foreign.id}/plan").status_code == 404


def test_gaps_and_one_action_to_the_development_plan(client, world, case, framework):
    unit = framework.units[1]
    mapping = make_mapping(case, framework, judgements={unit.outcomes[0].id: Judgement.READY})
    client.login(world["coach"])
    page = client.get(f"/mapping/{mapping.id}/gaps").get_data(as_text=True)
    assert "Arbetsplatsförlagt lärande" in page and "En kurs på Komvux" in page
    assert "Lägg till i utvecklingsplanen: U-2" in page
    response = client.post(f"/mapping/{mapping.id}/units/{unit.id}/plan", follow_redirects=True)
    assert "lades till i utvecklingsplanen" in response.get_data(as_text=True)
    activity = db.session.scalar(sa.select(PlanActivity).where(PlanActivity.case_id == case.id))
    assert activity.kind.value == "work_based_learning" and "lärandemål 2" in activity.description


def test_the_summary_is_printable(client, world, mapped):
    make_evidence(mapped)
    client.login(world["coach"])
    page = client.get(f"/mapping/{mapped.id}/summary").get_data(as_text=True)
    assert "Sammanfattning av kartläggningen" in page and "Enheterna i översikt" in page
    assert "css/print.css" in page and "Arbete på hotell i Damaskus" in page
    assert "Ta bort Arbete" not in page


def test_a_closed_case_cannot_be_changed(client, world, framework):
    from app.cases.workflow import Stage

    closed = make_case(world["coach"], stage=Stage.CLOSED)
    mapping = make_mapping(closed, framework)
    client.login(world["coach"])
    assert client.get(f"/mapping/{mapping.id}").status_code == 200
    assert client.post(f"/mapping/{mapping.id}/deepen").status_code == 403


def test_home_panel_lists_the_coachs_cases_in_mapping(client, world, case):
    client.login(world["coach"])
    page = client.get("/").get_data(as_text=True)
    assert "Ärenden i kartläggning" in page and f"/mapping/cases/{case.id}" in page
    assert Role.COACH in world["coach"].roles


def test_every_page_answers_the_assigned_coach(client, world, mapped):
    make_evidence(mapped)
    client.login(world["coach"])
    unit = mapped.framework.units[0]
    for url in (
        f"/mapping/cases/{mapped.case_id}",
        f"/mapping/{mapped.id}",
        f"/mapping/{mapped.id}/units/{unit.id}",
        f"/mapping/{mapped.id}/evidence/new",
        f"/mapping/{mapped.id}/gaps",
        f"/mapping/{mapped.id}/summary",
        f"/mapping/{mapped.id}?lang=en",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/mapping/{mapped.id}/evidence/new").get_data(as_text=True)
    assert "PDF, JPEG eller PNG, högst 10 MB." in page and 'enctype="multipart/form-data"' in page


def test_the_case_timeline_shows_the_mapping_to_those_who_may_see_it(client, world, mapped):
    make_evidence(mapped)
    client.login(world["coach"])
    page = client.get(f"/cases/{mapped.case_id}").get_data(as_text=True)
    assert f"Kartlagd mot {mapped.framework}" in page
    assert "Underlag tillagt: Arbete på hotell i Damaskus" in page


def test_impossible_ids_are_404_not_a_database_error(client, world):
    client.login(world["coach"])
    for url in (
        "/mapping/cases/99999999999999",
        "/mapping/99999999999999",
        "/mapping/evidence/99999999999999/file",
        "/frameworks/99999999999999",
        "/frameworks/99999999999999/export.json",
    ):
        assert client.get(url).status_code == 404, url


def test_admins_read_the_mapping_but_are_refused_changes_before_any_lookup(client, world, mapped):
    evidence = _with_file(client, world, mapped)
    client.login(world["admin"])
    urls = _urls(mapped, evidence)
    assert client.get(urls["GET"][1]).status_code == 200
    for url in urls["edit GET"]:
        assert client.get(url).status_code == 403, url
        assert client.get(_missing(url)).status_code == 403, url
    for url in urls["POST"]:
        assert client.post(url).status_code == 403, url
        assert client.post(_missing(url)).status_code == 403, url
    assert db.session.get(Evidence, evidence.id) is not None


def test_the_confirmation_stands_where_the_person_lands_not_at_the_top(client, world, mapped):
    """Removing evidence brings the coach back to the evidence list: the message is there, and
    the page lands on it."""
    evidence_id = _with_file(client, world, mapped).id
    client.login(world["coach"])
    response = client.post(f"/mapping/evidence/{evidence_id}/remove")
    assert response.location == f"/mapping/{mapped.id}#done-evidence"
    page = client.get(f"/mapping/{mapped.id}").get_data(as_text=True)
    evidence_heading = page.index('id="evidence"')
    message = page.index('id="done-evidence"')
    assert message > evidence_heading and page.count("flash-success") == 1
    assert page.index('class="flashes flash-here"') > evidence_heading
