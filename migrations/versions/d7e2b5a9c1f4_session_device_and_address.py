"""Sessions keep their device and address

Each session row keeps the browser's User-Agent and the address the login came from, which the
person's list of their sessions shows. Rows of sessions begun before have neither.

Revision ID: d7e2b5a9c1f4
Revises: c4a1e7d2b9f3
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e2b5a9c1f4'
down_revision = 'c4a1e7d2b9f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_agent', sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column('ip', sa.String(length=45), nullable=True))


def downgrade():
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_column('ip')
        batch_op.drop_column('user_agent')
