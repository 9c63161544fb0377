"""Matching in the database on a fixed dataset: the order and every explanation, exactly."""

from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from app.cases.vocab import ConsentKind
from app.cases.workflow import Stage
from app.employers.labels import explain
from app.employers.matching import Evidence as E
from app.employers.services.matches import match_page
from app.extensions import db
from tests.cases.factories import give_consent
from tests.employers.factories import make_need

REQUIRED = ("Truck A", "Truck B", "Godsmottagning")
DESIRED = ("Plock och pack", "Arbetsmiljö")


@pytest.fixture
def need(world, units):
    return make_need(
        world.employer,
        required=[units[t] for t in REQUIRED],
        desired=[units[t] for t in DESIRED],
    )


@pytest.fixture
def dataset(world, units, candidate):
    """Six listed candidates, and five who must never be listed."""
    a, b, c, d, e = (units[t] for t in (*REQUIRED, *DESIRED))
    people = {
        "p1": candidate(evidence={a: E.CERTIFIED, b: E.CERTIFIED, c: E.CERTIFIED}),
        "p2": candidate(
            municipality=world.other,
            evidence={a: E.CERTIFIED, b: E.CERTIFIED, c: E.VERIFIED, d: E.CERTIFIED},
        ),
        "p3": candidate(evidence={a: E.VERIFIED, b: E.VERIFIED, c: E.VERIFIED}),
        "p4": candidate(evidence={a: E.CERTIFIED, b: E.CERTIFIED, c: E.READY}),
        "p5": candidate(municipality=world.outside, evidence={a: E.CERTIFIED, d: E.VERIFIED}),
        "p6": candidate(evidence={e: E.READY}),
    }
    full = {a: E.CERTIFIED, b: E.CERTIFIED, c: E.CERTIFIED}
    withdrawn, _ = candidate(evidence=full)
    give_consent(withdrawn, ConsentKind.EMPLOYERS, world["coach"], given=False)
    hidden = [
        withdrawn,
        candidate(evidence=full, is_protected=True)[0],
        candidate(evidence=full, stage=Stage.CLOSED)[0],
        candidate(evidence=full, consent=False)[0],
        candidate(evidence=full, stage=Stage.CERTIFIED)[0],
    ]
    return {name: person.id for name, (person, _case) in people.items()}, hidden


def test_candidates_are_ranked_and_explained_exactly(app, need, dataset):
    ids, hidden = dataset
    page = match_page(need, None, {})
    by_id = {v: k for k, v in ids.items()}
    assert [by_id[r.participant_id] for r in page.full.rows] == ["p1", "p2", "p3"]
    assert [by_id[r.participant_id] for r in page.close.rows] == ["p4", "p5", "p6"]
    assert (page.full.total, page.close.total) == (3, 3)
    with force_locale("en"):
        explained = {by_id[r.participant_id]: explain(r.match) for r in page.full.rows}
        explained.update({by_id[r.participant_id]: explain(r.match) for r in page.close.rows})
    assert explained == {
        "p1": [
            "3 of 3 required units certified",
            "0 of 2 desired units achieved",
            "Lives in the workplace's municipality",
        ],
        "p2": [
            "2 of 3 required units certified, 1 verified",
            "1 of 2 desired units achieved",
            "Lives in the same region",
        ],
        "p3": [
            "0 of 3 required units certified, 3 verified",
            "0 of 2 desired units achieved",
            "Lives in the workplace's municipality",
        ],
        "p4": [
            "2 of 3 required units certified, 1 ready for assessment; "
            "not yet assessed: Godsmottagning",
            "0 of 2 desired units achieved",
            "Lives in the workplace's municipality",
        ],
        "p5": [
            "1 of 3 required units certified; missing: Truck B, Godsmottagning",
            "1 of 2 desired units achieved",
            "Lives outside the region",
        ],
        "p6": [
            "0 of 3 required units certified; missing: Truck A, Truck B, Godsmottagning",
            "0 of 2 desired units achieved",
            "Lives in the workplace's municipality",
        ],
    }
    assert not {p.id for p in hidden} & {r.participant_id for r in page.full.rows}
    assert not {p.id for p in hidden} & {r.participant_id for r in page.close.rows}


def test_the_database_order_is_the_domain_order(need, dataset):
    from app.employers.matching import rank

    page = match_page(need, None, {})
    rows = [*page.full.rows, *page.close.rows]
    assert [r for r, _ in rank((r, r.match) for r in reversed(rows))] == rows


def test_the_matching_page_shows_explanations_in_swedish(client, world, need, dataset):
    client.login(world["employer"])
    html = client.get(f"/employers/needs/{need.id}/candidates").get_data(as_text=True)
    assert "1 av 3 enheter som krävs är certifierade; saknas: Truck B, Godsmottagning" in html
    assert "2 av 3 enheter som krävs är certifierade, 1 kvalitetssäkrad" in html
    assert "Bor utanför regionen" in html


