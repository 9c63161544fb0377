"""Welcome links

A link in password_resets may be the welcome link of a new account (is_welcome): the person
chooses their first password with it, and it lives longer than a reset link.

Revision ID: b5d8e3a1f7c2
Revises: f1a3c5e7b9d2
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d8e3a1f7c2'
down_revision = 'f1a3c5e7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('is_welcome', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.drop_column('is_welcome')
