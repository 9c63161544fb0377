"""Candidates as employers see them: a pseudonym and validated skills, nothing else."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.models import Adaptation
from app.cases.vocab import ConsentKind, Gender, ReferralSource
from app.cases.workflow import Stage
from app.employers.matching import Evidence as E
from app.employers.models import Introduction
from app.employers.pseudonyms import candidate_token, participant_of, pseudonym
from app.employers.vocab import WorkingTime
from app.extensions import db
from tests.cases.factories import give_consent
from tests.employers.factories import card_url, make_need

SECRET_NAME = ("Zlatana", "Hemligsson")


@pytest.fixture
def need(world, units):
    return make_need(world.employer, required=[units["Truck A"]], desired=[units["Truck B"]])


@pytest.fixture
def person(world, units, candidate):
    """A candidate with a telling name, number, gender, contact, journal-like details."""
    participant, case = candidate(
        evidence={units["Truck A"]: E.CERTIFIED, units["Truck B"]: E.READY},
        first_name=SECRET_NAME[0],
        last_name=SECRET_NAME[1],
        gender=Gender.NON_BINARY,
        phone="070-1112233",
        email="zlatana@example.se",
        address="Storgatan 1",
        languages="svenska, arabiska",
        has_driving_licence=True,
        profile={
            "working_time": WorkingTime.PART_TIME,
            "desired_occupations": "Truckförare",
            "shows_adaptations": False,
        },
    )
    case.background = "Försörjningsstöd sedan 2019, socialtjänsten remitterade"
    db.session.add(
        Adaptation(
            case=case,
            need="Dyslexi",
            agreed="Muntliga instruktioner",
            concerns_workplace=True,
            employers_may_see=True,
        )
    )
    db.session.flush()
    return participant


def forbidden(participant) -> list[str]:
    """What must never reach an employer before an accepted introduction."""
    number = participant.personal_number
    return [
        participant.first_name,
        participant.last_name,
        number,
        participant.formatted_number,
        number[:8],
        "070-1112233",
        "zlatana@example.se",
        "Storgatan",
        "Icke-binär",
        "Non-binary",
        "Försörjningsstöd",
        "socialtjänsten",
        "Dyslexi",
    ]


def employer_pages(need, participant) -> list[str]:
    return [
        "/",
        f"/employers/{need.employer_id}",
        f"/employers/needs/{need.id}",
        f"/employers/needs/{need.id}/candidates",
        card_url(need.employer, participant, need),
        "/employers/introductions",
    ]


def test_no_employer_page_shows_identity_before_an_accepted_introduction(
    app, client, world, need, person
):
    client.login(world["employer"])
    for url in employer_pages(need, person):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        for secret in forbidden(person):
            assert secret not in html, f"{secret!r} shown on {url}"
    card = client.get(card_url(world.employer, person)).get_data(as_text=True)
    assert pseudonym(app.config["SECRET_KEY"], world.employer.id, person.id) in card
    assert "Truck A" in card and "Certifierad" in card and "Giltigt" in card
    assert "svenska, arabiska" in card and "Truckförare" in card and "deltid" in card
    assert "Muntliga instruktioner" not in card  # not agreed to show adaptations


def test_adaptations_are_shown_when_the_participant_agreed(client, world, need, person):
    from app.employers.services.profiles import profile_of

    profile_of(person.id).shows_adaptations = True
    db.session.flush()
    client.login(world["employer"])
    card = client.get(card_url(world.employer, person)).get_data(as_text=True)
    assert "Muntliga instruktioner" in card
    assert "Dyslexi" not in card


def test_the_pseudonym_is_stable_keyed_and_per_employer():
    assert pseudonym("key", 1, 7) == pseudonym("key", 1, 7)
    assert pseudonym("key", 1, 7) != pseudonym("key", 1, 8)
    assert pseudonym("key", 1, 7) != pseudonym("key", 2, 7)
    assert pseudonym("key", 1, 7) != pseudonym("other key", 1, 7)
    assert pseudonym("key", 1, 7).startswith("K-") and len(pseudonym("key", 1, 7)) == 8


def test_a_candidate_token_resolves_only_for_its_employer():
    token = candidate_token("key", 1, 7)
    assert token == candidate_token("key", 1, 7)  # stable across visits
    assert token != "7" and len(token) == 32
    assert participant_of("key", 1, token) == 7
    assert participant_of("key", 2, token) is None  # another employer's token
    assert participant_of("other key", 1, token) is None
    assert candidate_token("key", 2, 7) != token and candidate_token("key", 1, 8) != token
    altered = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    for guess in (altered, "7", "", token[:-1], token + "A", "." * 32, "=" * 32):
        assert participant_of("key", 1, guess) is None, guess


CARD_LINK = re.compile(r'<a href="(/employers/candidates/[^"]*)">(K-[0-9A-F]{6})</a>')


def _card_links(client, need) -> dict[str, str]:
    """The candidate links on the need's matching page: pseudonym -> href."""
    html = client.get(f"/employers/needs/{need.id}/candidates").get_data(as_text=True)
    return {name: href for href, name in CARD_LINK.findall(html)}


