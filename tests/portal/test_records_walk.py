"""Each of two participants walks every page of their consents, certificates and data: their
own answers, the other's certificate answers 404, and nothing of the other shows anywhere."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.portal.records_factories import two_with_records


@pytest.fixture
def two(world, password_hash):
    return two_with_records(world, password_hash)


def own_urls(certificate) -> list[str]:
    return [
        "/my/consents",
        "/my/consents/employers/withdraw",
        "/my/certificates",
        f"/my/certificates/{certificate.id}",
        f"/my/certificates/{certificate.id}/pdf",
        f"/my/certificates/{certificate.id}/pdf?lang=en",
        f"/my/certificates/{certificate.id}/badge.jwt",
        "/my/data",
    ]


def test_each_participant_walks_their_own_records_and_finds_nothing_of_the_other(client, two):
    for me, them in (two, two[::-1]):
        person, _case, account, certificate = me
        other, _other_case, _other_account, theirs = them
        client.login(account.email)
        for url in own_urls(certificate):
            response = client.get(url)
            assert response.status_code == 200, url
            if response.mimetype == "text/html":
                text = response.get_data(as_text=True)
                assert other.first_name not in text and theirs.number not in text, url
                assert "Socialtjänstens bakgrund" not in text, url
        for url in own_urls(theirs)[3:7]:
            assert client.get(url).status_code == 404, url
        extract = client.post("/my/data/extract", data={"language": "sv"})
        assert extract.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(extract.data))
        for name in ("data.json", "summary.html"):
            text = archive.read(name).decode()
            assert person.first_name in text and other.first_name not in text, name
