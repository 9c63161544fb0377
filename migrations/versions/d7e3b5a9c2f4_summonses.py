"""Summonses: the letters calling a participant to a meeting or an assessment

Revision ID: d7e3b5a9c2f4
Revises: c8e4a2f6b1d3
Create Date: 2026-12-07 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e3b5a9c2f4'
down_revision = 'c8e4a2f6b1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('summonses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('meeting', 'assessment', name='purpose', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('delivery', sa.Enum('mail', 'printed', name='delivery', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('bring', sa.Text(), nullable=True),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('summonses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_summonses_case_id'), ['case_id'], unique=False)


def downgrade():
    with op.batch_alter_table('summonses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_summonses_case_id'))
    op.drop_table('summonses')
