"""The dashboard page and its table files: who sees what, filters, CSV and XLSX contents."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

PERIOD = "date_from=2026-01-01&date_to=2026-06-30"


def english(client):
    client.post("/language", data={"language": "en", "next": "/"})


@pytest.mark.parametrize("role", ["coach", "admin", "regional"])
def test_coaches_admins_and_regional_readers_see_the_dashboard(client, world, dataset, role):
    client.login(world[role])
    page = client.get(f"/reports/?{PERIOD}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for section in ("section-inflow", "section-pipeline", "section-validation", "section-outcomes",
                    "section-participants"):  # fmt: skip
        assert f'id="{section}"' in html
    assert html.count("<svg") == 3 and html.count("<desc") == 3
    assert 'href="/reports/tables/outcomes.csv?' in html


@pytest.mark.parametrize("role", ["assessor", "employer", "external_verifier"])
def test_other_roles_are_refused(client, world, role):
    client.login(world[role])
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/tables/outcomes.csv").status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get("/reports/").status_code == 302


def test_a_coach_sees_only_the_own_municipality(client, world, dataset):
    client.login(world["coach"])
    english(client)
    html = client.get(f"/reports/?{PERIOD}").get_data(as_text=True)
    assert "Grannkommun" not in html
    rows = _csv(client.get(f"/reports/tables/inflow_months.csv?{PERIOD}"))
    march = next(r for r in rows if r and r[0] == "2026-03")
    assert march[1:6] == ["0", "1", "0", "0", "1"]  # only c3: none of the neighbours' five
    other = world["other_coach"]
    client.logout()
    client.login(other)
    rows = _csv(client.get(f"/reports/tables/inflow_months.csv?{PERIOD}"))
    march = next(r for r in rows if r and r[0] == "2026-03")
    assert march[1:6] == ["5", "0", "0", "0", "5"]


def test_a_municipality_outside_the_scope_is_not_found(client, world, dataset):
    client.login(world["coach"])
    assert client.get(f"/reports/?municipality={world.other.id}").status_code == 404
    assert (
        client.get(f"/reports/tables/outcomes.csv?municipality={world.other.id}").status_code == 404
    )
    client.logout()
    client.login(world["regional"])
    assert client.get(f"/reports/?municipality={world.outside.id}").status_code == 404
    assert client.get(f"/reports/?municipality={world.other.id}").status_code == 200


def test_the_regional_view_has_no_personal_data_and_hides_small_cells(client, world, dataset):
    client.login(world["regional"])
    english(client)
    html = client.get(f"/reports/?{PERIOD}").get_data(as_text=True)
    for person in dataset.people.values():
        assert person.last_name not in html and person.first_name not in html
        assert person.personal_number not in html and person.personal_number[:8] not in html
    for coach in ("coach", "coach2", "other_coach"):
        assert world[coach].name not in html
    assert 'name="coach"' not in html
    assert "&lt;5" in html
    rows = _csv(client.get(f"/reports/tables/inflow_months.csv?{PERIOD}"))
    march = next(r for r in rows if r and r[0] == "2026-03")
    assert march[1:6] == ["–", "<5", "0", "0", "6"]  # the 5 would give the "<5" away
    assert ["View", "Regional, aggregated: fewer than 5 shown as <5"] in rows


def test_a_bad_filter_is_explained_at_its_field(client, world, dataset):
    client.login(world["coach"])
    english(client)
    page = client.get("/reports/?date_from=2026-06-30&date_to=2026-01-01&source=nonsense")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "The end of the period cannot be before its start." in html
    assert "Not a valid choice" in html
    assert 'id="section-inflow"' not in html
    assert client.get("/reports/?date_from=2026-99-01").status_code == 200
    assert client.get("/reports/tables/outcomes.csv?date_from=nonsense").status_code == 400
    assert client.get("/reports/tables/nonsense.csv").status_code == 404
    assert client.get("/reports/tables/outcomes.pdf").status_code == 404


def test_filters_apply_to_the_page(client, world, dataset):
    client.login(world["coach"])
    rows = _csv(
        client.get(f"/reports/tables/pipeline_stages.csv?{PERIOD}&coach={world['coach2'].id}")
    )
    assert rows[-1][5] == "1"  # the total row: c2 only
    rows = _csv(client.get(f"/reports/tables/pipeline_stages.csv?{PERIOD}&source=social_services"))
    assert rows[-1][5] == "3"


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_table_as_csv_carries_its_filters(client, world, dataset):
    client.login(world["coach"])
    english(client)
    response = client.get(f"/reports/tables/outcomes.csv?{PERIOD}&source=social_services")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == ["Outcomes at closing"]
    assert ["Municipalities", "Hemkommun"] in rows
    assert ["Period", "2026-01-01 – 2026-06-30"] in rows
    assert ["Referral source", "Social services"] in rows
    header = rows.index(["Outcome", "Women", "Men", "Non-binary", "Gender not stated", "Total",
                         "Under 18", "18–29", "30–54", "55 and over", "Age not known"])  # fmt: skip
    assert rows[header + 1][:6] == ["Employed", "1", "0", "0", "0", "1"]
    assert rows[header + 5][:6] == ["Dropped out", "0", "1", "0", "0", "1"]


def test_a_table_as_xlsx_carries_its_filters(client, world, dataset):
    client.login(world["coach"])
    english(client)
    response = client.get(f"/reports/tables/stage_days.xlsx?{PERIOD}&coach={world['coach'].id}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Days in each stage"]
    assert ["Coach", world["coach"].name] in values
    referred = next(v for v in values if v and v[0] == "Referred")
    assert referred[1:4] == [3, 8.0, 9.6]  # c1, c3 and c5: 10, 2 and 8 days


def test_the_page_runs_the_same_number_of_queries_for_more_data(client, world, dataset):
    import sqlalchemy as sa

    from app.cases.vocab import Gender
    from app.cases.workflow import Stage as S
    from app.extensions import db
    from tests.reports import factories as f
    from tests.reports.conftest import _person

    client.login(world["regional"])
    url = f"/reports/?{PERIOD}"

    def measure() -> int:
        client.get(url)
        statements = []

        def count(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    few = measure()
    for n in range(8):
        town = world.home if n % 2 else world.other
        person = _person(world, town, gender=Gender.WOMAN, born=1990 + n)
        coach = world["coach"] if n % 2 else world["other_coach"]
        f.history(coach, person, [(S.REFERRED, "2026-02-01"), (S.CLOSED, "2026-02-09")],
                  outcome="employed")  # fmt: skip
    db.session.flush()
    assert measure() == few
