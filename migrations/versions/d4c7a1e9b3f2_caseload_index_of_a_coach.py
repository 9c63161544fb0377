"""The caseload's index of a coach's own cases

cases_coach_caseload (municipality_id, coach_id, next_follow_up_on, id), carrying the stage on
PostgreSQL: "my cases" and their count are read from the index alone.

Revision ID: d4c7a1e9b3f2
Revises: b3e1c9d27f44
Create Date: 2026-12-07 23:40:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "d4c7a1e9b3f2"
down_revision = "b3e1c9d27f44"
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


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("cases_coach_caseload")
