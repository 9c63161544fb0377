"""Reserve identities and no silent duplicates, over HTTP in Swedish and English: the typed name
kept and flagged, the coach's choices, probable duplicates never across municipalities, the
bulk candidate finder, and merging a reserve identity with a personal number."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.models import Case, ConsentEvent, Participant, ProbableDuplicate, Referral
from app.cases.personal_numbers import parse
from app.cases.services import referrals as ops
from app.cases.services.duplicates import find_candidates, name_key
from app.cases.vocab import ConsentKind, DuplicateStatus, Gender, ReferralStatus
from app.extensions import db
from tests.cases.factories import give_consent, make_case, make_participant, personal_number
from tests.cases.test_referrals import referral_data
from tests.clock import TODAY, days

BORN = date(1990, 3, 4)


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def _english(client, user):
    user.locale = "en"
    db.session.flush()
    client.login(user)
    return client


def _refer(world, number, first="Test", last="Testsson", **person):
    data = {"source": "social_services", "referred_on": days(-2), "reason": "Remiss."}
    person = {"first_name": first, "last_name": last, **person}
    return ops.refer(number, world.home, person, data, world["coach"])


def _reserve_form(**overrides) -> dict:
    values = {"no_number": "y", "date_of_birth": BORN.isoformat(), "gender": "woman"}
    return referral_data("", **(values | overrides))


# -- 1. the typed name, flagged when it differs --------------------------------------------


def test_a_differing_name_is_kept_flagged_and_shown_side_by_side(coach_client, world):
    known = make_participant(world.home, first_name="Leila", last_name="Karimi")
    referral = _refer(world, parse(known.personal_number))  # as the API or an import would
    assert referral.participant == known and referral.is_name_flagged
    assert (referral.typed_first_name, referral.typed_last_name) == ("Test", "Testsson")
    assert (known.first_name, known.last_name) == ("Leila", "Karimi")  # never overwritten
    inbox = coach_client.get("/cases/referrals").get_data(as_text=True)
    assert "Annat namn i remissen" in inbox and "Angivet: Test Testsson" in inbox
    page = coach_client.get(f"/cases/referrals/{referral.id}").get_data(as_text=True)
    assert "Leila Karimi" in page and "Test Testsson" in page and "Det är samma person" in page
    assert _actions("referral.name_flagged")


def test_a_flagged_referral_is_not_accepted_until_the_coach_confirms(client, world):
    _english(client, world["coach"])
    known = make_participant(world.home, first_name="Leila", last_name="Karimi")
    referral = _refer(world, parse(known.personal_number))
    inbox = client.get("/cases/referrals").get_data(as_text=True)
    assert "Other name in the referral" in inbox and "Typed: Test Testsson" in inbox
    refused = client.post(f"/cases/referrals/{referral.id}/accept", follow_redirects=True)
    assert "differs from the registered person" in refused.get_data(as_text=True)
    assert (
        referral.status is ReferralStatus.WAITING
        and db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 0
    )
    stale = client.post(f"/cases/referrals/{referral.id}/same-person", data={"version": "0"})
    assert stale.status_code == 302 and referral.is_name_flagged  # an older page: refused
    client.post(f"/cases/referrals/{referral.id}/same-person", data={"version": referral.version})
    assert not referral.is_name_flagged and referral.typed_name == "Test Testsson"
    assert [e.participant_id for e in _actions("referral.name_confirmed")] == [known.id]
    accepted = client.post(f"/cases/referrals/{referral.id}/accept")
    assert accepted.status_code == 302 and referral.status is ReferralStatus.ACCEPTED


def test_correcting_the_number_moves_the_referral_to_a_new_participant(coach_client, world):
    known = make_participant(world.home, first_name="Leila", last_name="Karimi")
    referral = _refer(world, parse(known.personal_number))
    typo = known.personal_number[:-1] + str((int(known.personal_number[-1]) + 1) % 10)
    wrong = coach_client.post(
        f"/cases/referrals/{referral.id}/number",
        data={"personal_number": typo, "version": referral.version},
    )
    assert wrong.status_code == 200 and "kontrollsiffra" in wrong.get_data(as_text=True).lower()
    number = personal_number(date(1979, 5, 6))
    coach_client.post(
        f"/cases/referrals/{referral.id}/number",
        data={"personal_number": number, "version": referral.version},
    )
    db.session.expire_all()
    moved = db.session.get(Referral, referral.id)
    assert moved.participant.personal_number == number and not moved.is_name_flagged
    assert moved.participant.full_name == "Test Testsson"  # registered with the typed name
    assert db.session.get(Participant, known.id) is not None  # the registered person stays
    lines = _actions("referral.number_corrected")
    assert {line.participant_id for line in lines} == {known.id, moved.participant_id}


def test_correcting_the_number_to_a_registered_person_attaches_it(coach_client, world):
    known = make_participant(world.home, first_name="Leila", last_name="Karimi")
    right = make_participant(world.home, first_name="test", last_name="TESTSSON ")
    referral = _refer(world, parse(known.personal_number))
    coach_client.post(
        f"/cases/referrals/{referral.id}/number",
        data={"personal_number": right.personal_number, "version": referral.version},
    )
    assert referral.participant == right and not referral.is_name_flagged  # case, spaces aside


def test_confirmed_on_the_form_is_not_flagged_but_logged(coach_client, world):
    known = make_participant(world.home, first_name="Leila", last_name="Karimi")
    typed = referral_data(known.personal_number, first_name="Test", last_name="Testsson")
    coach_client.post("/cases/referrals/new", data={**typed, "confirmed": str(known.id)})
    referral = db.session.scalar(sa.select(Referral))
    assert referral.participant == known and not referral.is_name_flagged
    assert referral.typed_name == "Test Testsson"  # nothing typed dropped
    assert _actions("referral.name_confirmed")


def test_the_same_name_is_not_flagged(world):
    known = make_participant(world.home, first_name="Leila", last_name="Karimi")
    referral = _refer(world, parse(known.personal_number), "leila", "karimi")
    assert not referral.is_name_flagged


# -- 3. reserve identities -------------------------------------------------------------------


def test_a_reserve_identity_is_registered_from_the_referral_form(coach_client, world):
    response = coach_client.post("/cases/referrals/new", data=_reserve_form())
    assert response.status_code == 302
    referral = db.session.scalar(sa.select(Referral))
    person = referral.participant
    assert person.is_reserve_number and person.personal_number == "R9001-000001"
    assert person.date_of_birth == BORN and person.birth_year == 1990
    assert person.gender is Gender.WOMAN and referral.typed_birth_date == BORN
    second = _refer(world, None, "Omar", "Ali", date_of_birth=BORN, gender=Gender.MAN)
    assert second.participant.personal_number == "R9001-000002"
    for page in (
        "/cases/referrals",
        f"/cases/referrals/{referral.id}",
        f"/cases/participants/{person.id}",
    ):
        text = coach_client.get(page).get_data(as_text=True)
        assert "R9001-000001" in text and 'class="badge badge-warn">Reservnummer<' in text


def test_reserve_fields_are_checked_at_their_fields(client, world):
    _english(client, world["coach"])
    future = client.post(
        "/cases/referrals/new", data=_reserve_form(date_of_birth=days(3).isoformat(), gender="")
    ).get_data(as_text=True)
    assert "The date cannot be in the future." in future and "Choose the gender." in future
    both = client.post("/cases/referrals/new", data=_reserve_form(personal_number="19850412-1234"))
    assert "Leave the number empty" in both.get_data(as_text=True)
    world["coach"].locale = "sv"
    db.session.flush()
    client.login(world["coach"])
    swedish = client.post("/cases/referrals/new", data=_reserve_form(gender="", date_of_birth=""))
    text = swedish.get_data(as_text=True)
    assert "Skriv födelsedatumet." in text and "Välj kön." in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0


def test_without_the_choice_the_reserve_fields_are_not_looked_at(coach_client):
    number = personal_number()
    data = referral_data(number, date_of_birth="nonsense", gender="")
    assert coach_client.post("/cases/referrals/new", data=data).status_code == 302


def test_searching_by_number_never_finds_a_reserve_number(coach_client, world):
    reserve = _refer(world, None, date_of_birth=BORN, gender=Gender.MAN).participant
    make_case(world["coach"], reserve)
    for term in ("900304", "19900304", "9001", "R9001"):
        page = coach_client.get("/cases/", query_string={"q": term, "mine": "0"})
        assert "R9001-000001" not in page.get_data(as_text=True), term
    found = coach_client.get("/cases/", query_string={"q": "r9001000001"})
    assert "R9001-000001" in found.get_data(as_text=True)


def test_merging_a_reserve_identity_into_the_registered_person(coach_client, world):
    reserve = _refer(world, None, "Omar", "Ali", date_of_birth=BORN, gender=Gender.MAN)
    person = reserve.participant
    give_consent(person, ConsentKind.REGISTRATION, world["coach"])
    case = make_case(world["coach"], person)
    known = make_participant(
        world.home, first_name="Omar", last_name="Ali", personal_number=personal_number(BORN)
    )
    url, reserve_id = f"/cases/participants/{person.id}/personal-number", person.id
    asked = coach_client.post(
        url, data={"personal_number": known.personal_number, "version": person.version}
    )
    page = asked.get_data(as_text=True)
    assert "Kontrollera innan du bekräftar" in page and f'value="{known.id}"' in page
    stale = coach_client.post(
        url,
        data={
            "personal_number": known.personal_number,
            "version": person.version - 1,
            "confirmed": str(known.id),
        },
    )
    assert stale.status_code == 200 and db.session.get(Participant, reserve_id) is not None
    done = coach_client.post(
        url,
        data={
            "personal_number": known.personal_number,
            "version": person.version,
            "confirmed": str(known.id),
        },
    )
    assert done.location == f"/cases/participants/{known.id}"
    db.session.expire_all()
    assert db.session.get(Participant, reserve_id) is None
    assert db.session.get(Case, case.id).participant_id == known.id
    assert db.session.get(Referral, reserve.id).participant_id == known.id
    assert db.session.scalar(sa.select(ConsentEvent.participant_id)) == known.id
    lines = _actions("participant.identity_merged")
    assert {line.participant_id for line in lines} == {known.id, reserve_id}
    assert lines[0].details["reserve_number"] == "R9001-000001"


def test_a_reserve_identity_simply_gets_an_unregistered_number(client, world):
    _english(client, world["coach"])
    person = _refer(world, None, date_of_birth=BORN, gender=Gender.MAN).participant
    number = personal_number(BORN)
    url = f"/cases/participants/{person.id}/personal-number"
    page = client.post(url, data={"personal_number": number, "version": person.version})
    assert "Not registered: the participant gets the number" in page.get_data(as_text=True)
    client.post(
        url, data={"personal_number": number, "version": person.version, "confirmed": "new"}
    )
    assert person.personal_number == number and not person.is_reserve_number
    again = client.get(url).get_data(as_text=True)
    assert "already has a personal or coordination number" in again


# -- 2. probable duplicates -----------------------------------------------------------------


def test_a_probable_duplicate_is_flagged_shown_and_merged(coach_client, world):
    earlier = make_participant(
        world.home, first_name="Amina", last_name="Hassan", personal_number=personal_number(BORN)
    )
    give_consent(earlier, ConsentKind.REGISTRATION, world["coach"])
    referral = _refer(world, None, "amina", "Hassan", date_of_birth=BORN, gender=Gender.WOMAN)
    flag = db.session.scalar(sa.select(ProbableDuplicate))
    assert (flag.participant, flag.candidate) == (referral.participant, earlier)
    for page in (
        "/cases/referrals",
        f"/cases/referrals/{referral.id}",
        f"/cases/participants/{earlier.id}",
    ):
        assert "Trolig dubblett" in coach_client.get(page).get_data(as_text=True), page
    shown = coach_client.get(f"/cases/duplicates/{flag.id}").get_data(as_text=True)
    assert "R9001-000001" in shown and earlier.masked_number in shown
    stale = coach_client.post(f"/cases/duplicates/{flag.id}/merge", data={"version": "0"})
    assert stale.status_code == 302 and flag.is_open
    reserve_id = referral.participant_id
    coach_client.post(f"/cases/duplicates/{flag.id}/merge", data={"version": flag.version})
    db.session.expire_all()
    assert db.session.get(Participant, reserve_id) is None  # the reserve identity went
    assert db.session.get(Referral, referral.id).participant_id == earlier.id
    assert db.session.get(ProbableDuplicate, flag.id).status is DuplicateStatus.MERGED
    assert len(_actions("participant.duplicate_merged")) == 2


def test_a_dismissed_pair_is_not_asked_about_again(client, world):
    _english(client, world["coach"])
    earlier = make_participant(
        world.home, first_name="Amina", last_name="Hassan", personal_number=personal_number(BORN)
    )
    first = _refer(world, parse(personal_number(BORN)), "Amina", "Hassan")
    flag = db.session.scalar(sa.select(ProbableDuplicate))
    assert "Probable duplicate" in client.get("/cases/referrals").get_data(as_text=True)
    client.post(f"/cases/duplicates/{flag.id}/dismiss", data={"version": flag.version})
    assert flag.status is DuplicateStatus.DISMISSED and _actions("participant.duplicate_dismissed")
    assert "Probable duplicate" not in client.get("/cases/referrals").get_data(as_text=True)
    from app.cases.services.duplicates import flag_duplicates

    assert flag_duplicates(first.participant, world["coach"]) == []  # not asked again
    assert (
        earlier.id
        in find_candidates(world.home.id, [("Amina", "Hassan", BORN, None)])[
            name_key("Amina", "Hassan", BORN)
        ]
    )


def test_never_across_municipalities(client, world):
    elsewhere = make_participant(
        world.other, first_name="Amina", last_name="Hassan", personal_number=personal_number(BORN)
    )
    referral = _refer(world, None, "Amina", "Hassan", date_of_birth=BORN, gender=Gender.WOMAN)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProbableDuplicate)) == 0
    found = find_candidates(world.home.id, [("Amina", "Hassan", BORN, None)])
    assert list(found.values()) == [[referral.participant_id]]  # only home's own
    client.login(world["coach"])
    for page in ("/cases/referrals", f"/cases/referrals/{referral.id}"):
        text = client.get(page).get_data(as_text=True)
        assert "Trolig dubblett" not in text and elsewhere.masked_number not in text
    flag = ProbableDuplicate(municipality=world.other, participant=elsewhere, candidate=elsewhere)
    db.session.add(flag)
    db.session.flush()
    assert client.get(f"/cases/duplicates/{flag.id}").status_code == 404
    assert (
        client.post(
            f"/cases/duplicates/{flag.id}/merge", data={"version": flag.version}
        ).status_code
        == 404
    )


def test_the_bulk_finder_asks_once_for_ten_thousand_people(world):
    make_participant(
        world.home, first_name="Åsa", last_name="Öberg", personal_number=personal_number(BORN)
    )
    people = [
        (f"Namn{n}", "Efternamn", date(1950 + n % 50, 1 + n % 12, 1 + n % 28), None)
        for n in range(10_000)
    ]
    people.append(("åsa", "ÖBERG", BORN, None))
    statements = []
    engine = db.session.get_bind()

    def count(*_args):
        statements.append(1)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        found = find_candidates(world.home.id, people)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert list(found) == [name_key("Åsa", "Öberg", BORN)]


def test_the_same_number_is_not_its_own_duplicate(world):
    earlier = make_participant(
        world.home, first_name="Amina", last_name="Hassan", personal_number=personal_number(BORN)
    )
    found = find_candidates(world.home.id, [("Amina", "Hassan", BORN, earlier.personal_number)])
    assert found == {}


@pytest.mark.parametrize("anonymised", [True])
def test_an_anonymised_participant_is_no_candidate(world, anonymised):
    from app.db import utcnow

    make_participant(
        world.home,
        first_name="Amina",
        last_name="Hassan",
        personal_number=personal_number(BORN),
        anonymised_at=utcnow(),
    )
    assert find_candidates(world.home.id, [("Amina", "Hassan", BORN, None)]) == {}


def test_a_certificate_of_a_reserve_identity_has_the_date_of_birth(world):
    from app.certificates import sources

    person = _refer(world, None, date_of_birth=BORN, gender=Gender.MAN).participant
    assert sources.birth_date(person) == BORN
    assert TODAY > BORN


def test_two_open_cases_are_not_merged_into_one_person(client, world):
    _english(client, world["coach"])
    person = _refer(world, None, "Omar", "Ali", date_of_birth=BORN, gender=Gender.MAN).participant
    known = make_participant(
        world.home, first_name="Omar", last_name="Ali", personal_number=personal_number(BORN)
    )
    make_case(world["coach"], person)
    make_case(world["coach"], known)
    flag = ProbableDuplicate(municipality=world.home, participant=person, candidate=known)
    db.session.add(flag)
    db.session.flush()
    refused = client.post(
        f"/cases/duplicates/{flag.id}/merge",
        data={"version": flag.version},
        follow_redirects=True,
    )
    assert "Both have an open case" in refused.get_data(as_text=True)
    assert flag.is_open and db.session.get(Participant, person.id) is not None


def test_a_reserve_identitys_date_of_birth_is_corrected_on_its_page(coach_client, world):
    from tests.cases.test_participants_and_input import DETAILS

    person = _refer(world, None, date_of_birth=BORN, gender=Gender.MAN).participant
    page = coach_client.get(f"/cases/participants/{person.id}/edit").get_data(as_text=True)
    assert 'name="date_of_birth"' in page and "Reservnummer" in page
    future = coach_client.post(
        f"/cases/participants/{person.id}/edit",
        data={**DETAILS, "version": person.version, "date_of_birth": days(2).isoformat()},
    )
    assert future.status_code == 200 and person.date_of_birth == BORN
    coach_client.post(
        f"/cases/participants/{person.id}/edit",
        data={**DETAILS, "version": person.version, "date_of_birth": "1991-05-06"},
    )
    assert person.date_of_birth == date(1991, 5, 6) and person.birth_year == 1991
    numbered = make_participant(world.home)
    edit = coach_client.get(f"/cases/participants/{numbered.id}/edit").get_data(as_text=True)
    assert 'name="date_of_birth"' not in edit  # a personal number's date is in the number
