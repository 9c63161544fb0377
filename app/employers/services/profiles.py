"""The candidate profile a coach keeps for a participant."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import record
from app.employers.models import CandidateProfile
from app.extensions import db

PROFILE_FIELDS = (
    "available_from",
    "working_time",
    "desired_occupations",
    "shows_adaptations",
    "protected_identity_consent",
)


def profile_of(participant_id: int) -> CandidateProfile | None:
    """The participant's candidate profile, if the coach has written one."""
    return db.session.scalar(
        sa.select(CandidateProfile).where(CandidateProfile.participant_id == participant_id)
    )


def save_profile(participant, data: dict, actor) -> CandidateProfile:
    """Create or update the participant's candidate profile."""
    profile = profile_of(participant.id) or CandidateProfile(participant_id=participant.id)
    for name in PROFILE_FIELDS:
        setattr(profile, name, data[name])
    profile.updated_by_id = actor.id
    db.session.add(profile)
    db.session.flush()
    record("employers.profile_saved", profile, participant_id=participant.id, user=actor)
    return profile
