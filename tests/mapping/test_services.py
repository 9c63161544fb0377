"""Mapping operations: choosing versions, recording, gaps per unit, plan, evidence, facts."""

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent
from app.cases.facts import fact
from app.cases.models import PlanActivity
from app.cases.vocab import ActivityKind
from app.cases.workflow import Stage
from app.extensions import db
from app.frameworks import services as framework_services
from app.mapping import services
from app.mapping.plan import add_training_to_plan
from app.mapping.vocab import Depth, GapStatus, Judgement, SelfAssessment, Source
from app.refusals import Refused
from tests.cases.factories import make_case
from tests.frameworks.factories import make_framework
from tests.mapping.factories import make_mapping

R, S, N = Judgement.READY, Judgement.SOME_EVIDENCE, Judgement.NO_EVIDENCE


def answer(judgement, *sources):
    return {
        "self_assessment": SelfAssessment.ON_MY_OWN,
        "judgement": judgement,
        "sources": set(sources),
        "notes": " Har gjort det på hotell. ",
    }


def test_a_case_keeps_the_version_it_was_mapped_against(case, framework, world):
    mapping = services.start_mapping(case, framework, world["coach"])
    newer = framework_services.new_version(framework)
    framework_services.publish_framework(newer)
    framework_services.retire_framework(framework)
    assert mapping.framework is framework and mapping.framework.version == 1
    second = services.start_mapping(case, newer, world["coach"])
    assert services.mappings_of(case) == [mapping, second]


def test_only_published_versions_and_open_cases(case, world):
    coach = world["coach"]
    with pytest.raises(Refused, match="not_published"):
        services.start_mapping(case, make_framework("draft"), coach)
    framework = make_framework()
    services.start_mapping(case, framework, coach)
    with pytest.raises(Refused, match="already_mapped"):
        services.start_mapping(case, framework, coach)
    closed = make_case(coach, stage=Stage.CLOSED)
    with pytest.raises(Refused, match="case_closed"):
        services.start_mapping(closed, make_framework(), coach)


def test_recording_a_unit_and_the_gap_analysis_per_unit(case, framework, world):
    mapping = services.start_mapping(case, framework, world["coach"])
    first, second = framework.units
    services.record_unit(
        mapping,
        first,
        {first.outcomes[0].id: answer(R, Source.WORK_ABROAD), first.outcomes[1].id: answer(R)},
        world["coach"],
    )
    services.record_unit(
        mapping,
        second,
        {second.outcomes[0].id: answer(S, Source.STUDIES), second.outcomes[1].id: answer(None)},
        world["coach"],
    )
    gaps = dict((unit.id, gap) for unit, gap in services.gap_analysis(mapping))
    assert gaps[first.id].status == GapStatus.READY and gaps[first.id].missing == ()
    assert gaps[second.id].status == GapStatus.PARTLY
    assert [s.outcome_id for s in gaps[second.id].missing] == [o.id for o in second.outcomes]
    entry = mapping.entry_for(first.outcomes[0].id)
    assert entry.sources == [Source.WORK_ABROAD] and entry.notes == "Har gjort det på hotell."
    progress = services.mapping_progress(mapping)
    assert (progress.judged, progress.self_assessed, progress.total) == (3, 4, 4)
    assert services.units_ready(case) == 1


def test_changing_an_entry_replaces_its_sources(case, framework, world):
    mapping = services.start_mapping(case, framework, world["coach"])
    outcome = framework.units[0].outcomes[0]
    services.record_outcome(mapping, outcome.id, world["coach"], **answer(S, Source.STUDIES))
    services.record_outcome(
        mapping, outcome.id, world["coach"], **answer(R, Source.VOLUNTEERING, Source.STUDIES)
    )
    entry = mapping.entry_for(outcome.id)
    assert entry.judgement == R and entry.sources == [Source.STUDIES, Source.VOLUNTEERING]
    assert len(mapping.entries) == 1


