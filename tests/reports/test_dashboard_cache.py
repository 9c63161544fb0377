"""The dashboard's tables are cached under the statistics' generation: asked again, they come
from the cache; after any write they depend on, the next dashboard has the new figures."""

from __future__ import annotations

from datetime import date

import pytest

from app.cases.vocab import Gender, ReferralStatus
from app.cases.workflow import Stage as S
from app.extensions import db
from app.reports.queries import _computed, dashboard
from app.reports.summaries.keeper import KEEPER
from app.summaries import generation, has_pending_changes
from tests.cases.factories import make_participant, personal_number
from tests.helpers import count_queries
from tests.reports import factories as f
from tests.reports.conftest import PERIOD


@pytest.fixture
def committed(app, dataset):
    """The dataset committed (in the test's own transaction), so that no change is pending."""
    with app.test_request_context():
        db.session.commit()
        assert not has_pending_changes(db.session())
        yield dataset


def _figures(tables) -> dict:
    """Every cell of every table as shown (what a reader sees, hidden cells included)."""
    return {
        key: [[table.cell(row, column) for column in table.columns] for row in table.rows]
        for key, table in tables.items()
    }


def _referrals_in_february(tables) -> int:
    [february] = [r for r in tables["inflow_months"].rows if str(r.labels[0]) == "2026-02"]
    return february.values["total"]


def test_a_dashboard_asked_again_comes_from_the_cache(committed):
    first = dashboard(committed.home, PERIOD)
    with count_queries() as sent:
        again = dashboard(committed.home, PERIOD)
    assert _figures(again) == _figures(first) == _figures(_computed(committed.home, PERIOD))
    assert len(sent) == 1 and "summary_generations" in sent[0]  # the generation, nothing else


def test_the_cache_gives_each_reader_a_copy(committed):
    first = dashboard(committed.home, PERIOD)
    first["inflow_months"].rows.clear()
    assert dashboard(committed.home, PERIOD)["inflow_months"].rows


def test_a_write_makes_the_next_dashboard_read_fresh_figures(world, committed):
    before = dashboard(committed.home, PERIOD)
    token = generation(db.session.connection(), KEEPER.name)
    assert _referrals_in_february(before) == 2
    newcomer = make_participant(
        world.home,
        first_name="Ny",
        last_name="Person",
        personal_number=personal_number(date(1991, 5, 5)),
        gender=Gender.MAN,
    )
    f.referral(newcomer, world.home, "2026-02-20", status=ReferralStatus.WAITING)
    # Flushed, not committed: this transaction's own dashboard computes, and caches nothing.
    assert has_pending_changes(db.session())
    assert _referrals_in_february(dashboard(committed.home, PERIOD)) == 3
    db.session.commit()
    assert generation(db.session.connection(), KEEPER.name) != token
    with count_queries() as sent:
        after = dashboard(committed.home, PERIOD)
    assert _referrals_in_february(after) == 3
    assert len(sent) > 1  # computed afresh, not read from the cache
    assert _figures(after) == _figures(_computed(committed.home, PERIOD))


def test_a_stage_change_shows_at_once_in_the_regional_view(world, committed):
    region = committed.region
    before = dashboard(region, PERIOD)
    case = committed.cases["c5"]  # in intake since 05-09
    case.stage = S.MAPPING
    db.session.flush()
    db.session.commit()
    after = dashboard(region, PERIOD)
    assert _figures(after) != _figures(before)
    assert _figures(after) == _figures(_computed(region, PERIOD))


def test_what_the_dashboard_reads_besides_its_tables_also_makes_it_fresh(committed):
    def certificates() -> int:
        return dashboard(committed.home, PERIOD)["certificates"].total()

    assert certificates() == 2
    token = generation(db.session.connection(), KEEPER.name)
    f.certificate(committed.cases["c2"], committed.framework, "2026-04-02")  # a table of its own
    db.session.commit()
    assert generation(db.session.connection(), KEEPER.name) != token
    assert certificates() == 3


def test_a_write_that_changes_no_figure_keeps_the_cache(world, committed):
    from app.cases.models import JournalEntry
    from app.cases.vocab import JournalKind

    dashboard(committed.home, PERIOD)
    token = generation(db.session.connection(), KEEPER.name)
    entry = JournalEntry(
        case=committed.cases["c2"],
        kind=JournalKind.MEETING,
        occurred_on=date(2026, 3, 8),
        text="Samtal.",
        author=world["coach"],
    )
    db.session.add(entry)
    db.session.commit()
    assert generation(db.session.connection(), KEEPER.name) == token
    with count_queries() as sent:
        dashboard(committed.home, PERIOD)
    assert len(sent) == 1


def test_the_page_is_read_from_the_cache_until_something_changes(app, client, world, dataset):
    client.login(world["admin"])
    url = "/reports/?date_from=2026-01-01&date_to=2026-06-30"
    assert client.get(url).status_code == 200
    with count_queries() as sent:
        first = client.get(url).get_data(as_text=True)
    assert not any("report_cases" in statement for statement in sent)  # from the cache
    with app.test_request_context():
        dataset.cases["c5"].stage = S.MAPPING  # in intake until now
        db.session.commit()
    with count_queries() as sent:
        again = client.get(url).get_data(as_text=True)
    assert any("report_cases" in statement for statement in sent)
    assert again != first
