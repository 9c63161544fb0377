"""Notifications: the events actions write, one row per person told, and their settings

notification_events: what happened (kind, object id, who acted), fanned out once by a job.
notifications: one person told of one event; read or not, mailed at once or in a digest.
notification_settings: a person's choice of delivery per kind.
notification_digest_hours: the hour a person's daily digest is mailed.

Revision ID: b3f9d2a7c5e1
Revises: a4d8f2c6e1b3
Create Date: 2026-12-07 06:51:07.223844

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3f9d2a7c5e1'
down_revision = 'a4d8f2c6e1b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_digest_hours',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('hour', sa.Integer(), nullable=False),
    sa.CheckConstraint('hour BETWEEN 0 AND 23', name=op.f('ck_notification_digest_hours_hour_of_day')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_digest_hours_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_digest_hours'))
    )
    op.create_table('notification_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('referral_received', 'transfer_requested', 'case_assigned', 'assessment_scheduled', 'assessment_tomorrow', 'results_await_decision', 'decision_returned', 'verification_waiting', 'verification_overdue', 'introduction_requested', 'introduction_answered', 'follow_up_due', 'placement_follow_up_due', 'case_idle', 'consent_withdrawn', 'export_ready', 'retention_upcoming', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('detail', sa.String(length=40), nullable=True),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_notification_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_notification_events_recipient_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_events')),
    sa.UniqueConstraint('key', name=op.f('uq_notification_events_key'))
    )
    with op.batch_alter_table('notification_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_events_done_at'), ['done_at'], unique=False)

    op.create_table('notification_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('referral_received', 'transfer_requested', 'case_assigned', 'assessment_scheduled', 'assessment_tomorrow', 'results_await_decision', 'decision_returned', 'verification_waiting', 'verification_overdue', 'introduction_requested', 'introduction_answered', 'follow_up_due', 'placement_follow_up_due', 'case_idle', 'consent_withdrawn', 'export_ready', 'retention_upcoming', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('delivery', sa.Enum('in_app', 'immediate', 'digest', name='delivery', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_settings'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('referral_received', 'transfer_requested', 'case_assigned', 'assessment_scheduled', 'assessment_tomorrow', 'results_await_decision', 'decision_returned', 'verification_waiting', 'verification_overdue', 'introduction_requested', 'introduction_answered', 'follow_up_due', 'placement_follow_up_due', 'case_idle', 'consent_withdrawn', 'export_ready', 'retention_upcoming', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('detail', sa.String(length=40), nullable=True),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('delivery', sa.Enum('in_app', 'immediate', 'digest', name='delivery', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['notification_events.id'], name=op.f('fk_notifications_event_id_notification_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_notifications_event_user')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_event_id'), ['event_id'], unique=False)
        batch_op.create_index('notifications_digest_pending', ['user_id', 'id'], unique=False, postgresql_where=sa.text("delivery = 'digest' AND mailed_at IS NULL"), sqlite_where=sa.text("delivery = 'digest' AND mailed_at IS NULL"))
        batch_op.create_index('notifications_user_unread', ['user_id', 'read_at', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('notifications_user_unread')
        batch_op.drop_index('notifications_digest_pending', postgresql_where=sa.text("delivery = 'digest' AND mailed_at IS NULL"), sqlite_where=sa.text("delivery = 'digest' AND mailed_at IS NULL"))
        batch_op.drop_index(batch_op.f('ix_notifications_event_id'))

    op.drop_table('notifications')
    op.drop_table('notification_settings')
    with op.batch_alter_table('notification_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_events_done_at'))

    op.drop_table('notification_events')
    op.drop_table('notification_digest_hours')
