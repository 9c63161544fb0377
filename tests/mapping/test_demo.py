"""Demo data: cases in the mapping stage and later carry mappings and evidence."""

import sqlalchemy as sa

from app.cases.workflow import Stage
from app.demo import frameworks as demo_frameworks
from app.demo import mapping as demo_mapping
from app.extensions import db
from app.mapping.analysis import GapStatus
from app.mapping.models import Mapping
from app.mapping.services import gap_analysis
from tests.cases.factories import make_case


def test_the_loader_maps_every_case_from_the_mapping_stage_on(app, world):
    demo_frameworks.load()
    coach = world["coach"]
    early = make_case(coach, stage=Stage.INTAKE, goal="Arbete inom lokalvård")
    mapping_stage = make_case(coach, stage=Stage.MAPPING, goal="Jobb som truckförare på lager")
    later = make_case(coach, stage=Stage.ASSESSMENT, goal="Undersköterska i äldreomsorgen")
    paused = make_case(coach, stage=Stage.PAUSED, paused_from=Stage.TRAINING)
    demo_mapping.load()
    demo_mapping.load()  # idempotent
    mappings = {m.case_id: m for m in db.session.scalars(sa.select(Mapping))}
    assert early.id not in mappings
    assert set(mappings) == {mapping_stage.id, later.id, paused.id}
    assert mappings[mapping_stage.id].framework.code == "lager-och-logistik"
    assert mappings[later.id].framework.code == "vard-och-omsorgsarbete"
    for mapping in mappings.values():
        assert len(mapping.evidence) == 2 and mapping.entries
        statuses = [gap.status for _unit, gap in gap_analysis(mapping)]
        assert GapStatus.READY in statuses and GapStatus.PARTLY in statuses
    ready = lambda m: sum(g.status == GapStatus.READY for _u, g in gap_analysis(m))  # noqa: E731
    assert ready(mappings[later.id]) > ready(mappings[mapping_stage.id])
