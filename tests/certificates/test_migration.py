"""The migration that adds short codes and display names fills them for what exists."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from app.certificates import numbering
from app.config import TestConfig
from app.extensions import db
from tests.test_migrations import empty_database, vars_of  # noqa: F401 - the fixture

BEFORE = "b9e1d4c7a2f8"  # job shadowing, the revision before the appearance
NOW = "2026-11-24 09:00:00+00:00"


def test_existing_certificates_get_a_short_code_and_towns_a_proper_name(empty_database):  # noqa: F811
    migrated = create_app({**vars_of(TestConfig), "SQLALCHEMY_DATABASE_URI": empty_database})
    with migrated.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            for id_, name, code in [(1, "Härnösand", "2280"), (2, "Timrå", "2262")]:
                connection.execute(
                    sa.text(
                        "INSERT INTO municipalities (id, name, code, reserve_numbers_issued,"
                        " created_at, updated_at) VALUES (:id, :name, :code, 0, :now, :now)"
                    ),
                    {"id": id_, "name": name, "code": code, "now": NOW},
                )
            for n in (1, 2, 3):
                connection.execute(
                    sa.text(
                        "INSERT INTO certificates (id, number, verification_code,"
                        " municipality_id, issued_at, holder_name, issuer_name, framework_code,"
                        " framework_name, framework_version) VALUES (:id, :number, :code, 1,"
                        " :now, 'Åsa Öberg', 'Härnösand', 'F', 'Lokalvård', 1)"
                    ),
                    {"id": n, "number": f"VAL-2026-00000{n}", "code": f"{n}" * 32, "now": NOW},
                )
            connection.execute(
                sa.text(
                    "INSERT INTO certificate_issuer_keys (municipality_id, kid, public_jwk,"
                    " sealed_private_key, created_at) VALUES (1, 'old', '{}', :key, :now)"
                ),
                {"key": b"sealed", "now": NOW},
            )
        upgrade()
        with db.engine.connect() as connection:
            algorithms = connection.execute(
                sa.text("SELECT algorithm FROM certificate_issuer_keys")
            )
            assert list(algorithms.scalars()) == ["Ed25519"]  # the key made before RS256
            codes = connection.execute(sa.text("SELECT short_code FROM certificates")).scalars()
            codes = list(codes)
            names = dict(
                connection.execute(sa.text("SELECT name, display_name FROM municipalities")).all()
            )
        assert len(set(codes)) == 3
        assert all(numbering.normalise_short_code(code) == code for code in codes)
        assert names == {"Härnösand": "Härnösands kommun", "Timrå": "Timrå kommun"}
        downgrade(revision=BEFORE)
        db.engine.dispose()
