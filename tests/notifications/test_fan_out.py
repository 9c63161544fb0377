"""An event is fanned out by its job: to the people the kind names whom the access rules let see
the thing, once, with mail for those who chose it."""

import sqlalchemy as sa

from app.cases.workflow import Stage
from app.extensions import db
from app.mail.models import OutgoingMail
from app.mail.vocab import MailStatus
from app.notifications import Delivery, Kind, notify
from app.notifications.models import Notification, NotificationEvent, NotificationSetting
from app.notifications.tasks import fan_out
from tests.cases.factories import make_case
from tests.mailbox import mail_server_down, text_of


def rows(user):
    return db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)).all()


def test_a_reassigned_case_tells_the_new_coach_in_validera_and_by_mail(client, world, mailbox):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    client.login(world["coach"])
    mailbox.clear()
    client.post(
        f"/cases/{case.id}/reassign",
        data={"version": case.version, "coach": world["coach2"].id, "reason": "Semester"},
    )
    [told] = rows(world["coach2"])
    assert (told.kind, told.reference, told.link) == (
        Kind.CASE_ASSIGNED,
        f"#{case.id}",
        f"/cases/{case.id}",
    )
    assert told.delivery is Delivery.IMMEDIATE and told.mailed_at is not None
    assert rows(world["coach"]) == []  # the one who acted is not told
    mail = mailbox.only()
    assert mail["To"] == world["coach2"].email
    assert f"#{case.id}" in mail["Subject"]
    assert f"http://localhost/cases/{case.id}" in text_of(mail)
    assert "Hemkommun" not in text_of(mail) and case.participant.last_name not in text_of(mail)


def test_an_event_is_fanned_out_once(client, world, mailbox):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    client.login(world["coach"])
    client.post(
        f"/cases/{case.id}/reassign",
        data={"version": case.version, "coach": world["coach2"].id},
    )
    event = db.session.scalar(sa.select(NotificationEvent))
    assert event.done_at is not None
    mailbox.clear()
    fan_out(event.id)  # a second delivery of the same job
    assert len(rows(world["coach2"])) == 1 and mailbox.messages == []


def test_in_validera_only_sends_no_mail(client, world, mailbox):
    db.session.add(
        NotificationSetting(
            user_id=world["coach2"].id, kind=Kind.CASE_ASSIGNED, delivery=Delivery.IN_APP
        )
    )
    case = make_case(world["coach"], stage=Stage.INTAKE)
    client.login(world["coach"])
    mailbox.clear()
    client.post(
        f"/cases/{case.id}/reassign",
        data={"version": case.version, "coach": world["coach2"].id},
    )
    [told] = rows(world["coach2"])
    assert told.delivery is Delivery.IN_APP and told.mailed_at is None
    assert mailbox.messages == []


def test_nobody_is_told_of_what_the_access_rules_keep_from_them(app, world, mailbox):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    for outsider in (world["other_coach"], world["employer"], world["external_verifier"]):
        notify(Kind.CASE_ASSIGNED, case, recipient=outsider)
    db.session.commit()
    # another municipality's coach, an employer, an external verifier: none may see the case
    outsiders = ("other_coach", "employer", "external_verifier")
    assert [rows(world[name]) for name in outsiders] == [[], [], []]
    assert mailbox.messages == []
    events = db.session.scalars(sa.select(NotificationEvent)).all()
    assert len(events) == 3 and all(event.done_at for event in events)


def test_a_reminder_with_the_same_key_is_written_once(app, world, mailbox):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    first = notify(Kind.CASE_ASSIGNED, case, key=f"test:{case.id}")
    again = notify(Kind.CASE_ASSIGNED, case, key=f"test:{case.id}")
    db.session.commit()
    assert first is not None and again is None
    assert len(rows(world["coach"])) == 1


def test_with_the_mail_server_down_the_notification_stays_and_its_mail_waits(app, client, world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    client.login(world["coach"])
    with mail_server_down(app):
        answer = client.post(
            f"/cases/{case.id}/reassign",
            data={"version": case.version, "coach": world["coach2"].id},
        )
    assert answer.status_code == 302  # the action is done whatever the mail server does
    [told] = rows(world["coach2"])
    assert told.read_at is None and told.mailed_at is not None  # in Validera, its mail written
    [mail] = db.session.scalars(
        sa.select(OutgoingMail).where(OutgoingMail.to_address == world["coach2"].email)
    ).all()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 1)  # to be tried again later
    assert "ConnectionRefusedError" in mail.last_error and f"#{case.id}" in mail.subject
