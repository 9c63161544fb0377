"""The notification jobs: fan an event out to the people it concerns, and mail the digests.

`fan_out` runs once per event, in one transaction: it marks the event done, writes a row per
person told and, for those who chose mail at once, the mail (sent by the mail job after the
commit). A run that dies leaves the event not done and the whole transaction undone; the
every-minute `revive_events` queues it again, and a second run of a done event does nothing.

`send_digests` runs at minute 0 of every hour (and when a worker starts): a person's digest
holds their digest notifications written before the last time their hour struck, so a digest
missed while no worker ran goes at the next run. Each person's digest is one transaction that
marks the rows mailed and writes the mail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale, ngettext

from app.db import utcnow
from app.extensions import db
from app.mail import message, render_mail, send_on_commit
from app.notifications.kinds import KindRule, kind_rule
from app.notifications.labels import sentence, subject
from app.notifications.models import (
    DigestHour,
    Notification,
    NotificationEvent,
    NotificationSetting,
)
from app.notifications.vocab import Delivery
from app.permissions import can
from app.queue import crontab, enqueue, every_minute, job, periodic

# Links in what a job writes are made on PUBLIC_BASE_URL; without it, on the address `make run`
# serves.
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


@contextmanager
def links() -> Iterator[None]:
    """A context in which `url_for` makes Validera's addresses, in a job as in a request."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        base = request.host_url if has_request_context() else DEFAULT_BASE_URL
    with current_app.test_request_context("/", base_url=base):
        yield


def full(link: str) -> str:
    """The full address of a link inside Validera (made within `links()`), for a mail."""
    return request.host_url.rstrip("/") + link