def test_two_employers_cannot_link_a_candidate_nor_walk_ids(client, world, units, need, person):
    other_need = make_need(world.other_employer, required=[units["Truck A"]])
    client.login(world["employer"])
    [(mine, my_link)] = _card_links(client, need).items()
    assert client.get(my_link).status_code == 200
    token = my_link.split("?")[0].rsplit("/", 1)[1]
    assert len(token) == 32 and token != str(person.id)
    assert client.get(f"/employers/candidates/{person.id}").status_code == 404
    client.logout()
    client.login(world["other_employer"])
    [(theirs, their_link)] = _card_links(client, other_need).items()
    assert mine != theirs
    assert my_link.split("?")[0] != their_link.split("?")[0]
    card = client.get(their_link).get_data(as_text=True)
    assert theirs in card and mine not in card
    assert client.get(my_link).status_code == 404  # the first employer's token
    assert client.post(my_link, data={"need_id": str(other_need.id)}).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(Introduction.id))) == 0


def test_each_side_of_an_introduction_names_the_candidate_as_that_employer_knows_them(
    app, client, world, need, person
):
    client.login(world["employer"])
    client.post(card_url(world.employer, person), data={"need_id": str(need.id)})
    item = db.session.scalar(sa.select(Introduction))
    mine = pseudonym(app.config["SECRET_KEY"], world.employer.id, person.id)
    assert mine in client.get("/employers/introductions").get_data(as_text=True)
    assert mine in client.get(f"/employers/introductions/{item.id}").get_data(as_text=True)
    client.logout()
    client.login(world["coach"])
    assert mine in client.get(f"/employers/introductions/{item.id}").get_data(as_text=True)
    fits = client.get(f"/employers/participants/{person.id}/needs").get_data(as_text=True)
    assert mine in fits


def test_every_employer_view_of_a_candidate_is_logged(client, world, need, person):
    client.login(world["employer"])
    client.get(f"/employers/needs/{need.id}/candidates")
    client.get(card_url(world.employer, person))
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.participant_id == person.id,
            AuditEvent.user_id == world["employer"].id,
        )
    ).all()
    assert sorted(actions) == ["employers.candidate_shown", "employers.candidate_viewed"]


def test_withdrawn_consent_hides_the_candidate_at_once(client, world, need, person):
    client.login(world["employer"])
    listing = f"/employers/needs/{need.id}/candidates"
    assert card_url(world.employer, person) in client.get(listing).get_data(as_text=True)
    give_consent(person, ConsentKind.EMPLOYERS, world["coach"], given=False)
    assert card_url(world.employer, person) not in client.get(listing).get_data(as_text=True)
    assert client.get(card_url(world.employer, person)).status_code == 404
    give_consent(person, ConsentKind.EMPLOYERS, world["coach"], given=True)
    assert client.get(card_url(world.employer, person)).status_code == 200


@pytest.mark.parametrize("change", ["closed", "protected", "certified", "paused"])
def test_a_candidate_outside_the_results_gets_404(client, world, need, person, change):
    case = person.cases[0]
    if change == "protected":
        person.is_protected = True
    else:
        case.stage = {"closed": Stage.CLOSED, "certified": Stage.CERTIFIED}.get(
            change, Stage.PAUSED
        )
    db.session.flush()
    client.login(world["employer"])
    assert client.get(card_url(world.employer, person)).status_code == 404
    html = client.get(f"/employers/needs/{need.id}/candidates").get_data(as_text=True)
    assert card_url(world.employer, person) not in html


