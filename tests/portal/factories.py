"""A participant with their own account, a case with a plan, and notes for the portal's tests."""

from __future__ import annotations

from datetime import timedelta

from app.cases.models import FollowUp, JournalEntry, PlanActivity, PlanGoal
from app.cases.vocab import ActivityKind, JournalKind
from app.db import today
from app.extensions import db
from app.portal.services import give_access
from tests.cases.factories import make_case, make_participant, personal_number


def participant_with_case(coach, municipality=None, *, born=None, stage=None, **fields):
    """A participant of the coach's municipality with a case, a plan and two journal entries
    (one shared with them); answers (participant, case, account)."""
    from app.cases.workflow import Stage

    number = personal_number(born) if born else personal_number()
    person = make_participant(municipality or coach.municipality, personal_number=number, **fields)
    case = make_case(coach, person, stage=stage or Stage.MAPPING)
    case.background = "Socialtjänstens bakgrund: hemlig uppgift"
    db.session.add_all(
        [
            PlanGoal(case=case, description=f"Mål för {person.first_name}"),
            PlanActivity(
                case=case, kind=ActivityKind.SFI, description=f"Aktivitet för {person.first_name}"
            ),
            FollowUp(case=case, due_on=today() + timedelta(days=7), purpose="Avstämning"),
            JournalEntry(
                case=case, kind=JournalKind.MEETING, occurred_on=today(), author=coach,
                text=f"Delad anteckning till {person.first_name}", is_shared=True,
            ),
            JournalEntry(
                case=case, kind=JournalKind.NOTE, occurred_on=today(), author=coach,
                text=f"Intern anteckning om {person.first_name}",
            ),
        ]
    )  # fmt: skip
    db.session.flush()
    account = give_access(person, coach)
    return person, case, account
