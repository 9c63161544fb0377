"""The demo data gives every section of the dashboard something to show, and loads once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.cases.models import Participant
from app.demo import load_demo_data
from app.extensions import db
from app.reports import labels
from app.reports.models import FundingParticipation, FundingProject
from tests.conftest import WEAK_HASHER

ACCOUNTS = ("coach@example.org", "admin@example.org", "regional@example.org")


@pytest.fixture(scope="session")
def app(demo_app):
    """The demo data, loaded once per process into a database of its own."""
    return demo_app


@pytest.fixture
def demo(app, monkeypatch):
    # The demo accounts' passwords are hashed at the lowest strength (tests/conftest.py).
    monkeypatch.setattr("app.auth.services._hasher", WEAK_HASHER)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_demo_has_funding_projects_and_loads_once(demo):
    esf = db.session.scalar(sa.select(FundingProject).where(FundingProject.is_esf.is_(True)))
    assert esf is not None and esf.region is not None
    counts = (_count(FundingProject), _count(FundingParticipation), _count(Participant))
    assert counts[1] >= 20
    load_demo_data()
    assert (_count(FundingProject), _count(FundingParticipation), _count(Participant)) == counts


@pytest.mark.parametrize("email", ACCOUNTS)
def test_every_section_of_the_dashboard_shows_figures_on_the_demo(client, demo, email):
    from app.db import today
    from app.reports.access import scope_for
    from app.reports.queries import dashboard
    from app.reports.scope import Filters, default_period

    user = db.session.scalar(sa.select(User).where(User.email == email))
    with client.application.test_request_context():
        tables = dashboard(scope_for(user), Filters(*default_period(today())))
    shown = {
        labels.TABLES[key][0]
        for key, table in tables.items()
        if table.total("total")
        or (table.data_rows() and any(r.values.get("n_total") for r in table.rows))
    }
    assert shown == set(labels.SECTIONS)
    for key in ("inflow_months", "pipeline_stages", "outcomes", "education", "certificates"):
        assert tables[key].total() > 0, key


def test_the_regional_demo_has_cells_of_five_or_more(client, demo):
    client.login("regional@example.org", password="validera-demo")
    page = client.get("/reports/").get_data(as_text=True)
    assert page.count("<svg") == 3
    assert "&lt;5" in page
    home = client.get("/").get_data(as_text=True)
    assert 'id="regional-heading"' in home
