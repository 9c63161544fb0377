"""Job shadowing (hospitering) as a kind of plan activity

Revision ID: b9e1d4c7a2f8
Revises: aa0784f667a0
Create Date: 2026-12-07 19:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b9e1d4c7a2f8'
down_revision = 'aa0784f667a0'
branch_labels = None
depends_on = None

BEFORE = ('sfi', 'komvux', 'mentor', 'work_based_learning', 'work_trial', 'other')
AFTER = ('sfi', 'komvux', 'mentor', 'work_based_learning', 'job_shadowing', 'work_trial', 'other')


def _set_check(values) -> None:
    with op.batch_alter_table('plan_activities', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_plan_activities_kind'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_plan_activities_kind'),
            "kind IN (" + ", ".join(f"'{v}'" for v in values) + ")",
        )


def upgrade():
    _set_check(AFTER)


def downgrade():
    # The older schema does not know job shadowing: such activities become "other".
    op.execute("UPDATE plan_activities SET kind = 'other' WHERE kind = 'job_shadowing'")
    _set_check(BEFORE)
