"""Models of the employers area; users refer to `employers.id`."""

from app.employers.models.candidates import CandidateProfile
from app.employers.models.introductions import (
    Introduction,
    Placement,
    PlacementFollowUp,
)
from app.employers.models.needs import CompetenceNeed, NeedUnit
from app.employers.models.organisations import Employer, EmployerContact

__all__ = [
    "CandidateProfile",
    "CompetenceNeed",
    "Employer",
    "EmployerContact",
    "Introduction",
    "NeedUnit",
    "Placement",
    "PlacementFollowUp",
]
