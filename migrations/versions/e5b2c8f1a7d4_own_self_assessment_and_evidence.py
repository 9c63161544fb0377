"""The participant's own self-assessment and evidence

self_assessments: the participant's own answer for a learning outcome of their mapping (can
they do it, and where they learned it). mapping_evidence gains a status (accepted, waiting,
refused; every existing row is accepted), the reason of a refusal and who decided when: the
participant's uploads wait for the coach. The notification kind `evidence_submitted` tells the
coach.

Revision ID: e5b2c8f1a7d4
Revises: e6b2d8f1a4c7
Create Date: 2026-12-08 02:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e5b2c8f1a7d4"
down_revision = "e6b2d8f1a4c7"
branch_labels = None
depends_on = None

KINDS = (
    "referral_received", "transfer_requested", "case_assigned", "assessment_scheduled",
    "assessment_tomorrow", "results_await_decision", "decision_returned", "verification_waiting",
    "verification_overdue", "introduction_requested", "introduction_answered", "follow_up_due",
    "placement_follow_up_due", "case_idle", "consent_withdrawn", "export_ready",
    "retention_upcoming", "staff_certified",
)  # fmt: skip
NEW_KIND = "evidence_submitted"
NOTIFIED = ("notification_events", "notifications", "notification_settings")


def _check(column, values):
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _set_kinds(values) -> None:
    for table in NOTIFIED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_kind"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_kind"), _check("kind", values))


def upgrade():
    _set_kinds((*KINDS, NEW_KIND))
    op.create_table(
        "self_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mapping_id", sa.Integer(), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=False),
        sa.Column(
            "answer",
            sa.Enum("yes", "partly", "not_yet", name="answer", native_enum=False,
                    create_constraint=True, length=7),
            nullable=False,
        ),
        sa.Column("learned_where", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["mapping_id"], ["mappings.id"],
                                name=op.f("fk_self_assessments_mapping_id_mappings"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["outcome_id"], ["learning_outcomes.id"],
                                name=op.f("fk_self_assessments_outcome_id_learning_outcomes"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_assessments")),
        sa.UniqueConstraint("mapping_id", "outcome_id", name="uq_self_assessments_outcome"),
    )  # fmt: skip
    with op.batch_alter_table("self_assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_assessments_mapping_id"), ["mapping_id"])
        batch_op.create_index(batch_op.f("ix_self_assessments_outcome_id"), ["outcome_id"])
    with op.batch_alter_table("mapping_evidence", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum("accepted", "waiting", "refused", name="status", native_enum=False,
                        create_constraint=True, length=8),
                server_default="accepted",
                nullable=False,
            )
        )  # fmt: skip
        batch_op.add_column(sa.Column("refusal_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("decided_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_mapping_evidence_decided_by_id_users"), "users", ["decided_by_id"], ["id"]
        )


def downgrade():
    # The older schema knows no waiting or refused evidence: what the coach never accepted goes
    # (its files stay on disk until the next clean-up of uploads without a row).
    op.execute("DELETE FROM mapping_evidence WHERE status <> 'accepted'")
    with op.batch_alter_table("mapping_evidence", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_mapping_evidence_decided_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("ck_mapping_evidence_status"), type_="check")
        batch_op.drop_column("decided_at")
        batch_op.drop_column("decided_by_id")
        batch_op.drop_column("refusal_reason")
        batch_op.drop_column("status")
    with op.batch_alter_table("self_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_assessments_outcome_id"))
        batch_op.drop_index(batch_op.f("ix_self_assessments_mapping_id"))
    op.drop_table("self_assessments")
    for table in NOTIFIED:
        op.execute(f"DELETE FROM {table} WHERE kind = '{NEW_KIND}'")
    _set_kinds(KINDS)
