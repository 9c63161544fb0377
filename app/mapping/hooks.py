"""What the mapping area offers other areas: the case workflow's facts (see app/cases/facts.py),
the coach's home panel and the case timeline's entries (`register`, called by the area's
`init_app`)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.cases.facts import (
    Asked,
    TimelineEntry,
    TimelineSource,
    case_fact,
    timeline_rows,
    timeline_source,
)
from app.cases.models import Case
from app.cases.workflow import Stage
from app.extensions import db
from app.frameworks.models import Framework, LearningOutcome, Unit
from app.main.home import home_panel
from app.mapping.models import Evidence, Mapping, OutcomeEntry
from app.mapping.vocab import EvidenceStatus, Judgement
from app.notifications import Kind, notification_kind
from app.permissions import can
from app.vocab import Role


def register(app: Flask) -> None:
    """Offer the case facts, the home panel and the timeline entries to `app`."""
    case_fact(app, "framework_chosen", framework_chosen)
    case_fact(app, "units_ready", units_ready)
    home_panel(app, "mapping/_home_panel.html", cases_in_mapping, Role.COACH, order=20)
    timeline_source(app, mapping_events)
    notification_kind(
        app,
        Kind.EVIDENCE_SUBMITTED,
        Role.COACH,
        load=lambda evidence_id: db.session.get(Evidence, evidence_id),
        action="mapping.edit",
        audience=lambda evidence, event: [evidence.case.coach] if evidence.case.coach else [],
        link=lambda evidence: url_for(
            "mapping.show", mapping_id=evidence.mapping_id, _anchor="from-participant"
        ),
        reference=lambda evidence: str(evidence.case),
    )


def _framework_chosen(case_id):
    """A framework version has been chosen for the case."""
    return sa.exists().where(Mapping.case_id == case_id)


def _units_ready(case_id):
    """Units judged ready for assessment, over all the case's mappings: as the gap analysis
    counts them (`analysis.unit_status`, READY), every learning outcome of the unit judged
    ready, and the unit has at least one."""
    outcome = sa.orm.aliased(LearningOutcome)
    judged_ready = (
        sa.exists()
        .where(
            OutcomeEntry.mapping_id == Mapping.id,
            OutcomeEntry.outcome_id == outcome.id,
            OutcomeEntry.judgement == Judgement.READY,
        )
        .correlate_except(OutcomeEntry)  # the mapping is the outermost query's
    )
    return (
        sa.select(sa.func.count())
        .select_from(Mapping)
        .join(Unit, Unit.framework_id == Mapping.framework_id)
        .where(
            Mapping.case_id == case_id,
            sa.exists().where(LearningOutcome.unit_id == Unit.id),
            ~sa.exists().where(outcome.unit_id == Unit.id, ~judged_ready),
        )
        .scalar_subquery()
    )


framework_chosen = Asked(_framework_chosen)
units_ready = Asked(_units_ready)


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


def _mapping_rows(case, viewer) -> list:
    """Frameworks chosen, deepened mappings and evidence added (for those who may see the
    mapping)."""
    if not can(viewer, "mapping.view", case):
        return []
    mapped = Framework.name + " v" + sa.cast(Framework.version, sa.String)
    of_case = Mapping.case_id == case.id
    return [
        sa.select(
            *timeline_rows(
                "mapping",
                at=Mapping.created_at,
                by=Mapping.created_by_id,
                ref=Mapping.id,
                pos=sa.literal(0),
                texts=(mapped,),
            )
        )
        .join(Framework, Framework.id == Mapping.framework_id)
        .where(of_case),
        sa.select(
            *timeline_rows(
                "mapping_deepened",
                at=Mapping.deepened_at,
                ref=Mapping.id,
                pos=sa.literal(1),
                texts=(mapped,),
            )
        )
        .join(Framework, Framework.id == Mapping.framework_id)
        .where(of_case, Mapping.deepened_at.is_not(None)),
        sa.select(
            *timeline_rows(
                "evidence",
                at=Evidence.created_at,
                by=Evidence.created_by_id,
                ref=Evidence.mapping_id,
                pos=Evidence.id + 1,
                texts=(Evidence.title,),
            )
        )
        .join(Mapping, Mapping.id == Evidence.mapping_id)
        .where(of_case, Evidence.status == EvidenceStatus.ACCEPTED),
    ]


def _mapping_entries(rows) -> list[TimelineEntry]:
    """Each mapping (oldest first) when chosen, when deepened, then its evidence."""
    kind = _("Mapping")
    entries = []
    for row in sorted(rows, key=lambda row: (row.ref, row.pos)):
        if row.kind == "mapping":
            title = _("Mapped against %(f)s", f=row.t1)
        elif row.kind == "mapping_deepened":
            title = _("Deepened mapping against %(f)s", f=row.t1)
        else:
            title = _("Evidence added: %(title)s", title=row.t1)
        entries.append(TimelineEntry(row.at, kind, title, by=row.by))
    return entries


mapping_events = TimelineSource(
    ("mapping", "mapping_deepened", "evidence"), _mapping_rows, _mapping_entries
)
