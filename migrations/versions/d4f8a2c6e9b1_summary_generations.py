"""Generations of the precomputed tables: what cached figures are keyed by

summary_generations: one row per keeper of precomputed tables (matching, statistics, ...), with
a token that every transaction changing its tables replaces when it commits; the statistics
dashboard caches its tables under the statistics keeper's token.

Revision ID: d4f8a2c6e9b1
Revises: d4f7a2c9e1b5
Create Date: 2026-12-07 23:35:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d4f8a2c6e9b1"
down_revision = "d4f7a2c9e1b5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "summary_generations",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_summary_generations")),
    )


def downgrade():
    op.drop_table("summary_generations")
