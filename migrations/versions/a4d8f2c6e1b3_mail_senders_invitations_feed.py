"""Mail per municipality and calendar invitations; the feed's meetings and placement follow-ups

municipalities.mail_sender_name, mail_reply_to, mail_footer: how Validera's mail to the
municipality's people looks.
outgoing_mails.sender, reply_to: From and Reply-To as written; calendar, calendar_method: an
invitation to a calendar event, emptied once sent.
summonses.assessment_id: the planned assessment a summons calls to (SET NULL when it goes);
summonses.calendar_sequence, placement_follow_ups.calendar_sequence: raised by every change.

Revision ID: a4d8f2c6e1b3
Revises: e1c4a7d9b2f5
Create Date: 2026-12-08 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4d8f2c6e1b3'
down_revision = 'e1c4a7d9b2f5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_sender_name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('mail_reply_to', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('mail_footer', sa.String(length=500), nullable=True))
    with op.batch_alter_table('outgoing_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('calendar_method', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('sender', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('reply_to', sa.String(length=254), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_outgoing_mails_calendar_method_known'),
            "calendar_method IS NULL OR calendar_method IN ('REQUEST', 'CANCEL')",
        )
    with op.batch_alter_table('summonses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessment_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('calendar_sequence', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_summonses_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_summonses_assessment_id_assessments'),
            'assessments', ['assessment_id'], ['id'], ondelete='SET NULL',
        )
    with op.batch_alter_table('placement_follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_sequence', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('placement_follow_ups', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')
    with op.batch_alter_table('summonses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_summonses_assessment_id_assessments'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_summonses_assessment_id'))
        batch_op.drop_column('calendar_sequence')
        batch_op.drop_column('assessment_id')
    with op.batch_alter_table('outgoing_mails', schema=None) as batch_op:
        # The CHECK first: SQLite's copy of the table would still name the column.
        batch_op.drop_constraint(op.f('ck_outgoing_mails_calendar_method_known'), type_='check')
        batch_op.drop_column('reply_to')
        batch_op.drop_column('sender')
        batch_op.drop_column('calendar_method')
        batch_op.drop_column('calendar')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('mail_footer')
        batch_op.drop_column('mail_reply_to')
        batch_op.drop_column('mail_sender_name')
