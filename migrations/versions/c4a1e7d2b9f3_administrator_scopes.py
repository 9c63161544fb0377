"""Administrator scopes

The administrator role splits in two: `admin` stays the municipality administrator, and
`system_admin` is the system administrator, who belongs to no organisation. Reviews of the
access log become per municipality: a review made before counts for its reviewer's
municipality (the review page then showed every municipality's lines, but the other
municipalities' administrators have not seen theirs, so their months stay to be reviewed).

Revision ID: c4a1e7d2b9f3
Revises: 8c426052f87d
Create Date: 2026-11-24 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a1e7d2b9f3'
down_revision = '8c426052f87d'
branch_labels = None
depends_on = None

OLD_ROLES = ('admin', 'coach', 'assessor', 'internal_verifier', 'external_verifier', 'employer', 'regional')
NEW_ROLES = (*OLD_ROLES, 'system_admin')


def _roles_check(roles):
    return "role IN (" + ", ".join(f"'{r}'" for r in roles) + ")"


def upgrade():
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_roles_role'), _roles_check(NEW_ROLES))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_one_organisation'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_users_at_most_one_organisation'),
            'municipality_id IS NULL OR employer_id IS NULL',
        )

    with op.batch_alter_table('audit_reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE audit_reviews SET municipality_id = "
        "(SELECT u.municipality_id FROM users u WHERE u.id = audit_reviews.reviewed_by_id)"
    )
    # Only administrators of a municipality could mark a month reviewed, and the reviewer was
    # always recorded: no row is left without one. Should one be, it belongs to no municipality.
    op.execute("DELETE FROM audit_reviews WHERE municipality_id IS NULL")
    with op.batch_alter_table('audit_reviews', schema=None) as batch_op:
        batch_op.alter_column('municipality_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(op.f('uq_audit_reviews_month'), type_='unique')
        batch_op.create_unique_constraint(
            op.f('uq_audit_reviews_municipality_id'), ['municipality_id', 'month']
        )
        batch_op.create_foreign_key(
            op.f('fk_audit_reviews_municipality_id_municipalities'),
            'municipalities', ['municipality_id'], ['id'], ondelete='CASCADE',
        )


def downgrade():
    # One review per month again: the earliest of each month's reviews is kept.
    op.execute(
        "DELETE FROM audit_reviews WHERE id NOT IN "
        "(SELECT MIN(id) FROM audit_reviews GROUP BY month)"
    )
    with op.batch_alter_table('audit_reviews', schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f('fk_audit_reviews_municipality_id_municipalities'), type_='foreignkey'
        )
        batch_op.drop_constraint(op.f('uq_audit_reviews_municipality_id'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_audit_reviews_month'), ['month'])
        batch_op.drop_column('municipality_id')

    # System administrators have no place in the older schema: their accounts lose the role,
    # are deactivated and are put in the first municipality, which gives them nothing.
    op.execute(
        "UPDATE users SET is_active = false, municipality_id = (SELECT MIN(id) FROM municipalities) "
        "WHERE municipality_id IS NULL AND employer_id IS NULL"
    )
    op.execute("DELETE FROM user_roles WHERE role = 'system_admin'")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_at_most_one_organisation'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_users_one_organisation'),
            '(municipality_id IS NULL) <> (employer_id IS NULL)',
        )
    with op.batch_alter_table('user_roles', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_roles_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_user_roles_role'), _roles_check(OLD_ROLES))
