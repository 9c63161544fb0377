"""The participant's own self-assessment and evidence (app/portal/routes/learning.py): each
participant answers and sends for their own mapping only, and another's ids answer 404; the
coach reads the answers beside their own judgement, and accepts or refuses what was sent."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.assessments.services.evidence import assessment_evidence
from app.audit import AuditEvent
from app.cases.workflow import Stage
from app.extensions import db
from app.mapping.models import Evidence, OwnAssessment
from app.mapping.vocab import CanDo, EvidenceKind, EvidenceStatus
from app.notifications import Kind
from app.notifications.models import Notification
from tests.assessments.factories import plan
from tests.frameworks.factories import make_framework
from tests.mapping.factories import make_evidence, make_mapping
from tests.mapping.test_routes import post_file
from tests.mapping.test_uploads import PDF, PNG
from tests.portal.factories import participant_with_case


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path):
    """Uploads of each test go to a folder of their own."""
    before = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads"
    app.config["UPLOAD_FOLDER"] = before


@pytest.fixture
def two(world, password_hash):
    """Two participants, each with a case mapped against the same framework and an account."""
    framework = make_framework()
    found = []
    for coach, name in ((world["coach"], "Alice"), (world["coach2"], "Bertil")):
        person, case, account = participant_with_case(coach, first_name=name)
        account.password_hash = password_hash
        found.append((person, case, account, make_mapping(case, framework)))
    db.session.flush()
    return found


def _send(client, mapping, data=PNG, name="tarta.png", **fields):
    fields = {"title": "Foto av en tårta jag bakade", **fields}
    return post_file(client, f"/my/mappings/{mapping.id}/evidence/new", data, name, **fields)


def _outcome(mapping, unit=0, number=0):
    return mapping.framework.units[unit].outcomes[number]


def own_urls(case, mapping, evidence) -> list[str]:
    outcome = _outcome(mapping)
    return [
        "/my/can-do",
        "/my/evidence",
        f"/my/cases/{case.id}/can-do",
        f"/my/cases/{case.id}/evidence",
        f"/my/mappings/{mapping.id}/outcomes/{outcome.id}",
        f"/my/mappings/{mapping.id}/evidence/new",
        f"/my/evidence/{evidence.id}/file",
    ]


def test_each_participant_walks_their_own_pages_and_finds_nothing_of_the_other(client, two):
    sent = {}
    for person, _case, account, mapping in two:
        client.login(account.email)
        _send(client, mapping, title=f"Intyg för {person.first_name}")
        client.post(
            f"/my/mappings/{mapping.id}/outcomes/{_outcome(mapping).id}",
            data={"answer": "yes", "learned_where": f"Köket hos {person.first_name}"},
        )
        sent[account.id] = db.session.scalar(
            sa.select(Evidence).where(Evidence.created_by_id == account.id)
        )
    for me, them in (two, two[::-1]):
        person, case, account, mapping = me
        other, other_case, other_account, other_mapping = them
        client.login(account.email)
        for url in own_urls(case, mapping, sent[account.id]):
            response = client.get(url)
            assert response.status_code == 200, url
            if url.endswith("/file"):
                assert response.get_data() == PNG
                response.close()
                continue
            text = response.get_data(as_text=True)
            assert other.first_name not in text, url
        for url in own_urls(other_case, other_mapping, sent[other_account.id])[2:]:
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code in (404, 405), url
        assert client.get("/my/evidence/2000000000/file").status_code == 404
        assert client.get("/my/mappings/99999999999/evidence/new").status_code == 404


def test_a_participant_answers_for_an_outcome_changes_the_answer_and_it_is_logged(client, two):
    (person, case, account, mapping), _ = two
    outcome = _outcome(mapping, 1, 1)
    url = f"/my/mappings/{mapping.id}/outcomes/{outcome.id}"
    client.login(account.email)
    page = client.get(url).get_data(as_text=True)
    assert "Kan du det här?" in page and outcome.text in page
    assert "Ja, det kan jag" in page and "Delvis" in page and "Inte än" in page

    refused = client.post(url, data={"learned_where": "x" * 301})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Välj ett svar." in text
    assert 'aria-invalid="true"' in text
    assert db.session.scalar(sa.select(sa.func.count(OwnAssessment.id))) == 0
    refused = client.post(url, data={"answer": "maybe"})
    assert refused.status_code == 200 and db.session.scalar(sa.select(OwnAssessment.id)) is None

    response = client.post(url, data={"answer": "partly", "learned_where": " Restaurang i Aleppo "})
    assert response.location == f"/my/cases/{case.id}/can-do#done-o{outcome.id}"
    row = db.session.scalar(sa.select(OwnAssessment))
    assert (row.answer, row.learned_where) == (CanDo.PARTLY, "Restaurang i Aleppo")
    listing = client.get(f"/my/cases/{case.id}/can-do").get_data(as_text=True)
    assert "Ditt svar är sparat." in listing and "Lärt sig: Restaurang i Aleppo" in listing

    assert re.search(r'<input checked[^>]*value="partly"', client.get(url).get_data(as_text=True))
    client.post(url, data={"answer": "yes", "learned_where": ""})
    db.session.expire_all()
    rows = db.session.scalars(sa.select(OwnAssessment)).all()
    assert [(r.answer, r.learned_where) for r in rows] == [(CanDo.YES, None)]
    logged = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.user_id == account.id, AuditEvent.participant_id == person.id
        )
    ).all()
    assert logged.count("mapping.self_assessed") == 2
    assert "portal.self_assessment_viewed" in logged


def test_an_answer_saved_twice_at_the_same_moment_is_one_answer_changed(two):
    from app.mapping.services import answer_outcome

    (_, _, account, mapping), _ = two
    outcome = _outcome(mapping)
    assert mapping.own_assessments == []  # read before the other save, as a second tab has it
    db.session.execute(  # the other save, already written
        sa.insert(OwnAssessment).values(
            mapping_id=mapping.id, outcome_id=outcome.id, answer=CanDo.NOT_YET
        )
    )
    row = answer_outcome(mapping, outcome.id, account, answer=CanDo.YES, learned_where="Hemma")
    db.session.expire_all()
    rows = db.session.scalars(sa.select(OwnAssessment)).all()
    assert rows == [row] and (row.answer, row.learned_where) == (CanDo.YES, "Hemma")


def test_an_outcome_of_another_framework_answers_404_and_a_closed_case_takes_no_answer(client, two):
    (person, case, account, mapping), _ = two
    stranger = make_framework().units[0].outcomes[0]
    client.login(account.email)
    assert client.get(f"/my/mappings/{mapping.id}/outcomes/{stranger.id}").status_code == 404
    case.stage = Stage.CLOSED
    db.session.flush()
    outcome = _outcome(mapping)
    listing = client.get(f"/my/cases/{case.id}/can-do").get_data(as_text=True)
    assert "Din validering är klar" in listing and f"/outcomes/{outcome.id}" not in listing
    page = client.post(f"/my/mappings/{mapping.id}/outcomes/{outcome.id}", data={"answer": "yes"})
    assert page.status_code == 200 and "Ärendet är avslutat" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(OwnAssessment.id)) is None


def test_the_coach_reads_the_answer_beside_their_own_judgement_marked_as_the_participants(
    client, two, world
):
    (person, case, account, mapping), _ = two
    outcome = _outcome(mapping)
    client.login(account.email)
    client.post(
        f"/my/mappings/{mapping.id}/outcomes/{outcome.id}",
        data={"answer": "not_yet", "learned_where": "Kursen på Komvux"},
    )
    client.login(world["coach"])
    for url in (f"/mapping/{mapping.id}", f"/mapping/{mapping.id}/units/{outcome.unit_id}"):
        page = client.get(url).get_data(as_text=True)
        assert "Från deltagaren" in page and "Inte än" in page, url
        assert "Lärt sig: Kursen på Komvux" in page, url
    show = client.get(f"/mapping/{mapping.id}").get_data(as_text=True)
    assert "Deltagarens eget svar (Mina sidor)" in show and "Inte besvarat" in show


def test_sent_evidence_waits_for_the_coach_who_is_told_and_accepts_it(client, two, world):
    (person, case, account, mapping), _ = two
    client.login(account.email)
    page = client.get(f"/my/cases/{case.id}/evidence").get_data(as_text=True)
    assert "Du har inte skickat något än." in page
    outcome = _outcome(mapping)
    response = _send(client, mapping, text="Bröllopstårta, tre våningar", outcomes=str(outcome.id))
    assert response.location == f"/my/cases/{case.id}/evidence"
    db.session.commit()  # the notification is fanned out after the commit
    evidence = db.session.scalar(sa.select(Evidence))
    assert evidence.status == EvidenceStatus.WAITING and evidence.kind == EvidenceKind.FILE
    assert evidence.outcomes == [outcome] and evidence.created_by_id == account.id
    told = db.session.scalars(
        sa.select(Notification.user_id).where(Notification.kind == Kind.EVIDENCE_SUBMITTED)
    ).all()
    assert told == [world["coach"].id]
    mine = client.get(f"/my/cases/{case.id}/evidence").get_data(as_text=True)
    assert "Tack! Din handledare tittar på det." in mine and "Väntar på handledaren" in mine

    assessment = plan(case, world["assessor"], [mapping.framework.units[0]])
    assert evidence not in assessment_evidence(assessment)
    client.login(world["coach"])
    show = client.get(f"/mapping/{mapping.id}").get_data(as_text=True)
    assert "Underlag från deltagaren" in show and "Foto av en tårta jag bakade" in show
    assert "Inget underlag ännu." in show  # not yet among the evidence that counts
    accepted = client.post(f"/mapping/evidence/{evidence.id}/accept")
    assert accepted.location == f"/mapping/{mapping.id}#done-evidence"
    assert evidence.status == EvidenceStatus.ACCEPTED and evidence.decided_by == world["coach"]
    assert evidence in assessment_evidence(assessment)
    again = client.post(f"/mapping/evidence/{evidence.id}/accept")
    assert again.status_code == 302 and evidence.status == EvidenceStatus.ACCEPTED
    client.login(account.email)
    mine = client.get(f"/my/cases/{case.id}/evidence").get_data(as_text=True)
    assert "Din handledare har godkänt det." in mine


def test_the_coach_refuses_with_a_reason_the_participant_reads(client, two, world):
    (person, case, account, mapping), _ = two
    client.login(account.email)
    _send(client, mapping)
    evidence = db.session.scalar(sa.select(Evidence))
    url = f"/mapping/evidence/{evidence.id}/refuse"
    client.login(world["coach"])
    assert "Avvisa underlag" in client.get(url).get_data(as_text=True)
    page = client.post(url, data={"reason": "  "}).get_data(as_text=True)
    assert "Skriv varför underlaget inte godkänns." in page
    assert evidence.status == EvidenceStatus.WAITING
    response = client.post(url, data={"reason": "Fotot är för suddigt. Ta ett nytt."})
    assert response.location == f"/mapping/{mapping.id}#done-from-participant"
    assert (evidence.status, evidence.refusal_reason) == (
        EvidenceStatus.REFUSED,
        "Fotot är för suddigt. Ta ett nytt.",
    )
    assert client.get(url).status_code == 200
    assert "redan godkänt eller avvisat" in client.post(
        url, data={"reason": "igen"}, follow_redirects=True
    ).get_data(as_text=True)
    assert client.post(f"/mapping/evidence/{evidence.id}/accept").status_code == 302
    assert evidence.status == EvidenceStatus.REFUSED
    client.login(account.email)
    mine = client.get(f"/my/cases/{case.id}/evidence").get_data(as_text=True)
    assert "Inte godkänt" in mine and "Fotot är för suddigt. Ta ett nytt." in mine
    logged = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.participant_id == person.id)
    ).all()
    assert {"mapping.evidence_added", "mapping.evidence_refused"} <= set(logged)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (PNG, "intyg.pdf", "Filens innehåll stämmer inte med dess namn"),
        (b"#!/bin/sh\n", "skript.pdf", "Bara filer i formaten PDF, JPEG och PNG"),
        (b"", "tom.pdf", "Filen är tom."),
    ],
)
def test_a_file_the_coach_could_not_upload_is_refused_the_same_way(
    client, two, upload_folder, data, name, message
):
    (person, case, account, mapping), _ = two
    client.login(account.email)
    response = _send(client, mapping, data, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and 'aria-invalid="true"' in page
    assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 0
    assert not upload_folder.exists() or not any(p.is_file() for p in upload_folder.rglob("*"))


def test_a_file_over_the_coachs_limit_is_refused_and_a_missing_one_asked_for(client, two):
    (person, case, account, mapping), _ = two
    client.login(account.email)
    page = _send(client, mapping, PDF + b"\x00" * (10 * 1024 * 1024), "stor.pdf")
    assert "Filen är större än 10 MB." in page.get_data(as_text=True)
    url = f"/my/mappings/{mapping.id}/evidence/new"
    page = client.post(url, data={"title": "Utan fil"}).get_data(as_text=True)
    assert "Välj ett foto eller ett papper." in page
    assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 0


def test_a_participant_downloads_only_the_files_they_sent(client, two, world):
    (person, case, account, mapping), _ = two
    coach_file = make_evidence(mapping, title="Handledarens anteckning")
    client.login(account.email)
    assert client.get(f"/my/evidence/{coach_file.id}/file").status_code == 404
    _send(client, mapping)
    own = db.session.scalar(sa.select(Evidence).where(Evidence.created_by_id == account.id))
    response = client.get(f"/my/evidence/{own.id}/file")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment")
    response.close()
    reads = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "portal.evidence_downloaded")
    ).all()
    assert [(r.user_id, r.participant_id) for r in reads] == [(account.id, person.id)]
    page = client.get(f"/my/cases/{case.id}/evidence").get_data(as_text=True)
    assert "Handledarens anteckning" not in page
