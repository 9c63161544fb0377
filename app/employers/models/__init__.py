"""Models of the employers area; users refer to `employers.id`."""

from app.employers.models.candidates import CandidateProfile
from app.employers.models.contacts import EmployerContact
from app.employers.models.introductions import (
    Introduction,
    Placement,
    PlacementFollowUp,
)
from app.employers.models.needs import CompetenceNeed, NeedUnit
from app.employers.models.summaries import OpenNeedUnit, ParticipantUnit

__all__ = [
    "CandidateProfile",
    "CompetenceNeed",
    "EmployerContact",
    "Introduction",
    "NeedUnit",
    "OpenNeedUnit",
    "ParticipantUnit",
    "Placement",
    "PlacementFollowUp",
]
