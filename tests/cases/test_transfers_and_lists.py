"""Transfers between municipalities, the caseload, and protected identity in lists."""

from datetime import timedelta

import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.models import FollowUp, Referral, Transfer
from app.cases.vocab import ConsentKind, TransferStatus
from app.cases.workflow import Stage
from app.db import today, utcnow
from app.extensions import db
from tests.cases.factories import give_consent, make_case, make_participant
from tests.helpers import form_posting_to


def _send(client, case, municipality, message="Deltagaren flyttar till Grannkommun."):
    return client.post(
        f"/cases/{case.id}/transfer",
        data={"version": case.version, "municipality": municipality.id, "message": message},
    )


def test_transfer_needs_consent_to_share_with_another_municipality(coach_client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    response = _send(coach_client, case, world.other)
    page = coach_client.get(response.location).get_data(as_text=True)
    assert "samtycke till delning med en annan kommun" in page
    assert db.session.scalar(sa.select(sa.func.count(Transfer.id))) == 0


def test_only_municipalities_of_the_region_are_offered(coach_client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    give_consent(case.participant, ConsentKind.OTHER_MUNICIPALITY, world["coach"])
    page = coach_client.get(f"/cases/{case.id}/transfer").get_data(as_text=True)
    assert world.other.name in page and world.outside.name not in page
    assert _send(coach_client, case, world.outside).status_code == 200  # not a valid choice
    assert case.pending_transfer is None


def test_transfer_accepted_moves_the_case_with_its_history(client, world):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    participant = case.participant
    give_consent(participant, ConsentKind.OTHER_MUNICIPALITY, world["coach"])
    referral = Referral(
        participant=participant,
        municipality=world.home,
        source="social_services",
        referred_on=today(),
        reason="Remiss",
        status="accepted",
    )
    db.session.add(referral)
    db.session.flush()
    client.login(world["coach"])
    _send(client, case, world.other)
    transfer = case.pending_transfer
    assert transfer.to_municipality == world.other
    waiting = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"Väntar på att {world.other.name} ska godkänna överflyttningen" in waiting
    client.post(
        f"/cases/{case.id}/close",
        data={"version": case.version, "outcome": "moved", "status_at_exit": "inactive"},
    )
    assert case.stage is Stage.MAPPING  # nothing moves while the transfer waits
    client.logout()

    client.login(world["other_coach"])
    inbox = client.get("/cases/referrals").get_data(as_text=True)
    assert f"/cases/transfers/{transfer.id}" in inbox
    assert client.get(f"/cases/{case.id}").status_code == 404  # not theirs yet
    client.post(f"/cases/transfers/{transfer.id}/accept")
    assert transfer.status is TransferStatus.ACCEPTED
    assert case.municipality == world.other and participant.municipality == world.other
    assert referral.municipality == world.other
    assert case.coach == world["other_coach"]
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Överflyttningen godkändes" in page and "Kartläggning" in page
    client.logout()

    client.login(world["coach"])
    assert client.get(f"/cases/{case.id}").status_code == 404  # the sender keeps only its log
    logged = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.participant_id == participant.id)
    ).all()
    assert "case.transfer_requested" in logged and "case.transfer_accepted" in logged


