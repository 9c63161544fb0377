"""Probable duplicates: two participants of one municipality with the same name and date of
birth, flagged for a coach to merge or dismiss."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cases.models.cases import Referral
from app.cases.models.participants import Participant
from app.cases.vocab import DuplicateStatus
from app.db import enum_column, utcnow
from app.extensions import db
from app.organisations.models import Municipality


class ProbableDuplicate(db.Model):
    """A newly registered participant (`participant`) whose first name, last name and date of
    birth match an earlier participant of the same municipality (`candidate`) with another
    number or a reserve identity. Never across municipalities. A dismissed pair is not asked
    about again."""

    __tablename__ = "probable_duplicates"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id"), index=True)
    # The referral whose registration raised the flag, if a referral did.
    referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referrals.id"), index=True)
    status: Mapped[DuplicateStatus] = mapped_column(
        enum_column(DuplicateStatus, "status"), default=DuplicateStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    municipality: Mapped[Municipality] = relationship()
    participant: Mapped[Participant] = relationship(foreign_keys=[participant_id])
    candidate: Mapped[Participant] = relationship(foreign_keys=[candidate_id])
    referral: Mapped[Referral | None] = relationship()
    decided_by = relationship("User")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status is DuplicateStatus.OPEN
