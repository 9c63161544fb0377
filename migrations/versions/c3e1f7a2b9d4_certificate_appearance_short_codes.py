"""Certificate appearance, short verification codes and RS256 issuer keys

municipalities: display_name (the proper name certificates print, filled as "<name> kommun";
the demo municipalities get their genitive forms), logo and logo_type;
certificates: short_code (12 Crockford base32 characters a person can type, one made for each
certificate already issued); certificate_issuer_keys: algorithm (the keys already made are
Ed25519), one key per municipality and algorithm instead of one per municipality.

Revision ID: c3e1f7a2b9d4
Revises: b9e1d4c7a2f8
Create Date: 2026-12-07 19:20:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e1f7a2b9d4'
down_revision = 'b9e1d4c7a2f8'
branch_labels = None
depends_on = None

SHORT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Names whose proper form is a genitive, not "<name> kommun".
GENITIVES = {"Härnösand": "Härnösands kommun", "Sundsvall": "Sundsvalls kommun"}


def _short_code() -> str:
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(12))


def upgrade():
    # Columns are added NOT NULL with a default and filled in place: on SQLite, recreating
    # municipalities or certificates (which other tables reference) fails once rows exist.
    bind = op.get_bind()
    sqlite = bind.dialect.name == 'sqlite'
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('display_name', sa.String(length=160), nullable=False, server_default='')
        )
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_type', sa.String(length=20), nullable=True))
    municipalities = sa.table(
        'municipalities', sa.column('id', sa.Integer), sa.column('name', sa.String),
        sa.column('display_name', sa.String),
    )
    for row in bind.execute(sa.select(municipalities.c.id, municipalities.c.name)).all():
        shown = GENITIVES.get(row.name, f"{row.name} kommun")
        bind.execute(
            municipalities.update().where(municipalities.c.id == row.id).values(display_name=shown)
        )

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('short_code', sa.String(length=12), nullable=False, server_default='')
        )
    certificates = sa.table('certificates', sa.column('id', sa.Integer), sa.column('short_code', sa.String))
    used = set()
    for (certificate_id,) in bind.execute(sa.select(certificates.c.id)).all():
        code = _short_code()
        while code in used:
            code = _short_code()
        used.add(code)
        bind.execute(
            certificates.update().where(certificates.c.id == certificate_id).values(short_code=code)
        )
    op.create_index(op.f('ix_certificates_short_code'), 'certificates', ['short_code'], unique=True)
    if not sqlite:  # SQLite keeps the column's default: changing it would recreate the table
        op.alter_column('municipalities', 'display_name', server_default=None)
        op.alter_column('certificates', 'short_code', server_default=None)

    with op.batch_alter_table('certificate_issuer_keys', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('algorithm', sa.String(length=10), nullable=False, server_default='Ed25519')
        )
    with op.batch_alter_table('certificate_issuer_keys', schema=None) as batch_op:
        batch_op.alter_column('algorithm', existing_type=sa.String(length=10), server_default=None)
        batch_op.drop_constraint('uq_certificate_issuer_keys_municipality_id', type_='unique')
        batch_op.create_unique_constraint(
            'uq_certificate_issuer_keys_municipality_algorithm', ['municipality_id', 'algorithm']
        )


def downgrade():
    # Dropping a column on SQLite 3.35+ needs no recreated table.
    bind = op.get_bind()
    keys = sa.table('certificate_issuer_keys', sa.column('algorithm', sa.String))
    bind.execute(keys.delete().where(keys.c.algorithm != 'Ed25519'))
    with op.batch_alter_table('certificate_issuer_keys', schema=None) as batch_op:
        batch_op.drop_constraint('uq_certificate_issuer_keys_municipality_algorithm', type_='unique')
        batch_op.create_unique_constraint(
            'uq_certificate_issuer_keys_municipality_id', ['municipality_id']
        )
        batch_op.drop_column('algorithm')
    op.drop_index(op.f('ix_certificates_short_code'), table_name='certificates')
    op.drop_column('certificates', 'short_code')
    op.drop_column('municipalities', 'logo_type')
    op.drop_column('municipalities', 'logo')
    op.drop_column('municipalities', 'display_name')
