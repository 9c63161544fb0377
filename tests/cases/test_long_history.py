"""A case followed for years: the journal and the timeline show a page at a time."""

import re
from datetime import UTC, date, datetime, time, timedelta

from app.cases.models import JournalEntry, PlanGoal
from app.cases.queries.timeline import case_timeline
from app.cases.vocab import JournalKind
from app.cases.workflow import Stage
from app.extensions import db
from tests.cases.factories import make_case
from tests.helpers import count_queries

START = date(2024, 1, 1)


def _write_journal(case, author, n: int, per_day: int = 3, first: int = 0) -> None:
    # Several entries a day, so that page boundaries fall inside a day.
    db.session.add_all(
        JournalEntry(
            case=case,
            kind=JournalKind.MEETING,
            occurred_on=START + timedelta(days=i // per_day),
            text=f"Anteckning nummer {i}",
            author=author,
        )
        for i in range(first, first + n)
    )
    db.session.flush()


def test_the_journal_pages_hold_every_entry_once_newest_first(coach_client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    _write_journal(case, world["coach"], 120)
    seen = []
    for page in (1, 2, 3):
        html = coach_client.get(f"/cases/{case.id}/journal?page={page}").get_data(as_text=True)
        seen += [int(n) for n in re.findall(r"Anteckning nummer (\d+)<", html)]
        assert f"Sida {page} av 3" in html
    assert seen == list(range(119, -1, -1))
    beyond = coach_client.get(f"/cases/{case.id}/journal?page=9")
    assert beyond.status_code == 200 and "Anteckning nummer" not in beyond.get_data(as_text=True)
    junk = coach_client.get(f"/cases/{case.id}/journal?page=-1%27")
    assert junk.status_code == 200 and "Anteckning nummer 119<" in junk.get_data(as_text=True)


def test_the_timeline_pages_are_exactly_the_full_timeline(app, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    _write_journal(case, world["coach"], 130)
    # Other sources between the journal days, so the merge decides the page boundaries.
    for day in (5, 20, 40):
        goal = PlanGoal(case=case, description=f"Mål dag {day}")
        db.session.add(goal)
        db.session.flush()
        goal.created_at = _at(START + timedelta(days=day))
    db.session.flush()
    with app.test_request_context():
        full = case_timeline(case, world["coach"], page=1, per_page=10_000)
        pages = [case_timeline(case, world["coach"], page=p, per_page=25) for p in range(1, 8)]
    assert full.total == len(full.items) and full.pages == 1
    assert pages[0].total == full.total and pages[0].pages == -(-full.total // 25)
    joined = [entry for page in pages for entry in page.items]
    assert joined == full.items
    assert [e.at for e in joined] == sorted((e.at for e in joined), reverse=True)


def test_a_coach_without_the_journal_gets_a_timeline_without_it(app, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    _write_journal(case, world["coach"], 60)
    with app.test_request_context():
        page = case_timeline(case, world["admin"], page=1, per_page=25)
    assert all(entry.text.startswith("Anteckning") is False for entry in page.items)
    assert page.total == len(page.items)


def test_the_case_page_shows_one_page_of_the_timeline_with_the_same_queries(coach_client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    _write_journal(case, world["coach"], 10)
    with count_queries() as small:
        first = coach_client.get(f"/cases/{case.id}")
    _write_journal(case, world["coach"], 290, first=10)
    with count_queries() as large:
        page = coach_client.get(f"/cases/{case.id}")
    assert first.status_code == page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('class="timeline-title"') == 50
    assert "Anteckning nummer 299<" in html and "Anteckning nummer 251<" in html
    assert "Sida 1 av" in html and f"/cases/{case.id}?page=2#timeline-heading" in html
    assert len(large) == len(small)
    older = coach_client.get(f"/cases/{case.id}?page=2").get_data(as_text=True)
    assert older.count('class="timeline-title"') == 50
    assert "Anteckning nummer 250<" in older and "Anteckning nummer 299<" not in older


def _at(day: date):
    return datetime.combine(day, time(12), UTC)
