"""Participant number unique per municipality

A personal number was unique across every municipality, so a municipality registering a person
known elsewhere could only be told so (or attached to the other municipality's row). Now each
municipality has its own row for a person; a consented transfer links them.

The downgrade restores the global uniqueness, and refuses while some number is registered in
more than one municipality (those rows would first have to be linked by a transfer).

Revision ID: c3a71f0e5d2b
Revises: 49c716520cd7
Create Date: 2026-11-23 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a71f0e5d2b'
down_revision = '49c716520cd7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_participants_personal_number'), type_='unique')
        batch_op.create_unique_constraint(
            'uq_participants_municipality_number', ['municipality_id', 'personal_number']
        )


def downgrade():
    shared = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM (SELECT personal_number FROM participants "
            "WHERE personal_number IS NOT NULL GROUP BY personal_number "
            "HAVING count(*) > 1) AS shared"
        )
    )
    if shared:
        raise RuntimeError(
            f"{shared} personal numbers are registered in more than one municipality: "
            "link them by transfers before downgrading"
        )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint('uq_participants_municipality_number', type_='unique')
        batch_op.create_unique_constraint(
            op.f('uq_participants_personal_number'), ['personal_number']
        )
