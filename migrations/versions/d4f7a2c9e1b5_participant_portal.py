"""The participant's own pages

The role `participant`; users.participant_id (a participant's own account, one per
participant); journal_entries.is_shared (the coach shows the entry to the participant);
portal_sign_in_codes (one-time codes, mailed or handed over in person); portal_settings (whether
a municipality's participants may sign in with a code by mail).

Revision ID: d4f7a2c9e1b5
Revises: b3e1c9d27f44
Create Date: 2026-12-07 23:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d4f7a2c9e1b5"
down_revision = "b3e1c9d27f44"
branch_labels = None
depends_on = None

ROLES = (
    "admin", "system_admin", "coach", "assessor", "internal_verifier", "external_verifier",
    "employer", "regional", "manager",
)


def _check(values):
    return "role IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _set_roles(values) -> None:
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_roles_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_roles_role"), _check(values))


def upgrade():
    _set_roles((*ROLES, "participant"))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("participant_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_users_participant_id"), ["participant_id"])
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_shared", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "portal_sign_in_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("mail", "handover", name="kind", native_enum=False, create_constraint=True,
                    length=8),
            nullable=False,
        ),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["users.id"],
            name=op.f("fk_portal_sign_in_codes_made_by_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"],
            name=op.f("fk_portal_sign_in_codes_user_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_sign_in_codes")),
    )
    with op.batch_alter_table("portal_sign_in_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_portal_sign_in_codes_code_hash"), ["code_hash"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_portal_sign_in_codes_user_id"), ["user_id"], unique=False)
    op.create_table(
        "portal_settings",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("mail_codes", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipalities.id"],
            name=op.f("fk_portal_settings_municipality_id_municipalities"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", name=op.f("pk_portal_settings")),
    )


def downgrade():
    op.drop_table("portal_settings")
    with op.batch_alter_table("portal_sign_in_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_portal_sign_in_codes_user_id"))
        batch_op.drop_index(batch_op.f("ix_portal_sign_in_codes_code_hash"))
    op.drop_table("portal_sign_in_codes")
    with op.batch_alter_table("journal_entries", schema=None) as batch_op:
        batch_op.drop_column("is_shared")
    # The older schema knows no participants' accounts: they go, with their sessions and logs'
    # links (the audit log keeps its lines: its user_id is set to none first).
    op.execute(
        "UPDATE audit_events SET user_id = NULL WHERE user_id IN "
        "(SELECT id FROM users WHERE participant_id IS NOT NULL)"
    )
    op.execute("DELETE FROM users WHERE participant_id IS NOT NULL")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_participant_id"), type_="unique")
        batch_op.drop_column("participant_id")
    op.execute("DELETE FROM user_roles WHERE role = 'participant'")
    _set_roles(ROLES)
