"""Issuing has a confirmation step: the certificate as it will be, then one POST that issues."""

from __future__ import annotations

import io

import pypdf
import sqlalchemy as sa

from app.certificates.models import (
    Certificate,
    CertificateDocument,
    CertificateSequence,
    IssuerKey,
)
from app.extensions import db


def _stored() -> tuple[int, int, int, int]:
    count = sa.func.count()
    return (
        db.session.scalar(sa.select(count).select_from(Certificate)),
        db.session.scalar(sa.select(count).select_from(CertificateDocument)),
        db.session.scalar(sa.select(count).select_from(CertificateSequence)),
        db.session.scalar(sa.select(count).select_from(IssuerKey)),
    )


def test_the_case_page_leads_to_the_confirmation_not_straight_to_issuing(
    coach_client, case, verified
):
    page = coach_client.get(f"/certificates/case/{case.id}").get_data(as_text=True)
    assert f'method="get" action="/certificates/case/{case.id}/issue"' in page
    assert "Granska och utfärda intyget" in page


def test_the_confirmation_shows_the_certificate_and_stores_nothing(
    coach_client, case, verified, framework, world
):
    world.home.display_name = "Härnösands kommun"
    db.session.flush()
    response = coach_client.get(f"/certificates/case/{case.id}/issue")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Granska intyget innan det utfärdas" in page
    assert "Åsa Öberg-Émile" in page and "född 12 april 1985" in page
    for unit in framework.units:
        assert unit.title in page
        assert f"{unit.outcomes[0].text[0].upper()}{unit.outcomes[0].text[1:]}." in page
    assert "Totalt 3 poäng" in page
    assert "Härnösands kommun" in page and "HÄRNÖSAND" not in page
    assert "24 november 2026" in page
    # What issuing does: public checking, no change afterwards, revocation only with a reason.
    assert "kontrolleras offentligt" in page and "återkallas, med ett skäl" in page
    # The step works without script: a plain form, POST, with the CSRF token.
    assert f'<form method="post" action="/certificates/case/{case.id}/issue"' in page
    assert 'name="csrf_token"' in page
    assert _stored() == (0, 0, 0, 0)
    db.session.expire_all()
    assert _stored() == (0, 0, 0, 0)


def test_the_post_issues_once(coach_client, case, verified):
    coach_client.get(f"/certificates/case/{case.id}/issue")
    first = coach_client.post(f"/certificates/case/{case.id}/issue")
    assert first.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 1
    again = coach_client.post(f"/certificates/case/{case.id}/issue", follow_redirects=True)
    assert "Det finns inget att utfärda intyg för" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 1


def test_the_post_needs_its_csrf_token(coach_client, case, verified):
    response = coach_client.post(f"/certificates/case/{case.id}/issue", data={}, csrf=False)
    assert response.status_code in (200, 400)
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 0


def test_nothing_ready_goes_back_with_the_reason(coach_client, case, framework):
    response = coach_client.get(f"/certificates/case/{case.id}/issue", follow_redirects=True)
    assert "Det finns inget att utfärda intyg för" in response.get_data(as_text=True)


def test_a_bad_correction_choice_is_shown_at_the_field(coach_client, case, verified):
    response = coach_client.get(f"/certificates/case/{case.id}/issue?replaces=abc")
    assert response.status_code == 200
    assert "Granska intyget innan det utfärdas" not in response.get_data(as_text=True)
    assert _stored() == (0, 0, 0, 0)


def test_the_correction_says_what_it_corrects(coach_client, case, verified, world):
    coach_client.post(f"/certificates/case/{case.id}/issue")
    first = db.session.scalar(sa.select(Certificate))
    coach_client.post(
        f"/certificates/{first.id}/revoke", data={"reason": "wrong_details", "note": "Fel namn."}
    )
    page = coach_client.get(f"/certificates/case/{case.id}/issue?replaces={first.id}")
    text = page.get_data(as_text=True)
    assert f"Det rättar det återkallade intyget {first.number}." in text
    assert f'name="replaces" value="{first.id}"' in text
    assert db.session.scalar(sa.select(sa.func.count(Certificate.id))) == 1


def test_another_municipality_gets_404(client, case, verified, world):
    client.login(world["other_coach"])
    assert client.get(f"/certificates/case/{case.id}/issue").status_code == 404
    assert client.get(f"/certificates/case/{case.id}/preview.pdf").status_code == 404


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_preview_pdf_is_stamped_and_not_stored(coach_client, case, verified, framework):
    response = coach_client.get(f"/certificates/case/{case.id}/preview.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = _text(response.data)
    assert "FÖRHANDSGRANSKNING" in text
    assert "Åsa Öberg-Émile" in text and framework.units[0].title in text
    assert "VAL-2026-______" in text  # no number is taken for a preview
    english = coach_client.get(f"/certificates/case/{case.id}/preview.pdf?lang=en")
    assert "PREVIEW" in _text(english.data)
    assert coach_client.get(f"/certificates/case/{case.id}/preview.pdf?lang=de").status_code == 404
    assert _stored() == (0, 0, 0, 0)


def test_the_certificate_page_states_what_the_pdf_states(coach_client, case, verified, framework):
    coach_client.post(f"/certificates/case/{case.id}/issue")
    certificate = db.session.scalar(sa.select(Certificate))
    page = coach_client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "Totalt 3 poäng" in page and "Motsvarar 30 timmars lärande" in page
    outcome = framework.units[1].outcomes[1].text
    assert f"{outcome[0].upper()}{outcome[1:]}." in page
    grouped = "-".join(certificate.short_code[i : i + 4] for i in (0, 4, 8))
    assert grouped in page
    assert "Intyget utfärdas med nästa intygsnummer" not in page  # the step is done
