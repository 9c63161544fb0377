"""The participant's own pages: each participant finds their own case, plan and shared notes,
and nothing of anyone else's (another's ids answer 404, as if they did not exist); staff pages
answer 403; every page a participant opens is logged; the coach gives and ends access."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.auth.models import User
from app.cases.models import Adaptation, JournalEntry, Summons
from app.cases.vocab import SummonsDelivery, SummonsPurpose
from app.cases.workflow import Stage
from app.db import today
from app.extensions import db
from app.vocab import Role
from tests.portal.factories import participant_with_case

ALICE, BOB = date(1985, 4, 12), date(1990, 6, 1)


@pytest.fixture
def two(world, password_hash):
    """Two participants of the home municipality, each with a case, a plan and an account that
    signs in with the tests' password."""
    alice = participant_with_case(world["coach"], born=ALICE, first_name="Alice")
    bob = participant_with_case(world["coach2"], born=BOB, first_name="Bertil")
    for _person, _case, account in (alice, bob):
        account.password_hash = password_hash
    db.session.flush()
    return alice, bob


def own_urls(case, shared_note) -> list[str]:
    return [
        "/my/",
        "/my/plan",
        f"/my/cases/{case.id}",
        f"/my/cases/{case.id}/plan",
        f"/my/notes/{shared_note.id}",
    ]


def notes(case) -> tuple[JournalEntry, JournalEntry]:
    rows = db.session.scalars(sa.select(JournalEntry).where(JournalEntry.case_id == case.id))
    by_share = {row.is_shared: row for row in rows}
    return by_share[True], by_share[False]


def test_each_participant_walks_their_own_pages_and_finds_nothing_of_the_other(client, two):
    for me, them in (two, two[::-1]):
        person, case, account = me
        other_person, other_case, _ = them
        shared, internal = notes(case)
        client.login(account.email)
        for url in own_urls(case, shared):
            page = client.get(url)
            assert page.status_code == 200, url
            text = page.get_data(as_text=True)
            assert other_person.first_name not in text, url
            assert "Socialtjänstens bakgrund" not in text, url
            assert "Intern anteckning" not in text, url
        other_shared, _ = notes(other_case)
        for url in own_urls(other_case, other_shared)[2:]:
            assert client.get(url).status_code == 404, url
        assert client.get(f"/my/notes/{internal.id}").status_code == 404
        assert client.get("/my/cases/2000000000").status_code == 404


def test_my_plan_shows_goals_activities_follow_ups_and_only_the_shared_notes(client, two):
    (person, case, account), _ = two
    client.login(account.email)
    text = client.get("/my/plan").get_data(as_text=True)
    assert "Mål för Alice" in text and "Aktivitet för Alice" in text and "Avstämning" in text
    assert "Delad anteckning till Alice" in text
    assert "Intern anteckning" not in text and "Socialtjänstens" not in text


def test_my_page_shows_the_step_the_next_meeting_the_adaptations_and_the_coach(client, two, world):
    (person, case, account), _ = two
    case.stage = Stage.ASSESSMENT
    db.session.add_all(
        [
            Summons(
                case=case,
                purpose=SummonsPurpose.MEETING,
                delivery=SummonsDelivery.MAIL,
                starts_at=datetime.combine(today() + timedelta(days=2), time(9), tzinfo=UTC),
                place="Nybrogatan 3",
                bring="Ta med betygen",
                contact_name="Handledaren",
                language="sv",
            ),
            Adaptation(case=case, need="Läser långsamt", agreed="Muntliga instruktioner"),
        ]
    )
    db.session.flush()
    client.login(account.email)
    text = client.get("/my/").get_data(as_text=True)
    assert 'aria-current="step"' in text and "Du visar vad du kan" in text
    assert "Nybrogatan 3" in text and "Ta med betygen" in text
    assert "Muntliga instruktioner" in text
    assert world["coach"].name in text and world["coach"].email in text
    for link in ("/my/consents", "/my/certificates", "/my/data"):  # what is theirs to decide
        assert f'href="{link}"' in text


def test_every_page_a_participant_opens_is_logged_with_them_as_the_reader(client, two):
    (person, case, account), _ = two
    shared, _ = notes(case)
    client.login(account.email)
    for url in own_urls(case, shared):
        client.get(url)
    lines = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action.startswith("portal."), AuditEvent.user_id == account.id
        )
    ).all()
    actions = [line.action for line in lines]
    assert actions.count("portal.page_viewed") == 2 and actions.count("portal.plan_viewed") == 2
    assert actions.count("portal.note_viewed") == 1
    assert {line.participant_id for line in lines} == {person.id}


