"""What the mapping area offers other areas: the case workflow's facts (see app/cases/facts.py),
the coach's home panel and the case timeline's entries (`register`, called by the area's
`init_app`)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.cases.facts import TimelineEntry, case_fact, timeline_source
from app.cases.models import Case
from app.cases.workflow import Stage
from app.extensions import db
from app.main.home import home_panel
from app.mapping import services
from app.mapping.models import Mapping
from app.permissions import can
from app.vocab import Role


def register(app: Flask) -> None:
    """Offer the case facts, the home panel and the timeline entries to `app`."""
    case_fact(app, "framework_chosen", framework_chosen)
    case_fact(app, "units_ready", units_ready)
    home_panel(app, "mapping/_home_panel.html", cases_in_mapping, Role.COACH, order=20)
    timeline_source(app, mapping_events)


def framework_chosen(case) -> bool:
    """A framework version has been chosen for the case."""
    return db.session.scalar(sa.select(Mapping.id).where(Mapping.case_id == case.id)) is not None


def units_ready(case) -> int:
    """Units judged ready for assessment, over all the case's mappings."""
    return services.units_ready(case)


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


def mapping_events(case, viewer) -> list[TimelineEntry]:
    """Frameworks chosen, deepened mappings and evidence added."""
    if not can(viewer, "mapping.view", case):
        return []
    entries = []
    for mapping in services.mappings_of(case):
        kind = _("Mapping")
        title = _("Mapped against %(f)s", f=mapping)
        entries.append(TimelineEntry(mapping.created_at, kind, title, by=mapping.created_by_id))
        if mapping.deepened_at:
            title = _("Deepened mapping against %(f)s", f=mapping)
            entries.append(TimelineEntry(mapping.deepened_at, kind, title))
        for item in mapping.evidence:
            title = _("Evidence added: %(title)s", title=item.title)
            entries.append(TimelineEntry(item.created_at, kind, title, by=item.created_by_id))
    return entries
