"""Each kind an action causes reaches the people it concerns, and nobody the access rules keep
from the thing: another municipality's coach, an employer not concerned, the one who acted."""

import sqlalchemy as sa

from app.assessments.services.planning import cancel_assessment
from app.assessments.services.verification import return_decision, sign_recommendation
from app.assessments.vocab import DecisionStatus
from app.cases.models import Transfer
from app.cases.services.participants import record_consent
from app.cases.vocab import ConsentKind
from app.cases.workflow import Stage
from app.employers.models import Introduction
from app.employers.services.introductions import accept_introduction, request_introduction
from app.extensions import db
from app.notifications import Delivery, Kind
from app.notifications.kinds import kind_rule
from app.notifications.models import Notification, NotificationEvent
from app.reports.jobs import create_export, run_export
from app.reports.vocab import ExportFormat, ExportKind
from tests.assessments.factories import decide_all, plan, record
from tests.cases.factories import make_case, make_participant, personal_number
from tests.cases.test_referrals import referral_data
from tests.clock import days
from tests.employers.factories import make_candidate, make_need
from tests.frameworks.factories import make_framework
from tests.mailbox import text_of

EVERYONE = (
    "admin",
    "coach",
    "coach2",
    "other_coach",
    "assessor",
    "verifier",
    "external_verifier",
    "regional",
    "employer",
    "other_employer",
)


def told(world, kind) -> dict[str, Notification]:
    """Who of the world holds a notification of `kind`."""
    rows = db.session.scalars(sa.select(Notification).where(Notification.kind == kind)).all()
    names = {world[name].id: name for name in EVERYONE}
    return {names.get(row.user_id, row.user_id): row for row in rows}


def test_a_referral_tells_the_coaches_of_the_receiving_municipality_by_mail(client, world, mailbox):
    client.login(world["admin"])
    number = personal_number()
    response = client.post(
        "/cases/referrals/new", data=referral_data(number[2:8] + "-" + number[8:])
    )
    assert response.status_code == 302
    got = told(world, Kind.REFERRAL_RECEIVED)
    assert set(got) == {"coach", "coach2"}  # not the admin who sent it, not other_coach
    assert got["coach"].link.startswith("/cases/referrals/")
    mails = {mail["To"]: mail for mail in mailbox.messages}
    assert set(mails) == {world["coach"].email, world["coach2"].email}
    text = text_of(mails[world["coach"].email])
    assert "http://localhost/cases/referrals/" in text
    assert "Hassan" not in text and number[:8] not in text  # no name, no personal number


