"""The people and objects of the demo data that the gates act as and on.

Every gate works on the demo data (`app.demo.load_demo_data`), so that the access matrix, the
accessibility checks and the journey see the same world a new installation shows. "own" is
Härnösand and its employer, where the staff accounts work; "other" is Timrå and its employer.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db

PASSWORD = "validera-demo"  # noqa: S105 - the documented demo password

ANON = "anonymous"
# The account that plays each role; staff and the employer belong to the "own" scope.
ROLE_ACCOUNTS = {
    "admin": "admin@example.org",
    "coach": "coach@example.org",
    "assessor": "assessor@example.org",
    "internal_verifier": "verifier@example.org",
    "employer": "employer@example.org",
    "regional": "regional@example.org",
    "external_verifier": "ek@example.org",
}
ROLES = (ANON, *ROLE_ACCOUNTS)
SCOPES = ("own", "other")

# The same person or organisation in the user's own scope and in another one.
_USERS = {
    "coach": {"own": "coach2@example.org", "other": "coach@other.example.org"},
    "employer": {"own": "employer@example.org", "other": "employer@other.example.org"},
}
_MUNICIPALITY_CODES = {"own": "2280", "other": "2262"}  # Härnösand, Timrå
_EMPLOYER_NUMBERS = {"own": "5560360793", "other": "5565948857"}


class Demo:
    """Looks up demo objects by their natural keys, in whichever database is bound."""

    def first(self, model: type, *where: Any, order_by: Any = None) -> Any:
        """The first `model` row matching `where`, or an error naming what is missing."""
        query = sa.select(model).where(*where).order_by(order_by or model.id).limit(1)
        found = db.session.scalar(query)
        if found is None:
            raise LookupError(
                f"the demo data has no {model.__name__} matching {[str(w) for w in where]}; "
                "add one to the area's demo loader (app/demo/) or build it in the URL builder"
            )
        return found

    def user(self, kind: str, scope: str):
        from app.auth.models import User

        return self.first(User, User.email == _USERS[kind][scope])

    def account(self, role: str):
        from app.auth.models import User

        return self.first(User, User.email == ROLE_ACCOUNTS[role])

    def municipality(self, scope: str):
        from app.admin.models import Municipality

        return self.first(Municipality, Municipality.code == _MUNICIPALITY_CODES[scope])

    def employer(self, scope: str):
        from app.employers.models import Employer

        return self.first(Employer, Employer.org_number == _EMPLOYER_NUMBERS[scope])

    def framework(self, scope: str):
        """Frameworks belong to no municipality: "own" is a published one, "other" a draft."""
        from app.frameworks.models import Framework
        from app.frameworks.services import new_version

        published = self.first(Framework, Framework.status == "published")
        if scope == "own":
            return published
        draft = db.session.scalar(sa.select(Framework).where(Framework.status == "draft"))
        if draft is None:  # the demo publishes every framework; a new version is a draft
            draft = new_version(published)
            db.session.flush()
        return draft

    def unit(self, scope: str):
        return self.framework(scope).units[0]

    def outcome(self, scope: str):
        return self.unit(scope).outcomes[0]

    def criterion(self, scope: str):
        return self.outcome(scope).criteria[0]
