"""The demo data holds issued certificates, one revoked and the one that corrects it, and the
demo participant's own (app/demo/portal_records.py)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.certificates.models import Certificate
from app.demo import load_demo_data
from app.extensions import db


def _certificates() -> list[Certificate]:
    return list(db.session.scalars(sa.select(Certificate).order_by(Certificate.id)))


@pytest.fixture(scope="session")
def app(demo_app):
    """The demo data, loaded once per process into a database of its own."""
    return demo_app


def test_demo_certificates():
    certificates = _certificates()
    assert len(certificates) == 6
    assert len({c.municipality_id for c in certificates}) == 2
    revoked = [c for c in certificates if c.is_revoked]
    assert len(revoked) == 1 and revoked[0].holder_name == "Sofia Lindgren"
    assert revoked[0].replaced_by.holder_name == "Sofia Lindberg"
    assert all(c.units and len(c.documents) >= 2 for c in certificates)
    # The proper names, as the certificates print them; a short code each.
    assert {c.issuer_name for c in certificates} == {"Härnösands kommun", "Timrå kommun"}
    assert len({c.short_code for c in certificates}) == 6

    load_demo_data()  # idempotent
    assert len(_certificates()) == 6
