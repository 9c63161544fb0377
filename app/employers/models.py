"""Employer organisations."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.admin.models import Municipality
from app.db import TimestampMixin
from app.extensions import db


class Employer(TimestampMixin, db.Model):
    """An employer organisation (arbetsgivare) with its organisation number."""

    __tablename__ = "employers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    org_number: Mapped[str] = mapped_column(sa.String(10), unique=True)  # ten digits
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True
    )
    is_active: Mapped[bool] = mapped_column(default=True)

    municipality: Mapped[Municipality | None] = relationship()

    def __str__(self) -> str:
        return self.name

    @property
    def org_number_display(self) -> str:
        """The organisation number as written: 556036-0793."""
        return f"{self.org_number[:6]}-{self.org_number[6:]}"
