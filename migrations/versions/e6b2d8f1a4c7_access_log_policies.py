"""What participants see of who read their data: portal_access_log_policies (the reader's name
shown beside the role, when the municipality chooses so; role only by default).

Revision ID: e6b2d8f1a4c7
Revises: d4c7a1e9b3f2
Create Date: 2026-12-08 02:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e6b2d8f1a4c7"
down_revision = "d4c7a1e9b3f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "portal_access_log_policies",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("shows_names", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipalities.id"],
            name=op.f("fk_portal_access_log_policies_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", name=op.f("pk_portal_access_log_policies")),
    )


def downgrade():
    op.drop_table("portal_access_log_policies")
