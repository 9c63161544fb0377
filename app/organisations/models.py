"""Who belongs where: regions, their municipalities, and employer organisations."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, utcnow
from app.extensions import db

MAIL_FOOTER_LENGTH = 500  # a few lines: address, phone, opening hours
DISPLAY_NAME_LENGTH = 160


def default_display_name(name: str | None) -> str:
    """`Timrå kommun`: the usual form; a genitive (`Härnösands kommun`) is set by hand."""
    return f"{(name or '').strip()} kommun".strip()


def _display_name_default(context) -> str:
    return default_display_name(context.get_current_parameters().get("name"))


class Region(db.Model):
    """A regional cooperation: its municipalities may send participants to each other."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)

    municipalities: Mapped[list[Municipality]] = relationship(
        back_populates="region", order_by="Municipality.name"
    )


class Municipality(TimestampMixin, db.Model):
    """A municipality (kommun) and its labour-market unit."""

    __tablename__ = "municipalities"
    __table_args__ = (sa.CheckConstraint("length(code) = 4", name="code_four_digits"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    code: Mapped[str] = mapped_column(sa.String(4), unique=True)
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    # How Validera's mail to the municipality's people looks (app/mail/senders.py): the name in
    # From (the address stays MAIL_DEFAULT_SENDER's), where replies go, and the footer's lines.
    mail_sender_name: Mapped[str | None] = mapped_column(sa.String(120))
    mail_reply_to: Mapped[str | None] = mapped_column(sa.String(254))
    mail_footer: Mapped[str | None] = mapped_column(sa.String(MAIL_FOOTER_LENGTH))
    # How many reserve numbers (reservnummer) the municipality has given: the next one is this
    # plus one, never given again even after its participant is anonymised.
    reserve_numbers_issued: Mapped[int] = mapped_column(default=0, server_default="0")
    # The municipality's proper name as certificates print it, e.g. "Härnösands kommun".
    display_name: Mapped[str] = mapped_column(
        sa.String(DISPLAY_NAME_LENGTH), default=_display_name_default
    )
    # The logo printed on certificates (PNG or JPEG, checked by opening it), and its type.
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(sa.String(20))
    # The accessibility statement (lag 2018:1937), kept by the municipality's administrator:
    # how far the service complies (vocab Compliance), the known shortcomings, when it was
    # last assessed, and where feedback goes (else to the municipality's administrators).
    accessibility_compliance: Mapped[str | None] = mapped_column(sa.String(10))
    accessibility_shortcomings: Mapped[str | None] = mapped_column(sa.Text)
    accessibility_assessed_on: Mapped[date | None]
    accessibility_contact: Mapped[str | None] = mapped_column(sa.String(254))

    region: Mapped[Region | None] = relationship(back_populates="municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def cooperates_with(self, other: Municipality) -> bool:
        """True for the same municipality or one in the same region."""
        if other.id == self.id:
            return True
        return self.region_id is not None and self.region_id == other.region_id


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


class AccessibilityFeedback(db.Model):
    """A message about the service's accessibility, sent by anyone from the statement's form to
    a municipality (it is also mailed to the municipality's contact or administrators)."""

    __tablename__ = "accessibility_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    message: Mapped[str] = mapped_column(sa.Text)
    reply_to: Mapped[str | None] = mapped_column(sa.String(254))
    page: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship()