def test_a_transfer_tells_the_coaches_of_the_receiving_municipality_only(client, world, mailbox):
    participant = make_participant(world.home)
    case = make_case(world["coach"], participant, stage=Stage.MAPPING)
    record_consent(
        participant,
        ConsentKind.OTHER_MUNICIPALITY,
        given=True,
        effective_on=days(-1),
        note=None,
        actor=world["coach"],
    )
    client.login(world["coach"])
    response = client.post(
        f"/cases/{case.id}/transfer",
        data={"version": case.version, "municipality": world.other.id, "message": "Flyttar"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    transfer = db.session.scalar(sa.select(Transfer))
    got = told(world, Kind.TRANSFER_REQUESTED)
    assert set(got) == {"other_coach"}  # the home coaches and the regional reader: nothing
    assert got["other_coach"].link == f"/cases/transfers/{transfer.id}"
    assert [mail["To"] for mail in mailbox.messages] == [world["other_coach"].email]


def test_planning_moving_and_cancelling_tell_the_assessor(client, world, mailbox):
    framework = make_framework()
    case = make_case(world["coach"], stage=Stage.ASSESSMENT)
    client.login(world["coach"])
    assessment = plan(case, world["assessor"], [framework.units[0]], actor=world["coach"])
    db.session.commit()
    response = client.post(
        f"/assessments/{assessment.id}/move",
        data={
            "scheduled_on": days(9).isoformat(),
            "place": "Verkstaden",
            "sequence": assessment.calendar_sequence,
        },
    )
    assert response.status_code == 302
    cancel_assessment(assessment, "Sjuk", world["coach"])
    db.session.commit()
    rows = db.session.scalars(
        sa.select(Notification)
        .where(Notification.kind == Kind.ASSESSMENT_SCHEDULED)
        .order_by(Notification.id)
    ).all()
    assert [(row.user_id, row.detail) for row in rows] == [
        (world["assessor"].id, "planned"),
        (world["assessor"].id, "moved"),
        (world["assessor"].id, "cancelled"),
    ]
    assert assessment.scheduled_on == days(9) and assessment.place == "Verkstaden"
    subjects = [mail["Subject"] for mail in mailbox.messages]
    assert len(subjects) == 3 and all(m["To"] == world["assessor"].email for m in mailbox.messages)
    assert "flyttats" in subjects[1] and days(9).isoformat() in subjects[1]  # the new day


def test_a_move_of_an_assessment_changed_meanwhile_is_a_conflict(client, world, mailbox):
    framework = make_framework()
    case = make_case(world["coach"], stage=Stage.ASSESSMENT)
    assessment = plan(case, world["assessor"], [framework.units[0]], actor=world["coach"])
    db.session.commit()
    client.login(world["coach"])
    stale = assessment.calendar_sequence - 1
    response = client.post(
        f"/assessments/{assessment.id}/move",
        data={"scheduled_on": days(9).isoformat(), "place": "Verkstaden", "sequence": stale},
    )
    assert response.status_code == 200
    assert assessment.scheduled_on == days(7)
    assert [r.detail for r in told(world, Kind.ASSESSMENT_SCHEDULED).values()] == ["planned"]
    client.login(world["other_coach"])
    assert client.get(f"/assessments/{assessment.id}/move").status_code == 404


def test_the_invitation_of_a_cancelled_assessment_cancels(app, world):
    framework = make_framework()
    case = make_case(world["coach"], stage=Stage.ASSESSMENT)
    assessment = plan(case, world["assessor"], [framework.units[0]], actor=world["coach"])
    rule = kind_rule(Kind.ASSESSMENT_SCHEDULED)
    ics, method = rule.invitation(assessment, NotificationEvent(detail="cancelled"))
    assert method == "CANCEL" and "METHOD:CANCEL" in ics
    ics, method = rule.invitation(assessment, NotificationEvent(detail="moved"))
    assert method == "REQUEST" and "METHOD:REQUEST" in ics


def test_results_returned_decisions_and_the_verification_queue(app, world, mailbox):
    framework = make_framework()
    case = make_case(world["coach"], stage=Stage.ASSESSMENT)
    assessment = record(plan(case, world["assessor"], [framework.units[0]]))
    db.session.commit()
    assert set(told(world, Kind.RESULTS_AWAIT_DECISION)) == {"assessor"}
    assert told(world, Kind.RESULTS_AWAIT_DECISION)["assessor"].delivery is Delivery.IN_APP
    [decision] = decide_all(assessment)
    sign_recommendation(case, world["assessor"], draw=lambda: 0.0)
    db.session.commit()
    assert decision.status is DecisionStatus.AWAITING_VERIFICATION
    waiting = told(world, Kind.VERIFICATION_WAITING)
    assert set(waiting) == {"verifier"} and waiting["verifier"].link == "/assessments/verification"
    return_decision(decision, "Motivera bättre.", world["verifier"])
    db.session.commit()
    returned = told(world, Kind.DECISION_RETURNED)
    assert set(returned) == {"assessor"}
    assert returned["assessor"].link == f"/assessments/decisions/{decision.id}"


def test_introductions_tell_the_coach_then_the_employers_people(app, world, mailbox):
    participant, case = make_candidate(world["coach"])
    need = make_need(world.employer)
    introduction = request_introduction(need, participant.id, "Hej", world["employer"])
    db.session.commit()
    assert set(told(world, Kind.INTRODUCTION_REQUESTED)) == {"coach"}  # not coach2
    accept_introduction(introduction, "070-111 22 33", world["coach"])
    db.session.commit()
    answered = told(world, Kind.INTRODUCTION_ANSWERED)
    assert set(answered) == {"employer"}  # not the other employer
    assert answered["employer"].link == f"/employers/introductions/{introduction.id}"
    assert answered["employer"].reference == need.title
    assert db.session.get(Introduction, introduction.id) is not None


def test_a_withdrawn_consent_tells_the_cases_coach(app, world, mailbox):
    participant = make_participant(world.home)
    make_case(world["coach"], participant, stage=Stage.MAPPING)
    record_consent(
        participant,
        ConsentKind.EMPLOYERS,
        given=False,
        effective_on=days(0),
        note=None,
        actor=world["admin"],
    )
    db.session.commit()
    assert set(told(world, Kind.CONSENT_WITHDRAWN)) == {"coach"}
    record_consent(
        participant,
        ConsentKind.EMPLOYERS,
        given=True,
        effective_on=days(0),
        note=None,
        actor=world["admin"],
    )
    db.session.commit()
    assert len(told(world, Kind.CONSENT_WITHDRAWN)) == 1  # giving a consent tells nobody


def test_a_finished_export_tells_the_one_who_asked(app, world, mailbox):
    parameters = {
        "scope": {"municipality_ids": [world.home.id], "regional": False},
        "filters": {"date_from": "2026-01-01", "date_to": "2026-06-30"},
        "described": [],
        "locale": "sv",
    }
    job = create_export(ExportKind.DASHBOARD, ExportFormat.XLSX, world["admin"], parameters)
    db.session.commit()
    run_export(job.id)
    got = told(world, Kind.EXPORT_READY)
    assert set(got) == {"admin"}
    assert got["admin"].link == f"/reports/exports/{job.id}"
    assert [mail["To"] for mail in mailbox.messages] == [world["admin"].email]
