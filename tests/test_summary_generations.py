"""Each keeper of precomputed tables has a generation: a new one with every commit that
changed its tables, none for a transaction rolled back or one that changed nothing of theirs."""

from __future__ import annotations

from app.cases.workflow import Stage
from app.extensions import db
from app.summaries import generation, has_pending_changes, rebuild_summaries
from tests.cases.factories import make_case


def _now(name: str = "reports") -> int:
    return generation(db.session.connection(), name)


def test_a_commit_that_changed_the_tables_gives_a_new_generation(world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    db.session.commit()
    before = _now()
    case.stage = Stage.MAPPING
    db.session.flush()
    assert has_pending_changes(db.session())
    assert _now() == before  # not before the commit
    db.session.commit()
    assert not has_pending_changes(db.session())
    assert _now() != before


def test_the_last_flush_of_a_commit_counts_too(world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    db.session.commit()
    before = _now()
    case.stage = Stage.MAPPING  # flushed by the commit itself
    db.session.commit()
    assert _now() != before


def test_a_rolled_back_change_leaves_the_generation(world):
    case = make_case(world["coach"], stage=Stage.INTAKE)
    db.session.commit()
    before = _now()
    with db.session.begin_nested():
        case.stage = Stage.MAPPING
        db.session.flush()
        db.session.rollback()
    assert _now() == before


def test_each_keeper_has_its_own_generation(world):
    make_case(world["coach"], stage=Stage.INTAKE)
    db.session.commit()
    reports, matching = _now("reports"), _now("matching")
    rebuild_summaries()
    assert _now("reports") != reports and _now("matching") != matching
