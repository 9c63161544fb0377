"""Reminders: each fires on the right day from the fixed clock, to the people concerned, once,
and goes to the daily digest."""

import pytest
import sqlalchemy as sa

from app.assessments.vocab import DecisionStatus
from app.cases.models import FollowUp, JournalEntry
from app.cases.vocab import JournalKind
from app.cases.workflow import Stage
from app.db import utcnow
from app.extensions import db
from app.notifications import Delivery, Kind
from app.notifications.models import Notification
from app.notifications.reminders import send_reminders, send_weekly_reminders
from tests.assessments.factories import decide_all, plan, record
from tests.cases.factories import make_case, make_participant
from tests.clock import at, days
from tests.frameworks.factories import make_framework
from tests.privacy.factories import age, close
from tests.reports.factories import placement

DAY = 24 * 3600


def told(user, kind) -> list[Notification]:
    return db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == user.id, Notification.kind == kind)
        .order_by(Notification.id)
    ).all()


def everyone_told(kind) -> set[int]:
    return set(db.session.scalars(sa.select(Notification.user_id).where(Notification.kind == kind)))


def test_a_follow_up_is_reminded_the_day_before_and_once_when_overdue(app, world, stopped_clock):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    db.session.add(FollowUp(case=case, due_on=days(2), purpose="Avstämning"))
    db.session.commit()
    send_reminders()
    assert told(world["coach"], Kind.FOLLOW_UP_DUE) == []  # the day after tomorrow: not yet
    stopped_clock.shift(DAY)
    send_reminders()
    send_reminders()  # a second run the same day tells nobody again
    [tomorrow] = told(world["coach"], Kind.FOLLOW_UP_DUE)
    assert (tomorrow.detail, tomorrow.link) == ("tomorrow", f"/cases/{case.id}")
    assert tomorrow.delivery is Delivery.DIGEST
    stopped_clock.shift(DAY)
    send_reminders()  # the day itself: nothing new
    assert len(told(world["coach"], Kind.FOLLOW_UP_DUE)) == 1
    stopped_clock.shift(DAY)
    send_reminders()
    stopped_clock.shift(DAY)
    send_reminders()  # overdue is told once, not every day
    details = [row.detail for row in told(world["coach"], Kind.FOLLOW_UP_DUE)]
    assert details == ["tomorrow", "overdue"]
    assert everyone_told(Kind.FOLLOW_UP_DUE) == {world["coach"].id}


def test_a_done_follow_up_or_a_closed_case_is_not_reminded(app, world, stopped_clock):
    case = make_case(world["coach"], stage=Stage.MAPPING)
    closed = make_case(world["coach"], stage=Stage.CLOSED)
    db.session.add(FollowUp(case=case, due_on=days(1), purpose="Klar", done_at=utcnow()))
    db.session.add(FollowUp(case=closed, due_on=days(1), purpose="Avslutat"))
    db.session.commit()
    send_reminders()
    assert everyone_told(Kind.FOLLOW_UP_DUE) == set()


def test_an_assessment_tomorrow_tells_its_assessor_and_the_coach(app, world, stopped_clock):
    framework = make_framework()
    case = make_case(world["coach"], stage=Stage.ASSESSMENT)
    assessment = plan(case, world["assessor"], [framework.units[0]], scheduled_on=days(2))
    db.session.commit()
    send_reminders()
    assert everyone_told(Kind.ASSESSMENT_TOMORROW) == set()
    stopped_clock.shift(DAY)
    send_reminders()
    send_reminders()
    assert everyone_told(Kind.ASSESSMENT_TOMORROW) == {world["coach"].id, world["assessor"].id}
    [row] = told(world["assessor"], Kind.ASSESSMENT_TOMORROW)
    assert row.link == f"/assessments/{assessment.id}" and row.delivery is Delivery.DIGEST


