"""Single sign-on: a municipality's identity providers, the identities they vouch for, its rules
for who gets in, and a personal number on an account

Revision ID: f1a3c5e7b9d2
Revises: e7b2d9a4c1f6
Create Date: 2026-12-07 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a3c5e7b9d2'
down_revision = 'e7b2d9a4c1f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('personal_number', sa.String(length=12), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_personal_number'), ['personal_number'])

    op.create_table('identity_providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('oidc', 'saml', name='provider_kind', native_enum=False, create_constraint=True, length=4), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('match_on', sa.Enum('email', 'personal_number', name='match_on', native_enum=False, create_constraint=True, length=15), nullable=False),
    sa.Column('required_loa', sa.String(length=200), nullable=True),
    sa.Column('discovery_url', sa.String(length=500), nullable=True),
    sa.Column('client_id', sa.String(length=200), nullable=True),
    sa.Column('client_secret_ref', sa.String(length=300), nullable=True),
    sa.Column('personal_number_claim', sa.String(length=200), nullable=True),
    sa.Column('idp_metadata', sa.Text(), nullable=True),
    sa.Column('idp_metadata_url', sa.String(length=500), nullable=True),
    sa.Column('idp_entity_id', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_identity_providers_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_providers')),
    sa.UniqueConstraint('municipality_id', 'name', name='uq_identity_providers_name')
    )
    with op.batch_alter_table('identity_providers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_providers_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('external_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['identity_providers.id'], name=op.f('fk_external_identities_provider_id_identity_providers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_external_identities_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_identities')),
    sa.UniqueConstraint('provider_id', 'subject', name='uq_external_identities_subject')
    )
    with op.batch_alter_table('external_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_identities_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_external_identities_user_id'), ['user_id'], unique=False)

    op.create_table('sign_in_settings',
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('unknown_person', sa.Enum('refuse', 'account_without_roles', name='unknown_person', native_enum=False, create_constraint=True, length=21), nullable=False),
    sa.Column('passwords_off', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_sign_in_settings_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('municipality_id', name=op.f('pk_sign_in_settings'))
    )


def downgrade():
    op.drop_table('sign_in_settings')
    with op.batch_alter_table('external_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_identities_user_id'))
        batch_op.drop_index(batch_op.f('ix_external_identities_provider_id'))

    op.drop_table('external_identities')
    with op.batch_alter_table('identity_providers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_providers_municipality_id'))

    op.drop_table('identity_providers')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_personal_number'), type_='unique')
        batch_op.drop_column('personal_number')
