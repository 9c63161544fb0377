"""Reads for the notification pages and the header, and for the kinds' audiences: the people of a
municipality or an employer with a role."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.notifications.kinds import KindRule
from app.notifications.models import DigestHour, Notification, NotificationSetting
from app.notifications.vocab import Delivery, Kind
from app.vocab import Role

PER_PAGE = 50


def unread_count(user: Any) -> int:
    """How many notifications of `user` are unread (the header's count: one statement, on the
    index `notifications_user_unread`)."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def notifications_page(user: Any, *, unread_only: bool = False):
    """One page of `user`'s notifications, newest first (only the unread ones when asked)."""
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return db.paginate(query.order_by(Notification.id.desc()), per_page=PER_PAGE)


def has_address(user: Any) -> bool:
    """Whether mail can reach `user` (without an address, everything stays in Validera)."""
    return bool(user.email)


def deliveries_of(user: Any, rules: list[KindRule]) -> dict[Kind, Delivery]:
    """How each kind of `rules` reaches `user` now: their choice, else the kind's default; in
    Validera only while the account has no address."""
    chosen = dict(
        db.session.execute(
            sa.select(NotificationSetting.kind, NotificationSetting.delivery).where(
                NotificationSetting.user_id == user.id
            )
        ).all()
    )
    if not has_address(user):
        return {rule.kind: Delivery.IN_APP for rule in rules}
    return {rule.kind: chosen.get(rule.kind, rule.default) for rule in rules}


def digest_hour_of(user: Any) -> int:
    """The hour (0-23, local time) of `user`'s daily digest."""
    hour = db.session.scalar(sa.select(DigestHour.hour).where(DigestHour.user_id == user.id))
    return current_app.config["DIGEST_HOUR"] if hour is None else hour


def people(*roles: Role, municipality_id: int | None = None, employer_id: int | None = None):
    """The active accounts of the municipality (or the employer) holding any of `roles`."""
    from app.auth.models import User, UserRole  # people belong to the accounts' area

    query = (
        sa.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_(roles), User.is_active.is_(True))
        .distinct()
        .order_by(User.id)
        .options(selectinload(User.role_rows))  # the fan-out asks each what they may see
    )
    if municipality_id is not None:
        query = query.where(User.municipality_id == municipality_id)
    if employer_id is not None:
        query = query.where(User.employer_id == employer_id)
    if municipality_id is None and employer_id is None:
        return []
    return list(db.session.scalars(query))


def by_id(ids: list[int]) -> list[Any]:
    """The accounts with these ids (to fill the session before many audiences are read)."""
    from app.auth.models import User

    query = sa.select(User).where(User.id.in_(ids)).options(selectinload(User.role_rows))
    return list(db.session.scalars(query)) if ids else []
