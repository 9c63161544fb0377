"""Accessibility statement per municipality, and feedback about accessibility

municipalities: accessibility_compliance (full / partial / none), accessibility_shortcomings,
accessibility_assessed_on, accessibility_contact; accessibility_feedback: the messages sent
from the statement's form.

Revision ID: b3e1c9d27f44
Revises: c3e1f7a2b9d4
Create Date: 2026-12-07 19:40:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b3e1c9d27f44"
down_revision = "c3e1f7a2b9d4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("accessibility_compliance", sa.String(length=10), nullable=True)
        )
        batch_op.add_column(sa.Column("accessibility_shortcomings", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("accessibility_assessed_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("accessibility_contact", sa.String(length=254), nullable=True)
        )
    op.create_table(
        "accessibility_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("reply_to", sa.String(length=254), nullable=True),
        sa.Column("page", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_accessibility_feedback_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accessibility_feedback")),
    )
    with op.batch_alter_table("accessibility_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accessibility_feedback_municipality_id"),
            ["municipality_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("accessibility_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accessibility_feedback_municipality_id"))
    op.drop_table("accessibility_feedback")
    # Plain DROP COLUMN (SQLite 3.35+): a recreated table would break the rows that point at it.
    for column in (
        "accessibility_contact",
        "accessibility_assessed_on",
        "accessibility_shortcomings",
        "accessibility_compliance",
    ):
        op.drop_column("municipalities", column)