@pytest.mark.parametrize(
    "url",
    ["/cases/", "/notifications/", "/account/password", "/account/sessions", "/admin/", "/terms"],
)
def test_staff_pages_answer_a_participant_403(client, two, url):
    (_person, _case, account), _ = two
    client.login(account.email)
    assert client.get(url).status_code == 403


def test_the_home_page_of_a_participant_is_my_page_and_the_menu_is_theirs(client, two):
    (_person, _case, account), _ = two
    client.login(account.email)
    home = client.get("/")
    assert home.status_code == 302 and home.location == "/my/"
    text = client.get("/my/").get_data(as_text=True)
    assert 'href="/my/plan"' in text
    assert 'href="/cases/"' not in text and "/notifications/" not in text
    assert "/account/password" not in text


def test_staff_get_403_on_the_participants_pages(client, two, world):
    (_person, case, _account), _ = two
    client.login(world["coach"])
    assert client.get("/my/").status_code == 403
    assert client.get(f"/my/cases/{case.id}/plan").status_code == 403


def test_the_coach_gives_and_ends_access_and_only_the_assigned_coach(client, world):
    from tests.cases.factories import make_case, make_participant

    person = make_participant(world.home, first_name="Cilla", email="cilla@test.example")
    make_case(world["coach"], person)
    client.login(world["coach2"])  # sees the participant, but is not their coach
    assert client.post(f"/my/participants/{person.id}/access").status_code == 403
    client.login(world["other_coach"])  # of another municipality: as if there were none
    assert client.post(f"/my/participants/{person.id}/access").status_code == 404
    client.login(world["coach"])
    page = client.get(f"/cases/participants/{person.id}").get_data(as_text=True)
    assert "Ge tillgång till Mina sidor" in page
    given = client.post(f"/my/participants/{person.id}/access")
    assert given.status_code == 302
    account = db.session.scalar(sa.select(User).where(User.participant_id == person.id))
    assert account.roles == {Role.PARTICIPANT} and account.email == "cilla@test.example"
    assert account.municipality_id == world.home.id and not account.password_hash.startswith("$")
    assert client.post(f"/my/participants/{person.id}/access/end").status_code == 302
    db.session.refresh(account)
    assert not account.is_active
    logged = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.participant_id == person.id)
    ).all()
    assert "portal.access_given" in logged and "portal.access_ended" in logged


def test_participants_are_not_staff_in_the_administrators_lists(client, two, world):
    (_person, _case, account), _ = two
    client.login(world["admin"])
    users = client.get("/admin/users?q=").get_data(as_text=True)
    assert account.email not in users
    assert client.get(f"/admin/users/{account.id}").status_code == 404
    client.login(world["system"])
    policy = client.get("/admin/second-factor").get_data(as_text=True)
    assert 'value="participant"' not in policy


def test_the_journal_entry_is_hidden_from_the_participant_unless_the_coach_shares_it(client, world):
    from tests.cases.factories import make_case

    case = make_case(world["coach"], stage=Stage.MAPPING)
    client.login(world["coach"])
    form = client.get(f"/cases/{case.id}/journal").get_data(as_text=True)
    assert (
        'name="is_shared"' in form
        and 'name="is_shared" type="checkbox" value="y" checked' not in form
    )
    day = today().isoformat()
    client.post(
        f"/cases/{case.id}/journal", data={"kind": "note", "occurred_on": day, "text": "Inte delad"}
    )
    client.post(
        f"/cases/{case.id}/journal",
        data={"kind": "meeting", "occurred_on": day, "text": "Delad", "is_shared": "y"},
    )
    shared = dict(
        db.session.execute(
            sa.select(JournalEntry.text, JournalEntry.is_shared).where(
                JournalEntry.case_id == case.id
            )
        ).all()
    )
    assert shared == {"Inte delad": False, "Delad": True}


def test_anonymisation_ends_the_participants_own_account(client, two, world):
    from app.privacy.anonymise import anonymise

    (person, _case, account), _ = two
    client.login(account.email)
    anonymise(person, reason="request", actor=world["admin"])
    db.session.commit()
    db.session.refresh(account)
    assert not account.is_active and account.name == "–" and "Alice" not in account.email
    assert client.get("/my/").status_code == 302  # the session ended: to the login page
