"""Demo data: cases in the mapping stage and later carry mappings and evidence."""

import sqlalchemy as sa

from app.cases.models import Case
from app.cases.workflow import Stage
from app.demo import frameworks as demo_frameworks
from app.demo import mapping as demo_mapping
from app.extensions import db
from app.mapping.models import Mapping
from app.mapping.services import gap_analysis, mappings_of
from app.mapping.vocab import GapStatus
from tests.cases.factories import make_case


def test_the_loader_maps_every_case_from_the_mapping_stage_on(app, world):
    demo_frameworks.load()
    coach = world["coach"]
    early = make_case(coach, stage=Stage.INTAKE, goal="Arbete inom lokalvård")
    mapping_stage = make_case(coach, stage=Stage.MAPPING, goal="Jobb som truckförare på lager")
    later = make_case(coach, stage=Stage.ASSESSMENT, goal="Undersköterska i äldreomsorgen")
    paused = make_case(coach, stage=Stage.PAUSED, paused_from=Stage.TRAINING)
    both = make_case(coach, stage=Stage.CERTIFIED, background="Har arbetat med städ och lager.")
    demo_mapping.load()
    demo_mapping.load()  # idempotent
    rows = db.session.scalars(sa.select(Mapping).order_by(Mapping.id)).all()
    assert [m.framework.code for m in rows if m.case_id == both.id] == [
        "lokalvard",
        "lager-och-logistik",
    ]
    mappings = {m.case_id: m for m in rows}
    assert early.id not in mappings
    assert set(mappings) == {mapping_stage.id, later.id, paused.id, both.id}
    assert mappings[mapping_stage.id].framework.code == "lager-och-logistik"
    assert mappings[later.id].framework.code == "vard-och-omsorgsarbete"
    for mapping in mappings.values():
        assert len(mapping.evidence) == 2 and mapping.entries
        statuses = [gap.status for _unit, gap in gap_analysis(mapping)]
        assert GapStatus.READY in statuses and GapStatus.PARTLY in statuses
    ready = lambda m: sum(g.status == GapStatus.READY for _u, g in gap_analysis(m))  # noqa: E731
    assert ready(mappings[later.id]) > ready(mappings[mapping_stage.id])


def test_the_demo_cases_from_the_mapping_stage_on_carry_mappings_and_evidence(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    cases = [c for c in db.session.scalars(sa.select(Case)) if demo_mapping._in_scope(c)]
    assert len(cases) >= 5
    for case in cases:
        mappings = mappings_of(case)
        assert mappings, case.id
        assert all(m.evidence and m.entries for m in mappings), case.id
    before = db.session.scalar(sa.select(sa.func.count(Mapping.id)))
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(Mapping.id))) == before
