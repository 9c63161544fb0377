"""A search by personal number is not an oracle: whole numbers or the date of birth only,
protected identities only for their coach, every search in the access log, masked."""

from __future__ import annotations

import json

import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.workflow import Stage
from app.extensions import db
from tests.cases.factories import make_case, make_participant, personal_number
from tests.cases.test_referrals import referral_data

SEARCHED = "participant.number_searched"  # the access log's action


def _found(client, q: str) -> bool:
    return "Sökbar" in client.get(f"/cases/?who=all&q={q}").get_data(as_text=True)


def _searches() -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == SEARCHED).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def _case(world, **overrides):
    person = make_participant(world.home, first_name="Sökbar", last_name="Person", **overrides)
    return make_case(world["coach"], person, stage=Stage.INTAKE)


def test_the_digits_after_the_date_cannot_be_guessed_one_at_a_time(client, world):
    number = _case(world).participant.personal_number
    db.session.commit()
    client.login(world["coach2"])  # a colleague: sees the case, never its full number
    for known in range(8, 12):
        for digit in "0123456789":
            guess = number[:known] + digit
            assert guess == number or not _found(client, guess), guess
    assert not _found(client, number[2:11])  # ten digits but one, short form
    wrong = number[:11] + str((int(number[11]) + 1) % 10)
    assert not _found(client, wrong)
    assert _found(client, number) and _found(client, f"{number[2:8]}-{number[8:]}")
    assert _found(client, number[:8]) and _found(client, number[2:8] + "-")  # date of birth


def test_a_protected_identity_is_found_by_number_only_by_its_coach(client, world):
    number = _case(world, is_protected=True).participant.personal_number
    db.session.commit()
    client.login(world["coach2"])
    assert not _found(client, number) and not _found(client, number[:8])
    page = client.get(f"/cases/?who=all&q={number}").get_data(as_text=True)
    assert "Skyddad identitet" not in page
    client.logout()
    client.login(world["coach"])
    assert _found(client, number) and _found(client, number[:8])


def test_every_search_by_number_is_logged_with_who_and_what_but_never_the_number(client, world):
    case = _case(world)
    number = case.participant.personal_number
    db.session.commit()
    client.login(world["coach2"])
    client.get(f"/cases/?who=all&q={number}")
    client.get(f"/cases/?who=all&q={number[:9]}")
    client.get("/cases/?who=all&q=Sökbar")  # a name: not a search by number
    whole, prefix = _searches()
    assert whole.user_id == prefix.user_id == world["coach2"].id
    assert whole.participant_id == case.participant_id and whole.details["found"] == 1
    assert whole.details["searched"] == f"{number[:8]}-****"
    assert whole.details["kind"] == "number" and whole.details["where"] == "caseload"
    assert prefix.participant_id is None and prefix.details["found"] == 0
    assert prefix.details["kind"] == "refused" and prefix.details["searched"] == number[:6] + "***"
    assert whole.details["digest"] != prefix.details["digest"]
    for line in db.session.scalars(sa.select(AuditEvent)):
        written = json.dumps(line.details or {})
        assert number not in written and number[2:] not in written, line.action


def test_registering_a_referral_and_finding_a_register_extract_are_logged_searches(client, world):
    known = make_participant(world.home)
    db.session.commit()
    client.login(world["coach"])
    client.post("/cases/referrals/new", data=referral_data(known.formatted_number))
    client.logout()
    client.login(world["admin"])
    found = client.post(
        "/admin/privacy/participants/find", data={"personal_number": known.formatted_number}
    )
    assert found.location == f"/admin/privacy/participants/{known.id}"
    referral, extract = _searches()
    assert referral.details["where"] == "referral" and referral.participant_id == known.id
    assert extract.details["where"] == "privacy" and extract.participant_id == known.id
    assert extract.details["searched"] == known.masked_number


def test_the_register_extract_finds_only_the_municipalitys_own_participant(client, world):
    elsewhere = make_participant(world.other)
    db.session.commit()
    client.login(world["admin"])
    page = client.post(
        "/admin/privacy/participants/find", data={"personal_number": elsewhere.formatted_number}
    )
    assert page.status_code == 200
    assert "Ingen deltagare i din kommun har det numret" in page.get_data(as_text=True)
    [line] = _searches()
    assert line.details["found"] == 0 and line.participant_id is None


def test_a_whole_number_unknown_here_finds_nobody_and_is_logged(client, world):
    number = personal_number()
    make_participant(world.other, personal_number=number)  # known in another municipality
    db.session.commit()
    client.login(world["coach"])
    assert "Inga ärenden matchar." in client.get(f"/cases/?who=all&q={number}").get_data(True)
    [line] = _searches()
    assert line.details["found"] == 0
