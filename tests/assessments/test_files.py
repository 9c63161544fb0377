"""The mapping's evidence on the assessment page, and the assessment's own attachments."""

from __future__ import annotations

import io

import sqlalchemy as sa

from app.assessments.models import AssessmentAttachment
from app.extensions import db
from app.mapping.models import Evidence, Mapping
from app.mapping.vocab import EvidenceKind
from tests.assessments.factories import decide_all, plan, record

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def test_the_assessor_sees_the_mappings_evidence_for_the_units_assessed(
    client, world, case, framework
):
    first, second = framework.units
    mapping = Mapping(case=case, framework=framework, created_by=world["coach"])
    mapping.evidence = [
        Evidence(
            kind=EvidenceKind.DESCRIPTION,
            title="Intyg från städfirma",
            text="Två år.",
            outcomes=[first.outcomes[0]],
        ),
        Evidence(
            kind=EvidenceKind.REFERENCE,
            title="Referens lagerchef",
            reference="Per, 070",
            outcomes=[second.outcomes[0]],
        ),
    ]
    db.session.add(mapping)
    assessment = plan(case, world["assessor"], [first])
    client.login(world["assessor"])
    html = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert "Intyg från städfirma" in html
    assert "Referens lagerchef" not in html


def test_the_assessor_attaches_downloads_and_removes_a_photo(
    client, world, case, unit, upload_folder
):
    assessment = plan(case, world["assessor"], [unit])
    client.login(world["assessor"])
    url = f"/assessments/{assessment.id}/attachments/new"
    bad = {"title": "Foto", "file": (io.BytesIO(b"MZ\x90\x00evil"), "foto.png")}
    page = client.post(url, data=bad, content_type="multipart/form-data")
    assert page.status_code == 200 and "field-error" in page.get_data(as_text=True)
    assert "Bara filer i formaten PDF, JPEG och PNG kan laddas upp." in page.get_data(as_text=True)
    good = {"title": "Golvet efter städning", "file": (io.BytesIO(PNG), "golv.png")}
    assert client.post(url, data=good, content_type="multipart/form-data").status_code == 302
    attachment = db.session.scalar(sa.select(AssessmentAttachment))
    download = client.get(f"/assessments/{assessment.id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == PNG
    assert download.headers["Content-Disposition"].startswith("attachment")
    download.close()
    client.login(world["other_coach"])
    assert (
        client.get(f"/assessments/{assessment.id}/attachments/{attachment.id}").status_code == 404
    )
    client.login(world["assessor"])
    remove = f"/assessments/{assessment.id}/attachments/{attachment.id}/remove"
    assert client.post(remove).status_code == 302
    assert db.session.scalar(sa.select(AssessmentAttachment)) is None
    assert not [p for p in upload_folder.rglob("*") if p.is_file()]


def test_attachments_are_kept_once_the_assessment_is_decided(client, world, case, unit):
    assessment = plan(case, world["assessor"], [unit])
    client.login(world["assessor"])
    url = f"/assessments/{assessment.id}/attachments/new"
    good = {"title": "Observationsblad", "file": (io.BytesIO(PNG), "blad.png")}
    client.post(url, data=good, content_type="multipart/form-data")
    attachment = db.session.scalar(sa.select(AssessmentAttachment))
    decide_all(record(assessment))
    db.session.commit()
    remove = f"/assessments/{assessment.id}/attachments/{attachment.id}/remove"
    client.post(remove)
    assert db.session.get(AssessmentAttachment, attachment.id) is not None
    late = {"title": "Efterhand", "file": (io.BytesIO(PNG), "sen.png")}
    client.post(url, data=late, content_type="multipart/form-data")
    assert db.session.scalar(sa.select(sa.func.count(AssessmentAttachment.id))) == 1
