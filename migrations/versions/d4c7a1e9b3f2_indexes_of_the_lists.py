"""Indexes of the lists: a coach's own cases, an assessor's decisions

cases_coach_caseload (municipality_id, coach_id, next_follow_up_on, id), carrying the stage on
PostgreSQL: "my cases" and their count are read from the index alone.
unit_decisions_to_act_on (assessor_id, decided_at, id) of the decisions confirmed or returned:
an assessor's decisions to act on, oldest first.
assessments_assessor_order (assessor_id, status, scheduled_on, id): an assessor's list.

Revision ID: d4c7a1e9b3f2
Revises: d4f8a2c6e9b1
Create Date: 2026-12-07 23:40:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d4c7a1e9b3f2"
down_revision = "d4f8a2c6e9b1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "cases_coach_caseload",
            ["municipality_id", "coach_id", "next_follow_up_on", "id"],
            unique=False,
            postgresql_include=["stage"],
        )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(
            "assessments_assessor_order",
            ["assessor_id", "status", "scheduled_on", "id"],
            unique=False,
        )
    with op.batch_alter_table("unit_decisions", schema=None) as batch_op:
        batch_op.create_index(
            "unit_decisions_to_act_on",
            ["assessor_id", "decided_at", "id"],
            unique=False,
            postgresql_where=sa.text("status IN ('confirmed', 'returned')"),
            sqlite_where=sa.text("status IN ('confirmed', 'returned')"),
        )


def downgrade():
    with op.batch_alter_table("unit_decisions", schema=None) as batch_op:
        batch_op.drop_index("unit_decisions_to_act_on")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index("assessments_assessor_order")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("cases_coach_caseload")
