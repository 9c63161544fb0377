"""Audit lines for employers' views of many candidates at once."""

from __future__ import annotations

import sqlalchemy as sa
from flask import request
from flask_login import current_user

from app.audit import AuditEvent
from app.db import utcnow
from app.extensions import db


def record_candidates_shown(action: str, obj, participant_ids: list[int]) -> None:
    """One line per candidate shown, with its participant id, in a single INSERT.

    `app.audit.record` adds one object per line, which the ORM writes one statement at a time;
    a page that lists candidates must not cost one statement per candidate.
    """
    if not participant_ids:
        return
    user = current_user._get_current_object()
    base = {
        "at": utcnow(),
        "user_id": user.id,
        "actor": user.email,
        "action": action,
        "object_type": type(obj).__tablename__,
        "object_id": obj.id,
        "ip": request.remote_addr,
        "details": None,
    }
    db.session.execute(
        sa.insert(AuditEvent), [{**base, "participant_id": pid} for pid in participant_ids]
    )
