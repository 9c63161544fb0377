"""SAML 2.0: the assertions used already, so that one posted again is refused

Revision ID: a5c7e9b1d3f2
Revises: f3a8c6d1b2e9
Create Date: 2026-12-07 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5c7e9b1d3f2'
down_revision = 'f3a8c6d1b2e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saml_assertions_seen',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_saml_assertions_seen'))
    )
    with op.batch_alter_table('saml_assertions_seen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saml_assertions_seen_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('saml_assertions_seen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saml_assertions_seen_expires_at'))

    op.drop_table('saml_assertions_seen')
