"""Own staff are counted apart: a row of their own by source, a filter of their own on every
table, kept right in the summary tables, and left out of the ESF participant list."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from app.cases.vocab import Gender, ReferralSource
from app.cases.workflow import Stage
from app.extensions import db
from app.reports.queries import dashboard
from app.reports.scope import Filters, Scope
from app.reports.summaries.models import ReportCase, ReportReferral
from app.reports.vocab import LABOUR_MARKET
from tests.cases.factories import make_participant, personal_number
from tests.reports import factories as f

PERIOD = Filters(date(2026, 1, 1), date(2026, 6, 30))
OWN_STAFF = "Own staff, referred by a manager"


@pytest.fixture
def cases(world):
    """Two labour-market cases and one of the municipality's own staff, all in an ESF project
    of the region."""
    made = {}
    for key, source, gender in (
        ("social", ReferralSource.SOCIAL_SERVICES, Gender.MAN),
        ("pes", ReferralSource.PUBLIC_EMPLOYMENT_SERVICE, Gender.WOMAN),
        ("staff", ReferralSource.OWN_STAFF, Gender.WOMAN),
    ):
        person = make_participant(
            world.home, personal_number=personal_number(date(1980, 5, 5)), gender=gender
        )
        steps = [(Stage.REFERRED, "2026-02-02"), (Stage.INTAKE, "2026-02-09")]
        made[key] = f.history(world["coach"], person, steps, source=source)
    project = f.project("2024/00777", region=world.region)
    for case in made.values():
        f.participation(case, project, "2026-02-10")
    return made


def row(table, *labels) -> dict:
    for candidate in table.rows:
        if [str(x) for x in candidate.labels[: len(labels)]] == list(labels):
            return candidate.values
    raise AssertionError(f"no row {labels} in {table.key}")


def test_own_staff_have_a_row_of_their_own_and_a_filter(app, world, cases):
    home = Scope((world.home.id,))
    with app.test_request_context(), force_locale("en"):
        tables = dashboard(home, PERIOD)
        sources = tables["inflow_sources"]
        assert row(sources, "2026-02", OWN_STAFF)["total"] == 1
        assert row(sources, "2026-02", "Social services")["total"] == 1
        assert row(tables["pipeline_stages"], "Total")["total"] == 3
        own = dashboard(home, replace(PERIOD, source=ReferralSource.OWN_STAFF.value))
        assert row(own["pipeline_stages"], "Intake")["total"] == 1
        assert row(own["pipeline_stages"], "Total")["woman"] == 1
        labour_market = dashboard(home, replace(PERIOD, source=LABOUR_MARKET))
        assert row(labour_market["pipeline_stages"], "Total")["total"] == 2
        assert row(labour_market["inflow_months"], "2026-02")["total"] == 2
        inflow = labour_market["inflow_sources"]
        assert OWN_STAFF not in [str(r.labels[1]) for r in inflow.data_rows()]


def test_the_statistics_page_offers_the_labour_market_cases_apart(client, world, cases):
    client.login(world["coach"])
    page = client.get("/reports/?source=labour_market&date_from=2026-01-01&date_to=2026-06-30")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Arbetsmarknadsärenden (alla källor utom egen personal)" in text
    assert "Egen personal, remitterad av chef" in text


def test_the_summary_tables_keep_the_source(world, cases):
    staff = cases["staff"]
    assert (
        db.session.scalar(sa.select(ReportCase.source).where(ReportCase.case_id == staff.id))
        is ReferralSource.OWN_STAFF
    )
    assert (
        db.session.scalar(
            sa.select(ReportReferral.source).where(ReportReferral.referral_id == staff.referral_id)
        )
        is ReferralSource.OWN_STAFF
    )


def test_the_esf_list_leaves_own_staff_out(client, world, cases):
    client.login(world["admin"])
    response = client.post("/reports/esf", data={"month": "2026-03", "file_format": "csv"})
    html = client.get(response.location).get_data(as_text=True)
    link = re.search(r'href="(/reports/exports/\d+/file)"', html).group(1)
    text = client.get(link).get_data().decode("utf-8-sig")
    numbers = [r[0] for r in csv.reader(io.StringIO(text), delimiter=";")][1:]
    participant = {key: case.participant.personal_number for key, case in cases.items()}
    assert sorted(numbers) == sorted([participant["social"], participant["pes"]])
