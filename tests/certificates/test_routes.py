"""The certificates area's pages: who gets what, issuing, downloads, revoking."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.certificates import access
from app.certificates.models import Certificate, CertificateSequence
from app.extensions import db
from tests.certificates.factories import issue_for


@pytest.fixture
def certificate(case, framework, world):
    return issue_for(case, world["coach"], framework.units)


def test_a_coach_issues_from_the_case_page(coach_client, case, verified, framework):
    page = coach_client.get(f"/certificates/case/{case.id}")
    assert page.status_code == 200
    assert framework.units[0].title in page.get_data(as_text=True)

    response = coach_client.post(f"/certificates/case/{case.id}/issue")
    assert response.status_code == 302
    certificate = db.session.scalar(sa.select(Certificate))
    assert response.location == f"/certificates/{certificate.id}"
    shown = coach_client.get(response.location).get_data(as_text=True)
    assert certificate.number in shown and "Giltigt" in shown


def test_issuing_with_nothing_verified_is_refused_on_the_page(coach_client, case, framework):
    response = coach_client.post(f"/certificates/case/{case.id}/issue", follow_redirects=True)
    assert "Det finns inget att utfärda intyg för" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 0


def test_a_failing_pdf_leaves_no_half_issued_certificate(coach_client, case, verified, monkeypatch):
    def broken(statement):
        raise RuntimeError("the PDF step failed")

    monkeypatch.setattr("app.certificates.pdf.render", broken)
    with pytest.raises(RuntimeError):
        coach_client.post(f"/certificates/case/{case.id}/issue")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(CertificateSequence.year))) == 0


def test_two_downloads_are_the_same_bytes(coach_client, certificate):
    first = coach_client.get(f"/certificates/{certificate.id}/pdf")
    second = coach_client.get(f"/certificates/{certificate.id}/pdf")
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.data == second.data
    assert first.data.startswith(b"%PDF")
    assert "attachment" in first.headers["Content-Disposition"]
    english = coach_client.get(f"/certificates/{certificate.id}/pdf?lang=en")
    assert english.status_code == 200 and english.data != first.data
    assert coach_client.get(f"/certificates/{certificate.id}/pdf?lang=de").status_code == 404


def test_a_download_in_a_fresh_session_reads_just_its_document(coach_client, certificate):
    from app.certificates.models import CertificateDocument

    stored = {d.language: d.content for d in certificate.documents if not d.is_revoked_copy}
    db.session.expunge_all()  # as in a new request: nothing of the certificate is loaded
    for language in ("sv", "en"):
        response = coach_client.get(f"/certificates/{certificate.id}/pdf?lang={language}")
        assert response.status_code == 200 and response.data == stored[language]
    db.session.expunge_all()
    for wrong in ("de", "english", "s" * 300):
        assert (
            coach_client.get(f"/certificates/{certificate.id}/pdf?lang={wrong}").status_code == 404
        )
    loaded = [o for o in db.session.identity_map.values() if isinstance(o, CertificateDocument)]
    assert loaded == []


def test_an_employer_gets_no_pdf_without_a_consented_introduction(client, certificate, world):
    client.login(world["employer"])
    assert client.get(f"/certificates/{certificate.id}/pdf").status_code == 404
    assert client.get(f"/certificates/{certificate.id}").status_code == 403


def test_an_employer_with_a_consented_introduction_gets_the_pdf(app, client, certificate, world):
    employer = world["employer"]

    def introduced(user, cert):
        return user.employer_id == employer.employer_id and cert.id == certificate.id

    access.employer_certificate_access(app, introduced)
    try:
        client.login(employer)
        assert client.get(f"/certificates/{certificate.id}/pdf").status_code == 200
        client.logout()
        client.login(world["other_employer"])
        assert client.get(f"/certificates/{certificate.id}/pdf").status_code == 404
    finally:
        app.extensions["validera.employer_certificate_access"].remove(introduced)


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_coach", 404), ("assessor", 403), ("regional", 403), ("coach2", 200), ("admin", 200)],
)
def test_who_sees_a_certificate(client, certificate, world, who, status):
    client.login(world[who])
    assert client.get(f"/certificates/{certificate.id}").status_code == status
    assert client.get(f"/certificates/{certificate.id}/pdf").status_code == status


def test_another_municipality_cannot_issue_or_list(client, case, verified, world):
    client.login(world["other_coach"])
    assert client.get(f"/certificates/case/{case.id}").status_code == 404
    assert client.post(f"/certificates/case/{case.id}/issue").status_code == 404
    assert client.get("/certificates/case/999999").status_code == 404


def test_protected_identity_hides_the_certificate_from_other_staff(client, certificate, world):
    certificate.participant.is_protected = True
    db.session.flush()
    client.login(world["coach2"])
    assert client.get(f"/certificates/{certificate.id}").status_code == 404
    listing = client.get("/certificates").get_data(as_text=True)
    assert "Skyddad identitet" in listing and "Åsa Öberg-Émile" not in listing
    assert certificate.number not in client.get("/certificates?q=Öberg").get_data(as_text=True)
    client.logout()
    client.login(world["coach"])  # the assigned coach
    assert client.get(f"/certificates/{certificate.id}").status_code == 200


def test_the_register_lists_and_searches_own_certificates(client, certificate, world):
    client.login(world["admin"])
    page = client.get("/certificates").get_data(as_text=True)
    assert certificate.number in page
    assert certificate.number in client.get("/certificates?q=öberg").get_data(as_text=True)
    assert certificate.number not in client.get("/certificates?q=nomatch").get_data(as_text=True)
    for hostile in ("%27%20OR%201=1--", "%25", "x" * 5000):
        assert client.get(f"/certificates?q={hostile}").status_code == 200
    assert client.get("/certificates?q=%00").status_code == 400  # no use for a NUL
    client.logout()
    client.login(world["other_coach"])
    assert certificate.number not in client.get("/certificates").get_data(as_text=True)


def test_revoking_shows_everywhere_and_allows_a_correction(coach_client, case, verified):
    coach_client.post(f"/certificates/case/{case.id}/issue")
    certificate = db.session.scalar(sa.select(Certificate))
    url = f"/certificates/{certificate.id}/revoke"
    refused = coach_client.post(url, data={"reason": "nonsense", "note": ""})
    assert refused.status_code == 200
    body = refused.get_data(as_text=True)
    assert "Förklara varför intyget återkallas." in body
    assert db.session.get(Certificate, certificate.id).revoked_at is None

    done = coach_client.post(url, data={"reason": "wrong_details", "note": "Fel namn."})
    assert done.status_code == 302
    shown = coach_client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "Återkallat" in shown and "Fel personuppgifter" in shown
    listing = coach_client.get(f"/certificates/case/{case.id}").get_data(as_text=True)
    assert "Återkallat" in listing and "Utfärda intyg" in listing

    coach_client.post(f"/certificates/case/{case.id}/issue", data={"replaces": certificate.id})
    corrected = db.session.scalar(sa.select(Certificate).where(Certificate.id != certificate.id))
    assert corrected.replaces_id == certificate.id
    assert "VAL-" in coach_client.get(f"/certificates/{corrected.id}/pdf").data.decode("latin-1")


def test_a_tampered_correction_target_is_refused_at_the_field(coach_client, case, verified):
    response = coach_client.post(f"/certificates/case/{case.id}/issue", data={"replaces": "abc"})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 0


def test_forms_need_a_csrf_token(coach_client, case, verified):
    response = coach_client.post(f"/certificates/case/{case.id}/issue", data={}, csrf=False)
    assert response.status_code == 400


def test_credential_downloads(coach_client, certificate):
    whole = coach_client.get(f"/certificates/{certificate.id}/credential.jwt")
    assert whole.status_code == 200 and whole.data.count(b".") == 2
    unit = certificate.units[0]
    one = coach_client.get(f"/certificates/{certificate.id}/units/{unit.id}/credential.jwt")
    assert one.status_code == 200 and one.data != whole.data
    assert (
        coach_client.get(f"/certificates/{certificate.id}/units/999999/credential.jwt").status_code
        == 404
    )


def test_the_participant_page_lists_certificates_of_every_case(client, certificate, world):
    participant_id = certificate.participant_id
    client.login(world["coach"])
    page = client.get(f"/certificates/participant/{participant_id}")
    assert page.status_code == 200 and certificate.number in page.get_data(as_text=True)
    client.logout()
    client.login(world["other_coach"])
    assert client.get(f"/certificates/participant/{participant_id}").status_code == 404
    client.logout()
    client.login(world["employer"])
    assert client.get(f"/certificates/participant/{participant_id}").status_code == 403
