"""Login throttling: growing delays per account and address, and a ceiling per address.

Guessing one account's password from one address slows down: the first few failures cost
nothing, then each further failure makes the next attempt for that account from that address
wait twice as long (2 s, 4 s, 8 s, ... at most 15 minutes). Failures from other addresses do
not count against a pair, so the person whose account is attacked from elsewhere still logs in
from their own address; a success from an address starts its pair afresh. Separately, an
address with too many failures within 15 minutes, whatever the accounts, waits (one address
trying many accounts). A refused attempt is not checked and not recorded, so hammering during a
wait neither reveals the password nor makes the wait longer.

The time comes from `app.db.utcnow()`, so tests move it with the clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.auth.models import LoginAttempt
from app.db import utcnow
from app.extensions import db


@dataclass(frozen=True)
class Wait:
    """How long the next attempt must wait, and whether the account or the address caused it."""

    seconds: int
    by_address: bool


def pair_delay(failures: int, config) -> timedelta:
    """The wait after `failures` failures of one account from one address."""
    extra = failures - config["LOGIN_FREE_FAILURES"]
    if extra < 0:
        return timedelta(0)
    first, longest = config["LOGIN_FIRST_DELAY"], config["LOGIN_MAX_DELAY"]
    # No 2**extra beyond what the longest delay needs (a huge power would overflow timedelta).
    doublings = min(extra, math.ceil(math.log2(max(longest / first, 1))))
    return min(first * 2**doublings, longest)


def login_wait(email: str, ip: str, now: datetime | None = None) -> Wait | None:
    """How long an attempt for `email` from `ip` must wait now; None when it may go ahead."""
    config = current_app.config
    now = now or utcnow()
    pair_failures, pair_last, address_failures, address_first = _failures(email, ip, now)
    waits = []
    if pair_failures:
        ready = pair_last + pair_delay(pair_failures, config)
        if ready > now:
            waits.append(Wait(_seconds(ready - now), by_address=False))
    if address_failures >= config["LOGIN_ADDRESS_MAX_FAILURES"]:
        ready = address_first + config["LOGIN_ADDRESS_WINDOW"]
        waits.append(Wait(max(_seconds(ready - now), 1), by_address=True))
    return max(waits, key=lambda wait: wait.seconds, default=None)


def _failures(email: str, ip: str, now: datetime) -> tuple:
    """In one query: the pair's failures since its last success (how many, the latest), and the
    address's failures within its window (how many, the earliest)."""
    config = current_app.config
    email = normal_email(email)
    pair_since = now - config["LOGIN_ACCOUNT_WINDOW"]
    address_since = now - config["LOGIN_ADDRESS_WINDOW"]
    # By id, not time: attempts within one clock tick keep their order.
    last_success = (
        sa.select(sa.func.max(LoginAttempt.id))
        .where(
            LoginAttempt.ip == ip,
            LoginAttempt.email == email,
            LoginAttempt.succeeded.is_(True),
            LoginAttempt.at > pair_since,
        )
        .scalar_subquery()
    )
    failed = LoginAttempt.succeeded.is_(False)
    by_pair = sa.and_(
        failed,
        LoginAttempt.email == email,
        LoginAttempt.at > pair_since,
        LoginAttempt.id > sa.func.coalesce(last_success, 0),
    )
    by_address = sa.and_(failed, LoginAttempt.at > address_since)
    query = sa.select(
        sa.func.count().filter(by_pair),
        sa.func.max(LoginAttempt.at).filter(by_pair),
        sa.func.count().filter(by_address),
        sa.func.min(LoginAttempt.at).filter(by_address),
    ).where(LoginAttempt.ip == ip, LoginAttempt.at > min(pair_since, address_since))
    return tuple(db.session.execute(query).one())


def normal_email(email: str) -> str:
    """The email as attempts are recorded: trimmed, lower case, at most 254 characters."""
    return email.strip().lower()[:254]


def _seconds(delta: timedelta) -> int:
    return math.ceil(delta.total_seconds())