def test_a_case_standing_still_over_sixty_days_is_reminded_weekly(app, world, stopped_clock):
    idle = make_case(world["coach"], stage=Stage.MAPPING, stage_entered_at=at(-61))
    busy = make_case(world["coach"], stage=Stage.MAPPING, stage_entered_at=at(-61))
    make_case(world["coach"], stage=Stage.MAPPING, stage_entered_at=at(-40))
    make_case(world["coach"], stage=Stage.PAUSED, stage_entered_at=at(-90))
    db.session.add(
        JournalEntry(
            case=busy,
            kind=JournalKind.NOTE,
            text="Samtal",
            author=world["coach"],
            occurred_on=days(-3),
            created_at=at(-3),
        )
    )
    db.session.commit()
    send_weekly_reminders()
    send_weekly_reminders()  # the same week: once
    assert [row.link for row in told(world["coach"], Kind.CASE_IDLE)] == [f"/cases/{idle.id}"]
    stopped_clock.shift(7 * DAY)
    send_weekly_reminders()
    assert len(told(world["coach"], Kind.CASE_IDLE)) == 2  # the next week, again
    assert everyone_told(Kind.CASE_IDLE) == {world["coach"].id}


def test_decisions_waiting_past_ten_working_days_tell_verifiers_and_administrators(
    app, client, world, stopped_clock
):
    framework = make_framework()
    case = make_case(world["coach"], stage=Stage.ASSESSMENT)
    [decision] = decide_all(record(plan(case, world["assessor"], [framework.units[0]])))
    decision.status = DecisionStatus.AWAITING_VERIFICATION
    decision.submitted_at = at(-13)  # Wednesday two weeks ago: 9 working days before today
    db.session.commit()
    send_reminders()
    assert everyone_told(Kind.VERIFICATION_OVERDUE) == set()
    stopped_clock.shift(DAY)  # Wednesday: 10 working days have passed since that Wednesday
    send_reminders()
    assert everyone_told(Kind.VERIFICATION_OVERDUE) == set()
    stopped_clock.shift(DAY)
    send_reminders()
    send_reminders()
    assert everyone_told(Kind.VERIFICATION_OVERDUE) == {world["verifier"].id, world["admin"].id}
    [row] = told(world["admin"], Kind.VERIFICATION_OVERDUE)
    assert row.reference == "1" and row.delivery is Delivery.DIGEST
    client.login(world["admin"])  # the link leads the administrator to the queue they may read
    queue = client.get(client.get(f"/notifications/{row.id}").location)
    assert queue.status_code == 200 and str(decision.unit) in queue.get_data(as_text=True)
    assert f'href="/assessments/decisions/{decision.id}"' not in queue.get_data(as_text=True)


def test_a_placement_follow_up_is_reminded_when_due(app, world, stopped_clock):
    case = make_case(world["coach"], stage=Stage.PLACED)
    made = placement(case, world.employer, days(-180).isoformat(), days(1).isoformat(), still=None)
    db.session.commit()
    send_reminders()
    assert everyone_told(Kind.PLACEMENT_FOLLOW_UP_DUE) == set()
    stopped_clock.shift(DAY)
    send_reminders()
    stopped_clock.shift(DAY)
    send_reminders()
    [row] = told(world["coach"], Kind.PLACEMENT_FOLLOW_UP_DUE)
    assert (row.detail, row.link) == ("months_6", f"/employers/placements/{made.id}")
    assert everyone_told(Kind.PLACEMENT_FOLLOW_UP_DUE) == {world["coach"].id}


@pytest.mark.parametrize("due_in", [20, 60])
def test_administrators_hear_once_a_month_who_the_retention_run_will_take(
    app, world, stopped_clock, due_in
):
    case = make_case(world["coach"], make_participant(world.home), stage=Stage.CLOSED)
    close(case)
    age(case.participant_id, (days(0) - days(-5 * 365 - 1)).days - due_in)
    db.session.commit()
    send_reminders()
    send_reminders()
    rows = told(world["admin"], Kind.RETENTION_UPCOMING)
    if due_in > 37:  # due after the end of next month (31 December): not yet
        assert rows == []
        return
    [row] = rows
    assert row.reference == "1" and row.link == "/admin/privacy/retention"
    assert everyone_told(Kind.RETENTION_UPCOMING) == {world["admin"].id}
    stopped_clock.shift(3 * DAY)
    send_reminders()  # the same month: once
    assert len(told(world["admin"], Kind.RETENTION_UPCOMING)) == 1
