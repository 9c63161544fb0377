"""Every table of the dashboard, figure by figure, on the fixed dataset (see conftest)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.reports.queries import dashboard
from app.reports.scope import Filters
from tests.reports.conftest import PERIOD

GENDERS = ("woman", "man", "non_binary", "not_stated", "total")
AGES = ("under_18", "18_29", "30_54", "55_plus", "unknown")


def row(table, *labels) -> dict:
    """The values of the row whose labels (as text) start with `labels`."""
    for candidate in table.rows:
        if [str(x) for x in candidate.labels[: len(labels)]] == list(labels):
            return candidate.values
    raise AssertionError(f"no row {labels} in {table.key}")


def by_gender(values: dict) -> tuple:
    return tuple(values.get(g, 0) for g in GENDERS)


def by_age(values: dict) -> tuple:
    return tuple(values.get(a, 0) for a in AGES)


@pytest.fixture
def english(app):
    with app.test_request_context():
        from flask_babel import force_locale

        with force_locale("en"):
            yield


def test_the_dashboard_has_every_table(english, dataset):
    assert list(dashboard(dataset.home, PERIOD)) == [
        "inflow_months", "inflow_sources", "inflow_decisions", "pipeline_stages", "stage_days",
        "units_achieved", "credits_achieved", "certificates", "first_attempts", "outcomes",
        "exit_status", "follow_ups", "education", "entry_status", "foreign_background",
        "disability", "identity",
    ]  # fmt: skip


def test_inflow_per_month_source_and_decision(english, dataset):
    tables = dashboard(dataset.home, PERIOD)
    months = tables["inflow_months"]
    assert [str(r.labels[0]) for r in months.data_rows()] == [
        "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
    ]  # fmt: skip
    assert [r.values["total"] for r in months.data_rows()] == [1, 2, 1, 1, 1, 0]
    assert by_gender(row(months, "2026-02")) == (2, 0, 0, 0, 2)
    assert by_gender(row(months, "Total")) == (3, 1, 1, 1, 6)
    assert by_age(row(months, "Total")) == (1, 1, 2, 1, 1)
    sources = tables["inflow_sources"]
    assert by_gender(row(sources, "2026-02", "Social services")) == (1, 0, 0, 0, 1)
    assert by_gender(row(sources, "2026-02", "Public Employment Service")) == (1, 0, 0, 0, 1)
    assert by_gender(row(sources, "2026-04", "Self-referral")) == (0, 0, 1, 0, 1)
    assert len(sources.data_rows()) == 6  # only the month and source pairs that occur
    decisions = tables["inflow_decisions"]
    assert by_gender(row(decisions, "Accepted")) == (2, 1, 1, 1, 5)
    assert by_gender(row(decisions, "Rejected")) == (1, 0, 0, 0, 1)
    assert row(decisions, "Waiting")["total"] == 0


def test_pipeline_counts_cases_by_stage_now_with_gender_and_age(english, dataset):
    table = dashboard(dataset.home, PERIOD)["pipeline_stages"]
    assert by_gender(row(table, "Case closed")) == (1, 1, 0, 0, 2)
    assert by_gender(row(table, "Mapping")) == (1, 0, 0, 0, 1)
    assert by_gender(row(table, "Referred")) == (0, 0, 1, 0, 1)
    assert by_gender(row(table, "Intake")) == (0, 0, 0, 1, 1)
    assert by_gender(row(table, "Total")) == (2, 1, 1, 1, 5)
    # c4 born 2010 (15 at the start), c2 2000, c1 1990, c3 1970, c5 unknown
    assert by_age(row(table, "Total")) == (1, 1, 1, 1, 1)
    assert by_age(row(table, "Case closed")) == (0, 0, 1, 1, 0)


def test_median_and_90th_percentile_days_in_each_stage(english, dataset):
    table = dashboard(dataset.home, PERIOD)["stage_days"]
    referred = row(table, "Referred")  # stays of 10, 4, 2 and 8 days
    assert referred["n_total"] == 4
    assert referred["median_total"] == pytest.approx(6.0)
    assert referred["p90_total"] == pytest.approx(9.4)
    assert referred["median_woman"] == pytest.approx(7.0)
    assert referred["median_man"] == pytest.approx(2.0)
    assert referred["median_not_stated"] == pytest.approx(8.0)
    assert "median_non_binary" not in referred  # c4 is still referred: no finished stay
    intake = row(table, "Intake")  # 20, 30 and 29 days; c5 is still in intake
    assert (intake["n_total"], intake["median_total"]) == (3, pytest.approx(29.0))
    assert intake["p90_total"] == pytest.approx(29.8)
    mapping = row(table, "Mapping")
    assert (mapping["n_total"], mapping["median_total"], mapping["p90_total"]) == (1, 20, 20)
    cells = [table.cell(row_, c) for row_ in table.rows[:1] for c in table.columns]
    assert cells[:3] == ["4", "6,0", "9,4"]


def test_units_credits_and_certificates(english, dataset):
    tables = dashboard(dataset.home, PERIOD)
    units = tables["units_achieved"]
    assert by_gender(row(units, "Lokalvård", "Entry 1")) == (1, 1, 0, 0, 2)
    assert by_gender(row(units, "Lokalvård", "Entry 2")) == (1, 1, 0, 0, 2)
    assert by_gender(row(units, "Total")) == (2, 2, 0, 0, 4)
    credits = tables["credits_achieved"]  # U-1 is worth 1 credit, U-2 2 credits
    assert by_gender(row(credits, "Lokalvård", "Entry 1")) == (1, 1, 0, 0, 2)
    assert by_gender(row(credits, "Lokalvård", "Entry 2")) == (2, 2, 0, 0, 4)
    certificates = tables["certificates"]  # the revoked one does not count
    assert by_gender(row(certificates, "Lokalvård")) == (1, 1, 0, 0, 2)


def test_first_attempt_pass_rate_per_unit_worst_first(english, dataset):
    table = dashboard(dataset.home, PERIOD)["first_attempts"]
    assert [str(r.labels[0]) for r in table.rows] == [
        "Lokalvård – U-2 Enhet 2",
        "Lokalvård – U-1 Enhet 1",
    ]
    u2 = table.rows[0].values  # c1 failed at first (passed later), c3 passed after correction
    assert (u2["n_total"], u2["passed_total"], u2["rate_total"]) == (2, 1, 50.0)
    u1 = table.rows[1].values  # c1 and c3 passed, c2 did not
    assert (u1["n_total"], u1["passed_total"]) == (3, 2)
    assert u1["rate_total"] == pytest.approx(66.666, abs=0.01)
    assert (u1["rate_woman"], u1["rate_man"]) == (50.0, 100.0)
    assert table.cell(table.rows[1], table.columns[2]) == "66,7"


def test_outcomes_status_at_entry_and_exit_and_follow_ups(english, dataset):
    tables = dashboard(dataset.home, PERIOD)
    outcomes = tables["outcomes"]
    assert by_gender(row(outcomes, "Employed")) == (1, 0, 0, 0, 1)
    assert by_gender(row(outcomes, "Dropped out")) == (0, 1, 0, 0, 1)
    assert row(outcomes, "Total")["total"] == 2
    exits = tables["exit_status"]
    assert by_gender(row(exits, "Income support", "Employed")) == (1, 0, 0, 0, 1)
    assert by_gender(row(exits, "Long-term unemployed (12 months or more)", "Income support")) == (
        0,
        1,
        0,
        0,
        1,
    )
    assert len(exits.data_rows()) == 2
    follow_ups = tables["follow_ups"]
    assert by_gender(row(follow_ups, "Still in place")) == (1, 0, 0, 0, 1)
    assert by_gender(row(follow_ups, "Not yet followed up")) == (0, 1, 0, 0, 1)
    assert row(follow_ups, "No longer in place")["total"] == 0


def test_participants_by_education_status_background_and_disability(english, dataset):
    tables = dashboard(dataset.home, PERIOD)
    education = tables["education"]
    assert by_gender(row(education, "Compulsory school or less (ISCED 0–2)")) == (0, 1, 0, 1, 2)
    assert by_gender(row(education, "Upper secondary school (ISCED 3–4)")) == (1, 0, 0, 0, 1)
    assert by_gender(row(education, "Post-secondary education (ISCED 5–8)")) == (1, 0, 0, 0, 1)
    assert by_gender(row(education, "Not recorded")) == (0, 0, 1, 0, 1)
    assert by_gender(row(education, "Total")) == (2, 1, 1, 1, 5)
    status = tables["entry_status"]
    assert by_gender(row(status, "Income support")) == (1, 0, 0, 1, 2)
    assert row(status, "Registered at the Public Employment Service")["total"] == 1
    background = tables["foreign_background"]
    assert by_gender(row(background, "Yes")) == (1, 1, 0, 0, 2)
    assert by_gender(row(background, "Not stated")) == (0, 0, 1, 1, 2)
    disability = tables["disability"]
    assert by_gender(row(disability, "Yes")) == (1, 0, 0, 0, 1)
    assert by_age(row(disability, "Total")) == (1, 1, 1, 1, 1)


def test_filters_narrow_every_table(english, dataset, world):
    march = Filters(date(2026, 3, 1), date(2026, 3, 31))
    tables = dashboard(dataset.home, march)
    assert tables["inflow_months"].total() == 1
    assert tables["outcomes"].total() == 1  # c1 closed on 1 March
    assert tables["certificates"].total() == 2
    social = dashboard(dataset.home, replace(PERIOD, source="social_services"))
    assert social["inflow_months"].total() == 4  # c1, c3, c5 and the rejected referral
    assert social["pipeline_stages"].total() == 3
    coach2 = dashboard(dataset.home, replace(PERIOD, coach_id=world["coach2"].id))
    assert coach2["pipeline_stages"].total() == 1
    assert coach2["inflow_months"].total() == 1
    framework = dashboard(dataset.home, replace(PERIOD, framework_code=dataset.framework.code))
    assert framework["pipeline_stages"].total() == 3
    other = dashboard(dataset.home, replace(PERIOD, framework_code="no-such-framework"))
    assert other["pipeline_stages"].total() == 0
    assert other["units_achieved"].total() == 0
    assert other["certificates"].total() == 0


def test_the_region_adds_up_its_municipalities_and_hides_small_cells(english, dataset, world):
    tables = dashboard(dataset.region, PERIOD)
    march = row(tables["inflow_months"], "2026-03")
    assert by_gender(march) == (5, 1, 0, 0, 6)  # the neighbours' five women and c3
    table = tables["inflow_months"]
    shown = {c.key: table.cell(table.rows[2], c) for c in table.columns}
    # the men's "<5" would be 6 - 5 = 1 with the women's 5 shown: the 5 is hidden as well
    cells = (shown["woman"], shown["man"], shown["non_binary"], shown["total"])
    assert cells == ("–", "<5", "0", "6")
    assert table.cell(table.rows[0], table.columns[4]) == "<5"  # January: one referral
    days = tables["stage_days"]
    mapping = days.rows[2]  # one stay in mapping
    assert [days.cell(mapping, c) for c in days.columns[:3]] == ["<5", "–", "–"]
    referred = days.rows[0]  # four stays at home and five at the neighbours'
    assert [days.cell(referred, c) for c in days.columns[:2]] == ["9", "2,0"]
    far = dashboard(dataset.region, replace(PERIOD, municipality_id=world.other.id))
    assert far["pipeline_stages"].total() == 5
    assert (
        dashboard(dataset.region, replace(PERIOD, municipality_id=world.outside.id))[
            "pipeline_stages"
        ].total()
        == 0
    )


def test_nothing_outside_the_scope_is_counted(english, dataset, world):
    tables = dashboard(dataset.home, PERIOD)
    assert tables["outcomes"].total() == 2  # not the case outside the region that moved
    assert row(tables["outcomes"], "Moved")["total"] == 0


def count_statements(run) -> int:
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_data(english, dataset, world):
    from app.cases.vocab import Gender
    from app.cases.workflow import Stage as S
    from tests.reports import factories as f
    from tests.reports.conftest import _person

    few = count_statements(lambda: dashboard(dataset.home, PERIOD))
    for n in range(6):
        person = _person(world, gender=Gender.MAN, born=1980 + n)
        case = f.history(
            world["coach"], person, [(S.REFERRED, "2026-02-01"), (S.INTAKE, "2026-02-03")]
        )
        assessment = f.assessment(
            case, dataset.framework, world["assessor"], dataset.units, "2026-02-04"
        )
        f.decision(assessment, dataset.units[0], "achieved", "2026-02-04", verified_on="2026-02-05")
        f.certificate(case, dataset.framework, "2026-02-06")
    db.session.flush()
    assert count_statements(lambda: dashboard(dataset.home, PERIOD)) == few
    assert dashboard(dataset.home, PERIOD)["pipeline_stages"].total() == 11


def test_every_table_comes_from_exactly_one_query(english, dataset):
    from app.reports.queries import BUILDERS, one_table

    keys = [key for made, _build in BUILDERS for key in made]
    assert sorted(keys) == sorted(dashboard(dataset.home, PERIOD))
    for key in keys:
        alone = one_table(dataset.home, PERIOD, key)
        assert count_statements(lambda k=key: one_table(dataset.home, PERIOD, k)) == 1
        assert [r.values for r in alone.rows] == [
            r.values for r in dashboard(dataset.home, PERIOD)[key].rows
        ]


def test_certificates_keep_their_holder_gender_and_age_after_anonymisation(english, dataset, world):
    from app.cases.vocab import Gender
    from app.cases.workflow import Stage
    from app.db import today
    from app.privacy.anonymise import anonymise
    from tests.cases.factories import make_case, make_participant
    from tests.privacy.factories import close, fill_case

    person = make_participant(world.home, gender=Gender.NON_BINARY, birth_year=1960)
    case = make_case(world["coach"], person, stage=Stage.VERIFICATION)
    fill_case(case, world, dataset.framework, "Kim Ek")
    close(case)
    period = Filters(date(2026, 1, 1), today())

    def counted() -> tuple[tuple, tuple]:
        values = row(dashboard(dataset.home, period)["certificates"], dataset.framework.name)
        return by_gender(values), by_age(values)

    before = counted()
    assert before[0][GENDERS.index("non_binary")] == 1
    anonymise(person, reason="retention", actor=world["admin"])
    db.session.flush()
    assert counted() == before