def test_transfer_rejected_with_a_reason_leaves_the_case_where_it_was(client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    give_consent(case.participant, ConsentKind.OTHER_MUNICIPALITY, world["coach"])
    client.login(world["coach"])
    _send(client, case, world.other)
    transfer = case.pending_transfer
    client.logout()

    client.login(world["coach2"])  # the sending municipality cannot decide
    assert client.get(f"/cases/transfers/{transfer.id}").status_code == 404
    client.logout()

    client.login(world["other_coach"])
    url = f"/cases/transfers/{transfer.id}"
    page = client.get(url).get_data(as_text=True)
    accept, reject = form_posting_to(page, f"{url}/accept"), form_posting_to(page, f"{url}/reject")
    assert 'name="reason"' in reject and 'name="reason"' not in accept
    assert page.index(accept) < page.index(reject)
    empty = client.post(f"/cases/transfers/{transfer.id}/reject", data={"reason": ""})
    assert empty.status_code == 200 and transfer.status is TransferStatus.PENDING
    client.post(f"/cases/transfers/{transfer.id}/reject", data={"reason": "Ingen plats nu."})
    assert transfer.status is TransferStatus.REJECTED
    assert transfer.decision_reason == "Ingen plats nu."
    assert case.municipality == world.home and case.coach == world["coach"]
    again = client.post(f"/cases/transfers/{transfer.id}/accept")
    assert again.status_code == 302 and case.municipality == world.home
    client.logout()

    client.login(world["coach"])
    assert "Överflyttningen avslogs" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert case.pending_transfer is None


def test_protected_identity_is_hidden_in_lists_from_all_but_the_assigned_coach(client, world):
    hidden = make_participant(
        world.home, first_name="Hemlig", last_name="Person", is_protected=True
    )
    case = make_case(world["coach"], hidden, stage=Stage.INTAKE)
    referral = Referral(
        participant=hidden,
        municipality=world.home,
        source="social_services",
        referred_on=today(),
        reason="Remiss",
    )
    db.session.add(referral)
    db.session.flush()
    for who in ("coach2", "admin"):
        client.login(world[who])
        for url in ("/cases/?who=all", "/cases/referrals", f"/cases/{case.id}"):
            page = client.get(url).get_data(as_text=True)
            assert "Hemlig" not in page, (who, url)
            assert "Skyddad identitet" in page, (who, url)
        searched = client.get("/cases/?who=all&q=Hemlig").get_data(as_text=True)
        assert "Inga ärenden matchar." in searched and "Skyddad identitet" not in searched
        if who == "admin":  # the edit form would show the name: only the coach edits
            assert client.get(f"/cases/participants/{hidden.id}/edit").status_code == 403
        client.logout()
    client.login(world["coach"])
    assert "Hemlig Person" in client.get("/cases/").get_data(as_text=True)
    assert hidden.formatted_number in client.get(f"/cases/participants/{hidden.id}").get_data(
        as_text=True
    )


def test_the_full_number_is_shown_only_to_the_assigned_coach(client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    number = case.participant.formatted_number
    client.login(world["coach2"])
    page = client.get(f"/cases/participants/{case.participant_id}").get_data(as_text=True)
    assert number not in page and case.participant.masked_number in page


def test_caseload_filters_searches_sorts_and_marks_what_needs_attention(coach_client, world):
    fresh = make_case(world["coach"], stage=Stage.INTAKE)
    stuck = make_case(
        world["coach"],
        make_participant(world.home, first_name="Stina", last_name="Stillastående"),
        stage=Stage.MAPPING,
        stage_entered_at=utcnow() - timedelta(days=200),
    )
    db.session.add(FollowUp(case=fresh, due_on=today() - timedelta(days=3), purpose="Ring"))
    make_case(world["coach2"], stage=Stage.INTAKE)
    db.session.flush()

    page = coach_client.get("/cases/").get_data(as_text=True)
    assert page.count('class="attention"') == 2
    assert "Står still" in page and "Försenad" in page
    assert "Stina" in coach_client.get("/cases/?stage=mapping").get_data(as_text=True)
    assert "Stina" not in coach_client.get("/cases/?stage=intake").get_data(as_text=True)
    by_number = coach_client.get(f"/cases/?q={stuck.participant.personal_number[2:8]}-")
    assert "Stina" in by_number.get_data(as_text=True)
    mine = coach_client.get("/cases/").get_data(as_text=True)
    everyone = coach_client.get("/cases/?who=all").get_data(as_text=True)
    assert everyone.count("<tr") == mine.count("<tr") + 1
    by_age = coach_client.get("/cases/?sort=stage_age").get_data(as_text=True)
    assert by_age.index("Stina") < by_age.index(f"/cases/{fresh.id}")
    for hostile in (
        "?page=-1",
        "?page=99999",
        "?sort=drop",
        "?stage=<x>",
        "?q=%25_x" + "y" * 500,
    ):
        assert coach_client.get("/cases/" + hostile).status_code == 200, hostile
    assert coach_client.get("/cases/?q=%00%25_x").status_code == 400  # no use for a NUL


def test_home_page_panels(coach_client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    db.session.add(FollowUp(case=case, due_on=today(), purpose="Uppföljning av praktik"))
    db.session.add(
        Referral(
            participant=make_participant(world.home),
            municipality=world.home,
            source="social_services",
            referred_on=today(),
            reason="Remiss",
        )
    )
    db.session.flush()
    page = coach_client.get("/").get_data(as_text=True)
    assert "Uppföljning av praktik" in page
    assert "1 remiss väntar på en handledare." in page


def test_the_home_page_lists_the_most_overdue_follow_ups_and_leads_to_the_rest(coach_client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    for days in range(12):  # 12 overdue, the oldest "Uppföljning 11" days(12) ago
        due = today() - timedelta(days=days + 1)
        db.session.add(FollowUp(case=case, due_on=due, purpose=f"Uppföljning {days:02d}"))
    db.session.flush()
    page = coach_client.get("/").get_data(as_text=True)
    shown = [f"Uppföljning {d:02d}" for d in range(12) if f"Uppföljning {d:02d}" in page]
    assert shown == [f"Uppföljning {d:02d}" for d in range(2, 12)]  # the ten most overdue
    assert page.index("Uppföljning 11") < page.index("Uppföljning 02")
    assert "Visar de 10 första av 12, de mest försenade först." in page
    assert 'href="/cases/">Alla i din ärendelista' in page


def test_a_decided_transfer_is_not_decided_again(client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    give_consent(case.participant, ConsentKind.OTHER_MUNICIPALITY, world["coach"])
    client.login(world["coach"])
    _send(client, case, world.other)
    transfer = case.pending_transfer
    client.login(world["other_coach"])
    client.post(f"/cases/transfers/{transfer.id}/reject", data={"reason": "Ingen plats nu."})
    for step, data in (("accept", {}), ("reject", {"reason": "Igen."})):
        response = client.post(f"/cases/transfers/{transfer.id}/{step}", data=data)
        assert response.status_code == 302 and response.location == "/cases/referrals", step
        page = client.get(response.location).get_data(as_text=True)
        assert "Överflyttningen är redan beslutad." in page, step
    assert transfer.status is TransferStatus.REJECTED
    assert transfer.decision_reason == "Ingen plats nu."
    assert case.municipality == world.home
