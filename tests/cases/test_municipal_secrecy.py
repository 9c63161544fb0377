"""Nothing tells a coach about people outside their municipality: a participant is registered
per municipality, and only a consented transfer links one person's rows."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.audit import AuditEvent
from app.cases.models import Case, ConsentEvent, Participant, Referral
from app.cases.vocab import ConsentKind, TransferStatus
from app.cases.workflow import Stage
from app.extensions import db
from tests.cases.factories import give_consent, make_case, make_participant, personal_number
from tests.cases.test_referrals import referral_data


def _register(client, number: str):
    """The status of registering a referral for `number`, and the page the coach then sees."""
    response = client.post("/cases/referrals/new", data=referral_data(number))
    shown = client.get(response.location) if response.status_code == 302 else response
    return response.status_code, shown.get_data(as_text=True)


@pytest.mark.parametrize("protected", [False, True])
def test_registering_a_person_known_elsewhere_answers_as_for_anyone_new(client, world, protected):
    elsewhere = make_participant(
        world.home, first_name="Härnösandsbo", last_name="Känd", is_protected=protected
    )
    make_case(world["coach"], elsewhere, stage=Stage.MAPPING)
    unknown = personal_number()
    db.session.commit()
    client.login(world["other_coach"])
    status, page = _register(client, elsewhere.formatted_number)
    fresh_status, fresh_page = _register(client, unknown)
    assert status == fresh_status == 302
    for text in ("annan kommun", "Härnösandsbo", "Skyddad identitet", world.home.name):
        assert text not in page, text
    mine = db.session.scalars(
        sa.select(Participant).where(Participant.municipality_id == world.other.id)
    ).all()
    assert {p.personal_number for p in mine} == {elsewhere.personal_number, unknown}
    here = next(p for p in mine if p.personal_number == elsewhere.personal_number)
    assert here.id != elsewhere.id and here.first_name == "Amina" and not here.is_protected
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Referral.id)).where(Referral.participant_id == elsewhere.id)
        )
        == 0
    )
    assert elsewhere.municipality_id == world.home.id and elsewhere.first_name == "Härnösandsbo"


def test_a_number_is_unique_within_a_municipality_not_across_them(world):
    number = personal_number()
    make_participant(world.home, personal_number=number)
    make_participant(world.other, personal_number=number)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        make_participant(world.home, personal_number=number)


def _transfer(client, world, case):
    client.login(world["coach"])
    client.post(
        f"/cases/{case.id}/transfer",
        data={"version": case.version, "municipality": world.other.id, "message": "Flyttar."},
    )
    client.logout()
    return case.pending_transfer


def test_a_consented_transfer_links_the_person_to_the_receiving_municipalitys_row(client, world):
    moving = make_participant(world.home, first_name="Flyttande", email="flytt@example.org")
    case = make_case(world["coach"], moving, stage=Stage.MAPPING)
    give_consent(moving, ConsentKind.OTHER_MUNICIPALITY, world["coach"])
    there = make_participant(
        world.other, personal_number=moving.personal_number, first_name="Redan", email=None
    )
    earlier = make_case(world["other_coach"], there, stage=Stage.CLOSED)
    moving_id, there_id = moving.id, there.id
    transfer = _transfer(client, world, case)
    db.session.commit()
    client.login(world["other_coach"])
    response = client.post(f"/cases/transfers/{transfer.id}/accept")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participant, moving_id) is None
    linked = db.session.get(Participant, there_id)
    assert transfer.status is TransferStatus.ACCEPTED
    assert {c.id for c in linked.cases} == {case.id, earlier.id}
    assert db.session.get(Case, case.id).municipality_id == world.other.id
    assert linked.first_name == "Redan" and linked.email == "flytt@example.org"
    assert linked.has_consent(ConsentKind.OTHER_MUNICIPALITY)
    assert (
        db.session.scalar(
            sa.select(sa.func.count(ConsentEvent.id)).where(
                ConsentEvent.participant_id == moving_id
            )
        )
        == 0
    )
    lines = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "participant.linked")
    ).all()
    assert {line.participant_id for line in lines} == {moving_id, there_id}
    assert lines[0].details == {"from": moving_id, "into": there_id}
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Redan" in page


def test_a_transfer_without_a_row_there_moves_the_participant(client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    give_consent(case.participant, ConsentKind.OTHER_MUNICIPALITY, world["coach"])
    participant_id = case.participant_id
    transfer = _transfer(client, world, case)
    db.session.commit()
    client.login(world["other_coach"])
    client.post(f"/cases/transfers/{transfer.id}/accept")
    db.session.expire_all()
    assert db.session.get(Participant, participant_id).municipality_id == world.other.id
