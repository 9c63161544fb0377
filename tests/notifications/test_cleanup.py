"""The nightly removal of old read notifications and of the events nothing names any more."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.db import utcnow
from app.extensions import db
from app.notifications.models import Notification, NotificationEvent
from app.notifications.tasks import remove_old_notifications
from tests.notifications.factories import make_notification


def ids(model) -> set[int]:
    return set(db.session.scalars(sa.select(model.id)))


def test_only_read_notifications_older_than_the_keep_days_are_removed(app, world):
    now = utcnow()
    old, recent = now - timedelta(days=91), now - timedelta(days=89)
    old_read = make_notification(world["coach"], created_at=old, read_at=now)
    old_unread = make_notification(world["coach"], created_at=old)
    recent_read = make_notification(world["coach"], created_at=recent, read_at=now)
    recent_unread = make_notification(world["coach2"], created_at=recent)
    # one event told two people: one read it long ago, the other has not
    shared = make_notification(world["coach"], created_at=old, read_at=old)
    other_reader = Notification(
        user_id=world["coach2"].id,
        event_id=shared.event_id,
        kind=shared.kind,
        reference=shared.reference,
        link=shared.link,
        delivery=shared.delivery,
        created_at=old,
    )
    db.session.add(other_reader)
    # an old event that told nobody, and one not yet fanned out
    told_nobody = NotificationEvent(kind=shared.kind, target_id=1, created_at=old, done_at=old)
    waiting = NotificationEvent(kind=shared.kind, target_id=1, created_at=old)
    db.session.add_all([told_nobody, waiting])
    db.session.commit()

    remove_old_notifications()

    assert ids(Notification) == {old_unread.id, recent_read.id, recent_unread.id, other_reader.id}
    assert ids(NotificationEvent) == {
        old_unread.event_id,
        recent_read.event_id,
        recent_unread.event_id,
        shared.event_id,
        waiting.id,
    }
    assert old_read.event_id not in ids(NotificationEvent)
    assert told_nobody.id not in ids(NotificationEvent)
    remove_old_notifications()  # a second run finds nothing more
    assert len(ids(Notification)) == 4


def test_the_days_kept_follow_the_setting(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFICATION_KEEP_DAYS", 10)
    now = utcnow()
    gone = make_notification(world["coach"], created_at=now - timedelta(days=11), read_at=now)
    kept = make_notification(world["coach"], created_at=now - timedelta(days=9), read_at=now)
    db.session.commit()
    remove_old_notifications()
    assert ids(Notification) == {kept.id} and gone.event_id not in ids(NotificationEvent)
