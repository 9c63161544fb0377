"""Two people issuing at the same moment on PostgreSQL never get the same number.

These tests commit in transactions of their own (outside the test's rolled-back one), on a
year no other test uses, and remove that year's row at the end.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.certificates import numbering
from app.certificates.models import CertificateSequence
from app.extensions import db
from tests.helpers import second_waits_for_first

YEAR = 2099


@pytest.fixture
def engine(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite lets one writer at a time")
    yield db.engine
    with Session(db.engine) as cleanup:
        cleanup.execute(sa.delete(CertificateSequence).where(CertificateSequence.year == YEAR))
        cleanup.commit()


@pytest.mark.parametrize("year_started", [True, False])
def test_concurrent_issuers_get_consecutive_numbers(engine, year_started):
    if year_started:
        with Session(engine) as setup:
            setup.add(CertificateSequence(year=YEAR, last_number=0))
            setup.commit()
    numbers: list[str] = []

    def issue(session) -> None:
        numbers.append(numbering.next_number(YEAR, session))

    # The second waits for the first: on the row lock, or on the new year's unique key.
    second_waits_for_first(engine, issue, issue)
    assert numbers == [f"VAL-{YEAR}-000001", f"VAL-{YEAR}-000002"]
