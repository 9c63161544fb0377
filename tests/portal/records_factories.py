"""Two participants with their own accounts (signing in with the tests' password), each with a
case, consents and a certificate, for the tests of My consents, My certificates and My data."""

from __future__ import annotations

from datetime import date

from app.cases.vocab import ConsentKind
from app.extensions import db
from tests.cases.factories import give_consent
from tests.certificates.factories import issue_for
from tests.frameworks.factories import make_framework
from tests.portal.factories import participant_with_case

ALICE, BOB = date(1985, 4, 12), date(1990, 6, 1)


def two_with_records(world, password_hash):
    """Alice (coach's) and Bertil (coach2's): consents to registration and employers, and a
    certificate each; answers ((person, case, account, certificate), (...))."""
    framework = make_framework(units=2)
    found = []
    for coach, born, name in ((world["coach"], ALICE, "Alice"), (world["coach2"], BOB, "Bertil")):
        person, case, account = participant_with_case(coach, born=born, first_name=name)
        account.password_hash = password_hash
        give_consent(person, ConsentKind.REGISTRATION, coach)
        give_consent(person, ConsentKind.EMPLOYERS, coach)
        certificate = issue_for(case, coach, framework.units[:1], framework=framework)
        found.append((person, case, account, certificate))
    db.session.flush()
    return tuple(found)
