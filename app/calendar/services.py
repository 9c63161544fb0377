"""Turning a person's calendar feed on, renewing it and turning it off; reading it by its token.

The token is shown once, when it is made; its row keeps only the SHA-256 (as password-reset
links do), so a token that leaked from the database names no feed. Every change of a planned
assessment, follow-up, placement follow-up or summons raises the row's `calendar_sequence` (a
flush listener installed by the area), which the feed gives as the event's SEQUENCE, so
calendars take the change.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

import sqlalchemy as sa

from app.assessments.models import Assessment
from app.audit import record, record_many
from app.calendar.models import CalendarFeed
from app.cases.models import FollowUp, Summons
from app.db import utcnow
from app.employers.models import PlacementFollowUp
from app.extensions import db

SEQUENCED = (Assessment, FollowUp, PlacementFollowUp, Summons)


def digest(token: str) -> str:
    """SHA-256 in hex of a feed's token: the only trace of it that is kept."""
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(user) -> CalendarFeed | None:
    """The person's live feed, if they have turned it on."""
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def find_feed(token: str) -> CalendarFeed | None:
    """The live feed this token names (None: unknown, renewed or turned off, or an inactive
    account)."""
    if not token or len(token) > 200:
        return None
    query = sa.select(CalendarFeed).where(CalendarFeed.token_hash == digest(token))
    feed = db.session.scalar(query)
    return feed if feed is not None and feed.user.is_active else None


def renew_feed(user) -> str:
    """Turn the feed on, or give it a new token (the old URL stops at once); answer the token."""
    token = secrets.token_urlsafe(32)
    feed = feed_of(user)
    action = "calendar.renewed" if feed is not None else "calendar.turned_on"
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token_hash = digest(token)
    feed.created_at = utcnow()
    db.session.flush()
    record(action, feed, user=user)
    return token


def turn_off_feed(user) -> None:
    """Turn the feed off: its URL stops at once."""
    feed = feed_of(user)
    if feed is None:
        return
    record("calendar.turned_off", feed, user=user)
    db.session.delete(feed)
    db.session.flush()


def log_fetch(feed: CalendarFeed, participant_ids: Iterable[int]) -> None:
    """A fetch of the feed read the cases of these participants: one line each, one INSERT
    (one line without a participant when the feed named none)."""
    ids = list(participant_ids)
    if ids:
        record_many("calendar.fetched", feed, ids, user=feed.user)
    else:
        record("calendar.fetched", feed, user=feed.user)


def raise_sequences(session, flush_context, instances) -> None:
    """Before a flush: each changed row of a calendar event gets the next SEQUENCE."""
    for obj in session.dirty:
        if isinstance(obj, SEQUENCED) and session.is_modified(obj, include_collections=False):
            obj.calendar_sequence = (obj.calendar_sequence or 0) + 1
