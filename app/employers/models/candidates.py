"""What a coach adds to a participant's profile before employers see it."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import enum_column, utcnow
from app.employers.vocab import WorkingTime
from app.extensions import db


class CandidateProfile(db.Model):
    """Availability and wishes of a candidate, and what the participant agreed to show.

    Kept here, keyed by participant, because the cases area does not hold these details.
    Nothing in it identifies the person.
    """

    __tablename__ = "candidate_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    available_from: Mapped[date | None]  # None: available now
    working_time: Mapped[WorkingTime] = mapped_column(
        enum_column(WorkingTime, "working_time"), default=WorkingTime.EITHER
    )
    desired_occupations: Mapped[str | None] = mapped_column(sa.String(500))
    # The participant agreed that employers see the adaptations marked for them.
    shows_adaptations: Mapped[bool] = mapped_column(default=False)
    # A participant with protected identity explicitly agreed to be shown (pseudonymised).
    protected_identity_consent: Mapped[bool] = mapped_column(default=False)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    participant = relationship("Participant")
    updated_by = relationship("User")
