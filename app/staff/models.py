"""Who follows whom: a manager's referral of one of their own staff."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cases.models import ConsentEvent, Referral
from app.db import utcnow
from app.extensions import db


class StaffReferral(db.Model):
    """A referral of the municipality's own employee (egen personal) by their manager (chef),
    who may follow the case it opens while the employee's consent stands."""

    __tablename__ = "staff_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), unique=True
    )
    manager_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # The employee's consent recorded with the referral: a withdrawal after it ends the
    # following for good (a new referral, with consent given anew, starts another).
    consent_id: Mapped[int] = mapped_column(sa.ForeignKey("consent_events.id", ondelete="CASCADE"))
    # The name as the manager typed it: what the manager's pages show, never the registered one.
    employee_name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    referral: Mapped[Referral] = relationship()
    consent: Mapped[ConsentEvent] = relationship()
    manager = relationship("User")
