"""Imports: an uploaded file of referrals or staff accounts kept between its preview and its
confirmation

imports: kind, state, uploader, municipality, file name, the rows read (emptied once imported),
counts, expiry.

Revision ID: c2e8a4f1d6b9
Revises: f2b8d4a6c1e3
Create Date: 2026-12-07 16:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2e8a4f1d6b9'
down_revision = 'f2b8d4a6c1e3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('referrals', 'staff', name='import_kind', native_enum=False, create_constraint=True, length=9), nullable=False),
    sa.Column('state', sa.Enum('previewed', 'imported', name='import_state', native_enum=False, create_constraint=True, length=9), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('imported_count', sa.Integer(), nullable=False),
    sa.Column('new_participant_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_imports_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_imports_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imports'))
    )
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imports_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imports_owner_id'), ['owner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imports_owner_id'))
        batch_op.drop_index(batch_op.f('ix_imports_municipality_id'))
    op.drop_table('imports')
