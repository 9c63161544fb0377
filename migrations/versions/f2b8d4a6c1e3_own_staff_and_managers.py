"""Own staff referred by their manager

The manager role (chef), the referral source `own_staff`, the consent kind `manager`, the
notification kind `staff_certified`, and staff_referrals: which manager referred which
employee, with the consent given then.

Revision ID: f2b8d4a6c1e3
Revises: fab9385d64bb
Create Date: 2026-12-07 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b8d4a6c1e3'
down_revision = 'fab9385d64bb'
branch_labels = None
depends_on = None

ROLES = ('admin', 'system_admin', 'coach', 'assessor', 'internal_verifier', 'external_verifier', 'employer', 'regional')
SOURCES = ('social_services', 'public_employment_service', 'other_municipality', 'self_referral', 'other')
CONSENTS = ('registration', 'employers', 'other_municipality')
KINDS = (
    'referral_received', 'transfer_requested', 'case_assigned', 'assessment_scheduled',
    'assessment_tomorrow', 'results_await_decision', 'decision_returned', 'verification_waiting',
    'verification_overdue', 'introduction_requested', 'introduction_answered', 'follow_up_due',
    'placement_follow_up_due', 'case_idle', 'consent_withdrawn', 'export_ready',
    'retention_upcoming',
)
# (table, check constraint, column, values before, values after)
CHECKS = (
    ('user_roles', 'role', 'role', ROLES, (*ROLES, 'manager')),
    ('referrals', 'source', 'source', SOURCES, (*SOURCES, 'own_staff')),
    ('report_cases', 'source', 'source', SOURCES, (*SOURCES, 'own_staff')),
    ('report_referrals', 'source', 'source', SOURCES, (*SOURCES, 'own_staff')),
    ('consent_events', 'consent_kind', 'kind', CONSENTS, (*CONSENTS, 'manager')),
    ('notification_events', 'kind', 'kind', KINDS, (*KINDS, 'staff_certified')),
    ('notifications', 'kind', 'kind', KINDS, (*KINDS, 'staff_certified')),
    ('notification_settings', 'kind', 'kind', KINDS, (*KINDS, 'staff_certified')),
)


def _check(column, values):
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _set_checks(new: bool) -> None:
    for table, name, column, before, after in CHECKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_{name}'), type_='check')
            batch_op.create_check_constraint(
                op.f(f'ck_{table}_{name}'), _check(column, after if new else before)
            )


def upgrade():
    _set_checks(new=True)
    op.create_table('staff_referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('consent_id', sa.Integer(), nullable=False),
    sa.Column('employee_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consent_id'], ['consent_events.id'], name=op.f('fk_staff_referrals_consent_id_consent_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], name=op.f('fk_staff_referrals_manager_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_staff_referrals_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_referrals')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_staff_referrals_referral_id'))
    )
    with op.batch_alter_table('staff_referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_referrals_manager_id'), ['manager_id'], unique=False)


def downgrade():
    with op.batch_alter_table('staff_referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_referrals_manager_id'))
    op.drop_table('staff_referrals')
    # The older schema knows none of the new words: managers lose the role, their employees'
    # consents to be followed go, and own-staff referrals count as "other".
    op.execute("DELETE FROM user_roles WHERE role = 'manager'")
    op.execute("DELETE FROM consent_events WHERE kind = 'manager'")
    for table in ('notifications', 'notification_settings', 'notification_events'):
        op.execute(f"DELETE FROM {table} WHERE kind = 'staff_certified'")
    for table in ('referrals', 'report_cases', 'report_referrals'):
        op.execute(f"UPDATE {table} SET source = 'other' WHERE source = 'own_staff'")
    _set_checks(new=False)
