"""From the gap analysis to the case's individual development plan (owned by the cases area)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.audit import record
from app.cases.services.work import add_activity
from app.cases.vocab import ActivityKind
from app.mapping.analysis import UnitGap
from app.mapping.models import Mapping
from app.mapping.vocab import Refusal
from app.refusals import Refused

DESCRIPTION_MAX = 500  # plan_activities.description


def activity_description(unit, gap: UnitGap) -> str:
    """The suggested activity in words: which unit, which outcomes, about how long."""
    numbers = ", ".join(state.number for state in gap.missing)
    text = _(
        "Complementary training in %(code)s %(title)s: learning outcomes %(numbers)s "
        "(about %(hours)s hours).",
        code=unit.code,
        title=unit.title,
        numbers=numbers,
        hours=gap.suggested_hours,
    )
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"


def add_training_to_plan(mapping: Mapping, unit, gap: UnitGap, actor):
    """Add the suggested complementary training for a unit to the case's development plan."""
    if gap.suggestion is None:
        raise Refused(Refusal.NOTHING_MISSING)
    activity = add_activity(
        mapping.case,
        {
            "kind": ActivityKind(gap.suggestion.value),
            "description": activity_description(unit, gap),
            "starts_on": None,
            "ends_on": None,
        },
        actor,
    )
    record(
        "mapping.training_planned",
        mapping,
        participant_id=mapping.case.participant_id,
        details={"case": mapping.case_id, "unit": unit.code, "activity": activity.id},
        user=actor,
    )
    return activity
