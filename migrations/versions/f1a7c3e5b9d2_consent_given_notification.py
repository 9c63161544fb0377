"""The coach is told when a participant gives a consent on My pages

The notification kind `consent_given`, beside `consent_withdrawn`.

Revision ID: f1a7c3e5b9d2
Revises: e5b2c8f1a7d4
Create Date: 2026-12-08 04:00:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "f1a7c3e5b9d2"
down_revision = "e5b2c8f1a7d4"
branch_labels = None
depends_on = None

KINDS = (
    "referral_received", "transfer_requested", "case_assigned", "assessment_scheduled",
    "assessment_tomorrow", "results_await_decision", "decision_returned", "verification_waiting",
    "verification_overdue", "introduction_requested", "introduction_answered", "follow_up_due",
    "placement_follow_up_due", "case_idle", "consent_withdrawn", "export_ready",
    "retention_upcoming", "staff_certified", "evidence_submitted",
)  # fmt: skip
NEW_KIND = "consent_given"
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


def downgrade():
    for table in NOTIFIED:
        op.execute(f"DELETE FROM {table} WHERE kind = '{NEW_KIND}'")
    _set_kinds(KINDS)
