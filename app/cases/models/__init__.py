"""Models of the cases area; other areas refer to `cases.id` and `participants.id`."""

from app.cases.models.cases import Assignment, Case, Referral, Transfer, Transition
from app.cases.models.duplicates import ProbableDuplicate
from app.cases.models.participants import ConsentEvent, Participant
from app.cases.models.summonses import Summons
from app.cases.models.work import Adaptation, FollowUp, JournalEntry, PlanActivity, PlanGoal

__all__ = [
    "Adaptation",
    "Assignment",
    "Case",
    "ConsentEvent",
    "FollowUp",
    "JournalEntry",
    "Participant",
    "PlanActivity",
    "PlanGoal",
    "ProbableDuplicate",
    "Referral",
    "Summons",
    "Transfer",
    "Transition",
]
