"""Queries per page do not grow with the data: each page the benchmark measures sends the same
number of SQL statements on a small generated dataset and on one about ten times larger."""

from __future__ import annotations

from collections import Counter

import pytest

from app.auth.services import hash_password
from app.demo import DEMO_PASSWORD
from app.demo import frameworks as demo_frameworks
from app.demo import organisations as demo_organisations
from app.extensions import db
from app.summaries import rebuild_summaries
from benchmarks.generate import Generator, render_sample_documents
from benchmarks.measure import QueryCounter
from benchmarks.pages import pages

SMALL = 0.0005  # 50 cases, 500 journal entries
GROWTH = 10  # the second dataset adds ten times as much


def _grow(scale: float, seed: int) -> None:
    generator = Generator(db.session.connection(), db.metadata, scale, seed=seed)
    generator.run(hash_password(DEMO_PASSWORD))
    render_sample_documents(generator.certificate_ids, limit=1)
    rebuild_summaries()  # the generator writes past the ORM
    db.session.flush()


def _statements(app, counter: QueryCounter, page, clients: dict) -> list[str]:
    if page.method == "POST":  # the login, by a new visitor each time
        client = app.test_client()
        data = {**page.data, "csrf_token": client.csrf_token()}
        counter.reset()
        answer = client.post(page.url, data=data)
    else:
        if page.user not in clients:
            clients[page.user] = client = app.test_client()
            if page.user:
                client.login(page.user, DEMO_PASSWORD)
        client = clients[page.user]
        client.get(page.url)  # caches filled once per process do not count
        counter.reset()
        answer = client.get(page.url)
    assert answer.status_code == page.expect, f"{page.name}: {answer.status_code}"
    return list(counter.statements)


def _statements_per_page(app) -> dict[str, list[str]]:
    counter = QueryCounter(db.engine)
    try:
        measured = [page for page in pages() if not page.missing]
        clients: dict = {}
        return {page.name: _statements(app, counter, page, clients) for page in measured}
    finally:
        counter.close()


def _most_repeated(statements: list[str]) -> str:
    statement, times = Counter(statements).most_common(1)[0]
    return f"{times}× {statement[:300]}"


@pytest.fixture
def demo_base():
    """The demo organisations, accounts and frameworks the generator builds on."""
    demo_organisations.load()
    demo_frameworks.load()
    db.session.flush()


def test_queries_per_page_do_not_grow_with_the_data(app, demo_base):
    _grow(SMALL, seed=1)
    small = _statements_per_page(app)
    _grow(SMALL * GROWTH, seed=2)
    large = _statements_per_page(app)
    assert set(small) == set(large)
    assert len(small) >= 15
    grown = {
        name: (len(small[name]), len(large[name]), _most_repeated(large[name]))
        for name in small
        if len(small[name]) != len(large[name])
    }
    assert not grown, f"queries per page changed with the data (small, large): {grown}"
    counts = {name: len(_sent(large[name])) for name in MOST}
    over = {name: (count, MOST[name]) for name, count in counts.items() if count > MOST[name]}
    assert not over, f"pages sending more statements than they did (sent, most): {over}"


# The statements each page sends at most (transaction control not counted): the session's user
# with their roles and organisation, what the page shows, the header's unread count and one
# INSERT for the page's reads, all in one transaction.
MOST = {
    "home page, coach": 13,
    "home page, assessor": 14,
    "caseload, first page": 4,
    "caseload, last page": 4,
    "caseload, name search": 4,
    "journal, long history": 5,
    "mapping": 10,  # and the participant's own answers per outcome, read with the outcomes
    "assessments list, coach": 10,
    "assessments list, assessor": 9,
    "assessments of a case": 18,
    "assessment (assessor)": 15,
    "verifier queue": 7,
    "employer's page with its needs": 6,
    "case page, long history": 12,
    "matching for a need": 9,
    "needs for a participant": 8,
}


def _sent(statements: list[str]) -> list[str]:
    control = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT")
    return [s for s in statements if not s.lstrip().upper().startswith(control)]


def test_a_notification_adds_one_insert_to_the_action_that_causes_it(client, world):
    """The referral sent tells two coaches: the request's own work writes one event; the
    people's rows are written by the fan-out job after the commit."""
    from tests.cases.factories import personal_number
    from tests.cases.test_referrals import referral_data

    client.login(world["admin"])
    number = personal_number()
    counter = QueryCounter(db.engine)
    try:
        response = client.post(
            "/cases/referrals/new", data=referral_data(number[2:8] + "-" + number[8:])
        )
    finally:
        counter.close()
    assert response.status_code == 302
    statements = [" ".join(s.split()).lower() for s in counter.statements]
    fan_out = next(i for i, s in enumerate(statements) if s.startswith("update notification_"))
    action, job = statements[:fan_out], statements[fan_out:]
    told = [s for s in action if "notification" in s]
    assert len(told) == 1 and told[0].startswith("insert into notification_events")
    assert any(s.startswith("insert into notifications ") for s in job)  # two coaches told
