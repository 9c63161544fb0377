"""My certificates: the participant lists their own certificates, downloads the PDF, shares the
public check (a link to copy and its QR code) and takes the Open Badge for a wallet; a revoked
one is marked with the pointer to its correction; another participant's answer 404."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.certificates import services
from app.certificates.credentials import vcjwt
from app.certificates.vocab import RevocationReason
from app.extensions import db
from app.frameworks.models import Framework
from tests.certificates.factories import issue_for
from tests.portal.records_factories import two_with_records


@pytest.fixture
def two(world, password_hash):
    return two_with_records(world, password_hash)


def reads(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_the_list_shows_my_certificates_and_nobody_elses(client, two):
    (_p, _c, account, mine), (_p2, _c2, _a2, theirs) = two
    client.login(account.email)
    page = client.get("/my/certificates").get_data(as_text=True)
    assert "Mina intyg" in page and mine.number in page and "Giltigt" in page
    assert theirs.number not in page and "Bertil" not in page
    assert f"/my/certificates/{mine.id}" in page
    assert reads("portal.certificates_viewed")[0].participant_id == mine.participant_id


def test_the_certificate_page_shares_the_check_link_its_qr_code_and_the_badge(client, two):
    (_p, _c, account, mine), _ = two
    client.login(account.email)
    page = client.get(f"/my/certificates/{mine.id}").get_data(as_text=True)
    link = f"http://localhost/verify/{mine.verification_code}"
    assert f'value="{link}"' in page and "readonly" in page  # the field to copy
    assert "<svg width=" in page and 'class="qr"' in page  # the QR code, inline
    assert "QR-kod med länken för att kontrollera intyget" in page
    assert f"/my/certificates/{mine.id}/pdf?lang=sv" in page
    assert f"/my/certificates/{mine.id}/badge.jwt?lang=sv" in page
    assert "Open Badges 3.0" in page
    assert reads("portal.certificate_viewed")[0].object_id == mine.id


def test_the_qr_code_holds_the_check_link(client, two):
    from app.certificates.pdf import qr_code

    (_p, _c, account, mine), _ = two
    client.login(account.email)
    page = client.get(f"/my/certificates/{mine.id}").get_data(as_text=True)
    expected = qr_code(f"http://localhost/verify/{mine.verification_code}")
    assert expected.svg_inline(scale=5, border=4, svgclass="qr", lineclass=None) in page


def test_the_pdf_downloads_in_either_language_and_is_logged(client, two):
    (_p, _c, account, mine), _ = two
    client.login(account.email)
    for language in ("sv", "en"):
        response = client.get(f"/my/certificates/{mine.id}/pdf?lang={language}")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data == services.document(mine, language).content
        assert f"{mine.number}-{language}.pdf" in response.headers["Content-Disposition"]
    assert client.get(f"/my/certificates/{mine.id}/pdf?lang=fi").status_code == 404
    lines = reads("portal.certificate_downloaded")
    assert [line.details["language"] for line in lines] == ["sv", "en"]
    assert all(line.user_id == account.id for line in lines)


def test_the_badge_is_a_signed_open_badge_that_checks_as_valid(client, two):
    (_p, _c, account, mine), _ = two
    client.login(account.email)
    response = client.get(f"/my/certificates/{mine.id}/badge.jwt")
    assert response.status_code == 200 and response.mimetype == "application/jwt"
    result = vcjwt.check(response.get_data(as_text=True))
    assert result.problem is None and result.certificate.id == mine.id
    assert client.get(f"/my/certificates/{mine.id}/badge.jwt?lang=de").status_code == 404
    assert reads("portal.badge_downloaded")[0].object_id == mine.id


def test_a_revoked_certificate_is_marked_and_points_to_its_correction(client, two, world):
    (_p, case, account, mine), _ = two
    services.revoke_certificate(mine, world["coach"], RevocationReason.WRONG_DETAILS, "Fel namn.")
    framework = db.session.get(Framework, mine.framework_id)
    corrected = issue_for(
        case, world["coach"], framework.units[:1], framework=framework, replaces=mine
    )
    client.login(account.email)
    listing = client.get("/my/certificates").get_data(as_text=True)
    assert "Återkallat" in listing and "Du har fått ett nytt intyg i stället." in listing
    page = client.get(f"/my/certificates/{mine.id}").get_data(as_text=True)
    assert "Det här intyget är återkallat." in page and "Skäl:" in page
    assert f"/my/certificates/{corrected.id}" in page and corrected.number in page
    assert "badge.jwt" not in page  # no badge for a revoked certificate
    pdf = client.get(f"/my/certificates/{mine.id}/pdf")
    assert pdf.data == services.document(mine, "sv").content  # the revoked copy
    assert services.document(mine, "sv").is_revoked_copy
    badge = client.get(f"/my/certificates/{mine.id}/badge.jwt")
    assert badge.status_code == 302
    assert "Ett återkallat intyg har inget digitalt intyg." in client.get(badge.location).get_data(
        as_text=True
    )


def test_another_participants_certificate_answers_404_and_reveals_nothing(client, two):
    (_p, _c, account, _mine), (_p2, _c2, _a2, theirs) = two
    client.login(account.email)
    for url in (
        f"/my/certificates/{theirs.id}",
        f"/my/certificates/{theirs.id}/pdf",
        f"/my/certificates/{theirs.id}/badge.jwt",
        "/my/certificates/2000000000",
        "/my/certificates/99999999999999999999",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert theirs.number not in response.get_data(as_text=True)
    assert not reads("portal.certificate_viewed")


def test_staff_get_403_on_the_participants_certificate_pages(client, two, world):
    (_p, _c, _account, mine), _ = two
    client.login(world["coach"])
    assert client.get("/my/certificates").status_code == 403
    assert client.get(f"/my/certificates/{mine.id}").status_code == 403
