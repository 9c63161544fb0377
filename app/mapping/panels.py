"""The mapping area's block on a coach's home page."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.cases.models import Case
from app.cases.workflow import Stage
from app.extensions import db
from app.main.home import home_panel
from app.vocab import Role


@home_panel("mapping/_home_panel.html", Role.COACH, order=20)
def cases_in_mapping(user) -> dict:
    """The coach's own cases now in the mapping stage, to continue their mapping."""
    query = (
        sa.select(Case)
        .where(Case.coach_id == user.id, Case.stage == Stage.MAPPING)
        .order_by(Case.stage_entered_at)
        .options(joinedload(Case.participant))  # each line names the participant
    )
    cases = db.session.scalars(query.limit(20)).all()
    return {"cases": cases, "shown": [case.participant_id for case in cases]}