def test_an_outcome_of_another_framework_is_refused(case, framework, world):
    mapping = services.start_mapping(case, framework, world["coach"])
    foreign = make_framework().units[0].outcomes[0]
    with pytest.raises(Refused, match="unknown_outcome"):
        services.record_outcome(mapping, foreign.id, world["coach"], **answer(R))


def test_deepened_mapping_marks_later_entries(case, framework, world):
    mapping = services.start_mapping(case, framework, world["coach"])
    services.deepen_mapping(mapping, world["coach"])
    assert mapping.depth == Depth.DEEPENED and mapping.deepened_at is not None
    entry = services.record_outcome(
        mapping, framework.units[0].outcomes[0].id, world["coach"], **answer(S)
    )
    assert entry.recorded_in == Depth.DEEPENED
    with pytest.raises(Refused, match="already_deepened"):
        services.deepen_mapping(mapping, world["coach"])


def test_the_workflow_facts(case, framework, world):
    assert fact(case, "framework_chosen") is False and fact(case, "units_ready") == 0
    unit = framework.units[0]
    make_mapping(case, framework, judgements={o.id: R for o in unit.outcomes})
    assert fact(case, "framework_chosen") is True and fact(case, "units_ready") == 1


def test_units_ready_counted_in_the_database_agree_with_the_gap_analysis(case, world):
    """The case page reads `units_ready` in SQL; the gap analysis is its definition."""
    first, second = make_framework(units=4, outcomes=3), make_framework(units=2, outcomes=2)
    a, b, c, d = first.units
    judged = {o.id: R for o in a.outcomes}  # every outcome ready: ready
    judged |= {o.id: R for o in b.outcomes[:2]}  # one outcome not judged: not ready
    judged |= {b.outcomes[2].id: S, c.outcomes[0].id: R, c.outcomes[1].id: N}
    make_mapping(case, first, judgements=judged)  # d: nothing recorded
    make_mapping(case, second, judgements={o.id: R for u in second.units for o in u.outcomes})
    assert services.units_ready(case) == 3
    assert fact(case, "units_ready") == 3
    other = make_case(world["coach"], stage=Stage.MAPPING)
    assert services.units_ready(other) == fact(other, "units_ready") == 0


def test_one_action_adds_the_suggested_training_to_the_plan(app, case, framework, world):
    with app.test_request_context():  # the activity is worded in the user's language
        _add_training(case, framework, world)


def _add_training(case, framework, world):
    unit = framework.units[1]
    mapping = make_mapping(case, framework, judgements={unit.outcomes[0].id: R})
    gap = dict((u.id, g) for u, g in services.gap_analysis(mapping))[unit.id]
    activity = add_training_to_plan(mapping, unit, gap, world["coach"])
    assert activity.case is case and activity.kind == ActivityKind.WORK_BASED_LEARNING
    assert "U-2" in activity.description and " 2 " in activity.description
    assert db.session.scalar(sa.select(sa.func.count(PlanActivity.id))) == 1
    ready = framework.units[0]
    make_mapping(case, make_framework(), judgements={})
    ready_mapping = services.mappings_of(case)[0]
    for outcome in ready.outcomes:
        services.record_outcome(ready_mapping, outcome.id, world["coach"], **answer(R))
    ready_gap = dict((u.id, g) for u, g in services.gap_analysis(ready_mapping))[ready.id]
    with pytest.raises(Refused, match="nothing_missing"):
        add_training_to_plan(ready_mapping, ready, ready_gap, world["coach"])


def test_evidence_is_logged_with_the_participant(case, framework, world):
    mapping = services.start_mapping(case, framework, world["coach"])
    outcome = framework.units[0].outcomes[1]
    evidence = services.add_evidence(
        mapping,
        world["coach"],
        kind="reference",
        title="Intyg från arbetsgivare",
        reference="Eva Ek, arbetsledare, Städ AB",
        outcome_ids=[outcome.id, 999_999],
    )
    assert evidence.outcomes == [outcome]
    line = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "mapping.evidence_added")
    )
    assert line.participant_id == case.participant_id
    with pytest.raises(Refused, match="file_mismatch"):
        services.add_evidence(mapping, world["coach"], kind="file", title="Fil")
