"""A candidate as an employer sees them: a pseudonym and validated skills, nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app

from app.employers import pseudonyms
from app.employers.matching import Evidence
from app.employers.models import ParticipantUnit
from app.employers.services.profiles import profile_of
from app.employers.vocab import WorkingTime
from app.extensions import db
from app.frameworks.models import Framework, Unit


def pseudonym_of(employer_id: int, participant_id: int) -> str:
    """The pseudonym under which this employer knows the candidate."""
    return pseudonyms.pseudonym(current_app.config["SECRET_KEY"], employer_id, participant_id)


def token_of(employer_id: int, participant_id: int) -> str:
    """What names the candidate in this employer's URLs, in place of the id."""
    return pseudonyms.candidate_token(current_app.config["SECRET_KEY"], employer_id, participant_id)


def participant_id_of(employer_id: int | None, token: str) -> int | None:
    """The participant a token of this employer names; None for another employer's or none."""
    if employer_id is None:
        return None
    return pseudonyms.participant_of(current_app.config["SECRET_KEY"], employer_id, token)


@dataclass(frozen=True)
class UnitShown:
    """A unit on a candidate's card."""

    framework: str
    code: str
    title: str
    level: str
    credits: int
    evidence: Evidence


@dataclass(frozen=True)
class CertificateShown:
    """A certificate's date and whether it is still valid; never its number or holder."""

    framework: str
    issued_at: datetime
    is_revoked: bool


@dataclass
class CandidateCard:
    """Everything an employer may know about a candidate before an accepted introduction."""

    pseudonym: str
    municipality: str
    languages: str | None
    has_driving_licence: bool
    available_from: date | None = None
    working_time: WorkingTime = WorkingTime.EITHER
    desired_occupations: str | None = None
    units: list[UnitShown] = field(default_factory=list)
    certificates: list[CertificateShown] = field(default_factory=list)
    adaptations: list[str] = field(default_factory=list)

    @property
    def achieved(self) -> list[UnitShown]:
        return [u for u in self.units if u.evidence >= Evidence.VERIFIED]

    @property
    def ready(self) -> list[UnitShown]:
        return [u for u in self.units if u.evidence is Evidence.READY]

    @property
    def total_credits(self) -> int:
        return sum(u.credits for u in self.achieved)


def _units(participant_id: int) -> list[UnitShown]:
    pu = ParticipantUnit  # the strongest evidence per unit, as `best_evidence` has it
    rows = db.session.execute(
        sa.select(Framework.name, Unit.code, Unit.title, Unit.level, Unit.credits, pu.strength)
        .join(Unit, Unit.id == pu.unit_id)
        .join(Framework, Framework.id == Unit.framework_id)
        .where(pu.participant_id == participant_id)
        .order_by(pu.strength.desc(), Framework.name, Unit.position)
    )
    return [
        UnitShown(name, code, title, level, credits, Evidence(strength))
        for name, code, title, level, credits, strength in rows
    ]


def _certificates(participant_id: int) -> list[CertificateShown]:
    from app.certificates.models import Certificate

    rows = db.session.execute(
        sa.select(Certificate.framework_name, Certificate.issued_at, Certificate.revoked_at)
        .where(Certificate.participant_id == participant_id)
        .order_by(Certificate.issued_at)
    )
    return [CertificateShown(name, issued, revoked is not None) for name, issued, revoked in rows]


def _adaptations(participant_id: int) -> list[str]:
    """Agreed workplace adaptations the coach marked for employers."""
    from app.cases.models import Adaptation, Case

    rows = db.session.scalars(
        sa.select(Adaptation.agreed)
        .join(Case, Case.id == Adaptation.case_id)
        .where(
            Case.participant_id == participant_id,
            Adaptation.employers_may_see.is_(True),
            Adaptation.agreed.is_not(None),
        )
        .order_by(Adaptation.id)
    )
    return list(rows)


def candidate_card(participant, employer_id: int) -> CandidateCard:
    """The card of a participant who is a candidate (the caller checked that), for an employer."""
    profile = profile_of(participant.id)
    card = CandidateCard(
        pseudonym=pseudonym_of(employer_id, participant.id),
        municipality=participant.municipality.name,
        languages=participant.languages,
        has_driving_licence=participant.has_driving_licence,
        units=_units(participant.id),
        certificates=_certificates(participant.id),
    )
    if profile is not None:
        card.available_from = profile.available_from
        card.working_time = profile.working_time
        card.desired_occupations = profile.desired_occupations
        if profile.shows_adaptations:
            card.adaptations = _adaptations(participant.id)
    return card
