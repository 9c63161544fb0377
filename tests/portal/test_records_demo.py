"""Under `make run` the demo participant finds their consents, their certificate (with its PDF,
check link and badge) and their data on their own pages."""

from __future__ import annotations

import pytest

from tests.conftest import WEAK_HASHER

EMAIL, PASSWORD = "deltagare@example.org", "validera-demo"


@pytest.fixture(scope="session")
def app(demo_app):
    return demo_app


@pytest.fixture(autouse=True)
def _weak_hasher(monkeypatch):
    monkeypatch.setattr("app.auth.services._hasher", WEAK_HASHER)


def test_the_demo_participant_has_consents_a_certificate_and_their_data(client):
    assert client.login(EMAIL, password=PASSWORD).status_code == 302
    consents = client.get("/my/consents").get_data(as_text=True)
    assert consents.count("Ja, du har sagt ja.") == 2  # registration and employers
    assert "Du har inte sagt ja till detta." in consents  # another municipality
    assert "/my/consents/employers/withdraw" in consents
    listing = client.get("/my/certificates").get_data(as_text=True)
    assert "Lokalvård" in listing or "lokalvård" in listing.lower()
    assert "Giltigt" in listing
    link = next(part for part in listing.split('"') if part.startswith("/my/certificates/"))
    page = client.get(link).get_data(as_text=True)
    assert "Mikael Öberg" in page and "/verify/" in page and 'class="qr"' in page
    assert client.get(link + "/pdf").mimetype == "application/pdf"
    assert client.get(link + "/badge.jwt").mimetype == "application/jwt"
    data = client.get("/my/data").get_data(as_text=True)
    assert "Vem som har läst dina uppgifter" in data
    assert "Arbetsmarknadshandledare" in data  # the demo coach has read his case
