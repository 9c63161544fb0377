"""Two people issuing at the same moment on PostgreSQL never get the same number.

These tests commit in transactions of their own (outside the test's rolled-back one), on a
year no other test uses, and remove that year's row at the end.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.certificates import numbering
from app.certificates.models import CertificateSequence
from app.extensions import db

YEAR = 2099


def _issuer(engine, took: threading.Event, release: threading.Event, numbers: list):
    """Take a number, then keep the transaction open until `release`, then commit."""

    def run() -> None:
        with Session(engine) as session:
            numbers.append(numbering.next_number(YEAR, session))
            took.set()
            release.wait(10)
            session.commit()

    return threading.Thread(target=run)


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
    first_took, release_first = threading.Event(), threading.Event()
    second_took, second_goes_on = threading.Event(), threading.Event()
    second_goes_on.set()
    first = _issuer(engine, first_took, release_first, numbers)
    second = _issuer(engine, second_took, second_goes_on, numbers)
    first.start()
    assert first_took.wait(10)
    second.start()
    # The second waits for the first: on the row lock, or on the new year's unique key.
    assert not second_took.wait(0.5)
    release_first.set()
    first.join(10)
    second.join(10)
    assert numbers == [f"VAL-{YEAR}-000001", f"VAL-{YEAR}-000002"]
