"""The referral inbox over HTTP: register, accept, reject, return; personal numbers at the field."""

import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.models import Case, Participant, Referral
from app.cases.vocab import ReferralStatus
from app.cases.workflow import Stage
from app.extensions import db
from tests.cases.factories import make_case, make_participant, personal_number
from tests.clock import days
from tests.helpers import form_posting_to


def referral_data(number: str, **overrides) -> dict:
    return {
        "personal_number": number,
        "first_name": "Amina",
        "last_name": "Hassan",
        "phone": "070-123 45 67",
        "email": "",
        "source": "social_services",
        "referring_officer": "Eva Handläggare",
        "referrer_contact": "0611-34 80 00",
        "referred_on": "2026-11-02",
        "reason": "Försörjningsstöd sedan två år, vill arbeta inom lokalvård.",
        "goal": "Anställning inom städ.",
        **overrides,
    }


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def waiting_referral(municipality, source: str, reason: str) -> Referral:
    """A referral of a new participant, sent three weeks before the test clock's today."""
    referral = Referral(
        participant=make_participant(municipality),
        municipality=municipality,
        source=source,
        referred_on=days(-23),
        reason=reason,
    )
    db.session.add(referral)
    db.session.flush()
    return referral


def test_a_referral_waits_in_the_inbox_and_a_coach_accepts_it(coach_client, world):
    number = personal_number()
    response = coach_client.post(
        "/cases/referrals/new", data=referral_data(number[2:8] + "-" + number[8:])
    )
    assert response.status_code == 302
    referral = db.session.scalar(sa.select(Referral))
    assert referral.status is ReferralStatus.WAITING
    assert referral.participant.personal_number == number  # normalised to 12 digits
    inbox = coach_client.get("/cases/referrals").get_data(as_text=True)
    assert "Amina Hassan" in inbox and f"{number[:8]}-****" in inbox

    response = coach_client.post(f"/cases/referrals/{referral.id}/accept")
    case = db.session.scalar(sa.select(Case))
    assert response.location == f"/cases/{case.id}"
    assert case.coach == world["coach"] and case.stage is Stage.REFERRED
    assert referral.status is ReferralStatus.ACCEPTED
    assert coach_client.post(f"/cases/referrals/{referral.id}/accept").status_code == 302
    assert _count(Case) == 1  # a second acceptance opens nothing


def test_reject_and_return_need_a_reason(coach_client, world):
    referral = waiting_referral(
        world.home, "public_employment_service", "Anvisad av Arbetsförmedlingen."
    )
    response = coach_client.post(f"/cases/referrals/{referral.id}/reject", data={"reason": ""})
    assert response.status_code == 200
    assert referral.status is ReferralStatus.WAITING
    coach_client.post(f"/cases/referrals/{referral.id}/return", data={"reason": "Saknar mål."})
    assert referral.status is ReferralStatus.RETURNED
    assert referral.decision_reason == "Saknar mål."
    # Completed, it waits again and can then be rejected with a reason.
    edit = coach_client.post(
        f"/cases/referrals/{referral.id}/edit",
        data={k: v for k, v in referral_data("").items() if k not in ("personal_number",)},
    )
    assert edit.status_code == 302 and referral.status is ReferralStatus.WAITING
    coach_client.post(f"/cases/referrals/{referral.id}/reject", data={"reason": "Fel målgrupp."})
    assert referral.status is ReferralStatus.REJECTED
    assert _count(Case) == 0


def test_the_referral_comes_first_then_each_decision_with_its_own_fields(coach_client, world):
    """Accepting needs no reason, so its button stands alone; the required reason stands in
    the form that returns or rejects, beside those two buttons, after what the referral says."""
    referral = waiting_referral(world.home, "social_services", "Vill arbeta inom lokalvård.")
    url = f"/cases/referrals/{referral.id}"
    page = coach_client.get(url).get_data(as_text=True)
    accept = form_posting_to(page, f"{url}/accept")
    decline = form_posting_to(page, f"{url}/return")
    assert decline == form_posting_to(page, f"{url}/reject")
    assert 'name="reason"' in decline and 'name="reason"' not in accept
    assert "Skäl" in decline and "Godkänn och ta ärendet" in accept
    assert page.index("Vill arbeta inom lokalvård.") < page.index(accept) < page.index(decline)


def _error_for(client, number: str) -> str:
    response = client.post("/cases/referrals/new", data=referral_data(number))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_wrong_personal_numbers_are_refused_saying_which_part_is_wrong(coach_client):
    good = personal_number()
    wrong_check = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert "kontrollsiffran" in _error_for(coach_client, wrong_check).lower()
    assert "inte ett verkligt datum" in _error_for(coach_client, "19850230-1234")
    assert "10 eller 12 siffror" in _error_for(coach_client, "8504121")
    assert "10 eller 12 siffror" in _error_for(coach_client, "19850412-12345")
    assert _count(Participant) == 0 and _count(Referral) == 0


def test_coordination_number_is_accepted(coach_client):
    number = personal_number(coordination=True)
    assert coach_client.post("/cases/referrals/new", data=referral_data(number)).status_code == 302
    participant = db.session.scalar(sa.select(Participant))
    assert participant.is_coordination_number and participant.personal_number == number


