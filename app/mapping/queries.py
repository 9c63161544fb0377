"""Reads of a case's mapping for the participant's own pages (`app.portal`)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.mapping.models import Evidence, Mapping


def own_evidence(case, user) -> list[Evidence]:
    """What the participant (their account `user`) sent for the case's mappings, newest first,
    with the outcomes each shows."""
    query = (
        sa.select(Evidence)
        .join(Evidence.mapping)
        .where(Mapping.case_id == case.id, Evidence.created_by_id == user.id)
        .options(selectinload(Evidence.outcomes))
        .order_by(Evidence.created_at.desc(), Evidence.id.desc())
    )
    return list(db.session.scalars(query))
