"""The people and objects of the demo data that the gates act as and on.

Every gate works on the demo data (`app.demo.load_demo_data`), so that the access matrix, the
accessibility checks and the journey see the same world a new installation shows. "own" is
Härnösand and its employer, where the staff accounts work; "other" is Timrå and its employer.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db

PASSWORD = "validera-demo"

ANON = "anonymous"
# The account that plays each role; staff and the employer belong to the "own" scope.
ROLE_ACCOUNTS = {
    "admin": "admin@example.org",
    "system_admin": "system@example.org",
    "coach": "coach@example.org",
    "assessor": "assessor@example.org",
    "internal_verifier": "verifier@example.org",
    "employer": "employer@example.org",
    "regional": "regional@example.org",
    "external_verifier": "ek@example.org",
    "manager": "manager@example.org",
    # The demo participant (Mikael Öberg, Härnösand) on their own pages: the only participant
    # who signs in with a password.
    "participant": "deltagare@example.org",
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
        from app.organisations.models import Municipality

        return self.first(Municipality, Municipality.code == _MUNICIPALITY_CODES[scope])

    def employer(self, scope: str):
        from app.organisations.models import Employer

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

    # Objects of a case: "own" is in Härnösand, on a case of the demo coach whom the matrix
    # acts as when there is one; "other" is in Timrå.
    def _case_id_of(self, row: Any) -> int | None:
        for path in ("case_id", "mapping.case_id", "assessment.case_id", "placement.case_id"):
            value = row
            for attr in path.split("."):
                value = getattr(value, attr, None)
            if value is not None:
                return value
        return None

    def of_case(self, model: type, scope: str, where: Any = None) -> Any:
        """The first `model` row on a case of the scope's municipality, the coach's first."""
        from app.cases.models import Case

        municipality = self.municipality(scope)
        coach = self.account("coach")
        query = sa.select(model).order_by(model.id)
        rows = db.session.scalars(query if where is None else query.where(where)).all()
        found = []
        for row in rows:
            case_id = row.id if model is Case else self._case_id_of(row)
            case = db.session.get(Case, case_id) if case_id is not None else None
            if case is not None and case.municipality_id == municipality.id:
                found.append((case.coach_id != coach.id, row.id, row))
        if not found:
            raise LookupError(
                f"the demo data has no {model.__name__} on a case in {municipality.name}; "
                "add one to the area's demo loader (app/demo/)"
            )
        return min(found, key=lambda item: item[:2])[2]

    def _all_of_case(self, model: type, scope: str) -> list:
        """Every `model` row on a case of the scope's municipality, in id order."""
        from app.cases.models import Case

        municipality = self.municipality(scope)
        rows = db.session.scalars(sa.select(model).order_by(model.id)).all()
        return [
            row
            for row in rows
            if (case := db.session.get(Case, self._case_id_of(row))) is not None
            and case.municipality_id == municipality.id
        ]

    def portal_case(self, scope: str):
        """ "own" is the demo participant's case; "other" the case (with a journal) of another
        participant of the same municipality, which the participant may not learn exists."""
        from app.cases.models import Case, JournalEntry

        account = self.account("participant")
        if scope == "own":
            return self.first(Case, Case.participant_id == account.participant_id)
        town = self.municipality("own")
        has_journal = sa.select(JournalEntry.id).where(JournalEntry.case_id == Case.id).exists()
        return self.first(
            Case,
            Case.municipality_id == town.id,
            Case.participant_id != account.participant_id,
            has_journal,
        )

    def case(self, scope: str, where: Any = None):
        from app.cases.models import Case

        return self.of_case(Case, scope, where)

    def of_municipality(self, model: type, scope: str, where: Any = None) -> Any:
        """The first `model` row of the scope's municipality."""
        conditions = [model.municipality_id == self.municipality(scope).id]
        return self.first(model, *conditions, *([] if where is None else [where]))

    # Employers' objects; when the demo data has none, one is made as the employer would.
    def need(self, scope: str):
        from app.employers.models import CompetenceNeed
        from tests.employers.factories import make_need

        employer = self.employer(scope)
        found = db.session.scalar(
            sa.select(CompetenceNeed).where(CompetenceNeed.employer_id == employer.id).limit(1)
        )
        return found or make_need(employer)

    def introduction(self, scope: str):
        from app.employers.models import Introduction

        employer = self.employer(scope)
        found = db.session.scalar(
            sa.select(Introduction).where(Introduction.employer_id == employer.id).limit(1)
        )
        if found is None:
            found = Introduction(
                need=self.need(scope),
                employer=employer,
                participant_id=self.case(scope).participant_id,
            )
            db.session.add(found)
            db.session.flush()
        return found

    def placement(self, scope: str):
        from datetime import timedelta

        from app.db import today
        from app.employers.models import Placement, PlacementFollowUp
        from app.employers.vocab import FollowUpPoint, PlacementForm

        try:
            return self.of_case(Placement, scope)
        except LookupError:
            case = self.case(scope)
        placement = Placement(
            participant_id=case.participant_id,
            case_id=case.id,
            employer_id=self.employer(scope).id,
            form=PlacementForm.EMPLOYMENT,
            starts_on=today(),
            hours_per_week=40,
            supervisor_name="Handledare",
        )
        placement.follow_ups.append(
            PlacementFollowUp(point=FollowUpPoint.WEEKS_4, due_on=today() + timedelta(days=28))
        )
        db.session.add(placement)
        db.session.flush()
        return placement

    def attachment(self, scope: str):
        """An assessment's attached file; for a scope without one, the assessor attaches a
        small PDF to the scope's first assessment that is still open."""
        import io

        from werkzeug.datastructures import FileStorage

        from app import uploads
        from app.assessments.models import Assessment, AssessmentAttachment
        from app.assessments.services.attachments import add_attachment
        from app.assessments.services.recording import is_locked

        try:
            return self.of_case(AssessmentAttachment, scope)
        except LookupError:
            open_ = [a for a in self._all_of_case(Assessment, scope) if not is_locked(a)]
        if not open_:
            raise LookupError(f"the demo data has no open assessment in the {scope} scope")
        assessment = open_[0]
        data = (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
        )
        stored = uploads.store(FileStorage(io.BytesIO(data), filename="foto.pdf"))
        return add_attachment(assessment, "Foto av arbetet", stored, assessment.assessor)
