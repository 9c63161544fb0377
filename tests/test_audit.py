"""The audit log is append-only."""

import pytest
import sqlalchemy as sa

from app.audit import AuditEvent, AuditLogIsAppendOnly, record, record_many
from app.extensions import db


def test_record_adds_a_line(world):
    line = record("case.view", world.home, participant_id=42, user=world["coach"])
    db.session.flush()
    assert line.actor == "coach@test.example" and line.object_type == "municipalities"
    assert line.participant_id == 42 and line.at is not None


def test_record_many_writes_one_line_per_participant_in_one_statement(world):
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        record_many("candidate.shown", world.home, [7, 8, 9], user=world["employer"])
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
    lines = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "candidate.shown")
    ).all()
    assert sorted(line.participant_id for line in lines) == [7, 8, 9]
    assert {(line.actor, line.object_type) for line in lines} == {
        ("employer@test.example", "municipalities")
    }


def test_a_line_cannot_be_changed(world):
    line = record("case.view", user=world["coach"])
    db.session.flush()
    line.action = "something.else"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_a_line_cannot_be_deleted(world):
    line = record("case.view", user=world["coach"])
    db.session.flush()
    db.session.delete(line)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_bulk_update_and_delete_are_refused(world):
    record("case.view", user=world["coach"])
    db.session.flush()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(sa.update(AuditEvent).values(action="x"))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(sa.delete(AuditEvent))


def test_no_route_changes_the_log(app):
    for url_rule in app.url_map.iter_rules():
        if url_rule.endpoint.startswith("admin.audit"):
            assert url_rule.methods <= {"GET", "HEAD", "OPTIONS"}, url_rule