def test_protected_identity_with_explicit_consent_is_shown_pseudonymised(
    client, world, need, person
):
    from app.employers.services.profiles import profile_of

    person.is_protected = True
    profile_of(person.id).protected_identity_consent = True
    db.session.flush()
    client.login(world["employer"])
    response = client.get(card_url(world.employer, person))
    assert response.status_code == 200
    assert SECRET_NAME[0] not in response.get_data(as_text=True)


def test_participants_who_never_were_candidates_get_404(client, world, candidate):
    stranger, _ = candidate(consent=False)
    client.login(world["employer"])
    assert client.get(card_url(world.employer, stranger)).status_code == 404
    assert client.get("/employers/candidates/999999").status_code == 404


def test_other_roles_cannot_open_the_employer_card(client, world, person):
    client.login(world["coach"])
    assert client.get(card_url(world.employer, person)).status_code == 403


def test_a_referral_from_social_services_never_reaches_the_employer(client, world, need, person):
    from app.cases.models import Referral
    from app.db import today

    db.session.add(
        Referral(
            municipality=world.home,
            participant=person,
            source=ReferralSource.SOCIAL_SERVICES,
            referred_on=today(),
            reason="Ekonomiskt bistånd, behöver sysselsättning",
            referring_officer="Socialsekreterare Berit",
        )
    )
    db.session.flush()
    client.login(world["employer"])
    for url in employer_pages(need, person):
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "Ekonomiskt bistånd" not in html and "Berit" not in html


def test_the_coach_keeps_the_candidate_profile(client, world, candidate):
    participant, _ = candidate()
    client.login(world["coach"])
    data = {
        "available_from": "2027-01-10",
        "working_time": "full_time",
        "desired_occupations": "Lagerarbetare, truckförare",
        "shows_adaptations": "y",
    }
    response = client.post(f"/employers/participants/{participant.id}/profile", data=data)
    assert response.status_code == 302
    from app.employers.services.profiles import profile_of

    profile = profile_of(participant.id)
    assert profile.working_time is WorkingTime.FULL_TIME and profile.shows_adaptations
    assert not profile.protected_identity_consent
    bad = client.post(
        f"/employers/participants/{participant.id}/profile",
        data={**data, "working_time": "always", "available_from": "tomorrow"},
    )
    assert bad.status_code == 200
    html = bad.get_data(as_text=True)
    assert 'id="working_time-error"' in html and 'id="available_from-error"' in html
    assert profile_of(participant.id).working_time is WorkingTime.FULL_TIME


def test_only_the_participants_coach_edits_the_profile(client, world, candidate):
    participant, _ = candidate()
    client.login(world["other_coach"])
    assert client.get(f"/employers/participants/{participant.id}/profile").status_code == 404
    client.logout()
    client.login(world["employer"])
    assert client.get(f"/employers/participants/{participant.id}/profile").status_code == 403


def test_the_coach_lists_the_municipality_s_candidates(client, world, person, candidate):
    hidden, _ = candidate(consent=False, first_name="Utan", last_name="Samtycke")
    client.login(world["coach"])
    html = client.get("/employers/candidates").get_data(as_text=True)
    assert f"{SECRET_NAME[0]} {SECRET_NAME[1]}" in html and "Utan Samtycke" in html
    assert f"/employers/participants/{person.id}/needs" in html
    client.logout()
    client.login(world["other_coach"])
    assert SECRET_NAME[0] not in client.get("/employers/candidates").get_data(as_text=True)
    client.logout()
    client.login(world["employer"])
    assert client.get("/employers/candidates").status_code == 403


@pytest.mark.parametrize("big", [2**31, 10**20])
def test_impossible_ids_are_404_not_errors(client, world, big):
    client.login(world["employer"])
    for url in (f"/employers/candidates/{big}", f"/employers/needs/{big}", f"/employers/{big}"):
        assert client.get(url).status_code == 404