def test_one_participant_per_personal_number_in_a_municipality(coach_client, world):
    existing = make_participant(world.home)
    typed = referral_data(existing.formatted_number)
    coach_client.post("/cases/referrals/new", data=typed)  # asked first, then confirmed
    coach_client.post("/cases/referrals/new", data={**typed, "confirmed": existing.id})
    assert _count(Participant) == 1
    assert db.session.scalar(sa.select(Referral)).participant == existing


def test_hostile_input_is_refused_at_the_field_and_stores_nothing(coach_client):
    data = referral_data(
        personal_number(),
        first_name="x" * 5000,
        reason="Ok\x00text",
        referred_on="2026-02-30",
        source="<script>alert(1)</script>",
    )
    response = coach_client.post("/cases/referrals/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page
    assert 'aria-invalid="true"' in page
    assert _count(Referral) == 0 and _count(Participant) == 0


def test_viewing_a_referral_is_logged(coach_client, world):
    referral = waiting_referral(world.home, "self_referral", "Egen anmälan.")
    participant = referral.participant
    assert coach_client.get(f"/cases/referrals/{referral.id}").status_code == 200
    line = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "referral.viewed"))
    assert line.participant_id == participant.id


def test_a_decided_referral_is_not_decided_or_completed_again(coach_client, world):
    referral = waiting_referral(world.home, "self_referral", "Egen anmälan.")
    coach_client.post(f"/cases/referrals/{referral.id}/reject", data={"reason": "Fel målgrupp."})
    here = f"/cases/referrals/{referral.id}"
    for step, data in (("accept", {}), ("return", {"reason": "Saknar mål."}), ("edit", {})):
        response = coach_client.post(f"{here}/{step}", data=data)
        assert response.status_code == 302 and response.location == here, step
        page = coach_client.get(response.location).get_data(as_text=True)
        assert "Remissen är redan beslutad." in page, step
    assert referral.status is ReferralStatus.REJECTED
    assert referral.decision_reason == "Fel målgrupp."
    assert _count(Case) == 0


def test_a_person_registered_at_the_same_moment_is_refused_at_the_number(
    coach_client, world, monkeypatch
):
    from app.cases.services import referrals

    existing = make_participant(world.home)
    # The other registration lands between this one's lookup and its insert.
    monkeypatch.setattr(referrals, "find_participant", lambda *args: None)
    response = coach_client.post(
        "/cases/referrals/new", data=referral_data(existing.formatted_number)
    )
    assert response.status_code == 200
    assert "Personen registrerades precis: försök igen." in response.get_data(as_text=True)
    assert _count(Referral) == 0 and _count(Participant) == 1


def test_a_registered_number_is_shown_side_by_side_and_asked_before_it_is_attached(
    coach_client, world
):
    known = make_participant(world.home, first_name="Leila", last_name="Karimi")
    db.session.commit()
    typed = referral_data(known.formatted_number, first_name="Test", last_name="Testsson")
    asked = coach_client.post("/cases/referrals/new", data=typed)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and _count(Referral) == 0  # nothing stored yet
    assert "Numret är redan registrerat i din kommun" in page
    assert "Leila Karimi" in page and "Test Testsson" in page  # side by side, none dropped
    assert f'name="confirmed" type="hidden" value="{known.id}"' in page
    assert "Skicka till inkorgen för den registrerade personen" in page
    shown = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "participant.registered_shown")
    )
    assert shown.participant_id == known.id
    stale = coach_client.post("/cases/referrals/new", data={**typed, "confirmed": "999999"})
    assert stale.status_code == 200 and _count(Referral) == 0  # confirmed for someone else
    sent = coach_client.post("/cases/referrals/new", data={**typed, "confirmed": str(known.id)})
    assert sent.status_code == 302
    [referral] = db.session.scalars(sa.select(Referral)).all()
    assert referral.participant_id == known.id and _count(Participant) == 1
    assert (known.first_name, known.last_name) == ("Leila", "Karimi")  # not overwritten


def test_a_corrected_number_registers_a_new_person(coach_client, world):
    known = make_participant(world.home, first_name="Leila", last_name="Karimi")
    db.session.commit()
    typed = referral_data(known.formatted_number, first_name="Test", last_name="Testsson")
    coach_client.post("/cases/referrals/new", data=typed)
    other = personal_number()
    sent = coach_client.post(
        "/cases/referrals/new", data={**typed, "personal_number": other, "confirmed": known.id}
    )
    assert sent.status_code == 302
    [referral] = db.session.scalars(sa.select(Referral)).all()
    assert referral.participant.personal_number == other
    assert referral.participant.first_name == "Test" and _count(Participant) == 2


def test_accepting_never_opens_a_second_case_beside_an_open_one(coach_client, world):
    participant = make_participant(world.home)
    make_case(world["coach"], participant, stage=Stage.MAPPING)
    referral = Referral(
        participant=participant,
        municipality=world.home,
        source="social_services",
        referred_on=days(-2),
        reason="Ny remiss.",
    )
    db.session.add(referral)
    db.session.commit()
    answer = coach_client.post(f"/cases/referrals/{referral.id}/accept", follow_redirects=True)
    assert "redan ett öppet ärende här" in answer.get_data(as_text=True)
    assert _count(Case) == 1 and referral.status is ReferralStatus.WAITING
