"""Participants (deltagare) and their consents."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.cases import personal_numbers
from app.cases.vocab import Answer, ConsentKind, Education, Gender, LabourMarketStatus
from app.db import TimestampMixin, enum_column, utcnow
from app.extensions import db
from app.organisations.models import Municipality

if TYPE_CHECKING:
    from app.cases.models.cases import Case


class Participant(TimestampMixin, db.Model):
    """A person following a validation in a municipality: one row per municipality and
    personal identity number.

    A person known in two municipalities has a row in each, and neither municipality's pages
    depend on the other's row (secrecy between municipalities, OSL); a consented transfer is
    what links them (`app.cases.services.transfers.accept_transfer`).

    Anonymisation (gallring, see `app.privacy`) empties the number, the name and the contact
    details and sets `anonymised_at`; the fields statistics need stay.
    """

    __tablename__ = "participants"
    __table_args__ = (
        sa.CheckConstraint("length(personal_number) = 12", name="personal_number_12_digits"),
        sa.UniqueConstraint(
            "municipality_id", "personal_number", name="uq_participants_municipality_number"
        ),
        # Probable duplicates are looked for by date of birth within the municipality.
        sa.Index("ix_participants_municipality_birth", "municipality_id", "date_of_birth"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    # None once the participant is anonymised. Twelve digits, or a reserve number
    # (`R2280-000001`, see `personal_numbers.reserve_number`) for a person without a Swedish
    # personal or coordination number.
    personal_number: Mapped[str | None] = mapped_column(sa.String(12))
    is_coordination_number: Mapped[bool] = mapped_column(default=False)
    is_reserve_number: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # From the personal number, or as typed for a reserve identity; None once anonymised.
    date_of_birth: Mapped[date | None]
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    address: Mapped[str | None] = mapped_column(sa.String(200))
    postal_code: Mapped[str | None] = mapped_column(sa.String(10))
    city: Mapped[str | None] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    preferred_language: Mapped[str | None] = mapped_column(sa.String(60))
    needs_interpreter: Mapped[bool] = mapped_column(default=False)
    languages: Mapped[str | None] = mapped_column(sa.String(300))
    gender: Mapped[Gender] = mapped_column(enum_column(Gender, "gender"), default=Gender.NOT_STATED)
    education: Mapped[Education | None] = mapped_column(enum_column(Education, "education"))
    status_at_entry: Mapped[LabourMarketStatus | None] = mapped_column(
        enum_column(LabourMarketStatus, "status_at_entry")
    )
    foreign_background: Mapped[Answer] = mapped_column(
        enum_column(Answer, "foreign_background"), default=Answer.NOT_STATED
    )
    third_country_national: Mapped[Answer] = mapped_column(
        enum_column(Answer, "third_country_national"), default=Answer.NOT_STATED
    )
    has_disability: Mapped[Answer] = mapped_column(
        enum_column(Answer, "has_disability"), default=Answer.NOT_STATED
    )
    has_driving_licence: Mapped[bool] = mapped_column(default=False)
    is_protected: Mapped[bool] = mapped_column(default=False)  # skyddad identitet
    # Kept apart from the personal number so that statistics (age groups) survive anonymisation;
    # set whenever the number is.
    birth_year: Mapped[int | None] = mapped_column(sa.SmallInteger)
    anonymised_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    municipality: Mapped[Municipality] = relationship()
    consents: Mapped[list[ConsentEvent]] = relationship(
        back_populates="participant", order_by="ConsentEvent.id", cascade="all, delete-orphan"
    )
    cases: Mapped[list[Case]] = relationship(back_populates="participant", order_by="Case.id")

    __mapper_args__ = {"version_id_col": version}

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @validates("personal_number")
    def _keep_birth_year(self, _key: str, number: str | None) -> str | None:
        if number and not personal_numbers.is_reserve(number):
            self.date_of_birth = personal_numbers.birth_date(number)
        return number

    @validates("date_of_birth")
    def _keep_year(self, _key: str, born: date | None) -> date | None:
        if born is not None:
            self.birth_year = born.year
        return born

    @property
    def full_name(self) -> str:
        """First and last name, or what stands for it once anonymised; callers decide whether
        the viewer may see it."""
        if self.is_anonymised:
            return _("Anonymised participant")
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_number(self) -> str:
        """`19850412-****`, a reserve number as it is; a dash once anonymised."""
        if not self.personal_number:
            return "–"
        if self.is_reserve_number:
            return self.personal_number
        return personal_numbers.mask(self.personal_number)

    @property
    def birth_date(self) -> date | None:
        """The date of birth (from the number, or as typed for a reserve identity); None once
        anonymised."""
        if self.is_anonymised:
            return None
        if self.date_of_birth is None and self.personal_number and not self.is_reserve_number:
            return personal_numbers.birth_date(self.personal_number)
        return self.date_of_birth

    @property
    def formatted_number(self) -> str:
        """`19850412-1234`, a reserve number as it is; a dash once anonymised."""
        if not self.personal_number:
            return "–"
        if self.is_reserve_number:
            return self.personal_number
        return personal_numbers.formatted(self.personal_number)

    def consent(self, kind: ConsentKind) -> ConsentEvent | None:
        """The latest recorded event of this kind, if any."""
        events = [event for event in self.consents if event.kind is kind]
        return events[-1] if events else None

    def has_consent(self, kind: ConsentKind) -> bool:
        """True while the latest event of this kind gives consent."""
        event = self.consent(kind)
        return event is not None and event.is_given


class ConsentEvent(db.Model):
    """A consent given or withdrawn, with when it took effect and who recorded it."""

    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ConsentKind] = mapped_column(enum_column(ConsentKind, "consent_kind"))
    is_given: Mapped[bool]
    effective_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="consents")
    recorded_by = relationship("User")
