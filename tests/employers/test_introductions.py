"""Introductions: requested by the employer, answered through the coach."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.cases.vocab import ConsentKind
from app.certificates.access import certificate_access_for_employer
from app.certificates.models import Certificate
from app.employers.matching import Evidence as E
from app.employers.models import Introduction
from app.employers.vocab import IntroductionStatus
from app.extensions import db
from tests.cases.factories import give_consent
from tests.employers.factories import card_url, make_need


@pytest.fixture
def need(world, units):
    return make_need(world.employer, required=[units["Truck A"]], title="Truckförare")


@pytest.fixture
def person(units, candidate):
    participant, _ = candidate(
        evidence={units["Truck A"]: E.CERTIFIED},
        first_name="Leyla",
        last_name="Kontaktsson",
        phone="070-9998877",
        email="leyla@example.se",
    )
    return participant


def request_introduction(client, need, person, message="Vi vill gärna träffas.", employer=None):
    """The employer (by default the need's) asks from the candidate's card, as its links name it."""
    return client.post(
        card_url(employer or need.employer, person),
        data={"need_id": str(need.id), "message": message},
    )


def the_introduction() -> Introduction:
    return db.session.scalar(sa.select(Introduction))


def test_the_employer_requests_and_the_coach_sees_it_in_the_inbox(client, world, need, person):
    client.login(world["employer"])
    assert request_introduction(client, need, person).status_code == 302
    item = the_introduction()
    assert item.status is IntroductionStatus.REQUESTED and item.employer_id == world.employer.id
    assert request_introduction(client, need, person).status_code == 200  # already waiting
    assert db.session.scalar(sa.select(sa.func.count(Introduction.id))) == 1
    client.logout()
    client.login(world["coach"])
    home = client.get("/").get_data(as_text=True)
    assert "1 presentation väntar på svar." in home
    inbox = client.get("/employers/introductions").get_data(as_text=True)
    assert "Leyla Kontaktsson" in inbox and "Truckförare" in inbox


def test_accepting_reveals_only_the_shared_contact(app, client, world, need, person):
    client.login(world["employer"])
    request_introduction(client, need, person)
    item = the_introduction()
    client.logout()
    client.login(world["coach"])
    assert client.post(f"/employers/introductions/{item.id}/ask").status_code == 302
    assert item.status is IntroductionStatus.ASKED
    response = client.post(
        f"/employers/introductions/{item.id}/accept", data={"shared_contact": "070-9998877"}
    )
    assert response.status_code == 302 and item.status is IntroductionStatus.ACCEPTED
    client.logout()
    client.login(world["employer"])
    html = client.get(f"/employers/introductions/{item.id}").get_data(as_text=True)
    assert "Leyla Kontaktsson" in html and "070-9998877" in html
    assert "leyla@example.se" not in html
    assert person.personal_number not in html and person.formatted_number not in html
    certificate = db.session.scalar(sa.select(Certificate))
    assert f"/certificates/{certificate.id}/pdf" in html
    assert certificate_access_for_employer(world["employer"], certificate)
    assert not certificate_access_for_employer(world["other_employer"], certificate)
    assert client.get(f"/certificates/{certificate.id}/pdf").status_code == 200


def test_no_certificate_without_an_accepted_introduction(client, world, need, person):
    certificate = db.session.scalar(sa.select(Certificate))
    assert not certificate_access_for_employer(world["employer"], certificate)
    client.login(world["employer"])
    assert client.get(f"/certificates/{certificate.id}/pdf").status_code == 404


def test_a_decline_shows_declined_never_why(client, world, need, person):
    client.login(world["employer"])
    request_introduction(client, need, person)
    item = the_introduction()
    client.logout()
    client.login(world["coach"])
    client.post(
        f"/employers/introductions/{item.id}/decline",
        data={"reason": "Vill inte arbeta natt hos den arbetsgivaren"},
    )
    assert item.status is IntroductionStatus.DECLINED
    assert client.post(
        f"/employers/introductions/{item.id}/accept", data={"shared_contact": "x"}
    ).status_code in (403, 404)
    assert item.status is IntroductionStatus.DECLINED
    client.logout()
    client.login(world["employer"])
    html = client.get(f"/employers/introductions/{item.id}").get_data(as_text=True)
    assert "tackade nej" in html
    assert "natt" not in html and "Leyla" not in html


def test_accepting_needs_the_shared_contact(client, world, need, person):
    client.login(world["employer"])
    request_introduction(client, need, person)
    item = the_introduction()
    client.logout()
    client.login(world["coach"])
    response = client.post(
        f"/employers/introductions/{item.id}/accept", data={"shared_contact": "  "}
    )
    assert response.status_code == 200
    assert 'id="shared_contact-error"' in response.get_data(as_text=True)
    assert item.status is IntroductionStatus.REQUESTED


def test_withdrawn_consent_hides_even_an_accepted_introduction(client, world, need, person):
    client.login(world["employer"])
    request_introduction(client, need, person)
    item = the_introduction()
    item.status, item.shared_contact = IntroductionStatus.ACCEPTED, "070-9998877"
    give_consent(person, ConsentKind.EMPLOYERS, world["coach"], given=False)
    assert client.get(f"/employers/introductions/{item.id}").status_code == 404
    assert "Leyla" not in client.get("/employers/introductions").get_data(as_text=True)
    certificate = db.session.scalar(sa.select(Certificate))
    assert not certificate_access_for_employer(world["employer"], certificate)


def test_employer_a_gets_404_on_employer_b_s_requests(client, world, need, person, units):
    client.login(world["employer"])
    request_introduction(client, need, person)
    item = the_introduction()
    client.logout()
    client.login(world["other_employer"])
    assert client.get(f"/employers/introductions/{item.id}").status_code == 404
    assert "Truckförare" not in client.get("/employers/introductions").get_data(as_text=True)
    # ...and cannot ask for an introduction for someone else's need
    response = request_introduction(client, need, person, employer=world.other_employer)
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(Introduction.id))) == 1


def test_a_coach_of_another_municipality_cannot_answer(client, world, need, person, make_user):

    client.login(world["employer"])
    request_introduction(client, need, person)
    item = the_introduction()
    client.logout()
    client.login(world["other_coach"])
    assert client.get(f"/employers/introductions/{item.id}").status_code == 404
    assert client.post(f"/employers/introductions/{item.id}/ask").status_code == 404
    assert item.status is IntroductionStatus.REQUESTED


def test_a_closed_need_takes_no_requests(client, world, need, person):
    from app.employers.vocab import NeedStatus

    need.status = NeedStatus.CLOSED
    db.session.flush()
    client.login(world["employer"])
    assert request_introduction(client, need, person).status_code == 200
    assert the_introduction() is None


def test_a_refused_request_or_answer_says_why(client, world, need, person):
    client.login(world["employer"])
    request_introduction(client, need, person)
    again = request_introduction(client, need, person).get_data(as_text=True)
    assert "En presentation för det här behovet väntar redan på svar." in again
    item = the_introduction()
    client.login(world["coach"])
    url = f"/employers/introductions/{item.id}/ask"
    assert client.post(url).status_code == 302
    twice = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Deltagaren är redan tillfrågad." in twice
    assert item.status is IntroductionStatus.ASKED


def test_an_answered_introduction_is_refused_by_its_code(world, need, person):
    from app.employers.services import introductions as services
    from app.employers.vocab import Refusal
    from app.refusals import Refused

    item = services.request_introduction(need, person.id, None, world["employer"])
    services.decline_introduction(item, "", world["coach"])
    with pytest.raises(Refused) as refused:
        services.mark_asked(item, world["coach"])
    assert refused.value.codes == (Refusal.INTRODUCTION_ANSWERED,)