@job(retries=3, retry_delay=30, backoff=2)
def fan_out(event_id: int) -> None:
    """Write the notifications of event `event_id`, once."""
    claimed = db.session.execute(
        sa.update(NotificationEvent)
        .where(NotificationEvent.id == event_id, NotificationEvent.done_at.is_(None))
        .values(done_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return  # done by an earlier run (the statement changed nothing)
    event = db.session.get(NotificationEvent, event_id)
    rule = kind_rule(event.kind)
    with links():
        target = rule.load(event.target_id)
        if target is not None:
            _write(rule, event, target)
    db.session.commit()


def audience(rule: KindRule, event: NotificationEvent, target: Any) -> list[Any]:
    """Who is told of `event`: the kind's audience (or the one person named), active, not the
    one who acted, and allowed `rule.action` on `target` by the access rules."""
    from app.auth.models import User  # people belong to the accounts' area

    if event.recipient_id is not None:
        candidates = [db.session.get(User, event.recipient_id)]
    else:
        candidates = list(rule.audience(target, event))
    told: dict[int, Any] = {}
    for person in candidates:
        if person is None or person.id in told or person.id == event.actor_id:
            continue
        if person.is_active and can(person, rule.action, target):
            told[person.id] = person
    return list(told.values())


def deliveries(rule: KindRule, people: list[Any]) -> dict[int, Delivery]:
    """How the kind reaches each person: their setting, else the kind's default; in Validera
    only for someone without a mail address."""
    chosen = dict(
        db.session.execute(
            sa.select(NotificationSetting.user_id, NotificationSetting.delivery).where(
                NotificationSetting.kind == rule.kind,
                NotificationSetting.user_id.in_([person.id for person in people]),
            )
        ).all()
    )
    return {
        person.id: chosen.get(person.id, rule.default) if person.email else Delivery.IN_APP
        for person in people
    }


def _write(rule: KindRule, event: NotificationEvent, target: Any) -> None:
    people = audience(rule, event, target)
    if people:
        _tell(rule, event, target, people, deliveries(rule, people))
        db.session.flush()


def _tell(rule: KindRule, event, target, people: list[Any], how: dict[int, Delivery]) -> None:
    link, reference = rule.link(target), str(rule.reference(target))
    now = utcnow()
    for person in people:
        row = Notification(
            user_id=person.id,
            event_id=event.id,
            kind=event.kind,
            detail=event.detail,
            reference=reference[:120],
            link=link,
            delivery=how[person.id],
            created_at=event.created_at,
        )
        if row.delivery is Delivery.IMMEDIATE:
            row.mailed_at = now
            _mail_at_once(person, row, rule, event, target)
        db.session.add(row)


def _mail_at_once(person: Any, row: Notification, rule: KindRule, event, target) -> None:
    with force_locale(person.locale or "sv"):
        title = subject(row.kind, row.detail, row.reference)
        invitation = rule.invitation(target, event) if rule.invitation else None
        text, html = render_mail(
            "notifications/mail/notification",
            person.email,
            subject=title,
            user=person,
            text=sentence(row.kind, row.detail, row.reference),
            link=full(row.link),
            invitation=invitation,
        )
    calendar, method = invitation or (None, None)
    built = message(person.email, title, text, html, calendar=calendar, method=method)
    send_on_commit(built, language=person.locale)


def fan_out_many(event_ids: list[int]) -> int:
    """Fan out many events in one transaction (a reminder run's): the events are claimed with
    one statement, their objects loaded per kind with the kind's `load_many`, and the people's
    settings read once per kind; answers how many notifications were written. Events another
    run claimed are left to it."""
    claimed = db.session.scalars(
        sa.update(NotificationEvent)
        .where(NotificationEvent.id.in_(event_ids), NotificationEvent.done_at.is_(None))
        .values(done_at=utcnow())
        .returning(NotificationEvent.id)
        .execution_options(synchronize_session=False)
    ).all()
    events = db.session.scalars(
        sa.select(NotificationEvent).where(NotificationEvent.id.in_(claimed))
    ).all()
    by_kind: dict[Any, list[NotificationEvent]] = {}
    for event in events:
        by_kind.setdefault(event.kind, []).append(event)
    written = 0
    with links():
        for kind, group in by_kind.items():
            written += _write_group(kind_rule(kind), group)
    db.session.flush()
    db.session.commit()
    return written


def _with_roles(rule: KindRule, pairs: list[tuple[NotificationEvent, Any]]) -> None:
    """Read the roles of everyone the events' audiences name in one query, before each is
    asked what they may see."""
    from app.auth.models import load_roles  # people belong to the accounts' area

    load_roles(
        person
        for event, target in pairs
        if event.recipient_id is None
        for person in rule.audience(target, event)
    )


def _write_group(rule: KindRule, events: list[NotificationEvent]) -> int:
    # The objects land in the session, where `load` finds them (kept referenced till the end).
    ids = sorted({event.target_id for event in events})
    loaded = list(rule.load_many(ids)) if rule.load_many is not None else []
    targets = [(event, rule.load(event.target_id)) for event in events]
    _with_roles(rule, [(event, target) for event, target in targets if target is not None])
    told = []
    for event, target in targets:
        if target is not None:
            people = audience(rule, event, target)
            if people:
                told.append((event, target, people))
    everyone = list({person.id: person for _, _, people in told for person in people}.values())
    how = deliveries(rule, everyone) if everyone else {}
    for event, target, people in told:
        _tell(rule, event, target, people, how)
    loaded.clear()
    return sum(len(people) for _, _, people in told)


@periodic(every_minute())
def revive_events() -> None:
    """Queue again the events whose fan-out never ran or died with its worker."""
    stale = utcnow() - current_app.config["JOBS_STALE_AFTER"]
    lost = sa.select(NotificationEvent.id).where(
        NotificationEvent.done_at.is_(None), NotificationEvent.created_at < stale
    )
    for event_id in db.session.scalars(lost).all():
        enqueue(fan_out, event_id)


def last_stroke(hour: int, now: datetime) -> datetime:
    """The last time (UTC) it was `hour` o'clock local time, at or before `now`."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = now.astimezone(zone)
    stroke = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if stroke > local:
        stroke -= timedelta(days=1)
    return stroke.astimezone(now.tzinfo)


def digests_due(now: datetime) -> list[tuple[int, datetime]]:
    """The people whose digest is due at `now`, each with the time before which its
    notifications were written."""
    default = current_app.config["DIGEST_HOUR"]
    pending = (
        sa.select(
            Notification.user_id,
            sa.func.min(Notification.created_at),
            sa.func.coalesce(DigestHour.hour, default),
        )
        .outerjoin(DigestHour, DigestHour.user_id == Notification.user_id)
        .where(Notification.delivery == Delivery.DIGEST, Notification.mailed_at.is_(None))
        .group_by(Notification.user_id, DigestHour.hour)
    )
    due = []
    for user_id, oldest, hour in db.session.execute(pending).all():
        cutoff = last_stroke(hour, now)
        if oldest < cutoff:
            due.append((user_id, cutoff))
    return due


@periodic(crontab(minute="0"), on_start=True)
def send_digests() -> None:
    """Mail each person whose hour has struck the digest of their waiting notifications."""
    now = utcnow()
    for user_id, cutoff in digests_due(now):
        send_digest(user_id, cutoff)


def send_digest(user_id: int, cutoff: datetime) -> None:
    """One person's digest: their digest notifications written before `cutoff`, in one
    transaction (a second run finds them mailed)."""
    from app.auth.models import User

    person = db.session.get(User, user_id)
    rows = db.session.scalars(
        sa.select(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.delivery == Delivery.DIGEST,
            Notification.mailed_at.is_(None),
            Notification.created_at < cutoff,
        )
        .order_by(Notification.id)
    ).all()
    if not rows:
        return
    taken = db.session.execute(
        sa.update(Notification)
        .where(
            Notification.id.in_([row.id for row in rows]),
            Notification.mailed_at.is_(None),
        )
        .values(mailed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != len(rows):
        db.session.rollback()  # another run took some of them: it mails them
        return
    if person.is_active and person.email:
        with links():
            _mail_digest(person, rows)
    db.session.commit()


def _mail_digest(person: Any, rows: list[Notification]) -> None:
    with force_locale(person.locale or "sv"):
        unread = [row for row in rows if row.read_at is None]
        if not unread:
            return
        title = ngettext(
            "Validera: %(num)d new notification", "Validera: %(num)d new notifications", len(unread)
        )
        items = [
            {"text": sentence(row.kind, row.detail, row.reference), "link": full(row.link)}
            for row in unread
        ]
        text, html = render_mail(
            "notifications/mail/digest",
            person.email,
            subject=title,
            user=person,
            items=items,
            all_link=url_for("notifications.index", _external=True),
        )
    send_on_commit(message(person.email, title, text, html), language=person.locale)


@periodic(crontab(minute="40", hour="3"))
def remove_old_notifications() -> None:
    """Remove read notifications older than NOTIFICATION_KEEP_DAYS, then the events fanned out
    before that which no notification names any more (an unread one is kept however old)."""
    before = utcnow() - timedelta(days=current_app.config["NOTIFICATION_KEEP_DAYS"])
    read = db.session.execute(
        sa.delete(Notification)
        .where(Notification.read_at.is_not(None), Notification.created_at < before)
        .execution_options(synchronize_session=False)
    )
    named = sa.select(Notification.id).where(Notification.event_id == NotificationEvent.id)
    events = db.session.execute(
        sa.delete(NotificationEvent)
        .where(
            NotificationEvent.done_at.is_not(None),
            NotificationEvent.created_at < before,
            ~sa.exists(named),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    current_app.logger.info(
        "%s read notifications and %s events removed", read.rowcount, events.rowcount
    )
