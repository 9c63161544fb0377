"""Reserve identities in the statistics and the ESF list: counted by gender and by the age
their date of birth gives, and marked."""

from __future__ import annotations

from datetime import date

import pytest

from app.cases.services.identities import register_reserve
from app.cases.vocab import Gender
from app.cases.workflow import Stage
from app.reports.queries import dashboard
from tests.reports import factories as f
from tests.reports.conftest import PERIOD
from tests.reports.test_exports import _esf_rows, english


@pytest.fixture
def english_app(app):
    with app.test_request_context():
        from flask_babel import force_locale

        with force_locale("en"):
            yield


@pytest.fixture
def reserve(world, dataset):
    """A woman born in 1995 with a reserve identity, in an ESF project since February."""
    data = {"first_name": "Nour", "last_name": "Reserv", "date_of_birth": date(1995, 6, 1),
            "gender": Gender.WOMAN}  # fmt: skip
    person = register_reserve(world.home, data, world["coach"])
    case = f.history(world["coach"], person, [(Stage.REFERRED, "2026-02-01"),
                                             (Stage.INTAKE, "2026-02-10")])  # fmt: skip
    f.participation(case, f.project("2024/00999", region=world.region), "2026-02-10")
    return person


def test_the_statistics_count_reserve_identities_apart(english_app, dataset, reserve):
    table = dashboard(dataset.home, PERIOD)["identity"]
    rows = {str(row.labels[0]): row.values for row in table.rows}
    assert set(rows) >= {"Reserve identities", "Personal or coordination number"}
    counted = rows["Reserve identities"]
    # A woman, 30 when her case started in 2026: the age group comes from the date of birth.
    assert (counted["total"], counted["woman"], counted["30_54"]) == (1, 1, 1)
    assert rows["Personal or coordination number"]["total"] > 0


def test_the_esf_list_marks_a_reserve_identity(client, world, reserve):
    client.login(world["admin"])
    english(client)
    rows = _esf_rows(client, "2026-03")
    mine = [row for row in rows if row[0] == reserve.personal_number]
    assert mine == [[reserve.personal_number, "2026-02-10", "", "2024/00999", "No", "Yes",
                     "1995-06-01", "Woman"]]  # fmt: skip
