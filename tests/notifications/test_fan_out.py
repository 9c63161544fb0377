"""An event is fanned out by its job: to the people the kind names whom the access rules let see
the thing, once, with mail for those who chose it."""

import sqlalchemy as sa

from app.cases.workflow import Stage
from app.extensions import db
from app.notifications import Delivery, Kind
from app.notifications.models import Notification, NotificationEvent, NotificationSetting
from app.notifications.tasks import fan_out
from tests.cases.factories import make_case
from tests.mailbox import text_of


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