def test_filters_narrow_the_candidates(need, dataset, world, units):
    from app.employers.queries import Filters, need_match_query

    ids, _hidden = dataset
    by_id = {v: k for k, v in ids.items()}

    def listed(filters):
        rows = db.session.execute(need_match_query(need, filters, full=True)).all()
        rows += db.session.execute(need_match_query(need, filters, full=False)).all()
        return sorted(by_id[r.participant_id] for r in rows)

    assert listed(Filters(municipality_id=world.other.id)) == ["p2"]
    assert listed(Filters(unit_id=units["Plock och pack"].id)) == ["p2", "p5"]


@contextlib.contextmanager
def counting_queries():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def test_the_matching_page_runs_the_same_number_of_queries_for_more_candidates(
    client, world, units, need, candidate
):
    a, b, c = (units[t] for t in REQUIRED)
    client.login(world["employer"])
    url = f"/employers/needs/{need.id}/candidates"

    def measure() -> int:
        client.get(url)  # warm caches (e.g. the session's user)
        with counting_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    candidate(evidence={a: E.CERTIFIED, b: E.VERIFIED, c: E.VERIFIED})
    candidate(evidence={a: E.READY})
    few = measure()
    for _ in range(3):
        candidate(evidence={a: E.VERIFIED, b: E.VERIFIED, c: E.VERIFIED})
        candidate(evidence={b: E.READY})
    assert measure() == few


def test_a_coach_sees_the_open_needs_that_fit_a_participant_ranked(client, world, units, candidate):
    from app.employers.vocab import NeedStatus

    a, b, c, d = (units[t] for t in ("Truck A", "Truck B", "Godsmottagning", "Plock och pack"))
    person, _ = candidate(evidence={a: E.CERTIFIED, b: E.VERIFIED, d: E.READY})
    make_need(world.employer, required=[a, b], title="Behov helt", municipality=world.home)
    make_need(world.other_employer, required=[a, c], title="Behov nära", municipality=world.other)
    make_need(
        world.other_employer,
        required=[a],
        desired=[d],
        title="Behov granne",
        municipality=world.other,
    )
    make_need(world.employer, required=[c], title="Behov utan träff")
    closed = make_need(world.employer, required=[a], title="Behov stängt")
    closed.status = NeedStatus.CLOSED
    db.session.flush()
    client.login(world["coach"])
    html = client.get(f"/employers/participants/{person.id}/needs").get_data(as_text=True)
    order = [html.index(t) for t in ("Behov helt", "Behov granne", "Behov nära")]
    assert order == sorted(order)
    assert "Behov utan träff" not in html and "Behov stängt" not in html
    assert "1 av 2 enheter som krävs är certifierade; saknas: Godsmottagning" in html
    client.logout()
    client.login(world["employer"])
    assert client.get(f"/employers/participants/{person.id}/needs").status_code == 403


def test_availability_filters_on_the_candidate_profile(need, world, units, candidate):
    from datetime import date

    from app.employers.queries import Filters, need_match_query
    from app.employers.vocab import WorkingTime

    a, b, c = (units[t] for t in REQUIRED)
    full = {a: E.CERTIFIED, b: E.CERTIFIED, c: E.CERTIFIED}
    later, _ = candidate(
        evidence=full,
        profile={"available_from": date(2027, 6, 1), "working_time": WorkingTime.EITHER},
    )
    now, _ = candidate(evidence=full)
    rows = db.session.execute(
        need_match_query(need, Filters(available_by=date(2027, 1, 1)), full=True)
    ).all()
    assert [r.participant_id for r in rows] == [now.id]


@pytest.mark.parametrize(
    "query",
    [
        "municipality=abc&available_by=igår&level=level9&unit=-1",
        "page=-3&close_page=99999999999999999999",
        "unit=99999999999999999999999",
    ],
)
def test_hostile_filters_never_break_the_page(client, world, need, query):
    client.login(world["employer"])
    response = client.get(f"/employers/needs/{need.id}/candidates?{query}")
    assert response.status_code == 200


def test_each_list_pages_on_its_own_and_keeps_its_total_past_the_end(need, dataset):
    from app.employers.queries import Filters, need_match_page

    ids, _hidden = dataset
    by_id = {v: k for k, v in ids.items()}

    def listed(full_page, close_page):
        (full, full_total), (close, close_total) = need_match_page(
            need, Filters(), full_page, close_page, 1
        )
        return [by_id[r.participant_id] for r in (*full, *close)], full_total, close_total

    assert listed(1, 1) == (["p1", "p4"], 3, 3)
    assert listed(2, 3) == (["p2", "p6"], 3, 3)
    assert listed(9, 2) == (["p5"], 3, 3)  # past the end: no rows, the total still right


def test_the_needs_for_a_participant_page_on_their_own(world, units, candidate):
    from app.employers.queries import needs_for_participant_page

    a = units["Truck A"]
    person, _ = candidate(evidence={a: E.CERTIFIED})
    needs = [make_need(world.employer, required=[a], title=f"Behov {n}") for n in range(3)]
    pages = [needs_for_participant_page(person, page, 2) for page in (1, 2, 3)]
    assert [[r.need_id for r in rows] for rows, _total in pages] == [
        [needs[0].id, needs[1].id],
        [needs[2].id],
        [],
    ]
    assert [total for _rows, total in pages] == [3, 3, 3]
